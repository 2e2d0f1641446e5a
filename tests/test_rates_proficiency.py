"""Wilson intervals, suppression and the proficiency table, with values worked out by hand."""

import math

import numpy as np
import pandas as pd
from canon import table
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from induction_analysis.metrics import pairs, proficiency, rates


def _wilson_by_hand(k, n, z=1.959964):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(100 * (centre - half), 1), round(100 * (centre + half), 1)


def test_wilson_interval_matches_the_formula():
    low, high = rates.wilson_pct([5, 0, 13, 6], [10, 6, 20, 6])
    assert list(zip(low, high)) == [(23.7, 76.3), (0.0, 39.0), (43.3, 81.9), (61.0, 100.0)]
    assert [_wilson_by_hand(k, n) for k, n in [(5, 10), (0, 6), (13, 20), (6, 6)]] == list(zip(low, high))
    low, high = rates.wilson_pct([0], [0])
    assert math.isnan(low[0]) and math.isnan(high[0])


@settings(max_examples=300)
@given(
    st.lists(st.integers(1, 20000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))), min_size=1, max_size=20)
)
def test_wilson_interval_is_statsmodels_interval(pairs_):
    """The interval is statsmodels' proportion_confint(method="wilson"), to the published decimal."""
    assert rates.Z_95 == stats.norm.isf(0.025)
    k, n = (np.array(v, dtype="float64") for v in zip(*pairs_))
    low, high = rates.wilson_pct(k, n)
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert np.array_equal(low, np.round(100 * lo, 1)) and np.array_equal(high, np.round(100 * hi, 1))


def test_suppression_hides_small_cells_and_one_more_when_one_would_be_recoverable():
    frame = pd.DataFrame({"year": ["a"] * 3 + ["b"] * 3, "n": [10, 4, 8, 10, 4, 3], "k": [5, 2, 4, 5, 1, 1]})
    out = rates.suppress(frame, "n", ["k"], threshold=6, partition=["year"])
    # year a: 4 is under the threshold; 8 (the next smallest) goes too, or 4 = total - 10 - 8
    assert out["suppressed"].tolist() == [False, True, True, False, True, True]
    assert out["k"].isna().tolist() == [False, True, True, False, True, True]
    # exactly the threshold is shown
    assert not rates.suppress(pd.DataFrame({"n": [6], "k": [3]}), "n", ["k"], 6)["suppressed"].iloc[0]


def _fixture():
    schools = {"Oak": (7, 5), "Birch": (5, 2), "Cedar": (8, 6)}  # school: (new teachers, rated proficient or better)
    roster, evaluation, n = [], [], 0
    for school, (size, good) in schools.items():
        for i in range(size):
            n += 1
            sid = f"N{n:02d}"
            roster.append(
                {
                    "school_year": "2025-26",
                    "mentee_id": sid,
                    "mentee_name": sid,
                    "school": school,
                    "mentor_id": "M",
                    "prior_experience_years": 0,
                    "group": "beginning teacher",
                }
            )
            rating = "Proficient" if i < good else "Needs Improvement"
            evaluation.append(
                {
                    "staff_id": sid,
                    "school_year": "2025-26",
                    "rating_of": "summative",
                    "rating": rating,
                    "rating_score": 3 if i < good else 2,
                }
            )
            evaluation.append(
                {"staff_id": sid, "school_year": "2025-26", "rating_of": "II", "rating": "Exemplary", "rating_score": 4}
            )
    for sid in ("V1", "V2", "V3"):  # experienced teachers, the reference
        evaluation.append(
            {
                "staff_id": sid,
                "school_year": "2025-26",
                "rating_of": "summative",
                "rating": "Proficient",
                "rating_score": 3,
            }
        )
    # 2024-25 is in the roster but has no evaluations
    roster.append(
        {
            "school_year": "2024-25",
            "mentee_id": "P1",
            "mentee_name": "P1",
            "school": "Oak",
            "mentor_id": "M",
            "prior_experience_years": 0,
            "group": "beginning teacher",
        }
    )
    return pairs.pairs(table("roster", roster)), table("evaluation", evaluation)


def test_proficiency_rates_with_intervals_and_suppression():
    p, ev = _fixture()
    out = proficiency.proficiency(ev, p, threshold=6)
    assert set(out["school_year"]) == {"2025-26"}  # a year with no evaluations has no rows
    by = out.set_index(["breakdown", "group", "rating_of"])
    overall = by.loc[("all new teachers", "all new teachers", "summative")]
    assert (overall["n_teachers"], overall["proficient_or_better"], overall["proficient_pct"]) == (20, 13, 65.0)
    assert (overall["ci_low_pct"], overall["ci_high_pct"]) == (43.3, 81.9)
    assert by.loc[("all new teachers", "all new teachers", "II"), "proficient_pct"] == 100.0
    # Birch is a group of 5: withheld; Oak (7, the next smallest) is withheld with it; Cedar is shown
    assert by.loc[("school", "Birch", "summative"), "suppressed"] and pd.isna(
        by.loc[("school", "Birch", "summative"), "proficient_pct"]
    )
    assert by.loc[("school", "Oak", "summative"), "suppressed"] and pd.isna(
        by.loc[("school", "Oak", "summative"), "proficient_or_better"]
    )
    cedar = by.loc[("school", "Cedar", "summative")]
    assert (cedar["n_teachers"], cedar["proficient_or_better"], cedar["proficient_pct"], cedar["suppressed"]) == (
        8,
        6,
        75.0,
        False,
    )
    # the n stays visible beside a withheld rate
    assert by.loc[("school", "Birch", "summative"), "n_teachers"] == 5
    # three reference teachers: withheld
    assert by.loc[("other teachers (reference)", "all other teachers", "summative"), "suppressed"]
    assert by.loc[("experience", "1 year", "summative"), "n_teachers"] == 20


def test_experience_bands():
    got = proficiency.experience_band(pd.Series([1, 2, 3, 4, 12, None], dtype="Int64")).tolist()
    assert got == ["1 year", "2 years", "3 years", "4+ years", "4+ years", "experience unknown"]


# ---------------------------------------------------------------- nothing withheld can be recovered
def test_the_audit_finds_what_subtraction_recovers():
    from audit import recoverable

    cells = pd.DataFrame({"n": [20, 10, 4, 6], "k": [12, 7, np.nan, 3]}, index=["all", "Oak", "Birch", "Cedar"])
    assert recoverable(cells, [(["Oak", "Birch", "Cedar"], "all")]) == {"Birch": (2.0, 2.0)}
    # with a complement withheld, the two are only known to add up to 5 (of 4 + 6): not recovered
    cells.loc["Cedar", "k"] = np.nan
    assert recoverable(cells, [(["Oak", "Birch", "Cedar"], "all")]) == {}
    # ... unless they were all rated proficient (0 or every one would give both away)
    full = pd.DataFrame({"n": [20, 10, 4, 6], "k": [20, 10, np.nan, np.nan]}, index=["all", "Oak", "Birch", "Cedar"])
    assert set(recoverable(full, [(["Oak", "Birch", "Cedar"], "all")])) == {"Birch", "Cedar"}
    # a total nobody published, shared by two breakdowns of the same teachers
    two = pd.DataFrame({"n": [8, 4, 9, 3], "k": [5, np.nan, 6, 2]}, index=["a=yes", "a=no", "b=yes", "b=no"])
    assert recoverable(two, [(["a=yes", "a=no"], "T"), (["b=yes", "b=no"], "T")]) == {"a=no": (3.0, 3.0)}


def test_suppression_withholds_more_cells_when_the_withheld_ones_are_all_zero_or_all_full():
    frame = pd.DataFrame({"n": [10, 4, 7, 9], "k": [6, 4, 7, 5]})
    # 4 withheld, 7 as its complement: both all proficient (11 of 11), so 9 goes too
    out = rates.suppress(frame, "n", ["k"], threshold=6, partition=None)
    assert out["suppressed"].tolist() == [False, True, False, False]
    frame["part"] = "x"
    out = rates.suppress(frame, "n", ["k"], threshold=6, partition=["part"], count_col="k")
    assert out["suppressed"].tolist() == [False, True, True, True]
    # without the count, only the complement
    assert rates.suppress(frame, "n", ["k"], threshold=6, partition=["part"])["suppressed"].tolist() == [
        False,
        True,
        True,
        False,
    ]


def test_no_withheld_proficiency_cell_can_be_recovered_from_the_fixture():
    from audit import proficiency_equations, recoverable

    p, ev = _fixture()
    out = proficiency.proficiency(ev, p, threshold=6)
    for cells, equations in proficiency_equations(out):
        assert recoverable(cells, equations) == {}
