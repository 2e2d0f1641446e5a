"""Mentoring time: hours, contacts and meetings against the expected cadence, observations
against the expected counts, days to mentor assignment, and the 50 hours beyond the
induction year that an Initial-license teacher needs for the Professional license.

Definitions (the data dictionary, docs/data-dictionary.md, repeats them):
- **meetings** are contacts logged as a meeting or co-planning; **observations of the mentee**
  (mentor observes) and **by the mentee** (mentee observes) are counted apart;
- the expected meetings are ``meetings_per_month`` times the school months (September-June)
  from the later of the start date and the assignment date;
- **days to assignment** = mentor assigned date - start date (negative: assigned before the
  first day); within the regulation's two weeks when 14 days or fewer (induction year only);
- **hours beyond the induction year** add up every logged hour after the induction year,
  across years. A teacher has **completed** at 50; otherwise, with the years allowed
  (``fifty_hours_within_years`` after the induction year, default 2), their pace so far
  (hours per year beyond the induction year) projects whether they are **on track** or **behind**;
  a teacher in their induction year has **not started**.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis.metrics import pairs as pairs_mod
from induction_analysis.metrics.rates import pct

MEETING_ACTIVITIES = ["meeting", "co_planning"]

COLUMNS = [
    "school_year",
    "mentee_key",
    "mentee_id",
    "mentor_id",
    "school",
    "program_year",
    "has_mentor",
    "license",
    "group",
    "induction_year",
    "contacts",
    "hours",
    "meetings",
    "months_expected",
    "meetings_expected",
    "meetings_pct_of_expected",
    "observations_of_mentee",
    "observations_of_mentee_expected",
    "observations_by_mentee",
    "observations_by_mentee_expected",
    "observations_complete",
    "months_with_contact",
    "days_to_assignment",
    "assigned_within_two_weeks",
    "hours_beyond_induction_cumulative",
    "years_beyond_induction",
    "fifty_hours_projected",
    "fifty_hours_status",
]


def _per_contact(log: pd.DataFrame) -> pd.DataFrame:
    c = log[["school_year", "date", "minutes", "activity", "contact_id"]].copy()
    c["mentee_key"] = pairs_mod.log_keys(log)
    c["hours"] = c["minutes"] / 60
    c["meeting"] = c["activity"].isin(MEETING_ACTIVITIES)
    c["obs_of"] = c["activity"] == "observation_of_mentee"
    c["obs_by"] = c["activity"] == "observation_by_mentee"
    c["month"] = c["date"].dt.to_period("M")
    return c


def mentoring_hours(log: pd.DataFrame, roster_pairs: pd.DataFrame, expectations: dict) -> pd.DataFrame:
    """``mentoring_hours.csv``: one row per mentee (in the roster) and school year."""
    p = roster_pairs.copy()
    if p.empty:
        return pd.DataFrame(columns=COLUMNS)
    c = _per_contact(log)
    per_year = c.groupby(["school_year", "mentee_key"]).agg(
        contacts=("contact_id", "size"),
        hours=("hours", "sum"),
        meetings=("meeting", "sum"),
        observations_of_mentee=("obs_of", "sum"),
        observations_by_mentee=("obs_by", "sum"),
        months_with_contact=("month", "nunique"),
    )
    p = p.merge(per_year, left_on=["school_year", "mentee_key"], right_index=True, how="left")
    for col in ("contacts", "meetings", "observations_of_mentee", "observations_by_mentee", "months_with_contact"):
        p[col] = p[col].fillna(0).astype("int64")
    p["hours"] = p["hours"].fillna(0.0).round(2)
    p["months_expected"] = pairs_mod.months_expected(p).where(p["has_mentor"], 0)
    p["meetings_expected"] = p["months_expected"] * float(expectations["meetings_per_month"])
    p["meetings_pct_of_expected"] = pct(p["meetings"], p["meetings_expected"])
    p["observations_of_mentee_expected"] = int(expectations["observations_of_mentee"])
    p["observations_by_mentee_expected"] = int(expectations["observations_by_mentee"])
    p["observations_complete"] = (p["observations_of_mentee"] >= p["observations_of_mentee_expected"]) & (
        p["observations_by_mentee"] >= p["observations_by_mentee_expected"]
    )
    days = (p["mentor_assigned_date"] - p["start_date"]).dt.days
    first = p["program_year"] == 1
    p["days_to_assignment"] = days.where(first).astype("Int64")
    within = (days <= int(expectations["mentor_assigned_within_days"])) & p["has_mentor"]
    # no mentor at all is not "within two weeks"; an unknown date stays unknown
    p["assigned_within_two_weeks"] = within.astype("boolean").where(first & (days.notna() | ~p["has_mentor"]))
    p = p.join(
        fifty_hours(p, int(expectations["hours_beyond_induction_year"]), int(expectations["fifty_hours_within_years"]))
    )
    return p[COLUMNS].reset_index(drop=True)


def by_mentor(log: pd.DataFrame, spells: pd.DataFrame) -> pd.DataFrame:
    """Contacts and hours per mentee, school year and mentor, for the mentees whose mentor changed that year (two
    or more :func:`induction_analysis.metrics.pairs.mentor_spells`): a contact goes to the mentor the log names when
    that is one of the mentee's mentors, else to the mentor assigned by the contact's date (the first one before any
    assignment date)."""
    columns = ["school_year", "mentee_key", "mentor_key", "contacts", "hours"]
    changed = spells[spells["n_mentors"] > 1] if not spells.empty else spells
    if changed.empty or log.empty:
        return pd.DataFrame(columns=columns)
    c = log[["school_year", "date", "minutes", "mentor_id", "contact_id"]].assign(mentee_key=pairs_mod.log_keys(log))
    c = c.merge(changed[["school_year", "mentee_key"]].drop_duplicates(), on=["school_year", "mentee_key"])
    if c.empty:
        return pd.DataFrame(columns=columns)
    c = c.reset_index(drop=True)
    named = c.merge(
        changed[["school_year", "mentee_key", "mentor_key"]],
        left_on=["school_year", "mentee_key", "mentor_id"],
        right_on=["school_year", "mentee_key", "mentor_key"],
        how="left",
    )["mentor_key"]
    # by date: the last mentor assigned on or before the contact, else the first
    s = changed.sort_values("mentor_assigned_date", na_position="first", kind="stable")
    by_date = pd.Series(np.nan, index=c.index, dtype="object")
    for (year, mentee), mine in s.groupby(["school_year", "mentee_key"], sort=False):
        rows = c.index[(c["school_year"] == year) & (c["mentee_key"] == mentee)]
        assigned = mine["mentor_assigned_date"].to_numpy()
        keys = mine["mentor_key"].to_numpy()
        for i in rows:
            before = [k for k, d in zip(keys, assigned) if pd.notna(d) and d <= c.at[i, "date"]]
            by_date[i] = before[-1] if before else keys[0]
    c["mentor_key"] = named.fillna(by_date)
    out = c.groupby(["school_year", "mentee_key", "mentor_key"], as_index=False).agg(
        contacts=("contact_id", "size"), hours=("minutes", "sum")
    )
    out["hours"] = (out["hours"] / 60).round(2)
    return out[columns]


def fifty_hours(p: pd.DataFrame, required: float = 50, within_years: int = 2) -> pd.DataFrame:
    """Cumulative hours beyond the induction year and the status toward the 50, per row of ``p``
    (which has school_year, mentee_key, program_year, license and hours; rows of one teacher
    across years). Only Initial-license teachers have a status."""
    order = p.sort_values(["mentee_key", "school_year"])
    beyond = order["hours"].where(order["program_year"] > 1, 0.0)
    cumulative = beyond.groupby(order["mentee_key"]).cumsum().round(2)
    years = (order["program_year"] - 1).clip(lower=0)
    pace = cumulative / years.where(years > 0)
    remaining = (within_years - years).clip(lower=0)
    projected = (cumulative + pace.fillna(0) * remaining).round(1)
    initial = order["license"] == "Initial"
    status = np.select(
        [~initial, order["program_year"] <= 1, cumulative >= required, projected >= required],
        ["", "not started", "completed", "on track"],
        default="behind",
    )
    out = pd.DataFrame(
        {
            "hours_beyond_induction_cumulative": cumulative,
            "years_beyond_induction": years.astype("int64"),
            "fifty_hours_projected": projected.where(initial & (order["program_year"] > 1)),
            "fifty_hours_status": pd.Series(status, index=order.index, dtype="str").replace("", np.nan),
        }
    )
    return out.reindex(p.index)


def monthly(log: pd.DataFrame, roster_pairs: pd.DataFrame, meetings_per_month: float) -> pd.DataFrame:
    """``mentoring_monthly.csv``: per pair and school month (September-June), contacts, meetings,
    hours and observations, with the expected meetings of the month (0 before mentoring began)."""
    columns = [
        "school_year",
        "mentee_key",
        "mentee_id",
        "mentor_id",
        "school",
        "month",
        "contacts",
        "meetings",
        "hours",
        "observations",
        "meetings_expected",
    ]
    p = roster_pairs[roster_pairs["has_mentor"]] if not roster_pairs.empty else roster_pairs
    if p.empty:
        return pd.DataFrame(columns=columns)
    months = pd.DataFrame(
        [(y, m) for y in p["school_year"].unique() for m in pairs_mod.school_months(y)],
        columns=["school_year", "month"],
    )
    grid = p[
        ["school_year", "mentee_key", "mentee_id", "mentor_id", "school", "start_date", "mentor_assigned_date"]
    ].merge(months, on="school_year")
    if not log.empty:
        c = _per_contact(log)
        c["obs"] = c["obs_of"] | c["obs_by"]
        agg = c.groupby(["school_year", "mentee_key", "month"]).agg(
            contacts=("contact_id", "size"),
            meetings=("meeting", "sum"),
            hours=("hours", "sum"),
            observations=("obs", "sum"),
        )
        grid = grid.merge(agg, left_on=["school_year", "mentee_key", "month"], right_index=True, how="left")
    for col in ("contacts", "meetings", "observations"):
        grid[col] = grid[col].fillna(0).astype("int64") if col in grid else 0
    grid["hours"] = grid["hours"].fillna(0.0).round(2) if "hours" in grid else 0.0
    begin = grid[["start_date", "mentor_assigned_date"]].max(axis=1)
    began = begin.isna() | (begin.dt.to_period("M") <= grid["month"])
    grid["meetings_expected"] = np.where(began, float(meetings_per_month), 0.0)
    grid["month"] = grid["month"].astype("str")
    return grid[columns].sort_values(["school_year", "mentee_key", "month"]).reset_index(drop=True)
