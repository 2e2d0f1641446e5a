"""Two runs started at the same moment on the same folders, then one ordinary run: are its tables a clean run's?

    .venv/bin/python benchmarks/two_runs_at_once.py [--rounds 20] [--raw DIR]

What a data administrator does who starts the June job twice (or two people on a shared drive): two
``induction-analysis run`` commands with the same ``--out`` and ``--processed``, started together. Each round
starts two such runs, waits for both, then runs once more on the same folders, and compares what that run
wrote with what a run on fresh folders wrote: every report table (``tables/*.csv``, byte for byte) and every
canonical table (``processed/*.parquet``, frames equal). The folders are kept from round to round, as on a
real drive, so a damaged cache left by one round shows in the next.

For each round it prints the two runs' exit codes, which of them waited for the other (its console says the
folder is busy), and whether the third run's tables are identical to the clean run's. Exits 1 when any round
ends with different tables, or with a second run that neither waited nor said which folder was busy.
Without ``--raw`` it writes the sample district into a temporary folder.
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

YEAR = "2025-26"


def run(raw: Path, out: Path, processed: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "induction_analysis",
            "run",
            "--raw",
            str(raw),
            "--year",
            YEAR,
            "--out",
            str(out),
            "--processed",
            str(processed),
        ],
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def differences(ref_out: Path, ref_processed: Path, out: Path, processed: Path) -> list[str]:
    """What differs between a clean run's tables and another's, one line each."""
    found = []
    ref_tables, tables = ref_out / YEAR / "tables", out / YEAR / "tables"
    names = sorted(p.name for p in ref_tables.iterdir())
    if sorted(p.name for p in tables.iterdir()) != names:
        found.append("not the same report tables")
    for name in names:
        if not (tables / name).is_file() or not filecmp.cmp(ref_tables / name, tables / name, shallow=False):
            found.append(f"tables/{name}: not the same bytes")
    for path in sorted(ref_processed.glob("*.parquet")):
        try:
            pd.testing.assert_frame_equal(
                pd.read_parquet(path), pd.read_parquet(processed / path.name), check_exact=True
            )
        except (AssertionError, OSError) as exc:
            found.append(f"processed/{path.name}: {' '.join(str(exc).split())[:200]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--raw", type=Path, help="a district's exports (default: the sample, written to a temporary folder)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="two-runs-"))
    env = {**os.environ, "INDUCTION_ANALYSIS_SECRET_FILE": str(work / "district-secret.key")}
    raw = args.raw
    if raw is None:
        raw = work / "raw"
        subprocess.run(
            [sys.executable, "-m", "induction_analysis", "sample", "--out", str(raw)],
            env=env,
            check=True,
            capture_output=True,
            cwd=tempfile.gettempdir(),
        )
    ref_out, ref_processed = work / "clean" / "reports", work / "clean" / "processed"
    clean = run(raw, ref_out, ref_processed, env)
    if clean.wait() != 0:
        sys.exit(f"the clean run failed:\n{clean.stdout.read()}")
    out, processed = work / "shared" / "reports", work / "shared" / "processed"
    print(f"raw: {raw}; clean run in {ref_out.parent}; the rounds share {out} and {processed}", flush=True)
    failed = 0
    for n in range(1, args.rounds + 1):
        started = time.perf_counter()
        pair = [run(raw, out, processed, env), run(raw, out, processed, env)]
        texts = [p.communicate()[0] for p in pair]
        codes = [p.returncode for p in pair]
        busy = [any("busy" in line for line in text.splitlines()) for text in texts]
        third = run(raw, out, processed, env)
        third_text = third.communicate()[0]
        found = (
            differences(ref_out, ref_processed, out, processed) if third.returncode == 0 else ["the third run failed"]
        )
        waited = "run 1 waited" if busy[0] else "run 2 waited" if busy[1] else "neither waited"
        ok = not found and any(busy) and all(c == 0 or b for c, b in zip(codes, busy))
        failed += not ok
        print(
            f"round {n:2}: exit codes {codes[0]}, {codes[1]}; {waited}; third run exit {third.returncode}; "
            f"tables {'identical to a clean run' if not found else 'DIFFERENT: ' + '; '.join(found[:4])} "
            f"({time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        for text, was_busy in zip(texts, busy):
            if was_busy:
                print("          " + next(line for line in text.splitlines() if "busy" in line), flush=True)
        for text, code in zip([*texts, third_text], [*codes, third.returncode]):
            if code != 0:
                print("          " + (text.strip().splitlines() or ["(no output)"])[-1], flush=True)
    print(
        f"{args.rounds - failed} of {args.rounds} rounds ended with a clean run's tables and a second run that waited "
        f"or said "
        f"which folder was busy."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
