"""pyproject.toml, environment.yml and uv.lock agree; every declared package is used; the wheel carries the notebooks;
the data dictionary (docs/data-dictionary.md) documents every table."""

import csv
import json
import re
import tomllib
from pathlib import Path

import pytest

from induction_analysis import cli
from induction_analysis.ingest import schemas
from induction_analysis.metrics import analyses

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_names_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for group in project["optional-dependencies"].values() for r in group}
    env = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    listed = {_name(m) for m in re.findall(r"^  - ([A-Za-z][\w.-]*)[^:\n]*$", env, flags=re.M)}
    assert wanted <= listed, wanted - listed
    assert listed - {"python", "pip"} - wanted == set()


DICTIONARY = ROOT / "docs" / "data-dictionary.md"
#: The line of docs/data-dictionary.md after which the file is the output of `induction-analysis dictionary`
#: (the Makefile's `dictionary` target keeps everything down to it and writes that output after it).
GENERATED_BELOW = "<!-- Everything below this line is the output of `induction-analysis dictionary`"


def _dictionary_parts() -> tuple[str, str]:
    """docs/data-dictionary.md as its hand-written head and its generated part."""
    text = DICTIONARY.read_text()
    lines = text.splitlines(keepends=True)
    marker = [i for i, line in enumerate(lines) if line.startswith(GENERATED_BELOW)]
    assert len(marker) == 1, f"{DICTIONARY.name} needs exactly one line starting {GENERATED_BELOW!r}"
    return "".join(lines[: marker[0] + 1]), "".join(lines[marker[0] + 1 :])


def test_data_dictionary_is_current(capsys):
    """The generated part of docs/data-dictionary.md is exactly what `induction-analysis dictionary` prints now."""
    dictionary = DICTIONARY.read_text()
    assert schemas.data_dictionary_markdown() in dictionary, "run: make dictionary"
    assert analyses.dictionary_markdown() in dictionary, "run: make dictionary"
    capsys.readouterr()
    assert cli.main(["dictionary"]) == 0
    printed = capsys.readouterr().out
    assert _dictionary_parts()[1] == printed, (
        "run: make dictionary (docs/data-dictionary.md is not the output of induction-analysis dictionary)"
    )


def _documented_columns(markdown: str) -> dict[str, list[str]]:
    """Each `#### `name.csv`` heading's table of columns (a heading naming two files gives both the same columns)."""
    tables, names = {}, []
    for line in markdown.splitlines():
        if line.startswith("#### "):
            names = re.findall(r"`([\w.]+)\.csv`", line)
            for name in names:
                tables[name] = []
        elif names and (cell := re.match(r"\| `(\w+)` \|", line)):
            for name in names:
                tables[name].append(cell[1])
    return tables


@pytest.mark.slow
def test_data_dictionary_describes_the_data_quality_tables_a_run_writes(report_dir):
    """The hand-written head of the data dictionary has every data-quality table a run writes, with its columns in
    order: every CSV of tables/ that is not a report table (those are generated) is described there."""
    head, generated = _dictionary_parts()
    by_hand, report_tables = _documented_columns(head), _documented_columns(generated)
    written = {path.stem: path for path in (report_dir[0] / "tables").glob("*.csv")}
    assert set(written) - set(report_tables) == set(by_hand), (
        "describe each data-quality table in docs/data-dictionary.md"
    )
    for name, columns in by_hand.items():
        with written[name].open(encoding="utf-8-sig", newline="") as f:
            assert next(csv.reader(f)) == columns, name


def test_readme_quick_start_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start") :]
    assert quick.index("make report") < quick.index("make test")


# --- the locked install, the shipped package, the notebooks as a Jupyter user meets them ---------------------------

import ast  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402

from packaging.requirements import Requirement  # noqa: E402

KERNEL = "induction-analysis"


def _uv() -> str | None:
    """The uv the Makefile installs (it passes its path as UV), or one on the PATH."""
    for candidate in (os.environ.get("UV"), *map(str, sorted(ROOT.glob(".tools/uv-*/bin/uv"))), shutil.which("uv")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _declared_requirements() -> set[tuple[str, str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [(Requirement(r), None) for r in project["dependencies"]]
    reqs += [(Requirement(r), extra) for extra, group in project["optional-dependencies"].items() for r in group]
    return {(r.name.lower(), str(r.specifier), f"extra == '{extra}'" if extra else "") for r, extra in reqs}


def test_environment_yml_has_the_bounds_of_pyproject():
    env = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    listed = {_name(m): m for m in re.findall(r"^  - ([A-Za-z][^\s#]*)", env, flags=re.M)}
    for name, specifier, _ in _declared_requirements():
        assert str(Requirement(listed[name]).specifier) == specifier, (name, listed[name], specifier)


def test_uv_lock_was_resolved_from_pyproject():
    """uv.lock records what pyproject.toml asked for when it was resolved: the same requirements (make lock)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    package = next(p for p in lock["package"] if p["name"] == "induction-analysis")
    recorded = {
        (r["name"].lower(), str(Requirement(r["name"] + r.get("specifier", "")).specifier), r.get("marker", ""))
        for r in package["metadata"]["requires-dist"]
    }
    assert recorded == _declared_requirements(), "run: make lock"
    assert lock["requires-python"] == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]


@pytest.mark.skipif(_uv() is None, reason="uv is not installed: make test installs it (.tools/uv-<version>/bin/uv)")
def test_uv_lock_is_current():
    """uv's own check (offline) that uv.lock satisfies pyproject.toml, as `make` does before installing from it."""
    done = subprocess.run(
        [_uv(), "lock", "--check", "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )
    assert done.returncode == 0, done.stderr


# packages declared but not imported by name in the package or the tests, and what they are for
USED_WITHOUT_IMPORT = {
    "defusedxml": "openpyxl parses workbook XML through it when it is installed",
    "ipykernel": "the Jupyter kernel (induction-analysis) of JupyterLab, nbval and papermill's command line",
    "nbval": "the pytest plugin that runs the notebooks (addopts --nbval-lax)",
    "jupyterlab": "make lab",
    "ruff": "make test runs ruff check and ruff format --check",
    "polars": "benchmarks/columnar_probe.py",
    "fastexcel": "benchmarks/columnar_probe.py",
}
IMPORT_NAMES = {"python-calamine": "python_calamine", "pyyaml": "yaml", "scikit-learn": "sklearn", "ipython": "IPython"}


def test_every_declared_package_is_used():
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("induction_analysis", "tests")
        for p in (ROOT / folder).rglob("*.py")
    )
    imported = set()
    for node in ast.walk(ast.parse(sources)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    unused = {
        name
        for name, _, _ in _declared_requirements()
        if IMPORT_NAMES.get(name, name) not in imported and name not in USED_WITHOUT_IMPORT
    }
    assert unused == set()
    assert "seaborn" not in {name for name, _, _ in _declared_requirements()}


def test_notebooks_name_the_project_kernel_and_default_to_what_make_report_writes():
    """Opened in JupyterLab (make lab), a notebook starts the project's kernel and reads, with its defaults, the
    folders `make report` writes: run from notebooks/, ../reports/<year>/tables and ../data/processed."""
    import papermill

    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^KERNEL\s*:= {KERNEL}$", makefile, flags=re.M)
    assert "--out reports --processed data/processed" in makefile
    year = re.search(r"^YEAR\s*:= (\S+)$", makefile, flags=re.M).group(1)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == KERNEL, path.name
        defaults = {k: ast.literal_eval(v["default"]) for k, v in papermill.inspect_notebook(str(path)).items()}
        assert defaults["school_year"] == year and defaults["tables_dir"] == f"../reports/{year}/tables", path.name
        if "processed_dir" in defaults:
            assert defaults["processed_dir"] == "../data/processed", path.name


@pytest.mark.slow
@pytest.mark.skipif(_uv() is None, reason="uv is not installed: make test installs it (.tools/uv-<version>/bin/uv)")
def test_the_wheel_carries_what_a_run_needs(report_dir, tmp_path):
    """A wheel (what `pip install .` builds and installs) carries the notebooks, byte for byte those of the
    top-level notebooks/, and the templates, frameworks, codebooks and defaults; installed, the package finds its
    notebooks and templates through importlib.resources, and renders a page from them."""
    done = subprocess.run(
        [_uv(), "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )
    assert done.returncode == 0, done.stderr
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("*.whl")))
    names = set(wheel.namelist())
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert len(notebooks) == 5
    for path in notebooks:
        assert wheel.read(f"induction_analysis/notebooks/{path.name}") == path.read_bytes(), path.name
    package = ROOT / "induction_analysis"
    for path in [
        *package.glob("*.toml"),
        *package.glob("frameworks/*.csv"),
        *package.glob("codebooks/*.yaml"),
        *package.glob("report/templates/**/*.*"),
        *package.glob("*/__init__.py"),
    ]:
        assert path.relative_to(ROOT).as_posix() in names, path
    site = tmp_path / "site"
    wheel.extractall(site)
    year = report_dir[0]
    script = f"""
import sys
from pathlib import Path
from induction_analysis.report import notebook_engine, report
assert Path(report.__file__).is_relative_to({str(site)!r}), report.__file__
print(report.notebooks_dir())
print(notebook_engine.template_dirs()[0])
params = {{"school_year": "2025-26", "tables_dir": {str(year / "tables")!r},
          "processed_dir": {str(year / "processed")!r}}}
print(report.render(report.DASHBOARDS[0], params, Path({str(tmp_path / "out")!r})))
"""
    # the unpacked wheel first on the path, as a plain install puts it (the source checkout is not on it)
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    found, templates, page = ran.stdout.split()
    assert found == str(site / "induction_analysis" / "notebooks")
    assert templates == str(site / "induction_analysis" / "report" / "templates" / "nbconvert")
    assert "Data quality, 2025-26" in Path(page).read_text(encoding="utf-8")
