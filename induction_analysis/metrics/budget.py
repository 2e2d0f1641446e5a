"""Program costs by year, category and funding source; cost per new and per retained teacher.

- **new teachers**: teachers in their induction year in the roster that year;
- **retained teachers**: those new teachers who are teachers in the district the next
  school year (HR); unknown, and no cost per retained teacher, when HR has no next year;
- **logged hours at the contract rate**: pair hours logged in the collaborative logs times
  the configured hourly rate, for one paid person (double it when both mentor and new
  teacher are paid for the hour): what the logs would cost if every hour were paid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.metrics import rates


def budget(costs: pd.DataFrame, hourly_rate: float) -> pd.DataFrame:
    """``budget.csv``: per school year, category and funding source: amount, hours, days, lines, and for
    contract hours the amount the hours come to at the configured rate."""
    columns = [
        "school_year",
        "category",
        "funding_source",
        "amount_usd",
        "hours",
        "days",
        "n_lines",
        "hours_at_rate_usd",
    ]
    if costs.empty:
        return pd.DataFrame(columns=columns)
    c = costs.assign(funding_source=costs["funding_source"].fillna("not stated"))
    out = c.groupby(["school_year", "category", "funding_source"], as_index=False).agg(
        amount_usd=("amount_usd", "sum"), hours=("hours", "sum"), days=("days", "sum"), n_lines=("amount_usd", "size")
    )
    out["hours_at_rate_usd"] = (out["hours"] * hourly_rate).where(out["category"] == "contract_hours").round(2)
    out["amount_usd"] = out["amount_usd"].round(2)
    return out[columns]


def summary(
    costs: pd.DataFrame, roster_pairs: pd.DataFrame, hr: pd.DataFrame, log: pd.DataFrame, hourly_rate: float
) -> pd.DataFrame:
    """``budget_summary.csv``: per school year, total and by funding source, new and retained
    teachers, cost per new and per retained teacher, logged hours, and the change from the year before."""
    columns = [
        "school_year",
        "total_usd",
        "district_usd",
        "title_ii_a_usd",
        "other_funding_usd",
        "new_teachers",
        "retained_teachers",
        "cost_per_new_teacher_usd",
        "cost_per_retained_teacher_usd",
        "logged_hours",
        "logged_hours_at_rate_usd",
        "total_change_pct",
    ]
    years = sorted(set(costs["school_year"]) if not costs.empty else set())
    if not years:
        return pd.DataFrame(columns=columns)
    src = costs["funding_source"].fillna("").str.lower()
    by = costs.assign(
        fund=np.select(
            [src == "district", src == "title ii-a"], ["district_usd", "title_ii_a_usd"], "other_funding_usd"
        )
    )
    money = by.pivot_table(index="school_year", columns="fund", values="amount_usd", aggfunc="sum", fill_value=0.0)
    out = pd.DataFrame(index=pd.Index(years, name="school_year"))
    for col in ("district_usd", "title_ii_a_usd", "other_funding_usd"):
        out[col] = money[col] if col in money else 0.0
    out["total_usd"] = out[["district_usd", "title_ii_a_usd", "other_funding_usd"]].sum(axis=1)
    p = roster_pairs[roster_pairs["program_year"] == 1] if not roster_pairs.empty else roster_pairs
    new = p.groupby("school_year")["mentee_key"].nunique() if not p.empty else pd.Series(dtype="int64")
    out["new_teachers"] = new.reindex(out.index).fillna(0).astype("int64")
    retained = pd.Series(np.nan, index=out.index)
    if not hr.empty and not p.empty:
        teaching = set(zip(hr.loc[hr["is_teacher"], "staff_id"], hr.loc[hr["is_teacher"], "school_year"]))
        hr_years = set(hr["school_year"])
        for year in out.index:
            nxt = schoolyear.shift(year, 1)
            if nxt in hr_years:
                ids = p.loc[p["school_year"] == year, "mentee_id"].dropna()
                retained[year] = sum((i, nxt) in teaching for i in ids)
    out["retained_teachers"] = retained.astype("Int64")
    out["cost_per_new_teacher_usd"] = (out["total_usd"] / out["new_teachers"].where(out["new_teachers"] > 0)).round(0)
    out["cost_per_retained_teacher_usd"] = (out["total_usd"] / retained.where(retained > 0)).round(0)
    hours = log.groupby("school_year")["minutes"].sum() / 60 if not log.empty else pd.Series(dtype="float64")
    out["logged_hours"] = hours.reindex(out.index).round(1)
    out["logged_hours_at_rate_usd"] = (out["logged_hours"] * hourly_rate).round(0)
    prev = out["total_usd"].shift(1)
    consecutive = pd.Series(
        [i > 0 and schoolyear.shift(out.index[i - 1], 1) == y for i, y in enumerate(out.index)], index=out.index
    )
    out["total_change_pct"] = rates.pct(out["total_usd"] - prev, prev).where(consecutive)
    for col in ("total_usd", "district_usd", "title_ii_a_usd", "other_funding_usd"):
        out[col] = out[col].round(2)
    return out.reset_index()[columns]
