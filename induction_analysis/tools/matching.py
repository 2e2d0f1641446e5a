"""Suggested pairings of next year's new hires with mentors of the pool.

Every hire is scored against every available mentor on the criteria districts use, weighted in
config ``[matching]`` (defaults 16, 8, 4, 2, 1: each criterion outweighs all those after it):
same subject, same grade band, same building, same planning period, and a mentor who asked to
mentor the hire's group (beginning teachers, teachers new to the district, career changers).
A mentor sharing neither the subject nor the grade band is not a suitable match.

The assignment is the best overall one (highest total score) within each mentor's capacity,
found with the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``, each mentor
repeated once per place), not hire by hire; ties go to the mentor listed first (by id). A hire
with no suitable mentor left is listed with the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from scipy.optimize import linear_sum_assignment

from induction_analysis.exports import neutralize
from induction_analysis.metrics import mentor_pool
from induction_analysis.metrics import pairs as pairs_mod

CRITERIA = ["same_subject", "same_grade_band", "same_school", "same_schedule", "group_fit"]
GROUP_WORDS = {"beginning teacher": "beginning", "new to district": "new to", "career changer": "career"}
GROUP_PLURAL = {
    "beginning teacher": "beginning teachers",
    "new to district": "teachers new to the district",
    "career changer": "career changers",
}
FORBIDDEN = 1e9
COLUMNS = [
    "hire_id",
    "school",
    "subject",
    "grade_band",
    "group",
    "mentor_id",
    "score",
    "reasons",
    "alternative_1",
    "alternative_1_reasons",
    "alternative_2",
    "alternative_2_reasons",
    "note",
]


WORKBOOK_COLUMNS = {
    "new_teacher": "the new hire's name (from the new-hire sheet)",
    "staff_id": "the new hire's staff id",
    "school": "the new hire's school",
    "subject": "subject",
    "grade_band": "elementary, middle, high",
    "group": "induction group",
    "planning_period": "the new hire's planning period",
    "suggested_mentor": "the mentor of the best overall assignment (name from the protected lookup)",
    "mentor_staff_id": "the mentor's staff id",
    "mentor_school": "the mentor's school",
    "mentor_subject": "the mentor's subject",
    "score": "points of the match ([matching] weights)",
    "reasons": "the criteria the match meets, in words",
    "alternative_1": "the next best suitable mentor",
    "alternative_1_reasons": "its criteria ('at capacity' when the suggestion fills it)",
    "alternative_2": "the one after",
    "alternative_2_reasons": "its criteria",
    "note": "why a hire has no suggested mentor; or training the mentor still needs",
}


def suggest(
    hires: pd.DataFrame, tables: dict[str, pd.DataFrame], people: pd.DataFrame, settings: dict, pool_year: str
) -> tuple[dict[str, float], pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """From a new-hire sheet (``ingest.read_new_hires``) and the canonical tables: the weights, the pool
    as of ``pool_year`` (with the applications' motivation and strengths), the assignment and the
    administrators' rows. A hire whose group is not given is taken for a beginning teacher."""
    weights = {c: float(settings[c]) for c in CRITERIA}
    apps = tables["mentor_application"]
    pool = mentor_pool.pool(
        apps,
        pairs_mod.pairs(tables["roster"]),
        tables["hr_employment"],
        pool_year,
        int(settings["max_mentees"]),
        int(settings["refresher_every_years"]),
    )
    latest = apps.sort_values("submitted_at").drop_duplicates("applicant_id", keep="last").set_index("applicant_id")
    pool = pool.assign(
        motivation=pool["mentor_id"].map(latest["motivation"]), strengths=pool["mentor_id"].map(latest["strengths"])
    )
    h = hires.assign(group=hires["group"].fillna("beginning teacher"))
    assigned = assign(h, pool[pool["available_next_year"].astype(bool)], weights)
    return weights, pool, assigned, workbook_rows(assigned, h, pool, people)


def workbook_rows(
    assigned: pd.DataFrame, hires: pd.DataFrame, pool: pd.DataFrame, people: pd.DataFrame
) -> pd.DataFrame:
    """The administrators' sheet: one row per hire, with names and staff ids (they pair these people)."""
    who = people.set_index("person_id") if len(people) else pd.DataFrame(columns=["name", "staff_id"])

    def name(pid: object) -> object:
        return (who["name"].get(pid) or pid) if isinstance(pid, str) else None

    def staff(pid: object) -> object:
        return who["staff_id"].get(pid) if isinstance(pid, str) else None

    p = pool.set_index("mentor_id")
    h = hires.set_index("hire_id")
    out = pd.DataFrame(
        {
            "new_teacher": assigned["hire_id"].map(h["mentee_name"]),
            "staff_id": assigned["hire_id"].map(h["mentee_id"]),
            "school": assigned["school"],
            "subject": assigned["subject"],
            "grade_band": assigned["grade_band"],
            "group": assigned["group"],
            "planning_period": assigned["hire_id"].map(h["schedule"]),
            "suggested_mentor": assigned["mentor_id"].map(name),
            "mentor_staff_id": assigned["mentor_id"].map(staff),
            "mentor_school": assigned["mentor_id"].map(p["school"]),
            "mentor_subject": assigned["mentor_id"].map(p["subject"]),
            "score": assigned["score"],
            "reasons": assigned["reasons"],
            "alternative_1": assigned["alternative_1"].map(name),
            "alternative_1_reasons": assigned["alternative_1_reasons"],
            "alternative_2": assigned["alternative_2"].map(name),
            "alternative_2_reasons": assigned["alternative_2_reasons"],
            "note": assigned["note"],
        }
    )
    untrained = assigned["mentor_id"].map(p["orientation_completed"]).eq(False).to_numpy()
    training = "the mentor still needs the mentor training before school starts"
    out.loc[untrained, "note"] = [f"{n}; {training}" if n else training for n in out.loc[untrained, "note"].fillna("")]
    return out[list(WORKBOOK_COLUMNS)]


def write_workbook(
    path,
    rows: pd.DataFrame,
    pool: pd.DataFrame,
    assigned: pd.DataFrame,
    people: pd.DataFrame,
    weights: dict[str, float],
    year: str,
) -> None:
    """Suggested pairings, the mentors' load and how matches are scored, formatted for Excel."""
    book = Workbook()
    book.remove(book.active)

    def sheet(title: str, frame: pd.DataFrame, heading: str, widths: dict[str, int]) -> None:
        ws = book.create_sheet(title)
        ws.append([heading])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(list(frame.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in neutralize(frame).astype("object").where(frame.notna(), None).itertuples(index=False):
            ws.append(list(row))
        ws.freeze_panes = "B3"
        for i, col in enumerate(frame.columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = widths.get(col, 16)
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    sheet(
        "Suggested pairings",
        rows,
        f"Suggested mentors for the new hires of {year}",
        {
            "new_teacher": 22,
            "suggested_mentor": 22,
            "reasons": 48,
            "alternative_1": 22,
            "alternative_1_reasons": 40,
            "alternative_2": 22,
            "alternative_2_reasons": 40,
            "note": 40,
            "school": 24,
            "mentor_school": 24,
        },
    )
    load = assigned.dropna(subset=["mentor_id"]).groupby("mentor_id").size().rename("suggested_mentees")
    who = people.set_index("person_id")["name"] if len(people) else pd.Series(dtype="str")
    avail = pool[pool["available_next_year"]].set_index("mentor_id")
    mentors = pd.DataFrame(
        {
            "mentor": avail.index.map(lambda m: who.get(m, m)),
            "school": avail["school"],
            "subject": avail["subject"],
            "grade_band": avail["grade_band"],
            "capacity": avail["capacity"],
            "suggested_mentees": load.reindex(avail.index).fillna(0).astype(int),
            "training_due": avail["training_due"],
        }
    )
    for col in ("motivation", "strengths"):  # from the application, for the administrators reading it
        if col in avail:
            mentors[col] = avail[col]
    mentors = mentors.sort_values(["school", "mentor"])
    sheet(
        "Mentor load",
        mentors,
        f"Mentors available for {year}: places and suggested mentees",
        {"mentor": 22, "school": 24, "motivation": 50, "strengths": 36},
    )
    rules = pd.DataFrame(
        {
            "criterion": CRITERIA,
            "weight": [weights[c] for c in CRITERIA],
            "meaning": [
                "teaches the same subject",
                "teaches at the same grade band",
                "works in the same building",
                "has the same planning period",
                "asked to mentor the hire's group",
            ],
        }
    )
    sheet(
        "How matches are scored",
        rules,
        "A pair is suitable when it shares the subject or the grade band; the best overall "
        "assignment within capacity is suggested (Hungarian algorithm)",
        {"criterion": 18, "meaning": 40},
    )
    book.save(path)


def _norm(values: pd.Series) -> pd.Series:
    return values.astype("str").str.strip().str.lower().where(values.notna())


def scores(hires: pd.DataFrame, mentors: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Every hire x mentor pair with the criteria met, the score and whether the pair is suitable."""
    h = hires[["hire_id", "school", "subject", "grade_band", "schedule", "group"]].reset_index(drop=True)
    m = mentors[["mentor_id", "school", "subject", "grade_band", "schedule", "groups_preferred"]].reset_index(drop=True)
    pairs = h.merge(m, how="cross", suffixes=("", "_mentor"))
    for crit, col in (
        ("same_subject", "subject"),
        ("same_grade_band", "grade_band"),
        ("same_school", "school"),
        ("same_schedule", "schedule"),
    ):
        a, b = _norm(pairs[col]), _norm(pairs[f"{col}_mentor"])
        pairs[crit] = (a == b).fillna(False).astype(bool) & a.notna()
    wanted = pairs["group"].map(GROUP_WORDS)
    prefs = _norm(pairs["groups_preferred"]).fillna("")
    pairs["group_fit"] = [isinstance(w, str) and w in p for w, p in zip(wanted, prefs)]
    pairs["suitable"] = pairs["same_subject"] | pairs["same_grade_band"]
    pairs["score"] = sum(weights[c] * pairs[c].astype("float64") for c in CRITERIA)
    return pairs


def reasons(row: pd.Series) -> str:
    """The criteria a pair meets, in words."""
    words = []
    if row["same_subject"]:
        words.append(f"same subject ({row['subject']})")
    if row["same_grade_band"]:
        words.append(f"same grade band ({row['grade_band']})")
    if row["same_school"]:
        words.append(f"same school ({row['school']})")
    if row["same_schedule"]:
        words.append(f"same planning period ({row['schedule']})")
    if row["group_fit"]:
        words.append(f"asked to mentor {GROUP_PLURAL.get(row['group'], row['group'])}")
    return "; ".join(words) if words else "no criterion met"


def assign(hires: pd.DataFrame, mentors: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """One row per hire: the suggested mentor (best total score within capacity), the reasons, two
    alternatives (the next best suitable mentors) and, for a hire left without one, why."""
    hires = hires.reset_index(drop=True)
    mentors = mentors.sort_values("mentor_id").reset_index(drop=True)
    if hires.empty:
        return pd.DataFrame(columns=COLUMNS)
    pairs = scores(hires, mentors, weights)
    slots = np.repeat(np.arange(len(mentors)), mentors["capacity"].clip(lower=0).astype(int).to_numpy())
    cost = np.zeros((len(hires), len(slots) + len(hires)))  # the last columns: no mentor (cost 0)
    if len(slots):
        s = pairs["score"].to_numpy().reshape(len(hires), len(mentors))
        ok = pairs["suitable"].to_numpy().reshape(len(hires), len(mentors))
        # maximize the score; forbid unsuitable pairs; a hair of preference for earlier places keeps ties stable
        tie = np.arange(len(slots)) * 1e-9
        cost[:, : len(slots)] = np.where(ok[:, slots], -s[:, slots] + tie, FORBIDDEN)
    rows, cols = linear_sum_assignment(cost)
    chosen = {r: (int(slots[c]) if c < len(slots) else None) for r, c in zip(rows, cols)}
    load = pd.Series([m for m in chosen.values() if m is not None], dtype="int64").value_counts()
    full = {int(m) for m, k in load.items() if k >= int(mentors.loc[m, "capacity"])}
    out = []
    for i, hire in hires.iterrows():
        mine = pairs.iloc[i * len(mentors) : (i + 1) * len(mentors)].reset_index(drop=True)
        suitable = mine[mine["suitable"]].sort_values(["score", "mentor_id"], ascending=[False, True], kind="stable")
        row = {c: hire.get(c) for c in ("hire_id", "school", "subject", "grade_band", "group")}
        m = chosen.get(i)
        if m is not None:
            pick = mine.loc[m]
            row.update(mentor_id=pick["mentor_id"], score=float(pick["score"]), reasons=reasons(pick), note="")
            if not pick["same_subject"]:
                same = int(mine["same_subject"].sum())
                row["note"] = (
                    f"no available mentor teaches {hire['subject']}"
                    if same == 0
                    else f"the {same} mentor(s) who teach {hire['subject']} are at capacity"
                )
            suitable = suitable[suitable["mentor_id"] != pick["mentor_id"]]
        else:
            row.update(mentor_id=None, score=np.nan, reasons="")
            if suitable.empty:
                row["note"] = (
                    f"no mentor in the pool teaches {hire['subject'] or 'this subject'} or at the "
                    f"{hire['grade_band'] or 'same'} grade band"
                )
            else:
                row["note"] = f"all {len(suitable)} suitable mentor(s) are at capacity"
        for k, (_, alt) in enumerate(suitable.head(2).iterrows(), 1):
            at_capacity = " (at capacity)" if mentors.index[mentors["mentor_id"] == alt["mentor_id"]][0] in full else ""
            row[f"alternative_{k}"] = alt["mentor_id"]
            row[f"alternative_{k}_reasons"] = reasons(alt) + at_capacity
        out.append(row)
    return pd.DataFrame(out).reindex(columns=COLUMNS)
