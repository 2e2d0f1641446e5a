"""Suggested pairings: scoring, the optimal assignment, capacity and ties, and the mentor pool (issue 8)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from induction_analysis.tools import matching

W = {"same_subject": 16, "same_grade_band": 8, "same_school": 4, "same_schedule": 2, "group_fit": 1}


def hires(*rows):
    cols = ["hire_id", "school", "subject", "grade_band", "schedule", "group"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def mentors(*rows):
    cols = ["mentor_id", "school", "subject", "grade_band", "schedule", "groups_preferred", "capacity"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_the_best_overall_assignment_is_not_the_greedy_one():
    # H1 scores A 20 (subject, school) and B 16 (subject); H2 can only have A (grade band: 8; B shares
    # only the school, not suitable). Greedy, H1 first, takes A and leaves H2 without (20); the best
    # overall gives H1 B and H2 A (16 + 8 = 24).
    h = hires(
        ("H1", "Oak", "Math", "high", None, "beginning teacher"),
        ("H2", "Elm", "Science", "middle", None, "beginning teacher"),
    )
    m = mentors(("A", "Oak", "Math", "middle", None, None, 1), ("B", "Elm", "Math", "elementary", None, None, 1))
    out = matching.assign(h, m, W).set_index("hire_id")
    assert out.loc["H1", "mentor_id"] == "B" and out.loc["H2", "mentor_id"] == "A"
    assert (out.loc["H1", "score"], out.loc["H2", "score"]) == (16, 8)
    assert out.loc["H1", "reasons"] == "same subject (Math)"
    assert out.loc["H2", "reasons"] == "same grade band (middle)"
    assert out.loc["H1", "alternative_1"] == "A"
    assert out.loc["H1", "alternative_1_reasons"] == "same subject (Math); same school (Oak) (at capacity)"
    assert pd.isna(out.loc["H2", "alternative_1"])


def test_capacity_is_respected_and_a_hire_left_over_is_told_why():
    h = hires(
        *[(f"H{i}", "Oak", "Art", "elementary", "P1", "career changer") for i in range(1, 4)],
        ("H9", "Oak", "Latin", "high", "P1", "beginning teacher"),
    )
    m = mentors(
        ("A", "Oak", "Art", "elementary", "P1", "Career changers", 2), ("B", "Elm", "Music", "middle", None, None, 2)
    )
    out = matching.assign(h, m, W).set_index("hire_id")
    assert (out["mentor_id"] == "A").sum() == 2
    left = out[out["mentor_id"].isna() & out.index.str.startswith("H") & (out.index != "H9")]
    assert len(left) == 1 and left["note"].iloc[0] == "all 1 suitable mentor(s) are at capacity"
    assert out.loc["H9", "note"] == "no mentor in the pool teaches Latin or at the high grade band"
    full = out[out["mentor_id"] == "A"].iloc[0]
    assert full["score"] == 16 + 8 + 4 + 2 + 1
    assert full["reasons"] == (
        "same subject (Art); same grade band (elementary); same school (Oak); same planning period (P1); "
        "asked to mentor career changers"
    )


def test_ties_go_to_the_mentor_listed_first_and_unsuitable_pairs_are_never_made():
    h = hires(("H1", "Oak", "Science", "middle", None, "beginning teacher"))
    m = mentors(
        ("M2", "Elm", "Science", "high", None, None, 1),
        ("M1", "Ash", "Science", "high", None, None, 1),
        ("M3", "Oak", "Music", "elementary", None, None, 1),
    )
    out = matching.assign(h, m, W)
    assert out["mentor_id"].tolist() == ["M1"] and out["alternative_1"].tolist() == ["M2"]
    assert pd.isna(out["alternative_2"].iloc[0])  # M3 shares neither subject nor grade band: never suggested


# ---------------------------------------------------------------- on the sample district
@pytest.mark.slow
def test_every_new_hire_of_the_sample_gets_a_mentor_or_a_reason(report_dir, sample_dir, tmp_path):
    from conftest import run_cli
    from openpyxl import load_workbook

    hires = sample_dir / "new_hires" / "New hires 2026-27.xlsx"
    done = run_cli(
        "match",
        "--new-hires",
        str(hires),
        "--year",
        "2026-27",
        "--processed",
        str(report_dir[0] / "processed"),
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"(\d+) new hires, (\d+) mentors available \(applied in 2025-26\): \1 with a suggested mentor, 0 without",
        done.stdout,
    )
    book = load_workbook(tmp_path / "mentor-matches-2026-27.xlsx")
    assert book.sheetnames == ["Suggested pairings", "Mentor load", "How matches are scored"]
    rows = pd.read_excel(
        tmp_path / "mentor-matches-2026-27.xlsx", sheet_name="Suggested pairings", header=1, engine="calamine"
    )
    assert list(rows.columns) == list(matching.WORKBOOK_COLUMNS)
    assert len(rows) == len(pd.read_excel(hires, header=2, engine="calamine"))
    assert (rows["suggested_mentor"].notna() | rows["note"].notna()).all()
    latin = rows[rows["subject"] == "Latin"].iloc[0]
    assert latin["note"].startswith("no available mentor teaches Latin") and latin["grade_band"] == "high"
    # names, as the administrators need them; never more mentees than a mentor's places
    assert rows["suggested_mentor"].str.contains(" ").all()
    load = pd.read_excel(
        tmp_path / "mentor-matches-2026-27.xlsx", sheet_name="Mentor load", header=1, engine="calamine"
    )
    assert (load["suggested_mentees"] <= load["capacity"]).all() and load["suggested_mentees"].sum() == rows[
        "suggested_mentor"
    ].notna().sum()
    assert load["motivation"].notna().all() and load["strengths"].notna().all()  # from the applications
    # the best possible subject matching: only the Latin hire goes without a same-subject mentor
    same_subject = rows["reasons"].str.startswith("same subject")
    assert (~same_subject).sum() == 1


def test_mentor_pool_statuses_and_training_due():
    from canon import table

    from induction_analysis.metrics import mentor_pool, pairs

    Y = "2025-26"
    roster = table(
        "roster",
        [
            {
                "school_year": "2024-25",
                "mentee_id": "N0",
                "mentor_id": "A",
                "mentor_trained": True,
                "mentor_school": "Oak",
                "mentor_subject": "Art",
            },
            {"school_year": Y, "mentee_id": "N1", "mentor_id": "A", "mentor_trained": True},
            {
                "school_year": "2023-24",
                "mentee_id": "N2",
                "mentor_id": "R",
                "mentor_trained": True,
                "mentor_subject": "Music",
            },
            {"school_year": "2022-23", "mentee_id": "N3", "mentor_id": "L", "mentor_trained": True},
        ],
    )
    apps = table(
        "mentor_application",
        [
            {
                "school_year": Y,
                "applicant_id": "A",
                "orientation_completed": True,
                "refresher_year": "2024-25",
                "max_mentees": 3,
                "accepted": True,
            },
            {
                "school_year": Y,
                "applicant_id": "B",
                "orientation_completed": False,
                "accepted": True,
                "school": "Elm",
                "subject": "Math",
            },
            {"school_year": Y, "applicant_id": "C", "orientation_completed": True, "refresher_year": "2020-21"},
            {"school_year": Y, "applicant_id": "D", "accepted": False},
        ],
    )
    hr = table(
        "hr_employment", [{"staff_id": s, "school_year": Y, "position": "Teacher", "is_teacher": True} for s in "ABCDR"]
    )
    p = mentor_pool.pool(apps, pairs.pairs(roster), hr, Y, max_mentees=2, refresher_every_years=3).set_index(
        "mentor_id"
    )
    assert p["status"].to_dict() == {
        "A": "active",
        "B": "accepted",
        "C": "trained",
        "D": "not accepted",
        "R": "resting",
        "L": "left",
    }
    assert p["available_next_year"].to_dict() == {"A": True, "B": True, "C": True, "D": False, "R": False, "L": False}
    assert p["training_due"].to_dict() == {"A": "", "B": "orientation", "C": "refresher", "D": "", "R": "", "L": ""}
    assert (p.loc["A", "capacity"], p.loc["A", "current_mentees"], p.loc["A", "past_mentees"]) == (
        2,
        1,
        1,
    )  # offered 3, at most 2
    assert (p.loc["A", "school"], p.loc["B", "subject"], p.loc["R", "subject"]) == ("Oak", "Math", "Music")


def test_pool_coverage_counts_places_and_survives_an_empty_pool():
    from induction_analysis.metrics import mentor_pool

    pool = pd.DataFrame(
        {
            "mentor_id": ["A", "B", "C"],
            "subject": ["Art", "Art", "Math"],
            "grade_band": ["high"] * 3,
            "school": ["Oak"] * 3,
            "capacity": [2, 1, 2],
            "available_next_year": [True, True, False],
        }
    )
    hires = pd.DataFrame(
        {"subject": ["Art", "Math", "Math"], "grade_band": ["high"] * 3, "school": ["Oak", "Oak", "Elm"]}
    )
    cov = mentor_pool.coverage(pool, hires).set_index(["dimension", "value"])
    assert cov.loc[("subject", "Art")].tolist() == [1, 2, 3, 0]
    assert cov.loc[("subject", "Math")].tolist() == [2, 0, 0, 2]
    assert cov.loc[("school", "Elm")].tolist() == [1, 0, 0, 1]
    empty = mentor_pool.coverage(pd.DataFrame(columns=mentor_pool.COLUMNS), hires)
    assert empty["short_by"].tolist() == [1, 2, 3, 1, 2]
