"""Tables written for spreadsheet programs cannot run formulas."""

import csv

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from induction_analysis import dese, exports

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


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
    report = pd.DataFrame({"school_year": ["2025-26"], "section": ["1. Beginning teachers served"], "item": ["=1+1"], "value": [3.0],
                           "unit": ["teachers"], "n": [3], "definition": ["@evil"]})
    teachers = pd.DataFrame({"staff_id": ["=cmd"], "school": ["Oak"]})
    mentors = pd.DataFrame({"mentor_id": ["+1"], "school": ["Oak"]})
    path = tmp_path / "d.xlsx"
    dese.write_workbook(path, "2025-26", report, teachers, mentors)
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    assert ws["A4"].value == "'=1+1" and ws["A4"].data_type == "s" and ws["E4"].value == "'@evil"
    assert wb["List of beginning teachers"]["A4"].value == "'=cmd" and wb["List of mentors"]["A4"].value == "'+1"
