"""Exports of the four survey tools, as each tool writes them, read unchanged.

Each fixture is what the tool's own export looks like (header rows, metadata
columns, matrix and checkbox questions); the expected per-item n and favorable
share in ``survey_items.csv`` are counted by hand from the rows below.
Favorable = the top two points of the item's scale.
"""

import csv
import datetime as dt
import json

import pandas as pd
import pytest
from helpers import write_csv
from openpyxl import Workbook

from induction_analysis.config import load_config
from induction_analysis.ingest import ingest
from induction_analysis.metrics import feedback


def items_of(result, kind):
    t = result.tables
    items = feedback.survey_items(t["exit_ticket"], t["self_assessment"], t["stakeholder_survey"])
    items = items[(items["kind"] == kind) & (items["session"].isin(["", feedback.ALL_SESSIONS]))]
    by_item = items.groupby("item").agg(n=("n_responses", "sum"), scale=("scale", "first"))
    fav = items.assign(f=items["favorable_pct"] * items["n_responses"] / 100).groupby("item")["f"].sum()
    return {item: (int(r.n), r.scale, round(100 * fav[item] / r.n, 1)) for item, r in by_item.iterrows()}


def answers(result, kind, item_type):
    t = result.tables[kind]
    return t.loc[t["item_type"] == item_type, ["item", "answer"]].values.tolist()


# ------------------------------------------------------------------ Google Forms
def test_google_forms_csv(tmp_path):
    """Timestamp first, question text as header, grid rows as ``Question [Row]``, a linear scale
    as numbers, checkbox answers joined with ", "."""
    write_csv(
        tmp_path / "Induction Program Survey 2025-26 (Responses).csv",
        [
            [
                "Timestamp",
                "Email Address",
                "What is your role?",
                "The program helped me grow",
                "Rate the program [Sessions]",
                "Rate the program [Mentoring]",
                "How prepared do you feel? (1-7)",
                "Which topics helped most?",
                "What would improve the program?",
            ],
            [
                "5/20/2026 9:00:00",
                "a@x.org",
                "New teacher",
                "Strongly agree",
                "Agree",
                "Strongly agree",
                "6",
                "Classroom management, Assessment",
                "More observation time",
            ],
            [
                "5/20/2026 9:05:00",
                "b@x.org",
                "New teacher",
                "Agree",
                "Neither agree nor disagree",
                "Agree",
                "4",
                "Classroom management",
                "",
            ],
            [
                "5/21/2026 10:00:00",
                "c@x.org",
                "Mentor",
                "Disagree",
                "Disagree",
                "Strongly agree",
                "7",
                "Assessment",
                "Release time for mentors",
            ],
            [
                "5/21/2026 11:00:00",
                "d@x.org",
                "Mentor",
                "Agree",
                "Agree",
                "",
                "2",
                "Classroom management, Family communication",
                "N/A",
            ],
            [
                "5/22/2026 12:00:00",
                "e@x.org",
                "Principal",
                "Strongly agree",
                "",
                "Agree",
                "5",
                "Assessment, Classroom management",
                "Earlier pairing",
            ],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    assert result.issues.empty and result.summary()["rows_accepted"] == 5
    assert items_of(result, "stakeholder_survey") == {
        "The program helped me grow": (5, "agreement-5", 80.0),  # SA, A, D, A, SA
        "Rate the program [Sessions]": (4, "agreement-5", 50.0),  # A, N, D, A
        "Rate the program [Mentoring]": (4, "agreement-5", 100.0),  # SA, A, SA, A
        "How prepared do you feel? (1-7)": (5, "numeric-7", 40.0),  # 6, 4, 7, 2, 5: 6 and 7 favorable
    }
    assert [a for i, a in answers(result, "stakeholder_survey", "choice")] == [
        "Classroom management, Assessment",
        "Classroom management",
        "Assessment",
        "Classroom management, Family communication",
        "Assessment, Classroom management",
    ]
    assert answers(result, "stakeholder_survey", "text") == [
        ["What would improve the program?", "More observation time"],
        ["What would improve the program?", "Release time for mentors"],
        ["What would improve the program?", "Earlier pairing"],
    ]
    comments = feedback.open_comments(result.tables["exit_ticket"], result.tables["stakeholder_survey"])
    assert "Assessment" not in set(comments["answer"])  # checkbox answers are not comments


# ------------------------------------------------------------------ Microsoft Forms
def test_microsoft_forms_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Which session did you attend?",
            "I am a",
            "The session met my needs",
            "I will use what I learned",
            "Comments",
        ]
    )
    rows = [
        (1, "Classroom routines", "Mentee", "Strongly agree", "Agree", "Great examples"),
        (2, "Classroom routines", "Mentee", "Agree", "Agree", None),
        (3, "Classroom routines", "Mentor", "Disagree", "Strongly disagree", "Too long"),
        (4, "Data meetings", "Mentee", "Agree", "Strongly agree", None),
    ]
    for n, session, role, q1, q2, comment in rows:
        start = dt.datetime(2025, 10, 1, 15, n)
        ws.append([n, start, start + dt.timedelta(minutes=3), "anonymous", None, None, session, role, q1, q2, comment])
    wb.save(tmp_path / "Session exit ticket(1-4).xlsx")
    result = ingest.ingest(tmp_path, load_config())
    assert result.issues.empty
    et = result.tables["exit_ticket"]
    assert sorted(set(et["session"])) == ["Classroom routines", "Data meetings"]
    assert items_of(result, "exit_ticket") == {
        "The session met my needs": (4, "agreement-4", 75.0),
        "I will use what I learned": (4, "agreement-4", 75.0),
    }
    assert answers(result, "exit_ticket", "text") == [["Comments", "Great examples"], ["Comments", "Too long"]]


# ------------------------------------------------------------------ SurveyMonkey
SM_TOP = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
    "What is your role?",
    None,
    "How much do you agree?",
    None,
    None,
    "Which supports did you use?",
    None,
    None,
    "What should we change?",
]
SM_SUB = [None] * 9 + [
    "Response",
    "Other (please specify)",
    "My mentor helped me",
    "The sessions were useful",
    "I felt part of the school",
    "Mentor meetings",
    "Group sessions",
    "Observations",
    "Open-Ended Response",
]
SM_ROWS = [
    [
        "New teacher",
        None,
        "Strongly agree",
        "Agree",
        "Agree",
        "Mentor meetings",
        None,
        "Observations",
        "More co-planning",
    ],
    ["New teacher", None, "Agree", "Somewhat agree", "Strongly agree", "Mentor meetings", "Group sessions", None, None],
    [
        "Other (please specify)",
        "Instructional coach",
        "Neither agree nor disagree",
        "Disagree",
        "Agree",
        None,
        "Group sessions",
        None,
        "Fewer forms",
    ],
    ["Mentor", None, "Strongly agree", "Strongly agree", "Somewhat disagree", "Mentor meetings", None, None, None],
]


def _sm_rows():
    for n, answers_ in enumerate(SM_ROWS, 1):
        start = dt.datetime(2026, 5, 10 + n, 9, 0)
        yield [
            11800000000 + n,
            400000001,
            start,
            start + dt.timedelta(minutes=4),
            "10.0.0.1",
            None,
            None,
            None,
            None,
            *answers_,
        ]


def _expected_sm(result):
    assert items_of(result, "stakeholder_survey") == {
        # 7-point agreement (Somewhat agree in the file): favorable = Agree, Strongly agree
        "How much do you agree? - My mentor helped me": (4, "agreement-7", 75.0),
        "How much do you agree? - The sessions were useful": (4, "agreement-7", 50.0),
        "How much do you agree? - I felt part of the school": (4, "agreement-7", 75.0),
    }
    sv = result.tables["stakeholder_survey"]
    assert sv.drop_duplicates("response_id")["respondent_role"].tolist() == ["mentee", "mentee", "other", "mentor"]
    choice = sv[sv["item_type"] == "choice"]
    assert choice.groupby("item").size().to_dict() == {
        "Which supports did you use? - Mentor meetings": 3,
        "Which supports did you use? - Group sessions": 2,
        "Which supports did you use? - Observations": 1,
    }
    assert answers(result, "stakeholder_survey", "text") == [
        ["What should we change?", "More co-planning"],
        ["What is your role? - Other (please specify)", "Instructional coach"],
        ["What should we change?", "Fewer forms"],
    ]


def test_surveymonkey_xlsx_two_header_rows_merged(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(SM_TOP)
    ws.append(SM_SUB)
    for row in _sm_rows():
        ws.append(row)
    # SurveyMonkey's Excel export merges each question's text over its columns
    ws.merge_cells("J1:K1")
    ws.merge_cells("L1:N1")
    ws.merge_cells("O1:Q1")
    for col in "ABCDEFGHIR":
        ws.merge_cells(f"{col}1:{col}2")
    wb.save(tmp_path / "New Teacher Survey 2026.xlsx")
    result = ingest.ingest(tmp_path, load_config())
    assert result.summary()["rows_accepted"] == 4 and result.issues.empty
    _expected_sm(result)


def test_surveymonkey_csv_two_header_rows(tmp_path):
    path = tmp_path / "New Teacher Survey 2026.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["" if c is None else c for c in SM_TOP])
        w.writerow(["" if c is None else c for c in SM_SUB])
        for row in _sm_rows():
            w.writerow(
                [
                    "" if c is None else c.strftime("%m/%d/%Y %I:%M:%S %p") if isinstance(c, dt.datetime) else c
                    for c in row
                ]
            )
    result = ingest.ingest(tmp_path, load_config())
    assert result.summary()["rows_accepted"] == 4 and result.issues.empty
    _expected_sm(result)


# ------------------------------------------------------------------ Qualtrics
def _qualtrics(path, unfinished_label="False"):
    ids = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
        "DistributionChannel",
        "UserLanguage",
        "Q1",
        "Q2",
        "Q3_1",
        "Q3_2",
        "Q4",
    ]
    text = [
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Response ID",
        "Recipient Last Name",
        "Recipient First Name",
        "Recipient Email",
        "External Data Reference",
        "Location Latitude",
        "Location Longitude",
        "Distribution Channel",
        "User Language",
        "Which session did you attend?",
        "What is your role?",
        "Please rate the session - The content was relevant",
        "Please rate the session - I felt supported",
        "What is one thing you will try?",
    ]
    import_ids = [
        json.dumps({"ImportId": i})
        for i in [
            "startDate",
            "endDate",
            "status",
            "ipAddress",
            "progress",
            "duration",
            "finished",
            "recordedDate",
            "_recordId",
            "recipientLastName",
            "recipientFirstName",
            "recipientEmail",
            "externalDataReference",
            "locationLatitude",
            "locationLongitude",
            "distributionChannel",
            "userLanguage",
            "QID1",
            "QID2",
            "QID3_1",
            "QID3_2",
            "QID4_TEXT",
        ]
    ]

    def response(n, status, progress, finished, answers_):
        when = f"2025-11-0{n} 15:3{n}:00"
        return [
            when,
            when,
            status,
            "10.0.0.1",
            progress,
            "120",
            finished,
            when,
            f"R_{n:03d}",
            "",
            "",
            "",
            "",
            "42.1",
            "-71.1",
            "anonymous",
            "EN",
            *answers_,
        ]

    rows = [
        ids,
        text,
        import_ids,
        response(
            1,
            "Survey Preview",
            "100",
            "True",
            ["Lesson planning", "Mentee", "Strongly agree", "Strongly agree", "test"],
        ),
        response(
            2,
            "IP Address",
            "100",
            "True",
            ["Lesson planning", "Mentee", "Somewhat agree", "Strongly agree", "Exit tickets"],
        ),
        response(
            3, "IP Address", "100", "True", ["Lesson planning", "Mentor", "Strongly agree", "Somewhat disagree", ""]
        ),
        response(
            4, "IP Address", "60", unfinished_label, ["Lesson planning", "Mentee", "Neither agree nor disagree", "", ""]
        ),
        response(
            5,
            "IP Address",
            "100",
            "True",
            ["Lesson planning", "Mentee", "Strongly disagree", "Somewhat agree", "Turn and talk"],
        ),
    ]
    write_csv(path, rows)


@pytest.mark.parametrize("unfinished", ["keep", "drop"])
def test_qualtrics_csv_three_header_rows_preview_and_unfinished(tmp_path, unfinished):
    raw = tmp_path / "raw"
    _qualtrics(raw / "Session Exit Ticket_November 8, 2025_10.15.csv")
    config_file = tmp_path / "district.toml"
    config_file.write_text(f'[survey]\nunfinished_responses = "{unfinished}"\n')
    result = ingest.ingest(raw, load_config(config_file))
    row = result.data_quality.iloc[0]
    # rows 4-8 are the five responses; row 4 is the preview
    reasons = [(r.row, r.column, r.reason, r.severity) for r in result.issues.itertuples()]
    assert reasons[0] == (
        4,
        "Response Type",
        "not a respondent: a survey preview (Response Type = 'Survey Preview')",
        "rejected",
    )
    if unfinished == "keep":
        assert reasons[1:] == [
            (7, "Finished", "an unfinished response (Finished = False); the questions answered are kept", "warning")
        ]
        assert (row.rows_read, row.rows_accepted, row.rows_rejected, row.rows_with_warnings) == (5, 4, 1, 1)
        # 5-point agreement in Qualtrics' wording: favorable = Somewhat agree, Strongly agree
        assert items_of(result, "exit_ticket") == {
            "Please rate the session - The content was relevant": (4, "agreement-5", 50.0),  # SoA, SA, N, SD
            "Please rate the session - I felt supported": (3, "agreement-5", 66.7),  # SA, SoD, SoA
        }
    else:
        assert reasons[1][3] == "rejected" and reasons[1][0] == 7
        assert (row.rows_read, row.rows_accepted, row.rows_rejected) == (5, 3, 2)
        assert items_of(result, "exit_ticket")["Please rate the session - The content was relevant"] == (
            3,
            "agreement-5",
            66.7,
        )
    et = result.tables["exit_ticket"]
    assert set(et["session"]) == {"Lesson planning"} and set(et["school_year"]) == {"2025-26"}
    assert answers(result, "exit_ticket", "text") == [
        ["What is one thing you will try?", "Exit tickets"],
        ["What is one thing you will try?", "Turn and talk"],
    ]
    assert not (et["item"].str.contains("ImportId") | et["answer"].str.contains("ImportId")).any()


def test_numbered_answers_scored_by_their_words_and_reversed_items(tmp_path):
    """Direction: "1 = Strongly agree" is scored by its words; a plain-number item the config lists as reversed is
    turned round."""
    raw = tmp_path / "raw"
    write_csv(
        raw / "survey.csv",
        [
            [
                "Timestamp",
                "Your role",
                "The program was worth my time",
                "Rank how much you needed support (1 = most, 5 = least)",
            ],
            ["5/1/2026 9:00", "Mentor", "1 = Strongly agree", "1"],
            ["5/1/2026 9:10", "Mentor", "2 = Agree", "2"],
            ["5/1/2026 9:20", "Mentee", "4 = Disagree", "5"],
            ["5/1/2026 9:30", "Mentee", "5 = Strongly disagree", "3"],
        ],
    )
    (tmp_path / "c.toml").write_text('[survey]\nreversed_items = ["rank how much you needed support"]\n')
    result = ingest.ingest(raw, load_config(tmp_path / "c.toml"))
    sv = result.tables["stakeholder_survey"]
    assert sv["score"].tolist() == [5.0, 5.0, 4.0, 4.0, 2.0, 1.0, 1.0, 3.0]
    assert set(sv["scale"]) == {"agreement-5", "numeric-5"}
    pd.testing.assert_series_equal(sv["scale_points"], pd.Series([5] * 8, dtype="Int64", name="scale_points"))


# ------------------------------------------------------------------ Likert scales, as a property
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from induction_analysis.ingest import likert  # noqa: E402

ALL_SCALES = [s for family in likert.SCALES.values() for s in family]


@st.composite
def written_answers(draw):
    """A scale, and answers on it written as people and tools write them: any case, stray spaces,
    numbered ("5 - Strongly agree", "Strongly agree (5)") with the numbers in either direction."""
    scale = draw(st.sampled_from(ALL_SCALES))
    positions = draw(st.lists(st.integers(0, scale.points - 1), min_size=1, max_size=20))
    style = draw(st.sampled_from(["plain", "number first", "number last"]))
    reverse = draw(st.booleans())
    written = []
    for p in positions:
        label = scale.labels[p]
        label = draw(st.sampled_from([label, label.upper(), label.lower(), f"  {label} "]))
        number = scale.points - p if reverse else p + 1
        written.append(
            {"plain": label, "number first": f"{number} - {label}", "number last": f"{label} ({number})"}[style]
        )
    return scale, positions, written


@settings(max_examples=300, deadline=None)
@given(written_answers())
def test_worded_answers_score_by_their_words_in_either_direction(case):
    scale, positions, written = case
    found = likert.file_scales({0: pd.Series(written, dtype=object)}, headers={0: "item"})[0]
    assert found is not None and found.name.split("-")[0] == scale.name.split("-")[0]
    scores = likert.score(pd.Series(written, dtype=object), found)
    # the order of the answers is the order of the scale, whatever the numbers say
    labels = [scale.labels[p] for p in positions]
    expected = [found.score_of()[likert._word_key(label)] for label in labels]
    assert scores.tolist() == expected
    assert (scores.diff().dropna() * pd.Series(positions).diff().dropna() >= 0).all()
