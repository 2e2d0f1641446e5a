"""The dashboards' sections: each reads the report tables (and, for lead mentors, the names of
the pairs), draws its charts and returns escaped HTML. The notebooks only call these.

Audiences: lead-mentor pages name the pairs (the lead mentors know them) and may quote open
comments, HTML-escaped; administration and DESE pages show no names and no comments.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import sys
from pathlib import Path

import pandas as pd

from induction_analysis import audiences, privacy
from induction_analysis.ingest import ingest
from induction_analysis.metrics import analyses, feedback, pairs, themes
from induction_analysis.report import reads
from induction_analysis.report.page_names import DISTRICT_LEAD_PAGE


def _lazy_module(name: str):
    """``name``, loaded when first used (importlib's LazyLoader): a run's main process works out every
    page's fingerprint with this module, and never draws, so it need not import matplotlib (1 s or more)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


charts = _lazy_module("induction_analysis.report.charts")

SUPPRESSED = "withheld (small group)"


def esc(text: object) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def p(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def table_html(frame: pd.DataFrame, columns: dict[str, str] | None = None, max_rows: int | None = None) -> str:
    """An escaped HTML table; withheld cells say so; column names in words."""
    d = frame.copy()
    if "suppressed" in d:
        hidden = d["suppressed"]
        for col in d.columns:
            if col.endswith("_pct") or col in ("proficient_or_better", "n_with_outcome", "mean_score", "change_mean"):
                d[col] = d[col].astype("object").where(~hidden, SUPPRESSED)
        d = d.drop(columns="suppressed")
    if columns:
        d = d[list(columns)].rename(columns=columns)
    more = ""
    if max_rows is not None and len(d) > max_rows:
        more = p(f"... and {len(d) - max_rows} more rows in the CSV table.")
        d = d.head(max_rows)
    d = d.astype("object").map(_cell)
    return d.to_html(index=False, escape=True, border=0, classes="dataframe") + more


def _cell(v: object) -> object:
    """Counts with separators, measures with one decimal (0.0 only when exact), missing as empty."""
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        f = float(v)
        return f"{f:,.0f}" if f.is_integer() else f"{f:,.1f}"
    return v


def no_data(what: str) -> str:
    return f"<p><em>{esc(what)}</em></p>"


def _year(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    return frame[frame["school_year"] == year] if "school_year" in frame and len(frame) else frame


# ------------------------------------------------------------------ lead mentors
LEAD_MENTOR_TABLES = reads.LEAD_MENTOR_TABLES  # the report tables these pages read (made first)


LEAD_MENTOR_CANONICAL = reads.LEAD_MENTOR_CANONICAL
_loaded: dict[str, object] = {}  # the last sources read in this process, and the state of their files


def lead_mentor_sources(tables_dir: str, processed_dir: str) -> dict[str, object]:
    """Everything the lead-mentor pages read. A run renders a page per school, many in one rendering process:
    the files are read once per process and read again only when one of them has changed (size or time)."""
    files = (
        [analyses.typed_path(tables_dir, n) for n in LEAD_MENTOR_TABLES]
        + [Path(processed_dir) / f"{n}.parquet" for n in LEAD_MENTOR_CANONICAL]
        + [privacy.people_path(processed_dir)]
    )
    state = [
        (str(f.resolve()), f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else (str(f), None, None)
        for f in files
    ]
    if _loaded.get("state") != state:
        out: dict[str, object] = {n: analyses.read(tables_dir, n) for n in LEAD_MENTOR_TABLES}
        out.update(ingest.load_tables(processed_dir, list(LEAD_MENTOR_CANONICAL)))
        out["people"] = privacy.read_people(processed_dir)
        out["names"] = privacy.names_of(out["people"])
        out["roster_pairs"] = pairs.pairs(out["roster"])
        out[BY_YEAR] = {}  # filled by the pages (:func:`_of_year`): read again, the files give a new one
        _loaded.update(state=state, sources=out)
    return dict(_loaded["sources"])  # the frames are never changed in place (copy-on-write)


BY_YEAR = "by year"  # in the sources: per school year, each table's rows of that year, split by school
ROW_HASHES = "row hashes"  # in a year's split: per table, the hash of each row (pandas' hash_pandas_object)
YEAR_TABLES = ("roster_pairs", "standards_coverage", "standards_coverage_pairs", "mentoring_hours", "mentoring_monthly")


def _of_year(t: dict[str, object], year: str) -> dict[str, tuple[pd.DataFrame, dict[str, pd.DataFrame]]]:
    """Per table of :data:`YEAR_TABLES`, its rows of ``year`` and those rows by school; the mentor pool (no
    year) by school. Worked out once per sources and year: a run shows a page per school, and a rerun works
    out every page's fingerprint (a filter of the whole tables per school took 1.6 s of 63 pages)."""
    cache = t[BY_YEAR]
    if year not in cache:

        def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
            return frame, ({school: part for school, part in frame.groupby("school", sort=False)} if len(frame) else {})

        cache[year] = {name: split(_year(t[name], year)) for name in YEAR_TABLES}
        cache[year]["mentor_pool"] = split(t["mentor_pool"])
        # each row's hash, once per table (a row's hash is the same in any part of its table): a page's
        # fingerprint takes its rows' hashes by their labels, not hashing its parts again (2.3 s of a rerun's
        # 65 fingerprints, profiled); a page's tables are only ever filtered, never given new labels
        cache[year][ROW_HASHES] = {
            name: pd.util.hash_pandas_object(frame, index=False) for name, (frame, _) in cache[year].items()
        }
    return cache[year]


class LeadMentorView:
    """A lead-mentor page: the district (schools side by side) or one school (its pairs, by name).
    A school's page holds only its school's rows; the district-wide group sessions are on the district page."""

    def __init__(
        self,
        tables_dir: str,
        processed_dir: str,
        year: str,
        school: str | None = None,
        show_names: bool = True,
        sources: dict[str, object] | None = None,
        *,
        audience: str,
    ):
        # names only where audiences.shows_names allows them: to lead mentors, while the config's
        # [privacy] lead_mentor_names (show_names) is on; any other audience gets pseudonymous ids
        show_names = audiences.shows_names(audience, show_names)
        self.year, self.school, self.show_names = year, school, show_names
        t = sources if sources is not None else lead_mentor_sources(tables_dir, processed_dir)
        of_year = _of_year(t, year)

        self._row_hashes: dict[str, pd.Series] = {}  # per attribute taken from a table: its table's row hashes

        def keep(name: str, attribute: str) -> pd.DataFrame:  # the table's rows of the year (and of the school)
            frame, by_school = of_year[name]
            self._row_hashes[attribute] = of_year[ROW_HASHES][name]
            return frame if not school else by_school.get(school, frame.iloc[0:0])

        self.pool = keep("mentor_pool", "pool")
        self.pool_coverage = t["mentor_pool_coverage"] if not school else t["mentor_pool_coverage"].iloc[0:0]
        roster_pairs = t["roster_pairs"]
        # names from the protected lookup, or the pseudonymous ids when names are not to be shown
        self.names = t["names"] if show_names else {}
        self.roster_pairs = keep("roster_pairs", "roster_pairs")
        self.cov = keep("standards_coverage", "cov")
        self.cov = self.cov[self.cov["has_mentor"]]
        self.cov_pairs = keep("standards_coverage_pairs", "cov_pairs")
        self.cov_pairs = self.cov_pairs[self.cov_pairs["has_mentor"]]
        self.hours = keep("mentoring_hours", "hours")
        self.monthly = keep("mentoring_monthly", "monthly")
        self.items = _year(t["survey_items"], year) if not school else t["survey_items"].iloc[0:0]
        self.rates = _year(t["response_rates"], year) if not school else t["response_rates"].iloc[0:0]
        self.comments = (
            _year(feedback.open_comments(t["exit_ticket"], t["stakeholder_survey"]), year)
            if not school and show_names
            else None
        )
        # "new teacher (mentor)" for every pair this page shows (a school's page: its pairs only)
        shown = (
            set().union(
                *(
                    f["mentee_key"]
                    for f in (self.cov, self.cov_pairs, self.hours, self.monthly, self.roster_pairs)
                    if "mentee_key" in f
                )
            )
            if school
            else None
        )
        named = roster_pairs if shown is None else roster_pairs[roster_pairs["mentee_key"].isin(shown)]
        # (three columns zipped, not itertuples: that converts every column's cells, dates included)
        self.labels = {
            mentee: f"{self.name(mentee)} ({self.name(mentor) if has_mentor else 'no mentor'})"
            for mentee, mentor, has_mentor in zip(named["mentee_key"], named["mentor_key"], named["has_mentor"])
        }

    def digest(self) -> str:
        """A fingerprint of everything this page shows: its tables' rows, and the names it prints
        (a run renders again only the pages whose fingerprint changed)."""
        h = hashlib.sha256(repr((self.year, self.school, self.show_names)).encode())
        for name, value in sorted(vars(self).items()):
            if isinstance(value, pd.DataFrame):
                h.update(name.encode())
                h.update(",".join(map(str, value.columns)).encode())
                rows = self._row_hashes.get(name)  # rows of a table: their hashes, worked out once for the table
                hashes = rows.loc[value.index] if rows is not None else pd.util.hash_pandas_object(value, index=False)
                h.update(hashes.to_numpy().tobytes())
        names = {k: self.names.get(k) for k in [*self.labels, *self.pool.get("mentor_id", [])]}
        h.update(repr(sorted(self.labels.items())).encode() + repr(sorted(names.items(), key=str)).encode())
        return h.hexdigest()

    def name(self, person_id: str) -> str:
        return self.names.get(person_id, person_id)

    @property
    def heading(self) -> str:
        where = self.school or "all schools"
        n = self.hours["has_mentor"].sum()
        return (
            f"# Lead mentors: {where}, {self.year}\n\n{len(self.hours)} new teachers in the roster, {n} with a mentor."
        )

    def coverage_section(self) -> str:
        if self.cov.empty:
            return no_data("No pairs with a mentor for this year (no roster or no collaborative logs).")
        indicators = list(dict.fromkeys(self.cov.loc[self.cov["level"] == "indicator", "indicator"]))
        if self.school:
            out = [charts.coverage_grid(self.cov, self.labels, indicators)]
        else:  # the district: schools, not pairs; each school's page has its pairs
            out = [
                charts.coverage_by_school_grid(self.cov, indicators),
                p("Each school's page shows its pairs, indicator by indicator."),
            ]
        per = self.cov_pairs
        flagged = per[per["flagged"]].assign(pair=lambda d: d["mentee_key"].map(self.labels).fillna(d["mentee_key"]))
        std = self.cov[self.cov["level"] == "standard"].groupby("standard")["addressed"].mean().mul(100).round(0)
        # a pair the logs name with a new teacher the roster does not know counts here, not in the roster's counts
        logs_only = int((~per["mentee_key"].isin(self.roster_pairs["mentee_key"])).sum()) if len(per) else 0
        known_from_logs = (
            (
                f", of which {logs_only} known only from the logs: a new teacher the roster does not list, "
                "see row_warnings.csv"
            )
            if logs_only
            else ""
        )
        out.append(
            p(
                "Share of pairs that addressed each standard this year: "
                + "; ".join(f"Standard {s}: {v:.0f}%" for s, v in std.items())
                + f" (n = {len(per)} pairs{known_from_logs})."
            )
        )
        if flagged.empty:
            out.append(p("Every pair addressed every standard before the check date."))
        else:
            out.append(
                p(f"{len(flagged)} pair(s) had not addressed a standard by the check date (March 1 unless configured):")
            )
            out.append(
                table_html(
                    flagged.sort_values("pair"),
                    {
                        "pair": "pair (mentee, mentor)",
                        "standards_untouched_by_check": "untouched by the check date",
                        "coverage_pct": "indicators addressed (%)",
                    },
                )
            )
        return "\n".join(out)

    def time_section(self) -> str:
        h = self.hours[self.hours["has_mentor"]]
        if h.empty or self.monthly.empty:
            return no_data("No mentoring time to show for this year (no roster or no collaborative logs).")
        expected = float(self.monthly["meetings_expected"].max())
        if self.school:  # a school: its pairs month by month; the district: the mean of all pairs
            out = [charts.cadence_grid(self.monthly, self.labels, expected)]
        else:
            fig, alt = charts.cadence_chart(self.monthly, expected)
            out = [charts.figure_html(fig, alt)]
        obs = h["observations_complete"]
        late = h[(h["program_year"] == 1) & (h["days_to_assignment"] > 14)]
        out.append(
            p(
                f"{obs.sum()} of {len(h)} pairs ({100 * obs.mean():.0f}%) completed the expected observations "
                f"({int(h['observations_of_mentee_expected'].max())} of the mentee, "
                f"{int(h['observations_by_mentee_expected'].max())} by the mentee). "
                f"{len(late)} mentor(s) were assigned more than two weeks after the new teacher's first day."
            )
        )
        low = h[h["meetings_pct_of_expected"] < 50].assign(
            pair=lambda d: d["mentee_key"].map(self.labels).fillna(d["mentee_key"])
        )
        if len(low):
            out.append(p(f"{len(low)} pair(s) met less than half as often as expected:"))
            out.append(
                table_html(
                    low.sort_values("meetings_pct_of_expected"),
                    {
                        "pair": "pair",
                        "hours": "hours",
                        "meetings": "meetings",
                        "meetings_expected": "expected",
                        "observations_of_mentee": "observations of mentee",
                        "observations_by_mentee": "observations by mentee",
                    },
                )
            )
        return "\n".join(out)

    def fifty_hours_section(self) -> str:
        h = (
            self.hours[self.hours["fifty_hours_status"].notna() & (self.hours["program_year"] > 1)]
            if len(self.hours)
            else self.hours
        )
        if h.empty:
            return no_data("No Initial-license teacher beyond the induction year this year.")
        if not self.school:  # the district: status by school; each school's page has its teachers one by one
            fig, alt = charts.fifty_hours_by_school_chart(h)
            behind = h[h["fifty_hours_status"] == "behind"].assign(teacher=lambda d: d["mentee_key"].map(self.labels))
            return (
                charts.figure_html(fig, alt)
                + p("Status per the data dictionary (mentoring_hours.csv). Teachers behind, fewest hours first:")
                + table_html(
                    behind.sort_values("hours_beyond_induction_cumulative"),
                    {
                        "teacher": "teacher (mentor)",
                        "school": "school",
                        "hours_beyond_induction_cumulative": "hours so far",
                        "fifty_hours_projected": "projected at the current pace",
                    },
                    max_rows=40,
                )
            )
        return charts.fifty_hours_table(h, self.labels) + p(
            "Hours so far: logged after the induction year, all years together; the bar fills the cell at 50. "
            "Projected: where the "
            "teacher will be at the current pace by the end of the years the district allows. Status per the data "
            "dictionary "
            "(mentoring_hours.csv)."
        )

    def sessions_section(self) -> str:
        if self.school:
            return (
                f"<p>Group sessions and the program survey are the same for every school: see "
                f'<a href="{DISTRICT_LEAD_PAGE}">the district page</a>.</p>'
            )
        et = self.items[self.items["kind"] == "exit_ticket"] if len(self.items) else self.items
        if et.empty:
            return no_data("No exit tickets for this year.")
        fig, alt = charts.sessions_chart(et)
        out = [charts.figure_html(fig, alt)]
        rr = self.rates[self.rates["kind"] == "exit_ticket"]
        if len(rr):
            out.append(
                table_html(
                    rr,
                    {
                        "session": "session",
                        "n_responses": "responses",
                        "n_invited": "induction-year teachers",
                        "response_rate_pct": "response rate (%)",
                    },
                )
            )
        sv = self.items[self.items["kind"] == "stakeholder_survey"] if len(self.items) else self.items
        if len(sv):
            out.append("<h3>Program survey (spring)</h3>")
            out.append(
                table_html(
                    sv.sort_values(["item", "respondent_role"]),
                    {
                        "item": "question",
                        "respondent_role": "respondents",
                        "n_responses": "n",
                        "mean_score": "mean",
                        "favorable_pct": "favorable (%)",
                    },
                )
            )
        if self.comments is not None and len(self.comments):
            c = self.comments[self.comments["kind"] == "exit_ticket"]
            if len(c):
                out.append("<h3>What new teachers wrote (exit tickets, verbatim)</h3>")
                out.append(
                    table_html(
                        c.sample(min(25, len(c)), random_state=0).sort_values("session"),
                        {"session": "session", "item": "question", "answer": "answer"},
                    )
                )
        return "\n".join(out)

    def mentor_pool_section(self) -> str:
        mentors = pairs.mentor_list(self.roster_pairs)  # the pairs of the year (and of the school)
        if mentors.empty:
            return no_data("No mentors in the roster for this year.")
        mentors = mentors.rename(
            columns={"mentor_school": "school", "mentor_subject": "subject", "n_mentees": "mentees"}
        )
        mentors["mentor"] = mentors["mentor_key"].map(self.name)
        untrained = mentors[~pairs.trained(mentors)]
        out = [
            p(
                f"{len(mentors)} mentors this year, {pairs.trained_mentor_count(mentors)} trained; "
                f"{int((mentors['mentees'] > 1).sum())} mentor more than one new teacher. Unassigned new teachers: "
                f"{int((~self.roster_pairs['has_mentor']).sum())}."
            )
        ]
        if len(untrained):
            out.append(p("Mentors not yet trained:"))
            out.append(
                table_html(
                    untrained, {"mentor": "mentor", "school": "school", "subject": "subject", "mentees": "mentees"}
                )
            )
        return "\n".join(out)

    def next_year_pool_section(self) -> str:
        """The pool for next year: who is available, coverage of the hires, training due, leaving."""
        if self.pool.empty:
            return no_data("No mentor applications or mentors in the roster: the mentor pool is empty.")
        pool = self.pool.assign(mentor=self.pool["mentor_id"].map(self.name))
        available = pool[pool["available_next_year"]]
        counts = pool["status"].value_counts()
        out = [
            p(
                f"{len(available)} mentors are available next year (applied this spring, not refused, not leaving), "
                f"{int(available['capacity'].sum())} places. Status of everyone in the pool: "
                + "; ".join(f"{k}: {v}" for k, v in counts.items())
                + "."
            )
        ]
        cov = self.pool_coverage
        if not self.school and len(cov) and cov["new_hires"].sum() > 0:
            fig, alt = charts.pool_chart(cov)
            out.append(charts.figure_html(fig, alt))
            short = cov[cov["short_by"] > 0]
            if len(short):
                out.append(p("Short of mentor places:"))
                out.append(
                    table_html(
                        short,
                        {
                            "dimension": "by",
                            "value": "group",
                            "new_hires": "new hires",
                            "capacity": "places",
                            "short_by": "short by",
                        },
                    )
                )
        elif not self.school:
            out.append(
                p("No new hires of next year in the roster yet (add the new-hire sheet to the raw folder to compare).")
            )
        due = available[available["training_due"].fillna("") != ""]
        if len(due):
            out.append(p(f"{len(due)} available mentor(s) due for training before school starts:"))
            out.append(
                table_html(
                    due.sort_values(["training_due", "school"]),
                    {
                        "mentor": "mentor",
                        "school": "school",
                        "subject": "subject",
                        "training_due": "training due",
                        "refresher_year": "last refresher",
                    },
                )
            )
        leaving = pool[pool["leaving"]]
        out.append(p(f"{len(leaving)} mentor(s) leaving the district this year" + (":" if len(leaving) else ".")))
        if len(leaving):
            out.append(table_html(leaving, {"mentor": "mentor", "school": "school", "subject": "subject"}))
        return "\n".join(out)


# ------------------------------------------------------------------ administration
class AdministrationView:
    def __init__(self, tables_dir: str, year: str):
        self.year = year
        self.t = {
            n: analyses.read(tables_dir, n)
            for n in (
                "budget",
                "budget_summary",
                "proficiency",
                "retention_summary",
                "retention_annual",
                "mentoring_hours",
                "survey_items",
                "dese_annual_report",
                "comment_themes",
                "administration_findings",
            )
        }

    @property
    def heading(self) -> str:
        return f"# Induction and mentoring program, {self.year}: budget and effectiveness"

    def findings(self) -> list[str]:
        """The headline figures' sentences, as the administration_findings table has them (metrics/findings.py)."""
        return list(_year(self.t["administration_findings"], self.year)["sentence"])

    def summary_section(self) -> str:
        f = self.findings()
        if not f:
            return no_data("Not enough data for a summary this year.")
        return (
            '<div style="background:#f3f6fa;border-left:4px solid #0072B2;padding:0.5rem 1rem"><h2>What matters this '
            "year</h2><ul>" + "".join(f"<li>{esc(x)}</li>" for x in f) + "</ul></div>"
        )

    def budget_section(self) -> str:
        b, s = self.t["budget"], self.t["budget_summary"]
        if b.empty:
            return no_data("No cost files were found.")
        fig, alt = charts.budget_chart(b, s)
        return charts.figure_html(fig, alt) + table_html(
            s,
            {
                "school_year": "year",
                "total_usd": "total ($)",
                "district_usd": "district ($)",
                "title_ii_a_usd": "Title II-A ($)",
                "new_teachers": "new teachers",
                "retained_teachers": "retained next year",
                "cost_per_new_teacher_usd": "per new teacher ($)",
                "cost_per_retained_teacher_usd": "per retained teacher ($)",
                "total_change_pct": "change (%)",
            },
        )

    def proficiency_section(self) -> str:
        pr = self.t["proficiency"]
        if pr.empty:
            return no_data("No evaluation ratings of new teachers were found.")
        fig, alt = charts.proficiency_chart(pr)
        cur = pr[(pr["school_year"] == self.year) & (pr["rating_of"] == "summative")]
        return (
            charts.figure_html(fig, alt)
            + p(f"{self.year}, summative ratings, by group:")
            + table_html(
                cur,
                {
                    "breakdown": "breakdown",
                    "group": "group",
                    "n_teachers": "n",
                    "proficient_pct": "Proficient or better (%)",
                    "ci_low_pct": "95% interval from",
                    "ci_high_pct": "to",
                },
            )
        )

    def retention_section(self) -> str:
        rs = self.t["retention_summary"]
        if rs.empty:
            return no_data("Retention needs the HR export of at least two school years.")
        fig, alt = charts.retention_chart(rs)
        out = [
            charts.figure_html(fig, alt),
            p(
                "Recent cohorts not yet observed long enough are left out, not averaged in "
                "(see cohorts_not_yet_observed in retention_summary.csv)."
            ),
        ]
        out.append(
            table_html(
                self.t["retention_annual"],
                {
                    "school_year": "year",
                    "n_teachers": "teachers",
                    "stay_pct": "stayed (%)",
                    "transfer_pct": "transferred (%)",
                    "leave_pct": "left teaching here (%)",
                    "left_district": "left the district",
                    "changed_role": "changed role",
                },
            )
        )
        return "\n".join(out)

    def fifty_hours_section(self) -> str:
        h = _year(self.t["mentoring_hours"], self.year)
        if h.empty:
            return no_data("No roster for this year.")
        counts = h[h["program_year"] > 1]["fifty_hours_status"].value_counts()
        rows = pd.DataFrame({"status": counts.index, "teachers": counts.to_numpy()})
        return p("Initial-license teachers beyond the induction year, by progress toward the 50 hours:") + table_html(
            rows
        )

    def satisfaction_section(self) -> str:
        s = _year(self.t["survey_items"], self.year)
        s = s[s["kind"] == "stakeholder_survey"] if len(s) else s
        if s.empty:
            return no_data("No program survey for this year.")
        return table_html(
            s.sort_values(["item", "respondent_role"]),
            {
                "item": "question",
                "respondent_role": "respondents",
                "n_responses": "n",
                "mean_score": "mean (1-5)",
                "favorable_pct": "favorable (%)",
            },
        )

    # ------------------------------------------------------------------ DESE
    def themes_section(self) -> str:
        """Counts only: how many journal entries and comments carried each theme (no text on this page)."""
        ct = self.t["comment_themes"]
        year = ct[(ct["school_year"] == self.year) & (ct["month"] == themes.ALL)] if len(ct) else ct
        if year.empty:
            return no_data("No reflection journals or open comments were found for this year.")
        wide = year.pivot_table(
            index=["theme", "theme_label"], columns="source", values="entries_with_theme", sort=False
        ).reset_index()
        wide.columns.name = None
        n = year.drop_duplicates("source").set_index("source")["entries"]
        columns = {"theme_label": "theme"}
        for source, label in {**themes.SOURCES, themes.ALL: "all sources"}.items():
            if source in wide:
                columns[source] = f"{label} (of {int(n[source]):,})"
        allrow = year[year["source"] == themes.ALL].set_index("theme")["share_pct"]
        wide["share"] = wide["theme"].map(allrow)
        columns["share"] = "share of all entries (%)"
        top = year[(year["source"] == themes.ALL) & (year["theme"] != themes.NO_THEME)].sort_values(
            "entries_with_theme", ascending=False
        )
        lead = (
            p(
                f"Mentors' reflection journals and the open comments of exit tickets and surveys "
                f"({int(n.get(themes.ALL, 0)):,} entries) "
                f"most often raised {top.iloc[0]['theme_label'].lower()} ({top.iloc[0]['share_pct']:.0f}%) and "
                f"{top.iloc[1]['theme_label'].lower()} ({top.iloc[1]['share_pct']:.0f}%). Counts only: the lead "
                f"mentors read the entries."
            )
            if len(top) >= 2
            else ""
        )
        return lead + table_html(wide, columns)


# ------------------------------------------------------------------ themes (lead mentors)
# What the themes page reads (its fingerprint covers these, and the people lookup): a fixed log leaves it as it was
THEMES_TABLES = reads.THEMES_TABLES  # made without the log: rendered once those are written
THEMES_CANONICAL = reads.THEMES_CANONICAL


class ThemesView:
    """The lead-mentor themes page: trends over the year, by source, emergent candidates and quotes."""

    def __init__(
        self, tables_dir: str, processed_dir: str, year: str, codebook: str = "default", quotes_per_theme: int = 3
    ):
        self.year = year
        ct, em = (analyses.read(tables_dir, name) for name in THEMES_TABLES)
        self.ct = ct[ct["school_year"] == year] if len(ct) else ct
        self.emergent = em[em["school_year"] == year] if len(em) else em
        self.codebook = themes.load_codebook(codebook)
        canon = ingest.load_tables(processed_dir, list(THEMES_CANONICAL))
        entries = themes.entries(canon["reflection_journal"], canon["exit_ticket"], canon["stakeholder_survey"])
        entries = entries[
            entries["school_year"] == year
        ]  # quotes are of the year: the other years' entries are not coded
        names = themes.role_names(privacy.read_people(processed_dir))
        self.quotes = themes.quotes(
            entries, themes.code(entries, self.codebook), self.codebook, names, year, quotes_per_theme
        )

    @property
    def heading(self) -> str:
        n = (
            self.ct[(self.ct["source"] == themes.ALL) & (self.ct["month"] == themes.ALL)]["entries"]
            if len(self.ct)
            else []
        )
        total = int(n.iloc[0]) if len(n) else 0
        return (
            f"# What mentors and new teachers say, {self.year}\n\n{total:,} entries: mentor reflection journals and "
            f"the open "
            f"comments of exit tickets and surveys, tagged with the themes of the codebook ({self.codebook.source})."
        )

    def trend_section(self, source: str = themes.ALL) -> str:
        d = self.ct[(self.ct["source"] == source) & (self.ct["month"] != themes.ALL)] if len(self.ct) else self.ct
        d = d[d["month"].str.fullmatch(r"\d{4}-\d{2}")] if len(d) else d
        if d.empty or d.loc[d["entries"] >= charts.MIN_MONTH_ENTRIES, "month"].nunique() < 2:
            return no_data(f"Not enough months with {charts.MIN_MONTH_ENTRIES} entries or more for a trend.")
        fig, alt = charts.theme_trend_chart(d)
        left_out = sorted(set(d.loc[d["entries"] < charts.MIN_MONTH_ENTRIES, "month"]))
        return charts.figure_html(
            fig,
            alt,
            "Share of the month's entries that carry each theme; an entry can carry several. "
            "n under each month: entries that month."
            + (f" Left out, under {charts.MIN_MONTH_ENTRIES} entries: {', '.join(left_out)}." if left_out else ""),
        )

    def sources_section(self) -> str:
        d = self.ct[self.ct["month"] == themes.ALL] if len(self.ct) else self.ct
        if d.empty:
            return no_data("No entries this year.")
        fig, alt = charts.theme_sources_chart(d, themes.SOURCES)
        table = d[d["source"] == themes.ALL]
        return charts.figure_html(fig, alt) + table_html(
            table, {"theme_label": "theme", "entries_with_theme": "entries", "share_pct": "share of all entries (%)"}
        )

    def emergent_section(self) -> str:
        if self.emergent.empty:
            return no_data("No recurring words among the entries the codebook does not cover.")
        return p(
            "Entries no theme covers were searched for words that recur together. Each group is a candidate: if it "
            "names something the program should count, add it to the codebook with its words."
        ) + table_html(
            self.emergent, {"candidate": "candidate", "terms": "words that recur together", "entries": "entries"}
        )

    def quotes_section(self) -> str:
        if self.quotes.empty:
            return no_data("No entries to quote this year.")
        out = [
            p(
                "A few entries per theme, where its words occur most; names are replaced by roles, and entries marked "
                "private are never shown. For lead mentors only."
            )
        ]
        for label, group in self.quotes.groupby("theme_label", sort=False):
            out.append(f"<h3>{esc(label)}</h3><ul>")
            out += [
                f"<li>{esc(q.quote)} <small>({esc(themes.SOURCES.get(q.source, q.source))}, "
                f"{esc(q.month)})</small></li>"
                for q in group.itertuples()
            ]
            out.append("</ul>")
        return "\n".join(out)


class DeseView:
    def __init__(self, tables_dir: str, year: str, workbook: str):
        self.year, self.workbook = year, workbook
        self.report = analyses.read(tables_dir, "dese_annual_report")
        self.teachers = analyses.read(tables_dir, "dese_beginning_teachers")
        self.mentors = analyses.read(tables_dir, "dese_mentors")

    @property
    def heading(self) -> str:
        return (
            f"# Annual induction and mentoring report to DESE, {self.year}\n\n603 CMR 7.12(3). The same figures, "
            f"formatted for "
            f"copying, are in the workbook [{Path(self.workbook).name}]({Path(self.workbook).name})."
        )

    def figures_section(self) -> str:
        if self.report.empty:
            return no_data("No figures: no roster for this year.")
        out = []
        for section, rows in self.report.groupby("section", sort=True):
            out.append(f"<h2>{esc(section)}</h2>")
            out.append(
                table_html(
                    rows, {"item": "figure", "value": "value", "unit": "unit", "n": "n", "definition": "definition"}
                )
            )
        return "\n".join(out)

    def lists_section(self) -> str:
        return p(
            f"{len(self.teachers)} teachers served and {len(self.mentors)} mentors; the full lists are in the workbook "
            f"and in "
            "tables/dese_beginning_teachers.csv and tables/dese_mentors.csv."
        )
