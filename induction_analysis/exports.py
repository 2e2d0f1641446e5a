"""Writing tables people open in a spreadsheet program: a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would be run as a formula (CSV injection), so it is
written with a leading apostrophe, which spreadsheet programs show as text. Numbers are untouched."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that could start a formula prefixed by an apostrophe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            values = out[col]
            risky = values.astype("str").str.startswith(FORMULA_START, na=False) & values.notna()
            if risky.any():
                out[col] = values.astype("object").where(~risky, "'" + values.astype("str"))
    return out


def to_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """UTF-8 CSV, ISO dates, missing as empty, formula-safe."""
    path = Path(path)
    # RFC 4180 line ends, so a cell holding a carriage return is quoted rather than splitting its row
    neutralize(frame).to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    return path
