"""Reading raw exports into grids of cells, and finding the header row in a grid.

Only :mod:`induction_analysis.ingest.ingest` calls these. A grid keeps every row of the
sheet, blank ones included, so that grid index + 1 is the row number the
spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from induction_analysis.ingest.parsing import normalize_header

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
HEADER_SEARCH_ROWS = 30
TOTAL_WORDS = ("total", "grand total", "totals", "sum", "subtotal")


class UnreadableFile(Exception):
    """The file could not be opened as a table; the message says why, in plain words."""


@dataclass(frozen=True)
class Limits:
    """What a raw file may be before it is refused unread (config ``[limits]``)."""

    max_file_mb: float = 200
    max_sheets: int = 200
    max_uncompressed_mb: float = 2000
    max_compression_ratio: float = 200

    @classmethod
    def from_config(cls, section: dict) -> Limits:
        return cls(
            **{
                k: section[k]
                for k in ("max_file_mb", "max_sheets", "max_uncompressed_mb", "max_compression_ratio")
                if k in section
            }
        )


MB = 1024 * 1024
_SHEET_PART = re.compile(r"xl/(worksheets|chartsheets)/[^/]+\.(xml|bin)$")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def guard(path: Path, limits: Limits) -> None:
    """Refuse a file that is too big, or a workbook that unpacks to too much, holds too many
    sheets, or declares XML entities (which Excel never writes: a billion-laughs or external
    entity attack). Only the zip directory and the first bytes of each XML part are read."""
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise UnreadableFile(
            f"the file is {size / MB:,.0f} MB, over the limit of {limits.max_file_mb:,.0f} MB "
            "([limits] max_file_mb in the config)"
        )
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > limits.max_uncompressed_mb * MB or (
                unpacked > 50 * MB and unpacked > limits.max_compression_ratio * max(size, 1)
            ):
                raise UnreadableFile(
                    f"the workbook would unpack to {unpacked / MB:,.0f} MB from {size / MB:,.1f} MB on disk; "
                    "refused as a possible zip bomb ([limits] max_uncompressed_mb, max_compression_ratio)"
                )
            sheets = sum(1 for p in parts if _SHEET_PART.match(p.filename))
            if sheets > limits.max_sheets:
                raise UnreadableFile(
                    f"the workbook has {sheets} sheets, over the limit of {limits.max_sheets} ([limits] max_sheets)"
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels")) and part.file_size:
                    with book.open(part) as fh:
                        head = fh.read(4096)
                    if _DTD.search(head):
                        raise UnreadableFile(
                            f"part {part.filename} of the workbook declares XML entities (<!DOCTYPE>), which "
                            "spreadsheet programs never write; refused as a possible XML attack"
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise UnreadableFile(f"the workbook could not be opened (damaged, or not really Excel): {exc}") from None


@dataclass
class Sheet:
    name: str | None  # None for a CSV
    grid: pd.DataFrame  # header=None, object cells; index 0 is spreadsheet row 1
    encoding: str | None = None


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), else Windows cp1252."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def read_csv_grid(path: Path) -> Sheet:
    raw = path.read_bytes()
    if not raw.strip():
        raise UnreadableFile("the file is empty")
    text, encoding = decode(raw)
    sample = text[:20000]
    delimiter = "\t" if path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",") else ","
    head = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
    width = max((len(r) for r in head), default=1)
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            header=None,
            names=range(width),
            dtype="object",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            delimiter=delimiter,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        # ragged rows wider than the header: fall back to the csv module
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        grid = pd.DataFrame(rows, dtype="object").replace({"": None})
    return Sheet(None, grid.reset_index(drop=True), encoding)


_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def is_encrypted_workbook(path: Path) -> bool:
    """An .xlsx saved with a password is not a zip but an OLE compound file holding an
    ``EncryptedPackage`` stream (MS-OFFCRYPTO); its directory is near the start of the file."""
    with path.open("rb") as fh:
        head = fh.read(1024 * 1024)
    return head.startswith(_OLE_MAGIC) and _ENCRYPTED_PACKAGE in head


# pandas' default 'no value' words (``pandas._libs.parsers.STR_NA_VALUES``), which its Excel reader turns into
# missing cells: workbooks have always been read so, and a test checks the list against pandas'
EXCEL_NA_WORDS = frozenset(
    {
        "",
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    }
)


def _cell(value: object) -> object:
    """A calamine cell as pandas' Excel reader gives it (``header=None, dtype=object``): whole numbers as
    int, dates as datetime, pandas' default 'no value' words (``N/A``, ``NULL``...) and empty cells missing."""
    if value.__class__ is str:
        return np.nan if value in EXCEL_NA_WORDS else value
    if value.__class__ is float:
        return int(value) if value.is_integer() else value
    if value.__class__ is date:
        return datetime(value.year, value.month, value.day)
    return value


def read_excel_grids(path: Path, limits: Limits) -> list[Sheet]:
    """The visible worksheets of a workbook, read by calamine straight into grids (the cells pandas'
    ``read_excel(engine="calamine")`` would give, without its parser's cost per file)."""
    if is_encrypted_workbook(path):
        raise UnreadableFile(
            "the workbook is password-protected; save a copy without the password and put that in the folder"
        )
    try:
        book = CalamineWorkbook.from_path(str(path))
        # hidden sheets hold the lists behind dropdowns (as in the templates), not data; chart sheets hold no cells
        visible = [
            m.name
            for m in book.sheets_metadata
            if m.typ == SheetTypeEnum.WorkSheet and m.visible == SheetVisibleEnum.Visible
        ]
        worksheets = sum(1 for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet)
        if worksheets > limits.max_sheets:
            raise UnreadableFile(
                f"the workbook has {worksheets} sheets, over the limit of {limits.max_sheets} ([limits] max_sheets)"
            )
        grids = []
        for name in visible:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            grids.append(Sheet(name, pd.DataFrame([[_cell(v) for v in row] for row in rows], dtype="object")))
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged or encrypted files
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "password" in message.lower() or "encrypt" in message.lower() or "cfb" in message.lower():
            raise UnreadableFile("the workbook is password-protected; save an unprotected copy") from None
        raise UnreadableFile(f"the workbook could not be opened (damaged, or not really Excel): {message}") from None
    return grids


def read_grids(path: Path, limits: Limits = Limits()) -> list[Sheet]:
    """Every sheet of the file as a grid of cells, after :func:`guard`."""
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        raise UnreadableFile(f"'{suffix or 'no extension'}' files are not read; export it as .xlsx or .csv")
    guard(path, limits)
    if suffix in EXCEL_SUFFIXES:
        return read_excel_grids(path, limits)
    if suffix in CSV_SUFFIXES:
        return [read_csv_grid(path)]
    raise UnreadableFile(f"'{suffix or 'no extension'}' files are not read; export it as .xlsx or .csv")


_BLANK_TEXT = np.frompyfunc(lambda v: isinstance(v, str) and not v.strip(), 1, 1)


def _blank_rows(values: np.ndarray) -> np.ndarray:
    """Rows (of a 2-D object array) whose every cell is empty or only spaces. Only the rows whose first
    filled cell is only spaces are looked at cell by cell."""
    missing = pd.isna(values)
    blank = missing.all(axis=1) if values.shape[1] else np.ones(len(values), dtype=bool)
    filled = np.flatnonzero(~blank)
    if len(filled):
        first = values[filled, (~missing[filled]).argmax(axis=1)]
        maybe = filled[_BLANK_TEXT(first).astype(bool)]
        if len(maybe):
            blank[maybe] = (missing[maybe] | _BLANK_TEXT(values[maybe]).astype(bool)).all(axis=1)
    return blank


def _present(value: object) -> bool:
    """``pd.notna`` of one cell, without its cost: a header search looks at every cell of the first rows of
    hundreds of files."""
    return not (value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value))


def _top_rows(grid: pd.DataFrame, n: int = HEADER_SEARCH_ROWS) -> list[list]:
    return grid.head(n).to_numpy(dtype=object).tolist()


def find_header_row(grid: pd.DataFrame, known_headers: set[str]) -> int | None:
    """Index of the header row: the row among the first few whose cells best match known
    header names; failing that, the first row whose cells are all text and that is as
    wide as the data below it. ``None`` when the grid holds no table."""
    top = [[v for v in row if _present(v)] for row in _top_rows(grid)]
    best, best_hits = None, 0
    for i, cells in enumerate(top):
        hits = sum(1 for c in cells if normalize_header(c) in known_headers)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is not None and best_hits >= 2:
        return int(grid.index[best])
    widest = max((len(cells) for cells in top), default=0)
    if widest < 2:
        return None
    for i, cells in enumerate(top):
        values = [v for v in cells if str(v).strip()]
        if len(values) >= max(2, 0.6 * widest) and all(isinstance(v, str) for v in values):
            return int(grid.index[i])
    return None


@dataclass(frozen=True)
class Header:
    """Where a table's header is in a grid, and the column labels read from it."""

    row: int  # grid index of the (question-text) header row
    labels: tuple[str, ...]  # one per grid column ("" where the column has no header)
    data_start: int  # grid index of the first data row
    layout: str = "one header row"


# SurveyMonkey's second header row: what a single-answer question's column is called.
_SUBHEADER_PLAIN = {"response", "open ended response", "open ended responses"}
# Qualtrics' third header row: {"ImportId":"QID1"}, or {'ImportId': 'QID1'} in the exports of 2016-17
_IMPORT_ID = re.compile(r"""^\s*\{\s*["']ImportId["']""", re.IGNORECASE)
# Qualtrics' legacy export: a first row V1, V2 ... (then the questions' export tags), the second the labels
_LEGACY_V = re.compile(r"^V\d+$")
# SurveyMonkey's metadata columns (first header row), older and newer spellings
_SURVEYMONKEY_IDS = {"respondent id", "respondentid", "collector id", "collectorid"}
_NUMBER_OR_DATE = re.compile(r"^[\d\s/.:$,%()+-]+$")


def _text(value: object) -> str:
    return str(value).strip() if _present(value) else ""


def _qualtrics_header(grid: pd.DataFrame) -> Header | None:
    """Qualtrics CSV: row 1 question ids, row 2 question text, row 3 ``{"ImportId": ...}``."""
    top = _top_rows(grid, 8)
    for k in range(2, len(top)):
        cells = [_text(v) for v in top[k] if _text(v)]
        if len(cells) >= 2 and sum(bool(_IMPORT_ID.match(c)) for c in cells) >= 0.5 * len(cells):
            labels = tuple(_text(v) for v in top[k - 1])
            return Header(k - 1, labels, k + 1, "Qualtrics (3 header rows)")
    return None


def _qualtrics_legacy_header(grid: pd.DataFrame) -> Header | None:
    """Qualtrics' legacy CSV: row 1 ``V1 .. V10`` and the questions' export tags (``Q1``, ``Q2_1``), row 2
    ``ResponseID, ResponseSet, ... Status, StartDate, EndDate, Finished`` and the question text."""
    top = _top_rows(grid, 2)
    if len(top) < 2:
        return None
    first = [_text(v) for v in top[0]]
    if sum(1 for c in first[:10] if _LEGACY_V.match(c)) < 5 or first[0] != "V1":
        return None
    labels = tuple(_text(v) for v in top[1])
    if not any(normalize_header(c) in ("responseid", "response id") for c in labels):
        return None
    return Header(1, labels, 2, "Qualtrics legacy (2 header rows)")


def _surveymonkey_header(grid: pd.DataFrame) -> Header | None:
    """SurveyMonkey's two header rows, found by the second (``Response``, ``Open-Ended Response``, option
    or matrix-row labels under a question cell continued by blanks), whatever metadata columns the export
    kept (``RespondentID`` or ``Respondent ID``, with or without collector, dates, IP)."""
    top = _top_rows(grid, 8)
    for k in range(len(top) - 2):
        first = [_text(v) for v in top[k]]
        if not any(normalize_header(c) in _SURVEYMONKEY_IDS for c in first):
            continue
        nxt = top[k + 1]
        if not all(isinstance(v, str) for v in nxt if _text(v)):
            return None
        labels = _two_row_labels(first, [_text(v) for v in nxt])
        return Header(k, labels, k + 2, "SurveyMonkey (2 header rows)") if labels is not None else None
    return None


def _two_row_labels(top: list[str], sub: list[str]) -> tuple[str, ...] | None:
    """Labels of a two-row header (SurveyMonkey; merged group cells over sub-headings), or None
    when ``sub`` is a row of data. A question's text stands over the first of its columns (the
    others blank, or merged); the second row names the column: ``Response``, a matrix row, an option."""
    plain = any(normalize_header(c) in _SUBHEADER_PLAIN for c in sub)
    continued = sum(1 for i, (t, s) in enumerate(zip(top, sub)) if not t and s and any(top[:i]))
    looks_like_data = any(_NUMBER_OR_DATE.match(s) for s in sub if s)
    if not plain and (continued < 2 or looks_like_data):
        return None
    labels, parent = [], ""
    for t, s in zip(top, sub):
        if t:
            parent = t
        owner = t or (parent if s else "")
        if not s or normalize_header(s) in _SUBHEADER_PLAIN:
            labels.append(owner)
        elif not owner:
            labels.append(s)
        else:
            labels.append(f"{owner} - {s}")
    return tuple(labels)


def find_header(grid: pd.DataFrame, known_headers: set[str]) -> Header | None:
    """The table's header: Qualtrics' three rows, a two-row header (SurveyMonkey, merged
    cells), or one row (:func:`find_header_row`). ``None`` when the grid holds no table."""
    special = _qualtrics_header(grid) or _qualtrics_legacy_header(grid) or _surveymonkey_header(grid)
    if special:
        return special
    row = find_header_row(grid, known_headers)
    if row is None:
        return None
    both = grid.iloc[row : row + 2].to_numpy(dtype=object).tolist()
    top = [_text(v) for v in both[0]]
    if len(both) > 1:
        nxt = both[1]
        sub = [_text(v) for v in nxt]
        if all(isinstance(v, str) for v in nxt if _text(v)):
            labels = _two_row_labels(top, sub)
            if labels is not None:
                return Header(row, labels, row + 2, "two header rows")
    return Header(row, tuple(top), row + 1)


def _is_total_row(cells) -> bool:
    first = next((str(v).strip() for v in cells if _present(v) and str(v).strip()), "")
    return normalize_header(first) in TOTAL_WORDS


def table_from_grid(grid: pd.DataFrame, header: Header | int) -> tuple[pd.DataFrame, list[str], int]:
    """The data under the header with the header texts as column labels.

    Returns ``(frame, headers, dropped_total_rows)``. The frame has a ``_row`` column
    (spreadsheet row number) and no blank rows; total rows at the bottom are dropped
    and counted. Columns with no header and no data are dropped; a column with data
    but no header is kept as ``column N``.
    """
    if isinstance(header, int):
        header = Header(header, tuple(_text(v) for v in grid.iloc[header]), header + 1)
    body = grid.to_numpy(dtype=object)[header.data_start :]
    has_data = (~pd.isna(body)).any(axis=0)
    keep, headers = [], []
    for pos, (col, head_text) in enumerate(zip(grid.columns, header.labels)):
        if not head_text and not has_data[pos]:
            continue
        keep.append(pos)
        headers.append(head_text or f"column {col + 1}")
    cells = body[:, keep]
    rows = (grid.index[header.data_start :] + 1).to_numpy()
    used = ~_blank_rows(cells)
    cells, rows = cells[used], rows[used]
    dropped = 0
    while len(cells) and _is_total_row(cells[len(cells) - 1]):
        cells, rows = cells[:-1], rows[:-1]
        dropped += 1
    frame = pd.DataFrame(cells, columns=range(len(keep)), dtype="object")
    frame["_row"] = rows
    return frame, headers, dropped
