"""Normalizers: one per kind of export, from a recognized table to canonical rows.

Each normalizer reads the columns that recognition found, parses them with
:mod:`induction_analysis.parsing`, and records, per row, why a row cannot be
used (rejected) or what in it could not be used (a warning; the row is kept).
Then the table's pandera schema (:mod:`induction_analysis.schemas`) is the
final word: a row that breaks a rule there is rejected with the rule's message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa

from induction_analysis import frameworks, likert, scales, schoolyear
from induction_analysis.config import Config
from induction_analysis.parsing import (
    clean_text,
    each_value_once,
    grade_band_of,
    is_blank,
    map_choices,
    normalize_header,
    parse_bool,
    parse_dates,
    parse_numbers,
)
from induction_analysis.schemas import RATINGS, SCHEMAS

ISSUE_COLUMNS = ["file", "sheet", "row", "column", "reason", "severity"]
# A row problem's reason: the same words for every row, a Series of words per row, or what makes them for the
# rows concerned (given their mask), so that a column's messages are built only when some row has the problem.
Reason = str | pd.Series | Callable[[pd.Series], pd.Series]


@dataclass
class Source:
    """A recognized table (one sheet, or several sheets of one kind read together), and the problems
    found in its rows. For several sheets, ``file``, ``sheet`` and ``labels`` are per row."""

    frame: pd.DataFrame  # columns 0..n-1 as in the file (or one per field, for several sheets), plus _row
    headers: list[str]
    columns: dict[str, int]  # canonical field -> position
    file: str | pd.Series
    sheet: str | None | pd.Series
    config: Config
    issues: list[pd.DataFrame] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the sheet as a whole, for the data-quality report
    rejected: pd.Series = None  # type: ignore[assignment]
    labels: dict[str, pd.Series] | None = None  # several sheets: each row's header text of each field
    layout: str = ""  # the header layout the file was read with (readers.Header.layout): "Qualtrics ..."
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # config lines (TOML section -> lines) for the district

    def __post_init__(self) -> None:
        self.rejected = pd.Series(False, index=self.frame.index)

    @classmethod
    def combine(cls, sources: list["Source"]) -> "Source":
        """Sheets of one kind with the same fields as one source, so that their rows are normalized in one
        vectorized pass (hundreds of mentors' log workbooks cost one pass, not hundreds)."""
        fields = list(sources[0].columns)
        lengths = [len(src.frame) for src in sources]

        def per_row(values: list) -> pd.Series:  # one value per source, repeated over its rows
            return pd.Series(np.repeat(np.array(values, dtype=object), lengths), dtype="object")

        cells = np.concatenate([src.frame.to_numpy(dtype=object)[:, [src.columns[f] for f in fields]] for src in sources])
        frame = pd.DataFrame(cells, columns=range(len(fields)), dtype="object")
        frame["_row"] = np.concatenate([src.frame["_row"].to_numpy(dtype="int64") for src in sources])
        return cls(frame, fields, {f: i for i, f in enumerate(fields)}, per_row([src.file for src in sources]),
                   per_row([src.sheet for src in sources]), sources[0].config,
                   labels={f: per_row([src.headers[src.columns[f]] for src in sources]) for f in fields})

    def files(self) -> pd.Series:
        return self.file if isinstance(self.file, pd.Series) else pd.Series(self.file, index=self.frame.index, dtype="object")

    def sheets(self) -> pd.Series:
        return self.sheet if isinstance(self.sheet, pd.Series) else pd.Series(self.sheet, index=self.frame.index, dtype="object")

    def row_ids(self) -> pd.Series:
        """``file|sheet|row``: the id of each row's record (a contact, a response, an entry)."""
        return self.files().astype("str") + "|" + self.sheets().fillna("").astype("str") + "|" + self.frame["_row"].astype("str")

    def has(self, fld: str) -> bool:
        return fld in self.columns

    def raw(self, fld: str) -> pd.Series:
        if fld in self.columns:
            return self.frame[self.columns[fld]]
        return pd.Series(None, index=self.frame.index, dtype="object")

    def column_label(self, fld: str) -> str | pd.Series:
        if self.labels is not None and fld in self.labels:
            return self.labels[fld]
        return self.headers[self.columns[fld]] if fld in self.columns else fld

    def _record(self, mask: pd.Series, fld: str, reason: Reason, severity: str) -> None:
        mask = mask.fillna(False).astype(bool) if mask.dtype != bool else mask
        if not mask.any():
            return
        reasons = reason(mask) if callable(reason) else reason[mask] if isinstance(reason, pd.Series) else reason
        label = self.column_label(fld)
        self.issues.append(
            pd.DataFrame(
                {
                    "file": self.files()[mask],
                    "sheet": self.sheets()[mask],
                    "row": self.frame.loc[mask, "_row"].astype("int64"),
                    "column": label[mask] if isinstance(label, pd.Series) else label,
                    "reason": reasons,
                    "severity": severity,
                }
            )
        )

    def reject(self, mask: pd.Series, fld: str, reason: Reason) -> None:
        mask = mask & ~self.rejected  # one reason per rejected row is enough to act on
        self._record(mask, fld, reason, "rejected")
        self.rejected = self.rejected | mask

    def warn(self, mask: pd.Series, fld: str, reason: Reason) -> None:
        self._record(mask & ~self.rejected, fld, reason, "warning")

    def quoted(self, fld: str, rows: pd.Series | None = None) -> pd.Series:
        """The raw values (of ``rows``, a mask) as text for messages: ``'abc'``."""
        values = self.raw(fld) if rows is None else self.raw(fld)[rows]
        return "'" + values.astype("str").str.strip().str.slice(0, 60) + "'"

    def about(self, fld: str, text: str) -> Callable[[pd.Series], pd.Series]:
        """A row problem's reason: the cell quoted, then ``text``; made only for the rows that have the
        problem (a log of 100,000 rows has a handful)."""
        return lambda rows: self.quoted(fld, rows) + text


def clean_id(values: pd.Series) -> pd.Series:
    """Staff ids as text: Excel's ``1234.0`` -> ``"1234"``; blanks missing."""
    def one(v: object) -> object:
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return v

    return clean_text(values.map(one, na_action="ignore"))


_YEAR_IN_NAME = re.compile(r"(20\d{2})\s*[-_–]\s*(\d{2,4})")


def _year_in_name(file: str) -> str | None:
    """The school year a file's name gives, like ``log 2025-26.xlsx`` or ``survey 2025_2026.csv``."""
    found = _YEAR_IN_NAME.search(str(file))
    return schoolyear.parse(f"{found.group(1)}-{found.group(2)}") if found else None


def _school_year_column(src: Source, *date_series: pd.Series) -> pd.Series:
    """School year from the column if there is one, else from the first of ``date_series``
    that has a date, else from a year written in the file name. Rejects rows with none."""
    cfg = src.config["school_year"]
    year = pd.Series(np.nan, index=src.frame.index, dtype="str")
    if src.has("school_year"):
        year = schoolyear.parse_series(src.raw("school_year"))
        bad = year.isna() & ~is_blank(src.raw("school_year"))
        src.reject(bad, "school_year", src.about("school_year", " is not a school year (expected like 2025-26)"))
    for dates in date_series:
        year = year.fillna(schoolyear.of_dates(dates, cfg["start_month"], cfg["start_day"]))
    if year.isna().any():  # the year in the file's name: looked for once per file
        year = year.fillna(each_value_once(src.files().where(year.isna()), _year_in_name))
    src.reject(year.isna(), "school_year", "no school year: no School Year column, no date, and no year like 2025-26 in the file name")
    return year


def _warn_bad(src: Source, bad: pd.Series, fld: str, what: str) -> None:
    src.warn(bad, fld, src.about(fld, f" is not {what}; left empty"))


def _dates(src: Source, fld: str, required: bool = False) -> pd.Series:
    dates, bad = parse_dates(src.raw(fld))
    if required:
        src.reject(bad, fld, src.about(fld, " is not a date"))
        src.reject(dates.isna(), fld, f"no {fld.replace('_', ' ')}")
    else:
        _warn_bad(src, bad, fld, "a date")
    return dates


def _with_source(src: Source, out: pd.DataFrame) -> pd.DataFrame:
    out["source_file"] = src.files()
    out["source_sheet"] = src.sheets()
    out["source_row"] = src.frame["_row"].astype("int64")
    return out


# ---------------------------------------------------------------- choices
def _choices(spec: dict[str, list[str]]) -> dict[str, str]:
    return {normalize_header(alias): value for value, aliases in spec.items() for alias in [value, *aliases]}


ACTIVITY_CHOICES = _choices({
    "meeting": ["meeting", "mentor meeting", "meet", "check in", "check-in", "1:1", "one on one", "conference", "conversation", "debrief"],
    "observation_of_mentee": ["mentor observes mentee", "observation of mentee", "mentor observation", "observed mentee",
                              "observation mentor observes mentee", "classroom observation", "observation", "observe mentee"],
    "observation_by_mentee": ["mentee observes mentor", "observation of mentor", "observed mentor", "peer observation",
                              "mentee observation", "mentee observes", "observation by mentee", "observe mentor",
                              "mentee observes another teacher"],
    "co_planning": ["co-planning", "coplanning", "co planning", "planning", "lesson planning", "joint planning", "co-teaching"],
    "other": ["other", "email", "phone", "phone call"],
})
LICENSE_CHOICES = {"initial": "Initial", "provisional": "Provisional", "professional": "Professional",
                   "temporary": "Temporary", "emergency": "Emergency"}
GROUP_CHOICES = _choices({
    "beginning teacher": ["beginning", "beginning teacher", "first year", "first year teacher", "new teacher", "novice", "bt"],
    "new to district": ["new to district", "experienced", "experienced new hire", "new to the district", "ntd", "transfer in"],
    "career changer": ["career changer", "career change", "career switcher", "second career", "cc"],
})
RATING_CHOICES = _choices({
    "Exemplary": ["E", "exemplary", "4"],
    "Proficient": ["P", "proficient", "3"],
    "Needs Improvement": ["NI", "needs improvement", "needs improvment", "2"],
    "Unsatisfactory": ["U", "unsatisfactory", "1"],
})
SEASON_CHOICES = _choices({
    "fall": ["fall", "autumn", "boy", "beginning of year", "beginning of the year", "september", "october", "pre"],
    "spring": ["spring", "eoy", "end of year", "end of the year", "may", "june", "post"],
})


def _license(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    blank = is_blank(values)
    key = values.map(normalize_header, na_action="ignore").astype("str")
    out = pd.Series(np.nan, index=values.index, dtype="str")
    for word, name in LICENSE_CHOICES.items():
        out = out.where(out.notna() | ~key.str.contains(word, na=False), name)
    bad = ~blank & out.isna()
    return out.where(~bad, "Other"), bad


def role_of(values: pd.Series) -> pd.Series:
    """mentee / mentor / administrator / other from how people describe themselves."""
    key = values.map(normalize_header).astype("str")
    out = pd.Series("other", index=values.index, dtype="str")
    rules = [
        ("administrator", r"admin|principal|evaluator|supervisor|director|superintendent|coordinator"),
        ("mentor", r"mentor"),
        ("mentee", r"mentee|new teacher|beginning|first year|protege|novice|new hire|new educator"),
    ]
    for role, pattern in rules:
        out = out.where(~key.str.contains(pattern), role)
    return out.where(~is_blank(values))


def _minutes(src: Source) -> pd.Series:
    raw = src.raw("minutes")
    minutes, bad = parse_numbers(raw)
    # "1 hr", "1.5 hours", "45 min": read, and say how (looked for only in the cells that are not numbers)
    text = raw[bad].astype("str").str.strip().str.lower()
    spoken = text.str.extract(r"^(\d+(?:\.\d+)?)\s*(h|hr|hrs|hour|hours|m|min|mins|minutes)$")
    value = pd.to_numeric(spoken[0], errors="coerce")
    value = value.where(~spoken[1].str.startswith("h", na=False), value * 60)
    readable = value.notna().reindex(raw.index, fill_value=False)
    minutes = minutes.where(~readable, value.reindex(raw.index))
    src.warn(readable, "minutes", lambda rows: src.quoted("minutes", rows) + " read as "
             + minutes[rows].round(0).astype("Int64").astype("str") + " minutes")
    src.reject(bad & ~readable, "minutes", src.about("minutes", " is not a number of minutes"))
    src.reject(minutes.isna(), "minutes", "no minutes")
    return minutes


# ---------------------------------------------------------------- roster
def roster(src: Source) -> dict[str, pd.DataFrame]:
    mentee_id, mentee_name = clean_id(src.raw("mentee_id")), clean_text(src.raw("mentee_name"))
    src.reject(mentee_id.isna() & mentee_name.isna(), "mentee_name", "no new teacher named (no mentee name or id)")
    start = _dates(src, "start_date")
    assigned = _dates(src, "mentor_assigned_date")
    year = _school_year_column(src, start, assigned)
    license_, bad_license = _license(src.raw("license"))
    src.warn(bad_license, "license", src.about("license", " is not a known license (Initial, Provisional, Professional, Temporary, Emergency); recorded as Other"))
    years, bad_years = parse_numbers(src.raw("prior_experience_years"))
    _warn_bad(src, bad_years, "prior_experience_years", "a number of years")
    group, bad_group = map_choices(src.raw("group"), GROUP_CHOICES)
    src.warn(bad_group, "group", src.about("group", " is not a known group (beginning teacher, new to district, career changer); left empty"))
    trained, bad_trained = parse_bool(src.raw("mentor_trained"))
    _warn_bad(src, bad_trained, "mentor_trained", "yes or no")
    grade = clean_text(src.raw("grade_level"))
    out = pd.DataFrame({
        "school_year": year,
        "mentee_id": mentee_id,
        "mentee_name": mentee_name,
        "mentor_id": clean_id(src.raw("mentor_id")),
        "mentor_name": clean_text(src.raw("mentor_name")),
        "school": clean_text(src.raw("school")),
        "subject": clean_text(src.raw("subject")),
        "grade_level": grade,
        "grade_band": grade_band_of(grade),
        "license": license_,
        "prior_experience_years": years.round().astype("Int64"),
        "start_date": start,
        "mentor_assigned_date": assigned,
        "group": group,
        "mentor_trained": trained,
        "mentor_school": clean_text(src.raw("mentor_school")),
        "mentor_subject": clean_text(src.raw("mentor_subject")),
        "mentor_grade_level": clean_text(src.raw("mentor_grade_level")),
        "schedule": clean_text(src.raw("schedule")),
    })
    return {"roster": _with_source(src, out)}


# ---------------------------------------------------------------- collaborative log
def collaborative_log(src: Source) -> dict[str, pd.DataFrame]:
    date = _dates(src, "date", required=True)
    mentee = clean_text(src.raw("mentee"))
    src.reject(mentee.isna(), "mentee", "no mentee")
    minutes = _minutes(src)
    activity, bad_activity = map_choices(src.raw("activity"), ACTIVITY_CHOICES)
    src.warn(bad_activity, "activity", src.about("activity", " is not a known activity; counted as other"))
    if src.has("activity"):
        src.warn(is_blank(src.raw("activity")), "activity", "no activity; counted as other")
    else:
        src.notes.append("no activity column: every contact counted as 'other' (observations cannot be counted)")
    year = _school_year_column(src, date)
    mentor = clean_text(src.raw("mentor"))
    if not src.has("mentor"):  # a workbook with one sheet per mentor: the sheet names the mentor
        sheets = src.sheets().astype("str").str.strip()
        named = src.sheets().notna() & ~sheets.str.lower().str.fullmatch(r"(sheet|tabelle|feuil)\s*\d*")
        mentor = mentor.fillna(sheets.where(named))
    contact_id = src.row_ids()
    standards_text = clean_text(src.raw("standards"))
    out = pd.DataFrame({
        "contact_id": contact_id,
        "school_year": year,
        "date": date,
        "mentor": mentor,
        "mentor_id": pd.Series(np.nan, index=src.frame.index, dtype="str"),
        "mentee": mentee,
        "mentee_id": pd.Series(np.nan, index=src.frame.index, dtype="str"),
        "minutes": minutes,
        "activity": activity.fillna("other"),
        "standards_text": standards_text,
        "notes": clean_text(src.raw("notes")),
    })
    out = _with_source(src, out)
    return {"collaborative_log": out, "log_standards": _standards_long(src, out)}


def _standards_long(src: Source, log: pd.DataFrame) -> pd.DataFrame:
    """Split multi-code cells into a long table, reading each code with its year's framework.
    Unknown codes are warned about; the contact is kept."""
    rows = log.loc[log["standards_text"].notna() & log["school_year"].notna(), ["contact_id", "school_year", "standards_text"]]
    if rows.empty:
        return pd.DataFrame(columns=list(SCHEMAS["log_standards"].columns))
    # the same few cells, years and codes recur in every log: each distinct cell is split once, and each
    # distinct code read once per year's framework (with numpy's take, not a merge per row)
    cell_of, cells = pd.factorize(rows["standards_text"])
    splits = [frameworks.split_codes(text) for text in cells]
    per_cell = np.array([len(codes) for codes in splits], dtype="int64")
    per_row = per_cell[cell_of]
    # one entry per code of each row (explode, by positions): its row, its place among its cell's codes, and
    # so its place in every cell's codes laid end to end
    row_of = np.repeat(np.arange(len(rows)), per_row)
    nth = np.arange(len(row_of)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    first_of_cell = np.cumsum(per_cell) - per_cell
    all_codes = np.array([code for codes in splits for code in codes] or [""], dtype=object)
    code_of, codes = pd.factorize(all_codes[first_of_cell[cell_of[row_of]] + nth])
    year_of, years = pd.factorize(rows["school_year"].to_numpy(dtype=object)[row_of])
    framework_names = np.array([src.config.framework_name(year) for year in years], dtype=object)
    pair_of, pairs = pd.factorize(year_of.astype("int64") * len(codes) + code_of)
    parsed = [frameworks.load(framework_names[pair // len(codes)]).parse_code(codes[pair % len(codes)]) for pair in pairs]
    long = pd.DataFrame({
        "contact_id": rows["contact_id"].array.take(row_of),
        "school_year": rows["school_year"].array.take(row_of),
        "framework": framework_names[year_of],
        "code": np.asarray(codes, dtype=object)[code_of],
        "standard": pd.Series(np.array([p[0] for p in parsed] or [None], dtype=object)[pair_of], dtype="str"),
        "indicator": pd.Series(np.array([p[1] for p in parsed] or [None], dtype=object)[pair_of], dtype="str"),
    })
    long.index = rows.index[row_of]
    unknown = long[long["standard"].isna()]
    if len(unknown):
        per_row = unknown.groupby(level=0).agg(codes=("code", lambda c: ", ".join(f"'{x}'" for x in c)), fw=("framework", "first"))
        mask = pd.Series(False, index=src.frame.index)
        mask[per_row.index] = True
        reason = pd.Series("", index=src.frame.index, dtype="str")
        reason[per_row.index] = "standard code " + per_row["codes"] + " is not in " + per_row["fw"] + "; the contact is kept without it"
        src.warn(mask, "standards", reason)
    long = long[long["standard"].notna()]
    return long[["contact_id", "school_year", "framework", "code", "standard", "indicator"]].reset_index(drop=True)


# ---------------------------------------------------------------- surveys
# Columns survey tools add that are not questions.
SURVEY_METADATA = {normalize_header(h) for h in [
    "id", "respondent id", "response id", "responseid", "collector id", "start time", "completion time", "email",
    "email address", "name", "last modified time", "ip address", "ipaddress", "start date", "end date", "startdate",
    "enddate", "status", "progress", "duration in seconds", "finished", "recorded date", "recordeddate",
    "recipient last name", "recipientlastname", "recipient first name", "recipientfirstname", "recipient email",
    "recipientemail", "external reference", "externalreference", "external data reference", "location latitude",
    "locationlatitude", "location longitude", "locationlongitude", "distribution channel", "distributionchannel",
    "user language", "userlanguage", "custom data", "custom data 1", "score", "total score", "points", "quiz feedback",
    "timestamp", "submitted", "date submitted", "response type", "first name", "last name", "custom data 2",
    "custom data 3", "email list", "respondent email", "duration", "language", "q language",
    # SurveyMonkey's older CSV and Qualtrics' legacy export (second header row)
    "respondentid", "collectorid", "lastname", "firstname", "responseset", "externaldatareference", "emailaddress",
    "location accuracy", "locationaccuracy",
]}
# Qualtrics: responses that are not respondents ("Response Type", or "Status" in numeric exports)
QUALTRICS_STATUS = {"response type", "status"}
NOT_RESPONDENTS = {"survey preview": "a survey preview", "survey test": "a test response", "spam": "marked as spam",
                   "1": "a survey preview", "2": "a test response", "8": "marked as spam", "17": "a survey preview"}
# Google Forms joins checkbox answers with ", "
CHOICE_SEPARATOR = re.compile(r",\s+|;\s*")


def _is_choice(header: str, answers: pd.Series) -> bool:
    """A checkbox column rather than open comments: a SurveyMonkey option column (every answer is the
    option its header names), or Google Forms' joined options (some answers are several options joined
    with ", ", and the options recur). A single-choice question without joins reads as text."""
    values = answers[~is_blank(answers)].astype("str").str.strip()
    if values.empty:
        return False
    distinct = set(values)
    if len(distinct) == 1 and header.endswith(f" - {next(iter(distinct))}"):
        return True
    parts = values.str.split(CHOICE_SEPARATOR)
    if not (parts.str.len() >= 2).any():
        return False
    options = parts.explode().str.strip()
    counts = options.value_counts()
    return (len(values) >= 3 and options.str.len().max() <= 60 and len(counts) <= len(options) / 2
            and options.map(counts).ge(2).mean() >= 0.5)


def _reversed(header: str, config: Config) -> bool:
    wanted = [normalize_header(h) for h in config["survey"].get("reversed_items", [])]
    return any(w and w in normalize_header(header) for w in wanted)


def _not_respondents(src: Source) -> None:
    """Qualtrics marks previews, tests and spam, and responses the respondent never finished."""
    for i, header in enumerate(src.headers):
        key = normalize_header(header)
        if key in QUALTRICS_STATUS:
            status = src.frame[i].astype("str").str.strip().str.lower().str.replace(r"\.0$", "", regex=True)
            why = status.map(NOT_RESPONDENTS)
            src.reject(why.notna(), header, "not a respondent: " + why.fillna("") + f" ({header} = '" + src.frame[i].astype("str") + "')")
        elif key == "finished":
            unfinished = parse_bool(src.frame[i])[0].eq(False).fillna(False).astype(bool)
            if src.config["survey"].get("unfinished_responses", "keep") == "drop":
                src.reject(unfinished, header, f"an unfinished response ({header} = False); dropped as the config asks")
            else:
                src.warn(unfinished, header, f"an unfinished response ({header} = False); the questions answered are kept")


def _item_suggestion(header: str, line: str) -> str:
    return f"{json.dumps(header[:120], ensure_ascii=False)} = {line}"


def _survey(src: Source, kind: str, extra: dict[str, pd.Series], dates: list[pd.Series]) -> pd.DataFrame:
    """Wide survey rows -> long answers; ``extra`` holds the kind's per-response columns.

    Each question is read by :func:`likert.read_items`: a rating (item_type ``likert``: scored on its
    scale, "Not applicable"-type answers kept apart as ``not_applicable``, answers on no scale left
    out with a row warning), a number, a ranking, a choice or an open answer (``text``)."""
    meta_positions = set(src.columns.values())
    items = [i for i, h in enumerate(src.headers) if i not in meta_positions and normalize_header(h) not in SURVEY_METADATA]
    survey_cfg = src.config["survey"]
    numeric_points = int(survey_cfg["rubric_levels"]) if kind == "self_assessment" else 5
    extra_na = frozenset(scales.answer_key(a) for a in survey_cfg.get("not_applicable_answers", []))
    _not_respondents(src)
    read = likert.read_items({i: src.frame[i] for i in items}, {i: src.headers[i] for i in items}, numeric_points,
                             qualtrics=src.layout.startswith("Qualtrics"), config_items=survey_cfg.get("items", {}),
                             extra_not_a_rating=extra_na)
    answered = pd.Series(False, index=src.frame.index)
    for i in items:
        answered |= ~is_blank(src.frame[i])
    src.reject(~answered, "answers", "no answers in this response")
    year = _school_year_column(src, *dates)
    base = pd.DataFrame({"response_id": src.row_ids(),
                         "school_year": year, **extra})
    base = _with_source(src, base)
    parts = []
    for i in items:
        answers = src.frame[i]
        header = src.headers[i]
        reading = read[i]
        item_type = reading.kind or ("choice" if _is_choice(header, answers) else "text")
        rated = item_type == "likert"
        not_applicable = reading.not_a_rating if rated and reading.not_a_rating is not None else pd.Series(False, index=answers.index)
        keep = ~is_blank(answers) | not_applicable
        if not keep.any():
            continue
        part = base[keep].copy()  # index: position of the response
        part["item"] = header
        part["answer"] = answers[keep].astype("str").str.strip()
        part["item_type"] = item_type
        scale = reading.scale if rated else None
        part["score"] = likert.score(answers[keep], scale) if scale is not None else np.nan
        if scale is not None and _reversed(header, src.config):
            part["score"] = scale.top + scale.low - part["score"]
        part["scale_points"] = scale.points if scale is not None else pd.NA
        part["scale"] = scale.name if scale is not None else ("count" if reading.note == "count" else None)
        part["not_applicable"] = not_applicable[keep].astype("boolean") if rated else pd.NA
        part["favorable"] = likert.favorable(part["score"], scale)
        parts.append(part)
        _explain_item(src, header, reading, answers, keep, part)
    columns = list(SCHEMAS[kind].columns)
    if not parts:
        return pd.DataFrame(columns=columns + ["_response_row"])
    long = pd.concat(parts).sort_index(kind="stable")  # response by response, items in file order
    long["_response_row"] = long.index  # position of the response, to drop answers of rejected responses
    return long[columns + ["_response_row"]].reset_index(drop=True)


SCALE_WORDS_IN_TEXT = 0.25  # an item read as text whose answers are this share scale words gets a warning per such answer


def _explain_item(src: Source, header: str, reading: likert.ItemReading, answers: pd.Series, keep: pd.Series,
                  part: pd.DataFrame) -> None:
    """Row warnings for answers left out of a rating, or scale words in an item read as text, and the
    config lines that would say how to read an item the export leaves open."""
    if part["item_type"].iloc[0] == "likert":
        if not reading.left_out:
            return
        left = keep & part["score"].reindex(answers.index).isna() & ~part["not_applicable"].reindex(answers.index).fillna(False).astype(bool)
        scale = reading.scale
        src.warn(left, header, lambda rows: "'" + answers[rows].astype("str").str.strip().str.slice(0, 60)
                 + f"' is not on the item's {scale.describe()} scale; left out of its figures")
        return
    if reading.note == "no scale" and not reading.declared:
        _suggest_item(src, header, '"<its scale, such as agreement-5 or numeric-7; or number>"  # numbers coded by the export')
        return
    if part["item_type"].iloc[0] == "text" and reading.scale_words >= SCALE_WORDS_IN_TEXT:
        text = answers.astype("str").str.strip()
        on_scale = keep & text.map(lambda t: bool(scales.readings(scales.answer_key(t)))).astype(bool)
        src.warn(on_scale, header, lambda rows: "'" + text[rows].str.slice(0, 60)
                 + "' looks like a scale answer, but fewer than half of this question's answers are on one scale, "
                 "so the question is read as open comments; [survey.items] can name its scale")
        if not reading.declared:
            _suggest_item(src, header, '"<comment, or rating>"  # some answers are scale words')


def _suggest_item(src: Source, header: str, line: str) -> None:
    lines = src.suggestions.setdefault("[survey.items]", [])
    entry = _item_suggestion(header, line)
    if entry not in lines:
        lines.append(entry)


def exit_ticket(src: Source) -> dict[str, pd.DataFrame]:
    submitted = _dates(src, "timestamp")
    session_date = _dates(src, "session_date")
    extra = {
        "submitted_at": submitted,
        "session_date": session_date,
        "session": clean_text(src.raw("session")),
        "facilitator": clean_text(src.raw("facilitator")),
        "respondent_role": role_of(src.raw("respondent_role")) if src.has("respondent_role") else pd.Series(np.nan, index=src.frame.index, dtype="str"),
    }
    return {"exit_ticket": _survey(src, "exit_ticket", extra, [session_date, submitted])}


def self_assessment(src: Source) -> dict[str, pd.DataFrame]:
    submitted = _dates(src, "timestamp")
    season, bad = map_choices(src.raw("season").astype("str").str.extract(r"^\s*(\S+(?:\s+of\s+(?:the\s+)?year)?)", expand=False)
                              .where(~is_blank(src.raw("season"))), SEASON_CHOICES)
    src.warn(bad, "season", src.about("season", " is neither fall nor spring; season taken from the date"))
    from_date = pd.Series(np.where(submitted.dt.month.between(7, 12), "fall", "spring"), index=src.frame.index, dtype="str").where(submitted.notna())
    season = season.fillna(from_date)
    src.reject(season.isna(), "season", "no season (fall or spring) and no date to tell it from")
    extra = {
        "submitted_at": submitted,
        "respondent": clean_id(src.raw("respondent")),
        "respondent_id": pd.Series(np.nan, index=src.frame.index, dtype="str"),
        "respondent_role": role_of(src.raw("respondent_role")),
        "season": season,
    }
    return {"self_assessment": _survey(src, "self_assessment", extra, [submitted])}


def stakeholder_survey(src: Source) -> dict[str, pd.DataFrame]:
    submitted = _dates(src, "timestamp")
    extra = {"submitted_at": submitted, "respondent_role": role_of(src.raw("respondent_role"))}
    return {"stakeholder_survey": _survey(src, "stakeholder_survey", extra, [submitted])}


# ---------------------------------------------------------------- evaluation
RATED = {"summative": "summative", "standard_i": "I", "standard_ii": "II", "standard_iii": "III", "standard_iv": "IV"}


def evaluation(src: Source) -> dict[str, pd.DataFrame]:
    staff_id = clean_id(src.raw("staff_id"))
    src.reject(staff_id.isna(), "staff_id", "no staff id")
    year = _school_year_column(src)
    parts, usable = [], pd.Series(False, index=src.frame.index)
    for fld, rating_of in RATED.items():
        if not src.has(fld):
            continue
        rating, bad = map_choices(src.raw(fld), RATING_CHOICES)
        src.warn(bad, fld, src.about(fld, f" is not a rating ({', '.join(reversed(RATINGS))}); this rating is left out"))
        usable |= rating.notna()
        part = pd.DataFrame({"staff_id": staff_id, "school_year": year, "rating_of": rating_of, "rating": rating})
        parts.append(_with_source(src, part)[rating.notna()])
    src.reject(~usable, "summative" if src.has("summative") else "rating", "no usable rating in this row")
    long = pd.concat(parts) if parts else pd.DataFrame(columns=list(SCHEMAS["evaluation"].columns))
    long["rating_score"] = long["rating"].map({r: i + 1 for i, r in enumerate(RATINGS)})
    long["_response_row"] = long.index
    return {"evaluation": long[list(SCHEMAS["evaluation"].columns) + ["_response_row"]].reset_index(drop=True)}


# ---------------------------------------------------------------- HR
def is_teacher_position(positions: pd.Series, config: Config) -> pd.Series:
    text = positions.astype("str").str.lower()
    cfg = config["positions"]
    teacher = pd.Series(False, index=positions.index)
    for word in cfg["teacher_words"]:
        teacher |= text.str.contains(word.lower(), regex=False, na=False)
    for word in cfg["exclude_words"]:
        teacher &= ~text.str.contains(word.lower(), regex=False, na=False)
    return teacher


def hr_employment(src: Source) -> dict[str, pd.DataFrame]:
    staff_id = clean_id(src.raw("staff_id"))
    src.reject(staff_id.isna(), "staff_id", "no staff id")
    year = _school_year_column(src)
    position = clean_text(src.raw("position"))
    src.reject(position.isna(), "position", "no position")
    experience, bad = parse_numbers(src.raw("experience_years"))
    _warn_bad(src, bad, "experience_years", "a number of years")
    key = staff_id + "|" + year
    first_row = src.frame["_row"].groupby(key).transform("first")
    dup = key.duplicated() & key.notna() & ~src.rejected
    src.reject(dup, "staff_id", "the same staff id and school year as row " + first_row.astype("Int64").astype("str") + "; counted once")
    out = pd.DataFrame({
        "staff_id": staff_id,
        "school_year": year,
        "school": clean_text(src.raw("school")),
        "position": position,
        "is_teacher": is_teacher_position(position, src.config),
        "experience_years": experience.round().astype("Int64"),
        "hire_date": _dates(src, "hire_date"),
        "exit_date": _dates(src, "exit_date"),
        "exit_reason": clean_text(src.raw("exit_reason")),
    })
    return {"hr_employment": _with_source(src, out)}


# ---------------------------------------------------------------- costs
COST_RULES = [  # first match wins, on category then description
    ("lead_mentor_stipend", r"lead\s*mentor"),
    ("substitute_coverage", r"\bsub(?:stitute)?s?\b|coverage"),
    ("contract_hours", r"contract|hourly|hours|\bhrs?\b"),
    ("mentor_stipend", r"stipend"),
    ("training", r"training|professional development|\bpd\b|conference|registration|workshop|orientation"),
    ("materials", r"material|book|suppl|resource|printing"),
]


def cost_category(category: pd.Series, description: pd.Series) -> pd.Series:
    """Category and description read together; the first rule that matches wins
    (so "Stipend: Lead mentor stipend" is a lead-mentor stipend)."""
    text = (category.astype("str").fillna("") + " " + description.astype("str").fillna("")).str.lower()
    out = pd.Series(np.nan, index=category.index, dtype="str")
    for name, pattern in COST_RULES:
        out = out.where(out.notna() | ~text.str.contains(pattern, regex=True, na=False), name)
    return out.fillna("other")


def funding_source(values: pd.Series) -> pd.Series:
    text = clean_text(values)
    low = text.str.lower().fillna("")
    out = text.where(~low.str.contains(r"title\s*(?:ii|2)", regex=True), "Title II-A")
    out = out.where(~low.str.contains(r"district|general fund|operating|local|school committee", regex=True), "District")
    return out


def costs(src: Source) -> dict[str, pd.DataFrame]:
    amount, bad = parse_numbers(src.raw("amount_usd"))
    src.reject(bad, "amount_usd", src.about("amount_usd", " is not an amount of money"))
    src.reject(amount.isna(), "amount_usd", "no amount")
    date = _dates(src, "date")
    year = _school_year_column(src, date)
    hours, bad_h = parse_numbers(src.raw("hours"))
    _warn_bad(src, bad_h, "hours", "a number of hours")
    days, bad_d = parse_numbers(src.raw("days"))
    _warn_bad(src, bad_d, "days", "a number of days")
    out = pd.DataFrame({
        "school_year": year,
        "date": date,
        "category": cost_category(src.raw("category"), src.raw("description")),
        "description": clean_text(src.raw("description")),
        "hours": hours,
        "days": days,
        "amount_usd": amount,
        "funding_source": funding_source(src.raw("funding_source")),
    })
    return {"costs": _with_source(src, out)}


# ---------------------------------------------------------------- mentor applications
def mentor_application(src: Source) -> dict[str, pd.DataFrame]:
    submitted = _dates(src, "timestamp")
    applicant_id, applicant = clean_id(src.raw("applicant_id")), clean_text(src.raw("applicant"))
    src.reject(applicant_id.isna() & applicant.isna(), "applicant", "no applicant (no name or staff id)")
    year = _school_year_column(src, submitted)
    years, bad_years = parse_numbers(src.raw("experience_years"))
    _warn_bad(src, bad_years, "experience_years", "a number of years")
    capacity, bad_capacity = parse_numbers(src.raw("max_mentees"))
    _warn_bad(src, bad_capacity, "max_mentees", "a number of new teachers")
    oriented, bad_oriented = parse_bool(src.raw("orientation_completed"))
    _warn_bad(src, bad_oriented, "orientation_completed", "yes or no")
    accepted_text = src.raw("accepted").astype("str").str.lower()
    accepted = pd.Series(pd.NA, index=src.frame.index, dtype="boolean")
    accepted[accepted_text.str.contains(r"^\s*(?:yes|y|true|accepted|approved)\b", regex=True, na=False)] = True
    accepted[accepted_text.str.contains(r"^\s*(?:no|n|false|declined|not accepted|rejected)\b", regex=True, na=False)] = False
    refresher = clean_text(src.raw("refresher_year"))
    refresher_year = schoolyear.parse_series(refresher)
    src.warn(refresher.notna() & refresher_year.isna(), "refresher_year", src.about("refresher_year", " is not a school year; left empty"))
    grade = clean_text(src.raw("grade_level"))
    out = pd.DataFrame({
        "response_id": src.row_ids(),
        "school_year": year,
        "submitted_at": submitted,
        "applicant": applicant,
        "applicant_id": applicant_id,
        "school": clean_text(src.raw("school")),
        "subject": clean_text(src.raw("subject")),
        "grade_level": grade,
        "grade_band": grade_band_of(grade),
        "experience_years": years.round().astype("Int64"),
        "orientation_completed": oriented,
        "refresher_year": refresher_year.astype("str"),
        "max_mentees": capacity.round().clip(0, 10).astype("Int64"),
        "schedule": clean_text(src.raw("schedule")),
        "groups_preferred": clean_text(src.raw("groups_preferred")),
        "motivation": clean_text(src.raw("motivation")),
        "strengths": clean_text(src.raw("strengths")),
        "interests": clean_text(src.raw("interests")),
        "accepted": accepted,
    })
    return {"mentor_application": _with_source(src, out)}


def reflection_journal(src: Source) -> dict[str, pd.DataFrame]:
    submitted = _dates(src, "timestamp")
    written = _dates(src, "date")
    when = written.fillna(submitted)
    entry = clean_text(src.raw("entry"))
    src.reject(entry.isna(), "entry", "no entry text")
    year = _school_year_column(src, when)
    private, bad_private = parse_bool(src.raw("private"))
    src.warn(bad_private, "private", src.about("private", " is not yes or no; the entry is treated as private"))
    author_id, author = clean_id(src.raw("author_id")), clean_text(src.raw("author"))
    role = role_of(src.raw("author_role")) if src.has("author_role") else pd.Series("mentor", index=src.frame.index, dtype="str")
    out = pd.DataFrame({
        "entry_id": src.row_ids(),
        "school_year": year,
        "date": when,
        "author": author,
        "author_id": author_id,
        "author_role": role,
        "entry": entry,
        "private": private.fillna(bad_private).astype("bool"),  # unreadable answers err on the private side
    })
    return {"reflection_journal": _with_source(src, out)}


NORMALIZERS = {
    "roster": roster,
    "collaborative_log": collaborative_log,
    "exit_ticket": exit_ticket,
    "self_assessment": self_assessment,
    "stakeholder_survey": stakeholder_survey,
    "evaluation": evaluation,
    "hr_employment": hr_employment,
    "costs": costs,
    "mentor_application": mentor_application,
    "reflection_journal": reflection_journal,
}


# ---------------------------------------------------------------- validation
def schema_failures(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Rows of ``frame`` that break the table's schema (index, column, reason in words), and the frame
    as the schema gives it (its columns' types) when no row does, else ``None``."""
    try:
        valid = SCHEMAS[table].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()]
        reasons = [failure_reason(c, col, v) for c, col, v in zip(cases["check"], cases["column"], cases["failure_case"])]
        return pd.DataFrame({"index": cases["index"].astype("int64"), "column": cases["column"], "reason": reasons}), None
    return pd.DataFrame({"index": pd.Series(dtype="int64"), "column": pd.Series(dtype="str"), "reason": pd.Series(dtype="str")}), valid


def failure_reason(check: str, column: str, value: object) -> str:
    """A schema failure in words: ``minutes must be between 0 and 720 (12 hours), found -30``."""
    label = column.replace("_", " ")
    if check == "not_nullable":
        return f"no {label}"
    if check.startswith("coerce_dtype"):
        return f"'{value}' could not be read as {label}"
    text = check if check.startswith(label) else f"{label} {check}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{text}, found {value}"


def normalize(src: Source, kind: str) -> dict[str, pd.DataFrame]:
    """Run the kind's normalizer; the rows it rejected are left out of the tables it returns
    (``src.rejected`` marks them; ``src.issues`` says why). Schema rules are checked by the
    caller once per table, across files."""
    tables = NORMALIZERS[kind](src)
    main = tables[kind]
    positions = main.pop("_response_row") if "_response_row" in main else pd.Series(main.index, index=main.index)
    keep = ~src.rejected.reindex(positions.to_numpy()).to_numpy()
    out = {kind: main[keep].reset_index(drop=True)}
    for name, frame in tables.items():
        if name != kind:
            # as Python objects: pandas' isin of Arrow-backed text builds an Arrow scalar per value looked for (1 s here)
            kept = pd.Series(frame["contact_id"].to_numpy(dtype=object), dtype=object).isin(out[kind]["contact_id"].to_numpy(dtype=object))
            out[name] = frame[kept.to_numpy()].reset_index(drop=True)
    return out
