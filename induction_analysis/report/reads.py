"""What each page reads, declared once: the run renders a page as soon as all of it is written
(``induction_analysis/runner.py``), its fingerprint covers it (``report.fingerprints``), and the views read it
(``present``). Names are report tables (``tables/<name>``), canonical tables (``processed/<name>.parquet``) or,
for the data-quality page, the files ingest writes to ``tables/``. No pandas here: the command line reads this."""

from __future__ import annotations

# what ingest writes to tables/ and the data-quality page reads (quality.load and quality.suggestions)
QUALITY_FILES = (
    "data_quality.csv",
    "rejected_rows.csv",
    "row_warnings.csv",
    "survey_questions.csv",
    "assumptions.csv",
    "job_titles.csv",
    "config_suggestions.toml",
)

# the lead mentors' pages (present.LeadMentorView): one per school and one for the district. The most numerous
# pages, so a run makes the tables they read first and renders them while it makes the others.
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
LEAD_MENTOR_CANONICAL = ("roster", "exit_ticket", "stakeholder_survey")

# the themes page (present.ThemesView): none of these is made from the log, so a fixed log leaves it as it was
THEMES_TABLES = ("comment_themes", "emergent_themes")
THEMES_CANONICAL = ("reflection_journal", "exit_ticket", "stakeholder_survey")
