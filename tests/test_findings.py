"""The administration page's headline figures (metrics/findings.py), the two-week share (dese.two_week_share) and
the trained-mentor count (pairs.mentor_list): small tables built by hand, exact values."""

from __future__ import annotations

import pandas as pd
from canon import table

from induction_analysis.metrics import analyses, dese, findings, mentor_pool, pairs, report_schemas

Y = "2025-26"


def _budget_summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_year": ["2024-25", Y],
            "total_usd": [8000.0, 10000.0],
            "new_teachers": [2, 4],
            "cost_per_new_teacher_usd": [4000.0, 2500.0],
        }
    )


def _retention_summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["all", "all", "mentored"],
            "years_since_start": [1, 2, 1],
            "cohorts_included": ["2023-24, 2024-25", "2023-24", "2023-24, 2024-25"],
            "n_cohort": [8, 4, 6],
            "still_teaching_pct": [87.5, 75.0, 100.0],
            "benchmark_pct": [90.1, 83.0, 90.1],
        }
    )


def _proficiency(suppressed: bool = False) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_year": [Y, Y, Y, "2024-25"],
            "breakdown": ["all new teachers", "all new teachers", "school", "all new teachers"],
            "group": ["all", "all", "Oak Hill", "all"],
            "rating_of": ["summative", "I", "summative", "summative"],
            "n_teachers": [10, 10, 4, 9],
            "proficient_pct": [70.0, 80.0, 50.0, 55.6],
            "ci_low_pct": [39.7, 49.0, 15.0, 26.7],
            "ci_high_pct": [89.2, 94.3, 85.0, 81.1],
            "suppressed": [suppressed, False, False, False],
        }
    )


def _hours() -> pd.DataFrame:
    """This year: four induction-year teachers (two assigned within two weeks, one later, one not known) and four
    beyond the induction year (one completed, one behind, one on track, one not on an Initial license); last year:
    rows that must not count."""
    return pd.DataFrame(
        {
            "school_year": [Y] * 8 + ["2024-25"] * 2,
            "program_year": [1, 1, 1, 1, 2, 2, 3, 2, 1, 2],
            "assigned_within_two_weeks": pd.array(
                [True, True, False, None, None, None, None, None, False, None], dtype="boolean"
            ),
            "fifty_hours_status": [
                "not started",
                "not started",
                "not started",
                "not started",
                "completed",
                "behind",
                "on track",
                None,
                "not started",
                "completed",
            ],
        }
    )


def test_each_finding_has_its_figure_its_n_and_the_sentence_the_page_shows():
    got = findings.administration_findings(Y, _budget_summary(), _retention_summary(), _proficiency(), _hours())
    assert list(got.columns) == findings.COLUMNS == list(analyses.OUTPUTS["administration_findings"][1])
    assert got["finding"].tolist() == list(findings.FINDINGS)
    row = got.set_index("finding")
    assert row.loc["program_cost", ["value", "n", "total_usd", "unit"]].tolist() == [2500.0, 4, 10000.0, "usd"]
    assert row.loc["retention_one_year", ["value", "n", "benchmark_pct", "cohorts_included"]].tolist() == [
        87.5,
        8,
        90.1,
        "2023-24, 2024-25",
    ]
    assert row.loc["proficiency", ["value", "n", "ci_low_pct", "ci_high_pct"]].tolist() == [70.0, 10, 39.7, 89.2]
    assert row.loc["fifty_hours", ["value", "n", "teachers_behind"]].tolist() == [1.0, 3, 1]
    assert row.loc["mentor_within_two_weeks", ["value", "n"]].tolist() == [66.7, 3]
    assert row["source_table"].tolist() == [
        "budget_summary",
        "retention_summary",
        "proficiency",
        "mentoring_hours",
        "mentoring_hours",
    ]
    assert got["sentence"].tolist() == [
        "The program cost $10,000 this year, $2,500 per new teacher (n = 4).",
        "88% of beginning teachers were still teaching in the district a year later (n = 8, cohorts 2023-24, "
        "2024-25); the national benchmark is 90.1%.",
        "70% of new teachers were rated Proficient or Exemplary (95% interval 40-89%, n = 10).",
        "1 of 3 Initial-license teachers beyond the induction year have completed the 50 hours; 1 are behind.",
        "67% of new teachers had a mentor within two weeks of starting (n = 3).",
    ]
    report_schemas.validate(analyses.SCHEMAS["administration_findings"], got)  # fits its schema


def test_a_finding_the_data_cannot_support_has_no_row():
    budget = _budget_summary().assign(cost_per_new_teacher_usd=[4000.0, float("nan")])  # no new teacher this year
    got = findings.administration_findings(
        Y, budget, _retention_summary().iloc[1:], _proficiency(suppressed=True), _hours()
    )
    assert got["finding"].tolist() == ["fifty_hours", "mentor_within_two_weeks"]  # withheld ratings: no figure
    empty = {name: pd.DataFrame(columns=columns) for name, (_, columns) in analyses.OUTPUTS.items()}
    none = findings.administration_findings(
        Y, empty["budget_summary"], empty["retention_summary"], empty["proficiency"], empty["mentoring_hours"]
    )
    assert none.empty and list(none.columns) == findings.COLUMNS
    report_schemas.validate(analyses.SCHEMAS["administration_findings"], none)


def test_the_two_week_share_is_one_figure_for_the_dese_report_and_the_page():
    # the sample's figure: 26 of 34 induction-year teachers, 76.5% (one decimal); the page shows 76%
    hours = pd.DataFrame(
        {
            "school_year": [Y] * 36,
            "program_year": [1] * 35 + [2],
            "assigned_within_two_weeks": pd.array([True] * 26 + [False] * 8 + [None, None], dtype="boolean"),
            "fifty_hours_status": [None] * 36,
        }
    )
    assert dese.two_week_share(hours, Y) == (76.5, 34)  # the unknown and the teacher beyond the induction year: out
    assert dese.two_week_share(hours, "2024-25") == (None, 0)
    assert dese.two_week_share(hours.iloc[0:0], Y) == (None, 0)
    got = findings.administration_findings(Y, *(pd.DataFrame() for _ in range(3)), hours)
    assert got[["finding", "value", "n", "sentence"]].values.tolist() == [
        [
            "mentor_within_two_weeks",
            76.5,
            34,
            "76% of new teachers had a mentor within two weeks of starting (n = 34).",
        ]
    ]


def _roster() -> pd.DataFrame:
    """2025-26: mentor A (trained) has two new teachers; B is marked trained on one row and not stated on the other;
    C is not trained; D is not stated; N3's mentor changed from E (not trained) to C; N7 has no mentor. 2024-25: D
    was marked trained."""

    def row(mentee, mentor, trained, assigned="2025-08-20", year=Y):
        return {
            "school_year": year,
            "mentee_id": mentee,
            "mentor_id": mentor,
            "mentor_trained": trained,
            "mentor_school": "Oak Hill",
            "mentor_subject": "Math",
            "start_date": pd.Timestamp("2025-08-25"),
            "mentor_assigned_date": pd.Timestamp(assigned) if mentor else pd.NaT,
            "group": "beginning teacher",
        }

    return table(
        "roster",
        [
            row("N1", "A", True),
            row("N2", "A", True),
            row("N4", "B", True),
            row("N5", "B", None),
            row("N3", "E", False, "2025-08-20"),
            row("N3", "C", False, "2025-11-01"),
            row("N6", "D", None),
            row("N7", None, None),
            row("N0", "D", True, year="2024-25"),
        ],
    )


def test_the_trained_mentor_count_is_one_function():
    roster = _roster()
    p, spells = pairs.pairs(roster), pairs.mentor_spells(roster)
    year = pairs.mentor_list(p, Y, spells)
    assert year[["mentor_key", "n_mentees"]].values.tolist() == [["A", 2], ["B", 2], ["C", 1], ["D", 1], ["E", 1]]
    assert pairs.trained(year).tolist() == [True, True, False, False, False]  # D: not stated, counts as not
    assert pairs.trained_mentor_count(year) == 2
    assert len(pairs.mentor_list(p, Y)) == 4 and pairs.trained_mentor_count(pairs.mentor_list(p, Y)) == 2  # no E
    # the DESE report and its list of mentors
    hours = pd.DataFrame(columns=["school_year"])
    log, hr = table("collaborative_log", []), table("hr_employment", [])
    report = dese.annual_report(Y, p, hours, log, hr, pd.DataFrame(), spells)
    got = report.set_index("item")["value"]
    assert (got["Mentors"], got["Trained mentors"]) == (5, 2)
    listed = dese.trained_mentors(Y, p, spells)
    assert listed["mentor_id"].tolist() == ["A", "B", "C", "D", "E"] and int(listed["trained"].eq(True).sum()) == 2
    # over every year (the mentor pool, from the pairs: E, no longer N3's mentor, is not in it): D was trained the
    # year before
    ever = pairs.mentor_list(p, by_year=False)
    assert dict(zip(ever["mentor_key"], pairs.trained(ever))) == {"A": True, "B": True, "C": False, "D": True}
    pool = mentor_pool.pool(table("mentor_application", []), p, table("hr_employment", []), Y).set_index("mentor_id")
    assert pool["orientation_completed"].to_dict() == {"A": True, "B": True, "C": False, "D": True}
    assert pairs.mentor_list(p.iloc[0:0], Y).empty and pairs.trained_mentor_count(pairs.mentor_list(p.iloc[0:0])) == 0
