"""Retention by the Strategic Data Project's definitions, on hand-checked staff histories."""

import pandas as pd

from induction_analysis import retention


def hr(rows):
    return pd.DataFrame(rows, columns=["staff_id", "school_year", "school", "is_teacher", "experience_years"])


HISTORY = hr([
    # A stays at Oak, then transfers to Elm
    ("A", "2021-22", "Oak", True, 1), ("A", "2022-23", "Oak", True, 2), ("A", "2023-24", "Elm", True, 3),
    # B leaves the district after one year, comes back in 2023-24
    ("B", "2021-22", "Oak", True, 1), ("B", "2023-24", "Oak", True, 3),
    # C becomes a coach (changed role), D is a paraprofessional throughout (not a teacher)
    ("C", "2021-22", "Elm", True, 8), ("C", "2022-23", "Elm", False, 9), ("C", "2023-24", "Elm", False, 10),
    ("D", "2021-22", "Elm", False, 3), ("D", "2022-23", "Elm", False, 4),
    # E starts in 2022-23 and stays
    ("E", "2022-23", "Elm", True, 1), ("E", "2023-24", "Elm", True, 2),
])


def test_teacher_year_outcomes():
    ty = retention.teacher_years(HISTORY)
    got = {(r.staff_id, r.school_year): (r.outcome, r.leave_detail) for r in ty.itertuples()}
    assert got[("A", "2021-22")][0] == "stay" and pd.isna(got[("A", "2021-22")][1])
    assert got[("A", "2022-23")][0] == "transfer"
    assert got[("B", "2021-22")] == ("leave", "left_district")
    assert got[("C", "2021-22")] == ("leave", "changed_role")
    assert pd.isna(got[("A", "2023-24")][0])  # the last year has no outcome yet
    assert ("D", "2021-22") not in got  # not a teacher


def test_annual_counts_and_shares():
    out = retention.annual(HISTORY)
    assert out.to_dict("records") == [
        {"school_year": "2021-22", "n_teachers": 3, "stay": 1, "transfer": 0, "leave": 2, "left_district": 1, "changed_role": 1,
         "stay_pct": 33.3, "transfer_pct": 0.0, "leave_pct": 66.7},
        {"school_year": "2022-23", "n_teachers": 2, "stay": 1, "transfer": 1, "leave": 0, "left_district": 0, "changed_role": 0,
         "stay_pct": 50.0, "transfer_pct": 50.0, "leave_pct": 0.0},
    ]


def test_cohorts_divide_by_the_starting_size_and_stop_at_the_data():
    out = retention.cohorts(HISTORY)
    assert out[["cohort", "years_since_start", "n_cohort", "still_teaching", "same_school", "still_teaching_pct", "same_school_pct"]].values.tolist() == [
        ["2021-22", 0, 2, 2, 2, 100.0, 100.0],
        ["2021-22", 1, 2, 1, 1, 50.0, 50.0],  # B left
        ["2021-22", 2, 2, 1, 0, 50.0, 0.0],  # B's return does not count; A moved to Elm
        ["2022-23", 0, 1, 1, 1, 100.0, 100.0],
        ["2022-23", 1, 1, 1, 1, 100.0, 100.0],
    ]


def test_no_teachers_no_rows():
    empty = hr([("D", "2021-22", "Elm", False, 3)])
    assert retention.annual(empty).empty and retention.cohorts(empty).empty
