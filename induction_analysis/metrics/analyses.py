"""Every analysis of a school year, computed once from the canonical tables and written as the
CSV tables behind the dashboards (``reports/<year>/tables/``).

``OUTPUTS`` documents each table and column; the data dictionary (docs/data-dictionary.md) is generated from it
(``induction-analysis dictionary``) and a test checks that every written table has exactly the
documented columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from induction_analysis import exports, frameworks, schoolyear
from induction_analysis.config import Config
from induction_analysis.errors import UserError
from induction_analysis.ingest import schemas
from induction_analysis.metrics import (
    budget,
    coverage,
    dese,
    feedback,
    findings,
    hours,
    mentor_pool,
    mentors,
    pairs,
    proficiency,
    report_schemas,
    retention,
    themes,
)

_PAIR = {
    "school_year": "school year, 2025-26",
    "mentee_key": "the new teacher: pseudonymous id (`p-` and a keyed hash of the staff id; `unlisted-` and a keyed "
    "hash of the name when the exports give no staff id)",
    "mentee_id": "pseudonymous id of the new teacher (as mentee_key)",
    "mentor_id": "pseudonymous id of the mentor",
    "school": "the new teacher's school",
    "program_year": "1 in the induction year (first year in the roster), 2 the year after, ...",
    "has_mentor": "the roster names a mentor (pairs known only from the logs count as having one)",
}
_RATE = {
    "ci_low_pct": "lower end of the Wilson 95% interval of the share (0-100)",
    "ci_high_pct": "upper end of the Wilson 95% interval of the share (0-100)",
    "suppressed": "true when the figures of the row are withheld (group under the suppression threshold, or a second "
    "cell withheld so the first cannot be recovered)",
}

OUTPUTS: dict[str, tuple[str, dict[str, str]]] = {
    "standards_coverage": (
        "One row per pair (new teacher and year) and item of the year's framework (each standard, each indicator). "
        "A contact naming several codes counts once for each; a code naming only a standard counts for the standard.",
        {
            **_PAIR,
            "level": "standard or indicator",
            "standard": "standard (I, II, III, IV)",
            "indicator": "indicator (I-A ...); empty on standard rows",
            "contacts": "logged contacts that addressed the item",
            "minutes": "minutes of those contacts (a contact's full minutes for each item it names)",
            "first_date": "date of the first contact that addressed it",
            "first_month": "month of that contact (YYYY-MM)",
            "addressed": "at least one contact addressed it",
            "untouched_by_check": "no contact addressed it before the year's check date ([expectations] "
            "coverage_check_month/day, March 1)",
        },
    ),
    "standards_coverage_pairs": (
        "One row per pair: how much of the framework the logs addressed; pairs with a standard untouched by the check "
        "date are flagged.",
        {
            **_PAIR,
            "indicators_addressed": "indicators with at least one contact",
            "indicators_total": "indicators in the year's framework",
            "coverage_pct": "indicators_addressed / indicators_total (0-100)",
            "standards_addressed": "standards with at least one contact",
            "standards_total": "standards in the framework",
            "standards_untouched_by_check": "standards no contact addressed before the check date, e.g. 'III'",
            "flagged": "a standard was untouched by the check date: for the lead mentors' attention",
        },
    ),
    "standards_coverage_program": (
        "One row per year and framework item: the share of pairs that addressed it.",
        {
            "school_year": "school year",
            "level": "standard or indicator",
            "standard": "standard",
            "indicator": "indicator; empty on standard rows",
            "n_pairs": "pairs in the year (new teachers with a mentor)",
            "pairs_addressed": "pairs with at least one contact on it",
            "pairs_addressed_pct": "pairs_addressed / n_pairs (0-100)",
            "pairs_addressed_by_check": "pairs that addressed it before the check date",
            "contacts": "contacts on it, all pairs",
            "minutes": "minutes of those contacts",
        },
    ),
    "mentoring_hours": (
        "One row per new teacher in the roster and school year: time, cadence, observations, assignment and the 50 "
        "hours.",
        {
            **_PAIR,
            "license": "license held",
            "group": "beginning teacher, new to district, career changer",
            "induction_year": "school year of the induction year",
            "contacts": "logged contacts",
            "hours": "logged minutes / 60",
            "meetings": "contacts logged as a meeting or co-planning",
            "months_expected": "school months (September-June) from the later of start date and assignment date; 0 "
            "without a mentor",
            "meetings_expected": "months_expected x [expectations] meetings_per_month",
            "meetings_pct_of_expected": "meetings / meetings_expected (0-100, may exceed 100)",
            "observations_of_mentee": "contacts: mentor observes mentee",
            "observations_of_mentee_expected": "[expectations] observations_of_mentee",
            "observations_by_mentee": "contacts: mentee observes mentor",
            "observations_by_mentee_expected": "[expectations] observations_by_mentee",
            "observations_complete": "both observation counts reached",
            "months_with_contact": "months with at least one logged contact",
            "days_to_assignment": "mentor assigned date - start date, in days (negative: before the first day); "
            "induction year only",
            "assigned_within_two_weeks": "days_to_assignment <= 14 (603 CMR 7.12(2)(b)); false without a mentor; "
            "induction year only",
            "hours_beyond_induction_cumulative": "hours logged after the induction year, summed across years up to "
            "this one",
            "years_beyond_induction": "program_year - 1",
            "fifty_hours_projected": "cumulative hours + pace (hours per year beyond induction) x years left of "
            "[expectations] fifty_hours_within_years",
            "fifty_hours_status": "Initial license only: not started (induction year), completed (>= 50), on track "
            "(projected >= 50), behind",
        },
    ),
    "mentoring_monthly": (
        "One row per pair with a mentor and school month (September-June): the cadence of mentoring.",
        {
            "school_year": "school year",
            "mentee_key": _PAIR["mentee_key"],
            "mentee_id": "pseudonymous id of the new teacher (as mentee_key)",
            "mentor_id": "pseudonymous id of the mentor",
            "school": "the new teacher's school",
            "month": "YYYY-MM",
            "contacts": "logged contacts",
            "meetings": "meetings and co-planning",
            "hours": "logged minutes / 60",
            "observations": "observations of and by the mentee",
            "meetings_expected": "[expectations] meetings_per_month once mentoring began (0 before the start or "
            "assignment month)",
        },
    ),
    "proficiency": (
        "Share of new teachers (roster teachers in their first three program years) rated Proficient or Exemplary, per "
        "year, "
        "breakdown and group; all other rated teachers as a reference. Evaluation ratings are confidential: rates of "
        "groups under "
        "the suppression threshold are empty.",
        {
            "school_year": "school year of the rating",
            "breakdown": "all new teachers, cohort, experience, school, other teachers (reference)",
            "group": "the group within the breakdown (cohort = induction year; experience = years of teaching, HR)",
            "rating_of": "summative, or the standard (I-IV) for all new teachers",
            "n_teachers": "teachers rated",
            "proficient_or_better": "rated Proficient or Exemplary",
            "proficient_pct": "proficient_or_better / n_teachers (0-100)",
            **_RATE,
        },
    ),
    "retention_annual": (
        "Strategic Data Project retention of all teachers in the HR data: for a teacher in year t, stay = a teacher at "
        "the same "
        "school in t+1, transfer = a teacher at another school, leave = not a teacher in the district in t+1 (left the "
        "district, or "
        "changed role). The last year has no outcome and no row.",
        {
            "school_year": "year t",
            "n_teachers": "teachers in year t",
            "stay": "teachers who stayed",
            "transfer": "teachers who transferred",
            "leave": "teachers who left teaching in the district",
            "left_district": "of leave: not in the HR data in t+1",
            "changed_role": "of leave: in the district in t+1, not as a teacher",
            "stay_pct": "stay / n_teachers (0-100)",
            "transfer_pct": "transfer / n_teachers (0-100)",
            "leave_pct": "leave / n_teachers (0-100)",
        },
    ),
    "retention_annual_average": (
        "The SDP's average annual retention: every teacher-year with a following year pooled.",
        {
            "first_year": "first year t pooled",
            "last_year": "last year t pooled",
            "n_teacher_years": "teacher-years pooled",
            "n_unique_teachers": "distinct teachers",
            "stay": "stayed",
            "transfer": "transferred",
            "leave": "left",
            "left_district": "of leave: left the district",
            "changed_role": "of leave: changed role",
            "stay_pct": "stay / n_teacher_years",
            "transfer_pct": "transfer / n_teacher_years",
            "leave_pct": "leave / n_teacher_years",
            "left_district_pct": "left_district / n_teacher_years",
            "changed_role_pct": "changed_role / n_teacher_years",
        },
    ),
    "retention_cohort": (
        "Beginning cohorts (teachers in their first year of teaching, HR experience = 1) followed year by year; "
        "divided by the "
        "cohort's starting size. Split by whether the roster gave them a mentor in that first year (descriptive, not "
        "causal). "
        "Years not yet observed have no row: recent cohorts are right-censored.",
        {
            "cohort": "school year the cohort began",
            "group": "all, mentored, not mentored",
            "years_since_start": "0, 1, 2, ...",
            "n_cohort": "teachers in the cohort (group)",
            "still_teaching": "teachers in the district in every year since the start",
            "same_school": "of those, at the starting school this year",
            "still_teaching_pct": "still_teaching / n_cohort (0-100)",
            "same_school_pct": "same_school / n_cohort (0-100)",
            "ci_low_pct": "Wilson 95% interval of still_teaching_pct, lower end",
            "ci_high_pct": "Wilson 95% interval of still_teaching_pct, upper end",
        },
    ),
    "retention_summary": (
        "Share of beginning teachers still teaching 1 and 2 years after their first year, pooled over the cohorts "
        "observed that "
        "long, beside the NCES Beginning Teacher Longitudinal Study benchmark ([benchmarks]).",
        {
            "group": "all, mentored, not mentored",
            "years_since_start": "1 or 2",
            "cohorts_included": "cohorts pooled",
            "cohorts_not_yet_observed": "cohorts too recent to have this year (right-censored, left out)",
            "n_cohort": "teachers pooled",
            "still_teaching": "still teaching",
            "still_teaching_pct": "still_teaching / n_cohort (0-100)",
            "ci_low_pct": _RATE["ci_low_pct"],
            "ci_high_pct": _RATE["ci_high_pct"],
            "benchmark_pct": "NCES share for the same group and year",
            "benchmark_source": "the benchmark's source",
        },
    ),
    "mentor_effectiveness": (
        "One row per mentor and year, sorted by mentor, never ranked: process measures; mentees' retention pooled over "
        "all "
        "the mentor's years, withheld under the suppression threshold.",
        {
            "school_year": "school year",
            "mentor_key": "the mentor: pseudonymous id",
            "mentor_id": "pseudonymous id of the mentor",
            "n_mentees": "mentees this year",
            "hours_per_mentee": "logged hours / mentees",
            "contacts_per_mentee": "logged contacts / mentees",
            "meetings_pct_of_expected": "meetings / expected meetings, all mentees (0-100)",
            "indicators_addressed_per_mentee": "mean indicators addressed per mentee (coverage breadth)",
            "observations_complete_pct": "mentees with all expected observations (0-100)",
            "months_with_contact_pct": "log regularity: months with a logged contact / months expected (0-100)",
            "mentor_trained": "the roster marks the mentor as trained",
            "mentees_followed_all_years": "the mentor's induction-year mentees, all years, whose next year is known",
            "mentees_still_teaching_pct": "of those, teaching in the district the next year (0-100)",
            "ci_low_pct": _RATE["ci_low_pct"],
            "ci_high_pct": _RATE["ci_high_pct"],
            "suppressed": _RATE["suppressed"],
        },
    ),
    "mentor_effectiveness_groups": (
        "Induction-year mentees grouped by a trait of their mentor or match, with three outcomes, pooled over years. "
        "Descriptive, not causal.",
        {
            "trait": "mentor trained, same school, same subject, same grade band, met the meeting cadence",
            "value": "yes or no",
            "outcome": "still teaching the next year; rated Proficient or Exemplary in the induction year; "
            "self-assessment higher in spring than fall",
            "years": "years pooled",
            "n_mentees": "mentees with the trait and outcome known",
            "n_with_outcome": "mentees with the outcome",
            "outcome_pct": "n_with_outcome / n_mentees (0-100)",
            **_RATE,
        },
    ),
    "survey_items": (
        "Every rated item (rating scale or rated numbers) of the exit tickets, self-assessment rubric and stakeholder "
        "surveys. "
        "Self-assessment figures are withheld for groups under the suppression threshold.",
        {
            "kind": "exit_ticket, self_assessment, stakeholder_survey",
            "school_year": "school year",
            "item": "question as exported",
            "respondent_role": "mentee, mentor, administrator, other, or not stated",
            "session": "exit tickets: the session, or 'all sessions'",
            "season": "self-assessment: fall or spring",
            "scale": "scale recognized: family and points of the wording set used (agreement-5, satisfaction-7, "
            "rubric-4, numeric-0-10, ...)",
            "scale_points": "points on the scale",
            "n_responses": "answers with a score",
            "mean_score": "mean score (1 = lowest point; 0-10 on a 0-10 item)",
            "favorable_pct": "answers in the top two points of the item's scale / n_responses (0-100)",
            "n_not_applicable": "answers such as 'Not applicable', 'Don't know', 'No basis for judgment', left out of "
            "n_responses",
            "suppressed": _RATE["suppressed"],
        },
    ),
    "rubric_change": (
        "Self-assessment rubric, fall to spring, for respondents who answered both (paired); withheld under the "
        "suppression threshold.",
        {
            "school_year": "school year",
            "item": "rubric item",
            "respondent_role": "mentee or mentor",
            "n_paired": "respondents with fall and spring",
            "fall_mean": "mean fall score",
            "spring_mean": "mean spring score",
            "change_mean": "spring_mean - fall_mean",
            "fall_favorable_pct": "fall answers in the top two points (0-100)",
            "spring_favorable_pct": "spring answers in the top two points (0-100)",
            "suppressed": _RATE["suppressed"],
        },
    ),
    "response_rates": (
        "Responses over the people the roster says were asked: exit tickets over the year's induction-year mentees; "
        "self-assessment and survey mentees over the roster's mentees, mentors over its distinct mentors.",
        {
            "kind": "exit_ticket, self_assessment, stakeholder_survey",
            "school_year": "school year",
            "respondent_role": "who answered",
            "session": "exit tickets: the session",
            "season": "self-assessment: fall or spring",
            "n_responses": "distinct responses",
            "n_invited": "people asked (from the roster); empty when the roster cannot say",
            "response_rate_pct": "n_responses / n_invited (0-100)",
        },
    ),
    "budget": (
        "Program costs per year, category and funding source.",
        {
            "school_year": "school year (fiscal year FY26 = 2025-26)",
            "category": "lead_mentor_stipend, mentor_stipend, contract_hours, substitute_coverage, materials, "
            "training, other",
            "funding_source": "District, Title II-A, ... as exported",
            "amount_usd": "sum of amounts, US dollars",
            "hours": "contract hours",
            "days": "substitute days",
            "n_lines": "cost lines",
            "hours_at_rate_usd": "contract_hours rows: hours x [rates] contract_hourly_rate_usd",
        },
    ),
    "budget_summary": (
        "Per year: total cost, by funding source, per new and per retained teacher.",
        {
            "school_year": "school year",
            "total_usd": "all costs",
            "district_usd": "funded by the district",
            "title_ii_a_usd": "funded by Title II-A",
            "other_funding_usd": "other or unstated funding",
            "new_teachers": "induction-year teachers in the roster",
            "retained_teachers": (
                "of those, teachers in the district the next year (HR); empty when HR has no next year"
            ),
            "cost_per_new_teacher_usd": "total_usd / new_teachers",
            "cost_per_retained_teacher_usd": "total_usd / retained_teachers",
            "logged_hours": "pair hours in the collaborative logs",
            "logged_hours_at_rate_usd": "logged_hours x [rates] contract_hourly_rate_usd (one paid person)",
            "total_change_pct": "change of total_usd from the year before (0-100 scale, negative = less)",
        },
    ),
    "dese_annual_report": (
        "The 603 CMR 7.12(3) figures of the report year, each with its n and definition, ready to copy into the "
        "state's form.",
        {
            "school_year": "report year",
            "section": "section of the report",
            "item": "the figure",
            "value": "its value",
            "unit": "teachers, mentors, hours, %, ...",
            "n": "the count it is based on",
            "definition": "how it is computed",
        },
    ),
    "dese_beginning_teachers": (
        "The list of teachers served in the report year, by pseudonymous id (no names; the protected lookup gives the "
        "staff ids).",
        {
            "school_year": "report year",
            "staff_id": "pseudonymous id of the teacher",
            "school": "school",
            "subject": "subject",
            "grade_band": "elementary, middle, high",
            "group": "induction group",
            "license": "license",
            "program_year": "1 = induction year",
            "mentor_id": "pseudonymous id of the mentor",
            "hours": "logged hours this year",
            "observations_of_mentee": "observations by the mentor this year",
        },
    ),
    "dese_mentors": (
        "The report year's mentors, by pseudonymous id, trained or not.",
        {
            "school_year": "report year",
            "mentor_id": "pseudonymous id of the mentor",
            "school": "mentor's school",
            "subject": "mentor's subject",
            "trained": "completed mentor training",
            "n_mentees": "mentees this year",
        },
    ),
    "mentor_pool": (
        "The mentor database as of the report year: everyone who applied to mentor (latest application) or has "
        "mentored, "
        "with training, mentees, capacity and status (see [Mentor pool and pairings](mentor-pool.md)).",
        {
            "school_year": "report year",
            "mentor_id": "pseudonymous id of the mentor",
            "school": "school (application, else roster)",
            "subject": "subject",
            "grade_band": "elementary, middle, high",
            "experience_years": "years of teaching (application, else HR)",
            "orientation_completed": "has completed the mentor training (application or roster)",
            "refresher_year": "school year of the last refresher training",
            "training_due": "for mentors available next year: orientation (not trained yet) or refresher (the last one "
            "[matching] refresher_every_years or more years ago, or never); else empty",
            "current_mentees": "mentees in the report year",
            "past_mentees": "distinct mentees in earlier years",
            "capacity": "new teachers the mentor can take: the application's offer, at most [matching] max_mentees",
            "status": "active (mentoring this year), trained, accepted, applied (this spring), not accepted, resting "
            "(mentored before, teaching here), left (not in HR this year)",
            "leaving": "HR records an exit date in the report year",
            "available_next_year": "applied this spring, not refused, not leaving",
            "schedule": "planning period (application)",
            "groups_preferred": "groups the mentor asked to mentor (application)",
        },
    ),
    "mentor_pool_coverage": (
        "Next year's new hires (roster rows of the next year) against the mentors available next year, by subject, "
        "grade band and school.",
        {
            "dimension": "subject, grade band or school",
            "value": "the subject, band or school",
            "new_hires": "new hires next year",
            "mentors_available": "mentors available next year",
            "capacity": "their places (sum of capacity)",
            "short_by": "new_hires - capacity, when positive",
        },
    ),
    "comment_themes": (
        "What mentors and new teachers write about: per school year, source (reflection_journal, exit_ticket, "
        "stakeholder_survey, "
        "and all) and month (YYYY-MM, and all for the whole year), how many entries carry each theme of the codebook "
        "(`[themes] codebook`). An entry can carry several themes, so shares do not add up to 100. Counts only: no "
        "text.",
        {
            "school_year": "school year",
            "source": "reflection_journal (mentor reflection journals), exit_ticket or stakeholder_survey "
            "(open comments), or all",
            "month": "month of the entry (YYYY-MM), or all for the school year",
            "theme": "theme id in the codebook; no_theme for entries no theme covers",
            "theme_label": "the theme's label",
            "entries_with_theme": "entries that carry the theme (one of its phrases occurs, as whole words)",
            "entries": "entries of the source and month",
            "share_pct": "entries_with_theme / entries (0-100)",
        },
    ),
    "emergent_themes": (
        "Candidates for the codebook: groups of words that recur in the report year's entries no theme covers "
        "(TF-IDF of words and two-word phrases found in at least 3 such entries, factored by NMF; stop words, codebook "
        "words and people's names left out). Words, never entries.",
        {
            "school_year": "report year",
            "candidate": "1 = the group most entries lean to",
            "terms": "its strongest words and phrases",
            "entries": "uncovered entries for which it is the strongest group",
        },
    ),
    "administration_findings": (
        "The administration page's headline figures of the report year (What matters this year), one row per "
        "finding, each taken from another report table (source_table); a finding the data cannot support has no row.",
        {
            "school_year": "report year",
            "finding": "program_cost, retention_one_year, proficiency, fifty_hours, mentor_within_two_weeks",
            "value": "the figure: program_cost: cost_per_new_teacher_usd (US dollars); retention_one_year: "
            "still_teaching_pct of all beginning teachers a year after their first year (0-100); proficiency: "
            "proficient_pct of all new teachers, summative (0-100); fifty_hours: teachers who completed the 50 hours; "
            "mentor_within_two_weeks: share of induction-year teachers assigned a mentor within two weeks, one "
            "decimal (0-100, the DESE report's figure)",
            "unit": "usd, % or teachers",
            "n": "teachers the figure is of: new teachers; beginning teachers pooled; new teachers rated; "
            "Initial-license teachers beyond the induction year; induction-year teachers whose assignment is known",
            "total_usd": "program_cost: all costs of the year",
            "ci_low_pct": "proficiency: " + _RATE["ci_low_pct"],
            "ci_high_pct": "proficiency: " + _RATE["ci_high_pct"],
            "benchmark_pct": "retention_one_year: the NCES benchmark ([benchmarks])",
            "cohorts_included": "retention_one_year: cohorts pooled",
            "teachers_behind": "fifty_hours: teachers behind",
            "source_table": "the report table the figure is taken from",
            "sentence": "the sentence the administration page shows (percentages to the whole number)",
        },
    ),
}


def _until(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    return frame[frame["school_year"] <= year].reset_index(drop=True) if "school_year" in frame else frame


# What the lead mentors' pages read (see present.LeadMentorView): computed first, so that a run renders those
# pages (most of its pages: one per school) while the other tables are computed.
LEAD_MENTOR_TABLES = (
    "standards_coverage",
    "standards_coverage_pairs",
    "mentoring_hours",
    "mentoring_monthly",
    "survey_items",
    "response_rates",
    "mentor_pool",
    "mentor_pool_coverage",
)


# What is computed from the canonical tables alone, without the lead mentors' tables or any other, and without the
# collaborative log: a run computes these in another process (a rendering process, from the tables written to
# processed/) at the same time, and a rerun after a log is fixed keeps them (cli._write_standalone).
STANDALONE_TABLES = (
    "proficiency",
    "retention_annual",
    "retention_annual_average",
    "retention_cohort",
    "retention_summary",
    "rubric_change",
    "budget",
    "comment_themes",
    "emergent_themes",
)
# Made from tables of the other parts, the standalone ones included: computed last (see :func:`late_tables`).
LATE_TABLES = ("administration_findings",)
LATE_READS = ("budget_summary", "retention_summary", "proficiency", "mentoring_hours")  # the tables they read

STANDALONE_NOT_READ = (
    "collaborative_log",
    "log_standards",
)  # the canonical tables the standalone tables are not made from


def compute(
    tables: dict[str, pd.DataFrame], config: Config, year: str, people: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """Every output table for ``year`` from the canonical tables (data after ``year`` is left out), in the
    order of :data:`OUTPUTS`. ``people`` (the protected lookup) gives the names kept out of the emergent themes."""
    out: dict[str, pd.DataFrame] = {}
    for part in stages(tables, config, year, people):
        out.update(part)
    return {name: out[name] for name in OUTPUTS}


def _table(t: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """A canonical table, or an empty one when a caller left it out (made only then: pandera's coercion of an
    empty frame costs a tenth of a second)."""
    return t[name] if name in t else schemas.empty(name)


def _until_year(tables: dict[str, pd.DataFrame], year: str) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The canonical tables without what comes after ``year``, and the roster's pairs."""
    t = {name: _until(frame, year) for name, frame in tables.items()}
    return t, pairs.pairs(t["roster"])


def stages(
    tables: dict[str, pd.DataFrame],
    config: Config,
    year: str,
    people: pd.DataFrame | None = None,
    standalone: bool = True,
) -> Iterator[dict[str, pd.DataFrame]]:
    """The tables of :func:`compute` in four parts: the :data:`LEAD_MENTOR_TABLES`, the :data:`STANDALONE_TABLES`,
    the others but the :data:`LATE_TABLES`, then those. When ``standalone`` is false, the standalone and the late
    tables are left out: the caller makes them (:func:`standalone_tables`, then :func:`late_tables`)."""
    t, roster_pairs = _until_year(tables, year)
    threshold = config.suppression_threshold
    expect = config["expectations"]
    log, hr = t["collaborative_log"], t["hr_employment"]
    years = sorted(set(roster_pairs["school_year"].unique()) | set(log["school_year"].unique()))  # not row by row
    fws = {y: frameworks.load(config.framework_name(y)) for y in years}
    cov = coverage.coverage(
        log,
        t["log_standards"],
        roster_pairs,
        fws,
        int(expect["coverage_check_month"]),
        int(expect["coverage_check_day"]),
    )
    cov_pairs = coverage.by_pair(cov)
    hrs = hours.mentoring_hours(log, roster_pairs, expect)
    items = feedback.survey_items(t["exit_ticket"], t["self_assessment"], t["stakeholder_survey"], threshold)
    matching = config["matching"]
    pool = mentor_pool.pool(
        _table(t, "mentor_application"),
        roster_pairs,
        hr,
        year,
        int(matching["max_mentees"]),
        int(matching["refresher_every_years"]),
    )
    next_year = tables["roster"][tables["roster"]["school_year"] == schoolyear.shift(year, 1)]
    yield {
        "standards_coverage": cov,
        "standards_coverage_pairs": cov_pairs,
        "mentoring_hours": hrs,
        "mentoring_monthly": hours.monthly(log, roster_pairs, float(expect["meetings_per_month"])),
        "survey_items": items,
        "response_rates": feedback.response_rates(
            t["exit_ticket"], t["self_assessment"], t["stakeholder_survey"], roster_pairs
        ),
        "mentor_pool": pool,
        "mentor_pool_coverage": mentor_pool.coverage(pool, next_year.assign(grade_band=next_year["grade_band"])),
    }
    made = {"mentoring_hours": hrs}
    if standalone:
        alone = _standalone(t, roster_pairs, config, year, people)
        made.update(alone)
        yield alone
    outcomes = mentors.mentee_outcomes(hrs, roster_pairs, hr, t["evaluation"], t["self_assessment"])
    spells = pairs.mentor_spells(t["roster"])  # a new teacher whose mentor changed in a year has two
    rest = {
        "standards_coverage_program": coverage.program(cov),
        "mentor_effectiveness": mentors.per_mentor(
            hrs, cov_pairs, roster_pairs, outcomes, threshold, spells, hours.by_mentor(log, spells)
        ),
        "mentor_effectiveness_groups": mentors.groups(outcomes, threshold),
        "dese_annual_report": dese.annual_report(year, roster_pairs, hrs, log, hr, items, spells),
        "dese_beginning_teachers": dese.beginning_teachers(year, roster_pairs, hrs),
        "dese_mentors": dese.trained_mentors(year, roster_pairs, spells),
        # the logged hours beside the costs: made from the log, so not among the standalone tables
        "budget_summary": budget.summary(
            t["costs"], roster_pairs, hr, log, float(config["rates"]["contract_hourly_rate_usd"])
        ),
    }
    yield rest
    if standalone:  # else the caller makes them once the standalone tables are written (late_tables)
        yield late_tables({**made, **rest}, year)


def late_tables(made: dict[str, pd.DataFrame], year: str, tables_dir: str | Path | None = None) -> dict:
    """The :data:`LATE_TABLES` of ``year``, from the tables they read (:data:`LATE_READS`): those in ``made``, the
    others read back from ``tables_dir`` (a run whose standalone tables a rendering process wrote, or kept)."""
    given = {name: made[name] if name in made else read(tables_dir, name) for name in LATE_READS}
    return {
        "administration_findings": findings.administration_findings(
            year, given["budget_summary"], given["retention_summary"], given["proficiency"], given["mentoring_hours"]
        )
    }


def standalone_tables(
    tables: dict[str, pd.DataFrame], config: Config, year: str, people: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """The :data:`STANDALONE_TABLES` for ``year`` (as :func:`compute` gives them)."""
    t, roster_pairs = _until_year(tables, year)
    return _standalone(t, roster_pairs, config, year, people)


def _standalone(
    t: dict[str, pd.DataFrame], roster_pairs: pd.DataFrame, config: Config, year: str, people: pd.DataFrame | None
) -> dict[str, pd.DataFrame]:
    threshold = config.suppression_threshold
    hr = t["hr_employment"]
    rate = float(config["rates"]["contract_hourly_rate_usd"])
    cohort = retention.cohorts(
        hr,
        roster_pairs.rename(columns={"mentee_id": "staff_id"})[["staff_id", "school_year", "has_mentor"]].dropna(
            subset=["staff_id"]
        ),
    )
    codebook = themes.load_codebook(config.codebook_path())
    said = themes.entries(_table(t, "reflection_journal"), t["exit_ticket"], t["stakeholder_survey"])
    coded = themes.code(said, codebook)
    name_words = (
        set() if people is None else {w for n in people["name"].dropna() for w in str(n).replace(",", " ").split()}
    )
    return {
        "proficiency": proficiency.proficiency(t["evaluation"], roster_pairs, hr, threshold),
        "retention_annual": retention.annual(hr),
        "retention_annual_average": retention.average(hr),
        "retention_cohort": cohort,
        "retention_summary": retention.benchmark_summary(cohort, config["benchmarks"]),
        "rubric_change": feedback.rubric_change(t["self_assessment"], threshold),
        "budget": budget.budget(t["costs"], rate),
        "comment_themes": themes.comment_themes(said, coded, codebook),
        "emergent_themes": themes.emergent(
            said, coded, codebook, year, name_words, int(config["themes"]["emergent_candidates"])
        ),
    }


# The typed tables the pages read, beside the CSVs written for people (a hidden folder: people see the CSVs)
TYPED_DIR = ".typed"

# Each report table's schema (metrics/report_schemas.py): its declared columns, typed
SCHEMAS = {name: report_schemas.schema(name, description, columns) for name, (description, columns) in OUTPUTS.items()}


def typed_path(tables_dir: str | Path, name: str) -> Path:
    """Where the typed table ``name`` is written: ``<tables_dir>/.typed/<name>.parquet``."""
    return Path(tables_dir) / TYPED_DIR / f"{name}.parquet"


def write(results: dict[str, pd.DataFrame], tables_dir: str | Path) -> list[Path]:
    """Each table as ``<name>.csv`` (UTF-8, ISO dates, empty for missing, formula-safe), and a report table, validated
    against its schema (:data:`SCHEMAS`; one that does not fit stops the run in one line), as the typed
    ``.typed/<name>.parquet`` the pages read (:func:`read`)."""
    tables_dir = Path(tables_dir)
    tables_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in results.items():
        typed = report_schemas.validate(SCHEMAS[name], frame) if name in SCHEMAS else None
        written.append(exports.to_csv(frame, tables_dir / f"{name}.csv"))  # as computed: the CSV people open
        if typed is not None:
            typed_path(tables_dir, name).parent.mkdir(exist_ok=True)
            typed.to_parquet(typed_path(tables_dir, name), index=False)
    return written


def read(tables_dir: str | Path, name: str) -> pd.DataFrame:
    """A written report table back, typed (for the pages and notebooks): its ``.typed`` parquet file."""
    path = typed_path(tables_dir, name)
    if not path.is_file():
        raise UserError(
            f"{path} not found: the report tables of {Path(tables_dir)} were written by an older version or not at "
            "all; run induction-analysis run again"
        )
    return pd.read_parquet(path)


def dictionary_markdown() -> str:
    """The data dictionary of the report tables (docs/data-dictionary.md)."""
    lines = []
    for name, (description, columns) in OUTPUTS.items():
        lines += [f"#### `{name}.csv`", "", description, "", "| column | type | required | meaning |"]
        lines.append("|---|---|---|---|")
        for col, meaning in columns.items():
            spec = SCHEMAS[name].columns[col]
            required = "" if spec.nullable else "yes"
            lines.append(f"| `{col}` | {report_schemas.type_label(spec)} | {required} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
