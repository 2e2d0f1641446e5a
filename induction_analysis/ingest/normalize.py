"""Normalizers: one per kind of export, from a recognized table to canonical rows.

Each normalizer reads the columns that recognition found, parses them with
:mod:`induction_analysis.ingest.parsing`, and records, per row, why a row cannot be
used (rejected) or what in it could not be used (a warning; the row is kept).
Then the table's pandera schema (:mod:`induction_analysis.ingest.schemas`) is the
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

from induction_analysis import frameworks, schoolyear
from induction_analysis.config import Config
from induction_analysis.ingest import likert, scales
from induction_analysis.ingest.parsing import (
    DAY_FIRST,
    MONTH_FIRST,
    clean_text,
    duration_unit,
    each_value_once,
    grade_band_of,
    is_blank,
    map_choices,
    minutes_of_clock,
    name_key,
    normalize_header,
    numeric_date_fields,
    parse_bool,
    parse_dates,
    parse_numbers,
    times_of_day,
)
from induction_analysis.ingest.recognize import unit_config_line
from induction_analysis.ingest.schemas import RATINGS, SCHEMAS

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
    suggestions: dict[str, list[str]] = field(
        default_factory=dict
    )  # config lines (TOML section -> lines) for the district
    kind: str = ""  # set by normalize()
    # what was assumed about each file (a unit, a date order, where the school year came from...): ASSUMPTION_COLUMNS
    assumptions: list[dict] = field(default_factory=list)
    memo: dict = field(
        default_factory=dict
    )  # what several normalizing steps need once (the year each row's file gives)
    file_notes: dict[str, list[str]] = field(default_factory=dict)  # file -> notes on it (several files read together)

    def __post_init__(self) -> None:
        self.rejected = pd.Series(False, index=self.frame.index)

    @classmethod
    def combine(cls, sources: list[Source]) -> Source:
        """Sheets of one kind with the same fields as one source, so that their rows are normalized in one
        vectorized pass (hundreds of mentors' log workbooks cost one pass, not hundreds)."""
        fields = list(sources[0].columns)
        lengths = [len(src.frame) for src in sources]

        def per_row(values: list) -> pd.Series:  # one value per source, repeated over its rows
            return pd.Series(np.repeat(np.array(values, dtype=object), lengths), dtype="object")

        cells = np.concatenate(
            [src.frame.to_numpy(dtype=object)[:, [src.columns[f] for f in fields]] for src in sources]
        )
        frame = pd.DataFrame(cells, columns=range(len(fields)), dtype="object")
        frame["_row"] = np.concatenate([src.frame["_row"].to_numpy(dtype="int64") for src in sources])
        return cls(
            frame,
            fields,
            {f: i for i, f in enumerate(fields)},
            per_row([src.file for src in sources]),
            per_row([src.sheet for src in sources]),
            sources[0].config,
            labels={f: per_row([src.headers[src.columns[f]] for src in sources]) for f in fields},
        )

    def files(self) -> pd.Series:
        return (
            self.file
            if isinstance(self.file, pd.Series)
            else pd.Series(self.file, index=self.frame.index, dtype="object")
        )

    def sheets(self) -> pd.Series:
        return (
            self.sheet
            if isinstance(self.sheet, pd.Series)
            else pd.Series(self.sheet, index=self.frame.index, dtype="object")
        )

    def row_ids(self) -> pd.Series:
        """``file|sheet|row``: the id of each row's record (a contact, a response, an entry)."""
        return (
            self.files().astype("str")
            + "|"
            + self.sheets().fillna("").astype("str")
            + "|"
            + self.frame["_row"].astype("str")
        )

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

    def assume(self, file: str, subject: str, assumption: str, evidence: str = "", config: str = "") -> None:
        """What was assumed about one file: the ``subject`` (duration unit, date order, school year...), the
        ``assumption`` in words that do not name the file (so that the same assumption about many files reads as one),
        the file's ``evidence`` for it, and the config line that decides it otherwise (empty when none would)."""
        self.assumptions.append(
            {
                "file": file,
                "kind": self.kind,
                "subject": subject,
                "assumption": assumption,
                "evidence": evidence,
                "config": config,
            }
        )

    def note(self, file: str, text: str) -> None:
        """A note on one file for the data-quality report (its ``problem``), as :attr:`notes` is for a single sheet."""
        self.file_notes.setdefault(file, []).append(text)

    def by_file(self, mask: pd.Series | None = None) -> dict[str, pd.Index]:
        """The rows (index labels) of each file, in the order the files come; only the rows of ``mask`` if given."""
        if mask is None and "by_file" in self.memo:
            return self.memo["by_file"]
        files = self.files() if mask is None else self.files()[mask]
        if not isinstance(self.file, pd.Series):
            found = {self.file: files.index} if len(files) else {}
        else:
            found = {f: files.index[pos] for f, pos in files.groupby(files, sort=False).indices.items()}
        if mask is None:
            self.memo["by_file"] = found
        return found

    def per_file(self, **columns: tuple[pd.Series, str]) -> pd.DataFrame:
        """One row per file (in the order the files come): each ``name=(series, how)`` aggregated over the file's rows
        (``how``: any, sum, first...), in one pass rather than a loop over the files."""
        if not isinstance(self.file, pd.Series):  # one file: its rows as a whole (a groupby costs more than the rows)
            if not len(self.frame):
                return pd.DataFrame(columns=list(columns))
            reduce = {
                "any": lambda v: bool(v.any()),
                "sum": lambda v: v.sum(),
                "max": lambda v: v.max(),
                "first": lambda v: v.dropna().iloc[0] if v.notna().any() else None,
            }
            return pd.DataFrame(
                [{name: reduce[how](values) for name, (values, how) in columns.items()}], index=[self.file]
            )
        frame = pd.DataFrame({name: values for name, (values, _) in columns.items()}, index=self.frame.index)
        return frame.groupby(self.files().to_numpy(), sort=False).agg(
            **{name: (name, how) for name, (_, how) in columns.items()}
        )

    def labels_by_file(self, fld: str) -> pd.Series:
        """The header text of a field in each file."""
        label = self.column_label(fld)
        if not isinstance(self.file, pd.Series):
            return pd.Series([str(label)], index=[self.file])
        files = self.files()
        if isinstance(label, pd.Series):
            return label.groupby(files.to_numpy(), sort=False).first()
        return pd.Series(str(label), index=pd.unique(files.to_numpy()))

    def label_in(self, fld: str, rows: pd.Index) -> str:
        """The header text of a field in the file of ``rows``."""
        label = self.column_label(fld)
        return str(label.loc[rows[0]]) if isinstance(label, pd.Series) else str(label)

    def quoted(self, fld: str, rows: pd.Series | None = None) -> pd.Series:
        """The raw values (of ``rows``, a mask) as text for messages: ``'abc'``."""
        values = self.raw(fld) if rows is None else self.raw(fld)[rows]
        return "'" + values.astype("str").str.strip().str.slice(0, 60) + "'"

    def about(self, fld: str, text: str) -> Callable[[pd.Series], pd.Series]:
        """A row problem's reason: the cell quoted, then ``text``; made only for the rows that have the
        problem (a log of 100,000 rows has a handful)."""
        return lambda rows: self.quoted(fld, rows) + text


def id_text(v: object) -> object:
    """A staff id as people mean it: Excel's ``1234.0`` (a number cell, or its text) is ``1234``, surrounding spaces
    and the leading zeros of an all-digit id dropped (``000201`` is ``201``); other values as they are."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str):
        text = v.strip()
        if text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
        if text.isdigit() and text.isascii():
            text = text.lstrip("0") or "0"
        return text
    return v


def clean_id(values: pd.Series) -> pd.Series:
    """Staff ids as text, compared as people mean them (:func:`id_text`: ``000201`` in a roster is ``201`` in a
    workbook that stores ids as numbers); blanks missing."""
    # each distinct cell once (ids repeat over a person's rows); 1 and 1.0 are one value to factorize, and one id
    codes, distinct = pd.factorize(values)
    done = np.array([id_text(v) for v in np.asarray(distinct, dtype=object)] + [None], dtype=object)
    return clean_text(pd.Series(done[codes], index=values.index, dtype="object"))


_YEAR_IN_NAME = re.compile(r"(20\d{2})\s*[-_–]\s*(\d{2,4})")
_FISCAL_IN_NAME = re.compile(r"(?<![A-Za-z])(?:FY|SY)\s*'?(\d{2}|\d{4})(?!\d)", re.IGNORECASE)


def _year_in_name(file: str) -> str | None:
    """The school year a file's name gives, like ``log 2025-26.xlsx``, ``survey 2025_2026.csv`` or ``costs
    FY26.xlsx``."""
    found = _YEAR_IN_NAME.search(str(file))
    year = schoolyear.parse(f"{found.group(1)}-{found.group(2)}") if found else None
    if year is None:
        fiscal = _FISCAL_IN_NAME.search(str(file).rsplit("/", 1)[-1])
        year = schoolyear.parse(f"FY{fiscal.group(1)}") if fiscal else None
    return year


def _years_given(src: Source) -> tuple[pd.Series, pd.Series]:
    """Each row's school year as its School Year column gives it, and as its file's name gives it (missing where
    they do not); read once per source."""
    if "years_given" not in src.memo:
        column = (
            schoolyear.parse_series(src.raw("school_year"))
            if src.has("school_year")
            else pd.Series(np.nan, index=src.frame.index, dtype="str")
        )
        name = (
            each_value_once(src.files(), _year_in_name)
            if isinstance(src.file, pd.Series)
            else pd.Series(_year_in_name(src.file), index=src.frame.index, dtype="str")
        )
        src.memo["years_given"] = (column, name)
    return src.memo["years_given"]


def _year_of_rows(src: Source) -> pd.Series:
    """The school year the file says each row belongs to (its School Year column, else its name), before dates."""
    column, name = _years_given(src)
    return column.fillna(name)


def _school_year_column(
    src: Source, *date_series: pd.Series, dates_say_when: bool = True, check_dates: bool = False, date_words: str = ""
) -> pd.Series:
    """Each row's school year: from the School Year column, else from the file name, else from the first of
    ``date_series`` that has a date; rows with none are rejected.

    Where the file name and the rows' dates both give a year (``dates_say_when``: the dates are when the row
    happened, not a start date), they are compared: a name that most of its file's dates contradict is not
    trusted (each row's date gives its year, and the file note says so). With ``check_dates``, a row whose date
    lies outside the year it is filed under is kept there with a warning. Each file's assumption is recorded."""
    cfg = src.config["school_year"]
    column, name = _years_given(src)
    if src.has("school_year"):
        bad = column.isna() & ~is_blank(src.raw("school_year"))
        src.reject(bad, "school_year", src.about("school_year", " is not a school year (expected like 2025-26)"))
    dated = pd.Series(np.nan, index=src.frame.index, dtype="str")
    for dates in date_series:
        dated = dated.fillna(schoolyear.of_dates(dates, cfg["start_month"], cfg["start_day"]))
    use_name = name.notna() & column.isna()
    if dates_say_when and (use_name & dated.notna()).any():
        compared = use_name & dated.notna()
        counts = src.per_file(n=(compared, "sum"), off=(compared & (dated != name), "sum"), said=(name, "first"))
        for file, row in counts[2 * counts["off"] > counts["n"]].iterrows():
            use_name[src.by_file()[file]] = False
            src.note(
                file,
                f"the file name says {row['said']} but {row['off']} of {row['n']} dates are in other school years: "
                "each row's school year is taken from its date",
            )
    differs = column.notna() & name.notna() & (column != name)
    if differs.any():
        for file, rows in src.by_file(differs).items():
            held = sorted(set(column[rows]))
            src.note(
                file,
                f"the {src.label_in('school_year', rows)} column says "
                f"{', '.join(held[:3])}{' ...' if len(held) > 3 else ''} "
                f"in {len(rows)} row(s) where the file name says {name[rows[0]]}: the column is used",
            )
    year = column.copy()
    year = year.fillna(name.where(use_name)).fillna(dated)
    source = pd.Series(
        np.select([column.notna(), use_name, dated.notna()], ["column", "name", "date"], ""), index=year.index
    )
    if check_dates and date_series:
        outside = dated.notna() & year.notna() & (dated != year) & source.isin(["column", "name"])
        if outside.any():
            said = source.map({"column": "the School Year column's year", "name": "the file name's year"})
            src.warn(
                outside,
                "date",
                lambda rows: (
                    "the date "
                    + date_series[0][rows].dt.strftime("%Y-%m-%d")
                    + " is in "
                    + dated[rows]
                    + ", not in "
                    + year[rows]
                    + " ("
                    + said[rows]
                    + "); the row is kept in "
                    + year[rows]
                    + ": check the year typed in the date"
                ),
            )
    outside = (
        (dated.notna() & year.notna() & (dated != year) & source.isin(["column", "name"]))
        if check_dates and date_series
        else pd.Series(False, index=year.index)
    )
    used = src.per_file(
        column=(source == "column", "any"),
        name=(source == "name", "any"),
        date=(source == "date", "any"),
        said=(name, "first"),
        outside=(outside, "sum"),
    )
    labels = src.labels_by_file("school_year") if src.has("school_year") else None
    for file, row in zip(used.index, used.itertuples()):
        parts, evidence = [], []
        if row.column:
            parts.append("its School Year column")
            evidence.append(f"'{labels[file]}'")
        if row.name:
            parts.append("the file name")
            evidence.append(str(row.said))
        if row.date:
            parts.append(
                date_words
                or (
                    "each row's date"
                    if dates_say_when
                    else "each row's start or assignment date (no School Year column, no year in the file name)"
                )
            )
        if row.outside:
            evidence.append(f"{row.outside} row(s) dated outside it kept in it, each with a warning")
        src.assume(file, "school year", "from " + ", else ".join(parts) if parts else "none found", "; ".join(evidence))
    src.reject(
        year.isna(),
        "school_year",
        "no school year: no School Year column, no year like 2025-26 in the file name, and no date",
    )
    return year


def _warn_bad(src: Source, bad: pd.Series, fld: str, what: str) -> None:
    src.warn(bad, fld, src.about(fld, f" is not {what}; left empty"))


def _date_orders(src: Source, fld: str, raw: pd.Series) -> pd.Series | str:
    """The order in which a date column's numeric text dates (``05/09/2025``) are read, per file: a first field
    above 12 anywhere in the column makes it day first, a second field above 12 month first; when none decides,
    the order that puts more of the column's dates inside the file's school year (its School Year column or
    name) wins, month first on a tie. ``[conventions] date_order`` decides it for every file. Returns one
    order for all rows, or each row's order; each file's order is recorded (and noted when it was a guess)."""
    fields = numeric_date_fields(raw) if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype) else None
    if fields is None or fields["first"].isna().all():
        return MONTH_FIRST
    configured = str(src.config["conventions"].get("date_order", "auto"))
    label_rows = fields["first"].notna()
    orders = pd.Series(MONTH_FIRST, index=raw.index, dtype="object")
    given = _year_of_rows(src)
    cfg = src.config["school_year"]
    for file, rows in src.by_file(label_rows).items():
        header = src.label_in(fld, rows)
        first, second = fields.loc[rows, "first"], fields.loc[rows, "second"]
        example = lambda mask: str(raw[mask[mask].index[0]]).strip()  # noqa: E731
        if configured in (MONTH_FIRST, DAY_FIRST):
            order, why, guessed = configured, "as the config says ([conventions] date_order)", False
        elif (first > 12).any() and not (second > 12).any():
            order, why, guessed = DAY_FIRST, f"a day above 12 comes first ({example(first > 12)})", False
        elif (second > 12).any() and not (first > 12).any():
            order, why, guessed = MONTH_FIRST, f"a day above 12 comes second ({example(second > 12)})", False
        elif (first > 12).any():
            order = DAY_FIRST if (first > 12).sum() > (second > 12).sum() else MONTH_FIRST
            why, guessed = (
                f"days above 12 come first in {int((first > 12).sum())} and second in {int((second > 12).sum())} dates",
                True,
            )
        else:
            year = given[rows]
            counts = {}
            for candidate in (MONTH_FIRST, DAY_FIRST):
                dates, _ = parse_dates(raw[rows], candidate)
                of = schoolyear.of_dates(dates, cfg["start_month"], cfg["start_day"])
                target = (
                    year
                    if year.notna().any()
                    else pd.Series(of.mode().iloc[0] if of.notna().any() else np.nan, index=rows)
                )
                counts[candidate] = int((of == target).sum())
            order = DAY_FIRST if counts[DAY_FIRST] > counts[MONTH_FIRST] else MONTH_FIRST
            within = f"in {year.dropna().iloc[0]}" if year.notna().any() else "in one school year"
            why = (
                f"no day above 12 decides; {order} puts {counts[order]} of {len(rows)} dates {within}, "
                f"{DAY_FIRST if order == MONTH_FIRST else MONTH_FIRST} "
                f"{counts[DAY_FIRST if order == MONTH_FIRST else MONTH_FIRST]}"
            )
            guessed = True
        orders[src.by_file()[file]] = order
        other = MONTH_FIRST if order == DAY_FIRST else DAY_FIRST
        line = (
            ""
            if configured != "auto"
            else f'[conventions] date_order = "{other}"'
            if guessed or order == DAY_FIRST
            else ""
        )
        src.assume(
            file,
            "date order",
            f"{order} (like {'05/09/2025 = 5 September' if order == DAY_FIRST else '05/09/2025 = May 9'})",
            f"'{header}': {why}",
            line,
        )
        if guessed or order == DAY_FIRST:
            src.note(
                file,
                f"dates in '{header}' read {order} ({why})"
                + (f"; if they are {other}, add to your config: {line}" if line else ""),
            )
    if (orders == MONTH_FIRST).all():
        return MONTH_FIRST
    return orders


def _dates(src: Source, fld: str, required: bool = False) -> pd.Series:
    raw = src.raw(fld)
    orders = _date_orders(src, fld, raw) if src.has(fld) else MONTH_FIRST
    if isinstance(orders, str):
        dates, bad = parse_dates(raw, orders)
    else:
        dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
        bad = pd.Series(False, index=raw.index)
        for order in orders.unique():
            rows = orders == order
            dates[rows], bad[rows] = parse_dates(raw[rows], order)
    if bad.any():  # a date the column's order cannot read, read the other way (with a warning)
        other_way = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
        for order in (MONTH_FIRST, DAY_FIRST):
            rows = bad & (
                (orders != order) if not isinstance(orders, str) else pd.Series(orders != order, index=raw.index)
            )
            if rows.any():
                other_way[rows] = parse_dates(raw[rows], order)[0]
        readable = bad & other_way.notna()
        if readable.any():
            dates[readable] = other_way[readable]
            bad = bad & ~readable
            src.warn(
                readable,
                fld,
                lambda rows: (
                    src.quoted(fld, rows)
                    + " read as "
                    + dates[rows].dt.strftime("%Y-%m-%d")
                    + ", in the other order than the rest of the column"
                ),
            )
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


ACTIVITY_CHOICES = _choices(
    {
        "meeting": [
            "meeting",
            "mentor meeting",
            "meet",
            "check in",
            "check-in",
            "1:1",
            "one on one",
            "conference",
            "conversation",
            "debrief",
        ],
        "observation_of_mentee": [
            "mentor observes mentee",
            "observation of mentee",
            "mentor observation",
            "observed mentee",
            "observation mentor observes mentee",
            "classroom observation",
            "observation",
            "observe mentee",
        ],
        "observation_by_mentee": [
            "mentee observes mentor",
            "observation of mentor",
            "observed mentor",
            "peer observation",
            "mentee observation",
            "mentee observes",
            "observation by mentee",
            "observe mentor",
            "mentee observes another teacher",
        ],
        "co_planning": [
            "co-planning",
            "coplanning",
            "co planning",
            "planning",
            "lesson planning",
            "joint planning",
            "co-teaching",
        ],
        "other": ["other", "email", "phone", "phone call"],
    }
)
LICENSE_CHOICES = {
    "initial": "Initial",
    "provisional": "Provisional",
    "professional": "Professional",
    "temporary": "Temporary",
    "emergency": "Emergency",
}
GROUP_CHOICES = _choices(
    {
        "beginning teacher": [
            "beginning",
            "beginning teacher",
            "first year",
            "first year teacher",
            "new teacher",
            "novice",
            "bt",
        ],
        "new to district": [
            "new to district",
            "experienced",
            "experienced new hire",
            "new to the district",
            "ntd",
            "transfer in",
        ],
        "career changer": ["career changer", "career change", "career switcher", "second career", "cc"],
    }
)
RATING_CHOICES = _choices(
    {
        "Exemplary": ["E", "exemplary", "4"],
        "Proficient": ["P", "proficient", "3"],
        "Needs Improvement": ["NI", "needs improvement", "needs improvment", "2"],
        "Unsatisfactory": ["U", "unsatisfactory", "1"],
    }
)
SEASON_CHOICES = _choices(
    {
        "fall": ["fall", "autumn", "boy", "beginning of year", "beginning of the year", "september", "october", "pre"],
        "spring": ["spring", "eoy", "end of year", "end of the year", "may", "june", "post"],
    }
)


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


SILENT_HOURS_BELOW = 10  # a duration column whose header does not say, every value under this: hours


def _minutes(src: Source) -> pd.Series:
    """Minutes of each contact: from a duration column in the unit its header says (or the config gives it; a
    header that does not say is read as minutes unless every value is under 10, then as hours), durations written
    as a clock (``1:30``, Excel time cells), spoken ones (``1 hr``); else from a start and an end time."""
    raw = src.raw("minutes")
    numbers, bad = parse_numbers(raw)
    clock = minutes_of_clock(raw[bad]).reindex(raw.index) if bad.any() else pd.Series(np.nan, index=raw.index)
    # "1 hr", "1.5 hours", "45 min": read, and say how (looked for only in the cells that are neither numbers nor
    # clocks)
    text = raw[bad & clock.isna()].astype("str").str.strip().str.lower()
    spoken = text.str.extract(r"^(\d+(?:\.\d+)?)\s*(h|hr|hrs|hour|hours|m|min|mins|minutes)$")
    value = pd.to_numeric(spoken[0], errors="coerce")
    value = value.where(~spoken[1].str.startswith("h", na=False), value * 60)
    spoken_minutes = value.reindex(raw.index)
    factor = pd.Series(1.0, index=raw.index)
    if src.has("minutes"):
        files = src.files()
        stats = src.per_file(
            n=(numbers.notna(), "sum"), largest=(numbers.abs(), "max"), fractions=((numbers % 1 != 0), "any")
        )
        headers = src.labels_by_file("minutes")
        in_hours = []
        for file, row in zip(stats.index, stats.itertuples()):
            header = headers[file]
            configured = src.config.column_unit(src.kind or "collaborative_log", header)
            said = duration_unit(header)
            small = row.n > 0 and row.largest < SILENT_HOURS_BELOW
            if small:
                shown = ", ".join(
                    f"{v:g}" for v in numbers[(files == file) & numbers.notna()].drop_duplicates().head(4)
                )
            if configured:
                unit, why = configured, "as the config says"
            elif said in ("hours", "minutes"):
                unit, why = said, f"as the header '{header}' says"
            elif said == "h:mm":
                unit, why = "minutes", f"the header '{header}' says h:mm; plain numbers read as minutes"
            elif small:
                unit, why = (
                    "hours",
                    f"the header '{header}' does not say, and every value is under {SILENT_HOURS_BELOW} ({shown} ...)",
                )
            else:
                unit, why = (
                    "minutes",
                    f"the header '{header}' does not say, and the values are minutes (up to {row.largest:g})",
                )
            other = "minutes" if unit == "hours" else "hours"
            line = unit_config_line(header, other) if not configured and said is None else ""
            if unit == "hours":
                in_hours.append(file)
            src.assume(file, "duration unit", unit, f"'{header}': {why}", line)
            if not configured and said is None and unit == "hours":
                src.note(
                    file,
                    f"'{header}' read as hours ({why}); if it holds minutes, add to your config under "
                    f"[columns.collaborative_log]: {line} (or, to keep hours: {unit_config_line(header, 'hours')})",
                )
            elif not configured and said == "minutes" and small and row.fractions:
                src.note(
                    file,
                    f"every value of '{header}' is under {SILENT_HOURS_BELOW} minutes ({shown} ...); if they are "
                    f"hours, add "
                    f"to your config under [columns.collaborative_log]: {unit_config_line(header, 'hours')}",
                )
        if in_hours:
            factor[files.isin(in_hours).to_numpy()] = 60.0
    minutes = numbers * factor
    readable_clock = clock.notna()
    minutes = minutes.where(~readable_clock, clock)
    readable = spoken_minutes.notna()
    minutes = minutes.where(~readable, spoken_minutes)
    src.warn(
        readable | readable_clock,
        "minutes",
        lambda rows: (
            src.quoted("minutes", rows)
            + " read as "
            + minutes[rows].round(0).astype("Int64").astype("str")
            + " minutes"
        ),
    )
    src.reject(bad & ~readable & ~readable_clock, "minutes", src.about("minutes", " is not a number of minutes"))
    if src.has("start_time") and src.has("end_time"):
        start, end = times_of_day(src.raw("start_time")), times_of_day(src.raw("end_time"))
        spans = end - start
        from_times = minutes.isna() & ~(bad & ~readable & ~readable_clock) & spans.notna()
        src.reject(
            from_times & (spans <= 0),
            "end_time",
            lambda rows: (
                "the end time "
                + src.quoted("end_time", rows)
                + " is not after the start time "
                + src.quoted("start_time", rows)
            ),
        )
        minutes = minutes.where(~from_times, spans)
        for file, rows in src.by_file(from_times).items():
            src.assume(
                file,
                "duration unit",
                "minutes from the end time - the start time",
                f"'{src.label_in('end_time', rows)}' - '{src.label_in('start_time', rows)}', {len(rows)} row(s)",
            )
    src.reject(minutes.isna(), "minutes", "no minutes")
    return minutes


# ---------------------------------------------------------------- roster
def roster(src: Source) -> dict[str, pd.DataFrame]:
    mentee_id, mentee_name = clean_id(src.raw("mentee_id")), clean_text(src.raw("mentee_name"))
    src.reject(mentee_id.isna() & mentee_name.isna(), "mentee_name", "no new teacher named (no mentee name or id)")
    start = _dates(src, "start_date")
    assigned = _dates(src, "mentor_assigned_date")
    # a start date says when the teacher began in the district, not which year the row is about
    year = _school_year_column(src, start, assigned, dates_say_when=False)
    license_, bad_license = _license(src.raw("license"))
    src.warn(
        bad_license,
        "license",
        src.about(
            "license",
            " is not a known license (Initial, Provisional, Professional, Temporary, Emergency); recorded as Other",
        ),
    )
    years, bad_years = parse_numbers(src.raw("prior_experience_years"))
    _warn_bad(src, bad_years, "prior_experience_years", "a number of years")
    group, bad_group = map_choices(src.raw("group"), GROUP_CHOICES)
    src.warn(
        bad_group,
        "group",
        src.about("group", " is not a known group (beginning teacher, new to district, career changer); left empty"),
    )
    years = _roster_experience(src, years, group, start, year)
    _mentor_changes(
        src,
        mentee_id.fillna(each_value_once(mentee_name, name_key)),
        year,
        clean_id(src.raw("mentor_id")).fillna(each_value_once(clean_text(src.raw("mentor_name")), name_key)),
    )
    trained, bad_trained = parse_bool(src.raw("mentor_trained"))
    _warn_bad(src, bad_trained, "mentor_trained", "yes or no")
    grade = clean_text(src.raw("grade_level"))
    out = pd.DataFrame(
        {
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
        }
    )
    return {"roster": _with_source(src, out)}


def _roster_experience(src: Source, years: pd.Series, group: pd.Series, start: pd.Series, year: pd.Series) -> pd.Series:
    """Years of experience as the roster's canonical column counts them (before this year: 0 = first-year teacher).
    A roster may count this year too (a first-year teacher has 1): decided per file from its beginning teachers
    who start that year (their value is the first-year value), else from whether any beginning teacher has 0
    (none has, and some have 1: counting from 1), or by ``[conventions] roster_first_year_experience``."""
    if not src.has("prior_experience_years") or years.isna().all():
        return years
    configured = str(src.config["conventions"].get("roster_first_year_experience", "auto"))
    cfg = src.config["school_year"]
    started_now = schoolyear.of_dates(start, cfg["start_month"], cfg["start_day"]) == year
    beginning = group == "beginning teacher"
    out = years.copy()
    for file, rows in src.by_file().items():
        header = src.label_in("prior_experience_years", rows)
        known = years[rows].notna()
        first_years = years[rows][known & beginning[rows] & started_now[rows].fillna(False).astype(bool)]
        begin = years[rows][known & beginning[rows]]
        if configured in ("0", "1"):
            first, why = int(configured), "as the config says ([conventions] roster_first_year_experience)"
        elif len(first_years) and (first_years == 0).any():
            first, why = 0, f"beginning teachers who start that year have {int(first_years.min())}"
        elif len(first_years) and first_years.min() == 1:
            first, why = (
                1,
                f"the {len(first_years)} beginning teacher(s) who start that year have "
                f"{int(first_years.min())}, none 0",
            )
        elif len(begin) and not (begin == 0).any() and begin.min() == 1:
            first, why = 1, f"no beginning teacher has 0, and {int((begin == 1).sum())} have 1"
        else:
            first, why = (
                0,
                (
                    "a beginning teacher has 0"
                    if len(begin) and (begin == 0).any()
                    else "nothing in the file decides it; the usual count of the years before this one"
                ),
            )
        line = "" if configured in ("0", "1") else f"[conventions] roster_first_year_experience = {1 - first}"
        meaning = (
            "counts this year (a first-year teacher has 1): 1 is taken off"
            if first == 1
            else "counts the years before this one (a first-year teacher has 0)"
        )
        src.assume(file, "years of experience", meaning, f"'{header}': {why}", line)
        if first == 1:
            out[rows] = (years[rows] - 1).clip(lower=0)
            if configured == "auto":
                src.note(
                    file,
                    f"'{header}' counts this year ({why}): 1 taken off, so a first-year teacher has 0 years before "
                    f"this "
                    f"one; if it counts only the years before, add to your config: {line}",
                )
    return out


def _mentor_changes(src: Source, mentee: pd.Series, year: pd.Series, mentor: pd.Series) -> None:
    """A new teacher with two roster rows (two mentors) in one year: a mentor change, said once per file."""
    named = mentee.notna() & year.notna() & mentor.notna() & ~src.rejected
    pairs = pd.DataFrame({"file": src.files(), "mentee": mentee, "year": year, "mentor": mentor})[
        named
    ].drop_duplicates()
    changed = pairs[pairs.duplicated(["file", "mentee", "year"], keep=False)]
    for file, rows in changed.groupby("file", sort=False):
        n = rows[["mentee", "year"]].drop_duplicates().shape[0]
        src.assume(
            file,
            "mentor changes",
            "two mentors of one new teacher in one year are a mentor change: assignment figures from "
            "the first assignment, hours to the mentor who logged them",
            f"{n} new teacher(s) with two or more mentors in a year",
        )


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
    year = _school_year_column(src, date, check_dates=True)
    mentor = clean_text(src.raw("mentor"))
    if not src.has("mentor"):  # a workbook with one sheet per mentor: the sheet names the mentor
        sheets = src.sheets().astype("str").str.strip()
        named = src.sheets().notna() & ~sheets.str.lower().str.fullmatch(r"(sheet|tabelle|feuil)\s*\d*")
        mentor = mentor.fillna(sheets.where(named))
    contact_id = src.row_ids()
    standards_text = clean_text(src.raw("standards"))
    out = pd.DataFrame(
        {
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
        }
    )
    out = _with_source(src, out)
    return {"collaborative_log": out, "log_standards": _standards_long(src, out)}


def _standards_long(src: Source, log: pd.DataFrame) -> pd.DataFrame:
    """Split multi-code cells into a long table, reading each code with its year's framework.
    Unknown codes are warned about; the contact is kept."""
    rows = log.loc[
        log["standards_text"].notna() & log["school_year"].notna(), ["contact_id", "school_year", "standards_text"]
    ]
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
    parsed = [
        frameworks.load(framework_names[pair // len(codes)]).parse_code(codes[pair % len(codes)]) for pair in pairs
    ]
    long = pd.DataFrame(
        {
            "contact_id": rows["contact_id"].array.take(row_of),
            "school_year": rows["school_year"].array.take(row_of),
            "framework": framework_names[year_of],
            "code": np.asarray(codes, dtype=object)[code_of],
            "standard": pd.Series(np.array([p[0] for p in parsed] or [None], dtype=object)[pair_of], dtype="str"),
            "indicator": pd.Series(np.array([p[1] for p in parsed] or [None], dtype=object)[pair_of], dtype="str"),
        }
    )
    long.index = rows.index[row_of]
    unknown = long[long["standard"].isna()]
    if len(unknown):
        per_row = unknown.groupby(level=0).agg(
            codes=("code", lambda c: ", ".join(f"'{x}'" for x in c)), fw=("framework", "first")
        )
        mask = pd.Series(False, index=src.frame.index)
        mask[per_row.index] = True
        reason = pd.Series("", index=src.frame.index, dtype="str")
        reason[per_row.index] = (
            "standard code " + per_row["codes"] + " is not in " + per_row["fw"] + "; the contact is kept without it"
        )
        src.warn(mask, "standards", reason)
    long = long[long["standard"].notna()]
    return long[["contact_id", "school_year", "framework", "code", "standard", "indicator"]].reset_index(drop=True)


# ---------------------------------------------------------------- surveys
# Columns survey tools add that are not questions.
SURVEY_METADATA = {
    normalize_header(h)
    for h in [
        "id",
        "respondent id",
        "response id",
        "responseid",
        "collector id",
        "start time",
        "completion time",
        "email",
        "email address",
        "name",
        "last modified time",
        "ip address",
        "ipaddress",
        "start date",
        "end date",
        "startdate",
        "enddate",
        "status",
        "progress",
        "duration in seconds",
        "finished",
        "recorded date",
        "recordeddate",
        "recipient last name",
        "recipientlastname",
        "recipient first name",
        "recipientfirstname",
        "recipient email",
        "recipientemail",
        "external reference",
        "externalreference",
        "external data reference",
        "location latitude",
        "locationlatitude",
        "location longitude",
        "locationlongitude",
        "distribution channel",
        "distributionchannel",
        "user language",
        "userlanguage",
        "custom data",
        "custom data 1",
        "score",
        "total score",
        "points",
        "quiz feedback",
        "timestamp",
        "submitted",
        "date submitted",
        "response type",
        "first name",
        "last name",
        "custom data 2",
        "custom data 3",
        "email list",
        "respondent email",
        "duration",
        "language",
        "q language",
        # SurveyMonkey's older CSV and Qualtrics' legacy export (second header row)
        "respondentid",
        "collectorid",
        "lastname",
        "firstname",
        "responseset",
        "externaldatareference",
        "emailaddress",
        "location accuracy",
        "locationaccuracy",
    ]
}
# Qualtrics: responses that are not respondents ("Response Type", or "Status" in numeric exports)
QUALTRICS_STATUS = {"response type", "status"}
NOT_RESPONDENTS = {
    "survey preview": "a survey preview",
    "survey test": "a test response",
    "spam": "marked as spam",
    "1": "a survey preview",
    "2": "a test response",
    "8": "marked as spam",
    "17": "a survey preview",
}
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
    return (
        len(values) >= 3
        and options.str.len().max() <= 60
        and len(counts) <= len(options) / 2
        and options.map(counts).ge(2).mean() >= 0.5
    )


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
            src.reject(
                why.notna(),
                header,
                "not a respondent: " + why.fillna("") + f" ({header} = '" + src.frame[i].astype("str") + "')",
            )
        elif key == "finished":
            unfinished = parse_bool(src.frame[i])[0].eq(False).fillna(False).astype(bool)
            if src.config["survey"].get("unfinished_responses", "keep") == "drop":
                src.reject(unfinished, header, f"an unfinished response ({header} = False); dropped as the config asks")
            else:
                src.warn(
                    unfinished, header, f"an unfinished response ({header} = False); the questions answered are kept"
                )


def _item_suggestion(header: str, line: str) -> str:
    return f"{json.dumps(header[:120], ensure_ascii=False)} = {line}"


def _survey(src: Source, kind: str, extra: dict[str, pd.Series], dates: list[pd.Series]) -> pd.DataFrame:
    """Wide survey rows -> long answers; ``extra`` holds the kind's per-response columns.

    Each question is read by :func:`likert.read_items`: a rating (item_type ``likert``: scored on its
    scale, "Not applicable"-type answers kept apart as ``not_applicable``, answers on no scale left
    out with a row warning), a number, a ranking, a choice or an open answer (``text``)."""
    meta_positions = set(src.columns.values())
    items = [
        i for i, h in enumerate(src.headers) if i not in meta_positions and normalize_header(h) not in SURVEY_METADATA
    ]
    survey_cfg = src.config["survey"]
    numeric_points = int(survey_cfg["rubric_levels"]) if kind == "self_assessment" else 5
    extra_na = frozenset(scales.answer_key(a) for a in survey_cfg.get("not_applicable_answers", []))
    _not_respondents(src)
    read = likert.read_items(
        {i: src.frame[i] for i in items},
        {i: src.headers[i] for i in items},
        numeric_points,
        qualtrics=src.layout.startswith("Qualtrics"),
        config_items=survey_cfg.get("items", {}),
        extra_not_a_rating=extra_na,
    )
    answered = pd.Series(False, index=src.frame.index)
    for i in items:
        answered |= ~is_blank(src.frame[i])
    src.reject(~answered, "answers", "no answers in this response")
    year = _school_year_column(src, *dates)
    base = pd.DataFrame({"response_id": src.row_ids(), "school_year": year, **extra})
    base = _with_source(src, base)
    parts = []
    for i in items:
        answers = src.frame[i]
        header = src.headers[i]
        reading = read[i]
        item_type = reading.kind or ("choice" if _is_choice(header, answers) else "text")
        rated = item_type == "likert"
        not_applicable = (
            reading.not_a_rating
            if rated and reading.not_a_rating is not None
            else pd.Series(False, index=answers.index)
        )
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


SCALE_WORDS_IN_TEXT = (
    0.25  # an item read as text whose answers are this share scale words gets a warning per such answer
)


def _explain_item(
    src: Source, header: str, reading: likert.ItemReading, answers: pd.Series, keep: pd.Series, part: pd.DataFrame
) -> None:
    """Row warnings for answers left out of a rating, or scale words in an item read as text, and the
    config lines that would say how to read an item the export leaves open."""
    if part["item_type"].iloc[0] == "likert":
        if not reading.left_out:
            return
        left = (
            keep
            & part["score"].reindex(answers.index).isna()
            & ~part["not_applicable"].reindex(answers.index).fillna(False).astype(bool)
        )
        scale = reading.scale
        src.warn(
            left,
            header,
            lambda rows: (
                "'"
                + answers[rows].astype("str").str.strip().str.slice(0, 60)
                + f"' is not on the item's {scale.describe()} scale; left out of its figures"
            ),
        )
        return
    if reading.note == "no scale" and not reading.declared:
        _suggest_item(
            src, header, '"<its scale, such as agreement-5 or numeric-7; or number>"  # numbers coded by the export'
        )
        return
    if part["item_type"].iloc[0] == "text" and reading.scale_words >= SCALE_WORDS_IN_TEXT:
        text = answers.astype("str").str.strip()
        on_scale = keep & text.map(lambda t: bool(scales.readings(scales.answer_key(t)))).astype(bool)
        src.warn(
            on_scale,
            header,
            lambda rows: (
                "'"
                + text[rows].str.slice(0, 60)
                + "' looks like a scale answer, but fewer than half of this question's answers are on one scale, "
                "so the question is read as open comments; [survey.items] can name its scale"
            ),
        )
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
        "respondent_role": role_of(src.raw("respondent_role"))
        if src.has("respondent_role")
        else pd.Series(np.nan, index=src.frame.index, dtype="str"),
    }
    return {"exit_ticket": _survey(src, "exit_ticket", extra, [session_date, submitted])}


def self_assessment(src: Source) -> dict[str, pd.DataFrame]:
    submitted = _dates(src, "timestamp")
    season, bad = map_choices(
        src.raw("season")
        .astype("str")
        .str.extract(r"^\s*(\S+(?:\s+of\s+(?:the\s+)?year)?)", expand=False)
        .where(~is_blank(src.raw("season"))),
        SEASON_CHOICES,
    )
    src.warn(bad, "season", src.about("season", " is neither fall nor spring; season taken from the date"))
    from_date = pd.Series(
        np.where(submitted.dt.month.between(7, 12), "fall", "spring"), index=src.frame.index, dtype="str"
    ).where(submitted.notna())
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


SUMMATIVE_TYPE = re.compile(r"summative|final|end of (?:the )?cycle|\beoc\b|annual|year end|end of year")
NOT_SUMMATIVE_TYPE = re.compile(
    r"formative|mid|interim|progress|goal|self assessment|observation|walk ?through|preliminary|draft"
)


def _record_types(src: Source) -> None:
    """Rows of an evaluation export that are not summative evaluations (formative, mid-cycle...), as its type
    column says: set aside (rejected with the reason), so that proficiency counts summative ratings only."""
    if not src.has("record_type"):
        return
    raw = src.raw("record_type")
    key = raw.map(normalize_header, na_action="ignore").astype("str")
    summative = key.str.contains(SUMMATIVE_TYPE, na=False)
    other = ~summative & key.str.contains(NOT_SUMMATIVE_TYPE, na=False)
    unknown = ~summative & ~other & ~is_blank(raw)
    src.reject(
        other,
        "record_type",
        lambda rows: (
            "a "
            + raw[rows].astype("str").str.strip().str.lower()
            + " evaluation ("
            + src.column_label("record_type")
            + " = "
            + src.quoted("record_type", rows)
            + "): only summative evaluations count; set aside"
        ),
    )
    src.warn(
        unknown,
        "record_type",
        src.about(
            "record_type", " is not a known evaluation type (summative, formative, mid-cycle); read as summative"
        ),
    )
    for file, rows in src.by_file().items():
        counts = raw[rows][other[rows]].astype("str").str.strip().value_counts()
        set_aside = ", ".join(f"{n} {t}" for t, n in counts.items())
        src.assume(
            file,
            "record types",
            "summative evaluations only; formative and mid-cycle rows set aside",
            f"'{src.label_in('record_type', rows)}': {int(summative[rows].sum())} summative row(s) used"
            + (f"; set aside: {set_aside}" if set_aside else "")
            + (f"; {int(unknown[rows].sum())} of an unknown type read as summative" if unknown[rows].any() else ""),
        )


def evaluation(src: Source) -> dict[str, pd.DataFrame]:
    staff_id = clean_id(src.raw("staff_id"))
    src.reject(staff_id.isna(), "staff_id", "no staff id")
    _record_types(src)
    year = _school_year_column(src)
    parts, usable = [], pd.Series(False, index=src.frame.index)
    for fld, rating_of in RATED.items():
        if not src.has(fld):
            continue
        rating, bad = map_choices(src.raw(fld), RATING_CHOICES)
        src.warn(
            bad, fld, src.about(fld, f" is not a rating ({', '.join(reversed(RATINGS))}); this rating is left out")
        )
        usable |= rating.notna()
        part = pd.DataFrame({"staff_id": staff_id, "school_year": year, "rating_of": rating_of, "rating": rating})
        parts.append(_with_source(src, part)[rating.notna()])
    src.reject(~usable, "summative" if src.has("summative") else "rating", "no usable rating in this row")
    long = pd.concat(parts) if parts else pd.DataFrame(columns=list(SCHEMAS["evaluation"].columns))
    long["rating_score"] = long["rating"].map({r: i + 1 for i, r in enumerate(RATINGS)})
    long["_response_row"] = long.index
    return {"evaluation": long[list(SCHEMAS["evaluation"].columns) + ["_response_row"]].reset_index(drop=True)}


# ---------------------------------------------------------------- HR
def _word_pattern(word: str) -> re.Pattern:
    """A configured word or phrase as whole words of a normalized title, a plural too (``teacher`` in ``teachers``)."""
    return re.compile(r"(?:^| )" + re.escape(normalize_header(word)) + r"s?(?= |$)")


def classify_positions(positions: pd.Series, config: Config) -> pd.DataFrame:
    """Whether each job title is a classroom teacher's (``is_teacher``) and why (``why``), by ``[positions]``: a
    teacher word (``teacher``, ``tchr``) as a whole word and no exclusion (``aide``, ``student teacher``...)."""
    cfg = config["positions"]
    teacher_words = [(w, _word_pattern(w)) for w in cfg["teacher_words"]]
    exclusions = [(w, _word_pattern(w)) for w in cfg["exclude_words"]]

    def one(title: str) -> tuple[bool, str]:
        key = normalize_header(title)
        found = next((w for w, p in teacher_words if p.search(key)), None)
        if found is None:
            return False, f"no teacher word ({', '.join(repr(w) for w, _ in teacher_words)}) in the title"
        excluded = next((w for w, p in exclusions if p.search(key)), None)
        if excluded is not None:
            return False, f"'{found}' in the title, but also '{excluded}' ([positions] exclude_words)"
        return True, f"'{found}' in the title ([positions] teacher_words)"

    codes, distinct = pd.factorize(positions)
    done = [one(str(t)) for t in distinct]
    is_teacher = np.array([d[0] for d in done] + [False], dtype=bool)[codes]
    why = np.array([d[1] for d in done] + ["no position"], dtype=object)[codes]
    return pd.DataFrame({"is_teacher": is_teacher, "why": why}, index=positions.index)


def is_teacher_position(positions: pd.Series, config: Config) -> pd.Series:
    return classify_positions(positions, config)["is_teacher"]


# Employment status as payroll systems write it: still staff (active, on leave) or not (terminated ...)
INACTIVE_STATUS = re.compile(
    r"terminat|separat|retire|resign|inactive|deceased|non ?renew|dismiss|laid off|layoff|former|^(?:t|i|r|s)$"
)
STAFF_STATUS = re.compile(r"active|leave|\bloa\b|sabbatical|fmla|\bon\b|employed|current|^(?:a|l)$")


def _hr_experience(src: Source, experience: pd.Series, is_teacher: pd.Series) -> pd.Series:
    """Years of experience as the canonical column counts them (this year included: 1 = first year of teaching).
    An HR export that counts from 0 (a teacher has 0) gets 1 added, per file; ``[conventions]
    hr_first_year_experience`` decides it for every file."""
    if not src.has("experience_years") or experience.isna().all():
        return experience
    configured = str(src.config["conventions"].get("hr_first_year_experience", "auto"))
    out = experience.copy()
    for file, rows in src.by_file().items():
        header = src.label_in("experience_years", rows)
        teachers = experience[rows][is_teacher[rows] & experience[rows].notna() & ~src.rejected[rows]]
        if configured in ("0", "1"):
            first, why = int(configured), "as the config says ([conventions] hr_first_year_experience)"
        elif (teachers == 0).any():
            first, why = 0, f"{int((teachers == 0).sum())} teacher(s) have 0"
        else:
            first, why = 1, "no teacher has 0"
        line = "" if configured in ("0", "1") else f"[conventions] hr_first_year_experience = {1 - first}"
        meaning = (
            "counts from 0 (a first-year teacher has 0): 1 is added"
            if first == 0
            else "counts this year (a first-year teacher has 1)"
        )
        src.assume(file, "years of experience", meaning, f"'{header}': {why}", line)
        if first == 0:
            out[rows] = experience[rows] + 1
            if configured == "auto":
                src.note(
                    file,
                    f"'{header}' counts from 0 ({why}): 1 added, so a first-year teacher has 1 as the beginning "
                    f"cohorts "
                    f"need; if 0 means something else, add to your config: {line}",
                )
    return out


def _not_staff_that_year(src: Source, year: pd.Series, exit_date: pd.Series, per_employee: pd.Series) -> None:
    """Rows of a yearly HR snapshot that still list someone who left: a termination (separation, end) date on or
    before the first day of the row's year, or an inactive status (Terminated, Separated, Retired, Resigned,
    Inactive) with no date. They are not staff that year: set aside (rejected, with the reason). A leave status
    is staff."""
    cfg = src.config["school_year"]
    first_days = {
        y: pd.Timestamp(schoolyear.start_year(y), cfg["start_month"], cfg["start_day"]) for y in year.dropna().unique()
    }
    starts = pd.to_datetime(year.map(first_days)).astype("datetime64[us]")
    gone = ~per_employee & exit_date.notna() & starts.notna() & (exit_date <= starts)
    src.reject(
        gone,
        "exit_date",
        lambda rows: (
            "left on "
            + exit_date[rows].dt.strftime("%Y-%m-%d")
            + ", on or before "
            + year[rows]
            + " began: not staff that year (set aside)"
        ),
    )
    status_text = src.raw("status").map(normalize_header, na_action="ignore").astype("str")
    inactive = src.has("status") & status_text.str.contains(INACTIVE_STATUS, na=False)
    on_leave = status_text.str.contains(r"leave|\bloa\b|sabbatical|fmla", na=False)
    unknown = ~inactive & ~status_text.str.contains(STAFF_STATUS, na=False) & ~is_blank(src.raw("status"))
    undated = ~per_employee & inactive & exit_date.isna()
    src.reject(
        undated,
        "status",
        lambda rows: (
            "status "
            + src.quoted("status", rows)
            + " and no termination date: not counted as staff in "
            + year[rows]
            + " (set aside)"
        ),
    )
    src.warn(
        unknown,
        "status",
        src.about(
            "status", " is not a status the tool knows (Active, Leave, Terminated, Retired...); counted as staff"
        ),
    )
    for file, rows in src.by_file(~per_employee).items():
        parts = []
        if gone[rows].any():
            parts.append(f"{int(gone[rows].sum())} row(s) of people who left on or before the year began set aside")
        if undated[rows].any():
            parts.append(f"{int(undated[rows].sum())} row(s) with an inactive status and no date set aside")
        if on_leave[rows].any():
            parts.append(f"{int(on_leave[rows].sum())} on leave counted as staff")
        said = [f"'{src.label_in(f, rows)}'" for f in ("exit_date", "status") if src.has(f)]
        if said:
            src.assume(
                file,
                "staff that year",
                "not staff in a year: left on or before its first day, or an inactive status "
                "(Terminated, Separated, Retired, Resigned) with no date; on leave is staff",
                f"{' and '.join(said)}: " + ("; ".join(parts) if parts else "everyone listed is staff that year"),
            )


def _per_employee_years(src: Source, out: pd.DataFrame, per_employee: pd.Series) -> pd.DataFrame:
    """An HR export with one row per employee (no school year column or year in the file name) as teacher-years:
    a row for each school year from the hire date's to the termination date's (the last day worked), or to the
    latest year of any date in the file for those still employed. The position, school and experience are those
    of the export, for every year (experience counted back). ``_response_row`` keeps each row's source row."""
    out = out.assign(_response_row=out.index)
    if not per_employee.any():
        return out
    cfg = src.config["school_year"]

    def start_of(dates: pd.Series) -> pd.Series:
        labels = schoolyear.of_dates(dates, cfg["start_month"], cfg["start_day"])
        return labels.map(schoolyear.start_year, na_action="ignore")

    first = start_of(out["hire_date"])
    last_worked = start_of(out["exit_date"] - pd.Timedelta(days=1))
    expanded = [out[~per_employee]]
    for file, rows in src.by_file(per_employee).items():
        dates = pd.concat([out.loc[rows, "hire_date"], out.loc[rows, "exit_date"]]).dropna()
        as_of = int(start_of(dates).max()) if len(dates) else None
        usable = rows[first[rows].notna().to_numpy() & ~src.rejected[rows].to_numpy()]
        if as_of is None or not len(usable):
            continue
        ends = last_worked[usable].fillna(as_of).astype("int64").clip(upper=as_of)
        begins = first[usable].astype("int64")
        spans = (ends - begins + 1).clip(lower=0)
        part = out.loc[np.repeat(usable.to_numpy(), spans.to_numpy())].copy()
        offset = np.concatenate([np.arange(n) for n in spans.to_numpy()]) if len(part) else np.array([], dtype="int64")
        starts = np.repeat(begins.to_numpy(), spans.to_numpy()) + offset
        part["school_year"] = [schoolyear.label(int(y)) for y in starts]
        final = starts == np.repeat(ends.to_numpy(), spans.to_numpy())
        for col in ("exit_date", "exit_reason"):
            part[col] = part[col].where(final)
        back = np.repeat(ends.to_numpy(), spans.to_numpy()) - starts
        exp = part["experience_years"].astype("Float64") - back
        part["experience_years"] = exp.where(exp >= 1).round().astype("Int64")
        expanded.append(part)
        src.assume(
            file,
            "layout",
            "one row per employee: a staff-year for every school year from the hire date's to the "
            "termination date's (the still employed up to the latest year of any date in the file); "
            "position, school and experience as exported, for every year",
            f"{len(part)} staff-years, {schoolyear.label(int(begins.min()))} to {schoolyear.label(as_of)}",
        )
        src.note(
            file,
            f"one row per employee: read as staff-years from the hire and termination dates, up to "
            f"{schoolyear.label(as_of)}; "
            "position and school as exported, for every year",
        )
    return pd.concat(expanded).sort_values("_response_row", kind="stable")


def hr_employment(src: Source) -> dict[str, pd.DataFrame]:
    staff_id = clean_id(src.raw("staff_id"))
    src.reject(staff_id.isna(), "staff_id", "no staff id")
    column, name = _years_given(src)
    per_employee = pd.Series(not src.has("school_year"), index=src.frame.index) & name.isna()
    hire = _dates(src, "hire_date")
    exit_date = _dates(src, "exit_date")
    year = _school_year_column(
        src,
        hire.where(per_employee),
        dates_say_when=False,
        date_words="each employee's hire and termination dates (one row per employee)",
    )
    position = clean_text(src.raw("position"))
    src.reject(position.isna(), "position", "no position")
    classified = classify_positions(position, src.config)
    experience, bad = parse_numbers(src.raw("experience_years"))
    _warn_bad(src, bad, "experience_years", "a number of years")
    experience = _hr_experience(src, experience, classified["is_teacher"])
    _not_staff_that_year(src, year, exit_date, per_employee)
    key = staff_id + "|" + year.where(~per_employee, "")
    first_row = src.frame["_row"].groupby(key).transform("first")
    dup = key.duplicated() & key.notna() & ~src.rejected
    src.reject(
        dup,
        "staff_id",
        lambda rows: (
            per_employee[rows].map(
                {True: "the same staff id as row ", False: "the same staff id and school year as row "}
            )
            + first_row[rows].astype("Int64").astype("str")
            + "; counted once"
        ),
    )
    out = pd.DataFrame(
        {
            "staff_id": staff_id,
            "school_year": year,
            "school": clean_text(src.raw("school")),
            "position": position,
            "is_teacher": classified["is_teacher"],
            "experience_years": experience.round().astype("Int64"),
            "hire_date": hire,
            "exit_date": exit_date,
            "exit_reason": clean_text(src.raw("exit_reason")),
        }
    )
    out = _with_source(src, out)
    return {"hr_employment": _per_employee_years(src, out, per_employee)}


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
    out = out.where(
        ~low.str.contains(r"district|general fund|operating|local|school committee", regex=True), "District"
    )
    return out


LINE_TEXT = "line_text"  # a cost sheet's field holding each line's words, from every text cell (see line_text)
LINE_TEXT_HEADER = "(the line's words)"
_CELL_SEPARATOR = "\x1f"
TOTAL_WORDS_IN_LINE = re.compile(
    r"(?:^|\x1f)\s*(?:grand\s+total|sub[\s-]?total|total)s?\b"
    r"|\b(?:sub[\s-]?total|total)s?\s*:?\s*(?:\x1f|$)",
    re.IGNORECASE,
)
CREDIT_WORDS = {"cr", "credit", "c", "crd", "refund", "reversal"}
DEBIT_WORDS = {"dr", "debit", "d", "dbt", "charge"}


def line_text(frame: pd.DataFrame, positions: list[int]) -> pd.Series:
    """Each row's text cells (of the columns at ``positions``) joined: where a cost sheet's total lines say so, in
    whatever column."""
    cells = frame[positions].to_numpy(dtype=object)
    return pd.Series(
        [_CELL_SEPARATOR.join(v.strip() for v in row if isinstance(v, str) and v.strip()) for row in cells],
        index=frame.index,
        dtype="object",
    )


def with_line_text(
    frame: pd.DataFrame, headers: list[str], columns: dict[str, int]
) -> tuple[pd.DataFrame, list[str], dict[str, int]]:
    """A cost sheet with one more column, its lines' words (:func:`line_text`), mapped to ``line_text``: the
    total lines are found in any column, also when the sheet is read with others (only mapped columns are kept)."""
    position = len(headers)
    frame = frame.copy()
    frame.insert(position, position, line_text(frame, list(range(len(headers)))))
    return frame, [*headers, LINE_TEXT_HEADER], {**columns, LINE_TEXT: position}


def _signed_amounts(src: Source, amount: pd.Series) -> pd.Series:
    """Amounts signed by a debit/credit column (``Dr/Cr``): a credit is subtracted."""
    if not src.has("debit_credit"):
        return amount
    raw = src.raw("debit_credit")
    key = raw.map(normalize_header, na_action="ignore").astype("str").str.replace(" ", "", regex=False)
    credit = key.isin(CREDIT_WORDS)
    unknown = ~credit & ~key.isin(DEBIT_WORDS) & ~is_blank(raw)
    src.warn(
        unknown,
        "debit_credit",
        src.about("debit_credit", " is neither debit (Dr) nor credit (Cr); the amount is added"),
    )
    for file, rows in src.by_file().items():
        n = int((credit[rows] & amount[rows].notna()).sum())
        src.assume(
            file,
            "debit/credit",
            "a credit (Cr) is subtracted, a debit (Dr) added",
            f"'{src.label_in('debit_credit', rows)}': {n} credit(s), ${amount[rows][credit[rows]].abs().sum():,.2f}",
        )
    return amount.where(~credit, -amount.abs())


def _total_lines(src: Source, amount: pd.Series) -> None:
    """Lines that are not costs but totals of others, wherever they sit: their words say subtotal, total or grand
    total (in any text column), or, with no category or description, their amount is the sum of the lines above
    them (since the last total line, or since the first line). Set aside (rejected, with the reason). A line with a
    description whose amount is such a sum is kept with a warning."""
    words = src.raw(LINE_TEXT) if src.has(LINE_TEXT) else line_text(src.frame, [p for p in src.columns.values()])
    worded = words.astype("str").str.contains(TOTAL_WORDS_IN_LINE, na=False) & ~src.rejected
    shown = words.astype("str").str.replace(_CELL_SEPARATOR, " | ", regex=False).str.slice(0, 60)
    src.reject(
        worded,
        "amount_usd",
        lambda rows: "'" + shown[rows] + "' is a total line, not a cost; set aside (counted once, in its lines)",
    )
    described = ~(is_blank(src.raw("category")) & is_blank(src.raw("description")))
    summed, summed_kept = pd.Series(False, index=amount.index), pd.Series(False, index=amount.index)
    lines_above = pd.Series(0, index=amount.index)
    for _file, rows in src.by_file().items():
        run_sum = run_n = all_sum = all_n = 0
        for i in rows:
            if src.rejected[i] or pd.isna(amount[i]):
                if worded[i]:
                    run_sum = run_n = 0
                continue
            value = float(amount[i])
            equal_run = run_n >= 2 and abs(value - run_sum) < 0.005
            equal_all = all_n >= 2 and abs(value - all_sum) < 0.005
            if value != 0 and (equal_run or equal_all):
                lines_above[i] = run_n if equal_run else all_n
                if not described[i]:
                    summed[i] = True
                    run_sum = run_n = 0
                    continue
                summed_kept[i] = True
            run_sum, run_n, all_sum, all_n = run_sum + value, run_n + 1, all_sum + value, all_n + 1
    src.reject(
        summed,
        "amount_usd",
        lambda rows: (
            src.quoted("amount_usd", rows)
            + " is the sum of the "
            + lines_above[rows].astype("str")
            + " lines above it, with no category or description: a total, not a cost; set aside"
        ),
    )
    src.warn(
        summed_kept,
        "amount_usd",
        lambda rows: (
            src.quoted("amount_usd", rows)
            + " is the sum of the "
            + lines_above[rows].astype("str")
            + " lines above it; counted as a cost: if it is their total, delete the line or write Total in it"
        ),
    )
    for file, rows in src.by_file().items():
        n_words, n_sums = int(worded[rows].sum()), int(summed[rows].sum())
        where = ", ".join(str(r) for r in src.frame.loc[rows][(worded | summed)[rows].to_numpy()]["_row"])
        src.assume(
            file,
            "total lines",
            "a line that says total or subtotal, or has no words and sums the lines above it, is not a cost",
            (
                f"{n_words + n_sums} set aside (rows {where}): {n_words} say total or subtotal, {n_sums} sum the lines "
                f"above them"
                if n_words + n_sums
                else "none among the cost lines"
            )
            + (
                f"; {int(summed_kept[rows].sum())} described line(s) equal to the sum of the lines above kept as "
                f"costs, with a warning"
                if summed_kept[rows].any()
                else ""
            ),
        )


def costs(src: Source) -> dict[str, pd.DataFrame]:
    amount, bad = parse_numbers(src.raw("amount_usd"))
    src.reject(bad, "amount_usd", src.about("amount_usd", " is not an amount of money"))
    src.reject(
        amount.isna() & ~src.raw(LINE_TEXT).astype("str").str.contains(TOTAL_WORDS_IN_LINE, na=False),
        "amount_usd",
        "no amount",
    )
    amount = _signed_amounts(src, amount)
    _total_lines(src, amount)
    date = _dates(src, "date")
    year = _school_year_column(src, date)
    hours, bad_h = parse_numbers(src.raw("hours"))
    _warn_bad(src, bad_h, "hours", "a number of hours")
    days, bad_d = parse_numbers(src.raw("days"))
    _warn_bad(src, bad_d, "days", "a number of days")
    out = pd.DataFrame(
        {
            "school_year": year,
            "date": date,
            "category": cost_category(src.raw("category"), src.raw("description")),
            "description": clean_text(src.raw("description")),
            "hours": hours,
            "days": days,
            "amount_usd": amount,
            "funding_source": funding_source(src.raw("funding_source")),
        }
    )
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
    accepted[
        accepted_text.str.contains(r"^\s*(?:no|n|false|declined|not accepted|rejected)\b", regex=True, na=False)
    ] = False
    refresher = clean_text(src.raw("refresher_year"))
    refresher_year = schoolyear.parse_series(refresher)
    src.warn(
        refresher.notna() & refresher_year.isna(),
        "refresher_year",
        src.about("refresher_year", " is not a school year; left empty"),
    )
    grade = clean_text(src.raw("grade_level"))
    out = pd.DataFrame(
        {
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
        }
    )
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
    role = (
        role_of(src.raw("author_role"))
        if src.has("author_role")
        else pd.Series("mentor", index=src.frame.index, dtype="str")
    )
    out = pd.DataFrame(
        {
            "entry_id": src.row_ids(),
            "school_year": year,
            "date": when,
            "author": author,
            "author_id": author_id,
            "author_role": role,
            "entry": entry,
            "private": private.fillna(bad_private).astype("bool"),  # unreadable answers err on the private side
        }
    )
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
        reasons = [
            failure_reason(c, col, v) for c, col, v in zip(cases["check"], cases["column"], cases["failure_case"])
        ]
        return pd.DataFrame(
            {"index": cases["index"].astype("int64"), "column": cases["column"], "reason": reasons}
        ), None
    return pd.DataFrame(
        {"index": pd.Series(dtype="int64"), "column": pd.Series(dtype="str"), "reason": pd.Series(dtype="str")}
    ), valid


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
    src.kind = kind
    tables = NORMALIZERS[kind](src)
    main = tables[kind]
    positions = main.pop("_response_row") if "_response_row" in main else pd.Series(main.index, index=main.index)
    keep = ~src.rejected.reindex(positions.to_numpy()).to_numpy()
    out = {kind: main[keep].reset_index(drop=True)}
    for name, frame in tables.items():
        if name != kind:
            # as Python objects: pandas' isin of Arrow-backed text builds an Arrow scalar per value looked for (1 s
            # here)
            kept = pd.Series(frame["contact_id"].to_numpy(dtype=object), dtype=object).isin(
                out[kind]["contact_id"].to_numpy(dtype=object)
            )
            out[name] = frame[kept.to_numpy()].reset_index(drop=True)
    return out
