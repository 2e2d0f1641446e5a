"""Ingest of a small hand-built district: every normalizer, every reason, exact values."""

import datetime as dt
import hashlib

import pandas as pd
import pytest
from helpers import write_csv, write_xlsx

from induction_analysis.config import load_config
from induction_analysis.ingest import ingest


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    write_xlsx(
        root / "logs" / "Log - Mary Major.xlsx",
        {
            "Log": [
                ["Collaborative Log 2025-26"],
                [],
                ["Date", "Mentor", "Mentee", "Minutes", "Activity", "Standards Addressed", "Notes"],
                [dt.datetime(2025, 9, 3), "Mary Major", "Ann Lee", 45, "Meeting", "I-A, II-B", "First unit"],
                [None, "Mary Major", "Ann Lee", 30, "Meeting", "I-A", None],
                ["9/10/2025", "Mary Major", "Ann Lee", -30, "Meeting", None, None],
                ["9/12/2025", "Mary Major", "Ann Lee", "abc", "Meeting", None, None],
                [],
                ["9/15/2025", "Mary Major", None, 30, "Meeting", None, None],
                ["9/17/2025", "Mary Major", "Ann Lee", "1 hr", "Mentor observes mentee", "II-A, V-A", None],
                ["9/19/2025", "Mary Major", "Bob Kim", "30", "Co-planning", "Standard 3", None],
            ]
        },
    )
    write_csv(
        root / "pairings" / "roster 2025-26.csv",
        [
            [
                "School Year",
                "Staff ID",
                "New Teacher",
                "School",
                "Grade",
                "License",
                "Years of Experience",
                "Start Date",
                "Mentor",
                "Mentor ID",
                "Date Mentor Assigned",
                "Group",
                "Mentor Trained",
            ],
            [
                "2025-26",
                "E1",
                "Lee, Ann",
                "Oak",
                "3",
                "Initial license",
                "0",
                "8/27/2025",
                "Mary Major",
                "E9",
                "8/20/2025",
                "Beginning Teacher",
                "Yes",
            ],
            [
                "2025-26",
                "E2",
                "Cy Dee",
                "Oak",
                "9-12",
                "Provisional",
                "x",
                "8/27/2025",
                "",
                "",
                "",
                "Career changer",
                "no",
            ],
        ],
    )
    write_csv(
        root / "hr" / "staff.csv",
        [
            [
                "Employee ID",
                "Name",
                "School Year",
                "Building",
                "Job Title",
                "Years Experience",
                "Separation Date",
                "Separation Reason",
            ],
            ["E1", "Ann Lee", "2025-2026", "Oak", "Classroom Teacher", "1", "", ""],
            ["E9", "José Núñez", "FY26", "Oak", "Grade 3 Teacher", "12", "6/30/2026", "Retired"],
            ["E5", "Pat Doe", "2025-26", "Oak", "Paraprofessional", "3", "", ""],
            ["E5", "Pat Doe", "2025-26", "Oak", "Paraprofessional", "3", "", ""],
            ["", "No Body", "2025-26", "Oak", "Classroom Teacher", "3", "", ""],
        ],
        encoding="cp1252",
    )
    write_csv(
        root / "evaluations.csv",
        [
            ["Educator ID", "School Year", "Standard I", "Standard II", "Summative Rating"],
            ["E1", "2025-26", "P", "Needs Improvement", "Proficient"],
            ["E9", "2025-26", "Exemplary", "E", "Profficient"],
            ["E7", "2025-26", "", "", ""],
        ],
    )
    write_xlsx(
        root / "budget" / "costs.xlsx",
        {
            "FY26": [
                ["Induction program costs"],
                [],
                ["Fiscal Year", "Category", "Description", "Hours", "Days", "Amount", "Funding Source"],
                ["FY26", "Stipend", "Lead mentor stipend", None, None, 1200, "District"],
                ["FY26", "Contract hours", "Mentor hours", 10, None, "$300.00", "Title II-A"],
                ["FY26", "Substitute", "Coverage for observations", None, 2, 220, "district"],
                ["Total", None, None, None, None, 1720, None],
            ]
        },
    )
    write_csv(
        root / "Exit Ticket (Responses).csv",
        [
            [
                "Timestamp",
                "Email Address",
                "Session",
                "Facilitator",
                "The session was useful",
                "Confidence (1-5)",
                "One thing you will try",
            ],
            ["9/24/2025 15:42:10", "a@x.org", "Classroom management", "Lee", "Strongly agree", "4", "Routines"],
            ["9/24/2025 15:50:00", "b@x.org", "Classroom management", "Lee", "Neither agree nor disagree", "5", ""],
            ["9/24/2025 15:55:00", "c@x.org", "Classroom management", "Lee", "", "", ""],
        ],
    )
    write_xlsx(root / "notes.xlsx", {"Sheet1": [["When", "Who", "How long"], ["Monday", "Ann", "an hour"]]})
    (root / "memo.docx").write_bytes(b"PK not really")
    (root / "empty.csv").write_bytes(b"")
    (root / "broken.xlsx").write_bytes(b"this is not a workbook")
    (root / ".hidden.csv").write_text("a,b\n1,2\n")
    return root


@pytest.fixture(scope="module")
def result(raw):
    return ingest.ingest(raw, load_config())


def dq_row(result, file):
    return result.data_quality.set_index("file").loc[file]


def issues_of(result, file):
    found = result.issues[result.issues["file"] == file]
    return [(int(r.row), r.column, r.reason, r.severity) for r in found.itertuples()]


def real(result, ids) -> list:
    """Pseudonymous ids back to staff ids (names for people without one), through the protected lookup."""
    people = result.people.set_index("person_id")
    return [people.at[i, "staff_id"] if pd.notna(people.at[i, "staff_id"]) else people.at[i, "name"] for i in ids]


def test_every_file_listed_and_counts_reconcile(result):
    dq = result.data_quality
    assert sorted(dq["file"]) == sorted(
        [
            "Exit Ticket (Responses).csv",
            "broken.xlsx",
            "budget/costs.xlsx",
            "empty.csv",
            "evaluations.csv",
            "hr/staff.csv",
            "logs/Log - Mary Major.xlsx",
            "memo.docx",
            "notes.xlsx",
            "pairings/roster 2025-26.csv",
        ]
    )
    assert (dq["rows_read"] == dq["rows_accepted"] + dq["rows_rejected"]).all()


def test_log_rows_rejected_with_spreadsheet_row_numbers(result):
    row = dq_row(result, "logs/Log - Mary Major.xlsx")
    assert (row["kind"], row["rows_read"], row["rows_accepted"], row["rows_rejected"]) == ("collaborative_log", 7, 3, 4)
    assert issues_of(result, "logs/Log - Mary Major.xlsx") == [
        (5, "Date", "no date", "rejected"),
        (6, "Minutes", "minutes must be between 0 and 720 (12 hours), found -30", "rejected"),
        (7, "Minutes", "'abc' is not a number of minutes", "rejected"),
        (9, "Mentee", "no mentee", "rejected"),
        (10, "Minutes", "'1 hr' read as 60 minutes", "warning"),
        (10, "Standards Addressed", "standard code 'V-A' is not in MA-2012; the contact is kept without it", "warning"),
        (11, "mentee", "mentee 'Bob Kim' is not in the roster; the contact is kept without a staff id", "warning"),
    ]


def test_log_values_and_people_linked_through_the_roster(result):
    log = result.tables["collaborative_log"]
    assert log["source_row"].tolist() == [4, 10, 11]
    assert log["minutes"].tolist() == [45.0, 60.0, 30.0]
    assert log["activity"].tolist() == ["meeting", "observation_of_mentee", "co_planning"]
    assert log["school_year"].tolist() == ["2025-26"] * 3
    assert real(result, log["mentee_id"]) == ["E1", "E1", "Bob Kim"]
    assert log["mentee_id"].str.startswith("p-").tolist() == [True, True, False]
    assert log["mentee_id"].iloc[2].startswith("unlisted-")
    assert real(result, log["mentor_id"]) == ["E9"] * 3
    assert log["contact_id"].iloc[0] == "logs/Log - Mary Major.xlsx|Log|4"


def test_standards_become_a_long_table(result):
    long = result.tables["log_standards"]
    assert list(zip(long["code"], long["standard"], long["indicator"].fillna("-"))) == [
        ("I-A", "I", "I-A"),
        ("II-B", "II", "II-B"),
        ("II-A", "II", "II-A"),
        ("Standard 3", "III", "-"),
    ]
    assert set(long["framework"]) == {"MA-2012"}


def test_roster(result):
    r = result.tables["roster"]
    assert real(result, r["mentee_id"]) == ["E1", "E2"]
    assert r["license"].tolist() == ["Initial", "Provisional"]
    assert r["grade_band"].tolist() == ["elementary", "high"]
    assert r["group"].tolist() == ["beginning teacher", "career changer"]
    assert r["mentor_trained"].tolist() == [True, False]
    assert r["prior_experience_years"].iloc[0] == 0 and pd.isna(r["prior_experience_years"].iloc[1])
    assert r["mentor_assigned_date"].iloc[0] == pd.Timestamp("2025-08-20")
    assert issues_of(result, "pairings/roster 2025-26.csv") == [
        (3, "Years of Experience", "'x' is not a number of years; left empty", "warning")
    ]


def test_hr_in_windows_1252_duplicates_and_teachers(result):
    hr = result.tables["hr_employment"]
    assert real(result, hr["staff_id"]) == ["E1", "E9", "E5"]
    assert hr["school_year"].tolist() == ["2025-26"] * 3
    assert hr["is_teacher"].tolist() == [True, True, False]
    assert hr["exit_date"].iloc[1] == pd.Timestamp("2026-06-30")
    row = dq_row(result, "hr/staff.csv")
    assert (row["rows_read"], row["rows_accepted"], row["rows_rejected"]) == (5, 3, 2)
    assert "Windows-1252" in row["problem"]
    assert issues_of(result, "hr/staff.csv") == [
        (5, "Employee ID", "the same staff id and school year as row 4; counted once", "rejected"),
        (6, "Employee ID", "no staff id", "rejected"),
    ]


def test_evaluations_long_with_typos_warned(result):
    ev = result.tables["evaluation"]
    got = sorted(zip(real(result, ev["staff_id"]), ev["rating_of"], ev["rating"], ev["rating_score"]))
    assert got == [
        ("E1", "I", "Proficient", 3),
        ("E1", "II", "Needs Improvement", 2),
        ("E1", "summative", "Proficient", 3),
        ("E9", "I", "Exemplary", 4),
        ("E9", "II", "Exemplary", 4),
    ]
    assert issues_of(result, "evaluations.csv") == [
        (
            3,
            "Summative Rating",
            "'Profficient' is not a rating (Exemplary, Proficient, Needs Improvement, Unsatisfactory); this rating is "
            "left out",
            "warning",
        ),
        (4, "Summative Rating", "no usable rating in this row", "rejected"),
    ]


def test_costs_categories_money_and_total_row(result):
    c = result.tables["costs"]
    assert c["category"].tolist() == ["lead_mentor_stipend", "contract_hours", "substitute_coverage"]
    assert c["amount_usd"].tolist() == [1200.0, 300.0, 220.0]
    assert c["funding_source"].tolist() == ["District", "Title II-A", "District"]
    assert c["school_year"].tolist() == ["2025-26"] * 3
    assert "1 total row(s) at the bottom not read as data" in dq_row(result, "budget/costs.xlsx")["problem"]
    assert dq_row(result, "budget/costs.xlsx")["rows_read"] == 3


def test_google_forms_exit_ticket_long_with_scales(result):
    et = result.tables["exit_ticket"]
    likert = et[et["item_type"] == "likert"]
    assert list(zip(likert["item"], likert["score"], likert["scale"])) == [
        ("The session was useful", 5.0, "agreement-5"),
        ("Confidence (1-5)", 4.0, "numeric-5"),
        ("The session was useful", 3.0, "agreement-5"),
        ("Confidence (1-5)", 5.0, "numeric-5"),
    ]
    text = et[et["item_type"] == "text"]
    assert text["answer"].tolist() == ["Routines"] and text["score"].isna().all()
    assert set(et["session"]) == {"Classroom management"} and set(et["school_year"]) == {"2025-26"}
    assert issues_of(result, "Exit Ticket (Responses).csv") == [
        (4, "answers", "no answers in this response", "rejected")
    ]


def test_files_that_cannot_be_used_say_why(result):
    problems = result.data_quality.set_index("file")["problem"]
    assert "none of its headers is a column name the tool knows" in problems["notes.xlsx"]
    assert '[files] "notes.xlsx" = "KIND"' in problems["notes.xlsx"]
    assert problems["memo.docx"].startswith("not a spreadsheet")
    assert problems["empty.csv"] == "not read: the file is empty"
    assert problems["broken.xlsx"].startswith("not read: the workbook could not be opened")
    assert result.summary()["files_not_used"] == 4


def test_raw_files_are_never_modified(raw):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    ingest.write_processed(ingest.ingest(raw, load_config()), raw.parent / "processed")
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    assert before == after


def test_parquet_tables_round_trip_with_their_dtypes(result, tmp_path):
    ingest.write_processed(result, tmp_path)
    tables = ingest.load_tables(tmp_path)
    assert set(tables) == set(result.tables)
    log = tables["collaborative_log"]
    assert str(log["minutes"].dtype) == "float64" and str(log["date"].dtype).startswith("datetime64")
    assert (tmp_path / "data_quality.csv").exists() and (tmp_path / "rejected_rows.csv").exists()
    rejected = pd.read_csv(tmp_path / "rejected_rows.csv")
    assert list(rejected.columns) == ["file", "sheet", "row", "column", "reason"]


def test_hr_export_alone_is_a_valid_input(raw, tmp_path):
    only = tmp_path / "raw"
    only.mkdir()
    (only / "staff.csv").write_bytes((raw / "hr" / "staff.csv").read_bytes())
    result = ingest.ingest(only, load_config())
    assert len(result.tables["hr_employment"]) == 3
    assert all(result.tables[t].empty for t in result.tables if t != "hr_employment")


def test_microsoft_forms_self_assessment_and_google_forms_survey(tmp_path):
    write_xlsx(
        tmp_path / "Mentoring Self-Assessment.xlsx",
        {
            "Sheet1": [
                [
                    "ID",
                    "Start time",
                    "Completion time",
                    "Email",
                    "Name",
                    "Last modified time",
                    "I am a",
                    "Administration",
                    "Rate yourself: I-A",
                    "Rate yourself: II-B",
                ],
                [
                    1,
                    dt.datetime(2025, 10, 15, 16),
                    dt.datetime(2025, 10, 15, 16, 6),
                    "e1@x.org",
                    "Ann Lee",
                    None,
                    "Mentee",
                    "Fall",
                    "Needs Improvement",
                    "Proficient",
                ],
                [
                    2,
                    dt.datetime(2026, 5, 12, 16),
                    dt.datetime(2026, 5, 12, 16, 6),
                    "e1@x.org",
                    "Ann Lee",
                    None,
                    "Mentee",
                    None,
                    "Proficient",
                    "Exemplary",
                ],
                [
                    3,
                    dt.datetime(2025, 10, 16, 9),
                    dt.datetime(2025, 10, 16, 9, 5),
                    "e9@x.org",
                    "Mary Major",
                    None,
                    "Mentor",
                    "BOY",
                    "Exemplary",
                    None,
                ],
            ]
        },
    )
    write_csv(
        tmp_path / "Induction Program Survey.csv",
        [
            ["Timestamp", "What is your role?", "The program helped me grow", "What would improve the program?"],
            ["5/20/2026 9:00:00", "New teacher", "Agree", "More time to observe."],
            ["5/21/2026 9:00:00", "Principal", "Strongly disagree", ""],
            ["5/22/2026 9:00:00", "Mentor", "Disagree", "N/A"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    sa = result.tables["self_assessment"]
    assert list(
        zip(real(result, sa["respondent_id"]), sa["season"], sa["respondent_role"], sa["item"], sa["score"])
    ) == [
        ("Ann Lee", "fall", "mentee", "Rate yourself: I-A", 2.0),
        ("Ann Lee", "fall", "mentee", "Rate yourself: II-B", 3.0),
        ("Ann Lee", "spring", "mentee", "Rate yourself: I-A", 3.0),
        ("Ann Lee", "spring", "mentee", "Rate yourself: II-B", 4.0),
        ("Mary Major", "fall", "mentor", "Rate yourself: I-A", 4.0),
    ]
    assert set(sa["scale"]) == {"rubric-4"} and set(sa["school_year"]) == {"2025-26"}
    sv = result.tables["stakeholder_survey"]
    likert = sv[sv["item_type"] == "likert"]
    assert list(zip(likert["respondent_role"], likert["score"], likert["scale_points"])) == [
        ("mentee", 3.0, 4),
        ("administrator", 1.0, 4),
        ("mentor", 2.0, 4),
    ]  # agreement-4: SD, D, A, SA
    assert sv.loc[sv["item_type"] == "text", "answer"].tolist() == ["More time to observe."]
    assert result.issues.empty


def test_workbooks_read_as_pandas_calamine_reader_would(tmp_path):
    """Workbooks are read by calamine straight into grids; the cells are those pandas'
    ``read_excel(engine="calamine", header=None, dtype=object)`` gives: whole numbers as int, dates as
    datetime, blank rows kept (grid index + 1 is the spreadsheet row), pandas' 'no value' words missing."""
    from pandas._libs.parsers import STR_NA_VALUES

    from induction_analysis.ingest import readers

    assert readers.EXCEL_NA_WORDS == STR_NA_VALUES
    book = tmp_path / "cells.xlsx"
    write_xlsx(
        book,
        {
            "Log": [
                [],
                ["Date", "Minutes", "Share", "Note", "Done"],
                [dt.datetime(2025, 9, 3), 45, 0.5, "N/A", True],
                [],
                [dt.date(2025, 9, 4), 30.0, None, "  text ", False],
                ["9/5/2025", "1 hr", "NULL", "", None],
            ],
            "Other": [["a", "b"], [1, 2]],
        },
    )
    ((sheet, other),) = [readers.read_excel_grids(book, readers.Limits())]
    expected = pd.read_excel(book, sheet_name=None, header=None, dtype="object", engine="calamine")
    assert [sheet.name, other.name] == ["Log", "Other"]
    for got, want in ((sheet.grid, expected["Log"]), (other.grid, expected["Other"])):
        assert got.shape == want.shape
        for g, w in zip(got.to_numpy().ravel().tolist(), want.to_numpy().ravel().tolist()):
            assert (pd.isna(g) and pd.isna(w)) or (type(g) is type(w) and g == w), (g, w)
    assert sheet.grid.iloc[2].tolist()[:3] == [dt.datetime(2025, 9, 3), 45, 0.5]
    assert sheet.grid.iloc[4, 0] == dt.datetime(2025, 9, 4) and sheet.grid.iloc[4, 1] == 30
