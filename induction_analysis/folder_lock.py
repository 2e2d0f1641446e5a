"""One run at a time per folder: the processed folder and the reports folder are held for a whole run.

A data administrator who starts the June job twice, or two people on a shared drive, would otherwise have two
runs writing the same canonical tables, cache and pages at once. Each folder a run writes gets a lock file
(``.induction-analysis.lock``, held with the operating system's file lock through the ``filelock`` library:
``flock`` on Linux and macOS, ``msvcrt`` on Windows, a lease file where the file system has neither), and
beside it a note of who holds it (``.induction-analysis.lock.json``: process, host, since when).

- A second run says in one line which folder is busy and since when, waits up to ``wait_seconds`` for it,
  then stops with one line, having written nothing.
- The operating system lets go of a lock when its process ends, however it ends, so a run that was killed
  leaves no lock behind; it does leave its note, which the next run finds, reports ("stopped without
  finishing") and replaces.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from induction_analysis.errors import UserError

LOCK_FILE = ".induction-analysis.lock"
HOLDER_FILE = ".induction-analysis.lock.json"
POLL_SECONDS = 0.25
NOTE_WAIT_SECONDS = 1.0


class FolderBusy(UserError):
    """Another run held a folder for longer than this run would wait."""


def _holder(folder: Path) -> dict | None:
    """The note of the run that holds (or last held, if it was killed) ``folder``'s lock."""
    try:
        note = json.loads((folder / HOLDER_FILE).read_text(encoding="utf-8"))
        return note if isinstance(note, dict) else None
    except (OSError, ValueError):
        return None


def _describe(note: dict | None) -> str:
    if not note:
        return "another run"
    return f"a run started {note.get('started', '?')} (process {note.get('pid', '?')} on {note.get('host', '?')})"


@contextmanager
def _hold_one(folder: Path, wait_seconds: float, say: Callable[[str], None]) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        note, deadline = _holder(folder), time.monotonic() + NOTE_WAIT_SECONDS
        while note is None and time.monotonic() < deadline:  # the holder writes its note just after taking the lock
            time.sleep(0.05)
            note = _holder(folder)
        busy = _describe(note)
        say(f"{folder} is busy: {busy} is writing to it; waiting up to {wait_seconds:g} s for it to finish ...")
        try:
            lock.acquire(timeout=wait_seconds, poll_interval=POLL_SECONDS)
        except Timeout:
            raise FolderBusy(
                f"{folder} is still busy after {wait_seconds:g} s: {busy} is writing to it; nothing was "
                "written. Run again once it has finished (or give --wait with more seconds)"
            ) from None
        say(f"{folder} is free: the other run has finished; going on.")
    try:
        left = _holder(folder)
        if left:  # its holder did not remove it: that run was killed (its lock went with its process)
            say(f"{folder}: {_describe(left)} stopped without finishing; its lock is taken over.")
        note = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
        }
        partial = folder / (HOLDER_FILE + f".{os.getpid()}")
        partial.write_text(json.dumps(note), encoding="utf-8")
        os.replace(partial, folder / HOLDER_FILE)
        try:
            yield
        finally:  # removed before the lock goes, so that a waiter never reads a finished run's note
            (folder / HOLDER_FILE).unlink(missing_ok=True)
    finally:
        lock.release()


@contextmanager
def hold(folders: Sequence[Path | str], wait_seconds: float, say: Callable[[str], None] = print) -> Iterator[None]:
    """Hold every folder of ``folders`` (created if missing) for the block. Folders are taken in one order
    (sorted, each once), so two runs never hold one each while waiting for the other's."""
    unique = sorted({Path(os.path.abspath(f)) for f in folders})
    with ExitStack() as stack:
        for folder in unique:
            stack.enter_context(_hold_one(folder, wait_seconds, say))
        yield
