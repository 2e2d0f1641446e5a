"""What participants said: every Likert item of the exit tickets, the self-assessment rubric
and the stakeholder surveys; the rubric's fall-to-spring change; response rates.

- ``n_responses``: answers with a score (blanks and open answers do not count);
- ``mean_score``: mean of the scores, 1 = the lowest point of the item's scale;
- ``favorable_pct``: share of scored answers in the top two points of the item's scale;
- ``n_not_applicable``: answers such as "Not applicable" or "Don't know", left out of ``n_responses``.

Self-assessment answers are confidential: their figures are withheld for groups under the
suppression threshold. Open comments stay in the processed tables for lead-mentor pages;
no table here carries text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from induction_analysis.metrics import rates

ITEM_COLUMNS = [
    "kind",
    "school_year",
    "item",
    "respondent_role",
    "session",
    "season",
    "scale",
    "scale_points",
    "n_responses",
    "mean_score",
    "favorable_pct",
    "n_not_applicable",
    "suppressed",
]
GROUP = ["kind", "school_year", "item", "respondent_role", "session", "season"]
ALL_SESSIONS = "all sessions"
ROLE_NOT_STATED = "not stated"


def _rated(frame: pd.DataFrame, kind: str, scored: bool = True) -> pd.DataFrame:
    """A kind's rated answers: those with a score (``scored``), else those that are not ratings."""
    rated = frame["item_type"] == "likert"
    if scored:
        rated &= frame["score"].notna()
    else:
        rated &= frame["not_applicable"].fillna(False).astype(bool) if "not_applicable" in frame else False
    d = frame[rated].copy()
    d["kind"] = kind
    d["respondent_role"] = d["respondent_role"].fillna(ROLE_NOT_STATED)
    for col in ("session", "season"):
        if col not in d:
            d[col] = ""
        d[col] = d[col].fillna("").astype("str")
    return d


def _scored(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """A kind's scored answers, each with whether it is favorable: as ingest read it on the item's scale,
    else (tables made by hand) a score in the top two points of a scale of ``scale_points`` from 1."""
    d = _rated(frame, kind)
    by_points = (d["score"] >= d["scale_points"].astype("float64") - 1).where(d["scale_points"].notna())
    given = d["favorable"].astype("float64") if "favorable" in d else pd.Series(np.nan, index=d.index)
    d["favorable"] = given.where(given.notna(), by_points)
    return d


def _items(d: pd.DataFrame, na: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per item and group: n, mean, favorable share of the scored answers (``d``); the answers that are
    not ratings (``na``) counted apart, an item answered only so having a row of its own with n 0."""
    na = na if na is not None else d.iloc[0:0]
    if d.empty and na.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS[:-1])
    g = d.groupby(GROUP, sort=True)
    out = g.agg(
        scale=("scale", "first"),
        scale_points=("scale_points", "max"),
        n_responses=("score", "size"),
        mean_score=("score", "mean"),
        favorable=("favorable", "mean"),
    )
    not_rated = na.groupby(GROUP, sort=True).agg(
        scale_na=("scale", "first"), points_na=("scale_points", "max"), n_not_applicable=("answer", "size")
    )
    out = out.join(not_rated, how="outer") if len(not_rated) else out.assign(n_not_applicable=0)
    if "scale_na" in out:
        out["scale"] = out["scale"].fillna(out["scale_na"])
        out["scale_points"] = out["scale_points"].fillna(out["points_na"])
    out = out.reset_index()
    out["n_responses"] = out["n_responses"].fillna(0).astype("int64")
    out["n_not_applicable"] = out["n_not_applicable"].fillna(0).astype("int64")
    out["mean_score"] = out["mean_score"].astype("float64").round(2)
    out["favorable_pct"] = (100 * out["favorable"].astype("float64")).round(1)
    return out[ITEM_COLUMNS[:-1]]


def _item_table(frame: pd.DataFrame, kind: str, prepare=lambda d: d) -> pd.DataFrame:
    return _items(prepare(_scored(frame, kind)), prepare(_rated(frame, kind, scored=False)))


def survey_items(
    exit_ticket: pd.DataFrame, self_assessment: pd.DataFrame, stakeholder_survey: pd.DataFrame, threshold: int = 6
) -> pd.DataFrame:
    """``survey_items.csv``: one row per source, year, item, respondent role and session
    (exit tickets, plus an ``all sessions`` row) or season (self-assessment)."""
    parts = []
    if not exit_ticket.empty:

        def stated(d: pd.DataFrame) -> pd.DataFrame:
            return d.assign(session=d["session"].replace("", "session not stated"))

        parts += [
            _item_table(exit_ticket, "exit_ticket", stated),
            _item_table(exit_ticket, "exit_ticket", lambda d: d.assign(session=ALL_SESSIONS)),
        ]
    if not stakeholder_survey.empty:
        parts.append(_item_table(stakeholder_survey, "stakeholder_survey"))
    frames = [p for p in parts if not p.empty]
    out = (
        pd.concat(frames, ignore_index=True).assign(suppressed=False) if frames else pd.DataFrame(columns=ITEM_COLUMNS)
    )
    if not self_assessment.empty:
        sa = _item_table(self_assessment, "self_assessment")
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
    columns = [
        "school_year",
        "item",
        "respondent_role",
        "n_paired",
        "fall_mean",
        "spring_mean",
        "change_mean",
        "fall_favorable_pct",
        "spring_favorable_pct",
        "suppressed",
    ]
    if self_assessment.empty:
        return pd.DataFrame(columns=columns)
    d = _scored(self_assessment, "self_assessment")
    d["who"] = d["respondent_id"].fillna(d["response_id"])
    wide = d.pivot_table(
        index=["school_year", "item", "respondent_role", "who"],
        columns="season",
        values=["score", "favorable"],
        aggfunc="mean",
    )
    if ("score", "fall") not in wide.columns or ("score", "spring") not in wide.columns:
        return pd.DataFrame(columns=columns)
    wide = wide[wide[("score", "fall")].notna() & wide[("score", "spring")].notna()]
    if wide.empty:
        return pd.DataFrame(columns=columns)
    flat = pd.DataFrame(
        {
            "fall": wide[("score", "fall")],
            "spring": wide[("score", "spring")],
            "fall_fav": wide[("favorable", "fall")],
            "spring_fav": wide[("favorable", "spring")],
        }
    )
    g = flat.groupby(level=["school_year", "item", "respondent_role"])
    out = g.agg(
        n_paired=("fall", "size"),
        fall_mean=("fall", "mean"),
        spring_mean=("spring", "mean"),
        fall_favorable_pct=("fall_fav", "mean"),
        spring_favorable_pct=("spring_fav", "mean"),
    ).reset_index()
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
    out = rates.suppress(
        out,
        "smallest_group",
        ["fall_mean", "spring_mean", "change_mean", "fall_favorable_pct", "spring_favorable_pct"],
        threshold,
    )
    return out[columns]


def response_rates(
    exit_ticket: pd.DataFrame,
    self_assessment: pd.DataFrame,
    stakeholder_survey: pd.DataFrame,
    roster_pairs: pd.DataFrame,
) -> pd.DataFrame:
    """``response_rates.csv``: responses over the people the roster says were asked.

    Exit tickets: per session, over the year's induction-year mentees (the seminar's participants).
    Self-assessment (per season) and survey: mentees over the year's roster mentees, mentors over
    the year's distinct mentors. Other roles have no denominator and no rate.
    """
    columns = [
        "kind",
        "school_year",
        "respondent_role",
        "session",
        "season",
        "n_responses",
        "n_invited",
        "response_rate_pct",
    ]
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
    for kind, frame, by in (
        ("self_assessment", self_assessment, ["school_year", "respondent_role", "season"]),
        ("stakeholder_survey", stakeholder_survey, ["school_year", "respondent_role"]),
    ):
        if frame.empty:
            continue
        n = frame.groupby(by)["response_id"].nunique()
        for key, k in n.items():
            year, role = key[0], key[1]
            season = key[2] if len(key) > 2 else ""
            invited = (
                mentees.get(year, np.nan)
                if role == "mentee"
                else mentors.get(year, np.nan)
                if role == "mentor"
                else np.nan
            )
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
