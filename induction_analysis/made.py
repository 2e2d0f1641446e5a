"""The one record of what the runs made from what, and what a rerun keeps by it: ``made.json`` in the processed
folder's protected folder (``processed/protected/made.json``, its owner only). Two parts, each written by its
owner only:

- ``FILE_CACHE``: the file cache of the exports read (:mod:`induction_analysis.ingest.cache`): the generation
  folder of its tables, each table file's rows and SHA-256, and per raw file its key (path and bytes), its
  data-quality row, header labels and config lines;
- ``REPORTS``: per year folder of reports (its full path), ``pages``: per page the fingerprint of what it was
  rendered from and the page file's SHA-256 (``report.Batch``), and the tables made without the log, with the
  digests of what they were made from and of the files written (``runner.STANDALONE``).

A part is replaced by reading the record again, replacing that part and writing the whole record in one step
(:func:`write_atomically`): a run stopped at any point leaves the last complete record. Nothing is kept on
the record's word alone: each part holds the digests its owner checks first (a cached table's rows and SHA-256, a
page's or a table's SHA-256), so a lost, older or edited record only means work done again.

Standard library only: the command line, the runner and the page runner use it before pandas is imported.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

RECORD_FILE = "made.json"
FILE_CACHE = "file cache"
REPORTS = "reports"
FORMAT = 1


class RecordUnreadable(ValueError):
    """The record is there but is not one this version can read (cut short, edited, another format)."""


def record_path(protected: Path) -> Path:
    """The record of the processed folder whose protected folder is ``protected``."""
    return Path(protected) / RECORD_FILE


def read(protected: Path) -> dict:
    """The whole record (``{}`` when there is none). :class:`RecordUnreadable` when it cannot be read."""
    path = record_path(protected)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise RecordUnreadable(f"{path} could not be read ({type(exc).__name__})") from None
    try:
        record = json.loads(text)
    except ValueError:
        raise RecordUnreadable(f"{path} could not be read (not JSON: cut short or edited)") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise RecordUnreadable(f"{path} could not be read (not a record of this version)")
    return record


def part(protected: Path, name: str) -> dict | None:
    """One part of the record (``None`` when it is not there or the record cannot be read)."""
    try:
        found = read(protected).get(name)
    except RecordUnreadable:
        return None
    return found if isinstance(found, dict) else None


def replace(protected: Path, name: str, value: dict) -> None:
    """Replace one part of the record, the others as they are now (an unreadable record: the others are lost)."""
    _update(protected, lambda record: record.update({name: value}))


def _update(protected: Path, change: Callable[[dict], None]) -> None:
    """Read the record once, ``change`` it in place and write it whole, in one step (compact JSON: a large
    district's record is about 0.4 MB, written after each page)."""
    try:
        record = read(protected)
    except RecordUnreadable:
        record = {}
    change(record)
    record["format"] = FORMAT
    Path(protected).mkdir(parents=True, exist_ok=True, mode=0o700)  # owner-only, as the people lookup's folder
    text = json.dumps(record, sort_keys=True, separators=(",", ":"))
    write_atomically(record_path(protected), text.encode("utf-8"), mode=0o600)


def year_key(year_dir: Path) -> str:
    """A year folder's key in the ``REPORTS`` part: its full path (a moved reports folder is rendered again)."""
    return Path(year_dir).resolve().as_posix()


def report(protected: Path, year_dir: Path) -> dict:
    """What the last run kept of ``year_dir`` (``{}`` when nothing)."""
    found = (part(protected, REPORTS) or {}).get(year_key(year_dir))
    return found if isinstance(found, dict) else {}


def replace_report(protected: Path, year_dir: Path, value: dict) -> None:
    """Replace what is kept of ``year_dir``; what is kept of a year folder that is no longer there is dropped."""

    def change(record: dict) -> None:
        reports = record.get(REPORTS) if isinstance(record.get(REPORTS), dict) else {}
        record[REPORTS] = {
            folder: kept for folder, kept in reports.items() if isinstance(kept, dict) and Path(folder).is_dir()
        }
        record[REPORTS][year_key(year_dir)] = value

    _update(protected, change)


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (read in blocks, not whole), or ``None`` when there is no such file: what a
    rerun compares to tell a changed file (raw files, tables, pages and their inputs)."""
    if not path.is_file():
        return None
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def fsync_folder(folder: Path) -> None:
    """Make a folder's new entries (files written, renamed) durable; Windows has no such call for folders."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """``path`` holds ``data`` whole or is as it was: written to a file of its own beside it, flushed to the disk,
    then put in its place in one step (``os.replace``). Two writers each write their own file; the last one wins.
    ``mode``: the file's permissions (default: a new file's, as the user's umask makes them)."""
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(partial, mode if mode is not None else 0o666 & ~_umask())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
