"""What participants said: every Likert item of the exit tickets, the self-assessment rubric
and the stakeholder surveys; the rubric's fall-to-spring change; response rates.

- ``n_responses``: answers with a score (blanks and open answers do not count);
- ``mean_score``: mean of the scores, 1 = the lowest point of the item's scale;
- ``favorable_pct``: share of scored answers in the top two points of the item's scale.

Self-assessment answers are confidential: their figures are withheld for groups under the
suppression threshold. Open comments stay in the processed tables for lead-mentor pages;
no table here carries text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis import rates

ITEM_COLUMNS = ["kind", "school_year", "item", "respondent_role", "session", "season", "scale", "scale_points", "n_responses",
                "mean_score", "favorable_pct", "suppressed"]
ALL_SESSIONS = "all sessions"
ROLE_NOT_STATED = "not stated"


def _scored(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    d = frame[(frame["item_type"] == "likert") & frame["score"].notna()].copy()
    d["kind"] = kind
    d["respondent_role"] = d["respondent_role"].fillna(ROLE_NOT_STATED)
    d["favorable"] = (d["score"] >= d["scale_points"].astype("float64") - 1).where(d["scale_points"].notna())
    for col in ("session", "season"):
        if col not in d:
            d[col] = ""
        d[col] = d[col].fillna("").astype("str")
    return d


def _items(d: pd.DataFrame) -> pd.DataFrame:
    if d.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS[:-1])
    g = d.groupby(["kind", "school_year", "item", "respondent_role", "session", "season"], sort=True)
    out = g.agg(scale=("scale", "first"), scale_points=("scale_points", "max"), n_responses=("score", "size"),
                mean_score=("score", "mean"), favorable=("favorable", "mean")).reset_index()
    out["mean_score"] = out["mean_score"].round(2)
    out["favorable_pct"] = (100 * out["favorable"].astype("float64")).round(1)
    return out[ITEM_COLUMNS[:-1]]


def survey_items(exit_ticket: pd.DataFrame, self_assessment: pd.DataFrame, stakeholder_survey: pd.DataFrame,
                 threshold: int = 6) -> pd.DataFrame:
    """``survey_items.csv``: one row per source, year, item, respondent role and session
    (exit tickets, plus an ``all sessions`` row) or season (self-assessment)."""
    parts = []
    if not exit_ticket.empty:
        et = _scored(exit_ticket, "exit_ticket")
        et["session"] = et["session"].replace("", "session not stated")
        parts += [_items(et), _items(et.assign(session=ALL_SESSIONS))]
    if not stakeholder_survey.empty:
        parts.append(_items(_scored(stakeholder_survey, "stakeholder_survey")))
    frames = [p for p in parts if not p.empty]
    out = pd.concat(frames, ignore_index=True).assign(suppressed=False) if frames else pd.DataFrame(columns=ITEM_COLUMNS)
    if not self_assessment.empty:
        sa = _items(_scored(self_assessment, "self_assessment"))
        if not sa.empty:
            sa = rates.suppress(sa, "n_responses", ["mean_score", "favorable_pct"], threshold)
            out = pd.concat([out, sa], ignore_index=True) if len(out) else sa
    out["scale_points"] = out["scale_points"].astype("Int64")
    out["suppressed"] = out["suppressed"].astype("bool")
    return out[ITEM_COLUMNS].reset_index(drop=True)


def rubric_change(self_assessment: pd.DataFrame, threshold: int = 6) -> pd.DataFrame:
    """``rubric_change.csv``: per year, item and role, the fall and spring means of respondents who
    answered both (paired), the mean change, and the favorable shares; withheld when the paired
    respondents, or those of a season who are not paired (recoverable by subtraction from
    ``survey_items.csv``), are fewer than the threshold."""
    columns = ["school_year", "item", "respondent_role", "n_paired", "fall_mean", "spring_mean", "change_mean",
               "fall_favorable_pct", "spring_favorable_pct", "suppressed"]
    if self_assessment.empty:
        return pd.DataFrame(columns=columns)
    d = _scored(self_assessment, "self_assessment")
    d["who"] = d["respondent_id"].fillna(d["response_id"])
    wide = d.pivot_table(index=["school_year", "item", "respondent_role", "who"], columns="season",
                         values=["score", "favorable"], aggfunc="mean")
    if ("score", "fall") not in wide.columns or ("score", "spring") not in wide.columns:
        return pd.DataFrame(columns=columns)
    wide = wide[wide[("score", "fall")].notna() & wide[("score", "spring")].notna()]
    if wide.empty:
        return pd.DataFrame(columns=columns)
    flat = pd.DataFrame({"fall": wide[("score", "fall")], "spring": wide[("score", "spring")],
                         "fall_fav": wide[("favorable", "fall")], "spring_fav": wide[("favorable", "spring")]})
    g = flat.groupby(level=["school_year", "item", "respondent_role"])
    out = g.agg(n_paired=("fall", "size"), fall_mean=("fall", "mean"), spring_mean=("spring", "mean"),
                fall_favorable_pct=("fall_fav", "mean"), spring_favorable_pct=("spring_fav", "mean")).reset_index()
    out["change_mean"] = (out["spring_mean"] - out["fall_mean"]).round(2)
    for col in ("fall_mean", "spring_mean"):
        out[col] = out[col].round(2)
    for col in ("fall_favorable_pct", "spring_favorable_pct"):
        out[col] = (100 * out[col].astype("float64")).round(1)
    # survey_items publishes each season over all its respondents: the respondents of a season who are
    # not paired form a group of their own (all minus paired), which must not be small either
    season_n = d.groupby(["school_year", "item", "respondent_role", "season"]).size().unstack("season")
    keys = pd.MultiIndex.from_frame(out[["school_year", "item", "respondent_role"]])
    smallest = out["n_paired"].astype("float64")
    for season in ("fall", "spring"):
        unpaired = season_n[season].reindex(keys).to_numpy() - out["n_paired"].to_numpy()
        smallest = smallest.where(~((unpaired > 0) & (unpaired < smallest)), unpaired)
    out["smallest_group"] = smallest
    out = rates.suppress(out, "smallest_group", ["fall_mean", "spring_mean", "change_mean", "fall_favorable_pct",
                                                 "spring_favorable_pct"], threshold)
    return out[columns]


def response_rates(exit_ticket: pd.DataFrame, self_assessment: pd.DataFrame, stakeholder_survey: pd.DataFrame,
                   roster_pairs: pd.DataFrame) -> pd.DataFrame:
    """``response_rates.csv``: responses over the people the roster says were asked.

    Exit tickets: per session, over the year's induction-year mentees (the seminar's participants).
    Self-assessment (per season) and survey: mentees over the year's roster mentees, mentors over
    the year's distinct mentors. Other roles have no denominator and no rate.
    """
    columns = ["kind", "school_year", "respondent_role", "session", "season", "n_responses", "n_invited", "response_rate_pct"]
    p = roster_pairs
    if p.empty:
        return pd.DataFrame(columns=columns)
    induction = p[p["program_year"] == 1].groupby("school_year")["mentee_key"].nunique()
    mentees = p.groupby("school_year")["mentee_key"].nunique()
    mentors = p[p["has_mentor"]].groupby("school_year")["mentor_key"].nunique()
    rows = []
    if not exit_ticket.empty:
        et = exit_ticket.assign(session=exit_ticket["session"].fillna("session not stated"))
        n = et.groupby(["school_year", "session"])["response_id"].nunique()
        for (year, session), k in n.items():
            rows.append(["exit_ticket", year, "mentee", session, "", int(k), induction.get(year, np.nan)])
    for kind, frame, by in (("self_assessment", self_assessment, ["school_year", "respondent_role", "season"]),
                            ("stakeholder_survey", stakeholder_survey, ["school_year", "respondent_role"])):
        if frame.empty:
            continue
        n = frame.groupby(by)["response_id"].nunique()
        for key, k in n.items():
            year, role = key[0], key[1]
            season = key[2] if len(key) > 2 else ""
            invited = mentees.get(year, np.nan) if role == "mentee" else mentors.get(year, np.nan) if role == "mentor" else np.nan
            rows.append([kind, year, role, "", season, int(k), invited])
    out = pd.DataFrame(rows, columns=columns[:-1])
    out["n_invited"] = out["n_invited"].astype("Int64")
    out["response_rate_pct"] = rates.pct(out["n_responses"], out["n_invited"].astype("float64"))
    return out[columns]


def open_comments(exit_ticket: pd.DataFrame, stakeholder_survey: pd.DataFrame) -> pd.DataFrame:
    """Open answers of exit tickets and surveys, for lead-mentor pages only (never written as a table)."""
    columns = ["kind", "school_year", "session", "respondent_role", "item", "answer"]
    parts = []
    for kind, frame in (("exit_ticket", exit_ticket), ("stakeholder_survey", stakeholder_survey)):
        if frame.empty:
            continue
        t = frame[(frame["item_type"] == "text") & frame["answer"].notna()].assign(kind=kind)
        if "session" not in t:
            t["session"] = ""
        parts.append(t[columns])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
