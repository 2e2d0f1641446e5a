"""Data-collection templates: dropdowns where the data is typed, and a round trip through the ingest
with nothing rejected and no mapping (issue 8, point 3)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from induction_analysis import frameworks
from induction_analysis.config import load_config
from induction_analysis.ingest import ingest
from induction_analysis.tools import collection_templates

YEAR = "2026-27"


def _write(tmp_path, names=None):
    import pandas as pd

    pairs = pd.DataFrame({"mentor": ["Mary Major", "Joy White"], "mentee": ["Ann Lee", "Bo Kim"]}) if names else None
    return collection_templates.write_templates(tmp_path / "templates", YEAR, frameworks.load("MA-2012"), pairs)


def _validations(path):
    ws = load_workbook(path).worksheets[0]
    return {ws.cell(1, ws[str(dv.sqref).split(":")[0]].column).value: dv for dv in ws.data_validations.dataValidation}


def test_templates_offer_dropdowns_from_the_year_and_the_roster(tmp_path):
    log, ticket, app = _write(tmp_path, names=True)
    assert [p.name for p in (log, ticket, app)] == [
        f"Collaborative Log template {YEAR}.xlsx",
        f"Exit Ticket template {YEAR}.xlsx",
        f"Mentor Pool Application template {YEAR}.xlsx",
    ]
    book = load_workbook(log)
    assert book["Lists"].sheet_state == "hidden"
    lists = {
        book["Lists"].cell(1, c).value: [
            book["Lists"].cell(r, c).value
            for r in range(2, book["Lists"].max_row + 1)
            if book["Lists"].cell(r, c).value
        ]
        for c in range(1, book["Lists"].max_column + 1)
    }
    assert lists["Mentor"] == ["Joy White", "Mary Major"] and lists["Mentee"] == ["Ann Lee", "Bo Kim"]
    assert lists["Activity"] == collection_templates.ACTIVITIES
    assert lists["Standards Addressed"][:3] == ["I-A", "I-B", "I-C"] and "Standard III" in lists["Standards Addressed"]
    dv = _validations(log)
    assert dv["Minutes"].type == "whole" and (dv["Minutes"].formula1, dv["Minutes"].formula2) == ("1", "720")
    assert dv["Activity"].type == "list" and dv["Activity"].errorStyle == "stop"
    assert dv["Standards Addressed"].errorStyle == "warning"  # several codes may be typed
    assert dv["Date"].type == "date"
    assert _validations(app)["Have you completed mentor training?"].type == "list"
    assert _validations(ticket)["I am a"].type == "list"


def test_filled_templates_are_ingested_with_no_mapping_and_nothing_rejected(tmp_path):
    log, ticket, app = _write(tmp_path)
    rows = {
        log: [
            [dt.datetime(2026, 9, 15), "Mary Major", "Ann Lee", 45, "Meeting", "I-A, II-B", "First unit plan"],
            [dt.datetime(2026, 10, 2), "Mary Major", "Ann Lee", 50, "Mentor observes mentee", "II-A", None],
            [dt.datetime(2026, 10, 20), "Joy White", "Bo Kim", 30, "Co-planning", "Standard III", "Family night"],
        ],
        ticket: [
            [
                dt.datetime(2026, 9, 30, 16),
                "Classroom management",
                "Lead Mentor",
                "Mentee",
                "Agree",
                "Strongly agree",
                "Routines",
            ],
            [
                dt.datetime(2026, 9, 30, 16, 5),
                "Classroom management",
                "Lead Mentor",
                "Mentor",
                "Disagree",
                "Agree",
                None,
            ],
        ],
        app: [
            [
                dt.datetime(2027, 3, 3, 15),
                "Mary Major",
                "E9",
                "Oak Hill Elementary",
                "Elementary",
                "2",
                14,
                "Yes",
                "2025-26",
                "2",
                "Period 3",
                "Beginning teachers",
                "Pay it forward",
                "Routines",
                "Yes",
            ]
        ],
    }
    for path, data in rows.items():
        book = load_workbook(path)
        ws = book.worksheets[0]
        for r, values in enumerate(data, 2):
            for c, v in enumerate(values, 1):
                ws.cell(r, c, v)
        book.save(path)
    result = ingest.ingest(tmp_path / "templates", load_config())
    dq = result.data_quality.set_index("file")
    assert dq["kind"].to_dict() == {
        f"Collaborative Log template {YEAR}.xlsx": "collaborative_log",
        f"Exit Ticket template {YEAR}.xlsx": "exit_ticket",
        f"Mentor Pool Application template {YEAR}.xlsx": "mentor_application",
    }
    assert dq["rows_read"].tolist() == [3, 2, 1] and dq["rows_rejected"].sum() == 0
    assert (dq["problem"] == "").all()
    assert len(result.tables["log_standards"]) == 4 and result.warnings.empty
    app_row = result.tables["mentor_application"].iloc[0]
    assert (app_row["school_year"], app_row["max_mentees"], app_row["orientation_completed"], app_row["accepted"]) == (
        "2026-27",
        2,
        True,
        True,
    )
    assert result.tables["exit_ticket"]["respondent_role"].tolist()[:1] == ["mentee"]


def test_name_lists_come_from_the_latest_year_with_pairs():
    import pandas as pd

    roster = pd.DataFrame(
        {
            "school_year": ["2024-25", "2025-26", "2025-26", "2026-27"],
            "mentee_id": ["p-1", "p-2", "p-3", "p-4"],
            "mentor_id": ["p-9", "p-8", None, None],
        }
    )
    people = pd.DataFrame(
        {"person_id": ["p-1", "p-2", "p-8", "p-9"], "staff_id": None, "name": ["Al", "Bea", "Cy", "Di"], "roles": "x"}
    )
    names = collection_templates.pair_names(roster, people, "2026-27")
    assert names.to_dict("list") == {"mentor": ["Cy"], "mentee": ["Bea"]}
