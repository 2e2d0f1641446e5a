"""Tables written for spreadsheet programs cannot run formulas."""

import csv
import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from induction_analysis import exports
from induction_analysis.metrics import dese

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def test_text_that_starts_a_formula_gets_an_apostrophe_and_numbers_do_not(tmp_path):
    frame = pd.DataFrame({"text": HOSTILE + ["plain", None], "n": [-1, 2, 3, 4, 5, 6, 7, 8]})
    path = exports.to_csv(frame, tmp_path / "t.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    assert [r[0] for r in rows] == ["'" + h for h in HOSTILE] + ["plain", ""]
    assert [r[1] for r in rows] == ["-1", "2", "3", "4", "5", "6", "7", "8"]  # numbers stay numbers


@given(st.lists(st.text(max_size=12), min_size=1, max_size=20))
def test_no_written_text_cell_starts_a_formula(values):
    out = exports.neutralize(pd.DataFrame({"v": values}))["v"]
    assert not any(isinstance(v, str) and v.startswith(exports.FORMULA_START) for v in out)
    assert [v.removeprefix("'") if o.startswith(exports.FORMULA_START) else v for v, o in zip(out, values)] == values


def test_dese_workbook_cells_are_text_not_formulas(tmp_path):
    report = pd.DataFrame(
        {
            "school_year": ["2025-26"],
            "section": ["1. Beginning teachers served"],
            "item": ["=1+1"],
            "value": [3.0],
            "unit": ["teachers"],
            "n": [3],
            "definition": ["@evil"],
        }
    )
    teachers = pd.DataFrame({"staff_id": ["=cmd"], "school": ["Oak"]})
    mentors = pd.DataFrame({"mentor_id": ["+1"], "school": ["Oak"]})
    path = tmp_path / "d.xlsx"
    dese.write_workbook(path, "2025-26", report, teachers, mentors)
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    assert ws["A4"].value == "'=1+1" and ws["A4"].data_type == "s" and ws["E4"].value == "'@evil"
    assert wb["List of beginning teachers"]["A4"].value == "'=cmd" and wb["List of mentors"]["A4"].value == "'+1"


def test_dese_workbook_leaves_unknown_values_empty(tmp_path):
    """A mentor whose training is unknown (the roster's mentor_trained is empty) or a missing date or number:
    an empty cell, not a run that stops with "Cannot convert <NA> to Excel"."""
    report = pd.DataFrame(
        {"school_year": ["2025-26"], "section": ["s"], "item": ["i"], "value": [float("nan")], "unit": ["%"], "n": [0]}
    )
    teachers = pd.DataFrame({"staff_id": ["a"], "assigned": pd.Series([pd.NaT], dtype="datetime64[ns]")})
    mentors = pd.DataFrame(
        {"mentor_id": ["m1", "m2"], "trained": pd.array([pd.NA, True], dtype="boolean"), "mentees": [1, 2]}
    )
    path = tmp_path / "d.xlsx"
    dese.write_workbook(path, "2025-26", report, teachers, mentors)
    wb = load_workbook(path)
    assert [c.value for c in wb["List of mentors"][4]] == ["m1", None, 1]
    assert [c.value for c in wb["List of mentors"][5]] == ["m2", True, 2]
    assert wb["List of beginning teachers"]["B4"].value is None
    first = wb[wb.sheetnames[0]]
    value = [c.value for c in first[3]].index("value") + 1
    assert first.cell(4, value).value is None


# ---------------------------------------------------------------- CSV text made column by column
FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 150.0, 1e15, 1e15 - 1, 1e16, 123456789012345.0, 0.1 + 0.2, 1e-05, -2.5, 5e-324]),
)
TEXTS = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["a,b", 'say "hi"', "two\nlines", "cr\r", "", " ", "é", "'=1"]),
)


@st.composite
def frames(draw):
    n = draw(st.integers(0, 6))
    column = st.lists

    def cells(strategy):
        return draw(column(strategy, min_size=n, max_size=n))

    ints = cells(st.integers(-(2**62), 2**62))
    maybe = cells(st.booleans())
    return pd.DataFrame(
        {
            "text": pd.Series(cells(TEXTS), dtype="str"),
            "python text": pd.Series(cells(TEXTS), dtype="string[python]"),
            "object text": pd.Series([pd.NA if v is None else v for v in cells(TEXTS)], dtype=object),
            "object ints": pd.Series([pd.NA if m else v for v, m in zip(ints, maybe)], dtype=object),
            "float": pd.Series(cells(FLOATS), dtype="float64"),
            "int": pd.Series(ints, dtype="int64"),
            "Int64": pd.Series([None if m else v for v, m in zip(ints, maybe)], dtype="Int64"),
            "bool": pd.Series(maybe, dtype="bool"),
            "boolean": pd.Series(
                [None if v is None else v for v in cells(st.one_of(st.none(), st.booleans()))], dtype="boolean"
            ),
            "date": pd.Series(
                cells(st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1900, 1, 1)))), dtype="datetime64[us]"
            ),
            'a "quoted", name': pd.Series(cells(st.integers(0, 9)), dtype="int64"),
        }
    )


@given(frames())
def test_csv_text_is_what_pandas_writes(frame):
    """Every kind of column the analyses write, with quotes, commas, line breaks, missing cells and awkward
    floats: the text made column by column is byte for byte what pandas' CSV writer makes of it."""
    made = exports.csv_text(frame)
    assert made is not None  # every column here is of a kind it writes itself
    assert made == frame.to_csv(index=False, date_format=exports.DATE_FORMAT, lineterminator=exports.LINE_END)


def test_csv_text_leaves_to_pandas_what_it_does_not_write(tmp_path):
    mixed = pd.DataFrame({"a": ["x", 1.5, None], "b": [1, 2, 3]})  # an object column holding text and a float
    assert exports.csv_text(mixed) is None
    assert exports.csv_text(pd.DataFrame({"only": ["", None]})) is None  # pandas writes '""' for the empty text
    for frame in (mixed, pd.DataFrame({"only": ["", None]})):
        path = exports.to_csv(frame, tmp_path / "t.csv")
        assert path.read_bytes() == frame.to_csv(index=False, lineterminator="\r\n").encode()
