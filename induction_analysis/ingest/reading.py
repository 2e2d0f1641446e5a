"""Reading raw files: each file's sheets found, recognized and normalized into rows of the canonical tables
(:class:`FileResult`), and a run of files read together (:func:`read_files`, a :class:`Share`), in this process or in
one of the reading processes (:mod:`induction_analysis.ingest.reading_processes`), which import this module and
what it needs, not the rest of :mod:`induction_analysis.ingest.ingest`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from induction_analysis.config import Config
from induction_analysis.ingest import readers, recognize
from induction_analysis.ingest.cache import FILE_COLUMN
from induction_analysis.ingest.normalize import Source, normalize, with_line_text


def suggest(lines: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for section, items in more.items():
        have = lines.setdefault(section, [])
        have.extend(i for i in items if i not in have)


# Kinds that come as many small files (a log workbook per mentor, a roster per school year, a budget per fiscal
# year) and whose rows are normalized one by one: their sheets are normalized together, in one vectorized pass per
# set of fields, after every file has been read (see Source.combine). Not the surveys: a survey file's answer
# scales are read from the file as a whole (likert.file_scales).
BATCHED_KINDS = ("collaborative_log", "roster", "costs")
ISSUES_PART = "_issues"  # the row problems, collected like a table
ASSUMPTIONS_PART = "_assumptions"  # what was assumed about each file, collected like a table (ASSUMPTION_COLUMNS)
ASSUMPTION_COLUMNS = ["file", "kind", "subject", "assumption", "evidence", "config"]


@dataclass
class FileResult:
    """What one raw file gave: its rows of each table, its data-quality row, its row problems, the
    header text of each field per sheet (to name columns in messages) and the config lines that would
    map what was not recognized. Kept between runs by :class:`induction_analysis.ingest.cache.FileCache`.
    Its rows and row problems are moved into its :class:`Share`'s frames once its share is read (the
    batched kinds' rows are only there)."""

    row: dict
    tables: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    issues: list[pd.DataFrame] = field(default_factory=list)
    labels: dict[tuple[str, str | None], dict[str, str]] = field(default_factory=dict)
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    assumptions: list[pd.DataFrame] = field(default_factory=list)


def _assumption_frame(found: list[dict], sheet: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(found, columns=ASSUMPTION_COLUMNS)
    if sheet is not None:
        frame["subject"] = f"sheet '{sheet}': " + frame["subject"]
    return frame


def _read_file(
    path: Path, relative: str, config: Config, known: set[str], batched: list[tuple[str, Source]]
) -> FileResult:
    """One raw file; ``batched`` gets the sheets of the batched kinds, whose rows are counted as
    accepted until they are normalized (:func:`_normalize_batched`)."""
    result = FileResult(
        {
            "file": relative,
            "kind": None,
            "rows_read": 0,
            "rows_accepted": 0,
            "rows_rejected": 0,
            "rows_with_warnings": 0,
            "problem": "",
        }
    )
    row, tables, issues, suggestions = result.row, result.tables, result.issues, result.suggestions
    try:
        sheets = readers.read_grids(path, readers.Limits.from_config(config["limits"]))
    except readers.UnreadableFile as exc:
        row["problem"] = f"not read: {exc}"
        return result
    except (OSError, UnicodeError, ValueError) as exc:
        row["problem"] = f"not read: {exc}"
        return result
    kinds, problems = [], []
    for sheet in sheets:
        where = f"sheet '{sheet.name}': " if sheet.name is not None and len(sheets) > 1 else ""
        header = readers.find_header(sheet.grid, known)
        if header is None:
            if len(sheets) == 1 or sheet.grid.notna().any().any():
                problems.append(f"{where}no table found (no header row with column names)")
            continue
        frame, headers, totals = readers.table_from_grid(sheet.grid, header)
        found = recognize.recognize(headers, relative, config)
        if found.kind is None:
            problems.append(f"{where}not recognized: {found.hint}. Columns found: {', '.join(headers)}")
            suggest(suggestions, found.config_lines)
            continue
        for header_text, fld in recognize.unused_columns(found.kind, headers, found.columns, config):
            line = recognize.config_line(fld, header_text)
            problems.append(
                f"{where}column '{header_text}' was not used; if it holds {fld.replace('_', ' ')}, "
                f"add to your config under [columns.{found.kind}]: {line}"
            )
            suggest(suggestions, {f"[columns.{found.kind}]": [line]})
        if totals:
            problems.append(f"{where}{totals} total row(s) at the bottom not read as data")
        columns = found.columns
        if (
            found.kind == "costs"
        ):  # total lines are found by their words in any column, also when read with other sheets
            frame, headers, columns = with_line_text(frame, headers, columns)
        src = Source(frame, headers, columns, relative, sheet.name, config, layout=header.layout)
        result.labels[(relative, sheet.name)] = {fld: headers[pos] for fld, pos in columns.items()}
        rejected = 0
        if found.kind in BATCHED_KINDS:
            batched.append((found.kind, src))  # normalized with its kind's other sheets; its rejections are moved then
        else:
            for name, table in normalize(src, found.kind).items():
                tables.setdefault(name, []).append(table)
            problems.extend(where + note for note in [*src.notes, *src.file_notes.get(relative, [])])
            suggest(suggestions, src.suggestions)
            rejected = int(src.rejected.sum())
            if src.issues:
                issues.append(pd.concat(src.issues, ignore_index=True))
            if src.assumptions:
                result.assumptions.append(_assumption_frame(src.assumptions, sheet.name if len(sheets) > 1 else None))
        kinds.append(found.kind)
        row["rows_read"] += len(frame)
        row["rows_rejected"] += rejected
        row["rows_accepted"] += len(frame) - rejected
        if sheet.encoding == "cp1252":
            problems.append("read as Windows-1252 text (not UTF-8)")
    if kinds:
        row["kind"] = ", ".join(dict.fromkeys(kinds))
    row["problem"] = "; ".join(problems)
    return result


def _with_file(parts: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Parts of a table, each from one file, as one frame with its rows' file (``cache_file``)."""
    frame = pd.concat([part for _, part in parts], ignore_index=True)
    frame[FILE_COLUMN] = np.repeat(
        np.array([file for file, _ in parts], dtype=object), [len(part) for _, part in parts]
    )
    return frame


def _normalize_batched(
    batched: list[tuple[str, Source]], results: dict[str, FileResult]
) -> dict[str, list[pd.DataFrame]]:
    """Normalize the sheets of the batched kinds, one pass per kind and set of fields; each table's rows
    (and the row problems, as ``ISSUES_PART``) come back whole, each row with its file (``cache_file``),
    and each file gets its rejected-row counts and notes."""
    groups: dict[tuple, list[Source]] = {}
    for kind, src in batched:
        groups.setdefault((kind, frozenset(src.columns)), []).append(src)
    out: dict[str, list[pd.DataFrame]] = {}
    for (kind, _), sources in groups.items():
        src = Source.combine(sources)
        normalized = normalize(src, kind)
        # every row's file: from its source columns, or (a contact's standards) from its contact
        contacts = next((t for t in normalized.values() if "source_file" in t and "contact_id" in t), None)
        for name, table in normalized.items():
            if "source_file" in table:
                files = table["source_file"].to_numpy(dtype=object)
            else:
                files = contacts["source_file"].to_numpy(dtype=object)[
                    pd.Index(contacts["contact_id"]).get_indexer(table["contact_id"])
                ]
            out.setdefault(name, []).append(table.assign(**{FILE_COLUMN: files}))
        if src.issues:
            found = pd.concat(src.issues, ignore_index=True)
            out.setdefault(ISSUES_PART, []).append(found.assign(**{FILE_COLUMN: found["file"].to_numpy(dtype=object)}))
        for file, n in src.rejected.groupby(src.files()).sum().items():
            results[file].row["rows_rejected"] += int(n)
            results[file].row["rows_accepted"] -= int(n)
        for file in dict.fromkeys(src.files()):
            results[file].row["problem"] = "; ".join(
                p for p in [results[file].row["problem"], *src.notes, *src.file_notes.get(file, [])] if p
            )
        if src.assumptions:
            found = _assumption_frame(src.assumptions)
            out.setdefault(ASSUMPTIONS_PART, []).append(
                found.assign(**{FILE_COLUMN: found["file"].to_numpy(dtype=object)})
            )
    return out


@dataclass
class Share:
    """What reading some raw files gave: per file, its :class:`FileResult` without its rows; the rows of
    each table (and the row problems, as ``ISSUES_PART``), each with its file (``cache_file``), one frame
    per table rather than one per file (a worker process sends them back whole: hundreds of small frames
    cost more to send than their rows)."""

    results: dict[str, FileResult]
    tables: dict[str, list[pd.DataFrame]]


def read_files(todo: list[tuple[str, Path]], config: Config, progress: Callable[[str], None] | None = None) -> Share:
    """Read and normalize some raw files (in a worker process, or here), the batched kinds together."""
    known = recognize.known_headers(config)
    batched: list[tuple[str, Source]] = []
    results = {}
    for n, (relative, path) in enumerate(todo, 1):
        if progress:
            progress(f"[{n}/{len(todo)}] {relative}")
        results[relative] = _read_file(path, relative, config, known, batched)
    per_file: dict[str, list[tuple[str, pd.DataFrame]]] = {}
    for relative, result in results.items():
        for name, parts in [
            *result.tables.items(),
            (ISSUES_PART, result.issues),
            (ASSUMPTIONS_PART, result.assumptions),
        ]:
            per_file.setdefault(name, []).extend((relative, part) for part in parts)
        result.tables, result.issues, result.assumptions = {}, [], []
    # a file's rows of one table: those normalized with the file, then those normalized with the batch
    tables = {name: [_with_file(parts)] for name, parts in per_file.items() if parts}
    for name, frames in _normalize_batched(batched, results).items():
        tables.setdefault(name, []).extend(frames)
    return Share(results, tables)
