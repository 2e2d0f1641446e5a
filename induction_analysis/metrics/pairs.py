"""The mentoring pairs: one row per new teacher and school year, from the roster.

Every analysis of the program starts here. People are keyed by their pseudonymous ids
(``mentee_key`` = ``mentee_id``; see :mod:`induction_analysis.privacy`). A teacher's **induction year** is the
first school year they appear in the roster; when a district's first roster
already lists a beginning teacher in their second or third year of teaching
(``prior_experience_years`` 1 or 2), the induction year is counted back to their
first year. ``program_year`` is 1 in the induction year, 2 the year after, ...
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.ingest.parsing import grade_band_of

COLUMNS = [
    "school_year",
    "mentee_key",
    "mentee_id",
    "mentor_key",
    "mentor_id",
    "school",
    "subject",
    "grade_band",
    "license",
    "group",
    "prior_experience_years",
    "start_date",
    "mentor_assigned_date",
    "mentor_trained",
    "mentor_school",
    "mentor_subject",
    "mentor_grade_band",
    "has_mentor",
    "induction_year",
    "program_year",
]


def pairs(roster: pd.DataFrame) -> pd.DataFrame:
    """One row per mentee and school year. A mentee with two mentors in a year (two roster rows: a mentor change)
    has the latest-assigned mentor, and the first assignment's date (``mentor_assigned_date``: the days to
    assignment are those to the first mentor); :func:`mentor_spells` has every mentor."""
    if roster.empty:
        return pd.DataFrame(columns=COLUMNS)
    r = roster.copy()
    r["mentee_key"] = r["mentee_id"].astype("str")
    first_assigned = r.groupby(["school_year", "mentee_key"])["mentor_assigned_date"].transform("min")
    r = r.sort_values(
        ["school_year", "mentee_key", "mentor_assigned_date"], na_position="first", kind="stable"
    ).drop_duplicates(["school_year", "mentee_key"], keep="last")
    r["mentor_assigned_date"] = first_assigned.reindex(r.index).fillna(r["mentor_assigned_date"])
    r["has_mentor"] = r["mentor_id"].notna()
    r["mentor_key"] = r["mentor_id"].astype("str")
    r["mentor_grade_band"] = grade_band_of(r["mentor_grade_level"])
    start = r["school_year"].map(schoolyear.start_year)
    first = start.groupby(r["mentee_key"]).transform("min")
    first_row = start == first
    back = (
        r["prior_experience_years"]
        .where(first_row & (r["group"] == "beginning teacher") & r["prior_experience_years"].isin([1, 2]))
        .fillna(0)
    )
    induction_start = (first - back.groupby(r["mentee_key"]).transform("max")).astype("int64")
    r["induction_year"] = induction_start.map(schoolyear.label)
    r["program_year"] = (start - induction_start + 1).astype("int64")
    return r[COLUMNS].sort_values(["school_year", "mentee_key"]).reset_index(drop=True)


SPELL_COLUMNS = [
    "school_year",
    "mentee_key",
    "mentor_key",
    "mentor_id",
    "mentor_assigned_date",
    "mentor_trained",
    "mentor_school",
    "mentor_subject",
    "n_mentors",
]


def mentor_spells(roster: pd.DataFrame) -> pd.DataFrame:
    """One row per mentee, school year and mentor (a mentee whose mentor changed in a year has two), in the order
    they were assigned; ``n_mentors``: the mentee's mentors that year."""
    if roster.empty:
        return pd.DataFrame(columns=SPELL_COLUMNS)
    r = roster[roster["mentor_id"].notna()].copy()
    r["mentee_key"] = r["mentee_id"].astype("str")
    r["mentor_key"] = r["mentor_id"].astype("str")
    r = r.sort_values(
        ["school_year", "mentee_key", "mentor_assigned_date"], na_position="first", kind="stable"
    ).drop_duplicates(["school_year", "mentee_key", "mentor_key"], keep="first")
    r["n_mentors"] = r.groupby(["school_year", "mentee_key"])["mentor_key"].transform("size").astype("int64")
    return r[SPELL_COLUMNS].reset_index(drop=True)


def log_keys(log: pd.DataFrame) -> pd.Series:
    """The mentee key of each contact of the collaborative log."""
    return log["mentee_id"].astype("str")


def school_months(school_year: str) -> list[pd.Period]:
    """September to June of a school year: the months mentoring is expected."""
    y = schoolyear.start_year(school_year)
    return [pd.Period(f"{y}-{m:02d}", "M") for m in range(9, 13)] + [
        pd.Period(f"{y + 1}-{m:02d}", "M") for m in range(1, 7)
    ]


def months_expected(p: pd.DataFrame) -> pd.Series:
    """School months (September-June) from the month mentoring could begin (the later of the start
    date and the assignment date; September when neither is known) to June."""
    begin = p[["start_date", "mentor_assigned_date"]].max(axis=1)
    sept = pd.to_datetime(p["school_year"].map(lambda y: f"{schoolyear.start_year(y)}-09-01"))
    begin = begin.fillna(sept).where(begin.fillna(sept) >= sept, sept)
    june = pd.to_datetime(p["school_year"].map(lambda y: f"{schoolyear.start_year(y) + 1}-06-01"))
    months = (june.dt.year - begin.dt.year) * 12 + (june.dt.month - begin.dt.month) + 1
    return pd.Series(np.clip(months, 0, 10), index=p.index).astype("int64")


MENTOR_COLUMNS = [
    "school_year",
    "mentor_key",
    "mentor_id",
    "mentor_school",
    "mentor_subject",
    "mentor_trained",
    "n_mentees",
]


def mentor_list(
    roster_pairs: pd.DataFrame,
    year: str | None = None,
    spells: pd.DataFrame | None = None,
    by_year: bool = True,
) -> pd.DataFrame:
    """The mentors of the pairs with a mentor: one row per school year and mentor (``by_year`` false: one row per
    mentor over every year given), of ``year`` only when given. With ``spells`` (:func:`mentor_spells`), the earlier
    mentor of a new teacher whose mentor changed in a year is one of that year's mentors too.

    ``mentor_trained``: some roster row of the mentor (that year) marks them trained; empty when none says either
    way. ``n_mentees``: their mentees. School and subject: the mentor's first row. The one list the trained-mentor
    counts are made from (:func:`trained_mentor_count`): the DESE report, the lead mentors' page, the mentor pool."""
    p = roster_pairs[roster_pairs["has_mentor"].astype(bool)] if len(roster_pairs) else roster_pairs
    if year is not None and len(p):
        p = p[p["school_year"] == year]
    if len(p) and spells is not None and not spells.empty:
        earlier = spells[spells["n_mentors"] > 1]
        earlier = earlier[earlier["school_year"].isin(set(p["school_year"]))].merge(
            p[["school_year", "mentee_key", "mentor_key"]],
            how="left",
            indicator=True,
            on=["school_year", "mentee_key", "mentor_key"],
        )
        earlier = earlier[earlier["_merge"] == "left_only"].drop(columns="_merge")
        p = pd.concat([p, earlier[[c for c in earlier.columns if c in p.columns]]], ignore_index=True)
    if p.empty:
        return pd.DataFrame(columns=MENTOR_COLUMNS if by_year else MENTOR_COLUMNS[1:])
    keys = ["school_year", "mentor_key"] if by_year else ["mentor_key"]
    return p.groupby(keys, as_index=False).agg(
        mentor_id=("mentor_id", "first"),
        mentor_school=("mentor_school", "first"),
        mentor_subject=("mentor_subject", "first"),
        mentor_trained=("mentor_trained", "max"),
        n_mentees=("mentee_key", "size"),
    )


def trained(mentors: pd.DataFrame) -> pd.Series:
    """Per mentor of :func:`mentor_list`: marked trained (a mentor no row marks either way counts as not trained)."""
    return mentors["mentor_trained"].astype("boolean").fillna(False).astype(bool)


def trained_mentor_count(mentors: pd.DataFrame) -> int:
    """The trained mentors of :func:`mentor_list`."""
    return int(trained(mentors).sum())
