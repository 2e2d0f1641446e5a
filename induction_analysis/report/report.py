"""Rendering: execute the parameterized notebooks with papermill and export them to HTML
without code (nbconvert, inputs hidden, images embedded); write the index page."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from induction_analysis import audiences
from induction_analysis.errors import UserError
from induction_analysis.report import notebook_engine
from induction_analysis.report.page_names import DISTRICT_LEAD_PAGE, slug

if TYPE_CHECKING:
    import pandas as pd

# LIGHT: this module imports no pandas, papermill or jinja2 at its top. `run` imports it to start the rendering
# processes, and each of those imports it first thing, before it lowers its priority and warms up
# (_start_rendering_process); what pulls those in (ingest.cache, privacy, quality: pandas, 3.3 s; present: 1.7 s more;
# papermill, 2.6 s; jinja2, 0.19 s) is imported in the functions that use it. tests/test_layout.py checks it.

# The notebooks: in an installed package, its notebooks/ folder (a wheel carries them there, see pyproject.toml);
# in a source checkout (an editable install), the top-level notebooks/ folder, the one a Jupyter user opens.
PACKAGED_NOTEBOOKS = "notebooks"
SOURCE_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


# What a page reads, which says when in a run it can render and what its fingerprint covers:
QUALITY = (
    "data quality"  # the data-quality tables ingest writes to tables/ (QUALITY_FILES): rendered during the analyses
)
LEAD_MENTORS = (
    "lead mentors"  # analyses.LEAD_MENTOR_TABLES and canonical tables (present.LeadMentorView): computed first
)
STANDALONE = "standalone tables"  # analyses.STANDALONE_TABLES and canonical tables: rendered once those are written
EVERYTHING = "every table"  # any report table or canonical table: rendered once all are written
# what ingest writes to tables/ and the data-quality page reads (quality.load and quality.suggestions)
QUALITY_FILES = (
    "data_quality.csv",
    "rejected_rows.csv",
    "row_warnings.csv",
    "survey_questions.csv",
    "assumptions.csv",
    "job_titles.csv",
    "config_suggestions.toml",
)


@dataclass(frozen=True)
class Dashboard:
    notebook: str  # file name in notebooks/
    page: str  # HTML file name, starting with its audience
    title: str
    audience: str  # one of audiences.LABELS: given to the notebook as its `audience` parameter, whatever else is given
    params: tuple[tuple[str, str], ...] = ()  # parameters of this page beyond the run's (a school, say)
    reads: str = EVERYTHING  # QUALITY, LEAD_MENTORS, STANDALONE or EVERYTHING

    @property
    def audience_label(self) -> str:
        return audiences.LABELS[self.audience]


DASHBOARDS = [
    Dashboard(
        "data-quality.ipynb",
        "data-quality.html",
        "Data quality: every file, what was used and what was not",
        audiences.DATA_ADMINISTRATOR,
        reads=QUALITY,
    ),
    Dashboard(
        "lead-mentors.ipynb",
        DISTRICT_LEAD_PAGE,
        "Lead mentors: standards, time, the 50 hours, sessions (all schools)",
        audiences.LEAD_MENTORS,
        reads=LEAD_MENTORS,
    ),
    Dashboard(
        "lead-mentors-themes.ipynb",
        "lead-mentors-themes.html",
        "Lead mentors: what mentors and new teachers say (themes)",
        audiences.LEAD_MENTORS,
        reads=STANDALONE,
    ),
    Dashboard(
        "administration.ipynb", "administration-summary.html", "Budget and effectiveness", audiences.ADMINISTRATION
    ),
    Dashboard("dese.ipynb", "dese-annual-report.html", "Annual report to DESE (603 CMR 7.12(3))", audiences.DESE),
]


def dashboards(schools: list[str]) -> list[Dashboard]:
    """Every page of a run: the fixed ones, and a lead-mentor page per school."""
    per_school = [
        Dashboard(
            "lead-mentors.ipynb",
            f"lead-mentors-{slug(s)}.html",
            f"Lead mentors: {s}",
            audiences.LEAD_MENTORS,
            (("school", s),),
            reads=LEAD_MENTORS,
        )
        for s in sorted(schools)
    ]
    return DASHBOARDS[:2] + per_school + DASHBOARDS[2:]


# what every page imports, loaded into the rendering process while the run is still reading files
WARM_UP = (
    "import matplotlib.pyplot\n"
    "from IPython.display import HTML, Markdown, display\n"
    "from induction_analysis.report import charts, present\n"
    "from induction_analysis.ingest import quality"
)


RENDER_NICENESS = 10  # the rendering processes yield to the run's reading and analyses


def _start_rendering_process() -> None:
    """A rendering process (the pool's initializer) lowers its priority, then warms up (:func:`_start_worker`).
    It starts while the run reads the files, and renders while the analyses go on; the pages wait for both,
    so both go first. Other programs are not slowed either."""
    if hasattr(os, "nice"):  # not on Windows, where the reading and the rendering share the processors evenly
        os.nice(RENDER_NICENESS)
    _start_worker()


def _start_worker() -> None:
    """This process's notebook shell and the pages' imports (a rendering process does so as soon as it exists)."""
    logging.getLogger("papermill").setLevel(logging.WARNING)
    notebook_engine.prepare_process(WARM_UP)


def _ready() -> bool:
    return True


class Renderer:
    """Rendering processes, each with its notebook shell and the pages' imports, started early:
    ``with Renderer(workers) as r: ... r.batch(...)``. Spawned, not forked: the parent holds pyarrow's and
    pandas' threads, which a forked child must not inherit."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_rendering_process,
        )
        # one task per process launches them all now (a pool spawns a process only when none is idle), and
        # they import what the pages need in the background, not when the first pages are waiting
        for _ in range(self.workers):
            self.pool.submit(_ready)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            # every page is written and every task done: the rendering processes are stopped rather than left to
            # unwind their modules (pandas, matplotlib, IPython: 0.6 s at the end of every run)
            notebook_engine.stop_processes(self.pool)
        self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fn: Callable, *args):
        """``fn(*args)`` in a rendering process (work of the run that can go on beside it): its future."""
        return self.pool.submit(fn, *args)

    def batch(
        self,
        parameters: dict,
        year_dir: Path,
        done: Callable[[int, int, Dashboard, float, bool], None] | None = None,
        say: Callable[[str], None] | None = None,
    ) -> Batch:
        """The pages of one year folder, each given as soon as its tables are written (see :class:`Batch`)."""
        return Batch(self.pool, parameters, year_dir, done, say)


class Batch:
    """Pages rendered while the run goes on: ``with renderer.batch(...) as batch: batch.render(pages)``, then
    more pages once their tables exist; leaving the block waits for all of them. A page whose inputs are as
    when it was last rendered (:func:`fingerprints`) is kept. ``done(n, total, page, seconds, rendered)`` is
    told of each page when the block is left (kept pages first, then the others as they finish); ``seconds``
    from when the page was given to when it was rendered (0 for a kept page).

    The record of what each page was rendered from (``RENDERED_FILE``) also holds the page file's SHA-256: a page
    is kept only when its file is still the one rendered (not changed, not cut short); otherwise ``say`` is told
    in one line and the page is rendered again. The record is replaced whole, in one step, after each page."""

    def __init__(
        self,
        pool,
        parameters: dict,
        year_dir: Path,
        done: Callable[[int, int, Dashboard, float, bool], None] | None,
        say: Callable[[str], None] | None = None,
    ):
        # imported here: pandas (see LIGHT)
        from induction_analysis.ingest.cache import file_digest

        self.pool, self.parameters, self.year_dir, self.done, self.say = pool, parameters, year_dir, done, say
        try:
            before = json.loads((year_dir / RENDERED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            before = {}
        self.before: dict[str, str] = {}  # per page still as rendered: the fingerprint of its inputs
        for page, record in before.items() if isinstance(before, dict) else []:
            if not isinstance(record, dict) or not isinstance(record.get("inputs"), str):
                continue  # an older record, without the page's digest: the page is rendered again
            found = file_digest(year_dir / page)
            if found == record.get("sha256"):
                self.before[page] = record["inputs"]
            elif found is not None and say:
                say(f"  {page} is not the page the last run wrote (changed or cut short): it is rendered again.")
        self.pages: list[Dashboard] = []
        self.kept: list[Dashboard] = []
        self.marks: dict[str, str] = {}
        self.futures: dict = {}
        self.given: dict[str, float] = {}  # per page: when it was given
        self.finished: dict[str, float] = {}  # per page rendered: when it was done

    def __enter__(self) -> Batch:
        return self

    def render(self, pages: list[Dashboard]) -> None:
        """Start rendering ``pages`` (their tables are written), the district-wide ones (the longer) first,
        so that no process is left with one at the end."""
        self.given.update((pg.page, time.perf_counter()) for pg in pages)
        self.pages.extend(pages)
        # only a page rendered before can be kept: the others start at once, and their fingerprints are
        # worked out while they render (on a first run, none waits for them)
        known = [pg for pg in pages if pg.page in self.before and (self.year_dir / pg.page).is_file()]
        self.marks.update(fingerprints(known, self.parameters))
        kept = [pg for pg in known if self.before[pg.page] == self.marks[pg.page]]
        self.kept.extend(kept)
        for page in sorted((pg for pg in pages if pg not in kept), key=lambda pg: pg.params != ()):
            future = self.pool.submit(render, page, self.parameters, self.year_dir)
            future.add_done_callback(lambda _, name=page.page: self.finished.setdefault(name, time.perf_counter()))
            self.futures[future] = page
        self.marks.update(fingerprints([pg for pg in pages if pg not in known], self.parameters))

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:  # the run failed before every page was given: nothing more is started
            for future in self.futures:
                future.cancel()
            wait(self.futures)
            return
        # imported here: pandas (see LIGHT)
        from induction_analysis.ingest.cache import file_digest

        after = {
            pg.page: {"inputs": self.marks[pg.page], "sha256": file_digest(self.year_dir / pg.page)} for pg in self.kept
        }
        total = len(self.pages)
        for n, page in enumerate(self.kept, 1):
            if self.done:
                self.done(n, total, page, 0.0, False)
        for n, future in enumerate(as_completed(self.futures), len(self.kept) + 1):
            future.result()
            page = self.futures[future]
            after[page.page] = {"inputs": self.marks[page.page], "sha256": file_digest(self.year_dir / page.page)}
            self._record(after)
            if self.done:
                self.done(
                    n, total, page, self.finished.get(page.page, time.perf_counter()) - self.given[page.page], True
                )
        self._record(after)

    @property
    def seconds(self) -> float:
        """From the first page given to the last one rendered (0 when every page was kept)."""
        return max(self.finished.values()) - min(self.given.values()) if self.finished else 0.0

    def _record(self, after: dict[str, dict]) -> None:
        # imported here: pandas (see LIGHT)
        from induction_analysis.ingest.cache import write_json_atomically

        write_json_atomically(self.year_dir / RENDERED_FILE, after)


RENDERED_FILE = (
    ".rendered.json"  # per page of a year folder: the fingerprint of the inputs it was rendered from, its SHA-256
)


def fingerprints(pages: list[Dashboard], parameters: dict) -> dict[str, str]:
    """Per page, a fingerprint of what it is made from: the package and notebooks, the parameters, and
    the data it ``reads`` (the data-quality tables; a lead-mentor page: its rows and names, see
    ``LeadMentorView.digest``; the themes page: the tables of ``present.THEMES_TABLES`` and
    ``present.THEMES_CANONICAL``, the people lookup and a district's codebook file; any other page: every report
    table and canonical table).
    A page whose fingerprint has not changed is not rendered again."""
    # imported here: pandas and, through present, the metrics (see LIGHT)
    from induction_analysis import privacy
    from induction_analysis.ingest.cache import CACHE_DIR, code_fingerprint, file_digest
    from induction_analysis.metrics import analyses
    from induction_analysis.report import present

    base = hashlib.sha256(code_fingerprint().encode() + json.dumps(parameters, sort_keys=True, default=str).encode())
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        base.update(path.name.encode() + path.read_bytes())
    tables_dir, processed_dir = Path(parameters["tables_dir"]), Path(parameters["processed_dir"])

    def digest(paths) -> bytes:
        h = hashlib.sha256()
        for path in paths:
            h.update(f"{path.as_posix()}\0{file_digest(path) or '(none)'}\0".encode())
        return h.digest()

    def canonical() -> list[Path]:  # the canonical tables and the people lookup (not the cache of files read)
        return sorted(
            p for p in processed_dir.rglob("*") if p.is_file() and CACHE_DIR not in p.relative_to(processed_dir).parts
        )

    everything, standalone, sources, out = None, None, None, {}
    for page in pages:
        h = base.copy()
        h.update(json.dumps([page.notebook, page.page, page.params, page.reads]).encode())
        if page.reads == QUALITY:
            h.update(digest(tables_dir / name for name in QUALITY_FILES))
        elif page.reads == LEAD_MENTORS:
            sources = sources or present.lead_mentor_sources(parameters["tables_dir"], parameters["processed_dir"])
            h.update(
                present.LeadMentorView(
                    parameters["tables_dir"],
                    parameters["processed_dir"],
                    parameters["school_year"],
                    dict(page.params).get("school") or None,
                    show_names=parameters.get("show_names", True),
                    sources=sources,
                    audience=page.audience,
                )
                .digest()
                .encode()
            )
        elif (
            page.reads == STANDALONE
        ):  # the tables it reads, the people lookup (names taken out of quotes), the codebook
            standalone = standalone or digest(
                [
                    *(tables_dir / f"{name}.csv" for name in present.THEMES_TABLES),
                    *(analyses.typed_path(tables_dir, name) for name in present.THEMES_TABLES),
                    *(processed_dir / f"{name}.parquet" for name in present.THEMES_CANONICAL),
                    privacy.people_path(processed_dir),
                    Path(str(parameters.get("codebook", ""))),
                ]
            )
            h.update(standalone)
        else:
            everything = everything or digest(
                sorted([*(p for p in tables_dir.rglob("*") if p.is_file()), *canonical()])
            )
            h.update(everything)
        out[page.page] = h.hexdigest()
    return out


def notebooks_dir() -> Path:
    """The folder of the notebooks the pages are made from: the installed package's (``importlib.resources``),
    or, in a source checkout, the top-level ``notebooks/``."""
    packaged = Path(str(resources.files("induction_analysis").joinpath(PACKAGED_NOTEBOOKS)))
    for folder in (packaged, SOURCE_NOTEBOOKS):
        if any(folder.glob("*.ipynb")):
            return folder
    raise UserError(
        f"no notebooks in {packaged} or {SOURCE_NOTEBOOKS}: the package was installed without them; "
        "reinstall it (pip install . from the source folder, or its wheel)"
    )


_declared_by_notebook: dict[tuple, dict] = {}  # per rendering process: the parameters each notebook version declares


def _declared(source: Path) -> dict:
    """The parameters a notebook declares (read once per rendering process and notebook version)."""
    # imported here: papermill (see LIGHT)
    import papermill

    key = (str(source), source.stat().st_mtime_ns)
    if key not in _declared_by_notebook:
        _declared_by_notebook[key] = papermill.inspect_notebook(str(source))
    return _declared_by_notebook[key]


AUDIENCE = "audience"  # the parameter every notebook declares, which the renderer always sets to its page's audience


def page_parameters(dashboard: Dashboard, parameters: dict, declared: dict) -> dict:
    """What a page's notebook is given: the run's parameters and the page's own that it declares, and its
    audience, always (a notebook that does not declare one is a mistake, not a page shown to anybody)."""
    if AUDIENCE not in declared:
        raise RuntimeError(
            f"{dashboard.notebook} declares no '{AUDIENCE}' parameter: the renderer cannot tell it who reads the page"
        )
    given = {k: v for k, v in {**parameters, **dict(dashboard.params)}.items() if k in declared}
    return {**given, AUDIENCE: audiences.check(dashboard.audience)}


def render(dashboard: Dashboard, parameters: dict, year_dir: Path) -> Path:
    """Execute one notebook (kept in ``notebooks/`` of the year folder for audit) and export its HTML."""
    # imported here: papermill (see LIGHT)
    import papermill

    executed = year_dir / "notebooks" / (Path(dashboard.page).stem + ".ipynb")
    executed.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    source = notebooks_dir() / dashboard.notebook
    done = papermill.execute_notebook(
        str(source),
        str(executed),
        parameters=page_parameters(dashboard, parameters, _declared(source)),
        kernel_name="python3",
        engine_name=notebook_engine.register_engine(),
        progress_bar=False,
        request_save_on_cell_execute=False,  # written once, when done (or failed), not after every cell
        cwd=str(notebooks_dir()),
    )
    body, _ = notebook_engine.exporter().from_notebook_node(done, resources={"metadata": {"name": dashboard.title}})
    page = year_dir / dashboard.page
    # imported here: pandas (see LIGHT)
    from induction_analysis.ingest.cache import write_atomically

    write_atomically(page, body.encode("utf-8"))  # whole or not at all: a run stopped meanwhile leaves the last page
    return page


def write_index(
    year_dir: Path,
    school_year: str,
    district: str,
    pages: list[Dashboard],
    dq: pd.DataFrame,
    links: list[tuple[str, str]] | None = None,
) -> Path:
    """The year's index page; ``links``: (name, address) of the other reports of the same run (a collaborative)."""
    # imported here: jinja2, and pandas (see LIGHT)
    import jinja2

    from induction_analysis.ingest import quality

    env = jinja2.Environment(loader=jinja2.PackageLoader("induction_analysis.report", "templates"), autoescape=True)
    sources = quality.by_kind(dq)
    text = env.get_template("index.html").render(
        school_year=school_year,
        district=district,
        run_date=datetime.now().strftime("%Y-%m-%d %H:%M"),
        pages=pages,
        headline=quality.headline(dq),
        sources=sources.to_dict("records"),
        not_used=quality.not_used(dq).to_dict("records"),
        links=[
            (name, href)
            for name, href in links or []
            if (year_dir / href).resolve() != (year_dir / "index.html").resolve()
        ],
    )
    path = year_dir / "index.html"
    path.write_text(text, encoding="utf-8")
    return path
