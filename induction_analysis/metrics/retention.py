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
from induction_analysis.metrics import rates

OUTCOMES = ["stay", "transfer", "leave"]


def teacher_years(hr: pd.DataFrame) -> pd.DataFrame:
    """One row per teacher and year with next year's status and an outcome (empty in the last year)."""
    staff = hr[["staff_id", "school_year", "school", "is_teacher", "experience_years"]].drop_duplicates(
        ["staff_id", "school_year"]
    )
    teachers = staff[staff["is_teacher"]].copy()
    last_year = staff["school_year"].max()
    nxt = staff.assign(
        school_year=staff["school_year"].map({y: schoolyear.shift(y, -1) for y in staff["school_year"].unique()})
    )
    nxt = nxt.rename(columns={"school": "next_school", "is_teacher": "next_is_teacher"})[
        ["staff_id", "school_year", "next_school", "next_is_teacher"]
    ]
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
    out["leave_detail"] = pd.Series(detail, index=out.index, dtype="str").where(
        has_outcome & (out["outcome"] == "leave")
    )
    return out.drop(columns=["next_is_teacher"]).sort_values(["school_year", "staff_id"]).reset_index(drop=True)


def annual(hr: pd.DataFrame) -> pd.DataFrame:
    """``retention_annual.csv``: per school year with a following year, counts and shares of
    stay, transfer and leave (leave split into left_district and changed_role)."""
    ty = teacher_years(hr)
    ty = ty[ty["outcome"].notna()]
    columns = [
        "school_year",
        "n_teachers",
        "stay",
        "transfer",
        "leave",
        "left_district",
        "changed_role",
        "stay_pct",
        "transfer_pct",
        "leave_pct",
    ]
    if ty.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(ty["school_year"], ty["outcome"]).reindex(columns=OUTCOMES, fill_value=0)
    details = pd.crosstab(ty["school_year"], ty["leave_detail"]).reindex(
        columns=["left_district", "changed_role"], fill_value=0
    )
    out = counts.join(details).fillna(0).astype("int64")
    out.insert(0, "n_teachers", counts.sum(axis=1))
    for o in OUTCOMES:
        out[f"{o}_pct"] = (100 * out[o] / out["n_teachers"]).round(1)
    return out.reset_index()[columns]


def average(hr: pd.DataFrame) -> pd.DataFrame:
    """``retention_annual_average.csv``: the SDP's average annual retention, pooled over every
    teacher-year with a following year (one row): teacher-years, unique teachers, counts and shares."""
    ty = teacher_years(hr)
    ty = ty[ty["outcome"].notna()]
    columns = [
        "first_year",
        "last_year",
        "n_teacher_years",
        "n_unique_teachers",
        "stay",
        "transfer",
        "leave",
        "left_district",
        "changed_role",
        "stay_pct",
        "transfer_pct",
        "leave_pct",
        "left_district_pct",
        "changed_role_pct",
    ]
    if ty.empty:
        return pd.DataFrame(columns=columns)
    row = {
        "first_year": ty["school_year"].min(),
        "last_year": ty["school_year"].max(),
        "n_teacher_years": len(ty),
        "n_unique_teachers": ty["staff_id"].nunique(),
    }
    for o in OUTCOMES:
        row[o] = int((ty["outcome"] == o).sum())
    for d in ("left_district", "changed_role"):
        row[d] = int((ty["leave_detail"] == d).sum())
    for o in [*OUTCOMES, "left_district", "changed_role"]:
        row[f"{o}_pct"] = round(100 * row[o] / len(ty), 1)
    return pd.DataFrame([row], columns=columns)


def cohorts(hr: pd.DataFrame, mentored: pd.DataFrame | None = None) -> pd.DataFrame:
    """``retention_cohort.csv``: beginning cohorts (teachers with experience 1) followed year by year.

    ``still_teaching_pct``: share of the cohort that was a teacher in the district in every
    year since the start; ``same_school_pct``: share of the cohort still teaching and at the
    starting school in that year. Both divide by the cohort's starting size; years not yet
    observed have no row (recent cohorts are right-censored).

    ``mentored`` (staff_id, school_year, has_mentor: the roster of the cohort year) splits each
    cohort into ``mentored`` and ``not mentored`` beside ``all``; a cohort year the roster does
    not cover has ``all`` only.
    """
    staff = hr[["staff_id", "school_year", "school", "is_teacher", "experience_years"]].drop_duplicates(
        ["staff_id", "school_year"]
    )
    start = staff[staff["is_teacher"] & (staff["experience_years"] == 1)][["staff_id", "school_year", "school"]]
    start = start.rename(columns={"school_year": "cohort", "school": "start_school"})
    columns = [
        "cohort",
        "group",
        "years_since_start",
        "n_cohort",
        "still_teaching",
        "same_school",
        "still_teaching_pct",
        "same_school_pct",
        "ci_low_pct",
        "ci_high_pct",
    ]
    if start.empty:
        return pd.DataFrame(columns=columns)
    start["group"] = "all"
    groups = [start]
    if mentored is not None and not mentored.empty:
        m = mentored.groupby(["staff_id", "school_year"])["has_mentor"].any()
        covered = start[start["cohort"].isin(set(mentored["school_year"]))]
        flag = (
            m.reindex(pd.MultiIndex.from_frame(covered[["staff_id", "cohort"]])).fillna(False).astype(bool).to_numpy()
        )
        groups.append(covered.assign(group=np.where(flag, "mentored", "not mentored")))
    start = pd.concat(groups, ignore_index=True)
    last = schoolyear.start_year(staff["school_year"].max())
    # each teacher's school, year by year (missing: not a teacher in the district that year)
    teaching = staff[staff["is_teacher"]].pivot(index="staff_id", columns="school_year", values="school")
    rows = []
    for (cohort, group), members in start.groupby(["cohort", "group"]):
        n = len(members)
        alive = pd.Series(True, index=members["staff_id"].to_numpy())
        years = teaching.reindex(members["staff_id"])
        for k in range(0, last - schoolyear.start_year(cohort) + 1):
            year = schoolyear.shift(cohort, k)
            school_now = years[year].to_numpy() if year in years else np.full(n, np.nan, dtype="object")
            alive &= pd.notna(school_now)
            same = alive & (school_now == members["start_school"].to_numpy())
            rows.append(
                [
                    cohort,
                    group,
                    k,
                    n,
                    int(alive.sum()),
                    int(same.sum()),
                    round(100 * alive.sum() / n, 1),
                    round(100 * same.sum() / n, 1),
                ]
            )
    out = pd.DataFrame(rows, columns=columns[:-2])
    out["ci_low_pct"], out["ci_high_pct"] = rates.wilson_pct(out["still_teaching"], out["n_cohort"])
    order = {"all": 0, "mentored": 1, "not mentored": 2}
    out = out.sort_values(
        ["cohort", "group", "years_since_start"], key=lambda s: s.map(order) if s.name == "group" else s
    )
    return out.reset_index(drop=True)


def benchmark_summary(cohort_table: pd.DataFrame, benchmarks: dict, horizons: tuple[int, ...] = (1, 2)) -> pd.DataFrame:
    """``retention_summary.csv``: share of beginning teachers still teaching 1 and 2 years after their
    first year, pooled over the cohorts observed that long (recent cohorts are right-censored and
    left out, and named), per group, beside the NCES benchmark for the same group."""
    columns = [
        "group",
        "years_since_start",
        "cohorts_included",
        "cohorts_not_yet_observed",
        "n_cohort",
        "still_teaching",
        "still_teaching_pct",
        "ci_low_pct",
        "ci_high_pct",
        "benchmark_pct",
        "benchmark_source",
    ]
    if cohort_table.empty:
        return pd.DataFrame(columns=columns)
    bench_key = {
        "all": "still_teaching_pct",
        "mentored": "still_teaching_with_mentor_pct",
        "not mentored": "still_teaching_without_mentor_pct",
    }
    rows = []
    for group in ["all", "mentored", "not mentored"]:
        g = cohort_table[cohort_table["group"] == group]
        if g.empty:
            continue
        for k in horizons:
            at = g[g["years_since_start"] == k]
            censored = sorted(set(g["cohort"]) - set(at["cohort"]))
            n, kept = int(at["n_cohort"].sum()), int(at["still_teaching"].sum())
            bench = benchmarks.get(bench_key[group], {}).get(str(k))
            rows.append(
                [
                    group,
                    k,
                    ", ".join(sorted(at["cohort"])),
                    ", ".join(censored),
                    n,
                    kept,
                    round(100 * kept / n, 1) if n else np.nan,
                    *[v[0] for v in rates.wilson_pct([kept], [n])],
                    bench,
                    benchmarks.get("source", ""),
                ]
            )
    return pd.DataFrame(rows, columns=columns)
