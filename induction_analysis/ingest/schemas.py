"""The canonical data model: one table per source, its columns, dtypes, rules and meaning.

The schemas are pandera schemas; their descriptions are the data dictionary
(docs/data-dictionary.md; ``induction-analysis dictionary`` prints it) and their check
messages are the reasons a data administrator reads in ``rejected_rows.csv``.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

ACTIVITIES = ["meeting", "observation_of_mentee", "observation_by_mentee", "co_planning", "other"]
LICENSES = ["Initial", "Provisional", "Professional", "Temporary", "Emergency", "Other"]
GROUPS = ["beginning teacher", "new to district", "career changer"]
GRADE_BANDS = ["elementary", "middle", "high"]
RATINGS = ["Unsatisfactory", "Needs Improvement", "Proficient", "Exemplary"]
COST_CATEGORIES = [
    "lead_mentor_stipend",
    "mentor_stipend",
    "contract_hours",
    "substitute_coverage",
    "materials",
    "training",
    "other",
]
ROLES = ["mentee", "mentor", "administrator", "other"]
SEASONS = ["fall", "spring"]
ITEM_TYPES = ["likert", "choice", "text", "number", "ranking"]

SCHOOL_YEAR_RE = r"^\d{4}-\d{2}$"


def _year(desc: str = "school year, July 1 to June 30, written 2025-26") -> pa.Column:
    return pa.Column(
        "str",
        pa.Check.str_matches(SCHOOL_YEAR_RE, error="school year must look like 2025-26"),
        nullable=False,
        description=desc,
    )


def _text(desc: str, nullable: bool = True) -> pa.Column:
    return pa.Column("str", nullable=nullable, description=desc)


def _date(desc: str, nullable: bool = True) -> pa.Column:
    return pa.Column("datetime64[ns]", nullable=nullable, description=desc)


def _choice(values: list[str], desc: str, nullable: bool = True) -> pa.Column:
    return pa.Column(
        "str",
        pa.Check.isin(values, error=f"must be one of: {', '.join(values)}"),
        nullable=nullable,
        description=f"{desc} ({', '.join(values)})",
    )


def _source() -> dict[str, pa.Column]:
    return {
        "source_file": _text("raw file the row came from (relative to the raw folder)", nullable=False),
        "source_sheet": _text("sheet of the workbook (empty for CSV)"),
        "source_row": pa.Column(
            "int64", pa.Check.ge(1), nullable=False, description="row number as the spreadsheet shows it"
        ),
    }


def _survey_answers() -> dict[str, pa.Column]:
    return {
        "item": _text(
            "question text as exported (matrix questions: 'Question [Row]' or 'Question - Row')", nullable=False
        ),
        "item_type": _choice(
            ITEM_TYPES,
            "likert: a rated item with a score; choice: a multiple-choice or checkbox answer "
            "(counted, not scored, never shown as a comment); text: an open answer; number: a count or an "
            "amount, or numbers whose scale the export does not say; ranking: a position in a ranking question",
            nullable=False,
        ),
        "answer": _text("the answer as written"),
        "score": pa.Column(
            "float64",
            pa.Check.ge(0, error="score must be 0 or more"),
            nullable=True,
            description="rating score, 1 = lowest point of the item's scale (0 on a 0-10 item); empty for "
            "answers that are not ratings, answers on no scale, and items not rated",
        ),
        "scale_points": pa.Column(
            "Int64", pa.Check.in_range(2, 11), nullable=True, description="number of points on the item's scale"
        ),
        "scale": _text(
            "scale recognized for the item, family and points (agreement-5, satisfaction-7, helpfulness-7, "
            "rubric-4, numeric-5, numeric-0-10, ...); count for a number item that asks for a count or an amount"
        ),
        "not_applicable": pa.Column(
            "boolean",
            nullable=True,
            description="rated items: the answer is 'Not applicable', "
            "'Don't know', 'No basis for judgment'... (not a rating: left out of n, counted apart)",
        ),
        "favorable": pa.Column(
            "boolean", nullable=True, description="the score is in the top two points of the item's scale"
        ),
    }


def _schema(
    name: str, description: str, columns: dict[str, pa.Column], unique: list[str] | None = None
) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        columns, name=name, description=description, coerce=True, strict=True, ordered=True, unique=unique
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "roster": _schema(
        "roster",
        "One row per new teacher and school year: the teacher, their mentor, and what the pairing needs to be judged "
        "by.",
        {
            "school_year": _year(),
            "mentee_id": _text(
                "the new teacher: pseudonymous id (keyed hash of the staff id, or of the name when the roster gives no "
                "id)"
            ),
            "mentee_name": _text("name of the new teacher as read"),
            "mentor_id": _text("the assigned mentor: pseudonymous id"),
            "mentor_name": _text("name of the mentor as read"),
            "school": _text("the new teacher's school"),
            "subject": _text("subject or content area"),
            "grade_level": _text("grade(s) taught, as written (K, 3, 9-12)"),
            "grade_band": _choice(
                GRADE_BANDS, "grade band derived from grade_level: K-5 elementary, 6-8 middle, 9-12 high"
            ),
            "license": _choice(LICENSES, "license held"),
            "prior_experience_years": pa.Column(
                "Int64",
                pa.Check.in_range(0, 60, error="years of experience must be 0 to 60"),
                nullable=True,
                description="years of teaching experience before this year (0 = first-year teacher)",
            ),
            "start_date": _date("first day of teaching in the district"),
            "mentor_assigned_date": _date("date the mentor was assigned"),
            "group": _choice(GROUPS, "induction group"),
            "mentor_trained": pa.Column(
                "boolean", nullable=True, description="the mentor has completed mentor training"
            ),
            "mentor_school": _text("the mentor's school"),
            "mentor_subject": _text("the mentor's subject"),
            "mentor_grade_level": _text("the mentor's grade(s)"),
            "schedule": _text("the new teacher's planning period or schedule, as written (for matching)"),
            **_source(),
        },
    ),
    "collaborative_log": _schema(
        "collaborative_log",
        "One row per mentoring contact logged by a pair.",
        {
            "contact_id": _text("stable id of the contact: file, sheet and row", nullable=False),
            "school_year": _year(),
            "date": _date("date of the contact", nullable=False),
            "mentor": _text("mentor as written in the log"),
            "mentor_id": _text(
                "the mentor: pseudonymous id of the staff id (from the log, or matched by name in the roster), else of "
                "the name"
            ),
            "mentee": _text("mentee as written in the log", nullable=False),
            "mentee_id": _text(
                "the mentee: pseudonymous id of the staff id (from the log, or matched by name in the roster), else of "
                "the name"
            ),
            "minutes": pa.Column(
                "float64",
                pa.Check.in_range(0, 720, error="minutes must be between 0 and 720 (12 hours)"),
                nullable=False,
                description="length of the contact in minutes",
            ),
            "activity": _choice(ACTIVITIES, "what the contact was", nullable=False),
            "standards_text": _text("standards/indicators cell as written"),
            "notes": _text("notes (confidential to the pair and lead mentors; never shown on administration pages)"),
            **_source(),
        },
        unique=["contact_id"],
    ),
    "log_standards": _schema(
        "log_standards",
        "Long table: one row per standard code named in a collaborative-log row.",
        {
            "contact_id": _text("the contact (collaborative_log.contact_id)", nullable=False),
            "school_year": _year(),
            "framework": _text("framework the code was read with (MA-2012, ...)", nullable=False),
            "code": _text("the code as written", nullable=False),
            "standard": _text("standard (I, II, III, IV)", nullable=False),
            "indicator": _text("indicator (I-A ... IV-F); empty when only a standard was named"),
        },
    ),
    "exit_ticket": _schema(
        "exit_ticket",
        "Long table: one row per answer on an exit ticket after a group mentoring session.",
        {
            "response_id": _text("one response (file and row)", nullable=False),
            "school_year": _year(),
            "submitted_at": _date("when the response was submitted"),
            "session_date": _date("date of the session"),
            "session": _text("session title"),
            "facilitator": _text("who ran the session: pseudonymous id of the name"),
            "respondent_role": _choice(ROLES, "who answered"),
            **_survey_answers(),
            **_source(),
        },
    ),
    "self_assessment": _schema(
        "self_assessment",
        "Long table: one row per rubric item a mentor or mentee rated for themselves (confidential).",
        {
            "response_id": _text("one response (file and row)", nullable=False),
            "school_year": _year(),
            "submitted_at": _date("when the response was submitted"),
            "respondent": _text("respondent as written"),
            "respondent_id": _text(
                "the respondent: pseudonymous id of the staff id (matched in the roster), else of the name"
            ),
            "respondent_role": _choice(ROLES, "mentor or mentee"),
            "season": _choice(SEASONS, "fall or spring administration", nullable=False),
            **_survey_answers(),
            **_source(),
        },
    ),
    "stakeholder_survey": _schema(
        "stakeholder_survey",
        "Long table: one row per answer on the program survey of mentees, mentors and administrators.",
        {
            "response_id": _text("one response (file and row)", nullable=False),
            "school_year": _year(),
            "submitted_at": _date("when the response was submitted"),
            "respondent_role": _choice(ROLES, "who answered"),
            **_survey_answers(),
            **_source(),
        },
    ),
    "evaluation": _schema(
        "evaluation",
        "Long table: one row per teacher, school year and rating (summative or per standard). Confidential.",
        {
            "staff_id": _text("the teacher: pseudonymous id (keyed hash of the staff id)", nullable=False),
            "school_year": _year(),
            "rating_of": pa.Column(
                "str",
                pa.Check.isin(["summative", "I", "II", "III", "IV"]),
                nullable=False,
                description="summative, or the standard rated (I, II, III, IV)",
            ),
            "rating": _choice(RATINGS, "performance rating", nullable=False),
            "rating_score": pa.Column(
                "Int64", pa.Check.in_range(1, 4), nullable=False, description="1 Unsatisfactory .. 4 Exemplary"
            ),
            **_source(),
        },
    ),
    "hr_employment": _schema(
        "hr_employment",
        "One row per staff member and school year, from the HR system.",
        {
            "staff_id": _text("the staff member: pseudonymous id (keyed hash of the staff id)", nullable=False),
            "school_year": _year(),
            "school": _text("school or work location"),
            "position": _text("job title as exported", nullable=False),
            "is_teacher": pa.Column(
                "bool", nullable=False, description="a classroom teacher that year (config [positions])"
            ),
            "experience_years": pa.Column(
                "Int64",
                pa.Check.in_range(0, 60, error="years of experience must be 0 to 60"),
                nullable=True,
                description="years of teaching experience, counting this year (1 = first year of teaching)",
            ),
            "hire_date": _date("date of hire"),
            "exit_date": _date("date the person left the district (if they did)"),
            "exit_reason": _text("reason for leaving as exported"),
            **_source(),
        },
        unique=["staff_id", "school_year"],
    ),
    "costs": _schema(
        "costs",
        "One row per cost line of the program.",
        {
            "school_year": _year(),
            "date": _date("date of the expense"),
            "category": _choice(COST_CATEGORIES, "kind of cost", nullable=False),
            "description": _text("description as exported"),
            "hours": pa.Column("float64", pa.Check.ge(0), nullable=True, description="contract hours paid"),
            "days": pa.Column("float64", pa.Check.ge(0), nullable=True, description="substitute coverage days"),
            "amount_usd": pa.Column("float64", nullable=False, description="amount in US dollars"),
            "funding_source": _text("District, Title II-A, or as exported"),
            **_source(),
        },
    ),
    "mentor_application": _schema(
        "mentor_application",
        "One row per application to the mentor pool (each spring), as the applicant answered it.",
        {
            "response_id": _text("one application (file and row)", nullable=False),
            "school_year": _year(),
            "submitted_at": _date("when the application was submitted"),
            "applicant": _text("applicant's name as written"),
            "applicant_id": _text("the applicant: pseudonymous id of the staff id, else of the name"),
            "school": _text("applicant's school"),
            "subject": _text("applicant's subject"),
            "grade_level": _text("grade(s) taught, as written"),
            "grade_band": _choice(GRADE_BANDS, "grade band derived from grade_level"),
            "experience_years": pa.Column(
                "Int64",
                pa.Check.in_range(0, 60, error="years of experience must be 0 to 60"),
                nullable=True,
                description="years of teaching experience",
            ),
            "orientation_completed": pa.Column(
                "boolean", nullable=True, description="has completed the district's mentor training (orientation)"
            ),
            "refresher_year": _text("school year of the last refresher training, as 2024-25"),
            "max_mentees": pa.Column(
                "Int64",
                pa.Check.in_range(0, 10),
                nullable=True,
                description="new teachers the applicant offers to mentor at once",
            ),
            "schedule": _text("planning period or availability, as written"),
            "groups_preferred": _text("groups the applicant would like to mentor, as written"),
            "motivation": _text("why they want to mentor (free text; lead-mentor pages only)"),
            "strengths": _text("strengths they would bring (free text; lead-mentor pages only)"),
            "interests": _text("professional interests (free text)"),
            "accepted": pa.Column(
                "boolean",
                nullable=True,
                description="accepted into the pool (a column the administrators add); empty = not decided",
            ),
            **_source(),
        },
    ),
    "reflection_journal": _schema(
        "reflection_journal",
        "One row per mentor (or mentee) reflection journal entry: challenges, concerns and areas to improve. "
        "The text never leaves the lead-mentor pages; the report tables carry theme counts only.",
        {
            "entry_id": _text("one entry (file, sheet and row)", nullable=False),
            "school_year": _year(),
            "date": _date("date of the entry (the date written, else when it was submitted)"),
            "author": _text("the author's name as written"),
            "author_id": _text("the author: pseudonymous id of the staff id, else of the name"),
            "author_role": _choice(ROLES, "who wrote it (mentor unless the export says otherwise)"),
            "entry": _text("the entry's text", nullable=False),
            "private": pa.Column(
                "bool", nullable=False, description="the author marked the entry private: counted, never quoted"
            ),
            **_source(),
        },
    ),
}

#: Name columns: read from the exports, used to match people, then moved to the protected lookup
#: (``privacy.protect``). The stored canonical tables do not have them.
PROTECTED = {
    "roster": ["mentee_name", "mentor_name"],
    "collaborative_log": ["mentee", "mentor"],
    "self_assessment": ["respondent"],
    "mentor_application": ["applicant"],
    "reflection_journal": ["author"],
}

#: Tables derived from a source row rather than read one-to-one.
DERIVED = {"log_standards": "collaborative_log"}


def stored_schema(table: str) -> pa.DataFrameSchema:
    """The schema of a stored canonical table: as read, without the protected name columns."""
    return SCHEMAS[table].remove_columns(PROTECTED[table]) if table in PROTECTED else SCHEMAS[table]


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes (as read, with the name columns)."""
    schema = SCHEMAS[table]
    return schema.coerce_dtype(pd.DataFrame({c: pd.Series(dtype="object") for c in schema.columns}))


def data_dictionary_markdown() -> str:
    """The data dictionary of the canonical tables (docs/data-dictionary.md), from the schemas."""
    lines = []
    for name, schema in SCHEMAS.items():
        lines += [
            f"#### `{name}`",
            "",
            schema.description or "",
            "",
            "| column | type | required | meaning |",
            "|---|---|---|---|",
        ]
        for col, spec in schema.columns.items():
            meaning = spec.description or ""
            if col in PROTECTED.get(name, []):
                meaning += " (read to match people, then moved to the protected lookup: not in the stored table)"
            lines.append(f"| `{col}` | {spec.dtype} | {'yes' if not spec.nullable else ''} | {meaning} |")
        lines.append("")
    lines += [
        "#### `protected/people` (the protected lookup)",
        "",
        "One row per person the exports mention: the only place where pseudonymous ids meet staff ids and names. "
        "Written to `processed/protected/people.parquet`, readable by its owner only; read by the lead-mentor pages "
        "alone.",
        "",
        "| column | type | required | meaning |",
        "|---|---|---|---|",
        "| `person_id` | str | yes | pseudonymous id used in every other table |",
        "| `staff_id` | str |  | staff id as exported, as ids are compared: without surrounding spaces, a trailing .0 "
        "or the leading zeros of an all-digit id |",
        "| `name` | str |  | name as written most often |",
        "| `roles` | str | yes | where the person appears: mentee, mentor, respondent, facilitator, staff |",
        "",
    ]
    return "\n".join(lines)
