"""Everything in the renderer that relies on the internals of IPython, papermill, nbconvert and
``concurrent.futures``, kept in this one module; the rest of :mod:`report` uses only their public interfaces.

- :func:`shell`: an IPython ``InteractiveShell`` subclass, with its display publisher and display hook, in which
  a rendering process runs every page, as a kernel would run it, without a kernel process.
- :func:`register_engine`: a papermill ``Engine`` (``in-process``) that executes a notebook in that shell.
- :func:`exporter`: nbconvert's ``HTMLExporter`` with its last pass (BeautifulSoup) done by :func:`focusable`
  (a copy of ``HTMLExporter.from_notebook_node`` up to that pass).
- :func:`stop_processes`: a process pool's processes stopped (``ProcessPoolExecutor._processes`` before
  Python 3.14).

pyproject.toml bounds these packages to the majors this was tested with. A test renders pages with this engine
and with papermill's own (a Jupyter kernel) and finds them byte for byte the same; another compares this
exporter's pages with nbconvert's own exporter's.
"""

from __future__ import annotations

import io
import os
import re
import sys
from importlib import resources

# LIGHT: report.py imports this module, in `run`'s main process too, which renders no page; so papermill (2.6 s),
# nbformat (0.8 s), IPython (0.4 s), nbconvert (1.2 s more) and matplotlib (1.9 s) are imported in the functions
# that use them, in the rendering processes. tests/test_layout.py checks that importing this module loads none of them.

ENGINE = "in-process"  # the papermill engine's name

# the nbconvert template of the pages (induction_analysis/report/templates/nbconvert/page)
TEMPLATE_NAME = "page"

_warm: dict[str, object] = {}  # per process: its notebook shell, the engine, the HTML exporter
_outputs: list = []  # the outputs of the cell running in this process's shell


def prepare_process(warm_up: str) -> None:
    """This process's notebook shell, with ``warm_up`` (the pages' imports) run in it, and the page template
    compiled: what a rendering process does as soon as it exists."""
    # nbformat imports jsonschema, whose format checkers import rfc3987_syntax when it is installed (jupyterlab
    # brings it): 35 parsers built at import, 1.5 s per process on this machine, for an "iri" format no notebook
    # schema uses (python-jsonschema/jsonschema#1428). In this process only, that checker is left out.
    sys.modules.setdefault("rfc3987_syntax", None)
    # imported here: after the line above, and in a rendering process only (see LIGHT); papermill now, not on the
    # first page
    import nbformat
    import papermill  # noqa: F401

    ipython = shell()
    if not ipython.run_cell(warm_up, store_history=False).success:
        raise RuntimeError(f"the notebook shell could not run {warm_up!r}")
    exporter().from_notebook_node(nbformat.v4.new_notebook())  # the page template is compiled once, here


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
        # imported here: nbformat, loaded by now (see LIGHT)
        import nbformat

        if _outputs and _outputs[-1].get("output_type") == "stream" and _outputs[-1].get("name") == self.name:
            _outputs[-1]["text"] += text
        elif text:
            _outputs.append(nbformat.v4.new_output("stream", name=self.name, text=text))
        return len(text)


def shell():
    """This process's IPython shell, made once: every page this process renders runs in it, so the imports
    (pandas, matplotlib, the package) are paid once per process, not per page. What a cell displays, prints,
    returns on its last line or raises becomes its outputs, as in a kernel (ipykernel's own shell is made the
    same way), without a kernel process or the messages between the two (a school page's cells: 0.14 s here,
    0.19 s in a kernel)."""
    if "shell" in _warm:
        return _warm["shell"]
    # imported here: the classes below are made of these (see LIGHT)
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
            _outputs.append(
                nbformat.v4.new_output(
                    "execute_result",
                    data=format_dict,
                    metadata=md_dict or {},
                    execution_count=self.shell.execution_count,
                )
            )

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
    ipython = NotebookShell.instance(config=Config({"HistoryManager": {"enabled": False}}), colors="nocolor")
    ipython.enable_matplotlib("inline")  # figures shown as PNG, as in a notebook kernel
    _warm["shell"] = ipython
    return ipython


def _fresh(ipython) -> None:
    """Before each page: every name the previous page defined goes (imported modules stay loaded), and so do
    the results it displayed. Not %reset, which also runs a full garbage collection over pandas and matplotlib
    (0.15 s a page); what a page leaves is freed as its names go."""
    keep = ipython.user_ns_hidden
    for name in [n for n in ipython.user_ns if n not in keep and not (n.startswith("__") and n.endswith("__"))]:
        del ipython.user_ns[name]
    hook = ipython.displayhook  # the last results shown (as DisplayHook.flush, without its garbage collection)
    hook._, hook.__, hook.___ = "", "", ""
    ipython.user_ns.update({"_": "", "__": "", "___": ""})
    ipython.user_ns["_oh"].clear()


def _run_cell(ipython, source: str, cwd: str) -> list:
    """One cell's outputs, run in ``ipython`` with ``cwd`` as the working folder."""
    _outputs.clear()
    here, streams = os.getcwd(), (sys.stdout, sys.stderr)
    os.chdir(cwd)
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    try:
        ipython.execution_count += 1
        ipython.run_cell(source, store_history=False)
    finally:
        sys.stdout, sys.stderr = streams
        os.chdir(here)
    return list(_outputs)


def register_engine() -> str:
    """A papermill engine that executes in this process's notebook shell (:func:`shell`); papermill still
    parameterizes the notebook, records each cell and fails on a cell's error as with its default engine.
    Each cell runs in the folder papermill was given (``cwd``), as a kernel started there would.
    Registered once per process; returns its name."""
    if "engine" in _warm:
        return ENGINE
    # imported here: the class below is made of it (see LIGHT)
    from papermill.engines import Engine, papermill_engines

    class InProcessEngine(Engine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            # imported here: matplotlib, loaded by the pages' warm-up by now (see LIGHT)
            import matplotlib

            ipython = shell()
            cwd = os.getcwd()  # papermill runs the engine in the cwd it was given
            _fresh(ipython)  # a fresh namespace for each page: nothing leaks from the page before
            with matplotlib.rc_context():  # nor its chart style (a page sets its own): each starts from the defaults
                for index, cell in enumerate(nb_man.nb.cells):
                    nb_man.cell_start(cell, index)
                    try:
                        if cell.cell_type == "code":
                            cell.outputs = _run_cell(ipython, cell.source, cwd)
                            cell.execution_count = ipython.execution_count
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


def focusable(page: str) -> str:
    page = _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', page)
    return _NO_ALT.sub('<img alt="No description has been provided for this image"', page)


def template_dirs() -> list[str]:
    """The folders of the package's nbconvert templates (the page template is ``page`` in it)."""
    return [str(resources.files("induction_analysis.report").joinpath("templates", "nbconvert"))]


def exporter():
    """This process's exporter of executed notebooks to pages, made once: nbconvert's HTML exporter with the
    package's page template, inputs and prompts left out, images embedded."""
    if "exporter" in _warm:
        return _warm["exporter"]
    # imported here: the class below is made of these (see LIGHT)
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        """nbconvert's HTML exporter, its last pass (BeautifulSoup) done by :func:`focusable`."""

        def from_notebook_node(self, nb, resources=None, **kw):
            # as HTMLExporter.from_notebook_node (nbconvert 7.16), up to its BeautifulSoup pass
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            self.register_filter(
                "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return focusable(page), resources

    _warm["exporter"] = PageExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=template_dirs(),
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    return _warm["exporter"]


def stop_processes(pool) -> None:
    """Stop the processes of a ``ProcessPoolExecutor`` whose every task is done, rather than let them unwind
    their modules (pandas, matplotlib, IPython: 0.6 s at the end of every run); the caller then shuts it down."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
