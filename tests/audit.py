"""An attacker's audit of suppression: from the published cells and the sums they must obey, find
every withheld count that can be pinned to one value (linear programming, scipy's HiGHS).

Independent of :func:`induction_analysis.metrics.rates.suppress` on purpose: it knows nothing of the rules
used to withhold cells, only what a reader of the CSV can see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog


def recoverable(cells: pd.DataFrame, equations: list[tuple[list, object]]) -> dict:
    """``cells``: one row per published cell, indexed by label, with ``n`` (always published) and
    ``k`` (NaN where withheld). ``equations``: ``(members, total)`` pairs meaning the k of the members
    add up to the k of ``total``, a label of ``cells`` or the name of a quantity nobody published.

    Returns ``{label: (low, high)}`` for every withheld cell whose feasible range is narrower than 1
    (one integer value left: recovered)."""
    hidden = [c for c in cells.index if pd.isna(cells.at[c, "k"])]
    extra = sorted({t for _, t in equations if t not in cells.index}, key=str)
    variables = hidden + extra
    if not hidden:
        return {}
    pos = {v: i for i, v in enumerate(variables)}
    bounds = [(0, float(cells.at[v, "n"])) for v in hidden]
    bounds += [(0, float(sum(cells.at[m, "n"] for members, t in equations if t == v for m in members))) for v in extra]
    rows, rhs = [], []
    for members, total in equations:
        row, const = np.zeros(len(variables)), 0.0
        for m in members:
            if m in pos:
                row[pos[m]] += 1
            else:
                const -= float(cells.at[m, "k"])
        if total in pos:
            row[pos[total]] -= 1
        else:
            const += float(cells.at[total, "k"])
        rows.append(row)
        rhs.append(const)
    found = {}
    for label in hidden:
        c = np.zeros(len(variables))
        c[pos[label]] = 1
        low = linprog(c, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=bounds, method="highs")
        high = linprog(-c, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=bounds, method="highs")
        assert low.status == 0 and high.status == 0, "the published cells contradict the equations"
        if high.x[pos[label]] - low.x[pos[label]] < 1 - 1e-9:
            found[label] = (round(low.x[pos[label]], 3), round(high.x[pos[label]], 3))
    return found


def proficiency_equations(prof: pd.DataFrame) -> list[tuple[pd.DataFrame, list]]:
    """Per year and rating of ``proficiency.csv``: every breakdown's groups add up to all new teachers."""
    out = []
    for _, d in prof.groupby(["school_year", "rating_of"]):
        cells = d.assign(
            label=d["breakdown"] + " / " + d["group"].astype("str"), n=d["n_teachers"], k=d["proficient_or_better"]
        ).set_index("label")[["n", "k"]]
        total = "all new teachers / all new teachers"
        equations = []
        for breakdown in ("cohort", "experience", "school"):
            members = [label for label in cells.index if label.startswith(breakdown + " / ")]
            if members:
                assert cells.loc[members, "n"].sum() == cells.at[total, "n"], (
                    "the groups of a breakdown cover every new teacher"
                )
                equations.append((members, total))
        out.append((cells, equations))
    return out


def groups_equations(groups: pd.DataFrame) -> list[tuple[pd.DataFrame, list]]:
    """Per outcome of ``mentor_effectiveness_groups.csv``: each trait's yes and no add up to the mentees
    with the outcome known; traits covering the same number of mentees are taken to cover the same ones."""
    out = []
    for _outcome, d in groups.groupby("outcome"):
        cells = d.assign(label=d["trait"] + " = " + d["value"], n=d["n_mentees"], k=d["n_with_outcome"]).set_index(
            "label"
        )[["n", "k"]]
        equations = []
        for _trait, t in d.groupby("trait"):
            members = (t["trait"] + " = " + t["value"]).tolist()
            equations.append((members, f"all mentees with {int(t['n_mentees'].sum())} known"))
        out.append((cells, equations))
    return out
