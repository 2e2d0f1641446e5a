"""The processes that read raw files beside the main one (see :func:`induction_analysis.ingest.ingest.ingest`); each
reads with :func:`induction_analysis.ingest.reading.read_files`.

This module imports neither pandas nor the rest of the package, so that ``induction-analysis ingest`` can
start its reading process first thing: the process imports what reading needs (0.6 s) while this one
imports the same, instead of after it.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PARALLEL_FROM_MB = (
    8  # raw megabytes to read (about 10 s alone) before more processes are worth their start (a second each)
)


def start(workers: int) -> ProcessPoolExecutor:
    """``workers - 1`` reading processes, launched now and importing what reading needs. Spawned, not
    forked: the parent holds pyarrow's and pandas' threads, which a forked child must not inherit."""
    pool = ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(workers - 1):  # a pool spawns a process only when none is idle: one task each launches them all
        pool.submit(_ready)
    return pool


def _ready() -> None:
    # imported here: in the reading process, first thing; at the top it would import pandas and the readers (4.2 s)
    # into the CLI before the process is started, which it is so that both processes import them at once
    import induction_analysis.ingest.reading  # noqa: F401  (what reading a file needs)


def large(raw_dir: Path) -> bool:
    """Whether ``raw_dir`` holds enough to read in more than one process (by its files' bytes, counted
    without opening them)."""
    total = 0
    for folder, _, names in os.walk(raw_dir):
        for name in names:
            try:
                total += os.stat(os.path.join(folder, name)).st_size
            except OSError:
                continue
            if total >= PARALLEL_FROM_MB * 2**20:
                return True
    return False
