"""The data-quality report's figures: pure functions over the data-quality tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

KIND_LABELS = {
    "roster": "Roster / pairings",
    "collaborative_log": "Collaborative logs",
    "exit_ticket": "Exit tickets",
    "self_assessment": "Self-assessment rubric",
    "stakeholder_survey": "Stakeholder surveys",
    "evaluation": "Evaluation ratings",
    "hr_employment": "HR employment",
    "costs": "Costs",
    "mentor_application": "Mentor applications",
    "reflection_journal": "Reflection journals",
}


SUGGESTIONS_FILE = "config_suggestions.toml"
# written by ingest to tables/ as CSV
TABLES = ("data_quality", "rejected_rows", "row_warnings", "survey_questions", "assumptions", "job_titles")
SURVEY_KINDS = ("exit_ticket", "self_assessment", "stakeholder_survey")
QUESTION_COLUMNS = [
    "file",
    "kind",
    "item",
    "read_as",
    "scale",
    "scale_points",
    "n_answers",
    "n_scored",
    "n_not_applicable",
    "n_left_out",
    "left_out",
]
READ_AS = {
    "likert": "rating",
    "choice": "choice",
    "text": "comment",
    "ranking": "ranking (positions counted, not scored)",
}
LEFT_OUT_SHOWN = 5  # distinct answers left out, quoted, per question


def suggestions(tables_dir: str | Path) -> str:
    """The config lines ingest suggested (empty when everything was recognized)."""
    path = Path(tables_dir) / SUGGESTIONS_FILE
    return path.read_text("utf-8") if path.exists() else ""


def notes_on_used_files(dq: pd.DataFrame) -> pd.DataFrame:
    """Files that were used but carry a note (total rows dropped, a column not used, Windows text...)."""
    used = dq[dq["kind"].notna() & dq["problem"].fillna("").str.len().gt(0)]
    return used[["file", "kind", "problem"]].rename(columns={"problem": "note"}).reset_index(drop=True)


def survey_questions(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """How each question of each survey file was read (``survey_questions.csv``): as a rating (its scale
    and points), a choice, a comment, a ranking or a number; its answers, those scored, those that are
    not ratings ("Not applicable"...), and those left out of a rating because they are on no scale
    (up to five quoted). Rows in the files' order, questions in each file's order."""
    parts = []
    for kind in SURVEY_KINDS:
        frame = tables.get(kind)
        if frame is None or frame.empty:
            continue
        d = frame[["source_file", "item", "item_type", "answer", "score", "scale", "scale_points"]].copy()
        na = (
            frame["not_applicable"].fillna(False).astype(bool)
            if "not_applicable" in frame
            else pd.Series(False, index=frame.index)
        )
        d["na"] = na
        d["left"] = (d["item_type"] == "likert") & d["score"].isna() & ~na & d["answer"].notna()
        d["scored"] = d["score"].notna()
        d["kind"] = kind
        g = d.groupby(
            ["source_file", "item", "item_type"], sort=False
        )  # Qualtrics' 0-10 item and its group column share a text
        out = g.agg(
            kind=("kind", "first"),
            scale=("scale", "first"),
            scale_points=("scale_points", "max"),
            n_answers=("answer", "size"),
            n_scored=("scored", "sum"),
            n_not_applicable=("na", "sum"),
            n_left_out=("left", "sum"),
        ).reset_index()
        left = (
            d[d["left"]]
            .groupby(["source_file", "item"], sort=False)["answer"]
            .agg(lambda a: "; ".join("'" + str(v)[:40] + "'" for v in list(dict.fromkeys(a))[:LEFT_OUT_SHOWN]))
        )
        out["left_out"] = [left.get((f, i), "") for f, i in zip(out["source_file"], out["item"])]
        number = out["item_type"] == "number"
        out["read_as"] = out["item_type"].map(READ_AS)
        out.loc[number, "read_as"] = out.loc[number, "scale"].map(
            lambda s: (
                "number (a count or an amount)"
                if s == "count"
                else "numbers without a scale (name it in [survey.items])"
            )
        )
        out.loc[number, "scale"] = None
        parts.append(out.rename(columns={"source_file": "file"}))
    if not parts:
        return pd.DataFrame(columns=QUESTION_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[QUESTION_COLUMNS]
    out["scale_points"] = out["scale_points"].astype("Int64")
    for col in ("n_answers", "n_scored", "n_not_applicable", "n_left_out"):
        out[col] = out[col].astype("int64")
    return out.sort_values("file", kind="stable").reset_index(drop=True)


def questions_read(questions: pd.DataFrame) -> pd.DataFrame:
    """The data-quality page's "How each question was read": one row per question and file, in words."""
    if questions.empty:
        return pd.DataFrame(columns=["file", "question", "read as", "scale", "n", "not a rating", "left out"])
    scale = questions["scale"].fillna("").astype("str")
    points = questions["scale_points"].astype("Int64").astype("str").replace("<NA>", "")
    described = scale.where(points.eq(""), scale + " (" + points + " points)").where(scale.ne(""), "")
    left = questions["n_left_out"].astype("int64")
    return pd.DataFrame(
        {
            "file": questions["file"],
            "question": questions["item"],
            "read as": questions["read_as"],
            "scale": described,
            "n": questions["n_scored"].where(questions["read_as"].eq("rating"), questions["n_answers"]).astype("int64"),
            "not a rating": questions["n_not_applicable"].astype("int64"),
            "left out": (
                left.astype("str") + ": " + questions["left_out"].astype("object").fillna("").astype("str")
            ).where(left.gt(0), ""),
        }
    )


def load(tables_dir: str | Path) -> dict[str, pd.DataFrame]:
    tables_dir = Path(tables_dir)
    return {
        name: pd.read_csv(tables_dir / f"{name}.csv", dtype={"row": "Int64"}, keep_default_na=False, na_values=[""])
        if (tables_dir / f"{name}.csv").exists()
        else pd.DataFrame(columns=QUESTION_COLUMNS)
        if name == "survey_questions"
        else pd.DataFrame()
        for name in TABLES
    }


def assumptions_by_kind(assumptions: pd.DataFrame, files_shown: int = 3) -> pd.DataFrame:
    """What the run assumed about the files, for a data administrator to confirm at a glance: one row per kind of
    export, subject and assumption (the same assumption about a hundred log workbooks is one row), with the
    number of files, the first few of them and what in them led to it, and the config line that decides it otherwise."""
    columns = ["source", "subject", "assumption", "files", "evidence", "config"]
    if assumptions.empty:
        return pd.DataFrame(columns=columns)
    a = assumptions.astype("object").where(assumptions.notna(), "")
    g = a.groupby(["kind", "subject", "assumption", "config"], sort=False)
    out = g.agg(
        n=("file", "nunique"),
        first=("file", lambda f: ", ".join(list(dict.fromkeys(f))[:files_shown])),
        evidence=("evidence", lambda e: "; ".join(list(dict.fromkeys(x for x in e if x))[:files_shown])),
    ).reset_index()
    out["files"] = [
        f"{first}" + (f" and {n - files_shown} more" if n > files_shown else "")
        for first, n in zip(out["first"], out["n"])
    ]
    out["source"] = out["kind"].map(KIND_LABELS).fillna(out["kind"])
    order = {k: i for i, k in enumerate(KIND_LABELS)}
    out = out.iloc[out["kind"].map(order).fillna(len(order)).argsort(kind="stable")]
    return out[columns].reset_index(drop=True)


def totals(dq: pd.DataFrame) -> dict[str, int]:
    return {
        "files": len(dq),
        "files_not_used": int(dq["kind"].isna().sum()),
        "rows_read": int(dq["rows_read"].sum()),
        "rows_accepted": int(dq["rows_accepted"].sum()),
        "rows_rejected": int(dq["rows_rejected"].sum()),
        "rows_with_warnings": int(dq["rows_with_warnings"].sum()),
    }


def headline(dq: pd.DataFrame) -> str:
    """One sentence a data administrator reads first."""
    t = totals(dq)
    if t["files"] == 0:
        return "No files were found in the raw folder."
    pct = 100 * t["rows_accepted"] / t["rows_read"] if t["rows_read"] else 0.0
    parts = [f"{t['files']} files read: {t['rows_accepted']:,} of {t['rows_read']:,} rows usable ({pct:.1f}%)"]
    parts.append(f"{t['rows_rejected']:,} rows rejected" if t["rows_rejected"] else "no rows rejected")
    if t["rows_with_warnings"]:
        parts.append(f"{t['rows_with_warnings']:,} rows kept with a warning")
    if t["files_not_used"]:
        parts.append(f"{t['files_not_used']} file(s) not used (see below)")
    return "; ".join(parts) + "."


def by_kind(dq: pd.DataFrame) -> pd.DataFrame:
    """Rows read, accepted and rejected per kind of export (files of several kinds count under the first)."""
    used = dq[dq["kind"].notna()].assign(kind=lambda d: d["kind"].str.split(", ").str[0])
    out = used.groupby("kind", sort=False)[["rows_read", "rows_accepted", "rows_rejected", "rows_with_warnings"]].sum()
    out.insert(0, "files", used.groupby("kind", sort=False).size())
    out = out.reindex([k for k in KIND_LABELS if k in out.index] + [k for k in out.index if k not in KIND_LABELS])
    out.index = [KIND_LABELS.get(k, k) for k in out.index]
    out.index.name = "source"
    return out.reset_index()


def not_used(dq: pd.DataFrame) -> pd.DataFrame:
    return dq.loc[dq["kind"].isna(), ["file", "problem"]].reset_index(drop=True)


def reconciles(dq: pd.DataFrame) -> bool:
    """Rows read = accepted + rejected, for every file."""
    return bool((dq["rows_read"] == dq["rows_accepted"] + dq["rows_rejected"]).all())


def count_mismatches(tables: dict[str, pd.DataFrame], dq: pd.DataFrame) -> pd.DataFrame:
    """Files whose rows in the canonical tables are not the rows the data-quality table says were used: per file
    (kind, file, rows_accepted, rows_in_table), only where the two differ. A run checks this after ingest, so that a
    table that lost or gained rows on the way (a damaged cache, a bug) stops the run rather than its reports.

    A file's rows in its kind's table are its distinct source rows (``source_sheet``, ``source_row``): the long
    tables (surveys, ratings) hold one row per answer, the others one per raw row."""
    used = dq[dq["kind"].notna()]
    held = []
    for kind in used["kind"].unique():
        frame = tables.get(kind)
        if frame is None or frame.empty:
            continue
        rows = frame[["source_file", "source_sheet", "source_row"]]
        if rows.duplicated().any():
            rows = rows.drop_duplicates()
        held.append(rows["source_file"].value_counts().rename("rows_in_table").rename_axis("file").reset_index())
    held_frame = (
        pd.concat(held, ignore_index=True)
        if held
        else pd.DataFrame({"file": pd.Series(dtype="str"), "rows_in_table": pd.Series(dtype="int64")})
    )
    both = used[["kind", "file", "rows_accepted"]].merge(held_frame, on="file", how="outer")
    both["kind"] = both["kind"].fillna("(no file of the data-quality table)")
    both = both.fillna({"rows_accepted": 0, "rows_in_table": 0}).astype(
        {"rows_accepted": "int64", "rows_in_table": "int64"}
    )
    return both[both["rows_accepted"] != both["rows_in_table"]].reset_index(drop=True)


def count_mismatch_reason(mismatches: pd.DataFrame) -> str:
    """One line for a run stopped by :func:`count_mismatches`: the kinds, the rows reported and held."""
    per_kind = mismatches.groupby("kind", sort=True)[["rows_accepted", "rows_in_table"]].sum()
    kinds = "; ".join(
        f"{kind}: {row.rows_accepted:,} rows reported as used, {row.rows_in_table:,} in the table"
        for kind, row in per_kind.iterrows()
    )
    return (
        f"the canonical tables do not hold the rows the data-quality table reports as used, in {len(mismatches)} "
        f"file(s) ({kinds}); no report was written. Delete the processed folder's 'protected/cache' and run again; "
        "if it happens again, report it"
    )
