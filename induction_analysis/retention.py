"""Teacher retention, following the Strategic Data Project's definitions.

For a teacher in school year t:
- **stay**: a teacher in year t+1 at the same school;
- **transfer**: a teacher in year t+1 at another school of the district;
- **leave**: not a teacher in the district in t+1, split into **left_district**
  (not in the HR data in t+1) and **changed_role** (in the district, not teaching).

The last year of the data has no outcome yet. Pure functions over the
canonical ``hr_employment`` table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import schoolyear

OUTCOMES = ["stay", "transfer", "leave"]


def teacher_years(hr: pd.DataFrame) -> pd.DataFrame:
    """One row per teacher and year with next year's status and an outcome (empty in the last year)."""
    staff = hr[["staff_id", "school_year", "school", "is_teacher", "experience_years"]].drop_duplicates(["staff_id", "school_year"])
    teachers = staff[staff["is_teacher"]].copy()
    last_year = staff["school_year"].max()
    nxt = staff.assign(school_year=staff["school_year"].map(lambda y: schoolyear.shift(y, -1)))
    nxt = nxt.rename(columns={"school": "next_school", "is_teacher": "next_is_teacher"})[["staff_id", "school_year", "next_school", "next_is_teacher"]]
    out = teachers.merge(nxt, on=["staff_id", "school_year"], how="left")
    in_district = out["next_is_teacher"].notna()
    teaching = out["next_is_teacher"].fillna(False).astype(bool)
    outcome = np.select(
        [teaching & (out["next_school"] == out["school"]), teaching, in_district],
        ["stay", "transfer", "leave"],
        default="leave",
    )
    detail = np.select([teaching, in_district], ["", "changed_role"], default="left_district")
    has_outcome = out["school_year"] != last_year
    out["outcome"] = pd.Series(outcome, index=out.index, dtype="str").where(has_outcome)
    out["leave_detail"] = pd.Series(detail, index=out.index, dtype="str").where(has_outcome & (out["outcome"] == "leave"))
    return out.drop(columns=["next_is_teacher"]).sort_values(["school_year", "staff_id"]).reset_index(drop=True)


def annual(hr: pd.DataFrame) -> pd.DataFrame:
    """``retention_annual.csv``: per school year with a following year, counts and shares of
    stay, transfer and leave (leave split into left_district and changed_role)."""
    ty = teacher_years(hr)
    ty = ty[ty["outcome"].notna()]
    columns = ["school_year", "n_teachers", "stay", "transfer", "leave", "left_district", "changed_role",
               "stay_pct", "transfer_pct", "leave_pct"]
    if ty.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(ty["school_year"], ty["outcome"]).reindex(columns=OUTCOMES, fill_value=0)
    details = pd.crosstab(ty["school_year"], ty["leave_detail"]).reindex(columns=["left_district", "changed_role"], fill_value=0)
    out = counts.join(details).fillna(0).astype("int64")
    out.insert(0, "n_teachers", counts.sum(axis=1))
    for o in OUTCOMES:
        out[f"{o}_pct"] = (100 * out[o] / out["n_teachers"]).round(1)
    return out.reset_index()[columns]


def cohorts(hr: pd.DataFrame) -> pd.DataFrame:
    """``retention_cohort.csv``: beginning cohorts (teachers with experience 1) followed year by year.

    ``still_teaching_pct``: share of the cohort that was a teacher in the district in every
    year since the start; ``same_school_pct``: share of the cohort still teaching and at the
    starting school in that year. Both divide by the cohort's starting size; years not yet
    observed have no row (recent cohorts are right-censored).
    """
    staff = hr[["staff_id", "school_year", "school", "is_teacher", "experience_years"]].drop_duplicates(["staff_id", "school_year"])
    start = staff[staff["is_teacher"] & (staff["experience_years"] == 1)][["staff_id", "school_year", "school"]]
    start = start.rename(columns={"school_year": "cohort", "school": "start_school"})
    columns = ["cohort", "years_since_start", "n_cohort", "still_teaching", "same_school", "still_teaching_pct", "same_school_pct"]
    if start.empty:
        return pd.DataFrame(columns=columns)
    last = schoolyear.start_year(staff["school_year"].max())
    teaching = staff[staff["is_teacher"]].set_index(["staff_id", "school_year"])["school"]
    rows = []
    for cohort, members in start.groupby("cohort"):
        n = len(members)
        alive = pd.Series(True, index=members["staff_id"].to_numpy())
        for k in range(0, last - schoolyear.start_year(cohort) + 1):
            year = schoolyear.shift(cohort, k)
            keys = pd.MultiIndex.from_arrays([members["staff_id"], [year] * n])
            school_now = teaching.reindex(keys).to_numpy()
            alive &= pd.notna(school_now)
            same = alive & (school_now == members["start_school"].to_numpy())
            rows.append([cohort, k, n, int(alive.sum()), int(same.sum()),
                         round(100 * alive.sum() / n, 1), round(100 * same.sum() / n, 1)])
    return pd.DataFrame(rows, columns=columns)
