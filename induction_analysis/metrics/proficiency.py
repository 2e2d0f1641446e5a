"""Proficiency of new teachers: the share rated Proficient or Exemplary.

A **new teacher** is a teacher of the roster in their first ``years`` (default 3) school years
from their induction year. Breakdowns per school year: all new teachers, by cohort (induction
year), by years of teaching experience (HR, else the roster's prior experience plus the
program year), by school, by standard (the per-standard ratings), and, as a reference, all
other teachers rated that year. Each rate carries its n and a Wilson 95% interval; rates of
groups under the suppression threshold are withheld (with complementary suppression inside
each breakdown) because evaluation ratings are confidential.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.metrics import rates

COLUMNS = [
    "school_year",
    "breakdown",
    "group",
    "rating_of",
    "n_teachers",
    "proficient_or_better",
    "proficient_pct",
    "ci_low_pct",
    "ci_high_pct",
    "suppressed",
]
PROFICIENT = ["Proficient", "Exemplary"]


def new_teacher_ratings(
    evaluation: pd.DataFrame, roster_pairs: pd.DataFrame, hr: pd.DataFrame | None = None, years: int = 3
) -> pd.DataFrame:
    """Evaluation rows of new teachers with cohort, program year, experience and school."""
    columns = [
        "staff_id",
        "school_year",
        "rating_of",
        "rating",
        "proficient",
        "cohort",
        "program_year",
        "experience_years",
        "school",
    ]
    p = roster_pairs[roster_pairs["mentee_id"].notna()] if not roster_pairs.empty else roster_pairs
    if evaluation.empty or p.empty:
        return pd.DataFrame(columns=columns)
    first = p.groupby("mentee_id").agg(
        cohort=("induction_year", "first"), prior=("prior_experience_years", "first"), last_school=("school", "last")
    )
    e = evaluation.merge(first, left_on="staff_id", right_index=True)
    if e.empty:  # no rating of a roster teacher (ingest says how many ids match no one)
        return pd.DataFrame(columns=columns)
    e["program_year"] = e["school_year"].map(schoolyear.start_year) - e["cohort"].map(schoolyear.start_year) + 1
    e = e[(e["program_year"] >= 1) & (e["program_year"] <= years)].copy()
    year_school = p.set_index(["mentee_id", "school_year"])["school"]
    e["school"] = year_school.reindex(pd.MultiIndex.from_frame(e[["staff_id", "school_year"]])).to_numpy()
    e["experience_years"] = (e["prior"] + e["program_year"]).astype("Int64")
    if hr is not None and not hr.empty:
        h = hr.drop_duplicates(["staff_id", "school_year"]).set_index(["staff_id", "school_year"])
        keys = pd.MultiIndex.from_frame(e[["staff_id", "school_year"]])
        e["school"] = pd.Series(h["school"].reindex(keys).to_numpy(), index=e.index).fillna(e["school"])
        e["experience_years"] = pd.Series(
            h["experience_years"].reindex(keys).to_numpy(), index=e.index, dtype="Int64"
        ).fillna(e["experience_years"])
    e["school"] = e["school"].fillna(e["last_school"])
    e["proficient"] = e["rating"].isin(PROFICIENT)
    return e[columns].reset_index(drop=True)


def experience_band(years: pd.Series) -> pd.Series:
    """Years of teaching as reported: 1, 2, 3 years; 4 or more (experienced teachers new to the district)."""
    y = years.astype("Float64")
    return pd.Series(
        np.select(
            [y.isna().to_numpy(dtype=bool), (y >= 4).fillna(False).to_numpy(dtype=bool)],
            ["experience unknown", "4+ years"],
            default=y.astype("str").str.removesuffix(".0") + " year",
        ),
        index=years.index,
        dtype="str",
    ).replace({"1 year": "1 year", "2 year": "2 years", "3 year": "3 years"})


def proficiency(
    evaluation: pd.DataFrame,
    roster_pairs: pd.DataFrame,
    hr: pd.DataFrame | None = None,
    threshold: int = 6,
    years: int = 3,
) -> pd.DataFrame:
    """``proficiency.csv``: one row per school year, breakdown, group and rating (summative or standard)."""
    new = new_teacher_ratings(evaluation, roster_pairs, hr, years)
    if new.empty:
        return pd.DataFrame(columns=COLUMNS)
    summative = new[new["rating_of"] == "summative"]
    parts = [
        new.assign(breakdown="all new teachers", group="all new teachers"),
        summative.assign(breakdown="cohort", group=summative["cohort"]),
        summative.assign(breakdown="experience", group=experience_band(summative["experience_years"])),
        summative.assign(breakdown="school", group=summative["school"].fillna("school unknown")),
    ]
    new_ids = new[["staff_id", "school_year"]].drop_duplicates()
    others = evaluation[evaluation["rating_of"] == "summative"].merge(new_ids, how="left", indicator=True)
    others = others[(others["_merge"] == "left_only") & others["school_year"].isin(new["school_year"].unique())]
    parts.append(
        others.assign(
            breakdown="other teachers (reference)",
            group="all other teachers",
            proficient=others["rating"].isin(PROFICIENT),
        )
    )
    long = pd.concat(
        [x[["school_year", "breakdown", "group", "rating_of", "proficient"]] for x in parts], ignore_index=True
    )
    out = rates.proportion(
        long,
        ["school_year", "breakdown", "group", "rating_of"],
        "proficient",
        n_name="n_teachers",
        k_name="proficient_or_better",
        pct_name="proficient_pct",
    )
    out = rates.suppress(
        out,
        "n_teachers",
        ["proficient_or_better", "proficient_pct", "ci_low_pct", "ci_high_pct"],
        threshold,
        partition=["school_year", "breakdown", "rating_of"],
        count_col="proficient_or_better",
    )
    order = {"all new teachers": 0, "cohort": 1, "experience": 2, "school": 3, "other teachers (reference)": 4}
    out = out.sort_values(
        ["school_year", "breakdown", "rating_of", "group"], key=lambda s: s.map(order) if s.name == "breakdown" else s
    )
    return out[COLUMNS].reset_index(drop=True)
