"""Survey items, rubric change, response rates, budget, mentor effectiveness and the DESE figures,
on hand-checked fixtures."""

import pandas as pd
import pytest
from canon import table

from induction_analysis.metrics import budget, dese, feedback, hours, mentors, pairs

Y = "2025-26"


def _answers(kind, rows):
    base = {"school_year": Y, "item_type": "likert", "scale": "agreement-5", "scale_points": 5}
    return table(kind, [{**base, **r} for r in rows])


@pytest.fixture
def surveys():
    et = _answers(
        "exit_ticket",
        [
            {"response_id": "r1", "session": "S1", "item": "Useful", "score": 5},
            {"response_id": "r2", "session": "S1", "item": "Useful", "score": 4},
            {"response_id": "r3", "session": "S1", "item": "Useful", "score": 3},
            {
                "response_id": "r3",
                "session": "S1",
                "item": "Comment",
                "item_type": "text",
                "answer": "<b>more</b> time",
                "score": None,
            },
            {"response_id": "r4", "session": "S2", "item": "Useful", "score": 2},
            {"response_id": "r5", "session": "S2", "item": "Useful", "score": 5},
            {"response_id": "r6", "session": "S2", "item": "Useful", "score": None},  # left blank
        ],
    )
    sa_rows = []
    for i in range(1, 8):
        who = f"T{i}"
        sa_rows.append(
            {
                "response_id": f"f{i}",
                "respondent_id": who,
                "respondent_role": "mentee",
                "season": "fall",
                "item": "I-A",
                "score": 2,
            }
        )
        if i <= 6:  # T7 answered in the fall only
            sa_rows.append(
                {
                    "response_id": f"s{i}",
                    "respondent_id": who,
                    "respondent_role": "mentee",
                    "season": "spring",
                    "item": "I-A",
                    "score": 3,
                }
            )
        if i <= 6:  # an item the same six answered in both seasons
            sa_rows.append(
                {
                    "response_id": f"f{i}",
                    "respondent_id": who,
                    "respondent_role": "mentee",
                    "season": "fall",
                    "item": "II-A",
                    "score": 2,
                }
            )
            sa_rows.append(
                {
                    "response_id": f"s{i}",
                    "respondent_id": who,
                    "respondent_role": "mentee",
                    "season": "spring",
                    "item": "II-A",
                    "score": 3 + (i == 1),
                }
            )
        if i <= 5:  # an item only five answered
            sa_rows.append(
                {
                    "response_id": f"f{i}",
                    "respondent_id": who,
                    "respondent_role": "mentee",
                    "season": "fall",
                    "item": "IV-A",
                    "score": 4,
                }
            )
    sa = table(
        "self_assessment",
        [{**r, "school_year": Y, "item_type": "likert", "scale": "rubric-4", "scale_points": 4} for r in sa_rows],
    )
    survey = _answers(
        "stakeholder_survey",
        [
            {"response_id": "v1", "respondent_role": "mentor", "item": "Helpful", "score": 5},
            {"response_id": "v2", "respondent_role": "mentor", "item": "Helpful", "score": 1},
        ],
    )
    return et, sa, survey


def test_survey_items_n_mean_and_favorable(surveys):
    et, sa, survey = surveys
    out = feedback.survey_items(et, sa, survey, threshold=6).set_index(["kind", "item", "session", "season"])
    s1 = out.loc[("exit_ticket", "Useful", "S1", "")]
    assert (s1["n_responses"], s1["mean_score"], s1["favorable_pct"], s1["respondent_role"]) == (
        3,
        4.0,
        66.7,
        "not stated",
    )
    s2 = out.loc[("exit_ticket", "Useful", "S2", "")]
    assert (s2["n_responses"], s2["mean_score"], s2["favorable_pct"]) == (2, 3.5, 50.0)  # the blank does not count
    both = out.loc[("exit_ticket", "Useful", "all sessions", "")]
    assert (both["n_responses"], both["mean_score"], both["favorable_pct"]) == (5, 3.8, 60.0)
    assert ("exit_ticket", "Comment", "S1", "") not in out.index  # open answers are not items
    fall = out.loc[("self_assessment", "I-A", "", "fall")]
    assert (fall["n_responses"], fall["mean_score"], fall["favorable_pct"], fall["suppressed"]) == (7, 2.0, 0.0, False)
    few = out.loc[("self_assessment", "IV-A", "", "fall")]  # five answers of a confidential rubric: withheld
    assert few["suppressed"] and pd.isna(few["mean_score"]) and few["n_responses"] == 5
    mentor = out.loc[("stakeholder_survey", "Helpful", "", "")]
    assert (mentor["n_responses"], mentor["mean_score"], mentor["favorable_pct"]) == (2, 3.0, 50.0)


def test_rubric_change_is_paired(surveys):
    _, sa, _ = surveys
    out = feedback.rubric_change(sa, threshold=6).set_index("item")
    row = out.loc["II-A"]
    assert (row["n_paired"], row["fall_mean"], row["spring_mean"], row["change_mean"]) == (6, 2.0, 3.17, 1.17)
    assert (row["fall_favorable_pct"], row["spring_favorable_pct"], row["suppressed"]) == (0.0, 100.0, False)
    # I-A: six paired, but T7 answered in the fall only: survey_items' fall mean of seven minus the
    # paired fall mean of six would give T7's answer, so the row is withheld
    row = out.loc["I-A"]
    assert row["n_paired"] == 6 and row["suppressed"] and pd.isna(row["fall_mean"]) and pd.isna(row["change_mean"])
    assert "IV-A" not in out.index  # nobody answered it in the spring


def test_response_rates_use_the_roster(surveys):
    et, sa, survey = surveys
    roster = table(
        "roster",
        [
            {"school_year": Y, "mentee_id": f"T{i}", "mentee_name": f"T{i}", "mentor_id": "M1" if i < 5 else "M2"}
            for i in range(1, 9)
        ],
    )
    out = feedback.response_rates(et, sa, survey, pairs.pairs(roster)).set_index(
        ["kind", "session", "season", "respondent_role"]
    )
    assert tuple(out.loc[("exit_ticket", "S1", "", "mentee"), ["n_responses", "n_invited", "response_rate_pct"]]) == (
        3,
        8,
        37.5,
    )
    assert tuple(
        out.loc[("self_assessment", "", "fall", "mentee"), ["n_responses", "n_invited", "response_rate_pct"]]
    ) == (7, 8, 87.5)
    assert tuple(
        out.loc[("stakeholder_survey", "", "", "mentor"), ["n_responses", "n_invited", "response_rate_pct"]]
    ) == (2, 2, 100.0)


def test_open_comments_stay_text_for_lead_mentors(surveys):
    et, _, survey = surveys
    comments = feedback.open_comments(et, survey)
    assert comments["answer"].tolist() == ["<b>more</b> time"]


def test_budget_per_new_and_retained_teacher():
    costs = table(
        "costs",
        [
            {
                "school_year": "2024-25",
                "category": "lead_mentor_stipend",
                "amount_usd": 1200,
                "funding_source": "District",
            },
            {
                "school_year": "2024-25",
                "category": "contract_hours",
                "hours": 10,
                "amount_usd": 300,
                "funding_source": "Title II-A",
            },
            {"school_year": Y, "category": "lead_mentor_stipend", "amount_usd": 1500, "funding_source": "District"},
            {"school_year": Y, "category": "materials", "amount_usd": 600, "funding_source": "Title II-A"},
        ],
    )
    roster = table(
        "roster",
        [
            {"school_year": "2024-25", "mentee_id": "A", "mentee_name": "A"},
            {"school_year": "2024-25", "mentee_id": "B", "mentee_name": "B"},
            {"school_year": Y, "mentee_id": "C", "mentee_name": "C"},
        ],
    )
    hr = table(
        "hr_employment",
        [
            {"staff_id": s, "school_year": y, "position": "Teacher", "is_teacher": True}
            for s, y in [("A", "2024-25"), ("B", "2024-25"), ("A", Y), ("C", Y)]
        ],
    )
    log = table("collaborative_log", [{"school_year": "2024-25", "date": "2024-10-01", "mentee": "A", "minutes": 120}])
    lines = budget.budget(costs, 30.0).set_index(["school_year", "category"])
    assert lines.loc[("2024-25", "contract_hours"), "hours_at_rate_usd"] == 300.0
    s = budget.summary(costs, pairs.pairs(roster), hr, log, 30.0).set_index("school_year")
    first = s.loc["2024-25"]
    assert (first["total_usd"], first["district_usd"], first["title_ii_a_usd"]) == (1500.0, 1200.0, 300.0)
    assert (first["new_teachers"], first["retained_teachers"]) == (2, 1)  # B did not come back
    assert (first["cost_per_new_teacher_usd"], first["cost_per_retained_teacher_usd"]) == (750.0, 1500.0)
    assert (first["logged_hours"], first["logged_hours_at_rate_usd"]) == (2.0, 60.0)
    now = s.loc[Y]
    assert (now["total_usd"], now["total_change_pct"]) == (2100.0, 40.0)
    assert pd.isna(now["retained_teachers"]) and pd.isna(now["cost_per_retained_teacher_usd"])  # no 2026-27 yet


def test_mentor_effectiveness_groups_withhold_small_groups():
    outcomes = pd.DataFrame(
        {
            "school_year": [Y] * 9,
            "mentor_trained": [True] * 7 + [False] * 2,
            "same_school": [True] * 9,
            "same_subject": [None] * 9,
            "same_grade_band": [None] * 9,
            "met_cadence": [False] * 9,
            "still_teaching_next_year": [1, 1, 1, 1, 1, 1, 0, 1, 0],
            "proficient": [1, 1, 1, 0, 0, 0, 0, 1, 1],
            "rubric_improved": [None] * 9,
        }
    )
    g = mentors.groups(outcomes, threshold=6).set_index(["trait", "value", "outcome"])
    kept = g.loc[("mentor trained", "yes", "still teaching in the district the next year")]
    assert (kept["n_mentees"], kept["n_with_outcome"], kept["outcome_pct"], kept["suppressed"]) == (7, 6, 85.7, False)
    assert g.loc[("mentor trained", "no", "still teaching in the district the next year"), "suppressed"]
    # proficiency is confidential: the group of 2 is withheld, and so is its complement
    assert g.loc[("mentor trained", "yes", "rated Proficient or Exemplary in the induction year"), "suppressed"]
    assert g.loc[("same school", "yes", "rated Proficient or Exemplary in the induction year"), "outcome_pct"] == 55.6
    assert ("same subject", "yes", "still teaching in the district the next year") not in g.index  # trait unknown


def _program():
    roster = table(
        "roster",
        [
            {
                "school_year": Y,
                "mentee_id": "T1",
                "mentee_name": "T1",
                "mentor_id": "A",
                "school": "Oak",
                "mentor_school": "Oak",
                "subject": "Math",
                "mentor_subject": "Math",
                "grade_level": "7",
                "grade_band": "middle",
                "mentor_grade_level": "8",
                "start_date": "2025-08-27",
                "mentor_assigned_date": "2025-08-20",
                "mentor_trained": True,
                "group": "beginning teacher",
                "license": "Initial",
            },
            {
                "school_year": Y,
                "mentee_id": "T2",
                "mentee_name": "T2",
                "mentor_id": "A",
                "school": "Oak",
                "mentor_school": "Oak",
                "subject": "Art",
                "mentor_subject": "Math",
                "grade_level": "3",
                "grade_band": "elementary",
                "mentor_grade_level": "8",
                "start_date": "2025-08-27",
                "mentor_assigned_date": "2025-10-01",
                "mentor_trained": True,
                "group": "career changer",
                "license": "Initial",
            },
            {
                "school_year": Y,
                "mentee_id": "T3",
                "mentee_name": "T3",
                "mentor_id": "B",
                "school": "Elm",
                "mentor_school": "Oak",
                "subject": "Math",
                "mentor_subject": "Math",
                "start_date": "2025-08-27",
                "mentor_assigned_date": "2025-09-02",
                "mentor_trained": False,
                "group": "beginning teacher",
                "license": "Initial",
            },
        ],
    )
    log = table(
        "collaborative_log",
        [
            {
                "school_year": Y,
                "date": "2025-10-01",
                "mentee": "T1",
                "mentee_id": "T1",
                "minutes": 60,
                "activity": "observation_of_mentee",
            },
            {"school_year": Y, "date": "2025-10-08", "mentee": "T1", "mentee_id": "T1", "minutes": 90},
            {
                "school_year": Y,
                "date": "2025-11-08",
                "mentee": "T2",
                "mentee_id": "T2",
                "minutes": 30,
                "activity": "observation_by_mentee",
            },
        ],
    )
    p = pairs.pairs(roster)
    expect = {
        "meetings_per_month": 2,
        "observations_of_mentee": 1,
        "observations_by_mentee": 0,
        "mentor_assigned_within_days": 14,
        "hours_beyond_induction_year": 50,
        "fifty_hours_within_years": 2,
    }
    return p, log, hours.mentoring_hours(log, p, expect)


def test_per_mentor_process_measures():
    p, log, h = _program()
    cov_pairs = pd.DataFrame(
        {"school_year": [Y] * 3, "mentee_key": ["T1", "T2", "T3"], "indicators_addressed": [4, 2, 0]}
    )
    outcomes = mentors.mentee_outcomes(
        h, p, table("hr_employment", []), table("evaluation", []), table("self_assessment", [])
    )
    out = mentors.per_mentor(h, cov_pairs, p, outcomes, threshold=6).set_index("mentor_key")
    a = out.loc["A"]
    assert (a["n_mentees"], a["hours_per_mentee"], a["contacts_per_mentee"], a["indicators_addressed_per_mentee"]) == (
        2,
        1.5,
        1.5,
        3.0,
    )
    assert a["observations_complete_pct"] == 50.0  # T1 was observed once as expected, T2 was not
    assert a["mentees_followed_all_years"] == 0 and a["suppressed"]


def test_dese_figures():
    p, log, h = _program()
    hr = table(
        "hr_employment",
        [
            {"staff_id": s, "school_year": Y, "position": "Teacher", "is_teacher": True}
            for s in ["T1", "T2", "T3", "X", "Y"]
        ],
    )
    report = dese.annual_report(
        Y,
        p,
        h,
        log,
        hr,
        feedback.survey_items(*(table(k, []) for k in ("exit_ticket", "self_assessment", "stakeholder_survey"))),
    )
    got = report.set_index("item")["value"].to_dict()
    assert got["Teachers in their induction year"] == 3 and got["  of whom beginning teacher"] == 2
    assert (got["Mentors"], got["Trained mentors"]) == (2, 1)
    assert got["Observations of beginning teachers by mentors"] == 1
    assert got["Hours logged, all pairs"] == 3.0
    assert got["New teachers as a share of all teachers"] == 60.0
    assert got["Induction-year teachers assigned a mentor within two weeks"] == 66.7  # T2 waited 35 days
    assert got["Pairs matched: same school"] == 66.7 and got["Pairs matched: same subject"] == 66.7
    assert got["Pairs matched: same grade band"] == 50.0  # T3's grade is unknown: of 2
    assert pd.isna(got["Participant satisfaction"])
    teachers = dese.beginning_teachers(Y, p, h)
    assert teachers["staff_id"].tolist() == ["T3", "T1", "T2"] and "mentee_name" not in teachers
    assert dese.trained_mentors(Y, p)[["mentor_id", "trained", "n_mentees"]].values.tolist() == [
        ["A", True, 2],
        ["B", False, 1],
    ]
