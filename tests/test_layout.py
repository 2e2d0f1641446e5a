"""The package's shape (docs/architecture.md, "Imports"): no module imports, directly or through others, a module
that imports it back, and an import inside a function says why it is there (``# imported here: ...``).

Read from the source with ``ast``: every import counts, those inside functions and under ``if TYPE_CHECKING:``
too, relative ones resolved. An edge goes to the module a name is taken from (``from induction_analysis.ingest
import quality`` is an edge to ``induction_analysis.ingest.quality``, ``from induction_analysis import
__version__`` one to ``induction_analysis``), not to the packages above it, whose ``__init__`` files import nothing.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest

import induction_analysis

PACKAGE = Path(induction_analysis.__file__).resolve().parent
REASON = "# imported here:"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in path.parts}


def imported(node: ast.Import | ast.ImportFrom, name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules an import statement of module ``name`` (file ``path``) loads."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        if node.level:  # relative: from the module's package, one level up per dot beyond the first
            package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        # a name that is a submodule is that module; any other name is the base module's
        targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    return {target for target in targets if target in known}


def _imports(tree: ast.AST):
    """Every import statement of a module, and whether it sits inside a function."""

    def walk(node: ast.AST, in_function: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, in_function
            yield from walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    yield from walk(tree, False)


def import_graph() -> dict[str, set[str]]:
    """Per module of the package, the package's modules it imports (anywhere in it)."""
    found = modules()
    known = set(found)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[name] = set()
        for node, _ in _imports(tree):
            graph[name] |= imported(node, name, path, known) - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph``, each as its modules in import order (the first again at the end): one per
    strongly connected group of modules found by ``graphlib`` (it names one cycle and stops), the group's
    imports taken out and the rest sorted again, until none is left."""
    graph = {name: set(targets) for name, targets in graph.items()}
    found = []
    while True:
        try:
            graphlib.TopologicalSorter(graph).prepare()
            return found
        except graphlib.CycleError as exc:
            cycle = list(reversed(exc.args[1]))  # graphlib gives it against the arrows' direction
            found.append(cycle)
            for a, b in zip(cycle, cycle[1:]):
                graph[a].discard(b)


def function_level_imports_without_reason() -> list[str]:
    """``file:line: statement`` of each import inside a function with no ``# imported here:`` comment: on its
    line, or above it, among the comments, blank lines and import statements that lead to it."""
    missing = []
    for path in modules().values():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text, str(path))
        import_lines = set()
        for node, _ in _imports(tree):
            import_lines.update(range(node.lineno - 1, node.end_lineno))  # 0-based
        for node, in_function in _imports(tree):
            if not in_function:
                continue
            seen = lines[node.lineno - 1 : node.end_lineno]
            n = node.lineno - 2
            while n >= 0 and (n in import_lines or not lines[n].strip() or lines[n].strip().startswith("#")):
                seen.append(lines[n])
                n -= 1
            if not any(REASON in line for line in seen):
                missing.append(
                    f"{path.relative_to(PACKAGE.parent).as_posix()}:{node.lineno}: {lines[node.lineno - 1].strip()}"
                )
    return missing


def test_the_package_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, f"{len(found)} import cycle(s): " + "; ".join(" -> ".join(cycle) for cycle in found)


def test_every_import_inside_a_function_says_why():
    missing = function_level_imports_without_reason()
    assert not missing, (
        f"{len(missing)} import(s) inside a function without a '{REASON} <why>' comment (on the line or just "
        "above; move the import to the top of the module unless it is there for a measured start-up cost):\n"
        + "\n".join(missing)
    )


# The modules whose function-level imports are there for start-up cost, and what importing each must not load
# (their "# imported here:" comments say why).
LIGHT = {
    "induction_analysis.cli": ("pandas", "filelock", "multiprocessing", "papermill", "matplotlib"),
    "induction_analysis.runner": ("pandas", "filelock", "multiprocessing", "papermill", "matplotlib"),
    "induction_analysis.pipeline": ("pandas",),
    "induction_analysis.made": ("pandas",),
    "induction_analysis.report.reads": ("pandas",),
    "induction_analysis.ingest.reading_processes": ("pandas",),
    "induction_analysis.report.report": ("pandas", "papermill", "jinja2", "nbformat", "matplotlib"),
    "induction_analysis.report.notebook_engine": (
        "pandas",
        "IPython",
        "papermill",
        "nbformat",
        "nbconvert",
        "matplotlib",
    ),
    "induction_analysis.report.present": ("matplotlib", "sklearn", "openpyxl", "papermill"),
}


@pytest.mark.parametrize("module", sorted(LIGHT))
def test_start_up_imports_stay_out(module):
    code = f"import sys, {module}; print(' '.join(m for m in {LIGHT[module]!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], f"importing {module} loads {', '.join(loaded)}"


def test_the_graph_resolves_every_form_of_import(tmp_path, monkeypatch):
    """The graph and the check, on a package of their own: absolute and relative imports, a name taken from a
    module and a submodule taken from its package; a cycle through a function-level import is found."""
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("VERSION = 1\n")
    (root / "sub" / "__init__.py").write_text("")
    (root / "sub" / "a.py").write_text("from . import b\nfrom .. import VERSION\n")
    (root / "sub" / "b.py").write_text(
        "import os\n\n\ndef f():\n    from pkg.sub.c import g\n\n    # imported here: a reason\n"
        "    import pkg.top\n    import json\n"
    )
    (root / "sub" / "c.py").write_text("from pkg.sub import a\n\n\ndef g():\n    pass\n")
    (root / "top.py").write_text("from .sub.b import f\n")
    monkeypatch.setitem(globals(), "PACKAGE", root)
    graph = import_graph()
    assert graph == {
        "pkg": set(),
        "pkg.sub": set(),
        "pkg.sub.a": {"pkg.sub.b", "pkg"},
        "pkg.sub.b": {"pkg.sub.c", "pkg.top"},
        "pkg.sub.c": {"pkg.sub.a"},
        "pkg.top": {"pkg.sub.b"},
    }
    found = cycles(graph)
    assert sorted(sorted(set(cycle)) for cycle in found) == [
        ["pkg.sub.a", "pkg.sub.b", "pkg.sub.c"],
        ["pkg.sub.b", "pkg.top"],
    ]
    for cycle in found:
        assert cycle[0] == cycle[-1]
        assert all(b in graph[a] for a, b in zip(cycle, cycle[1:]))  # in the direction of the imports
    assert function_level_imports_without_reason() == ["pkg/sub/b.py:5: from pkg.sub.c import g"]
