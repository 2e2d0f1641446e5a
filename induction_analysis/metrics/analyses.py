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

from induction_analysis import exports, frameworks, pipeline, schoolyear
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


def _frameworks(roster_pairs: pd.DataFrame, log: pd.DataFrame, config: Config) -> dict:
    years = sorted(set(roster_pairs["school_year"].unique()) | set(log["school_year"].unique()))  # not row by row
    return {y: frameworks.load(config.framework_name(y)) for y in years}


def _coverage(log, log_standards, roster_pairs, fws, config: Config) -> pd.DataFrame:
    expect = config["expectations"]
    return coverage.coverage(
        log, log_standards, roster_pairs, fws, int(expect["coverage_check_month"]), int(expect["coverage_check_day"])
    )


def _pool(applications, roster_pairs, hr, year: str, config: Config) -> pd.DataFrame:
    matching = config["matching"]
    return mentor_pool.pool(
        applications, roster_pairs, hr, year, int(matching["max_mentees"]), int(matching["refresher_every_years"])
    )


def _pool_coverage(pool: pd.DataFrame, roster_all_years: pd.DataFrame, year: str) -> pd.DataFrame:
    next_year = roster_all_years[roster_all_years["school_year"] == schoolyear.shift(year, 1)]
    return mentor_pool.coverage(pool, next_year.assign(grade_band=next_year["grade_band"]))


def _cohorts(hr: pd.DataFrame, roster_pairs: pd.DataFrame) -> pd.DataFrame:
    mentees = roster_pairs.rename(columns={"mentee_id": "staff_id"})[["staff_id", "school_year", "has_mentor"]]
    return retention.cohorts(hr, mentees.dropna(subset=["staff_id"]))


def _name_words(people: pd.DataFrame | None) -> set[str]:
    return set() if people is None else {w for n in people["name"].dropna() for w in str(n).replace(",", " ").split()}


def _threshold(config: Config) -> int:
    return config.suppression_threshold


def _rate(config: Config) -> float:
    return float(config["rates"]["contract_hourly_rate_usd"])


# Every table of a year's analyses, declared: its name, what it is made from, how (pipeline.Step). The inputs are
# other steps, or what a run gives (GIVEN): each canonical table (without what comes after the year), the roster
# of every year, the config, the year and the protected people lookup. A step that is not written
# (``written=False``) is an intermediate. The run derives from these the order, the parts a run makes in turn
# (PARTS) and what a rerun compares to keep the tables made without the log (pipeline.sources).
_STEP = pipeline.Step
STEPS: tuple[pipeline.Step, ...] = (
    _STEP("roster_pairs", ("roster",), pairs.pairs, written=False),
    _STEP("spells", ("roster",), pairs.mentor_spells, written=False),  # a mentor change in a year: two spells
    _STEP("frameworks", ("roster_pairs", "collaborative_log", "config"), _frameworks, written=False),
    _STEP(
        "standards_coverage",
        ("collaborative_log", "log_standards", "roster_pairs", "frameworks", "config"),
        _coverage,
    ),
    _STEP("standards_coverage_pairs", ("standards_coverage",), coverage.by_pair),
    _STEP("standards_coverage_program", ("standards_coverage",), coverage.program),
    _STEP(
        "mentoring_hours",
        ("collaborative_log", "roster_pairs", "config"),
        lambda log, roster_pairs, config: hours.mentoring_hours(log, roster_pairs, config["expectations"]),
    ),
    _STEP(
        "mentoring_monthly",
        ("collaborative_log", "roster_pairs", "config"),
        lambda log, roster_pairs, config: hours.monthly(
            log, roster_pairs, float(config["expectations"]["meetings_per_month"])
        ),
    ),
    _STEP("hours_by_mentor", ("collaborative_log", "spells"), hours.by_mentor, written=False),
    _STEP(
        "survey_items",
        ("exit_ticket", "self_assessment", "stakeholder_survey", "config"),
        lambda exit_ticket, self_assessment, survey, config: feedback.survey_items(
            exit_ticket, self_assessment, survey, _threshold(config)
        ),
    ),
    _STEP(
        "response_rates",
        ("exit_ticket", "self_assessment", "stakeholder_survey", "roster_pairs"),
        feedback.response_rates,
    ),
    _STEP(
        "rubric_change",
        ("self_assessment", "config"),
        lambda self_assessment, config: feedback.rubric_change(self_assessment, _threshold(config)),
    ),
    _STEP("mentor_pool", ("mentor_application", "roster_pairs", "hr_employment", "year", "config"), _pool),
    _STEP("mentor_pool_coverage", ("mentor_pool", "roster_all_years", "year"), _pool_coverage),
    _STEP(
        "proficiency",
        ("evaluation", "roster_pairs", "hr_employment", "config"),
        lambda evaluation, roster_pairs, hr, config: proficiency.proficiency(
            evaluation, roster_pairs, hr, _threshold(config)
        ),
    ),
    _STEP("retention_annual", ("hr_employment",), retention.annual),
    _STEP("retention_annual_average", ("hr_employment",), retention.average),
    _STEP("retention_cohort", ("hr_employment", "roster_pairs"), _cohorts),
    _STEP(
        "retention_summary",
        ("retention_cohort", "config"),
        lambda cohort, config: retention.benchmark_summary(cohort, config["benchmarks"]),
    ),
    _STEP("budget", ("costs", "config"), lambda costs, config: budget.budget(costs, _rate(config))),
    _STEP(
        "budget_summary",  # the logged hours beside the costs
        ("costs", "roster_pairs", "hr_employment", "collaborative_log", "config"),
        lambda costs, roster_pairs, hr, log, config: budget.summary(costs, roster_pairs, hr, log, _rate(config)),
    ),
    _STEP("codebook", ("config",), lambda config: themes.load_codebook(config.codebook_path()), written=False),
    _STEP("said", ("reflection_journal", "exit_ticket", "stakeholder_survey"), themes.entries, written=False),
    _STEP("coded", ("said", "codebook"), themes.code, written=False),
    _STEP("name_words", ("people",), _name_words, written=False),  # kept out of the emergent themes
    _STEP("comment_themes", ("said", "coded", "codebook"), themes.comment_themes),
    _STEP(
        "emergent_themes",
        ("said", "coded", "codebook", "year", "name_words", "config"),
        lambda said, coded, codebook, year, name_words, config: themes.emergent(
            said, coded, codebook, year, name_words, int(config["themes"]["emergent_candidates"])
        ),
    ),
    _STEP(
        "outcomes",
        ("mentoring_hours", "roster_pairs", "hr_employment", "evaluation", "self_assessment"),
        mentors.mentee_outcomes,
        written=False,
    ),
    _STEP(
        "mentor_effectiveness",
        (
            "mentoring_hours",
            "standards_coverage_pairs",
            "roster_pairs",
            "outcomes",
            "config",
            "spells",
            "hours_by_mentor",
        ),
        lambda hrs, cov_pairs, roster_pairs, outcomes, config, spells, by_mentor: mentors.per_mentor(
            hrs, cov_pairs, roster_pairs, outcomes, _threshold(config), spells, by_mentor
        ),
    ),
    _STEP(
        "mentor_effectiveness_groups",
        ("outcomes", "config"),
        lambda outcomes, config: mentors.groups(outcomes, _threshold(config)),
    ),
    _STEP(
        "dese_annual_report",
        ("year", "roster_pairs", "mentoring_hours", "collaborative_log", "hr_employment", "survey_items", "spells"),
        dese.annual_report,
    ),
    _STEP("dese_beginning_teachers", ("year", "roster_pairs", "mentoring_hours"), dese.beginning_teachers),
    _STEP("dese_mentors", ("year", "roster_pairs", "spells"), dese.trained_mentors),
    _STEP(
        "administration_findings",
        ("year", "budget_summary", "retention_summary", "proficiency", "mentoring_hours"),
        findings.administration_findings,
    ),
)

# What a run gives the steps besides the canonical tables (cut to the year): see :func:`_given`
GIVEN = ("roster_all_years", "config", "year", "people")
LOG = ("collaborative_log", "log_standards")  # the canonical tables of the collaborative log


def parts(first: tuple[str, ...]) -> pipeline.Parts:
    """The report tables in the four parts a run makes in turn, derived from :data:`STEPS`: ``first``, the tables
    the pages rendered first read (the run gives those of the lead mentors' pages); those made without the log
    (a large district's are made by a rendering process meanwhile, and a rerun after a log is fixed keeps them:
    runner.write_standalone); the others; then those made from both (the superintendent's findings)."""
    return pipeline.parts(STEPS, first, LOG)


def standalone_sources(first: tuple[str, ...]) -> list[str]:
    """The canonical tables the standalone tables are made from (what a rerun compares to keep them, with the
    config, the year and the people lookup: a value the run gives beyond those would go unchecked, so it is
    refused here)."""
    sources = pipeline.sources(STEPS, parts(first).apart)
    unchecked = [name for name in sources if name not in schemas.SCHEMAS and name not in ("config", "year", "people")]
    if unchecked:
        raise pipeline.PipelineError(
            f"the tables made without the log read {', '.join(unchecked)}, which a rerun does not compare: "
            "read canonical tables, the config, the year or the people lookup instead"
        )
    return [name for name in sources if name in schemas.SCHEMAS]


def compute(
    tables: dict[str, pd.DataFrame], config: Config, year: str, people: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """Every output table for ``year`` from the canonical tables (data after ``year`` is left out), in the
    order of :data:`OUTPUTS`. ``people`` (the protected lookup) gives the names kept out of the emergent themes."""
    out: dict[str, pd.DataFrame] = {}
    for part in stages(tables, config, year, people, first=()):  # every table, in whichever parts
        out.update(part)
    return {name: out[name] for name in OUTPUTS}


def _given(tables: dict[str, pd.DataFrame], config: Config, year: str, people: pd.DataFrame | None):
    """What the steps are made from: the canonical tables without what comes after ``year`` (and, made only when
    a step reads it, an empty table for a kind the caller left out: pandera's coercion of an empty frame costs a
    tenth of a second), the roster of every year, the config, the year, the people lookup."""
    values: dict[str, object] = {name: _until(frame, year) for name, frame in tables.items()}
    values.update(roster_all_years=tables["roster"], config=config, year=year, people=people)
    empty = {name: (lambda name=name: schemas.empty(name)) for name in schemas.SCHEMAS if name not in tables}
    return values, empty


def stages(
    tables: dict[str, pd.DataFrame],
    config: Config,
    year: str,
    people: pd.DataFrame | None = None,
    standalone: bool = True,
    *,
    first: tuple[str, ...],
) -> Iterator[dict[str, pd.DataFrame]]:
    """The tables of :func:`compute` in the four parts of :func:`parts` (``first`` as given there), each made when
    its part is asked for. When ``standalone`` is false, the standalone and the late tables are left out: the
    caller makes them (:func:`standalone_tables`, then :func:`late_tables`)."""
    values, empty = _given(tables, config, year, people)
    first, apart, rest, late = parts(first)
    for names in (first, apart, rest, late) if standalone else (first, rest):
        yield pipeline.run(STEPS, names, values, empty)


def late_reads(first: tuple[str, ...]) -> list[str]:
    """The report tables the late tables read (of the parts before them)."""
    return sorted(pipeline.reads(STEPS, parts(first).late) - {"year"})


def late_tables(
    made: dict[str, pd.DataFrame], year: str, tables_dir: str | Path | None, first: tuple[str, ...]
) -> dict:
    """The late tables of ``year``, from what they read: the tables in ``made``, the others read back from
    ``tables_dir`` (a run whose standalone tables a rendering process wrote, or kept)."""
    values: dict[str, object] = {"year": year}
    values.update((name, made[name] if name in made else read(tables_dir, name)) for name in late_reads(first))
    return pipeline.run(STEPS, parts(first).late, values)


def standalone_tables(
    tables: dict[str, pd.DataFrame],
    config: Config,
    year: str,
    people: pd.DataFrame | None,
    first: tuple[str, ...],
) -> dict[str, pd.DataFrame]:
    """The standalone tables for ``year`` (as :func:`compute` gives them)."""
    values, empty = _given(tables, config, year, people)
    return pipeline.run(STEPS, parts(first).apart, values, empty)


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
