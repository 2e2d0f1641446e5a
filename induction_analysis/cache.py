"""What each raw file gave last time, kept between runs: a rerun after one file is fixed re-reads
only that file.

A file's entry is keyed by its content (SHA-256 of its bytes) and its path in the raw folder (the
path is in every row's ``source_file``). The whole cache is dropped when anything that could change
how a file is read changes: the package's files (code, defaults, frameworks), or the district config
and the framework files it names. Entries of files no longer in the folder are dropped at each save.

Stored as data only: one parquet table per canonical table (each row with the raw file it came from)
and one JSON index (per file: its key, its data-quality row, its header labels and config lines).
The rows are normalized but not yet pseudonymized, so they hold names: the cache lives in the
protected folder beside the people lookup (``processed/protected/``, its owner only), never shared.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from induction_analysis.config import Config

CACHE_DIR = "cache"
INDEX_FILE = "index.json"
FILE_COLUMN = "cache_file"  # the raw file (relative path) each cached row came from
ISSUES = "_issues"
FORMAT = 1


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Every file of the installed package (code, defaults, frameworks, codebooks, templates)."""
    digest = hashlib.sha256()
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


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (read in blocks, not whole), or ``None`` when there is no such file: what a
    rerun compares to tell a changed file (raw files here, tables and pages' inputs in :mod:`report` and the cli)."""
    if not path.is_file():
        return None
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


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
    ``folder=None`` keeps nothing."""

    def __init__(self, folder: Path | None, config: Config):
        self.folder = Path(folder) / CACHE_DIR if folder is not None else None
        self.salt = f"{FORMAT}:{code_fingerprint()}:{config_fingerprint(config)}"
        self.index: dict[str, dict] = {}
        if self.folder is not None and (self.folder / INDEX_FILE).is_file():
            try:
                stored = json.loads((self.folder / INDEX_FILE).read_text(encoding="utf-8"))
                if stored.get("salt") == self.salt:
                    self.index = stored["files"]
            except (OSError, ValueError, KeyError):  # a damaged cache is not trusted: every file is read again
                self.index = {}

    def unchanged(self, relative: str, key: str) -> bool:
        return self.index.get(relative, {}).get("key") == key

    def load(self, files: list[str]) -> Kept:
        """The cached results of ``files`` (each one :meth:`unchanged`)."""
        kept = Kept(files={f: self.index[f] for f in files})
        if not files:
            return kept
        wanted = set(files)
        try:
            for path in sorted(self.folder.glob("*.parquet")):
                frame = pd.read_parquet(path)
                frame = frame[frame[FILE_COLUMN].isin(wanted)].reset_index(drop=True)
                if path.stem == ISSUES:
                    kept.issues = frame
                else:
                    kept.tables[path.stem] = frame
        except (OSError, ValueError, KeyError) as exc:
            raise CacheDamaged(str(exc)) from None
        return kept

    def save(self, files: dict[str, dict], tables: dict[str, pd.DataFrame], issues: pd.DataFrame) -> None:
        """This run's results (every table's rows with ``cache_file``), replacing last run's; nothing is
        written when every file was as last time."""
        if self.folder is None or files == self.index:
            return
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        self.folder.parent.chmod(0o700)
        partial = self.folder.with_name(CACHE_DIR + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(mode=0o700)
        for name, frame in {**tables, ISSUES: issues}.items():
            frame.to_parquet(partial / f"{name}.parquet", index=False)
        (partial / INDEX_FILE).write_text(json.dumps({"salt": self.salt, "files": files}), encoding="utf-8")
        for path in partial.iterdir():
            path.chmod(0o600)
        shutil.rmtree(self.folder, ignore_errors=True)
        partial.rename(self.folder)


class CacheDamaged(Exception):
    """The cache could not be read; the caller reads every file again."""
