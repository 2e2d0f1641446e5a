"""Standards coverage: which standards and indicators of the year's framework each pair's
collaborative logs addressed, how often, for how long, and since when.

A contact that names several codes counts once (with all its minutes) for each
indicator it names; a code naming only a standard ("III") counts for the standard,
not for any indicator. Pairs come from the roster (a mentee with no logs has zero
everywhere); contacts of a mentee the roster does not know form a pair of their own.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.frameworks import Framework
from induction_analysis.metrics import pairs as pairs_mod
from induction_analysis.metrics.rates import pct

PAIR_COLUMNS = ["school_year", "mentee_key", "mentee_id", "mentor_id", "school", "program_year", "has_mentor"]


def check_date(school_year: str, month: int, day: int) -> pd.Timestamp:
    """The date in ``school_year`` by which every standard should have been addressed (March 1 by default)."""
    y = schoolyear.start_year(school_year)
    return pd.Timestamp(date(y if month >= 7 else y + 1, month, day))


def _pair_frame(p: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """Roster pairs plus pairs known only from the logs."""
    known = p[PAIR_COLUMNS] if not p.empty else pd.DataFrame(columns=PAIR_COLUMNS)
    if log.empty:
        return known.reset_index(drop=True)
    from_log = log.assign(mentee_key=pairs_mod.log_keys(log))
    from_log = (
        from_log.sort_values("date")
        .groupby(["school_year", "mentee_key"], as_index=False)
        .agg(mentee_id=("mentee_id", "first"), mentor_id=("mentor_id", "first"))
    )
    merged = from_log.merge(known[["school_year", "mentee_key"]], how="left", indicator=True)
    extra = (
        merged[merged["_merge"] == "left_only"]
        .drop(columns="_merge")
        .assign(school=pd.NA, program_year=pd.NA, has_mentor=True)
    )
    out = pd.concat([known, extra[PAIR_COLUMNS]], ignore_index=True) if len(extra) else known
    return out.reset_index(drop=True)


def coverage(
    log: pd.DataFrame,
    log_standards: pd.DataFrame,
    roster_pairs: pd.DataFrame,
    frameworks_by_year: dict[str, Framework],
    check_month: int = 3,
    check_day: int = 1,
) -> pd.DataFrame:
    """``standards_coverage.csv``: one row per pair and framework item (``level`` standard or indicator),
    with ``contacts``, ``minutes``, ``first_date``, ``first_month``, ``addressed`` and
    ``untouched_by_check`` (no contact addressed it before the year's check date)."""
    pair_frame = _pair_frame(roster_pairs, log)
    rows = []
    for year, fw in sorted(frameworks_by_year.items()):
        items = fw.table[["standard", "indicator"]].drop_duplicates()
        std_items = pd.DataFrame({"level": "standard", "standard": fw.standards, "indicator": pd.NA})
        ind_items = items.assign(level="indicator")[["level", "standard", "indicator"]]
        grid = pair_frame[pair_frame["school_year"] == year].merge(pd.concat([std_items, ind_items]), how="cross")
        if grid.empty:
            continue
        codes = log_standards[log_standards["school_year"] == year].merge(
            log[["contact_id", "date", "minutes", "mentee_id"]], on="contact_id"
        )
        codes = codes.assign(mentee_key=pairs_mod.log_keys(codes))
        stats = []
        for level, keys in (("indicator", ["standard", "indicator"]), ("standard", ["standard"])):
            sub = codes if level == "standard" else codes[codes["indicator"].notna()]
            # one contact naming two indicators of a standard counts once for the standard
            sub = sub.drop_duplicates(["contact_id", *keys])
            agg = sub.groupby(["mentee_key", *keys], as_index=False).agg(
                contacts=("contact_id", "size"), minutes=("minutes", "sum"), first_date=("date", "min")
            )
            stats.append(agg.assign(level=level))
        stats = pd.concat(stats, ignore_index=True)
        grid = grid.merge(stats, on=["mentee_key", "level", "standard", "indicator"], how="left")
        grid["school_year"] = year
        rows.append(grid)
    columns = [
        "school_year",
        "mentee_key",
        "mentee_id",
        "mentor_id",
        "school",
        "program_year",
        "has_mentor",
        "level",
        "standard",
        "indicator",
        "contacts",
        "minutes",
        "first_date",
        "first_month",
        "addressed",
        "untouched_by_check",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)
    out["contacts"] = out["contacts"].fillna(0).astype("int64")
    out["minutes"] = out["minutes"].fillna(0.0).astype("float64")
    out["first_date"] = pd.to_datetime(out["first_date"])
    out["first_month"] = out["first_date"].dt.strftime("%Y-%m").astype("str")
    out["addressed"] = out["contacts"] > 0
    checks = out["school_year"].map(
        {y: check_date(y, check_month, check_day) for y in out["school_year"].dropna().unique()}
    )
    out["untouched_by_check"] = ~(out["first_date"] < checks)
    return (
        out[columns]
        .sort_values(["school_year", "mentee_key", "level", "standard", "indicator"], na_position="first")
        .reset_index(drop=True)
    )


def by_pair(cov: pd.DataFrame) -> pd.DataFrame:
    """``standards_coverage_pairs.csv``: per pair, indicators and standards addressed over those in the
    framework, ``coverage_pct`` (indicators), the standards untouched by the check date and ``flagged``."""
    columns = [
        "school_year",
        "mentee_key",
        "mentee_id",
        "mentor_id",
        "school",
        "program_year",
        "has_mentor",
        "indicators_addressed",
        "indicators_total",
        "coverage_pct",
        "standards_addressed",
        "standards_total",
        "standards_untouched_by_check",
        "flagged",
    ]
    if cov.empty:
        return pd.DataFrame(columns=columns)
    keys = ["school_year", "mentee_key"]
    ind = (
        cov[cov["level"] == "indicator"]
        .groupby(keys)
        .agg(indicators_addressed=("addressed", "sum"), indicators_total=("addressed", "size"))
    )
    std = cov[cov["level"] == "standard"]
    s = std.groupby(keys).agg(standards_addressed=("addressed", "sum"), standards_total=("addressed", "size"))
    untouched = (
        std[std["untouched_by_check"]].groupby(keys)["standard"].agg(", ".join).rename("standards_untouched_by_check")
    )
    first = cov.drop_duplicates(keys).set_index(keys)[
        ["mentee_id", "mentor_id", "school", "program_year", "has_mentor"]
    ]
    out = first.join(ind).join(s).join(untouched).reset_index()
    out["standards_untouched_by_check"] = out["standards_untouched_by_check"].fillna("").astype("str")
    out["coverage_pct"] = pct(out["indicators_addressed"], out["indicators_total"])
    out["flagged"] = out["standards_untouched_by_check"] != ""
    return out[columns]


def program(cov: pd.DataFrame) -> pd.DataFrame:
    """``standards_coverage_program.csv``: per year and framework item, the pairs (new teachers with a
    mentor) that addressed it (``pairs_addressed_pct`` of ``n_pairs``)."""
    columns = [
        "school_year",
        "level",
        "standard",
        "indicator",
        "n_pairs",
        "pairs_addressed",
        "pairs_addressed_pct",
        "pairs_addressed_by_check",
        "contacts",
        "minutes",
    ]
    if cov.empty:
        return pd.DataFrame(columns=columns)
    cov = cov[cov["has_mentor"].astype(bool)]
    g = cov.assign(by_check=~cov["untouched_by_check"]).groupby(
        ["school_year", "level", "standard", "indicator"], dropna=False, sort=False
    )
    out = g.agg(
        n_pairs=("mentee_key", "size"),
        pairs_addressed=("addressed", "sum"),
        pairs_addressed_by_check=("by_check", "sum"),
        contacts=("contacts", "sum"),
        minutes=("minutes", "sum"),
    ).reset_index()
    out["pairs_addressed_pct"] = pct(out["pairs_addressed"], out["n_pairs"])
    return out[columns]
