"""Rendering: execute the parameterized notebooks with papermill and export them to HTML
without code (nbconvert, inputs hidden, images embedded); write the index page."""

from __future__ import annotations

import logging
import multiprocessing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import jinja2
import pandas as pd

from induction_analysis import quality
from induction_analysis.errors import UserError

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Dashboard:
    notebook: str  # file name in notebooks/
    page: str  # HTML file name, starting with its audience
    title: str
    audience: str
    params: tuple[tuple[str, str], ...] = ()  # parameters of this page beyond the run's (a school, say)


DASHBOARDS = [
    Dashboard("data-quality.ipynb", "data-quality.html", "Data quality: every file, what was used and what was not", "Data administrator"),
    Dashboard("lead-mentors.ipynb", "lead-mentors-district.html", "Lead mentors: standards, time, the 50 hours, sessions (all schools)", "Lead mentors"),
    Dashboard("lead-mentors-themes.ipynb", "lead-mentors-themes.html", "Lead mentors: what mentors and new teachers say (themes)", "Lead mentors"),
    Dashboard("administration.ipynb", "administration-summary.html", "Budget and effectiveness", "Assistant superintendent"),
    Dashboard("dese.ipynb", "dese-annual-report.html", "Annual report to DESE (603 CMR 7.12(3))", "DESE report"),
]


def dashboards(schools: list[str]) -> list[Dashboard]:
    """Every page of a run: the fixed ones, and a lead-mentor page per school."""
    from induction_analysis.present import slug

    per_school = [Dashboard("lead-mentors.ipynb", f"lead-mentors-{slug(s)}.html", f"Lead mentors: {s}", "Lead mentors", (("school", s),))
                  for s in sorted(schools)]
    return DASHBOARDS[:2] + per_school + DASHBOARDS[2:]


def render_all(pages: list[Dashboard], parameters: dict, year_dir: Path, workers: int,
               done: Callable[[int, Dashboard, float], None] | None = None) -> list[Dashboard]:
    """Render the pages in parallel (one process and one kernel per page at a time, ``workers`` at once);
    ``done(n, page, seconds)`` is called as each finishes, in the order they finish."""
    import time
    from concurrent.futures import ProcessPoolExecutor, as_completed

    started = time.perf_counter()
    # spawn, not fork: the parent holds pyarrow's and pandas' threads, which a forked child must not inherit
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(render, page, parameters, year_dir): page for page in pages}
        for n, future in enumerate(as_completed(futures), 1):
            future.result()
            if done:
                done(n, futures[future], time.perf_counter() - started)
    return pages


def notebooks_dir() -> Path:
    if not NOTEBOOKS_DIR.is_dir():
        raise UserError(f"notebooks folder not found at {NOTEBOOKS_DIR}; install the package from its source folder (pip install -e .)")
    return NOTEBOOKS_DIR


def render(dashboard: Dashboard, parameters: dict, year_dir: Path) -> Path:
    """Execute one notebook (kept in ``notebooks/`` of the year folder for audit) and export its HTML."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    executed = year_dir / "notebooks" / (Path(dashboard.page).stem + ".ipynb")
    executed.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    source = notebooks_dir() / dashboard.notebook
    declared = papermill.inspect_notebook(str(source))
    papermill.execute_notebook(
        str(source),
        str(executed),
        parameters={k: v for k, v in {**parameters, **dict(dashboard.params)}.items() if k in declared},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(notebooks_dir()),
        # the kernel's own start-up notices are not the user's business; cell errors still fail the run
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    exporter = HTMLExporter(template_name="page", extra_template_basedirs=[str(Path(__file__).parent / "templates" / "nbconvert")],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4),
                                          resources={"metadata": {"name": dashboard.title}})
    page = year_dir / dashboard.page
    page.write_text(body, encoding="utf-8")
    return page


def write_index(year_dir: Path, school_year: str, district: str, pages: list[Dashboard], dq: pd.DataFrame) -> Path:
    env = jinja2.Environment(loader=jinja2.PackageLoader("induction_analysis", "templates"), autoescape=True)
    sources = quality.by_kind(dq)
    text = env.get_template("index.html").render(
        school_year=school_year,
        district=district,
        run_date=datetime.now().strftime("%Y-%m-%d %H:%M"),
        pages=pages,
        headline=quality.headline(dq),
        sources=sources.to_dict("records"),
        not_used=quality.not_used(dq).to_dict("records"),
    )
    path = year_dir / "index.html"
    path.write_text(text, encoding="utf-8")
    return path
