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
TABLES = ("data_quality", "rejected_rows", "row_warnings", "assumptions", "job_titles")  # written by ingest to tables/ as CSV


def suggestions(tables_dir: str | Path) -> str:
    """The config lines ingest suggested (empty when everything was recognized)."""
    path = Path(tables_dir) / SUGGESTIONS_FILE
    return path.read_text("utf-8") if path.exists() else ""


def notes_on_used_files(dq: pd.DataFrame) -> pd.DataFrame:
    """Files that were used but carry a note (total rows dropped, a column not used, Windows text...)."""
    used = dq[dq["kind"].notna() & dq["problem"].fillna("").str.len().gt(0)]
    return used[["file", "kind", "problem"]].rename(columns={"problem": "note"}).reset_index(drop=True)


def load(tables_dir: str | Path) -> dict[str, pd.DataFrame]:
    tables_dir = Path(tables_dir)
    return {
        name: pd.read_csv(tables_dir / f"{name}.csv", dtype={"row": "Int64"}, keep_default_na=False, na_values=[""])
        if (tables_dir / f"{name}.csv").exists() else pd.DataFrame()
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
    out = g.agg(n=("file", "nunique"), first=("file", lambda f: ", ".join(list(dict.fromkeys(f))[:files_shown])),
                evidence=("evidence", lambda e: "; ".join(list(dict.fromkeys(x for x in e if x))[:files_shown]))).reset_index()
    out["files"] = [f"{first}" + (f" and {n - files_shown} more" if n > files_shown else "") for first, n in zip(out["first"], out["n"])]
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
