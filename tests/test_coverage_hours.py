"""Standards coverage, mentoring time and the 50 hours, on hand-checked fixtures."""

import pandas as pd
import pytest
from canon import table

from induction_analysis import frameworks
from induction_analysis.metrics import coverage, hours, pairs

Y = "2025-26"


def _codes(rows):
    """log_standards rows: (contact_id, code) read with MA-2012."""
    fw = frameworks.load("MA-2012")
    out = []
    for contact, code in rows:
        std, ind = fw.parse_code(code)
        out.append(
            {
                "contact_id": contact,
                "school_year": Y,
                "framework": "MA-2012",
                "code": code,
                "standard": std,
                "indicator": ind,
            }
        )
    return table("log_standards", out)


@pytest.fixture
def coverage_tables():
    roster = table(
        "roster",
        [
            {
                "school_year": Y,
                "mentee_id": "M1",
                "mentee_name": "Ann Lee",
                "mentor_id": "A",
                "mentor_name": "Al Ma",
                "school": "Oak",
            },
            {
                "school_year": Y,
                "mentee_id": "M2",
                "mentee_name": "Bo Kim",
                "mentor_id": "B",
                "mentor_name": "Bea Ng",
                "school": "Oak",
            },  # no logs
            {"school_year": Y, "mentee_id": "M3", "mentee_name": "Cy Ray", "school": "Elm"},  # no mentor
        ],
    )
    log = table(
        "collaborative_log",
        [
            {
                "contact_id": "c1",
                "school_year": Y,
                "date": "2025-09-15",
                "mentee": "Ann Lee",
                "mentee_id": "M1",
                "minutes": 60,
            },
            {
                "contact_id": "c2",
                "school_year": Y,
                "date": "2025-10-01",
                "mentee": "Ann Lee",
                "mentee_id": "M1",
                "minutes": 30,
            },
            {
                "contact_id": "c3",
                "school_year": Y,
                "date": "2026-04-01",
                "mentee": "Ann Lee",
                "mentee_id": "M1",
                "minutes": 45,
            },
            {
                "contact_id": "c4",
                "school_year": Y,
                "date": "2025-11-05",
                "mentee": "Ann Lee",
                "mentee_id": "M1",
                "minutes": 20,
            },
            {
                "contact_id": "c5",
                "school_year": Y,
                "date": "2025-12-01",
                "mentee": "Zed Unlisted",
                "minutes": 40,
            },  # not in the roster
        ],
    )
    codes = _codes(
        [("c1", "I-A"), ("c1", "II-B"), ("c2", "III"), ("c3", "III-A"), ("c4", "I-A"), ("c4", "I-B"), ("c5", "II-A")]
    )
    p = pairs.pairs(roster)
    cov = coverage.coverage(log, codes, p, {Y: frameworks.load("MA-2012")})
    return cov


def _row(cov, key, level, standard, indicator=None):
    sel = (cov["mentee_key"] == key) & (cov["level"] == level) & (cov["standard"] == standard)
    sel &= cov["indicator"].isna() if indicator is None else (cov["indicator"] == indicator)
    rows = cov[sel]
    assert len(rows) == 1
    return rows.iloc[0]


def test_coverage_counts_contacts_minutes_and_first_month(coverage_tables):
    cov = coverage_tables
    ia = _row(cov, "M1", "indicator", "I", "I-A")
    assert (ia["contacts"], ia["minutes"], ia["first_month"]) == (2, 80.0, "2025-09")
    # a contact naming I-A and I-B counts once for Standard I
    std_i = _row(cov, "M1", "standard", "I")
    assert (std_i["contacts"], std_i["minutes"]) == (2, 80.0)
    # "III" alone counts for the standard, not for an indicator; III-A first in April, after the check date
    std_iii = _row(cov, "M1", "standard", "III")
    assert (std_iii["contacts"], std_iii["minutes"], std_iii["first_month"], std_iii["untouched_by_check"]) == (
        2,
        75.0,
        "2025-10",
        False,
    )
    iiia = _row(cov, "M1", "indicator", "III", "III-A")
    assert (iiia["contacts"], iiia["first_month"], iiia["untouched_by_check"]) == (1, "2026-04", True)
    assert _row(cov, "M1", "standard", "IV")["untouched_by_check"]
    # every framework item is listed for every pair: 4 standards + 16 indicators, for 4 pairs
    assert len(cov) == 4 * 20


def test_coverage_per_pair_and_flags(coverage_tables):
    per_pair = coverage.by_pair(coverage_tables).set_index("mentee_key")
    m1 = per_pair.loc["M1"]
    assert (m1["indicators_addressed"], m1["indicators_total"], m1["coverage_pct"]) == (4, 16, 25.0)
    assert (m1["standards_addressed"], m1["standards_untouched_by_check"], m1["flagged"]) == (3, "IV", True)
    m2 = per_pair.loc["M2"]  # a mentee with no logs
    assert (m2["indicators_addressed"], m2["coverage_pct"], m2["standards_untouched_by_check"]) == (
        0,
        0.0,
        "I, II, III, IV",
    )
    unlisted = [k for k in per_pair.index if k.startswith("unlisted-")]
    assert unlisted == ["unlisted-Zed Unlisted"] and per_pair.loc[unlisted[0], "indicators_addressed"] == 1


def test_coverage_program_counts_pairs_with_a_mentor(coverage_tables):
    prog = coverage.program(coverage_tables)
    std = prog[prog["level"] == "standard"].set_index("standard")
    # M1, M2 and the unlisted mentee are pairs; M3 has no mentor
    assert std["n_pairs"].tolist() == [3, 3, 3, 3]
    assert std.loc["I", "pairs_addressed"] == 1 and std.loc["I", "pairs_addressed_pct"] == 33.3
    assert std.loc["II", "pairs_addressed"] == 2 and std.loc["II", "pairs_addressed_pct"] == 66.7
    assert std.loc["III", "pairs_addressed_by_check"] == 1 and std.loc["IV", "pairs_addressed"] == 0


EXPECT = {
    "meetings_per_month": 2,
    "observations_of_mentee": 3,
    "observations_by_mentee": 2,
    "mentor_assigned_within_days": 14,
    "hours_beyond_induction_year": 50,
    "fifty_hours_within_years": 2,
}


def _hours_fixture():
    def r(year, mid, **kw):
        return {
            "school_year": year,
            "mentee_id": mid,
            "mentee_name": mid,
            "license": "Initial",
            "group": "beginning teacher",
            **kw,
        }

    roster = table(
        "roster",
        [
            # T1: induction year 2023-24, then two years toward the 50 hours
            r(
                "2023-24",
                "T1",
                mentor_id="A",
                start_date="2023-08-28",
                mentor_assigned_date="2023-09-05",
                prior_experience_years=0,
            ),
            r(
                "2024-25",
                "T1",
                mentor_id="A",
                start_date="2023-08-28",
                mentor_assigned_date="2023-09-05",
                prior_experience_years=1,
            ),
            r(
                Y,
                "T1",
                mentor_id="A",
                start_date="2023-08-28",
                mentor_assigned_date="2023-09-05",
                prior_experience_years=2,
            ),
            # T2: induction year now, assigned 24 days after the start
            r(
                Y,
                "T2",
                mentor_id="B",
                start_date="2025-08-27",
                mentor_assigned_date="2025-09-20",
                prior_experience_years=0,
            ),
            # T3: Professional license, new to the district, no mentor
            r(
                Y,
                "T3",
                license="Professional",
                group="new to district",
                start_date="2025-08-27",
                prior_experience_years=6,
            ),
            # T4: the district's first roster lists a beginning teacher already in her second year
            r(
                Y,
                "T4",
                mentor_id="C",
                start_date="2024-08-27",
                mentor_assigned_date="2024-08-20",
                prior_experience_years=1,
            ),
        ],
    )
    contacts = []

    def add(year, mid, date, minutes, activity="meeting"):
        contacts.append(
            {
                "school_year": year,
                "date": date,
                "mentee": mid,
                "mentee_id": mid,
                "minutes": minutes,
                "activity": activity,
            }
        )

    add("2023-24", "T1", "2023-10-02", 600)  # the induction year does not count toward the 50
    for d in ("2024-10-01", "2024-11-01", "2025-01-10"):
        add("2024-25", "T1", d, 600)  # 30 h
    add(Y, "T1", "2025-10-01", 600)
    add(Y, "T1", "2025-10-02", 300)
    add(Y, "T1", "2026-02-02", 600)  # 25 h this year: 55 in all
    for d in ("2025-10-06", "2025-10-14", "2025-10-21"):
        add(Y, "T2", d, 45)
    add(Y, "T2", "2025-11-03", 60, "co_planning")
    add(Y, "T2", "2025-11-10", 50, "observation_of_mentee")
    add(Y, "T2", "2026-01-12", 50, "observation_of_mentee")
    add(Y, "T2", "2026-02-09", 45, "observation_by_mentee")
    add(Y, "T4", "2025-09-15", 600)  # 10 h in her first year beyond induction
    log = table("collaborative_log", contacts)
    return pairs.pairs(roster), log


def test_pairs_count_the_induction_year_back_for_a_second_year_teacher():
    p, _ = _hours_fixture()
    t4 = p[p["mentee_id"] == "T4"].iloc[0]
    assert (t4["induction_year"], t4["program_year"]) == ("2024-25", 2)
    assert p[p["mentee_id"] == "T1"]["program_year"].tolist() == [1, 2, 3]


def test_mentoring_hours_cadence_observations_and_assignment():
    p, log = _hours_fixture()
    h = hours.mentoring_hours(log, p, EXPECT).set_index(["school_year", "mentee_key"])
    t2 = h.loc[(Y, "T2")]
    assert (t2["contacts"], t2["hours"], t2["meetings"]) == (7, 5.67, 4)  # 3 x 45 + 60 + 50 + 50 + 45 = 340 minutes
    assert (t2["months_expected"], t2["meetings_expected"], t2["meetings_pct_of_expected"]) == (10, 20.0, 20.0)
    assert (t2["observations_of_mentee"], t2["observations_by_mentee"], bool(t2["observations_complete"])) == (
        2,
        1,
        False,
    )
    assert (t2["months_with_contact"], t2["days_to_assignment"], bool(t2["assigned_within_two_weeks"])) == (
        4,
        24,
        False,
    )  # October, November, January, February
    t3 = h.loc[(Y, "T3")]  # no mentor: nothing expected, and not assigned within two weeks
    assert (t3["contacts"], t3["months_expected"], bool(t3["assigned_within_two_weeks"])) == (0, 0, False)
    assert pd.isna(t3["days_to_assignment"]) and pd.isna(t3["fifty_hours_status"])  # Professional: no 50-hour status
    t1_first = h.loc[("2023-24", "T1")]
    assert (t1_first["days_to_assignment"], bool(t1_first["assigned_within_two_weeks"])) == (8, True)
    assert pd.isna(h.loc[(Y, "T1"), "days_to_assignment"])  # only in the induction year


def test_fifty_hours_across_years():
    p, log = _hours_fixture()
    h = hours.mentoring_hours(log, p, EXPECT).set_index(["school_year", "mentee_key"])
    # T1: 30 h in 2024-25 (pace 30 a year, one year left: projected 60, on track); 55 h by 2025-26: completed
    assert tuple(h.loc[("2023-24", "T1"), ["hours_beyond_induction_cumulative", "fifty_hours_status"]]) == (
        0.0,
        "not started",
    )
    assert tuple(
        h.loc[("2024-25", "T1"), ["hours_beyond_induction_cumulative", "fifty_hours_projected", "fifty_hours_status"]]
    ) == (30.0, 60.0, "on track")
    assert tuple(h.loc[(Y, "T1"), ["hours_beyond_induction_cumulative", "fifty_hours_status"]]) == (55.0, "completed")
    # T4: 10 h in her first year beyond induction: projected 20 with one year left, behind
    assert tuple(
        h.loc[(Y, "T4"), ["hours_beyond_induction_cumulative", "fifty_hours_projected", "fifty_hours_status"]]
    ) == (10.0, 20.0, "behind")
    assert h.loc[(Y, "T2"), "fifty_hours_status"] == "not started"


def test_monthly_cadence_has_every_school_month():
    p, log = _hours_fixture()
    m = hours.monthly(log, p, 2)
    t2 = m[(m["mentee_key"] == "T2")].set_index("month")
    assert len(t2) == 10 and t2.index[0] == "2025-09" and t2.index[-1] == "2026-06"
    assert (t2.loc["2025-10", "meetings"], t2.loc["2025-11", "meetings"], t2.loc["2025-11", "observations"]) == (
        3,
        1,
        1,
    )
    # assigned September 20: mentoring is expected from September on
    assert t2.loc["2025-09", "meetings_expected"] == 2.0 and t2["contacts"].sum() == 7
    assert "T3" not in set(m["mentee_key"])  # no mentor, no cadence


def test_a_roster_with_no_logs_at_all():
    roster = table(
        "roster", [{"school_year": Y, "mentee_id": "T1", "mentee_name": "T1", "mentor_id": "A", "license": "Initial"}]
    )
    p, empty = pairs.pairs(roster), table("collaborative_log", [])
    h = hours.mentoring_hours(empty, p, EXPECT).iloc[0]
    assert (h["contacts"], h["hours"], h["meetings_expected"], h["fifty_hours_status"]) == (0, 0.0, 20.0, "not started")
    m = hours.monthly(empty, p, 2)
    assert len(m) == 10 and m["contacts"].sum() == 0
    cov = coverage.by_pair(coverage.coverage(empty, table("log_standards", []), p, {Y: frameworks.load("MA-2012")}))
    assert (cov.iloc[0]["indicators_addressed"], cov.iloc[0]["flagged"]) == (0, True)
