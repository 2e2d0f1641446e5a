"""The administration page's headline figures ("What matters this year"): one row per finding, with the figure,
its n, the report table it is taken from and the sentence the page shows (``administration_findings.csv``).

A finding the data cannot support this year (no cost files, no beginning cohort followed a year, ratings withheld,
no teacher beyond the induction year, no induction-year teacher) has no row.
"""

from __future__ import annotations

import pandas as pd

from induction_analysis.metrics import dese

COLUMNS = [
    "school_year",
    "finding",
    "value",
    "unit",
    "n",
    "total_usd",
    "ci_low_pct",
    "ci_high_pct",
    "benchmark_pct",
    "cohorts_included",
    "teachers_behind",
    "source_table",
    "sentence",
]

# the findings, in the page's order, and what each value is
FINDINGS = {
    "program_cost": "cost per new teacher, US dollars (budget_summary.cost_per_new_teacher_usd)",
    "retention_one_year": "beginning teachers still teaching a year later, % (retention_summary, group all)",
    "proficiency": "new teachers rated Proficient or Exemplary, summative, % (proficiency, all new teachers)",
    "fifty_hours": "Initial-license teachers beyond the induction year who completed the 50 hours (mentoring_hours)",
    "mentor_within_two_weeks": "induction-year teachers with a mentor within two weeks of starting, % "
    "(as the DESE report's figure)",
}


def _of_year(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    return frame[frame["school_year"] == year] if len(frame) else frame


def administration_findings(
    year: str,
    budget_summary: pd.DataFrame,
    retention_summary: pd.DataFrame,
    proficiency: pd.DataFrame,
    mentoring_hours: pd.DataFrame,
) -> pd.DataFrame:
    """``administration_findings.csv``: the headline figures of ``year`` (see the module's text), from the report
    tables of the same run."""
    rows = []

    def add(finding: str, value, unit: str, n, source: str, sentence: str, **parts) -> None:
        rows.append(
            {
                "school_year": year,
                "finding": finding,
                "value": float(value),
                "unit": unit,
                "n": int(n),
                **parts,
                "source_table": source,
                "sentence": sentence,
            }
        )

    b = _of_year(budget_summary, year)
    if len(b) and pd.notna(b.iloc[0]["cost_per_new_teacher_usd"]):
        r = b.iloc[0]
        add(
            "program_cost",
            r["cost_per_new_teacher_usd"],
            "usd",
            r["new_teachers"],
            "budget_summary",
            f"The program cost ${r['total_usd']:,.0f} this year, ${r['cost_per_new_teacher_usd']:,.0f} per new "
            f"teacher (n = {int(r['new_teachers'])}).",
            total_usd=float(r["total_usd"]),
        )
    one = retention_summary[retention_summary["years_since_start"] == 1] if len(retention_summary) else None
    if one is not None and (one["group"] == "all").any():
        a = one[one["group"] == "all"].iloc[0]
        benchmark = float(a["benchmark_pct"])
        add(
            "retention_one_year",
            a["still_teaching_pct"],
            "%",
            a["n_cohort"],
            "retention_summary",
            f"{a['still_teaching_pct']:.0f}% of beginning teachers were still teaching in the district a year later "
            f"(n = {int(a['n_cohort'])}, cohorts {a['cohorts_included']}); the national benchmark is {benchmark}%.",
            benchmark_pct=benchmark,
            cohorts_included=a["cohorts_included"],
        )
    pr = _of_year(proficiency, year)
    cur = pr[(pr["breakdown"] == "all new teachers") & (pr["rating_of"] == "summative")] if len(pr) else pr
    if len(cur) and not bool(cur.iloc[0]["suppressed"]):
        c = cur.iloc[0]
        add(
            "proficiency",
            c["proficient_pct"],
            "%",
            c["n_teachers"],
            "proficiency",
            f"{c['proficient_pct']:.0f}% of new teachers were rated Proficient or Exemplary "
            f"(95% interval {c['ci_low_pct']:.0f}-{c['ci_high_pct']:.0f}%, n = {int(c['n_teachers'])}).",
            ci_low_pct=float(c["ci_low_pct"]),
            ci_high_pct=float(c["ci_high_pct"]),
        )
    h = _of_year(mentoring_hours, year)
    fifty = h[(h["program_year"] > 1) & h["fifty_hours_status"].notna()] if len(h) else h
    if len(fifty):
        done = int((fifty["fifty_hours_status"] == "completed").sum())
        behind = int((fifty["fifty_hours_status"] == "behind").sum())
        add(
            "fifty_hours",
            done,
            "teachers",
            len(fifty),
            "mentoring_hours",
            f"{done} of {len(fifty)} Initial-license teachers beyond the induction year have completed the 50 hours; "
            f"{behind} are behind.",
            teachers_behind=behind,
        )
    share, n = dese.two_week_share(mentoring_hours, year)
    if n:
        add(
            "mentor_within_two_weeks",
            share,
            "%",
            n,
            "mentoring_hours",
            f"{share:.0f}% of new teachers had a mentor within two weeks of starting (n = {n}).",
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("n", "teachers_behind"):
        out[col] = out[col].astype("Int64")
    for col in ("value", "total_usd", "ci_low_pct", "ci_high_pct", "benchmark_pct"):
        out[col] = out[col].astype("float64")
    return out
