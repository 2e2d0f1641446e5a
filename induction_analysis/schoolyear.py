"""School years: July 1 to June 30, written ``2025-26``."""

from __future__ import annotations

import re

import pandas as pd

_LABEL = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")


def label(start_year: int) -> str:
    """``2025`` -> ``"2025-26"``."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def start_year(school_year: str) -> int:
    """``"2025-26"`` -> ``2025``."""
    return int(school_year[:4])


def shift(school_year: str, years: int) -> str:
    return label(start_year(school_year) + years)


def of_dates(dates: pd.Series, start_month: int = 7, start_day: int = 1) -> pd.Series:
    """The school year of each date (missing stays missing)."""
    dates = pd.to_datetime(dates)
    before = (dates.dt.month < start_month) | ((dates.dt.month == start_month) & (dates.dt.day < start_day))
    year = dates.dt.year - before.astype("Int64")
    labels = {y: label(int(y)) for y in year.dropna().unique()}  # a handful of years, many rows
    return year.map(labels).astype("str").where(dates.notna())


def parse(value: object) -> str | None:
    """Read a school year as exporters write it: ``2025-26``, ``2025-2026``, ``2025/26``,
    ``SY2025-26``, ``FY26`` (fiscal year ending June 2026) or ``2026`` (the year it ends).

    Returns the canonical label or ``None`` when the value is not a school year.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip().upper().removeprefix("SY").removeprefix("SCHOOL YEAR").strip()
    if text.endswith(".0"):
        text = text[:-2]
    m = _LABEL.match(text)
    if m:
        first = int(m.group(1))
        second = m.group(2)
        second_full = int(second) if len(second) == 4 else (first + 1) // 100 * 100 + int(second)
        return label(first) if second_full == first + 1 else None
    fy = re.fullmatch(r"FY\s*'?(\d{2}|\d{4})", text)
    if fy:
        end = int(fy.group(1))
        end = end if end > 999 else 2000 + end
        return label(end - 1)
    if re.fullmatch(r"\d{4}", text) and 1990 <= int(text) <= 2100:
        return label(int(text) - 1)
    return None


def parse_series(values: pd.Series) -> pd.Series:
    """:func:`parse` of each value, computed once per distinct value."""
    uniques = {v: parse(v) for v in pd.unique(values)}
    return values.map(uniques).astype("str")
