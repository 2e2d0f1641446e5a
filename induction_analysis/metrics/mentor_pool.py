"""The mentor database: everyone who applied to mentor or has mentored, with what matching needs.

One row per mentor (pseudonymous id) as of a school year (the year whose spring applications
build next year's pool):

- **school, subject, grade band, experience**: from their latest application, else from the
  roster (the mentor columns) and HR;
- **training**: orientation completed (the application says so, or the roster ever marked them a
  trained mentor); the last refresher year; ``training_due`` for mentors available next year:
  ``orientation`` when untrained, ``refresher`` when the last refresher is ``refresher_every_years``
  or more years old (or was never taken);
- **mentees**: this year's (``current_mentees``) and earlier years' (``past_mentees``, distinct);
- **capacity**: what the application offers, at most ``[matching] max_mentees``;
- **status**: ``active`` (mentoring this year), ``trained`` (trained, applied, no mentee this
  year), ``accepted`` (accepted, training still to do), ``applied`` (not decided yet),
  ``not accepted``, ``resting`` (mentored before, did not apply this spring, still teaching here),
  ``left`` (no longer in the district's HR data);
- **leaving**: HR records an exit date this year;
- **available_next_year**: applied this spring, not refused, not leaving.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.metrics import pairs

COLUMNS = [
    "school_year",
    "mentor_id",
    "school",
    "subject",
    "grade_band",
    "experience_years",
    "orientation_completed",
    "refresher_year",
    "training_due",
    "current_mentees",
    "past_mentees",
    "capacity",
    "status",
    "leaving",
    "available_next_year",
    "schedule",
    "groups_preferred",
]


def pool(
    applications: pd.DataFrame,
    roster_pairs: pd.DataFrame,
    hr: pd.DataFrame,
    year: str,
    max_mentees: int = 2,
    refresher_every_years: int = 3,
) -> pd.DataFrame:
    """``mentor_pool.csv``: the mentor database as of ``year`` (see the module's text)."""
    # every branch below works on empty tables too: canonical tables keep their columns when empty
    until = schoolyear.start_year(year)
    apps = applications.loc[(applications["school_year"].map(schoolyear.start_year) <= until).astype(bool)]
    latest = (
        apps.sort_values(["school_year", "submitted_at"], na_position="first")
        .drop_duplicates("applicant_id", keep="last")
        .set_index("applicant_id")
    )
    rp = roster_pairs.loc[
        (
            roster_pairs["has_mentor"].astype(bool) & (roster_pairs["school_year"].map(schoolyear.start_year) <= until)
        ).astype(bool)
    ]
    ids = sorted(set(latest.index) | set(rp["mentor_key"].dropna()))
    if not ids:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame(index=pd.Index(ids, name="mentor_id"))
    app = latest.reindex(out.index)
    # the latest value each roster column gives (a later row with the cell blank does not erase it)
    roster = (
        rp.sort_values("school_year")
        .groupby("mentor_key")[["mentor_school", "mentor_subject", "mentor_grade_band"]]
        .agg({"mentor_school": "last", "mentor_subject": "last", "mentor_grade_band": "last"})
        .reindex(out.index)
    )
    # trained in some year: counted as the DESE report and the lead mentors' page count the year's trained mentors
    ever = pairs.mentor_list(rp, by_year=False)
    roster_trained = pd.Series(pairs.trained(ever).to_numpy(), index=ever["mentor_key"]).reindex(out.index)
    for col in ("school", "subject", "grade_band"):  # the application first, else the roster
        out[col] = app[col].astype("object").where(app[col].notna(), roster[f"mentor_{col}"].astype("object"))
    h = hr[hr["school_year"] == year].drop_duplicates("staff_id").set_index("staff_id")
    out["leaving"] = h["exit_date"].reindex(out.index).notna().to_numpy()
    gone = (
        ~out.index.isin(h.index) if len(h) else np.zeros(len(out), dtype=bool)
    )  # no HR at all: nobody known to have left
    exp = app["experience_years"].astype("Float64").fillna(h["experience_years"].reindex(out.index).astype("Float64"))
    out["experience_years"] = exp.round().astype("Int64")
    out["orientation_completed"] = (
        app["orientation_completed"].astype("boolean").fillna(False) | roster_trained.astype("boolean").fillna(False)
    ).astype("bool")
    refresher = app["refresher_year"]
    out["refresher_year"] = refresher
    age = schoolyear.start_year(year) - refresher.map(schoolyear.start_year, na_action="ignore")
    refresher_old = (age.isna() | (age >= refresher_every_years)).to_numpy()
    this_year = (rp["school_year"] == year).astype(bool)
    out["current_mentees"] = rp.loc[this_year].groupby("mentor_key").size().reindex(out.index).fillna(0).astype("int64")
    out["past_mentees"] = (
        rp.loc[~this_year].groupby("mentor_key")["mentee_key"].nunique().reindex(out.index).fillna(0).astype("int64")
    )
    out["capacity"] = (
        app["max_mentees"].astype("Float64").fillna(max_mentees).clip(upper=max_mentees).round().astype("int64")
    )
    applied_now = app["school_year"].eq(year).fillna(False).astype(bool)
    accepted = app["accepted"].astype("boolean")
    status = np.select(
        [
            out["current_mentees"] > 0,
            applied_now & accepted.eq(False).fillna(False),
            applied_now & out["orientation_completed"],
            applied_now & accepted.fillna(False),
            applied_now,
            gone,
        ],
        ["active", "not accepted", "trained", "accepted", "applied", "left"],
        default="resting",
    )
    out["status"] = status
    out["available_next_year"] = (applied_now & ~accepted.eq(False).fillna(False) & ~out["leaving"] & ~gone).astype(
        "bool"
    )
    out["training_due"] = np.select(
        [out["available_next_year"] & ~out["orientation_completed"], out["available_next_year"] & refresher_old],
        ["orientation", "refresher"],
        default="",
    )
    out["schedule"] = app["schedule"]
    out["groups_preferred"] = app["groups_preferred"]
    out["school_year"] = year
    return (
        out.reset_index()[COLUMNS]
        .sort_values(["school", "subject", "mentor_id"], na_position="last")
        .reset_index(drop=True)
    )


def coverage(pool_table: pd.DataFrame, hires: pd.DataFrame) -> pd.DataFrame:
    """``mentor_pool_coverage.csv``: per subject, grade band and school, next year's new hires against
    the mentors available next year (by head and by capacity)."""
    rows = []
    available = pool_table.loc[pool_table["available_next_year"].astype(bool)]
    for dimension in ("subject", "grade_band", "school"):
        need = hires.groupby(dimension).size() if len(hires) else pd.Series(dtype="int64")
        have = available.groupby(dimension).size()
        cap = available.groupby(dimension)["capacity"].sum()
        for value in sorted(set(need.index) | set(have.index), key=str):
            n_need, n_cap = int(need.get(value, 0)), int(cap.get(value, 0))
            rows.append(
                {
                    "dimension": dimension.replace("_", " "),
                    "value": value,
                    "new_hires": n_need,
                    "mentors_available": int(have.get(value, 0)),
                    "capacity": n_cap,
                    "short_by": max(0, n_need - n_cap),
                }
            )
    return pd.DataFrame(rows, columns=["dimension", "value", "new_hires", "mentors_available", "capacity", "short_by"])
