"""Does this working tree's ingest give exactly what another commit's gives? For changes that must not change a number.

    .venv/bin/python benchmarks/compare_ingest.py REF [--raw DIR ...]

REF is any commit (``main``, ``HEAD~3``, a hash). Both versions run ``induction-analysis ingest`` on each raw
folder (by default the two districts that ``benchmarks/run.py`` writes: 400 teachers over 7 years, and 5,000
over 10), with the same secret, each into its own processed folder. Then every canonical table, the protected
people lookup and the data-quality tables (``data_quality.csv``, ``rejected_rows.csv``, ``row_warnings.csv``)
are compared: the tables exactly (values, dtypes, column and row order), the CSV files byte for byte. The
rerun cache is not compared: how a version keeps what each file gave is its own business.

REF runs from a temporary git worktree, from a folder outside this repository (``python -m`` puts the
current folder before PYTHONPATH). Exits 1 when anything differs, after naming each difference.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_RAW = [HERE / ".data" / "district-400-7" / "raw", HERE / ".data" / "district-5000-10" / "raw"]
QUALITY_FILES = ("data_quality.csv", "rejected_rows.csv", "row_warnings.csv")


def ingest(code: Path, raw: Path, processed: Path, env: dict) -> float:
    """``induction-analysis ingest`` of the package in ``code``: its seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "induction_analysis", "ingest", "--raw", str(raw), "--processed", str(processed)],
        env={**env, "PYTHONPATH": str(code)},
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"ingest failed ({code}):\n{done.stderr}")
    return time.perf_counter() - started


def differences(ref: Path, new: Path) -> list[str]:
    """What differs between two processed folders, one line each."""
    found = []
    tables = sorted(p.relative_to(ref) for p in [*ref.glob("*.parquet"), *ref.glob("protected/people.parquet")])
    if sorted(p.relative_to(new) for p in [*new.glob("*.parquet"), *new.glob("protected/people.parquet")]) != tables:
        found.append("not the same tables")
    for name in tables:
        try:
            pd.testing.assert_frame_equal(pd.read_parquet(ref / name), pd.read_parquet(new / name), check_exact=True)
        except (AssertionError, FileNotFoundError) as exc:
            found.append(f"{name}: {' '.join(str(exc).split())[:300]}")
    for name in QUALITY_FILES:
        if not (new / name).exists() or not filecmp.cmp(ref / name, new / name, shallow=False):
            found.append(f"{name}: not the same bytes")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare with (main, HEAD~1, a hash)")
    parser.add_argument(
        "--raw", type=Path, action="append", help="a raw folder (repeatable; default: the benchmark's two districts)"
    )
    args = parser.parse_args()
    raws = [r.resolve() for r in args.raw] if args.raw else [r for r in DEFAULT_RAW if r.is_dir()]
    if not raws:
        sys.exit("no raw folder: give --raw, or run benchmarks/run.py first (it writes the districts)")
    env = {**os.environ}
    env.setdefault("INDUCTION_ANALYSIS_SECRET_FILE", str(Path(tempfile.gettempdir()) / "induction-analysis-bench.key"))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "ref"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(tree), args.ref], check=True
        )
        try:
            for n, raw in enumerate(raws):
                seconds_ref = ingest(tree, raw, Path(tmp) / f"{n}-ref", env)
                seconds_new = ingest(ROOT, raw, Path(tmp) / f"{n}-new", env)
                found = differences(Path(tmp) / f"{n}-ref", Path(tmp) / f"{n}-new")
                print(
                    f"{raw}: {args.ref} {seconds_ref:.1f} s, this tree {seconds_new:.1f} s: "
                    + ("identical" if not found else f"{len(found)} difference(s)")
                )
                for line in found:
                    print(f"  - {line}")
                failed = failed or bool(found)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
