"""Vectorized readers of the values people type into spreadsheets: dates, numbers, names, headers.

Each parser returns the parsed series and a mask of cells that held something
that could not be read (so the caller can say which row and why).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Formats tried in order on text dates: ISO first, then US month/day order
# (the order Massachusetts districts' tools export).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",  # SurveyMonkey CSV
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %H:%M",
    "%m-%d-%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
)


def _sieve(fmt: str) -> str:
    """A pattern every text that ``fmt`` parses matches, and few others: trying a format on texts written
    another way (a form's "9/20/2025 15:44:44" against ISO dates first) is most of the cost of parsing dates."""
    # for ASCII texts (see parse_dates): strptime's \s (a space in the format) is Python's, \x0b and \x1c-\x1f too
    parts = {
        "Y": "[0-9]{4}",
        "y": "[0-9]{2}",
        "p": "[a-z]+",
        "B": "[a-z]+",
        "b": "[a-z]+",
    }  # others: 1-2 digits, " 5" too
    out, i = "", 0
    while i < len(fmt):
        if fmt[i] == "%":
            out, i = out + parts.get(fmt[i + 1], " ?[0-9]{1,2}"), i + 2
        else:
            out, i = out + (r"[\t\n\x0b\x0c\r\x1c-\x1f ]+" if fmt[i].isspace() else re.escape(fmt[i])), i + 1
    return out


MONTH_FIRST, DAY_FIRST = "month-first", "day-first"
# The same formats read day first (05/09/2025 = 5 September 2025), for a column whose dates are written so
DATE_FORMATS_DAY_FIRST = tuple(f.replace("%m/%d", "%d/%m").replace("%m-%d-%Y", "%d-%m-%Y") for f in DATE_FORMATS) + (
    "%d.%m.%Y",
    "%d.%m.%y",
)
FORMATS_OF = {MONTH_FIRST: DATE_FORMATS, DAY_FIRST: DATE_FORMATS_DAY_FIRST}
DATE_SIEVES = {fmt: _sieve(fmt) for fmt in (*DATE_FORMATS, *DATE_FORMATS_DAY_FIRST)}
MISSING_WORDS = frozenset({"", "n/a", "#n/a", "na", "-", "--", "none", "null", "nan"})


_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-zA-Z]+")


def normalize_header(text: object) -> str:
    """``" Mentee Name: "`` -> ``"mentee name"``; accents, case, punctuation and spacing ignored."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return _normalized(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    # the same few hundred headers and names recur in every file: computed once each
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALPHANUMERIC.sub(" ", s).strip().lower()


_HOURS_IN_HEADER = re.compile(r"\b(?:hours?|hrs?|h)\b")
_MINUTES_IN_HEADER = re.compile(r"\b(?:minutes?|mins?|m)\b")
_CLOCK_IN_HEADER = re.compile(r"\bh{1,2} mm\b")


def duration_unit(header: object) -> str | None:
    """The unit a duration column's header says: ``hours`` (hours, hrs, (h)), ``minutes`` (minutes, mins),
    ``h:mm``, or ``None`` when it does not say (``Duration``, ``Time``)."""
    key = normalize_header(header)
    if _CLOCK_IN_HEADER.search(key):
        return "h:mm"
    if _HOURS_IN_HEADER.search(key):
        return "hours"
    if _MINUTES_IN_HEADER.search(key):
        return "minutes"
    return None


def name_key(name: object) -> str:
    """A key for matching people's names: ``"Smith, Jane "`` and ``"jane  smith"`` -> ``"jane smith"``."""
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return ""
    return _name_key(str(name))


@functools.lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    s = name.strip()
    if "," in s:
        last, _, first = s.partition(",")
        s = f"{first} {last}"
    return _normalized(s)


def each_value_once(values: pd.Series, fn) -> pd.Series:
    """``fn(value)`` of each value of ``values`` as text, called once per distinct value and spread back (ids, names
    and file names repeat thousands of times); missing stays missing, and so does what ``fn`` gives as ``None``."""
    codes, distinct = pd.factorize(values)
    # the distinct values as Python objects (iterating pandas' Arrow-backed text costs a scalar per value), and
    # the results spread back by Arrow's take (not 100,000 Python strings converted to Arrow); code -1: missing
    done = pd.array([fn(v) for v in distinct.to_numpy(dtype=object)], dtype="str")
    return pd.Series(done.take(codes, allow_fill=True), index=values.index)


DISTINCT_FROM_ROWS = 2000  # a column this long whose cells repeat is parsed one distinct value at a time


def each_distinct(parse):
    """``parse`` (a cell-by-cell parser of a Series, giving a Series or a tuple of them) run on each distinct
    cell once and spread back: a log's dates, names and activities repeat thousands of times. Not for
    columns holding numbers (``1``, ``1.0`` and ``True`` are one value to pandas' factorize but not
    to every parser), nor when the cells hardly repeat."""

    @functools.wraps(parse)
    def wrapper(values: pd.Series, *args):
        if len(values) < DISTINCT_FROM_ROWS or values.dtype.kind in "biufc":
            return parse(values, *args)
        codes, distinct = pd.factorize(values)
        if len(distinct) * 4 > len(values) or any(
            isinstance(v, (bool, int, float, complex, np.number, Decimal)) for v in distinct
        ):
            return parse(values, *args)
        codes = np.where(codes < 0, len(distinct), codes)  # a missing cell: the parse of a missing value
        parsed = parse(pd.Series([*distinct, None], dtype=values.dtype), *args)

        def spread(part: pd.Series) -> pd.Series:
            return pd.Series(
                part.to_numpy()[codes] if part.dtype.kind in "biufcmM" else part.array.take(codes),
                index=values.index,
                dtype=part.dtype,
                name=values.name,
            )

        return tuple(spread(part) for part in parsed) if isinstance(parsed, tuple) else spread(parsed)

    return wrapper


@each_distinct
def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty, whitespace only, or a common 'no value' word (``N/A``...)."""
    return _is_blank(values, values.astype("str").str.strip())


def _is_blank(values: pd.Series, stripped: pd.Series) -> pd.Series:
    return values.isna() | stripped.str.lower().isin(MISSING_WORDS)


@each_distinct
def clean_text(values: pd.Series) -> pd.Series:
    """Strings with spaces trimmed; blanks become missing."""
    stripped = values.astype("str").str.strip()
    return stripped.str.replace(r"\s+", " ", regex=True).where(~_is_blank(values, stripped))


@each_distinct
def parse_dates(values: pd.Series, order: str = MONTH_FIRST) -> tuple[pd.Series, pd.Series]:
    """Dates from datetime cells, Excel serial numbers, or text (ISO, or numbers in ``order``: month first as US
    tools write them, or day first; see :func:`numeric_date_fields` for telling them apart).

    Returns ``(dates, bad)`` where ``bad`` marks cells that held something that is not a date.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.astype("datetime64[us]"), pd.Series(False, index=values.index)
    blank = is_blank(values)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    # Real datetimes (Excel cells, already-parsed columns)
    is_dt = values.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year"), na_action="ignore")
    is_dt = is_dt.astype("boolean").fillna(False).astype(bool) & ~blank
    if is_dt.any():
        out[is_dt] = pd.to_datetime(values[is_dt].astype("object"), errors="coerce").astype("datetime64[us]")
    rest = ~blank & ~is_dt
    # Excel serials, as numbers or numeric text
    numeric = pd.to_numeric(values.where(rest).astype("object"), errors="coerce")
    serial = rest & numeric.between(32874, 73051)  # Excel serials of 1990-01-01 .. 2100-01-01
    if serial.any():
        out[serial] = (EXCEL_EPOCH + pd.to_timedelta(numeric[serial].round(6), unit="D")).astype("datetime64[us]")
    text_mask = rest & ~serial
    if text_mask.any():
        text = values[text_mask].astype("str").str.strip()
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
        plain = text.str.isascii()  # other texts (digits of other scripts) are tried with every format
        for fmt in FORMATS_OF[order]:
            todo = parsed.isna()
            if not todo.any():
                break
            todo &= ~plain | text.str.fullmatch(DATE_SIEVES[fmt], case=False)  # only the texts this format could read
            if todo.any():
                parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        out[text_mask] = parsed
    bad = ~blank & out.isna()
    return out, bad


_IS_TEXT = np.frompyfunc(lambda v: isinstance(v, str), 1, 1)
_NUMERIC_DATE = r"^\s*(?P<first>\d{1,2})[/.-](?P<second>\d{1,2})[/.-](?:\d{4}|\d{2})(?:\s|$)"


def numeric_date_fields(values: pd.Series) -> pd.DataFrame:
    """The first two fields of text dates written all in numbers (``05/09/2025``: 5 and 9), as columns
    ``first`` and ``second`` (missing for other cells): a field above 12 is a day, which tells the order."""
    codes, distinct = pd.factorize(values)  # a log's dates repeat: each distinct cell is looked at once
    cells = np.asarray(distinct, dtype=object)
    first, second = np.full(len(cells) + 1, np.nan), np.full(len(cells) + 1, np.nan)  # the last: a missing cell
    is_text = _IS_TEXT(cells).astype(bool) if len(cells) else np.zeros(0, dtype=bool)
    if is_text.any():
        found = pc.extract_regex(
            pa.array(cells[is_text], type=pa.string()), pattern=_NUMERIC_DATE
        )  # Arrow's regex: no Python per cell
        at = np.flatnonzero(is_text)
        first[at] = pc.cast(pc.struct_field(found, "first"), pa.float64()).to_numpy(zero_copy_only=False)
        second[at] = pc.cast(pc.struct_field(found, "second"), pa.float64()).to_numpy(zero_copy_only=False)
    return pd.DataFrame({"first": first[codes], "second": second[codes]}, index=values.index)


def minutes_of_clock(values: pd.Series) -> pd.Series:
    """Minutes in durations written as a clock: ``1:30`` or ``1:30:00`` (h:mm), and Excel time or duration cells;
    missing for other cells."""

    def one(v: object) -> float:
        if isinstance(v, dt.timedelta):
            return v.total_seconds() / 60
        if isinstance(v, dt.time):
            return v.hour * 60 + v.minute + v.second / 60
        if isinstance(v, str):
            found = _CLOCK.fullmatch(v.strip())
            if found:
                return int(found.group(1)) * 60 + int(found.group(2)) + int(found.group(3) or 0) / 60
        return np.nan

    return pd.Series([one(v) for v in values.to_numpy(dtype=object)], index=values.index, dtype="float64")


_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)(?::([0-5]\d))?")


def times_of_day(values: pd.Series) -> pd.Series:
    """Times of day (``3:15 PM``, ``15:15``, Excel time cells, a date and time) as minutes after midnight;
    missing where a cell holds none."""

    def one(v: object) -> float:
        if isinstance(v, dt.datetime):
            return v.hour * 60 + v.minute + v.second / 60
        if isinstance(v, dt.time):
            return v.hour * 60 + v.minute + v.second / 60
        if isinstance(v, float) and 0 <= v < 1:  # an Excel time stored as a fraction of a day
            return round(v * 24 * 60, 4)
        if isinstance(v, str):
            found = re.fullmatch(r"(\d{1,2})(?::([0-5]\d))?(?::([0-5]\d))?\s*([AaPp])\.?\s*[Mm]?\.?", v.strip())
            if found:
                hour = int(found.group(1)) % 12 + (12 if found.group(4).lower() == "p" else 0)
                return hour * 60 + int(found.group(2) or 0) + int(found.group(3) or 0) / 60
            found = _CLOCK.fullmatch(v.strip())
            if found and int(found.group(1)) < 24:
                return int(found.group(1)) * 60 + int(found.group(2)) + int(found.group(3) or 0) / 60
        return np.nan

    return pd.Series([one(v) for v in values.to_numpy(dtype=object)], index=values.index, dtype="float64")


_NUMBER_JUNK = re.compile(r"[\s$,]")
_IS_NUMBER = np.frompyfunc(lambda v: v.__class__ is int or v.__class__ is float, 1, 1)


@each_distinct
def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from numeric cells or text (``"1,200.00"``, ``"$30"``, ``"(45)"`` = -45, ``" 30 "``).

    Returns ``(numbers as float64, bad)``; blanks are missing and not bad.
    """
    if values.dtype.kind in "iuf":
        return values.astype("float64"), pd.Series(False, index=values.index)
    if values.dtype != object:
        return _numbers_in_text(values)
    # the cells that are numbers (most of a log's minutes, as Excel gives them) are taken as they are; only
    # the others are read as text
    number = _IS_NUMBER(values.to_numpy()).astype(bool)
    if not number.any():
        return _numbers_in_text(values)
    nums = pd.Series(values.to_numpy()[number], index=values.index[number], dtype="float64").reindex(values.index)
    bad = pd.Series(False, index=values.index)
    if not number.all():
        nums[~number], bad[~number] = _numbers_in_text(values[~number])
    return nums, bad


@each_distinct
def _numbers_in_text(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    blank = is_blank(values)
    text = values.astype("str").str.strip()
    text = text.str.replace(_NUMBER_JUNK, "", regex=True)
    negative = text.str.fullmatch(r"\(.*\)").fillna(False).astype(bool)
    text = text.str.strip("()")
    nums = pd.to_numeric(text.where(~blank), errors="coerce").astype("float64")
    nums = nums.where(~negative, -nums)
    bad = ~blank & nums.isna()
    return nums, bad


_TRUE = {"yes", "y", "true", "t", "1", "trained", "complete", "completed", "x", "done"}
_FALSE = {"no", "n", "false", "f", "0", "not trained", "untrained", "incomplete", "in progress", "pending", "not yet"}


@each_distinct
def parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/No, True/False, Trained/Not trained... -> boolean (nullable)."""
    blank = is_blank(values)
    text = values.astype("str").str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[text.isin(_TRUE) & ~blank] = True
    out[text.isin(_FALSE) & ~blank] = False
    bad = ~blank & out.isna()
    return out, bad


@each_distinct
def map_choices(values: pd.Series, choices: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Map free text onto canonical choices by normalized key; ``choices`` maps a normalized spelling to the value."""
    blank = is_blank(values)
    keys = values.map(normalize_header, na_action="ignore")
    out = keys.map(choices).astype("str").where(~blank)
    bad = ~blank & out.isna()
    return out, bad


def grade_band_of(grades: pd.Series) -> pd.Series:
    """The first grade named decides: PK/K-5 elementary, 6-8 middle, 9-12 high."""
    text = grades.astype("str").str.upper()
    first = text.str.extract(r"(PK|PRE-?K|K|\d{1,2})", expand=False)
    number = pd.to_numeric(first.replace({"PK": "0", "PRE-K": "0", "PREK": "0", "K": "0"}), errors="coerce")
    band = pd.Series(np.nan, index=grades.index, dtype="str")
    band = (
        band.mask(number.between(0, 5), "elementary")
        .mask(number.between(6, 8), "middle")
        .mask(number.between(9, 12), "high")
    )
    return band
