"""Rendering: execute the parameterized notebooks with papermill and export them to HTML
without code (nbconvert, inputs hidden, images embedded); write the index page."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import multiprocessing
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from induction_analysis.errors import UserError

if TYPE_CHECKING:
    import pandas as pd

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"


# What a page reads, which says when in a run it can render and what its fingerprint covers:
QUALITY = "data quality"  # the data-quality tables ingest writes to tables/ (QUALITY_FILES): rendered during the analyses
LEAD_MENTORS = "lead mentors"  # analyses.LEAD_MENTOR_TABLES and canonical tables (present.LeadMentorView): computed first
STANDALONE = "standalone tables"  # analyses.STANDALONE_TABLES and canonical tables: rendered once those are written
EVERYTHING = "every table"  # any report table or canonical table: rendered once all are written
# what ingest writes to tables/ and the data-quality page reads (quality.load and quality.suggestions)
QUALITY_FILES = ("data_quality.csv", "rejected_rows.csv", "row_warnings.csv", "assumptions.csv", "job_titles.csv", "config_suggestions.toml")


@dataclass(frozen=True)
class Dashboard:
    notebook: str  # file name in notebooks/
    page: str  # HTML file name, starting with its audience
    title: str
    audience: str
    params: tuple[tuple[str, str], ...] = ()  # parameters of this page beyond the run's (a school, say)
    reads: str = EVERYTHING  # QUALITY, LEAD_MENTORS, STANDALONE or EVERYTHING


DISTRICT_LEAD_PAGE = "lead-mentors-district.html"
DASHBOARDS = [
    Dashboard("data-quality.ipynb", "data-quality.html", "Data quality: every file, what was used and what was not", "Data administrator",
              reads=QUALITY),
    Dashboard("lead-mentors.ipynb", DISTRICT_LEAD_PAGE, "Lead mentors: standards, time, the 50 hours, sessions (all schools)", "Lead mentors",
              reads=LEAD_MENTORS),
    Dashboard("lead-mentors-themes.ipynb", "lead-mentors-themes.html", "Lead mentors: what mentors and new teachers say (themes)", "Lead mentors",
              reads=STANDALONE),
    Dashboard("administration.ipynb", "administration-summary.html", "Budget and effectiveness", "Assistant superintendent"),
    Dashboard("dese.ipynb", "dese-annual-report.html", "Annual report to DESE (603 CMR 7.12(3))", "DESE report"),
]


def dashboards(schools: list[str]) -> list[Dashboard]:
    """Every page of a run: the fixed ones, and a lead-mentor page per school."""
    from induction_analysis.present import slug

    per_school = [Dashboard("lead-mentors.ipynb", f"lead-mentors-{slug(s)}.html", f"Lead mentors: {s}", "Lead mentors", (("school", s),),
                            reads=LEAD_MENTORS) for s in sorted(schools)]
    return DASHBOARDS[:2] + per_school + DASHBOARDS[2:]


# what every page imports, loaded into the rendering process while the run is still reading files
WARM_UP = "import matplotlib.pyplot\nfrom IPython.display import HTML, Markdown, display\nfrom induction_analysis import charts, present, quality"


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
    # nbformat imports jsonschema, whose format checkers import rfc3987_syntax when it is installed (jupyterlab
    # brings it): 35 parsers built at import, 1.5 s per process on this machine, for an "iri" format no notebook
    # schema uses (python-jsonschema/jsonschema#1428). In this process only, that checker is left out.
    sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat
    import papermill  # noqa: F401  (imported now, not on the first page)

    logging.getLogger("papermill").setLevel(logging.WARNING)
    shell = _shell()
    if not shell.run_cell(WARM_UP, store_history=False).success:
        raise RuntimeError(f"the notebook shell could not run {WARM_UP!r}")
    _exporter().from_notebook_node(nbformat.v4.new_notebook())  # the page template is compiled once, here


def _ready() -> bool:
    return True


class Renderer:
    """Rendering processes, each with its notebook shell and the pages' imports, started early:
    ``with Renderer(workers) as r: ... r.batch(...)``. Spawned, not forked: the parent holds pyarrow's and
    pandas' threads, which a forked child must not inherit."""

    def __init__(self, workers: int):
        from concurrent.futures import ProcessPoolExecutor

        self.workers = max(1, workers)
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_rendering_process)
        # one task per process launches them all now (a pool spawns a process only when none is idle), and
        # they import what the pages need in the background, not when the first pages are waiting
        for _ in range(self.workers):
            self.pool.submit(_ready)

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            # every page is written and every task done: the rendering processes are stopped rather than left to
            # unwind their modules (pandas, matplotlib, IPython: 0.6 s at the end of every run)
            terminate = getattr(self.pool, "terminate_workers", None)  # Python 3.14
            if terminate is not None:
                terminate()
            else:
                for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                    process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fn: Callable, *args):
        """``fn(*args)`` in a rendering process (work of the run that can go on beside it): its future."""
        return self.pool.submit(fn, *args)

    def batch(self, parameters: dict, year_dir: Path, done: Callable[[int, int, Dashboard, float, bool], None] | None = None) -> "Batch":
        """The pages of one year folder, each given as soon as its tables are written (see :class:`Batch`)."""
        return Batch(self.pool, parameters, year_dir, done)


class Batch:
    """Pages rendered while the run goes on: ``with renderer.batch(...) as batch: batch.render(pages)``, then
    more pages once their tables exist; leaving the block waits for all of them. A page whose inputs are as
    when it was last rendered (:func:`fingerprints`) is kept. ``done(n, total, page, seconds, rendered)`` is
    told of each page when the block is left (kept pages first, then the others as they finish); ``seconds``
    from when the page was given to when it was rendered (0 for a kept page)."""

    def __init__(self, pool, parameters: dict, year_dir: Path, done: Callable[[int, int, Dashboard, float, bool], None] | None):
        self.pool, self.parameters, self.year_dir, self.done = pool, parameters, year_dir, done
        try:
            self.before = json.loads((year_dir / RENDERED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.before = {}
        self.pages: list[Dashboard] = []
        self.kept: list[Dashboard] = []
        self.marks: dict[str, str] = {}
        self.futures: dict = {}
        self.given: dict[str, float] = {}  # per page: when it was given
        self.finished: dict[str, float] = {}  # per page rendered: when it was done

    def __enter__(self) -> "Batch":
        return self

    def render(self, pages: list[Dashboard]) -> None:
        """Start rendering ``pages`` (their tables are written), the district-wide ones (the longer) first,
        so that no process is left with one at the end."""
        import time

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
        import time
        from concurrent.futures import as_completed, wait

        if exc_type is not None:  # the run failed before every page was given: nothing more is started
            for future in self.futures:
                future.cancel()
            wait(self.futures)
            return
        after = {pg.page: self.marks[pg.page] for pg in self.kept}
        total = len(self.pages)
        for n, page in enumerate(self.kept, 1):
            if self.done:
                self.done(n, total, page, 0.0, False)
        for n, future in enumerate(as_completed(self.futures), len(self.kept) + 1):
            future.result()
            page = self.futures[future]
            after[page.page] = self.marks[page.page]
            self._record(after)
            if self.done:
                self.done(n, total, page, self.finished.get(page.page, time.perf_counter()) - self.given[page.page], True)
        self._record(after)

    @property
    def seconds(self) -> float:
        """From the first page given to the last one rendered (0 when every page was kept)."""
        return max(self.finished.values()) - min(self.given.values()) if self.finished else 0.0

    def _record(self, after: dict[str, str]) -> None:
        (self.year_dir / RENDERED_FILE).write_text(json.dumps(after, indent=1, sort_keys=True), encoding="utf-8")


RENDERED_FILE = ".rendered.json"  # per page of a year folder: the fingerprint of the inputs it was rendered from


def fingerprints(pages: list[Dashboard], parameters: dict) -> dict[str, str]:
    """Per page, a fingerprint of what it is made from: the package and notebooks, the parameters, and
    the data it ``reads`` (the data-quality tables; a lead-mentor page: its rows and names, see
    ``LeadMentorView.digest``; the themes page: the tables of ``present.THEMES_TABLES`` and
    ``present.THEMES_CANONICAL``, the people lookup and a district's codebook file; any other page: every report
    table and canonical table).
    A page whose fingerprint has not changed is not rendered again."""
    from induction_analysis import present, privacy
    from induction_analysis.cache import CACHE_DIR, code_fingerprint, file_digest

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
        return sorted(p for p in processed_dir.rglob("*") if p.is_file() and CACHE_DIR not in p.relative_to(processed_dir).parts)

    everything, standalone, sources, out = None, None, None, {}
    for page in pages:
        h = base.copy()
        h.update(json.dumps([page.notebook, page.page, page.params, page.reads]).encode())
        if page.reads == QUALITY:
            h.update(digest(tables_dir / name for name in QUALITY_FILES))
        elif page.reads == LEAD_MENTORS:
            sources = sources or present.lead_mentor_sources(parameters["tables_dir"], parameters["processed_dir"])
            h.update(present.LeadMentorView(parameters["tables_dir"], parameters["processed_dir"], parameters["school_year"],
                                            dict(page.params).get("school") or None, show_names=bool(parameters.get("show_names", True)),
                                            sources=sources).digest().encode())
        elif page.reads == STANDALONE:  # the tables it reads, the people lookup (names taken out of quotes), the codebook
            standalone = standalone or digest([*(tables_dir / f"{name}.csv" for name in present.THEMES_TABLES),
                                               *(processed_dir / f"{name}.parquet" for name in present.THEMES_CANONICAL),
                                               privacy.people_path(processed_dir), Path(str(parameters.get("codebook", "")))])
            h.update(standalone)
        else:
            everything = everything or digest(sorted([*(p for p in tables_dir.rglob("*") if p.is_file()), *canonical()]))
            h.update(everything)
        out[page.page] = h.hexdigest()
    return out


def notebooks_dir() -> Path:
    if not NOTEBOOKS_DIR.is_dir():
        raise UserError(f"notebooks folder not found at {NOTEBOOKS_DIR}; install the package from its source folder (pip install -e .)")
    return NOTEBOOKS_DIR


_warm: dict[str, object] = {}  # per rendering process: its notebook shell, the engine, the HTML exporter
_outputs: list = []  # the outputs of the cell running in this process's shell


class _Stream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr`` while a cell runs: what is written becomes the cell's stream output (one
    output for text written one after the other to the same stream, as a kernel sends it)."""

    encoding = "utf-8"

    def __init__(self, name: str):
        super().__init__()
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        import nbformat

        if _outputs and _outputs[-1].get("output_type") == "stream" and _outputs[-1].get("name") == self.name:
            _outputs[-1]["text"] += text
        elif text:
            _outputs.append(nbformat.v4.new_output("stream", name=self.name, text=text))
        return len(text)


def _shell():
    """This process's IPython shell, made once: every page this process renders runs in it, so the imports
    (pandas, matplotlib, the package) are paid once per process, not per page. What a cell displays, prints,
    returns on its last line or raises becomes its outputs, as in a kernel (ipykernel's own shell is made the
    same way), without a kernel process or the messages between the two (a school page's cells: 0.14 s here,
    0.19 s in a kernel)."""
    if "shell" in _warm:
        return _warm["shell"]
    import nbformat
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
            _outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

        def clear_output(self, wait=False) -> None:
            _outputs.clear()

    class Hook(DisplayHook):
        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            _outputs.append(nbformat.v4.new_output("execute_result", data=format_dict, metadata=md_dict or {},
                                                   execution_count=self.shell.execution_count))

    class NotebookShell(InteractiveShell):
        display_pub_class = Publisher
        displayhook_class = Hook

        def enable_gui(self, gui=None) -> None:  # no event loop: figures are only drawn, as in a kernel
            pass

        def init_sys_modules(self) -> None:  # the process's own __main__ stays (as for IPython's embedded shell)
            pass

        def _showtraceback(self, etype, evalue, stb) -> None:
            _outputs.append(nbformat.v4.new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))

    # no command history written to the home folder, as for a kernel run by nbclient
    shell = NotebookShell.instance(config=Config({"HistoryManager": {"enabled": False}}), colors="nocolor")
    shell.enable_matplotlib("inline")  # figures shown as PNG, as in a notebook kernel
    _warm["shell"] = shell
    return shell


def _fresh(shell) -> None:
    """Before each page: every name the previous page defined goes (imported modules stay loaded), and so do
    the results it displayed. Not %reset, which also runs a full garbage collection over pandas and matplotlib
    (0.15 s a page); what a page leaves is freed as its names go."""
    keep = shell.user_ns_hidden
    for name in [n for n in shell.user_ns if n not in keep and not (n.startswith("__") and n.endswith("__"))]:
        del shell.user_ns[name]
    hook = shell.displayhook  # the last results shown (as DisplayHook.flush, without its garbage collection)
    hook._, hook.__, hook.___ = "", "", ""
    shell.user_ns.update({"_": "", "__": "", "___": ""})
    shell.user_ns["_oh"].clear()


def _run_cell(shell, source: str) -> list:
    """One cell's outputs, run in ``shell`` with the notebooks folder as the working folder."""
    _outputs.clear()
    here, streams = os.getcwd(), (sys.stdout, sys.stderr)
    os.chdir(notebooks_dir())
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    try:
        shell.execution_count += 1
        shell.run_cell(source, store_history=False)
    finally:
        sys.stdout, sys.stderr = streams
        os.chdir(here)
    return list(_outputs)


ENGINE = "in-process"


def _register_engine() -> str:
    """A papermill engine that executes in this process's notebook shell (:func:`_shell`); papermill still
    parameterizes the notebook, records each cell and fails on a cell's error as with its default engine.
    Registered once per process."""
    if "engine" in _warm:
        return ENGINE
    from papermill.engines import Engine, papermill_engines

    class InProcessEngine(Engine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            import matplotlib

            shell = _shell()
            _fresh(shell)  # a fresh namespace for each page: nothing leaks from the page before
            with matplotlib.rc_context():  # nor its chart style (a page sets its own): each starts from the defaults
                for index, cell in enumerate(nb_man.nb.cells):
                    nb_man.cell_start(cell, index)
                    try:
                        if cell.cell_type == "code":
                            cell.outputs = _run_cell(shell, cell.source)
                            cell.execution_count = shell.execution_count
                            if any(out.output_type == "error" for out in cell.outputs):
                                nb_man.cell_exception(cell, cell_index=index)
                                break
                    finally:
                        nb_man.cell_complete(cell, cell_index=index)

    papermill_engines.register(ENGINE, InProcessEngine)
    _warm["engine"] = InProcessEngine
    return ENGINE


# What nbconvert's HTML exporter does last, with BeautifulSoup over the whole page (0.12 s a page, a fifth of a
# school page's rendering): every cell's input and output focusable with the keyboard, every image given an alt
# text. Done here on the template's own markup, which is all these tags can be (a page's own HTML is in them).
_FOCUSABLE = re.compile(r'<div class="(?:jp-Cell-inputWrapper|[^"<>]*\bjp-OutputArea-output\b[^"<>]*)"')
_NO_ALT = re.compile(r"<img(?![^>]*\salt=)")


def _focusable(page: str) -> str:
    page = _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', page)
    return _NO_ALT.sub('<img alt="No description has been provided for this image"', page)


def _exporter():
    """This process's exporter of executed notebooks to pages (made once)."""
    if "exporter" in _warm:
        return _warm["exporter"]
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        """nbconvert's HTML exporter, its last pass (BeautifulSoup) done by :func:`_focusable`."""

        def from_notebook_node(self, nb, resources=None, **kw):
            # as HTMLExporter.from_notebook_node (nbconvert 7.16), up to its BeautifulSoup pass
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _focusable(page), resources

    _warm["exporter"] = PageExporter(
        template_name="page", extra_template_basedirs=[str(Path(__file__).parent / "templates" / "nbconvert")],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    return _warm["exporter"]


def _declared(source: Path) -> dict:
    """The parameters a notebook declares (read once per rendering process and notebook version)."""
    import papermill

    key = ("declared", str(source), source.stat().st_mtime_ns)
    if key not in _warm:
        _warm[key] = papermill.inspect_notebook(str(source))
    return _warm[key]


def render(dashboard: Dashboard, parameters: dict, year_dir: Path) -> Path:
    """Execute one notebook (kept in ``notebooks/`` of the year folder for audit) and export its HTML."""
    import papermill

    executed = year_dir / "notebooks" / (Path(dashboard.page).stem + ".ipynb")
    executed.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    source = notebooks_dir() / dashboard.notebook
    declared = _declared(source)
    engine = _register_engine()
    done = papermill.execute_notebook(
        str(source),
        str(executed),
        parameters={k: v for k, v in {**parameters, **dict(dashboard.params)}.items() if k in declared},
        kernel_name="python3",
        engine_name=engine,
        progress_bar=False,
        request_save_on_cell_execute=False,  # written once, when done (or failed), not after every cell
        cwd=str(notebooks_dir()),
    )
    body, _ = _exporter().from_notebook_node(done, resources={"metadata": {"name": dashboard.title}})
    page = year_dir / dashboard.page
    page.write_text(body, encoding="utf-8")
    return page


def write_index(year_dir: Path, school_year: str, district: str, pages: list[Dashboard], dq: pd.DataFrame,
                links: list[tuple[str, str]] | None = None) -> Path:
    """The year's index page; ``links``: (name, address) of the other reports of the same run (a collaborative)."""
    import jinja2

    from induction_analysis import quality

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
        links=[(name, href) for name, href in links or [] if (year_dir / href).resolve() != (year_dir / "index.html").resolve()],
    )
    path = year_dir / "index.html"
    path.write_text(text, encoding="utf-8")
    return path
