"""benchmarks/compare_reports.py's comparisons, on small hand-made run folders (the script's two-version run, which
exports, installs and runs two versions, is too slow for the suite: it is run by hand, see benchmarks/README.md)."""

from __future__ import annotations

import base64
import importlib.util
import io
import re
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from matplotlib import image

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("compare_reports", ROOT / "benchmarks" / "compare_reports.py")
compare_reports = importlib.util.module_from_spec(_spec)
sys.modules["compare_reports"] = compare_reports  # its dataclass looks its module up
_spec.loader.exec_module(compare_reports)

YEAR = compare_reports.YEAR
PAGE = """<!DOCTYPE html><html><head><title>Lead mentors</title><style>p { color: red; }</style>
<script>var shown = "not text";</script></head><body>
<h1>Lead mentors: district</h1>
<p>Reports produced 2026-12-05 08:12 by induction-analysis; last contact 2026-06-12.</p>
<p>Mentees who met <b>50 hours</b>: 12 of 20 (60%).</p>
<table><tr><th>school</th><th>hours</th></tr><tr><td>Lakeview High</td><td>51.5</td></tr></table>
</body></html>"""
STDOUT = """Canonical tables written to processed.
Rendering 2 pages, 2 at a time, each once its tables are written ...
Analyses of 2025-26: 24 tables written to reports/2025-26/tables (5.7 s).
  [1/2] data-quality.html (15.1 s)
  [2/2] lead-mentors-district.html (16.3 s)
2 page(s) rendered; the rendering took 19.1 s.
Done. 102 files, 17,211 rows usable, 8 rejected.
"""


def png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    image.imsave(out, pixels, format="png")
    return out.getvalue()


def make_run(folder: Path) -> Path:
    """A run's folder in miniature: two report tables, a canonical table, the people lookup, a data-quality CSV, the
    DESE workbook, a page with one chart, the console."""
    tables = folder / "reports" / YEAR / "tables"
    tables.mkdir(parents=True)
    (tables / "mentoring_hours.csv").write_bytes(b"school,hours\nLakeview High,51.5\nOak Hill Elementary,48.0\n")
    (tables / "retention_annual.csv").write_bytes(b"school_year,retained_pct\n2025-26,91.2\n")
    (folder / "processed" / "protected" / "cache").mkdir(parents=True)
    pd.DataFrame({"staff_id": ["T1", "T2"], "minutes": [60, 45]}).to_parquet(folder / "processed" / "roster.parquet")
    pd.DataFrame({"staff_id": ["T1"], "name": ["Ann"]}).to_parquet(
        folder / "processed" / "protected" / "people.parquet"
    )
    (folder / "processed" / "protected" / "cache" / "index.json").write_text("{}")  # the rerun cache: not compared
    (folder / "processed" / "protected" / "made.json").write_text("{}")  # the record (paths, times): not compared
    (folder / "processed" / "data_quality.csv").write_bytes(b"file,rows\nroster.csv,2\n")
    book = openpyxl.Workbook()
    book.active.title = "Mentors"
    book.active.append(["school", "mentors"])
    book.active.append(["Lakeview High", 5])
    book.save(folder / "reports" / YEAR / f"dese-annual-report-{YEAR}.xlsx")
    chart = png(np.zeros((4, 6, 3)))
    page = PAGE.replace("</body>", f'<img src="data:image/png;base64,{base64.b64encode(chart).decode()}"></body>')
    (folder / "reports" / YEAR / "lead-mentors-district.html").write_text(page, encoding="utf-8")
    (folder / "reports" / YEAR / ".rendered.json").write_text("{}")  # hidden: not compared
    (folder / "stdout.txt").write_text(STDOUT)
    (folder / "stderr.txt").write_text("")
    return folder


def verdicts(base: Path, new: Path, images: bool = True) -> dict[str, str]:
    return {o.category: o.verdict() for o in compare_reports.compare_runs(base, new, images=images)}


def outcome(base: Path, new: Path, category: str):
    return next(o for o in compare_reports.compare_runs(base, new, images=True) if o.category == category)


ALL_IDENTICAL = {
    "files": "identical",
    "report tables": "identical",
    "canonical tables": "identical",
    "workbooks": "identical",
    "pages": "identical",
    "images": "identical",
    "console": "identical",
}


@pytest.fixture
def runs(tmp_path):
    return make_run(tmp_path / "base"), make_run(tmp_path / "new")


def test_identical_runs_are_identical_in_every_category(runs):
    base, new = runs
    found = {o.category: o for o in compare_reports.compare_runs(base, new, images=True)}
    assert {c: o.verdict() for c, o in found.items()} == ALL_IDENTICAL
    # what was compared: the cache and hidden files left out
    assert found["files"].compared == 9
    assert found["report tables"].compared == 2
    assert found["canonical tables"].compared == 3  # data_quality.csv, roster.parquet, protected/people.parquet
    assert found["workbooks"].compared == 1
    assert found["pages"].compared == 1
    assert found["images"].compared == 1
    assert found["console"].compared == 2
    assert verdicts(base, new, images=False) == {k: v for k, v in ALL_IDENTICAL.items() if k != "images"}


def test_one_cell_changed_in_a_report_table(runs):
    base, new = runs
    (new / "reports" / YEAR / "tables" / "mentoring_hours.csv").write_bytes(
        b"school,hours\nLakeview High,51.5\nOak Hill Elementary,48.5\n"
    )
    assert verdicts(base, new) == {**ALL_IDENTICAL, "report tables": "1 differ"}
    assert outcome(base, new, "report tables").differences == [
        (
            "mentoring_hours.csv",
            ["1 of 2 rows differ", "  line 3:", "  - Oak Hill Elementary,48.0", "  + Oak Hill Elementary,48.5"],
        )
    ]


def test_a_row_more_in_a_report_table():
    assert compare_reports.csv_differences(b"a,b\n1,2\n", b"a,b\n1,2\n3,4\n") == [
        "1 rows in BASE, 2 in NEW",
        "  @@ -2,0 +3 @@",
        "  +3,4",
    ]
    assert compare_reports.csv_differences(b"a,b\n1,2\n", b"a,b\r\n1,2\r\n") == [
        "same rows, other line endings or encoding"
    ]
    assert compare_reports.csv_differences(b"a,b\n1,2\n", b"a,b\n1,2\n") == []


def test_visible_text_leaves_out_scripts_styles_and_markup():
    assert compare_reports.visible_text(PAGE) == [
        "Lead mentors",
        "Lead mentors: district",
        "Reports produced 2026-12-05 08:12 by induction-analysis; last contact 2026-06-12.",
        "Mentees who met 50 hours: 12 of 20 (60%).",
        "school",
        "hours",
        "Lakeview High",
        "51.5",
    ]


def test_a_page_whose_markup_alone_differs_is_identical(runs):
    base, new = runs
    page = new / "reports" / YEAR / "lead-mentors-district.html"
    text = page.read_text(encoding="utf-8")
    remarked = (
        text.replace("<b>50 hours</b>", '<strong class="figure">50&nbsp;hours</strong>')
        .replace("<h1>", '<h1 id="top">\n  ')
        .replace("p { color: red; }", "p { color: blue; }")
        .replace('"not text"', '"other script"')
        .replace("<td>51.5</td>", "<td><span>51.5</span></td>")
    )
    assert remarked != text
    page.write_text(remarked, encoding="utf-8")
    assert verdicts(base, new) == ALL_IDENTICAL


def test_the_time_a_run_was_made_is_masked_a_date_is_not(runs):
    base, new = runs
    page = new / "reports" / YEAR / "lead-mentors-district.html"
    page.write_text(page.read_text(encoding="utf-8").replace("2026-12-05 08:12", "2026-12-06 09:40"), encoding="utf-8")
    assert verdicts(base, new) == ALL_IDENTICAL
    page.write_text(page.read_text(encoding="utf-8").replace("2026-06-12", "2026-06-13"), encoding="utf-8")
    assert verdicts(base, new) == {**ALL_IDENTICAL, "pages": "1 differ"}


def test_a_page_whose_text_differs(runs):
    base, new = runs
    page = new / "reports" / YEAR / "lead-mentors-district.html"
    page.write_text(page.read_text(encoding="utf-8").replace("12 of 20 (60%)", "13 of 20 (65%)"), encoding="utf-8")
    assert verdicts(base, new) == {**ALL_IDENTICAL, "pages": "1 differ"}
    assert outcome(base, new, "pages").differences == [
        (
            f"{YEAR}/lead-mentors-district.html",
            [
                "  @@ -4 +4 @@",
                "  -Mentees who met 50 hours: 12 of 20 (60%).",
                "  +Mentees who met 50 hours: 13 of 20 (65%).",
            ],
        )
    ]


def test_a_missing_file_is_named(runs):
    base, new = runs
    (new / "reports" / YEAR / "tables" / "retention_annual.csv").unlink()
    (new / "processed" / "protected" / "cache" / "index.json").unlink()  # the cache: not a difference
    (new / "processed" / "protected" / "made.json").unlink()  # the record: not a difference
    (base / "reports" / YEAR / ".rendered.json").unlink()  # hidden: not a difference
    assert verdicts(base, new) == {**ALL_IDENTICAL, "files": "1 differ"}
    assert outcome(base, new, "files").differences == [
        (f"reports/{YEAR}/tables/retention_annual.csv", ["only in BASE"])
    ]


def test_a_workbook_cell_changed(runs):
    base, new = runs
    path = new / "reports" / YEAR / f"dese-annual-report-{YEAR}.xlsx"
    book = openpyxl.load_workbook(path)
    book["Mentors"]["B2"] = 6
    book.save(path)
    assert verdicts(base, new) == {**ALL_IDENTICAL, "workbooks": "1 differ"}
    assert outcome(base, new, "workbooks").differences == [
        (
            f"{YEAR}/dese-annual-report-{YEAR}.xlsx",
            ["sheet 'Mentors': 1 cell(s) differ", "  Mentors!B2: BASE 5 (General), NEW 6 (General)"],
        )
    ]


def test_a_canonical_table_differs_by_its_dtype_alone(runs):
    base, new = runs
    frame = pd.DataFrame({"staff_id": ["T1", "T2"], "minutes": [60.0, 45.0]})
    frame.to_parquet(new / "processed" / "roster.parquet")
    assert verdicts(base, new) == {**ALL_IDENTICAL, "canonical tables": "1 differ"}
    (name, details), *others = outcome(base, new, "canonical tables").differences
    assert (name, others) == ("roster.parquet", [])
    assert 'Attributes of DataFrame.iloc[:, 1] (column name="minutes") are different' in details


def test_a_chart_differs_by_its_pixels_not_its_bytes(runs):
    base, new = runs
    page = new / "reports" / YEAR / "lead-mentors-district.html"
    text = page.read_text(encoding="utf-8")
    pixels = np.zeros((4, 6, 3))
    pixels[1, 2] = 1.0
    changed = re.sub(r"base64,[A-Za-z0-9+/=]+", "base64," + base64.b64encode(png(pixels)).decode(), text)
    page.write_text(changed, encoding="utf-8")
    assert verdicts(base, new) == {**ALL_IDENTICAL, "images": "1 differ"}
    assert outcome(base, new, "images").differences == [
        (f"{YEAR}/lead-mentors-district.html", ["image 1: 1 of 24 pixels differ"])
    ]
    assert verdicts(base, new, images=False) == {k: v for k, v in ALL_IDENTICAL.items() if k != "images"}


def test_console_timings_and_the_order_pages_finish_in_are_masked(runs):
    base, new = runs
    raced = """Canonical tables written to processed.
Rendering 2 pages, 2 at a time, each once its tables are written ...
Analyses of 2025-26: 24 tables written to reports/2025-26/tables (6.2 s).
  [1/2] lead-mentors-district.html (14.0 s)
  [2/2] data-quality.html (17.9 s)
2 page(s) rendered; the rendering took 20 s.
Done. 102 files, 17,211 rows usable, 8 rejected.
"""
    (new / "stdout.txt").write_text(raced)
    assert verdicts(base, new) == ALL_IDENTICAL
    (new / "stdout.txt").write_text(raced.replace("17,211 rows usable, 8", "17,210 rows usable, 9"))
    assert verdicts(base, new) == {**ALL_IDENTICAL, "console": "1 differ"}
    assert outcome(base, new, "console").differences == [
        (
            "stdout",
            [
                "  @@ -5 +5 @@",
                "  -Done. 102 files, 17,211 rows usable, 8 rejected.",
                "  +Done. 102 files, 17,210 rows usable, 9 rejected.",
            ],
        )
    ]


def test_a_long_line_changed_in_place_is_shown_around_what_changed():
    base = "Every number comes from a CSV in tables/, " + "defined with care " * 10 + "in the README's data dictionary."
    new = "Every number comes from a CSV in tables/, " + "defined with care " * 10 + "in the data dictionary."
    assert compare_reports.elide(base, new, context=20) == (
        "...with care in the README's data dictionary.",
        "...with care in the data dictionary.",
    )
    assert compare_reports.text_differences(["a", base, "c"], ["a", new, "c"]) == [
        "  @@ -2 +2 @@",
        "  -...care defined with care defined with care in the README's data dictionary.",
        "  +...care defined with care defined with care in the data dictionary.",
    ]
    assert compare_reports.elide("short", "shirt") == ("short", "shirt")
    # a change in the middle (the 202nd character): cut on both sides, six characters around it, from a word
    middle = "x " * 100 + "12 of 20" + " y" * 100
    assert compare_reports.elide(middle, middle.replace("12 of 20", "13 of 20"), context=6) == (
        "...x x 12 of 20...",
        "...x x 13 of 20...",
    )


def test_differences_with_the_same_lines_are_shown_once():
    differences = [("a.html", ["-x", "+y"]), ("b.html", ["-z", "+w"]), ("c.html", ["-x", "+y"])]
    assert compare_reports.grouped(differences) == [(["a.html", "c.html"], ["-x", "+y"]), (["b.html"], ["-z", "+w"])]
