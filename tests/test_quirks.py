"""Excel and CSV quirks, one fixture each, with exact counts; and clear answers for files that cannot be used.

Quirks covered elsewhere: a title row above the header and a total row below the data
(``test_ingest.py`` costs and logs), Windows-1252 text (``test_ingest.py`` HR export),
``N/A`` answers (``test_survey_tools.py``), merged header cells (``test_survey_tools.py``
SurveyMonkey workbook), 12-hour US dates (SurveyMonkey CSV).
"""

import datetime as dt
import shutil
from html import unescape
from pathlib import Path

import pytest
from helpers import write_csv, write_xlsx

from induction_analysis import cli
from induction_analysis.config import load_config
from induction_analysis.ingest import ingest

FIXTURES = Path(__file__).parent / "fixtures"
ROSTER = [
    ["School Year", "Staff ID", "New Teacher", "School", "Mentor", "Mentor ID"],
    ["2025-26", "E1", "Ann Lee", "Oak", "Mary Major", "E9"],
    ["2025-26", "E2", "Bob Kim", "Oak", "Mary Major", "E9"],
]


def problems(result):
    return result.data_quality.set_index("file")["problem"].to_dict()


def issues(result, file=None):
    found = result.issues if file is None else result.issues[result.issues["file"] == file]
    return [
        (r.sheet if isinstance(r.sheet, str) else None, int(r.row), r.column, r.reason, r.severity)
        for r in found.itertuples()
    ]


def counts(result, file):
    row = result.data_quality.set_index("file").loc[file]
    return int(row.rows_read), int(row.rows_accepted), int(row.rows_rejected), int(row.rows_with_warnings)


def test_legacy_xls_with_serial_dates_text_numbers_spaces_and_a_total_row(tmp_path):
    """``.xls`` (Excel 97-2003; the fixture was written with xlwt): a title row, dates as date cells,
    an Excel serial typed as a number and US text, minutes stored as text with spaces, a trailing space
    in a name, and a total row."""
    write_csv(tmp_path / "roster.csv", ROSTER)
    shutil.copy(FIXTURES / "Collaborative Log - Legacy.xls", tmp_path)
    result = ingest.ingest(tmp_path, load_config())
    assert counts(result, "Collaborative Log - Legacy.xls") == (4, 4, 0, 0)
    assert problems(result)["Collaborative Log - Legacy.xls"] == "1 total row(s) at the bottom not read as data"
    log = result.tables["collaborative_log"]
    assert log["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-09-04", "2025-09-18", "2025-10-05", "2025-10-20"]
    assert log["minutes"].tolist() == [45.0, 30.0, 60.0, 20.0]
    assert log["source_row"].tolist() == [4, 5, 6, 7]
    assert log["mentee_id"].nunique() == 1 and log["mentee_id"].notna().all()  # "Ann Lee " is Ann Lee
    assert len(result.tables["log_standards"]) == 5


def test_one_sheet_per_month_blank_rows_and_a_notes_sheet(tmp_path):
    write_csv(tmp_path / "roster.csv", ROSTER)
    header = ["Date", "Mentor", "Mentee", "Minutes", "Activity"]
    write_xlsx(
        tmp_path / "Mary Major log.xlsx",
        {
            "September": [
                ["Mentoring log: September"],
                [],
                header,
                [dt.datetime(2025, 9, 3), "Mary Major", "Ann Lee", 45, "Meeting"],
                [],
                [],
                [dt.datetime(2025, 9, 17), "Mary Major", "Bob Kim", 30, "Meeting"],
            ],
            "October": [
                header,
                ["10/1/2025", "Mary Major", "Ann Lee", "N/A", "Meeting"],
                ["10/15/2025", "Mary Major", "Ann Lee", 40, "Meeting"],
            ],
            "Instructions": [["Fill one sheet per month."]],
        },
    )
    result = ingest.ingest(tmp_path, load_config())
    assert counts(result, "Mary Major log.xlsx") == (4, 3, 1, 0)
    assert issues(result, "Mary Major log.xlsx") == [("October", 2, "Minutes", "no minutes", "rejected")]
    log = result.tables["collaborative_log"]
    assert list(zip(log["source_sheet"], log["source_row"])) == [("September", 4), ("September", 7), ("October", 3)]


def test_utf8_with_bom_and_windows_1252(tmp_path):
    rows = [["Staff ID", "School Year", "Job Title", "Building"], ["E1", "2025-26", "Teacher", "Escuela Niños"]]
    (tmp_path / "bom").mkdir()
    (tmp_path / "bom" / "staff.csv").write_bytes("\n".join(",".join(r) for r in rows).encode("utf-8-sig"))
    (tmp_path / "cp").mkdir()
    (tmp_path / "cp" / "staff.csv").write_bytes("\n".join(",".join(r) for r in rows).encode("cp1252"))
    for folder, note in (("bom", ""), ("cp", "read as Windows-1252 text (not UTF-8)")):
        result = ingest.ingest(tmp_path / folder, load_config())
        assert result.tables["hr_employment"]["school"].tolist() == ["Escuela Niños"]
        assert problems(result) == {"staff.csv": note}


def test_the_same_rows_exported_twice_are_flagged_and_counted_once(tmp_path):
    """A log exported in January and again in March (overlapping rows), a survey downloaded twice,
    and a budget file saved twice: the first copy is used, each repeat is rejected and names the first."""
    write_csv(tmp_path / "roster.csv", ROSTER)
    header = ["Date", "Mentor", "Mentee", "Minutes", "Activity"]
    first = [
        ["9/3/2025", "Mary Major", "Ann Lee", "45", "Meeting"],
        ["9/17/2025", "Mary Major", "Ann Lee", "30", "Meeting"],
    ]
    write_csv(tmp_path / "logs" / "log 2025-09 to 2025-12.csv", [header, *first])
    write_csv(
        tmp_path / "logs" / "log 2025-09 to 2026-03.csv",
        [header, *first, ["3/4/2026", "Mary Major", "Ann Lee", "30", "Meeting"]],
    )
    survey = [
        ["Timestamp", "Your role", "The program helped me"],
        ["5/1/2026 9:00:00", "Mentor", "Agree"],
        ["5/1/2026 9:05:00", "Mentee", "Agree"],
    ]
    write_csv(tmp_path / "Program Survey (Responses).csv", survey)
    write_csv(tmp_path / "Program Survey (Responses) (1).csv", [*survey, ["5/2/2026 9:00:00", "Mentee", "Disagree"]])
    costs = [
        ["Fiscal Year", "Category", "Description", "Amount"],
        ["FY26", "Stipend", "Lead mentor stipend", "1200"],
        ["FY26", "Stipend", "Lead mentor stipend", "1200"],
    ]
    write_csv(tmp_path / "budget" / "costs.csv", costs)
    write_csv(tmp_path / "budget" / "costs copy.csv", costs)
    result = ingest.ingest(tmp_path, load_config())
    assert counts(result, "logs/log 2025-09 to 2026-03.csv") == (3, 1, 2, 0)
    assert issues(result, "logs/log 2025-09 to 2026-03.csv") == [
        (None, 2, "", "the same as logs/log 2025-09 to 2025-12.csv, row 2 (exported twice); counted once", "rejected"),
        (None, 3, "", "the same as logs/log 2025-09 to 2025-12.csv, row 3 (exported twice); counted once", "rejected"),
    ]
    assert result.tables["collaborative_log"]["minutes"].sum() == 105
    # files are read in name order, so the copy kept is the one whose name sorts first
    assert counts(result, "Program Survey (Responses) (1).csv") == (3, 3, 0, 0)
    assert counts(result, "Program Survey (Responses).csv") == (2, 0, 2, 0)
    assert sorted(result.tables["stakeholder_survey"]["answer"]) == ["Agree", "Agree", "Disagree"]
    # two equal lines in one budget both count; the copy of the file does not
    assert counts(result, "budget/costs copy.csv") == (2, 2, 0, 0) and counts(result, "budget/costs.csv") == (
        2,
        0,
        2,
        0,
    )
    assert result.tables["costs"]["amount_usd"].sum() == 2400
    assert (
        result.data_quality["rows_read"].sum()
        == result.data_quality["rows_accepted"].sum() + result.data_quality["rows_rejected"].sum()
    )


def test_password_protected_and_corrupt_workbooks_are_named(tmp_path):
    # a workbook saved with a password (the fixture was encrypted with msoffcrypto-tool, as Excel does it)
    shutil.copy(FIXTURES / "Password protected log.xlsx", tmp_path / "locked.xlsx")
    (tmp_path / "cut short.xlsx").write_bytes((FIXTURES / "Collaborative Log - Legacy.xls").read_bytes()[:700])
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "only headers.csv").write_text("Date,Mentor,Mentee,Minutes\n")
    result = ingest.ingest(tmp_path, load_config())
    p = problems(result)
    assert p["locked.xlsx"] == (
        "not read: the workbook is password-protected; save a copy without the password and put that in the folder"
    )
    assert p["cut short.xlsx"].startswith("not read: the workbook could not be opened")
    assert p["empty.csv"] == "not read: the file is empty"
    assert counts(result, "only headers.csv") == (0, 0, 0, 0)


def test_missing_required_column_names_the_columns_found_and_the_closest_and_the_config_lines(tmp_path, capsys):
    write_csv(
        tmp_path / "contact log.csv",
        [
            ["Date of Contact", "Mentor", "Mentee", "Time Spent (min)", "Kind of contact"],
            ["9/3/2025", "Mary Major", "Ann Lee", "45", "Meeting"],
        ],
    )
    write_csv(
        tmp_path / "roster.csv", [*ROSTER[:1], ["2025-26", "E1", "Ann Lee", "Oak", "Mary Major", "E9"]] + [[]] * 0
    )
    write_csv(
        tmp_path / "hr.csv",
        [["Staff ID", "School Year", "Job Title", "Yrs of Experience"], ["E1", "2025-26", "Teacher", "3"]],
    )
    result = ingest.ingest(tmp_path, load_config())
    p = problems(result)
    assert p["contact log.csv"] == (
        "not recognized: headers do not match any kind; closest is collaborative_log (missing minutes). If it is one, "
        "add to your "
        'config: [files] "contact log.csv" = "collaborative_log" and under [columns.collaborative_log] minutes = '
        '["Time Spent (min)"]; '
        'activity = ["Kind of contact"]. '
        "Columns found: Date of Contact, Mentor, Mentee, Time Spent (min), Kind of contact"
    )
    assert p["hr.csv"] == (
        "column 'Yrs of Experience' was not used; if it holds experience years, add to your config under "
        '[columns.hr_employment]: experience_years = ["Yrs of Experience"]'
    )
    assert result.config_snippet() == (
        '[files]\n"contact log.csv" = "collaborative_log"\n\n'
        '[columns.collaborative_log]\nminutes = ["Time Spent (min)"]\nactivity = ["Kind of contact"]\n\n'
        '[columns.hr_employment]\nexperience_years = ["Yrs of Experience"]'
    )
    # the lines work: pasted into a config, the file is read
    (tmp_path.parent / "district.toml").write_text(result.config_snippet())
    again = ingest.ingest(tmp_path, load_config(tmp_path.parent / "district.toml"))
    assert counts(again, "contact log.csv") == (1, 1, 0, 0) and again.issues.empty
    assert again.tables["collaborative_log"]["activity"].tolist() == ["meeting"]
    assert again.tables["hr_employment"]["experience_years"].tolist() == [3.0]
    # and the command prints them, with the rows and columns of each problem
    out_dir = tmp_path.parent / "processed"
    assert cli.main(["ingest", "--raw", str(tmp_path), "--processed", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert "To read what was not recognized, add these lines to your config" in printed
    assert 'minutes = ["Time Spent (min)"]' in printed


def test_row_problems_are_printed_with_file_sheet_row_and_column(tmp_path, capsys):
    write_csv(tmp_path / "roster.csv", ROSTER)
    write_xlsx(
        tmp_path / "log.xlsx",
        {
            "Log": [
                ["Date", "Mentor", "Mentee", "Minutes", "Standards"],
                ["someday", "Mary Major", "Ann Lee", 30, "I-A"],
                [dt.datetime(2025, 9, 3), "Mary Major", "Ann Lee", -5, "I-A"],
                [dt.datetime(2025, 9, 4), "Mary Major", "Zed Who", 30, "I-A"],
                [dt.datetime(2025, 9, 5), "Mary Major", "Ann Lee", 30, "IX-Z"],
            ]
        },
    )
    assert cli.main(["ingest", "--raw", str(tmp_path), "--processed", str(tmp_path.parent / "p")]) == 0
    printed = capsys.readouterr().out
    assert "log.xlsx, sheet 'Log', row 2, column Date: 'someday' is not a date" in printed
    assert "log.xlsx, sheet 'Log', row 3, column Minutes: minutes must be between 0 and 720" in printed
    assert "log.xlsx, sheet 'Log', row 4, column mentee: mentee 'Zed Who' is not in the roster" in printed
    assert "log.xlsx, sheet 'Log', row 5, column Standards: standard code 'IX-Z' is not in MA-2012" in printed


@pytest.mark.parametrize("name", ["notes.txt", "data.json"])
def test_a_file_of_unknown_kind_says_what_to_do(tmp_path, name):
    (tmp_path / name).write_text("hello")
    result = ingest.ingest(tmp_path, load_config())
    assert problems(result)[name].startswith(("not a spreadsheet", "not read", "no table found"))


@pytest.mark.slow
def test_the_data_quality_page_shows_the_config_lines_and_the_notes(tmp_path):
    from induction_analysis.report import report

    raw = tmp_path / "raw"
    write_csv(raw / "roster.csv", ROSTER)
    write_csv(
        raw / "contact log.csv",
        [
            ["Date of Contact", "Mentor", "Mentee", "Time Spent (min)"],
            ["9/3/2025", "Mary Major", "Ann <b>Lee</b>", "45"],
        ],
    )
    write_csv(
        raw / "hr.csv",
        [["Staff ID", "School Year", "Job Title", "Yrs of Experience"], ["E1", "2025-26", "Teacher", "3"]],
    )
    result = ingest.ingest(raw, load_config())
    year_dir = tmp_path / "2025-26"
    ingest.write_quality_tables(result, year_dir / "tables")
    page = report.dashboards([])[0]
    assert page.page == "data-quality.html"
    html = report.render(page, {"school_year": "2025-26", "tables_dir": str(year_dir / "tables")}, year_dir).read_text(
        "utf-8"
    )
    lines = unescape(html.split('<pre class="config-lines">', 1)[1].split("</pre>", 1)[0])  # as the browser shows them
    assert '[columns.collaborative_log]\nminutes = ["Time Spent (min)"]\n\n[columns.hr_employment]' in lines
    assert "Notes on files used" in html and "<td>column 'Yrs of Experience' was not used" in html
