"""Writing tables people open in a spreadsheet program: a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would be run as a formula (CSV injection), so it is
written with a leading apostrophe, which spreadsheet programs show as text. Numbers are untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


DATE_FORMAT = "%Y-%m-%d"
LINE_END = "\r\n"  # RFC 4180 line ends, so a cell holding a carriage return is quoted rather than splitting its row
TEXT = pa.large_string()  # pandas' Arrow-backed text
_NEEDS_QUOTES = r'[,"\r\n]'  # what makes Python's csv writer (QUOTE_MINIMAL) quote a cell, with these line ends


def to_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """UTF-8 CSV, ISO dates, missing as empty, formula-safe."""
    path = Path(path)
    safe = neutralize(frame)
    text = csv_text(safe)
    if text is None:
        safe.to_csv(path, index=False, date_format=DATE_FORMAT, lineterminator=LINE_END)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def csv_text(frame: pd.DataFrame) -> str | None:
    """The CSV pandas' ``to_csv(index=False, date_format=DATE_FORMAT, lineterminator=LINE_END)`` writes, made
    column by column with Arrow's string functions (pandas formats and quotes it cell by cell: 1.4 s for the
    170,000 rows of a large district's standards coverage); ``None`` for a frame with a column of another
    kind (an object column holding numbers, say), which pandas writes."""
    if len(frame.columns) < 2 or not frame.columns.is_unique:  # one column: an empty cell is written '""'
        return None
    cells = []
    for name in frame.columns:
        column = _cells(frame[name])
        if column is None:
            return None
        cells.append(column)
    header = ",".join(_quoted(pa.array([str(c) for c in frame.columns], type=TEXT)).to_pylist())
    if frame.empty:
        return header + LINE_END
    rows = pc.binary_join_element_wise(*cells, pa.scalar(",", TEXT))
    return header + LINE_END + LINE_END.join(rows.to_pylist()) + LINE_END


def _quoted(text: pa.Array) -> pa.Array:
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return text
    quote = pa.scalar('"', TEXT)
    return pc.if_else(
        needs,
        pc.binary_join_element_wise(quote, pc.replace_substring(text, '"', '""'), quote, pa.scalar("", TEXT)),
        text,
    )


WHOLE_FLOAT_BELOW = (
    1e15  # a whole float64 from 0 up to this is written as its digits and ".0", as Python's repr writes it
)


def _float_cells(values: np.ndarray) -> pa.Array:
    """Floats as pandas writes them (numpy's shortest repr): whole ones from 0 as digits and ".0" (fast), the others
    (fractions, negatives, -0.0, the very large, inf) by numpy."""
    whole = (
        np.isfinite(values) & (np.abs(values) < WHOLE_FLOAT_BELOW) & (values == np.trunc(values)) & ~np.signbit(values)
    )
    digits = pc.cast(pa.array(np.where(whole, values, 0).astype("int64")), TEXT)
    out = pc.binary_join_element_wise(digits, pa.scalar(".0", TEXT), pa.scalar("", TEXT))
    if whole.all():
        return out
    return pc.replace_with_mask(out, pa.array(~whole), pa.array(values[~whole].astype("str"), type=TEXT))


def _cells(values: pd.Series) -> pa.Array | None:
    """A column's cells as pandas' CSV writer formats them (missing: empty), or None when not sure."""
    dtype = values.dtype
    missing = values.isna().to_numpy()
    if isinstance(dtype, pd.StringDtype):
        out = _quoted(
            pa.array(values.to_numpy(dtype=object, na_value=None), type=TEXT)
            if dtype.storage != "pyarrow"
            else pc.cast(pa.array(values), TEXT)
        )
    elif pd.api.types.is_bool_dtype(dtype):
        out = pc.if_else(
            pa.array(values.fillna(False).to_numpy(dtype=bool)), pa.scalar("True", TEXT), pa.scalar("False", TEXT)
        )
    elif pd.api.types.is_datetime64_any_dtype(dtype):
        out = pa.array(values.dt.strftime(DATE_FORMAT).fillna("").to_numpy(dtype=object), type=TEXT)
    elif pd.api.types.is_integer_dtype(dtype):
        out = pc.cast(pa.array(values.fillna(0).to_numpy(dtype="int64")), TEXT)
    elif isinstance(dtype, np.dtype) and dtype.kind == "f" and dtype.itemsize == 8:
        out = _float_cells(values.to_numpy())
    elif isinstance(dtype, np.dtype) and dtype.kind == "O":
        cells = values.to_numpy(dtype=object)
        kinds = {type(v) for v in cells[~missing]}
        if kinds <= {str}:
            out = _quoted(pa.array(np.where(missing, "", cells), type=TEXT))
        elif kinds <= {int, np.int64, np.int32}:  # whole numbers with missing cells (not bool, a kind of int)
            try:
                out = pc.cast(pa.array(np.where(missing, 0, cells).astype("int64")), TEXT)
            except OverflowError:
                return None
        else:
            return None
    else:
        return None
    if not missing.any():
        return pc.cast(out, TEXT)
    return pc.if_else(pa.array(missing), pa.scalar("", TEXT), pc.cast(out, TEXT))
