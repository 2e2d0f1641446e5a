"""Rendering: execute the parameterized notebooks with papermill and export them to HTML
without code (nbconvert, inputs hidden, images embedded); write the index page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


DASHBOARDS = [
    Dashboard("data-quality.ipynb", "data-quality.html", "Data quality: every file, what was used and what was not", "Data administrator"),
]


def notebooks_dir() -> Path:
    if not NOTEBOOKS_DIR.is_dir():
        raise UserError(f"notebooks folder not found at {NOTEBOOKS_DIR}; install the package from its source folder (pip install -e .)")
    return NOTEBOOKS_DIR


def render(dashboard: Dashboard, parameters: dict, year_dir: Path) -> Path:
    """Execute one notebook (kept in ``notebooks/`` of the year folder for audit) and export its HTML."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    executed = year_dir / "notebooks" / dashboard.notebook
    executed.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    source = notebooks_dir() / dashboard.notebook
    declared = papermill.inspect_notebook(str(source))
    papermill.execute_notebook(
        str(source),
        str(executed),
        parameters={k: v for k, v in parameters.items() if k in declared},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(notebooks_dir()),
        # the kernel's own start-up notices are not the user's business; cell errors still fail the run
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
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
