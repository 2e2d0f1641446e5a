"""Retention by the Strategic Data Project's definitions, on hand-checked staff histories."""

from pathlib import Path

import pandas as pd
import pytest

from induction_analysis.metrics import retention


def hr(rows):
    return pd.DataFrame(rows, columns=["staff_id", "school_year", "school", "is_teacher", "experience_years"])


HISTORY = hr(
    [
        # A stays at Oak, then transfers to Elm
        ("A", "2021-22", "Oak", True, 1),
        ("A", "2022-23", "Oak", True, 2),
        ("A", "2023-24", "Elm", True, 3),
        # B leaves the district after one year, comes back in 2023-24
        ("B", "2021-22", "Oak", True, 1),
        ("B", "2023-24", "Oak", True, 3),
        # C becomes a coach (changed role), D is a paraprofessional throughout (not a teacher)
        ("C", "2021-22", "Elm", True, 8),
        ("C", "2022-23", "Elm", False, 9),
        ("C", "2023-24", "Elm", False, 10),
        ("D", "2021-22", "Elm", False, 3),
        ("D", "2022-23", "Elm", False, 4),
        # E starts in 2022-23 and stays
        ("E", "2022-23", "Elm", True, 1),
        ("E", "2023-24", "Elm", True, 2),
    ]
)


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
        {
            "school_year": "2021-22",
            "n_teachers": 3,
            "stay": 1,
            "transfer": 0,
            "leave": 2,
            "left_district": 1,
            "changed_role": 1,
            "stay_pct": 33.3,
            "transfer_pct": 0.0,
            "leave_pct": 66.7,
        },
        {
            "school_year": "2022-23",
            "n_teachers": 2,
            "stay": 1,
            "transfer": 1,
            "leave": 0,
            "left_district": 0,
            "changed_role": 0,
            "stay_pct": 50.0,
            "transfer_pct": 50.0,
            "leave_pct": 0.0,
        },
    ]


def test_cohorts_divide_by_the_starting_size_and_stop_at_the_data():
    out = retention.cohorts(HISTORY)
    assert out[
        [
            "cohort",
            "years_since_start",
            "n_cohort",
            "still_teaching",
            "same_school",
            "still_teaching_pct",
            "same_school_pct",
        ]
    ].values.tolist() == [
        ["2021-22", 0, 2, 2, 2, 100.0, 100.0],
        ["2021-22", 1, 2, 1, 1, 50.0, 50.0],  # B left
        ["2021-22", 2, 2, 1, 0, 50.0, 0.0],  # B's return does not count; A moved to Elm
        ["2022-23", 0, 1, 1, 1, 100.0, 100.0],
        ["2022-23", 1, 1, 1, 1, 100.0, 100.0],
    ]


def test_no_teachers_no_rows():
    empty = hr([("D", "2021-22", "Elm", False, 3)])
    assert retention.annual(empty).empty and retention.cohorts(empty).empty


def test_average_pools_teacher_years_as_the_sdp_does():
    out = retention.average(HISTORY).iloc[0]
    # 2021-22: A stay, B leave (district), C leave (role); 2022-23: A transfer, E stay
    assert (out["n_teacher_years"], out["n_unique_teachers"], out["stay"], out["transfer"], out["leave"]) == (
        5,
        4,
        2,
        1,
        2,
    )
    assert (
        out["stay_pct"],
        out["transfer_pct"],
        out["leave_pct"],
        out["left_district_pct"],
        out["changed_role_pct"],
    ) == (40.0, 20.0, 40.0, 20.0, 20.0)


def _cohort_history():
    rows = []
    # 2021-22 cohort: 4 beginning teachers; M1, M2 mentored, U1, U2 not. U1 leaves after a year, M2 after two.
    for sid, years in {"M1": 3, "M2": 2, "U1": 1, "U2": 3}.items():
        for k in range(years):
            rows.append((sid, f"{2021 + k}-{(22 + k) % 100:02d}", "Oak", True, 1 + k))
    # 2023-24 cohort: one teacher, observed in its first year only
    rows.append(("N1", "2023-24", "Oak", True, 1))
    return hr(rows)


def test_cohorts_split_mentored_and_not():
    mentored = pd.DataFrame(
        {
            "staff_id": ["M1", "M2", "U1", "N1"],
            "school_year": ["2021-22", "2021-22", "2021-22", "2023-24"],
            "has_mentor": [True, True, False, True],
        }
    )
    out = retention.cohorts(_cohort_history(), mentored)
    got = {
        (r.cohort, r.group, r.years_since_start): (r.n_cohort, r.still_teaching, r.still_teaching_pct)
        for r in out.itertuples()
    }
    assert got[("2021-22", "all", 1)] == (4, 3, 75.0)
    assert got[("2021-22", "mentored", 2)] == (2, 1, 50.0)
    assert got[("2021-22", "not mentored", 1)] == (2, 1, 50.0)  # U2 is not in the roster: not mentored
    assert ("2023-24", "all", 1) not in got  # not observed yet


def test_benchmark_summary_leaves_censored_cohorts_out_and_says_so(config):
    mentored = pd.DataFrame(
        {
            "staff_id": ["M1", "M2", "U1", "N1"],
            "school_year": ["2021-22", "2021-22", "2021-22", "2023-24"],
            "has_mentor": [True, True, False, True],
        }
    )
    summary = retention.benchmark_summary(retention.cohorts(_cohort_history(), mentored), config["benchmarks"])
    row = summary[(summary["group"] == "all") & (summary["years_since_start"] == 1)].iloc[0]
    assert (row["cohorts_included"], row["cohorts_not_yet_observed"], row["n_cohort"], row["still_teaching"]) == (
        "2021-22",
        "2023-24",
        4,
        3,
    )
    assert (row["still_teaching_pct"], row["benchmark_pct"]) == (75.0, 90.1)
    two = summary.set_index(["group", "years_since_start"])
    assert two.loc[("mentored", 2), "benchmark_pct"] == 90.2 and two.loc[("not mentored", 2), "benchmark_pct"] == 77.5
    assert two.loc[("not mentored", 2), "still_teaching_pct"] == 50.0


SDP = Path("/work/shared/external/sdp-human-capital-toolkit/teacher_year.csv")


@pytest.mark.skipif(not SDP.is_file(), reason="the SDP toolkit's teacher-year sample is not on this machine")
def test_sdp_toolkit_sample_agrees_with_the_toolkits_own_rule():
    """On the Strategic Data Project's sample agency, the annual shares equal those of the toolkit's Stata
    rule (Connect.do 3.8: t_stay, t_transfer, t_leave from next year's school and teacher flag), recomputed
    here teacher by teacher."""
    d = pd.read_csv(SDP)
    frame = pd.DataFrame(
        {
            "staff_id": d["tid"].astype(str),
            "school_year": d["school_year"].map(lambda y: f"{y - 1}-{y % 100:02d}"),
            "school": d["school_code"].astype(str),
            "is_teacher": d["t_is_teacher"] == 1,
            "experience_years": d["t_experience"].astype("Int64"),
        }
    )
    ours = retention.annual(frame).set_index("school_year")
    by_key = {(r.tid, r.school_year): r for r in d.itertuples()}
    for year in range(2007, 2011):  # 2006-07 .. 2009-10: the years with a next year
        counts = {"stay": 0, "transfer": 0, "leave": 0}
        for r in d[(d["school_year"] == year) & (d["t_is_teacher"] == 1)].itertuples():
            nxt = by_key.get((r.tid, year + 1))
            teaching = nxt is not None and nxt.t_is_teacher == 1
            counts[
                "stay" if teaching and nxt.school_code == r.school_code else "transfer" if teaching else "leave"
            ] += 1
        row = ours.loc[f"{year - 1}-{year % 100:02d}"]
        assert (row["stay"], row["transfer"], row["leave"]) == (counts["stay"], counts["transfer"], counts["leave"])
    average = retention.average(frame).iloc[0]
    assert (average["n_teacher_years"], average["stay_pct"], average["transfer_pct"], average["leave_pct"]) == (
        7837,
        58.6,
        2.6,
        38.8,
    )
