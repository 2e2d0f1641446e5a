"""Mentor effectiveness: what each mentor did (process), and what became of mentees
(outcomes) only for groups large enough to say anything.

Per mentor and year (``mentor_effectiveness.csv``, sorted by mentor, never ranked):
mentees, logged hours and contacts per mentee, meetings against the expected cadence,
indicators addressed per mentee (coverage breadth), share of mentees whose observations
are complete, and log regularity (school months with a logged contact over the months
mentoring was expected). Outcomes per mentor, pooled over all their years, are withheld under
the suppression threshold: with one or two mentees a year no mentor can be judged by them.

Across mentors (``mentor_effectiveness_groups.csv``): induction-year mentees grouped by a
trait of their mentor or match (trained, same school, same subject, same grade band, met the
meeting cadence) with three outcomes: still teaching in the district the next year, rated
Proficient or Exemplary (summative) in the induction year, and self-assessment rubric growth
(spring mean above fall mean). Shares carry Wilson 95% intervals. Descriptive, not causal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.metrics import pairs, rates

PER_MENTOR = [
    "school_year",
    "mentor_key",
    "mentor_id",
    "n_mentees",
    "hours_per_mentee",
    "contacts_per_mentee",
    "meetings_pct_of_expected",
    "indicators_addressed_per_mentee",
    "observations_complete_pct",
    "months_with_contact_pct",
    "mentor_trained",
    "mentees_followed_all_years",
    "mentees_still_teaching_pct",
    "ci_low_pct",
    "ci_high_pct",
    "suppressed",
]


def mentee_outcomes(
    hours_table: pd.DataFrame,
    roster_pairs: pd.DataFrame,
    hr: pd.DataFrame,
    evaluation: pd.DataFrame,
    self_assessment: pd.DataFrame,
) -> pd.DataFrame:
    """Induction-year pairs with their mentor traits and the three outcomes (NaN where unknown)."""
    p = roster_pairs[(roster_pairs["program_year"] == 1) & roster_pairs["has_mentor"]].copy()
    if p.empty:
        return p
    h = hours_table.set_index(["school_year", "mentee_key"])
    keys = pd.MultiIndex.from_frame(p[["school_year", "mentee_key"]])
    p["met_cadence"] = h["meetings_pct_of_expected"].reindex(keys).to_numpy() >= 100
    p["same_school"] = (p["school"] == p["mentor_school"]).where(p["mentor_school"].notna())
    p["same_subject"] = (p["subject"] == p["mentor_subject"]).where(p["mentor_subject"].notna())
    p["same_grade_band"] = (p["grade_band"] == p["mentor_grade_band"]).where(p["mentor_grade_band"].notna())
    # still teaching in the district the next year (HR); unknown when HR has no next year
    p["still_teaching_next_year"] = np.nan
    if not hr.empty:
        teaching = (
            hr[hr["is_teacher"]].drop_duplicates(["staff_id", "school_year"]).set_index(["staff_id", "school_year"])
        )
        nxt = p["school_year"].map(lambda y: schoolyear.shift(y, 1))
        known = nxt.isin(set(hr["school_year"]))
        there = pd.Series(pd.MultiIndex.from_arrays([p["mentee_id"], nxt]).isin(teaching.index), index=p.index)
        p["still_teaching_next_year"] = there.astype("float64").where(known)
    # rated proficient or better (summative) in the induction year
    p["proficient"] = np.nan
    if not evaluation.empty:
        summ = evaluation[evaluation["rating_of"] == "summative"].drop_duplicates(["staff_id", "school_year"])
        rating = summ.set_index(["staff_id", "school_year"])["rating"]
        r = rating.reindex(pd.MultiIndex.from_arrays([p["mentee_id"], p["school_year"]])).to_numpy()
        p["proficient"] = (
            pd.Series(r, index=p.index).isin(["Proficient", "Exemplary"]).astype("float64").where(pd.notna(r))
        )
    # rubric growth: the mentee's spring mean score above their fall mean
    p["rubric_improved"] = np.nan
    if not self_assessment.empty:
        sa = self_assessment[(self_assessment["respondent_role"] == "mentee") & self_assessment["score"].notna()]
        means = sa.groupby(["school_year", "respondent_id", "season"])["score"].mean().unstack("season")
        if {"fall", "spring"} <= set(means.columns):
            improved = (means["spring"] > means["fall"]).where(means["spring"].notna() & means["fall"].notna())
            v = improved.reindex(pd.MultiIndex.from_arrays([p["school_year"], p["mentee_id"]])).to_numpy()
            p["rubric_improved"] = pd.Series(v, index=p.index, dtype="float64")
    return p


def per_mentor(
    hours_table: pd.DataFrame,
    coverage_pairs: pd.DataFrame,
    roster_pairs: pd.DataFrame,
    outcomes: pd.DataFrame,
    threshold: int = 6,
    spells: pd.DataFrame | None = None,
    mentor_hours: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``mentor_effectiveness.csv``: one row per mentor and school year (process measures), with the
    mentor's mentees over all years still teaching the next year (withheld under the threshold).

    A mentee whose mentor changed in the year (``spells``: :func:`induction_analysis.metrics.pairs.mentor_spells`) is a
    mentee of each of their mentors, with the contacts and hours each logged (``mentor_hours``:
    :func:`induction_analysis.metrics.hours.by_mentor`); the other measures are the mentee's."""
    p = roster_pairs[roster_pairs["has_mentor"]].copy()
    if p.empty:
        return pd.DataFrame(columns=PER_MENTOR)
    keys = ["school_year", "mentee_key"]
    h = hours_table.set_index(keys)
    idx = pd.MultiIndex.from_frame(p[keys])
    for col in (
        "hours",
        "contacts",
        "meetings",
        "meetings_expected",
        "observations_complete",
        "months_with_contact",
        "months_expected",
    ):
        p[col] = h[col].reindex(idx).to_numpy()
    cov = (
        coverage_pairs.set_index(keys)["indicators_addressed"]
        if not coverage_pairs.empty
        else pd.Series(dtype="float64")
    )
    p["indicators_addressed"] = cov.reindex(idx).to_numpy()
    changed = spells[spells["n_mentors"] > 1] if spells is not None and not spells.empty else None
    if changed is not None and len(changed):
        mentors_of = changed[keys + ["mentor_key", "mentor_id", "mentor_trained"]]
        each = mentors_of.merge(p.drop(columns=["mentor_key", "mentor_id", "mentor_trained"]), on=keys)
        logged = (
            mentor_hours.set_index(keys + ["mentor_key"])
            if mentor_hours is not None and not mentor_hours.empty
            else pd.DataFrame(columns=["contacts", "hours"])
        )
        at = pd.MultiIndex.from_frame(each[keys + ["mentor_key"]])
        each["hours"] = pd.Series(logged["hours"].reindex(at).to_numpy(), index=each.index, dtype="float64").fillna(0.0)
        each["contacts"] = (
            pd.Series(logged["contacts"].reindex(at).to_numpy(), index=each.index, dtype="float64")
            .fillna(0)
            .astype("int64")
        )
        moved = pd.MultiIndex.from_frame(p[keys]).isin(pd.MultiIndex.from_frame(each[keys]))
        p = pd.concat([p[~moved], each[p.columns]], ignore_index=True)
    g = p.groupby(["school_year", "mentor_key"])
    out = g.agg(
        mentor_id=("mentor_id", "first"),
        n_mentees=("mentee_key", "size"),
        hours=("hours", "sum"),
        contacts=("contacts", "sum"),
        meetings=("meetings", "sum"),
        meetings_expected=("meetings_expected", "sum"),
        indicators=("indicators_addressed", "mean"),
        obs_complete=("observations_complete", "mean"),
        months=("months_with_contact", "sum"),
        months_expected=("months_expected", "sum"),
    ).reset_index()
    # trained: as the DESE report and the lead mentors' page count them (the mentor's rows of the year)
    trained = pairs.mentor_list(roster_pairs, spells=spells).set_index(["school_year", "mentor_key"])["mentor_trained"]
    out["mentor_trained"] = trained.reindex(pd.MultiIndex.from_frame(out[["school_year", "mentor_key"]])).array
    out["hours_per_mentee"] = (out["hours"] / out["n_mentees"]).round(1)
    out["contacts_per_mentee"] = (out["contacts"] / out["n_mentees"]).round(1)
    out["meetings_pct_of_expected"] = rates.pct(out["meetings"], out["meetings_expected"])
    out["indicators_addressed_per_mentee"] = out["indicators"].astype("float64").round(1)
    out["observations_complete_pct"] = (100 * out["obs_complete"].astype("float64")).round(1)
    out["months_with_contact_pct"] = rates.pct(out["months"], out["months_expected"]).clip(upper=100)
    followed = outcomes.dropna(subset=["still_teaching_next_year"]) if not outcomes.empty else outcomes
    if len(followed):
        o = rates.proportion(
            followed.assign(stayed=followed["still_teaching_next_year"] == 1),
            ["mentor_key"],
            "stayed",
            n_name="mentees_followed_all_years",
            k_name="stayed",
            pct_name="mentees_still_teaching_pct",
        )
        out = out.merge(o.drop(columns="stayed"), on="mentor_key", how="left")
    else:
        out = out.assign(
            mentees_followed_all_years=0, mentees_still_teaching_pct=np.nan, ci_low_pct=np.nan, ci_high_pct=np.nan
        )
    out["mentees_followed_all_years"] = out["mentees_followed_all_years"].fillna(0).astype("int64")
    out = rates.suppress(
        out, "mentees_followed_all_years", ["mentees_still_teaching_pct", "ci_low_pct", "ci_high_pct"], threshold
    )
    return out[PER_MENTOR].sort_values(["school_year", "mentor_key"]).reset_index(drop=True)


TRAITS = {
    "mentor_trained": "mentor trained",
    "same_school": "same school",
    "same_subject": "same subject",
    "same_grade_band": "same grade band",
    "met_cadence": "met the meeting cadence",
}
OUTCOMES = {
    "still_teaching_next_year": "still teaching in the district the next year",
    "proficient": "rated Proficient or Exemplary in the induction year",
    "rubric_improved": "self-assessment higher in spring than in fall",
}
CONFIDENTIAL_OUTCOMES = {"proficient", "rubric_improved"}


def groups(outcomes: pd.DataFrame, threshold: int = 6) -> pd.DataFrame:
    """``mentor_effectiveness_groups.csv``: each outcome by each mentor trait (yes / no), pooled over years."""
    columns = [
        "trait",
        "value",
        "outcome",
        "years",
        "n_mentees",
        "n_with_outcome",
        "outcome_pct",
        "ci_low_pct",
        "ci_high_pct",
        "suppressed",
    ]
    if outcomes.empty:
        return pd.DataFrame(columns=columns)
    years = f"{outcomes['school_year'].min()} to {outcomes['school_year'].max()}"
    parts = []
    for trait, trait_label in TRAITS.items():
        for outcome, outcome_label in OUTCOMES.items():
            d = outcomes[outcomes[trait].notna() & outcomes[outcome].notna()]
            if d.empty:
                continue
            d = d.assign(value=np.where(d[trait].astype(bool), "yes", "no"), hit=d[outcome] == 1)
            t = rates.proportion(
                d, ["value"], "hit", n_name="n_mentees", k_name="n_with_outcome", pct_name="outcome_pct"
            )
            t = t.assign(trait=trait_label, outcome=outcome_label, years=years)
            if outcome in CONFIDENTIAL_OUTCOMES:
                t = rates.suppress(
                    t,
                    "n_mentees",
                    ["n_with_outcome", "outcome_pct", "ci_low_pct", "ci_high_pct"],
                    threshold,
                    partition=["trait", "outcome"],
                    count_col="n_with_outcome",
                )
            else:  # retention is not confidential, but a share of fewer than `threshold` says little: withhold it too
                t = rates.suppress(
                    t, "n_mentees", ["n_with_outcome", "outcome_pct", "ci_low_pct", "ci_high_pct"], threshold
                )
            parts.append(t)
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
