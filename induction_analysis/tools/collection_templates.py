"""Excel templates for next year's data collection, so the data arrives clean.

``induction-analysis templates --out DIR --year YYYY-YY`` writes three workbooks whose headers
the ingest recognizes with no mapping:

- ``Collaborative Log template YEAR.xlsx``: one row per contact; dropdowns for the mentor and
  mentee (the year's pairs, when canonical tables are given), the activity and the year's
  standard codes (several codes may still be typed, separated by commas), a date and a whole number
  of minutes (1-720);
- ``Exit Ticket template YEAR.xlsx``: one row per response to a group session; dropdowns for the
  role and the agreement scale;
- ``Mentor Pool Application template YEAR.xlsx``: one row per applicant; dropdowns for yes/no
  answers, the grade band and the number of new teachers offered.

The lists behind the dropdowns sit on a hidden ``Lists`` sheet, which the ingest does not read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from induction_analysis import privacy
from induction_analysis.frameworks import Framework

ROWS = 500  # rows prepared with dropdowns
ACTIVITIES = ["Meeting", "Mentor observes mentee", "Mentee observes mentor", "Co-planning", "Other"]
AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
YES_NO = ["Yes", "No"]

LOG = ["Date", "Mentor", "Mentee", "Minutes", "Activity", "Standards Addressed", "Notes"]
EXIT = [
    "Timestamp",
    "Session",
    "Facilitator",
    "I am a",
    "The session was a good use of my time",
    "I can apply what I learned in my classroom",
    "What is one thing you will try?",
]
APPLICATION = [
    "Timestamp",
    "Name",
    "Staff ID",
    "School",
    "What subject do you teach?",
    "What grades do you teach?",
    "How many years have you taught?",
    "Have you completed mentor training?",
    "Year of last refresher training",
    "How many new teachers could you mentor?",
    "Planning period",
    "Who would you like to mentor?",
    "Why do you want to be a mentor?",
    "What strengths would you bring?",
    "Accepted",
]


class _Book:
    """One template: a data sheet with a styled header, and a hidden sheet of lists."""

    def __init__(self, title: str, header: list[str], note: str):
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = title
        self.lists = self.wb.create_sheet("Lists")
        self.lists.sheet_state = "hidden"
        self.header = header
        self.n_lists = 0
        self.ws.append(header)
        for i, cell in enumerate(self.ws[1], 1):
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.ws.column_dimensions[get_column_letter(i)].width = max(14, min(40, len(header[i - 1]) + 4))
        self.ws.freeze_panes = "A2"
        self.note = note

    def _range(self, column: str) -> str:
        col = get_column_letter(self.header.index(column) + 1)
        return f"{col}2:{col}{ROWS + 1}"

    def dropdown(self, column: str, values: list[str], strict: bool = True) -> None:
        """A list on the hidden sheet, offered in ``column``; ``strict=False`` lets other text in (with a warning)."""
        if not values:
            return
        self.n_lists += 1
        col = get_column_letter(self.n_lists)
        self.lists.cell(1, self.n_lists, column)
        for r, v in enumerate(values, 2):
            self.lists.cell(r, self.n_lists, v)
        ref = f"{quote_sheetname('Lists')}!${col}$2:${col}${len(values) + 1}"
        dv = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle=column,
            error=f"Choose {column.lower()} from the list."
            if strict
            else f"Not in the list of {column.lower()}; keep it only if it is right.",
        )
        self.ws.add_data_validation(dv)
        dv.add(self._range(column))

    def whole(self, column: str, low: int, high: int) -> None:
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column,
            error=f"A whole number from {low} to {high}.",
        )
        self.ws.add_data_validation(dv)
        dv.add(self._range(column))

    def date(self, column: str) -> None:
        dv = DataValidation(
            type="date",
            operator="greaterThan",
            formula1="36526",
            allow_blank=True,  # after 2000-01-01
            showErrorMessage=True,
            errorTitle=column,
            error="A date, like 9/15/2025.",
        )
        self.ws.add_data_validation(dv)
        dv.add(self._range(column))
        col = get_column_letter(self.header.index(column) + 1)
        for r in range(2, ROWS + 2):
            self.ws[f"{col}{r}"].number_format = "m/d/yyyy"

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path


def pair_names(roster: pd.DataFrame, people: pd.DataFrame, year: str) -> pd.DataFrame:
    """Mentor and mentee names of the pairs of ``year`` (or of the latest year before it with pairs),
    from the protected lookup, for the name dropdowns."""
    paired = roster[roster["mentor_id"].notna() & (roster["school_year"] <= year)]
    latest = paired[paired["school_year"] == paired["school_year"].max()]
    who = privacy.names_of(people)
    return pd.DataFrame({"mentor": latest["mentor_id"].map(who), "mentee": latest["mentee_id"].map(who)})


def write_templates(
    out: str | Path, year: str, framework: Framework, pairs_of_year: pd.DataFrame | None = None
) -> list[Path]:
    """The three templates for ``year``; ``pairs_of_year`` (mentor and mentee names) fills the name dropdowns."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    mentors = sorted(set(pairs_of_year["mentor"].dropna())) if pairs_of_year is not None and len(pairs_of_year) else []
    mentees = sorted(set(pairs_of_year["mentee"].dropna())) if pairs_of_year is not None and len(pairs_of_year) else []
    written = []
    log = _Book("Log", LOG, "one row per contact")
    log.date("Date")
    log.dropdown("Mentor", mentors, strict=False)
    log.dropdown("Mentee", mentees, strict=False)
    log.whole("Minutes", 1, 720)
    log.dropdown("Activity", ACTIVITIES)
    log.dropdown(
        "Standards Addressed", [*framework.indicators, *[f"Standard {s}" for s in framework.standards]], strict=False
    )
    written.append(log.save(out / f"Collaborative Log template {year}.xlsx"))
    ticket = _Book("Responses", EXIT, "one row per response")
    ticket.date("Timestamp")
    ticket.dropdown("I am a", ["Mentee", "Mentor"])
    for item in EXIT[4:6]:
        ticket.dropdown(item, AGREEMENT)
    written.append(ticket.save(out / f"Exit Ticket template {year}.xlsx"))
    app = _Book("Applications", APPLICATION, "one row per applicant")
    app.date("Timestamp")
    app.whole("How many years have you taught?", 0, 60)
    app.dropdown("Have you completed mentor training?", YES_NO)
    app.dropdown("How many new teachers could you mentor?", ["1", "2", "3"])
    app.dropdown(
        "Who would you like to mentor?",
        [
            "Beginning teachers",
            "Teachers new to the district",
            "Career changers",
            "Beginning teachers, Career changers",
        ],
        strict=False,
    )
    app.dropdown("Accepted", YES_NO)
    written.append(app.save(out / f"Mentor Pool Application template {year}.xlsx"))
    return written
