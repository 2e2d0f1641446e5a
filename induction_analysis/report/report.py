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

from induction_analysis import audiences, made
from induction_analysis.errors import UserError
from induction_analysis.report import notebook_engine, reads
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


# What the data-quality page reads: the files ingest writes to tables/ (see reads.py, where every page's reads are)
QUALITY_FILES = reads.QUALITY_FILES


@dataclass(frozen=True)
class Dashboard:
    notebook: str  # file name in notebooks/
    page: str  # HTML file name, starting with its audience
    title: str
    audience: str  # one of audiences.LABELS: given to the notebook as its `audience` parameter, whatever else is given
    params: tuple[tuple[str, str], ...] = ()  # parameters of this page beyond the run's (a school, say)
    # what the page reads (report tables, canonical tables, QUALITY_FILES; see reads.py): the run renders it once
    # they are written, and its fingerprint covers them. None: every table (rendered once all are written).
    reads: tuple[str, ...] | None = None
    rows_only: bool = False  # its fingerprint covers only the rows it shows (present.LeadMentorView.digest)

    @property
    def audience_label(self) -> str:
        return audiences.LABELS[self.audience]


LEAD_MENTOR_READS = reads.LEAD_MENTOR_TABLES + reads.LEAD_MENTOR_CANONICAL

DASHBOARDS = [
    Dashboard(
        "data-quality.ipynb",
        "data-quality.html",
        "Data quality: every file, what was used and what was not",
        audiences.DATA_ADMINISTRATOR,
        reads=reads.QUALITY_FILES,
    ),
    Dashboard(
        "lead-mentors.ipynb",
        DISTRICT_LEAD_PAGE,
        "Lead mentors: standards, time, the 50 hours, sessions (all schools)",
        audiences.LEAD_MENTORS,
        reads=LEAD_MENTOR_READS,
        rows_only=True,
    ),
    Dashboard(
        "lead-mentors-themes.ipynb",
        "lead-mentors-themes.html",
        "Lead mentors: what mentors and new teachers say (themes)",
        audiences.LEAD_MENTORS,
        reads=reads.THEMES_TABLES + reads.THEMES_CANONICAL,
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
            reads=LEAD_MENTOR_READS,
            rows_only=True,
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

    What is kept of the year folder in the processed folder's record (:func:`made.report`) holds, per page
    (``PAGES``), what it was rendered from and the page file's SHA-256: a page is kept only when its file is still
    the one rendered (not changed, not cut short); otherwise ``say`` is told in one line and the page is rendered
    again. It is replaced, in one step, after each page and each time the run keeps something else in it
    (:meth:`keep`)."""

    def __init__(
        self,
        pool,
        parameters: dict,
        year_dir: Path,
        done: Callable[[int, int, Dashboard, float, bool], None] | None,
        say: Callable[[str], None] | None = None,
    ):
        # imported here: pandas (see LIGHT)
        from induction_analysis import privacy

        self.pool, self.parameters, self.year_dir, self.done, self.say = pool, parameters, year_dir, done, say
        self.protected = privacy.protected_folder(parameters["processed_dir"])  # where the record is
        self.record: dict = made.report(self.protected, year_dir)  # what the last run kept of this year folder
        before = self.record.get(PAGES)
        self.before: dict[str, str] = {}  # per page still as rendered: the fingerprint of its inputs
        for page, entry in before.items() if isinstance(before, dict) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("inputs"), str):
                continue  # an older record, without the page's digest: the page is rendered again
            found = made.file_digest(year_dir / page)
            if found == entry.get("sha256"):
                self.before[page] = entry["inputs"]
            elif found is not None and say:
                say(f"  {page} is not the page the last run wrote (changed or cut short): it is rendered again.")
        self.kept_records: dict = {}  # what the run keeps beside the pages (keep)
        self.pages: list[Dashboard] = []
        self.kept: list[Dashboard] = []
        self.marks: dict[str, str] = {}
        self.futures: dict = {}
        self.given: dict[str, float] = {}  # per page: when it was given
        self.finished: dict[str, float] = {}  # per page rendered: when it was done

    def __enter__(self) -> Batch:
        return self

    def keep(self, key: str, value) -> None:
        """Keep ``value`` in what the record keeps of the year folder, under ``key`` (what the run made beside the
        pages, and from what), now: the pages' part stays as the last run left it until the pages are done."""
        self.kept_records[key] = value
        pages = self.record.get(PAGES)
        self._record(pages if isinstance(pages, dict) else {})

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
        after = {
            pg.page: {"inputs": self.marks[pg.page], "sha256": made.file_digest(self.year_dir / pg.page)}
            for pg in self.kept
        }
        total = len(self.pages)
        for n, page in enumerate(self.kept, 1):
            if self.done:
                self.done(n, total, page, 0.0, False)
        for n, future in enumerate(as_completed(self.futures), len(self.kept) + 1):
            future.result()
            page = self.futures[future]
            after[page.page] = {"inputs": self.marks[page.page], "sha256": made.file_digest(self.year_dir / page.page)}
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
        made.replace_report(self.protected, self.year_dir, {PAGES: after, **self.kept_records})


# What the processed folder's record (made.py) keeps of a year folder, replaced in one step each time it changes:
# per page, the fingerprint of the inputs it was rendered from and its SHA-256 (PAGES); and what the run keeps
# beside them (runner.STANDALONE: the tables made without the log).
PAGES = "pages"
# the year folder's records of older versions: removed by the run
OLD_RECORDS = (".rendered.json", ".standalone-tables.json", ".made.json")


def fingerprints(pages: list[Dashboard], parameters: dict) -> dict[str, str]:
    """Per page, a fingerprint of what it is made from: the package and notebooks, the parameters, and
    the data it ``reads`` (the data-quality tables; a lead-mentor page: its rows and names, see
    ``LeadMentorView.digest``; the themes page: the tables of ``present.THEMES_TABLES`` and
    ``present.THEMES_CANONICAL``, the people lookup and a district's codebook file; any other page: every report
    table and canonical table).
    A page whose fingerprint has not changed is not rendered again."""
    # imported here: pandas and, through present, the metrics (see LIGHT)
    from induction_analysis import privacy
    from induction_analysis.ingest import schemas
    from induction_analysis.ingest.cache import code_fingerprint
    from induction_analysis.metrics import analyses
    from induction_analysis.report import present

    base = hashlib.sha256(code_fingerprint().encode() + json.dumps(parameters, sort_keys=True, default=str).encode())
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        base.update(path.name.encode() + path.read_bytes())
    tables_dir, processed_dir = Path(parameters["tables_dir"]), Path(parameters["processed_dir"])

    def digest(paths) -> bytes:
        h = hashlib.sha256()
        for path in paths:
            h.update(f"{path.as_posix()}\0{made.file_digest(path) or '(none)'}\0".encode())
        return h.digest()

    every_table, sources, out = None, None, {}
    for page in pages:
        h = base.copy()
        h.update(json.dumps([page.notebook, page.page, page.params, page.reads, page.rows_only]).encode())
        if page.rows_only:  # a lead-mentor page: the rows and names it shows
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
        elif page.reads is not None and set(page.reads) <= set(QUALITY_FILES):
            h.update(digest(tables_dir / name for name in page.reads))
        elif page.reads is not None:  # the tables it reads, the people lookup (names taken out of quotes), the codebook
            h.update(
                digest(
                    [
                        *(tables_dir / f"{name}.csv" for name in page.reads if name in analyses.OUTPUTS),
                        *(analyses.typed_path(tables_dir, name) for name in page.reads if name in analyses.OUTPUTS),
                        *(tables_dir / name for name in page.reads if name in QUALITY_FILES),
                        *(
                            processed_dir / f"{name}.parquet"
                            for name in page.reads
                            if name not in analyses.OUTPUTS and name not in QUALITY_FILES
                        ),
                        privacy.people_path(processed_dir),
                        Path(str(parameters.get("codebook", ""))),
                    ]
                )
            )
        else:
            # every file the run wrote to tables/, every canonical table the schemas declare and the people lookup
            # (not the rest of the processed folder: the file cache, the record, the run's lock)
            every_table = every_table or digest(
                [
                    *sorted(p for p in tables_dir.rglob("*") if p.is_file()),
                    *(processed_dir / f"{name}.parquet" for name in schemas.SCHEMAS),
                    privacy.people_path(processed_dir),
                ]
            )
            h.update(every_table)
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
    # whole or not at all: a run stopped meanwhile leaves the last page
    made.write_atomically(page, body.encode("utf-8"))
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
