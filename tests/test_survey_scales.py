"""Rating answers as the survey tools and districts word them: every rating item scored.

The fixtures in ``tests/fixtures/surveys/`` are written the way each tool writes its export (header
rows, quoting, metadata columns, encoding). The expected n, favorable share and not-a-rating counts
are counted by hand from the rows of each file (the comments say how); favorable = the top two
points of the wording set the item uses.
"""

import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from helpers import write_csv
from hypothesis import given, settings
from hypothesis import strategies as st

from induction_analysis.config import load_config
from induction_analysis.ingest import ingest, likert, quality, scales
from induction_analysis.metrics import feedback

FIXTURES = Path(__file__).parent / "fixtures" / "surveys"


def ingest_fixture(tmp_path, name, config_text=""):
    raw = tmp_path / "raw"
    raw.mkdir(parents=True)
    shutil.copy(FIXTURES / name, raw / name)
    config = None
    if config_text:
        config = tmp_path / "district.toml"
        config.write_text(config_text)
    return ingest.ingest(raw, load_config(config))


def items_of(result, kind):
    """item -> (n scored, scale, favorable %, n not a rating), over every respondent role."""
    t = result.tables
    items = feedback.survey_items(t["exit_ticket"], t["self_assessment"], t["stakeholder_survey"])
    items = items[(items["kind"] == kind) & items["session"].isin(["", feedback.ALL_SESSIONS])]
    out = {}
    for item, rows in items.groupby("item"):
        n = int(rows["n_responses"].sum())
        fav = round(float((rows["favorable_pct"].fillna(0) * rows["n_responses"]).sum() / n), 1) if n else None
        out[item] = (n, rows["scale"].iloc[0], fav, int(rows["n_not_applicable"].sum()))
    return out


def read_as(result):
    q = result.questions
    return {
        (r.item, r.read_as): (r.scale if isinstance(r.scale, str) else None, int(r.n_answers), int(r.n_left_out))
        for r in q.itertuples()
    }


# ------------------------------------------------------------------ Google Forms, the tools' own wordings
def test_google_forms_wordings_every_family_scored(tmp_path):
    result = ingest_fixture(tmp_path, "Induction Program Survey 2025-26 (Responses).csv")
    assert result.summary()["rows_accepted"] == 8 and result.issues.empty
    assert items_of(result, "stakeholder_survey") == {
        # Very Satisfied 7, Satisfied 6, Somewhat Satisfied 5, Neutral 4, Somewhat Dissatisfied 3, Dissatisfied 2,
        # Very Dissatisfied 1, Very Satisfied 7: favorable (6-7) rows 1, 2, 8
        "How satisfied are you with your mentoring?": (8, "satisfaction-7", 37.5, 0),
        # Extremely / Moderately / Slightly helpful, Neither, Slightly / Moderately / Extremely unhelpful: favorable
        # rows 1, 2, 8
        "How helpful were the monthly seminars?": (8, "helpfulness-7", 37.5, 0),
        # Extremely, Very, Moderately, Slightly useful, Not useful at all: favorable (Extremely, Very) rows 1, 2, 6, 7
        "How useful was the new teacher handbook?": (8, "usefulness-5", 50.0, 0),
        # SA, A, D, SD, A scored (rows 1, 2, 4, 6, 8); Not applicable, Don't know, No basis for judgment apart
        "My mentor understood my needs": (5, "agreement-4", 60.0, 3),
        # Always, Often, Sometimes, Rarely, Never, Often, Always, Sometimes: favorable rows 1, 2, 6, 7
        "How often did you meet with your mentor?": (8, "frequency-5", 50.0, 0),
        # Excellent, Very good, Good, Fair, Poor, Good, Very good, Excellent: favorable rows 1, 2, 7, 8
        "How would you rate the summer orientation?": (8, "quality-5", 50.0, 0),
    }
    sv = result.tables["stakeholder_survey"]
    assert sv.loc[sv["item_type"] == "text", "answer"].tolist() == [
        "More release time",
        "Pair us by subject, please",
        "Fewer forms",
    ]
    na = sv[sv["not_applicable"].fillna(False).astype(bool)]
    assert (
        na["answer"].tolist() == ["Not applicable", "Don't know", "No basis for judgment"] and na["score"].isna().all()
    )
    assert read_as(result)[("What would improve the program?", "comment")] == (None, 3, 0)


# ------------------------------------------------------------------ Qualtrics, its library scales
QUALTRICS_AS_SURVEY = '[files]\n"Qualtrics*" = "stakeholder_survey"\n'


def test_qualtrics_library_scales_nps_and_a_count(tmp_path):
    result = ingest_fixture(
        tmp_path, "Qualtrics - New Teacher Program Survey_June 1, 2026_09.15.csv", QUALTRICS_AS_SURVEY
    )
    row = result.data_quality.iloc[0]
    assert (row.rows_read, row.rows_accepted, row.rows_rejected) == (8, 7, 1)  # the preview is no response
    assert items_of(result, "stakeholder_survey") == {
        # 5-point: Very / Somewhat satisfied, Neither, Somewhat / Very dissatisfied; VS, SS, VS, N, SD, VD, SS:
        # favorable (Very, Somewhat satisfied) rows 1, 2, 3, 7 (read as 7-point, only 'Very satisfied' counted: 2 of 7)
        "Overall, how satisfied or dissatisfied are you with the induction program?": (7, "satisfaction-5", 57.1, 0),
        # EE, SE, N, SD, ED, SE, EE: favorable rows 1, 2, 6, 7
        "How easy or difficult was it to schedule your observations?": (7, "easy-difficult-5", 57.1, 0),
        # Extremely, Very, Moderately, Slightly, Not at all, Very, Extremely important: favorable rows 1, 2, 6, 7
        "How important was your mentor to your first year?": (7, "importance-5", 57.1, 0),
        # Always, Most of the time, About half the time, Sometimes, Never, Most of the time, Always: rows 1, 2, 6, 7
        "How often did your mentor give you feedback after an observation?": (7, "frequency-5", 57.1, 0),
        # 0-10: 10, 9, 8, 6, 3, 0, 7; favorable = 9-10: rows 1, 2
        "How likely is it that you would recommend the induction program to a colleague?": (7, "numeric-0-10", 28.6, 0),
    }
    t = result.tables["stakeholder_survey"]
    nps = t[t["scale"] == "numeric-0-10"]
    assert nps["score"].tolist() == [10.0, 9.0, 8.0, 6.0, 3.0, 0.0, 7.0]  # scored 0-10, not shifted
    items = feedback.survey_items(result.tables["exit_ticket"], result.tables["self_assessment"], t)
    assert items.loc[items["scale"] == "numeric-0-10", "mean_score"].tolist() == [6.14]  # 43 / 7
    read = read_as(result)
    assert read[("How likely is it that you would recommend the induction program to a colleague?", "choice")] == (
        None,
        7,
        0,
    )
    assert read[("How many people live in your household?", "number (a count or an amount)")] == (None, 7, 0)
    assert set(t.loc[t["item"] == "How many people live in your household?", "item_type"]) == {"number"}


def test_qualtrics_numeric_values_need_their_scale_named(tmp_path):
    name = "Qualtrics - New Teacher Program Survey (numeric)_June 1, 2026_09.16.csv"
    item = "Overall, how satisfied or dissatisfied are you with the induction program?"
    result = ingest_fixture(tmp_path / "a", name, QUALTRICS_AS_SURVEY)
    assert item not in items_of(result, "stakeholder_survey")  # codes 1..5 are not guessed to be a scale
    assert read_as(result)[(item, "numbers without a scale (name it in [survey.items])")] == (None, 7, 0)
    suggested = tomllib.loads(result.config_snippet())
    assert item in suggested["survey"]["items"]
    # named in the config (the export codes 1 = Very satisfied: reversed), the item is scored as the labelled export
    config = (
        QUALTRICS_AS_SURVEY
        + f'[survey]\nreversed_items = ["how satisfied or dissatisfied"]\n[survey.items]\n"{item}" = "satisfaction-5"\n'
    )
    named = ingest_fixture(tmp_path / "b", name, config)
    assert items_of(named, "stakeholder_survey")[item] == (7, "satisfaction-5", 57.1, 0)  # codes 1, 2, 1, 3, 4, 5, 2
    assert "[survey.items]" not in named.config_snippet()


def test_qualtrics_legacy_export_v1_v10_and_status_codes(tmp_path):
    result = ingest_fixture(tmp_path, "Family Engagement Seminar Exit Ticket.csv")
    row = result.data_quality.iloc[0]
    assert (row.kind, row.rows_read, row.rows_accepted, row.rows_rejected) == ("exit_ticket", 6, 4, 2)
    assert [(r.row, r.reason) for r in result.issues.itertuples()] == [
        (4, "not a respondent: a survey preview (Status = '1')"),
        (6, "not a respondent: a test response (Status = '2')"),
    ]
    assert items_of(result, "exit_ticket") == {
        # rows R_1, R_3, R_5, R_6: SA, A, N, SA and A, SA, D, SA
        "Please rate the session-The content was relevant to my classroom": (4, "agreement-5", 75.0, 0),
        "Please rate the session-I will use what I learned": (4, "agreement-5", 75.0, 0),
    }
    et = result.tables["exit_ticket"]
    assert set(et["session"]) == {"Family engagement"} and set(et["school_year"]) == {"2015-16"}
    assert not et["item"].str.fullmatch(r"V\d+|ResponseSet|LocationAccuracy").any()


def test_qualtrics_2016_export_single_quoted_import_ids(tmp_path):
    result = ingest_fixture(tmp_path, "Classroom Routines Exit Ticket_March 10, 2017_08.00.csv")
    row = result.data_quality.iloc[0]
    assert (row.kind, row.rows_read, row.rows_accepted, row.rows_rejected) == ("exit_ticket", 5, 4, 1)
    assert items_of(result, "exit_ticket") == {
        # Extremely likely, Slightly likely, Moderately unlikely, Extremely likely: favorable (Extremely, Moderately
        # likely) 2 of 4
        "How likely are you to... - Use this strategy next week": (4, "likelihood-7", 50.0, 0),
        # Moderately likely, Neither, Extremely likely, Slightly unlikely: 2 of 4
        "How likely are you to... - Share it with a colleague": (4, "likelihood-7", 50.0, 0),
    }
    assert not result.tables["exit_ticket"]["answer"].str.contains("ImportId").any()


# ------------------------------------------------------------------ SurveyMonkey, older and newer CSV
def test_surveymonkey_old_csv_respondentid_only_cp1252_ranking_and_checkboxes(tmp_path):
    result = ingest_fixture(
        tmp_path,
        "New Teacher Induction Survey 2025-26.csv",
        '[files]\n"New Teacher Induction Survey*" = "stakeholder_survey"\n',
    )
    row = result.data_quality.iloc[0]
    assert (row.rows_read, row.rows_accepted, row.problem) == (5, 5, "read as Windows-1252 text (not UTF-8)")
    matrix = "How favorably do you view each of the following? - "
    assert items_of(result, "stakeholder_survey") == {
        # Very satisfied, Satisfied, Dissatisfied, Very satisfied, Neither: favorable rows 1, 2, 4
        "How satisfied are you with the program?": (5, "satisfaction-5", 60.0, 0),
        matrix + "Your mentor": (5, "favorably-unfavorably-5", 60.0, 0),  # VF, SF, VU, VF, SU
        matrix + "The seminars": (5, "favorably-unfavorably-5", 80.0, 0),  # SF, VF, N, VF, SF
        matrix + "The handbook": (4, "favorably-unfavorably-5", 25.0, 1),  # N, SU, VU, SF; Unfamiliar (N/A)
        matrix + "The district\u2019s new-teacher website": (
            3,
            "favorably-unfavorably-5",
            66.7,
            2,
        ),  # VF, SU, VF; 2 N/A
    }
    sv = result.tables["stakeholder_survey"]
    assert sv.drop_duplicates("response_id")["respondent_role"].tolist() == [
        "mentee",
        "mentor",
        "mentee",
        "mentee",
        "mentor",
    ]
    ranking = sv[sv["item_type"] == "ranking"]
    assert ranking.groupby("item").size().to_dict() == {
        f"Please rank these supports - {o}": 5 for o in ("Mentor meetings", "Group seminars", "Peer observations")
    }
    assert ranking["score"].isna().all()  # positions are counted, never scored
    choice = sv[sv["item_type"] == "choice"]
    assert choice.groupby("item").size().to_dict() == {
        "Which of these supports did you use? - Mentor meetings": 3,
        "Which of these supports did you use? - Group seminars": 2,
        "Which of these supports did you use? - Peer observations": 2,
    }
    assert sv.loc[sv["item_type"] == "text", "answer"].tolist() == [
        "More time to observe",
        "Don\u2019t know where to start",
        "Fewer emails",
    ]
    assert "Response" not in set(sv["item"]) and not sv["item"].str.startswith("column").any()


def test_surveymonkey_new_csv_a_mixed_item_is_scored_on_what_fits(tmp_path):
    result = ingest_fixture(tmp_path, "Data Meetings Exit Ticket.csv")
    row = result.data_quality.iloc[0]
    assert (row.kind, row.rows_read, row.rows_accepted, row.rows_with_warnings) == ("exit_ticket", 6, 6, 1)
    assert items_of(result, "exit_ticket") == {
        "How would you rate the session?": (6, "quality-5", 50.0, 0),  # E, VG, G, F, VG, P: rows 1, 2, 5
        "How often will you use this strategy?": (
            6,
            "frequency-5",
            50.0,
            0,
        ),  # Always, Often, Sometimes, Rarely, Never, Often
        # 6-point (Strongly / plain / Somewhat, no neutral): SA, A, SoA, SoD, (Kinda), D: favorable SA, A
        "The session was worth my time": (5, "agreement-6", 40.0, 0),
    }
    assert [(r.row, r.column, r.reason, r.severity) for r in result.issues.itertuples()] == [
        (
            7,
            "The session was worth my time",
            "'Kinda' is not on the item's 6-point agreement scale; left out of its figures",
            "warning",
        )
    ]
    assert read_as(result)[("The session was worth my time", "rating")] == ("agreement-6", 6, 1)
    assert set(result.tables["exit_ticket"]["session"]) == {"Data meetings"}


# ------------------------------------------------------------------ the district's own words and declarations
def test_not_a_rating_answers_from_the_config_and_declared_kinds(tmp_path):
    write_csv(
        tmp_path / "raw" / "Program survey 2025-26.csv",
        [
            ["Timestamp", "Your role", "My mentor observed my teaching", "Q7 Rate the seminar", "Favorite seminar"],
            ["5/1/2026 9:00", "Mentee", "Agree", "Agree", "Agree"],
            ["5/1/2026 9:10", "Mentee", "Not my grade level", "Disagree", "Strongly agree"],
            ["5/1/2026 9:20", "Mentor", "Strongly agree", "Strongly agree", "Agree"],
            ["5/1/2026 9:30", "Mentor", "Prefer not to say", "Not observed", "Disagree"],
        ],
    )
    (tmp_path / "c.toml").write_text(
        '[survey]\nnot_applicable_answers = ["Not my grade level"]\n[survey.items]\n"favorite seminar" = "comment"\n'
    )
    result = ingest.ingest(tmp_path / "raw", load_config(tmp_path / "c.toml"))
    assert items_of(result, "stakeholder_survey") == {
        "My mentor observed my teaching": (
            2,
            "agreement-4",
            100.0,
            2,
        ),  # A, SA; 'Not my grade level', 'Prefer not to say'
        "Q7 Rate the seminar": (3, "agreement-4", 66.7, 1),  # A, D, SA; 'Not observed'
    }
    sv = result.tables["stakeholder_survey"]
    assert set(sv.loc[sv["item"] == "Favorite seminar", "item_type"]) == {"text"}  # declared a comment


def test_an_item_read_as_text_with_scale_words_warns_and_suggests(tmp_path):
    write_csv(
        tmp_path / "raw" / "Program survey 2025-26.csv",
        [
            ["Timestamp", "Your role", "How was the seminar?"],
            ["5/1/2026 9:00", "Mentee", "Very helpful"],
            ["5/1/2026 9:10", "Mentee", "It ran long but the examples were good"],
            ["5/1/2026 9:20", "Mentor", "I would like more time for questions"],
        ],
    )
    result = ingest.ingest(tmp_path / "raw", load_config())
    assert items_of(result, "stakeholder_survey") == {}
    assert [(r.row, r.severity) for r in result.issues.itertuples()] == [(2, "warning")]
    assert result.issues["reason"].iloc[0].startswith("'Very helpful' looks like a scale answer")
    assert tomllib.loads(result.config_snippet())["survey"]["items"] == {"How was the seminar?": "<comment, or rating>"}
    assert read_as(result)[("How was the seminar?", "comment")] == (None, 3, 0)


def test_how_each_question_was_read_as_the_page_shows_it(tmp_path):
    """survey_questions.csv, written and read back as the data-quality page reads it, in words."""
    result = ingest_fixture(tmp_path, "Data Meetings Exit Ticket.csv")
    ingest.write_quality_tables(result, tmp_path / "tables")
    shown = quality.questions_read(quality.load(tmp_path / "tables")["survey_questions"])
    assert shown.drop(columns="file").values.tolist() == [
        ["How would you rate the session?", "rating", "quality-5 (5 points)", 6, 0, ""],
        ["How often will you use this strategy?", "rating", "frequency-5 (5 points)", 6, 0, ""],
        ["The session was worth my time", "rating", "agreement-6 (6 points)", 5, 0, "1: 'Kinda'"],
        ["Comments", "comment", "", 2, 0, ""],
    ]


def test_suggested_config_lines_are_valid_toml_one_key_per_column(tmp_path):
    """Two logs the tool cannot place, each suggesting a header for the same column: one key, both headers."""
    write_csv(
        tmp_path / "raw" / "logs" / "Oak log.csv", [["Date", "Mentee", "Time taken"], ["9/10/2025", "A. Lee", "30"]]
    )
    write_csv(
        tmp_path / "raw" / "logs" / "Elm log.csv", [["Date", "Mentee", "Time used"], ["9/11/2025", "B. Ruiz", "45"]]
    )
    result = ingest.ingest(tmp_path / "raw", load_config())
    ingest.write_quality_tables(result, tmp_path / "tables")
    text = (tmp_path / "tables" / quality.SUGGESTIONS_FILE).read_text()
    parsed = tomllib.loads(text)
    assert parsed["files"] == {"logs/Elm log.csv": "collaborative_log", "logs/Oak log.csv": "collaborative_log"}
    assert parsed["columns"]["collaborative_log"]["minutes"] == ["Time used", "Time taken"]


def test_config_snippet_merges_and_stays_valid():
    from induction_analysis.ingest import recognize

    text = recognize.config_snippet(
        {
            "[columns.roster]": [
                'mentee_name = ["<your header for mentee name>"]',
                'mentee_name = ["Teacher"]',
                'mentee_name = ["New hire"]',
                'school = ["Bldg"]',
                "this is not toml",
            ],
            "[survey.items]": [
                '"Q1 How satisfied" = "<its scale>"  # numbers coded by the export',
                '"Q1 How satisfied" = "number"',
            ],
        }
    )
    parsed = tomllib.loads(text)
    assert parsed["columns"]["roster"] == {"mentee_name": ["Teacher", "New hire"], "school": ["Bldg"]}
    assert parsed["survey"]["items"] == {"Q1 How satisfied": "<its scale>"}
    assert "# this is not toml" in text and '# also suggested: "Q1 How satisfied" = "number"' in text


# ------------------------------------------------------------------ the families, point by point
FAMILY_FORMS = [
    # (answers lowest first, expected scale name); favorable is always the top two
    (["Strongly disagree", "Disagree", "Agree", "Strongly agree"], "agreement-4"),
    (["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"], "agreement-5"),
    (
        ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Strongly agree"],
        "agreement-5",
    ),
    (
        ["Strongly disagree", "Disagree", "Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"],
        "agreement-6",
    ),
    (
        ["Strongly disagree", "Disagree", "Somewhat disagree", "Neutral", "Somewhat agree", "Agree", "Strongly agree"],
        "agreement-7",
    ),
    (["Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied"], "satisfaction-4"),
    (
        [
            "Very dissatisfied",
            "Somewhat dissatisfied",
            "Neither satisfied nor dissatisfied",
            "Somewhat satisfied",
            "Very satisfied",
        ],
        "satisfaction-5",
    ),
    (
        [
            "Very Dissatisfied",
            "Dissatisfied",
            "Somewhat Dissatisfied",
            "Neutral",
            "Somewhat Satisfied",
            "Satisfied",
            "Very Satisfied",
        ],
        "satisfaction-7",
    ),
    (
        ["Very unlikely", "Somewhat unlikely", "Neither likely nor unlikely", "Somewhat likely", "Very likely"],
        "likelihood-5",
    ),
    (
        [
            "Extremely unlikely",
            "Moderately unlikely",
            "Slightly unlikely",
            "Neither likely nor unlikely",
            "Slightly likely",
            "Moderately likely",
            "Extremely likely",
        ],
        "likelihood-7",
    ),
    (["Extremely bad", "Somewhat bad", "Neither good nor bad", "Somewhat good", "Extremely good"], "good-bad-5"),
    (
        [
            "Extremely unsafe",
            "Moderately unsafe",
            "Slightly unsafe",
            "Neither safe nor unsafe",
            "Slightly safe",
            "Moderately safe",
            "Extremely safe",
        ],
        "safe-unsafe-7",
    ),
    (
        [
            "Extremely unreasonable",
            "Somewhat unreasonable",
            "Neither reasonable nor unreasonable",
            "Somewhat reasonable",
            "Extremely reasonable",
        ],
        "reasonable-unreasonable-5",
    ),
    (["Very ineffective", "Ineffective", "Effective", "Very effective"], "effectiveness-4"),
    (
        [
            "Very unprepared",
            "Somewhat unprepared",
            "Neither prepared nor unprepared",
            "Somewhat prepared",
            "Very prepared",
        ],
        "preparedness-5",
    ),
    (["Very unsupported", "Unsupported", "Neutral", "Supported", "Very supported"], "supported-unsupported-5"),
    # a pole the code has never seen: the pair comes from the answers
    (
        [
            "Extremely unwelcoming",
            "Slightly unwelcoming",
            "Neither welcoming nor unwelcoming",
            "Slightly welcoming",
            "Extremely welcoming",
        ],
        "welcoming-unwelcoming-5",
    ),
    (["Not at all useful", "Somewhat useful", "Very useful", "Extremely useful"], "usefulness-4"),
    (["Not at all useful", "Slightly useful", "Moderately useful", "Very useful", "Extremely useful"], "usefulness-5"),
    (["Not useful at all", "Not so useful", "Somewhat useful", "Very useful", "Extremely useful"], "usefulness-5"),
    (["Not at all well", "Slightly well", "Moderately well", "Very well", "Extremely well"], "well-5"),
    (
        ["Not at all confident", "Slightly confident", "Moderately confident", "Very confident", "Extremely confident"],
        "confidence-5",
    ),
    (
        ["Not at all prepared", "Slightly prepared", "Moderately prepared", "Very prepared", "Extremely prepared"],
        "preparedness-5",
    ),
    (["Never", "Sometimes", "Often", "Always"], "frequency-4"),
    (["Never", "Rarely", "Sometimes", "Often", "Always"], "frequency-5"),
    (["Never", "Rarely", "Occasionally", "Sometimes", "Frequently", "Usually", "Always"], "frequency-7"),
    (["Never", "Very rarely", "Rarely", "Occasionally", "Frequently", "Very frequently"], "frequency-6"),
    (["Never", "Less than once a month", "Once a month", "2-3 times a month", "Once a week", "Daily"], "rate-6"),
    (["Poor", "Fair", "Good", "Excellent"], "quality-4"),
    (["Poor", "Fair", "Good", "Very good", "Excellent"], "quality-5"),
    (
        ["Not at all important", "Slightly important", "Moderately important", "Very important", "Extremely important"],
        "importance-5",
    ),
    (["Unsatisfactory", "Needs Improvement", "Proficient", "Exemplary"], "rubric-4"),
]


@pytest.mark.parametrize("labels,name", FAMILY_FORMS, ids=[name for _, name in FAMILY_FORMS])
def test_each_family_scores_in_order_with_its_points(labels, name):
    # one respondent per point, in a shuffled order, and one answer that is not a rating
    order = list(reversed(range(len(labels))))
    answers = pd.Series([labels[i] for i in order] + ["Don't know"], dtype=object)
    reading = likert.read_items({0: answers}, {0: "item"})[0]
    assert reading.kind == "likert" and reading.scale.name == name and reading.left_out == {}
    scores = likert.score(answers, reading.scale)
    assert scores.iloc[:-1].tolist() == [i + 1.0 for i in order]
    assert pd.isna(scores.iloc[-1])
    favorable = likert.favorable(scores, reading.scale)
    assert favorable.iloc[:-1].sum() == 2  # the top two points, one respondent each


def test_numbers_from_the_question_or_the_data():
    read = likert.read_items(
        {
            0: pd.Series(["6", "4", "7"], dtype=object),
            1: pd.Series(["0", "10", "9"], dtype=object),
            2: pd.Series(["2", "4", "5"], dtype=object),
            3: pd.Series(["12", "30", "45"], dtype=object),
            4: pd.Series(["1", "3", "2"], dtype=object),
        },
        {
            0: "How prepared do you feel? (1-7)",
            1: "On a scale of 0 to 10, how likely are you to recommend us?",
            2: "Confidence",
            3: "Minutes per week with your mentor",
            4: "How old are your children?",
        },
    )
    assert (read[0].scale.name, read[1].scale.name, read[2].scale.name) == ("numeric-7", "numeric-0-10", "numeric-5")
    assert read[1].scale.favorable_from == 9 and read[0].scale.favorable_from == 6
    assert (read[3].kind, read[3].note, read[4].kind) == ("number", "count", "number")


# ------------------------------------------------------------------ as a property: order, case, spacing
ALL_FORMS = [labels for labels, _ in FAMILY_FORMS]
POLES = ["welcoming", "inviting", "engaging", "organized", "flexible", "zorbful"]


def _respell(draw, label):
    words = label.split()
    case = draw(st.sampled_from(["as is", "upper", "lower", "title"]))
    text = {"as is": label, "upper": label.upper(), "lower": label.lower(), "title": label.title()}[case]
    gaps = draw(st.lists(st.sampled_from([" ", "  ", "\u00a0"]), min_size=len(words) - 1, max_size=len(words) - 1))
    parts = text.split()
    spaced = parts[0] + "".join(g + w for g, w in zip(gaps, parts[1:]))
    return draw(st.sampled_from(["", " ", "  "])) + spaced + draw(st.sampled_from(["", " ", "\t"]))


@st.composite
def written_scale(draw):
    """A scale's words (from the tools' libraries, or a bipolar scale on a pole never seen before), every
    point answered at least once, in any order, case and spacing."""
    if draw(st.booleans()):
        labels = draw(st.sampled_from(ALL_FORMS))
    else:
        pole = draw(st.sampled_from(POLES))
        prefix = "in" if pole == "flexible" else "dis" if pole == "organized" else "un"
        labels = [
            f"Extremely {prefix}{pole}",
            f"Moderately {prefix}{pole}",
            f"Slightly {prefix}{pole}",
            f"Neither {pole} nor {prefix}{pole}",
            f"Slightly {pole}",
            f"Moderately {pole}",
            f"Extremely {pole}",
        ]
    positions = list(range(len(labels))) + draw(st.lists(st.integers(0, len(labels) - 1), max_size=10))
    positions = draw(st.permutations(positions))
    written = [_respell(draw, labels[p]) for p in positions]
    return labels, positions, written


@settings(max_examples=200, deadline=None)
@given(written_scale())
def test_any_order_case_and_spacing_of_a_scales_words_scores_the_same(case):
    labels, positions, written = case
    reading = likert.read_items({0: pd.Series(written, dtype=object)}, {0: "item"})[0]
    assert reading.kind == "likert" and reading.scale.points == len(labels)
    scores = likert.score(pd.Series(written, dtype=object), reading.scale)
    assert scores.tolist() == [p + 1.0 for p in positions]  # the words decide, whatever came first
    canonical = likert.read_items({0: pd.Series(labels, dtype=object)}, {0: "item"})[0]
    assert canonical.scale.name == reading.scale.name


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(scales.NOT_A_RATING)), st.sampled_from(["as is", "upper", "title"]))
def test_not_a_rating_answers_in_any_case_are_never_a_scale_point(word, case):
    text = {"as is": word, "upper": word.upper(), "title": word.title()}[case]
    answers = pd.Series(["Agree", "Strongly agree", "Disagree", text], dtype=object)
    assert likert.not_a_rating(answers).tolist() == [False, False, False, True]
    reading = likert.read_items({0: answers}, {0: "item"})[0]
    assert reading.scale.name == "agreement-4" and reading.left_out == {}
