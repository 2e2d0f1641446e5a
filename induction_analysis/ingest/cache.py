"""What each raw file gave last time, kept between runs: a rerun after one file is fixed re-reads
only that file.

A file's entry is keyed by its content (SHA-256 of its bytes) and its path in the raw folder (the
path is in every row's ``source_file``). The whole cache is dropped when anything that could change
how a file is read changes: the package's files (code, defaults, frameworks) and the versions of the
libraries it runs on, or the district config and the framework files it names. Entries of files no
longer in the folder are dropped at each save.

Stored as data only: one parquet table per canonical table (each row with the raw file it came from)
in a generation folder, and an index (per file: its key, its data-quality row, its header labels and config
lines; per table file: its rows and SHA-256), written last, as the ``FILE_CACHE`` part of the processed folder's
record of what was made from what (:mod:`induction_analysis.made`), and checked at every load (see
:class:`FileCache`).
The rows are normalized but not yet pseudonymized, so they hold names: the cache lives in the
protected folder beside the people lookup (``processed/protected/``, its owner only), never shared.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from induction_analysis import made
from induction_analysis.config import Config
from induction_analysis.made import file_digest, fsync_folder

CACHE_DIR = "cache"
FILE_COLUMN = "cache_file"  # the raw file (relative path) each cached row came from
ISSUES = "_issues"
FORMAT = 3  # 2: tables in a generation folder, the index written last with each table's rows and digest; 3: the
# index is a part of the processed folder's record (made.json), no longer cache/index.json


DISTRIBUTION = "induction-analysis"


def library_versions() -> list[str]:
    """``name==version`` of each library the package requires (pyproject.toml's dependencies) and numpy: an
    upgrade of one can change a table or a page as a change of the code can. Empty when the package is not
    installed (its requirements unknown)."""
    try:
        required = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    names = {re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0].lower() for r in required if "extra ==" not in r}
    out = []
    for name in sorted(names | {"numpy"}):
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return out


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Every file of the installed package (code, defaults, frameworks, codebooks, templates), and the versions
    of the libraries it runs on (:func:`library_versions`)."""
    digest = hashlib.sha256(json.dumps(library_versions()).encode())
    root = Path(str(resources.files("induction_analysis")))
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def config_fingerprint(config: Config) -> str:
    digest = hashlib.sha256(json.dumps(config.data, sort_keys=True, default=str).encode())
    fw = config["frameworks"]
    for value in [fw["default"], *fw.get("by_year", {}).values()]:
        if Path(value).is_file():  # a district's own framework file, not a shipped name
            digest.update(Path(value).read_bytes())
    return digest.hexdigest()


def file_key(relative: str, path: Path) -> str:
    """A raw file's key in the cache: its path in the raw folder and its bytes."""
    return hashlib.sha256(f"{relative}\0{file_digest(path)}".encode()).hexdigest()


@dataclass
class Kept:
    """Last run's results of the unchanged files: each table's rows (with ``cache_file``), the row
    problems, and per file its data-quality row, header labels and config lines."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    issues: pd.DataFrame | None = None
    files: dict[str, dict] = field(default_factory=dict)


class FileCache:
    """``cache = FileCache(folder, config)``; ``cache.unchanged(relative, key)`` says whether last run
    read this very file; ``cache.load(files)`` gives their results; ``cache.save(...)`` keeps this run's.
    ``folder=None`` keeps nothing.

    A cache cannot lie. Each save writes its tables into a folder of its own (a *generation*,
    ``cache/g-...``), flushes them to the disk, and only then writes the index (the ``FILE_CACHE`` part of
    ``made.json``, the record replaced in one step), which names the generation and records, for every table
    file, its row count and SHA-256.
    :meth:`load` checks every table the index lists against both; on any missing file or mismatch it raises
    :class:`CacheDamaged` (the caller says so and reads every file again). A save interrupted at any point
    leaves the last complete index and its generation as they were. A save removes the generation its index
    replaced, and what killed saves left (an hour old), never a generation another save may be writing.
    The CLI holds the processed folder for the whole run (:mod:`induction_analysis.folder_lock`), so two runs
    do not share a cache at once; this class stays truthful even when they do (a test interleaves two saves)."""

    def __init__(self, folder: Path | None, config: Config):
        """``folder``: the protected folder of the processed tables (the cache is its ``cache`` folder, the index
        a part of its record)."""
        self.protected = Path(folder) if folder is not None else None
        self.folder = self.protected / CACHE_DIR if self.protected is not None else None
        self.salt = f"{FORMAT}:{code_fingerprint()}:{config_fingerprint(config)}"
        self.index: dict[str, dict] = {}
        self.generation: str | None = None
        self.tables: dict[str, dict] = {}
        self.damaged: str | None = None  # why the index could not be used, when it was there but unreadable
        self.where = f"{made.record_path(self.protected)} ({made.FILE_CACHE!r})" if folder is not None else ""
        stored = None
        if self.protected is not None:
            try:
                stored = made.read(self.protected).get(made.FILE_CACHE)
            except made.RecordUnreadable as exc:
                self.damaged = str(exc)
        if stored is not None:
            try:
                if stored.get("salt") == self.salt:  # else: another version or config, whose files are all read again
                    self.generation, self.tables, self.index = stored["generation"], stored["tables"], stored["files"]
                    if (
                        not isinstance(self.generation, str)
                        or not isinstance(self.tables, dict)
                        or not isinstance(self.index, dict)
                    ):
                        raise ValueError("not an index of this version")
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                self.index, self.tables, self.generation = {}, {}, None
                self.damaged = f"{self.where} could not be read ({type(exc).__name__})"

    def unchanged(self, relative: str, key: str) -> bool:
        return self.index.get(relative, {}).get("key") == key

    def load(self, files: list[str]) -> Kept:
        """The cached results of ``files`` (each one :meth:`unchanged`), after checking that every table the index
        lists is there with its row count and digest (:class:`CacheDamaged` when one is not)."""
        kept = Kept(files={f: self.index[f] for f in files})
        if not files:
            return kept
        wanted = set(files)
        folder = self.folder / self.generation
        if ISSUES not in self.tables:  # every save writes it, even empty
            raise self._damaged(f"{self.where} lists no table of row problems")
        for name, record in sorted(self.tables.items()):
            path = folder / str(record.get("file"))
            try:
                data = path.read_bytes()
            except OSError:
                raise self._damaged(f"{path} is missing") from None
            if hashlib.sha256(data).hexdigest() != record.get("sha256"):
                raise self._damaged(f"{path} is not the file its index describes (its SHA-256 differs)")
            try:
                frame = pd.read_parquet(io.BytesIO(data))
            except (OSError, ValueError, KeyError) as exc:
                raise self._damaged(f"{path} could not be read ({type(exc).__name__})") from None
            if len(frame) != record.get("rows") or FILE_COLUMN not in frame.columns:
                raise self._damaged(f"{path} has {len(frame)} rows where its index says {record.get('rows')}")
            frame = frame[frame[FILE_COLUMN].isin(wanted)].reset_index(drop=True)
            if name == ISSUES:
                kept.issues = frame
            else:
                kept.tables[name] = frame
        return kept

    def _damaged(self, reason: str) -> CacheDamaged:
        """The cache is not used this run, and the next save rewrites it whole."""
        self.damaged = reason
        return CacheDamaged(reason)

    def save(self, files: dict[str, dict], tables: dict[str, pd.DataFrame], issues: pd.DataFrame) -> None:
        """This run's results (every table's rows with ``cache_file``), replacing last run's; nothing is
        written when every file was as last time."""
        if self.folder is None or (files == self.index and self.damaged is None):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for folder in (self.folder.parent, self.folder):
            folder.chmod(0o700)
        generation = Path(tempfile.mkdtemp(dir=self.folder, prefix=GENERATION_PREFIX))  # owner-only, a name of its own
        try:
            records = {
                name: _write_table(generation / f"{name}.parquet", frame)
                for name, frame in {**tables, ISSUES: issues}.items()
            }
            fsync_folder(generation)
            # the index as it is now (another save's, when two run at once): the generation it names is replaced,
            # and one already there when it was written is no other save's work
            replaced, orphaned_before = _named_generation(self.protected)
            made.replace(
                self.protected,
                made.FILE_CACHE,
                {
                    "salt": self.salt,
                    "generation": generation.name,
                    "tables": records,
                    "files": files,
                    "written": time.time(),
                },
            )
        except BaseException:  # the index still names the last complete generation; this one is not kept
            shutil.rmtree(generation, ignore_errors=True)
            raise
        self.index, self.tables, self.generation, self.damaged = files, records, generation.name, None
        _remove_old(self.folder, keep=generation.name, replaced=replaced, orphaned_before=orphaned_before)


GENERATION_PREFIX = "g-"
LEFTOVER_AFTER_SECONDS = 3600  # a generation no index names, this old, was left by a save that was killed


def _named_generation(protected: Path) -> tuple[str | None, float]:
    """The generation the index names now, and when that index was written (0: no index)."""
    index = made.part(protected, made.FILE_CACHE) or {}
    named, written = index.get("generation"), index.get("written")
    return (named if isinstance(named, str) else None), (written if isinstance(written, (int, float)) else 0.0)


def _remove_old(folder: Path, keep: str, replaced: str | None, orphaned_before: float) -> None:
    """After a save: the generation its index replaced, generations left by killed saves (already there when that
    index was written, or an hour old), and what an older version of the cache kept here (its index.json too). A
    generation another save may be writing right now is left alone."""
    now = time.time()
    for path in folder.iterdir():
        if path.name == keep:
            continue
        if path.name.startswith(GENERATION_PREFIX) or path.name.endswith(".partial"):  # this version's: only if unused
            try:
                changed = path.stat().st_mtime
                leftover = changed < orphaned_before or now - changed > LEFTOVER_AFTER_SECONDS
            except OSError:
                continue
            if path.name == replaced or leftover:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(folder.with_name(CACHE_DIR + ".partial"), ignore_errors=True)  # an older version's


def _write_table(path: Path, frame: pd.DataFrame) -> dict:
    """One table of a generation, flushed to the disk: its file name, row count and SHA-256."""
    frame.to_parquet(path, index=False)
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    path.chmod(0o600)
    return {"file": path.name, "rows": len(frame), "sha256": digest}


class CacheDamaged(Exception):
    """The cache could not be read; the caller reads every file again."""
