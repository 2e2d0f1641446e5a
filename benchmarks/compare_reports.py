"""Do two versions write the same reports? For changes that must not change what a reader sees (a refactoring).

    .venv/bin/python benchmarks/compare_reports.py BASE [NEW] [--district sample|large|both] [--images] [--keep DIR]

BASE and NEW are git revisions (``main``, ``HEAD~3``, a hash); NEW defaults to the working tree (its tracked files
and its untracked ones that git does not ignore). Each version is exported (``git archive``) into a folder of its
own and installed there from its own uv.lock (``make .venv/.installed`` of that version, with the uv that ``make``
bootstrapped in this tree, ``.tools/uv-<version>/bin/uv``, and uv's shared cache). Then each version runs the June
job, ``induction-analysis run --raw RAW --year 2025-26 --out reports --processed processed``, from a folder of its
own, on the same raw folders: the sample district (400 teachers, 7 years: what ``make report`` writes) and the large
district of the speed benchmark (5,000 teachers, 10 years), both kept under ``benchmarks/.data/`` as
``benchmarks/run.py`` and ``benchmarks/compare_ingest.py`` keep them (written by NEW's ``induction-analysis sample``
the first time). The secret of the pseudonyms is the benchmarks' (``INDUCTION_ANALYSIS_SECRET_FILE``, by default
``<tmp>/induction-analysis-bench.key``), the same for both.

What is compared, for each district:

- files: every file of the two runs' folders (``reports/``, ``processed/``), hidden files, the rerun cache
  (``processed/protected/cache/``) and the record of what was made from what (``processed/protected/made.json``,
  which holds paths and times) aside; a file present in one only is a difference;
- report tables: every CSV of ``reports/<year>/tables/``, byte for byte (the rows that differ are shown);
- canonical tables: every parquet table of ``processed/`` and the protected people lookup, exactly (values, dtypes,
  column and row order: pandas' ``assert_frame_equal``), and the data-quality CSVs of ``processed/`` byte for byte;
- workbooks: every ``.xlsx`` of the reports (the DESE workbook), cell by cell (value and number format), sheet by
  sheet;
- pages: every HTML page's visible text (tags, scripts and styles stripped, a line per block of text), line by line;
- images (``--images``): every PNG chart embedded in a page, by bytes, else by pixels;
- console: what the run printed, stdout and stderr, with timings masked and the pages' progress lines (whose order
  is the rendering processes' race) compared as a set.

The executed notebooks (``reports/<year>/notebooks/*.ipynb``) are compared by presence only: their pages are.

Prints one line per district and category, ending with "identical" or "N differ", then the details of each
difference. Exits 0 when everything is identical, 1 otherwise. ``--keep DIR`` keeps the exports, their
environments and the runs' folders in DIR (default: a temporary folder, removed at the end).
"""

from __future__ import annotations

import argparse
import base64
import difflib
import io
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
YEAR = "2025-26"
DISTRICTS = {"sample": (400, 7), "large": (5000, 10)}  # teachers, years
CATEGORIES = ("files", "report tables", "canonical tables", "workbooks", "pages", "images", "console")
MAX_DETAIL_LINES = 12  # lines shown for each difference


@dataclass
class Outcome:
    """One category's comparison: how many things were compared, and each difference (its name, detail lines)."""

    category: str
    compared: int = 0
    differences: list[tuple[str, list[str]]] = field(default_factory=list)

    def differ(self, name: str, details: list[str] | None = None) -> None:
        details = list(details or [])
        if len(details) > MAX_DETAIL_LINES:
            details = [*details[:MAX_DETAIL_LINES], f"... ({len(details) - MAX_DETAIL_LINES} more lines)"]
        self.differences.append((name, details))

    def verdict(self) -> str:
        return "identical" if not self.differences else f"{len(self.differences)} differ"


# --- the comparisons: pure functions over two folders (or two texts) -----------------------------------------------


def files_of(folder: Path) -> set[str]:
    """The files of a run's folder, as paths relative to it: hidden files and folders, the rerun cache and the record
    of what was made aside."""
    if not folder.is_dir():
        return set()
    found = set()
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        hidden = any(part.startswith(".") for part in rel.parts)
        rerun = "protected/cache/" in rel.as_posix() or (rel.parent.name == "protected" and rel.name == "made.json")
        if path.is_file() and not hidden and not rerun:
            found.add(rel.as_posix())
    return found


def compare_files(base: Path, new: Path) -> Outcome:
    """Files present in one folder and not the other."""
    outcome = Outcome("files")
    in_base, in_new = files_of(base), files_of(new)
    outcome.compared = len(in_base | in_new)
    for name in sorted(in_base - in_new):
        outcome.differ(name, ["only in BASE"])
    for name in sorted(in_new - in_base):
        outcome.differ(name, ["only in NEW"])
    return outcome


def _common(base: Path, new: Path, pattern: str) -> list[str]:
    """The files matching ``pattern`` (relative to each folder) that both folders hold."""
    names = {p.relative_to(base).as_posix() for p in base.glob(pattern)} if base.is_dir() else set()
    return sorted(n for n in names if (new / n).is_file())


def csv_differences(base: bytes, new: bytes) -> list[str]:
    """What differs between two CSV files (empty when their bytes are the same): how many rows, then the first rows
    that differ, each as BASE's row (-) over NEW's (+)."""
    if base == new:
        return []
    a = base.decode("utf-8", errors="replace").splitlines()
    b = new.decode("utf-8", errors="replace").splitlines()
    if a == b:
        return ["same rows, other line endings or encoding"]
    if len(a) == len(b):
        rows = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        lines = [f"{len(rows)} of {len(a) - 1} rows differ" + (" (the header among them)" if rows[0] == 0 else "")]
        for i in rows[:3]:
            lines += [f"  line {i + 1}:", f"  - {a[i][:200]}", f"  + {b[i][:200]}"]
        return lines
    lines = [f"{len(a) - 1} rows in BASE, {len(b) - 1} in NEW"]
    diff = [d for d in difflib.unified_diff(a, b, lineterm="", n=0) if not d.startswith(("---", "+++"))]
    return lines + [f"  {d[:200]}" for d in diff[:9]]


def compare_csvs(base: Path, new: Path, pattern: str, category: str) -> Outcome:
    """Every CSV matching ``pattern`` that both folders hold, byte for byte (a file in one only is the files'
    business)."""
    outcome = Outcome(category)
    for name in _common(base, new, pattern):
        outcome.compared += 1
        found = csv_differences((base / name).read_bytes(), (new / name).read_bytes())
        if found:
            outcome.differ(name, found)
    return outcome


def compare_parquets(base: Path, new: Path, patterns: tuple[str, ...], outcome: Outcome) -> Outcome:
    """Every parquet table matching one of ``patterns`` that both folders hold, exactly: values, dtypes, column and
    row order."""
    import pandas as pd

    for pattern in patterns:
        for name in _common(base, new, pattern):
            outcome.compared += 1
            try:
                pd.testing.assert_frame_equal(
                    pd.read_parquet(base / name), pd.read_parquet(new / name), check_exact=True
                )
            except AssertionError as exc:
                outcome.differ(name, [line for line in str(exc).splitlines() if line.strip()])
    return outcome


def workbook_differences(base: Path, new: Path) -> list[str]:
    """What differs between two workbooks, cell by cell (value and number format), sheet by sheet."""
    import openpyxl

    a, b = openpyxl.load_workbook(base), openpyxl.load_workbook(new)
    found = []
    if a.sheetnames != b.sheetnames:
        found.append(f"sheets: BASE {a.sheetnames}, NEW {b.sheetnames}")
    for title in [t for t in a.sheetnames if t in b.sheetnames]:
        x, y = a[title], b[title]
        cells = 0
        shown = []
        for row in range(1, max(x.max_row, y.max_row) + 1):
            for column in range(1, max(x.max_column, y.max_column) + 1):
                cx, cy = x.cell(row=row, column=column), y.cell(row=row, column=column)
                if (cx.value, cx.number_format) != (cy.value, cy.number_format):
                    cells += 1
                    if len(shown) < 5:
                        shown.append(
                            f"  {title}!{cx.coordinate}: BASE {cx.value!r} ({cx.number_format}), "
                            f"NEW {cy.value!r} ({cy.number_format})"
                        )
        if cells:
            found += [f"sheet {title!r}: {cells} cell(s) differ", *shown]
    return found


def compare_workbooks(base: Path, new: Path) -> Outcome:
    outcome = Outcome("workbooks")
    for name in _common(base, new, "**/*.xlsx"):
        outcome.compared += 1
        found = workbook_differences(base / name, new / name)
        if found:
            outcome.differ(name, found)
    return outcome


class _VisibleText(HTMLParser):
    """A page's text as a reader sees it: no scripts, styles or templates; a line break around every block."""

    HIDDEN = {"script", "style", "template"}
    BLOCKS = {
        *"address article aside blockquote br caption dd details div dl dt figcaption figure footer form h1 h2 h3 h4 "
        "h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead title tr ul".split()
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    """A page's visible text, a line per block of text, each line's white space collapsed, empty lines left out."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]


# the time a run was made (the reports' index says "Reports produced 2026-12-05 08:14"): a date with a time of day;
# the pages' dates (contacts, meetings) have none
RUN_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b")


def page_text(html: str) -> list[str]:
    """A page's visible text with the times of day of its dates masked (the time the run was made)."""
    return [RUN_TIME.sub("<date and time>", line) for line in visible_text(html)]


LONG_LINE = 160  # a changed line longer than this is shown around what changed


def elide(base: str, new: str, context: int = 50) -> tuple[str, str]:
    """Two long versions of a line cut down to what differs, with ``context`` characters around it ("..." where
    cut)."""
    if max(len(base), len(new)) <= LONG_LINE:
        return base, new
    start = next((i for i, (x, y) in enumerate(zip(base, new, strict=False)) if x != y), min(len(base), len(new)))
    end = 0  # the common ending, not reaching into the common beginning
    while end < min(len(base), len(new)) - start and base[len(base) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    cut = max(0, start - context)
    if cut and " " in base[cut:start]:
        cut = base.index(" ", cut, start) + 1  # from a word's beginning

    def shown(line: str) -> str:
        stop = len(line) - max(0, end - context)
        return ("..." if cut else "") + line[cut:stop] + ("..." if stop < len(line) else "")

    return shown(base), shown(new)


def text_differences(base: list[str], new: list[str]) -> list[str]:
    """The lines that differ between two texts, a unified diff without context: BASE's (-) and NEW's (+); a long line
    changed in place is shown around what changed."""
    hunks: list[list[str]] = []
    for line in difflib.unified_diff(base, new, lineterm="", n=0):
        if line.startswith("@@"):
            hunks.append([line])
        elif hunks:  # the --- and +++ header lines come before the first hunk
            hunks[-1].append(line)
    out = []
    for header, *lines in hunks:
        removed = [line[1:] for line in lines if line.startswith("-")]
        added = [line[1:] for line in lines if line.startswith("+")]
        if len(removed) == len(added):
            pairs = [elide(a, b) for a, b in zip(removed, added, strict=True)]
            removed, added = [a for a, _ in pairs], [b for _, b in pairs]
        out += [f"  {header}", *(f"  -{line[:300]}" for line in removed), *(f"  +{line[:300]}" for line in added)]
    return out


def compare_pages(base: Path, new: Path) -> Outcome:
    outcome = Outcome("pages")
    for name in _common(base, new, "**/*.html"):
        outcome.compared += 1
        a, b = ((folder / name).read_text(encoding="utf-8") for folder in (base, new))
        found = text_differences(page_text(a), page_text(b))
        if found:
            outcome.differ(name, found)
    return outcome


PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")


def png_images(html: str) -> list[bytes]:
    """The PNG images embedded in a page (as data URIs), in the page's order."""
    return [base64.b64decode(m.group(1)) for m in PNG.finditer(html)]


def image_differences(base: list[bytes], new: list[bytes]) -> list[str]:
    """Which of two pages' images differ: by bytes, else by pixels (the same pixels are the same image)."""
    import numpy as np
    from matplotlib import image

    found = []
    if len(base) != len(new):
        found.append(f"{len(base)} images in BASE, {len(new)} in NEW")
    for n, (a, b) in enumerate(zip(base, new, strict=False), start=1):
        if a == b:
            continue
        x, y = image.imread(io.BytesIO(a), format="png"), image.imread(io.BytesIO(b), format="png")
        if x.shape != y.shape:
            found.append(f"image {n}: {x.shape[1]}x{x.shape[0]} pixels in BASE, {y.shape[1]}x{y.shape[0]} in NEW")
        elif not np.array_equal(x, y):
            found.append(f"image {n}: {int(np.any(x != y, axis=-1).sum())} of {x.shape[0] * x.shape[1]} pixels differ")
    return found


def compare_images(base: Path, new: Path) -> Outcome:
    outcome = Outcome("images")
    for name in _common(base, new, "**/*.html"):
        a = png_images((base / name).read_text(encoding="utf-8"))
        b = png_images((new / name).read_text(encoding="utf-8"))
        outcome.compared += max(len(a), len(b))
        found = image_differences(a, b)
        if found:
            outcome.differ(name, found)
    return outcome


SECONDS = re.compile(r"\d+(?:\.\d+)?\s?m?s\b")
PROGRESS = re.compile(r"^\s*\[\d+/\d+\]\s")


def masked_console(text: str) -> list[str]:
    """A run's console output as comparable lines: timings masked; the pages' progress lines (``[3/10] page.html``,
    in the order the rendering processes finish them, numbered in that order) unnumbered and sorted at the end."""
    lines, progress = [], []
    for line in text.splitlines():
        line = RUN_TIME.sub("<date and time>", SECONDS.sub("# s", line.rstrip()))
        if PROGRESS.match(line):
            progress.append(PROGRESS.sub("  [n/N] ", line))
        else:
            lines.append(line)
    return lines + sorted(progress)


def compare_console(base: dict[str, str], new: dict[str, str]) -> Outcome:
    """Two runs' console outputs, stream by stream (``{"stdout": ..., "stderr": ...}``)."""
    outcome = Outcome("console")
    for stream in sorted(base.keys() | new.keys()):
        outcome.compared += 1
        found = text_differences(masked_console(base.get(stream, "")), masked_console(new.get(stream, "")))
        if found:
            outcome.differ(stream, found)
    return outcome


def compare_runs(base: Path, new: Path, images: bool = False) -> list[Outcome]:
    """Every comparison of two runs' folders (each holding ``reports/``, ``processed/`` and the console's
    ``stdout.txt`` and ``stderr.txt``)."""
    reports, tables, processed = Path("reports"), Path("reports") / YEAR / "tables", Path("processed")
    canonical = compare_csvs(base / processed, new / processed, "*.csv", "canonical tables")
    compare_parquets(base / processed, new / processed, ("*.parquet", "protected/*.parquet"), canonical)
    outcomes = [
        compare_files(base, new),
        compare_csvs(base / tables, new / tables, "*.csv", "report tables"),
        canonical,
        compare_workbooks(base / reports, new / reports),
        compare_pages(base / reports, new / reports),
    ]
    if images:
        outcomes.append(compare_images(base / reports, new / reports))

    def console(folder: Path) -> dict[str, str]:
        return {
            s: (folder / f"{s}.txt").read_text(encoding="utf-8")
            for s in ("stdout", "stderr")
            if (folder / f"{s}.txt").exists()
        }

    outcomes.append(compare_console(console(base), console(new)))
    return outcomes


# --- the two versions: exported, installed, run ----------------------------------------------------------------------


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def export(rev: str | None, dest: Path) -> None:
    """Revision ``rev`` (None: the working tree, tracked and untracked files git does not ignore) into ``dest``."""
    dest.mkdir(parents=True)
    if rev is None:
        names = git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        for name in filter(None, names):
            source = ROOT / name
            if source.is_file():  # a deleted file git still tracks is not there
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / name)
        return
    archive = dest.parent / f"{dest.name}.tar"
    git("archive", "--format=tar", f"--output={archive}", rev)
    subprocess.run(["tar", "-xf", str(archive), "-C", str(dest)], check=True)
    archive.unlink()


def uv() -> Path:
    """The uv ``make`` bootstrapped in this tree (it is bootstrapped when missing)."""
    found = sorted(ROOT.glob(".tools/uv-*/bin/uv"))
    if not found:
        subprocess.run(["make", "-C", str(ROOT), "--quiet", ".venv/.installed"], check=True)
        found = sorted(ROOT.glob(".tools/uv-*/bin/uv"))
    return found[-1]


def install(code: Path, env: dict) -> None:
    """The version's environment, ``code/.venv``, from its uv.lock: its own ``make .venv/.installed``."""
    clean = {k: v for k, v in env.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    done = subprocess.run(
        ["make", "-C", str(code), "--quiet", ".venv/.installed", f"UV={uv()}", "PYTHON=python3"],
        env=clean,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"installing {code} failed:\n{done.stdout}\n{done.stderr}")


def make_secret(path: Path) -> None:
    """The district secret, made before the runs when missing (as ``induction-analysis`` makes it: 256 random bits
    in hex, owner-only), so that neither run says it made it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")


def raw_folder(district: str, code: Path, env: dict) -> Path:
    """The district's raw folder under benchmarks/.data/ (written by ``code``'s ``induction-analysis sample`` the
    first time, as benchmarks/run.py writes it)."""
    teachers, years = DISTRICTS[district]
    raw = HERE / ".data" / f"district-{teachers}-{years}" / "raw"
    if not (raw / ".sample-manifest.json").exists():
        print(f"Writing the {district} district ({teachers:,} teachers, {years} years) to {raw} ...", flush=True)
        shutil.rmtree(raw, ignore_errors=True)
        command = [str(code / ".venv" / "bin" / "induction-analysis"), "sample", "--out", str(raw)]
        subprocess.run([*command, "--teachers", str(teachers), "--years", str(years)], env=env, check=True)
    return raw


def run(code: Path, raw: Path, folder: Path, env: dict) -> tuple[float, int]:
    """The June run of the version in ``code`` on ``raw``, from ``folder`` (its reports and canonical tables go
    there, its console to stdout.txt and stderr.txt): its seconds and exit code."""
    folder.mkdir(parents=True)
    command = [str(code / ".venv" / "bin" / "induction-analysis"), "run", "--raw", str(raw), "--year", YEAR]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--out", "reports", "--processed", "processed"], cwd=folder, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    (folder / "stdout.txt").write_text(done.stdout, encoding="utf-8")
    (folder / "stderr.txt").write_text(done.stderr + (f"exit code {done.returncode}\n" if done.returncode else ""))
    return seconds, done.returncode


def grouped(differences: list[tuple[str, list[str]]]) -> list[tuple[list[str], list[str]]]:
    """The differences whose details are the same lines (a sentence every school's page shares), together: the names
    of each group, its details, in the order each group first comes."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for name, details in differences:
        groups.setdefault(tuple(details), []).append(name)
    return [(names, list(details)) for details, names in groups.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the version to compare with (a git revision: main, HEAD~1, a hash)")
    parser.add_argument("new", nargs="?", help="the version compared (a git revision; default: the working tree)")
    parser.add_argument("--district", choices=("sample", "large", "both"), default="both")
    parser.add_argument("--images", action="store_true", help="also compare the pages' PNG charts")
    parser.add_argument("--keep", type=Path, help="keep the exports, environments and runs in this (new) folder")
    args = parser.parse_args()
    started = time.perf_counter()

    labels = {"base": git("rev-parse", "--short", f"{args.base}^{{commit}}")}
    labels["new"] = git("rev-parse", "--short", f"{args.new}^{{commit}}") if args.new else "the working tree"
    env = {**os.environ}
    env.setdefault("INDUCTION_ANALYSIS_SECRET_FILE", str(Path(tempfile.gettempdir()) / "induction-analysis-bench.key"))
    make_secret(Path(env["INDUCTION_ANALYSIS_SECRET_FILE"]))
    districts = list(DISTRICTS) if args.district == "both" else [args.district]

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        work = args.keep.resolve()
    else:
        temporary = tempfile.TemporaryDirectory(prefix="compare-reports-")
        work = Path(temporary.name)
    try:
        for side, rev in (("base", args.base), ("new", args.new)):
            begun = time.perf_counter()
            export(rev, work / side)
            install(work / side, env)
            print(f"{side} ({labels[side]}): exported and installed in {time.perf_counter() - begun:.1f} s", flush=True)
        results: dict[str, list[Outcome]] = {}
        for district in districts:
            raw = raw_folder(district, work / "new", env)
            for side in ("base", "new"):
                seconds, code = run(work / side, raw, work / "runs" / district / side, env)
                failed = f", exit code {code}" if code else ""
                print(f"{district} ({raw}): {side} ({labels[side]}) ran in {seconds:.1f} s{failed}", flush=True)
            results[district] = compare_runs(
                work / "runs" / district / "base", work / "runs" / district / "new", args.images
            )
    finally:
        if not args.keep:
            temporary.cleanup()

    print(f"\nBASE {labels['base']} against NEW {labels['new']} ({time.perf_counter() - started:.0f} s in all):")
    for district, outcomes in results.items():
        for outcome in outcomes:
            print(f"{district:<7} {outcome.category:<17} {outcome.compared:>5} compared: {outcome.verdict()}")
    for district, outcomes in results.items():
        for outcome in outcomes:
            for names, details in grouped(outcome.differences):
                shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
                print(f"\n{district}, {outcome.category}: {shown}" + (" (the same lines)" if len(names) > 1 else ""))
                for line in details:
                    print(f"  {line}")
    return 1 if any(o.differences for outcomes in results.values() for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
