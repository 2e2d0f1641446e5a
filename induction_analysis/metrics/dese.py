"""The figures of the annual induction and mentoring report to DESE (603 CMR 7.12(3)), for one
school year, with the lists of beginning teachers served and trained mentors (by pseudonymous id: no names).

Each figure has its n and its definition beside it, so it can be copied into the state's form
and traced back.
"""

from __future__ import annotations

import pandas as pd

from induction_analysis import schoolyear
from induction_analysis.exports import neutralize
from induction_analysis.metrics import pairs

COLUMNS = ["school_year", "section", "item", "value", "unit", "n", "definition"]


def _row(year, section, item, value, unit, n, definition) -> dict:
    return {
        "school_year": year,
        "section": section,
        "item": item,
        "value": value,
        "unit": unit,
        "n": n,
        "definition": definition,
    }


def _share(mask: pd.Series) -> tuple[float | None, int]:
    known = mask.dropna()
    n = len(known)
    return (round(100 * known.astype(bool).mean(), 1) if n else None), n


def two_week_share(hours_table: pd.DataFrame, year: str) -> tuple[float | None, int]:
    """The share (0-100, one decimal; ``None`` when no teacher counts) of ``year``'s induction-year teachers
    assigned a mentor within two weeks of starting (``mentoring_hours.assigned_within_two_weeks``; a teacher without
    a mentor counts as not, one whose dates are unknown is left out), and the teachers it is of. The DESE report's
    figure and the administration page's (``administration_findings``)."""
    h = hours_table[hours_table["school_year"] == year] if len(hours_table) else hours_table
    return _share(h["assigned_within_two_weeks"].where(h["program_year"] == 1)) if len(h) else (None, 0)


def annual_report(
    year: str,
    roster_pairs: pd.DataFrame,
    hours_table: pd.DataFrame,
    log: pd.DataFrame,
    hr: pd.DataFrame,
    survey_items: pd.DataFrame,
    spells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``dese_annual_report.csv``: one row per figure of the report for ``year``. The mentors are every mentor of the
    year's roster: both mentors of a new teacher whose mentor changed (``spells``,
    :func:`induction_analysis.metrics.pairs.mentor_spells`)."""
    rows = []
    p = roster_pairs[roster_pairs["school_year"] == year] if not roster_pairs.empty else roster_pairs
    first = p[p["program_year"] == 1] if not p.empty else p
    beyond = p[p["program_year"] > 1] if not p.empty else p
    sec = "1. Beginning teachers served"
    rows.append(
        _row(
            year,
            sec,
            "Teachers in their induction year",
            len(first),
            "teachers",
            len(first),
            "teachers in the roster in their first year of the program (all groups)",
        )
    )
    for group, n in first["group"].fillna("group not stated").value_counts().sort_index().items() if len(first) else []:
        rows.append(
            _row(year, sec, f"  of whom {group}", int(n), "teachers", len(first), "induction-year teachers by group")
        )
    rows.append(
        _row(
            year,
            sec,
            "Teachers mentored beyond the induction year",
            len(beyond),
            "teachers",
            len(beyond),
            "teachers in the roster in their second or later program year (the 50 hours)",
        )
    )

    sec = "2. Mentors"
    with_mentor = p[p["has_mentor"]] if not p.empty else p
    mentors = pairs.mentor_list(with_mentor, year, spells)
    rows.append(
        _row(year, sec, "Mentors", len(mentors), "mentors", len(mentors), "distinct mentors assigned in the roster")
    )
    rows.append(
        _row(
            year,
            sec,
            "Trained mentors",
            pairs.trained_mentor_count(mentors),
            "mentors",
            len(mentors),
            "mentors marked as having completed mentor training",
        )
    )

    h = hours_table[hours_table["school_year"] == year] if not hours_table.empty else hours_table
    y_log = log[log["school_year"] == year] if not log.empty else log
    sec = "3. Classroom observations"
    rows.append(
        _row(
            year,
            sec,
            "Observations of beginning teachers by mentors",
            int((y_log["activity"] == "observation_of_mentee").sum()) if len(y_log) else 0,
            "observations",
            len(h),
            "logged contacts: mentor observes mentee",
        )
    )
    rows.append(
        _row(
            year,
            sec,
            "Observations of mentors (or others) by beginning teachers",
            int((y_log["activity"] == "observation_by_mentee").sum()) if len(y_log) else 0,
            "observations",
            len(h),
            "logged contacts: mentee observes mentor",
        )
    )
    share, n = _share(h["observations_complete"].where(h["program_year"] == 1)) if len(h) else (None, 0)
    rows.append(
        _row(
            year,
            sec,
            "Induction-year teachers with all expected observations",
            share,
            "%",
            n,
            "share of induction-year mentees with the configured observations of and by the mentee",
        )
    )

    sec = "4. Time mentors and beginning teachers spent together"
    total = round(float(y_log["minutes"].sum()) / 60, 1) if len(y_log) else 0.0
    rows.append(_row(year, sec, "Hours logged, all pairs", total, "hours", len(h), "sum of logged minutes / 60"))
    for label, sub in (
        ("induction-year", h[h["program_year"] == 1] if len(h) else h),
        ("beyond-induction", h[h["program_year"] > 1] if len(h) else h),
    ):
        rows.append(
            _row(
                year,
                sec,
                f"Mean hours per {label} teacher",
                round(float(sub["hours"].mean()), 1) if len(sub) else None,
                "hours",
                len(sub),
                f"mean of logged hours over {label} teachers in the roster (0 for a teacher with no log)",
            )
        )
        rows.append(
            _row(
                year,
                sec,
                f"Median hours per {label} teacher",
                round(float(sub["hours"].median()), 1) if len(sub) else None,
                "hours",
                len(sub),
                f"median of logged hours over {label} teachers in the roster",
            )
        )

    sec = "5. Hiring and retention of beginning teachers"
    teachers = hr[(hr["school_year"] == year) & hr["is_teacher"]]["staff_id"].nunique() if not hr.empty else 0
    rows.append(
        _row(
            year,
            sec,
            "New teachers hired",
            len(first),
            "teachers",
            teachers or None,
            "induction-year teachers in the roster",
        )
    )
    rows.append(
        _row(
            year,
            sec,
            "New teachers as a share of all teachers",
            round(100 * len(first) / teachers, 1) if teachers else None,
            "%",
            teachers or None,
            "induction-year teachers / teachers in the HR export this year",
        )
    )
    prev = schoolyear.shift(year, -1)
    prev_first = (
        roster_pairs[(roster_pairs["school_year"] == prev) & (roster_pairs["program_year"] == 1)]
        if not roster_pairs.empty
        else roster_pairs
    )
    if len(prev_first) and not hr.empty and (hr["school_year"] == year).any():
        now = set(hr[(hr["school_year"] == year) & hr["is_teacher"]]["staff_id"])
        ids = prev_first["mentee_id"].dropna()
        rows.append(
            _row(
                year,
                sec,
                f"Last year's ({prev}) new teachers still teaching in the district",
                round(100 * ids.isin(now).mean(), 1) if len(ids) else None,
                "%",
                len(ids),
                f"{prev} induction-year teachers who are teachers in the HR export in {year}",
            )
        )
    else:
        rows.append(
            _row(
                year,
                sec,
                f"Last year's ({prev}) new teachers still teaching in the district",
                None,
                "%",
                0,
                "needs the roster of last year and the HR export of this year",
            )
        )

    sec = "6. Participant satisfaction"
    s = (
        survey_items[(survey_items["school_year"] == year) & (survey_items["kind"] == "stakeholder_survey")]
        if not survey_items.empty
        else survey_items
    )
    for role, sub in s.groupby("respondent_role") if len(s) else []:
        n = int(sub["n_responses"].sum())
        fav = round(float((sub["favorable_pct"] * sub["n_responses"]).sum() / n), 1) if n else None
        rows.append(
            _row(
                year,
                sec,
                f"Program survey, {role}s: answers favorable",
                fav,
                "%",
                n,
                "share of scored answers in the top two points, all items of the program survey",
            )
        )
    e = (
        survey_items[
            (survey_items["school_year"] == year)
            & (survey_items["kind"] == "exit_ticket")
            & (survey_items["session"] == "all sessions")
        ]
        if not survey_items.empty
        else survey_items
    )
    if len(e):
        n = int(e["n_responses"].sum())
        rows.append(
            _row(
                year,
                sec,
                "Group-session exit tickets: answers favorable",
                round(float((e["favorable_pct"] * e["n_responses"]).sum() / n), 1) if n else None,
                "%",
                n,
                "share of scored answers in the top two points, all items of all sessions",
            )
        )
    if not len(s) and not len(e):
        rows.append(_row(year, sec, "Participant satisfaction", None, "%", 0, "no survey or exit ticket for this year"))

    sec = "7. Assignment and matching"
    share, n = two_week_share(hours_table, year)
    rows.append(
        _row(
            year,
            sec,
            "Induction-year teachers assigned a mentor within two weeks",
            share,
            "%",
            n,
            "mentor assigned no later than 14 days after the start date (no mentor counts as not)",
        )
    )
    pm = with_mentor
    for label, a, b in (
        ("same school", "school", "mentor_school"),
        ("same subject", "subject", "mentor_subject"),
        ("same grade band", "grade_band", "mentor_grade_band"),
    ):
        share, n = _share((pm[a] == pm[b]).where(pm[b].notna() & pm[a].notna())) if len(pm) else (None, 0)
        rows.append(
            _row(
                year,
                sec,
                f"Pairs matched: {label}",
                share,
                "%",
                n,
                f"pairs whose mentor has the mentee's {label.removeprefix('same ')}",
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def beginning_teachers(year: str, roster_pairs: pd.DataFrame, hours_table: pd.DataFrame) -> pd.DataFrame:
    """``dese_beginning_teachers.csv``: the list of teachers served in ``year`` (pseudonymous ids, no names)."""
    columns = [
        "school_year",
        "staff_id",
        "school",
        "subject",
        "grade_band",
        "group",
        "license",
        "program_year",
        "mentor_id",
        "hours",
        "observations_of_mentee",
    ]
    if roster_pairs.empty:
        return pd.DataFrame(columns=columns)
    p = roster_pairs[roster_pairs["school_year"] == year]
    h = hours_table.set_index(["school_year", "mentee_key"])[["hours", "observations_of_mentee"]]
    p = p.join(h, on=["school_year", "mentee_key"])
    return (
        p.rename(columns={"mentee_id": "staff_id"})[columns]
        .sort_values(["program_year", "school", "staff_id"])
        .reset_index(drop=True)
    )


def trained_mentors(year: str, roster_pairs: pd.DataFrame, spells: pd.DataFrame | None = None) -> pd.DataFrame:
    """``dese_mentors.csv``: the year's mentors (pseudonymous ids), trained or not, with their mentees (both mentors
    of a new teacher whose mentor changed, with ``spells``): :func:`induction_analysis.metrics.pairs.mentor_list`."""
    columns = ["school_year", "mentor_id", "school", "subject", "trained", "n_mentees"]
    if roster_pairs.empty:
        return pd.DataFrame(columns=columns)
    out = pairs.mentor_list(roster_pairs, year, spells).rename(
        columns={"mentor_school": "school", "mentor_subject": "subject", "mentor_trained": "trained"}
    )
    return out.assign(school_year=year)[columns].sort_values("mentor_id").reset_index(drop=True)


def write_workbook(
    path, year: str, report: pd.DataFrame, teachers: pd.DataFrame, mentors: pd.DataFrame, district: str = ""
) -> None:
    """The report as an Excel workbook: one sheet per section, then the two lists; bold headers,
    frozen header row, column widths, number formats (percent with one decimal, counts with separators)."""
    # imported here: openpyxl (0.55 s) only for the workbook; every rendering process imports this module (through
    # report.present and analyses) and never writes one
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    header_fill = PatternFill("solid", fgColor="DCE6F1")

    def sheet(title: str, frame: pd.DataFrame, caption: str, widths: dict[str, int]) -> None:
        ws = wb.create_sheet(title[:31])
        ws.append([caption])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([])
        ws.append([c.replace("_", " ") for c in frame.columns])
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        for row in neutralize(frame).itertuples(index=False):
            ws.append(
                [
                    None  # an empty cell: a missing number, and an unknown yes-or-no (pd.NA) or date (NaT)
                    if v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v))
                    else (v.item() if hasattr(v, "item") else v)
                    for v in row
                ]
            )
        ws.freeze_panes = "A4"
        for i, col in enumerate(frame.columns, 1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = widths.get(col, 14)
            for cell in ws[letter][3:]:
                if col == "value" and ws.cell(cell.row, frame.columns.get_loc("unit") + 1).value == "%":
                    cell.number_format = "0.0"
                elif col in ("value", "n", "hours"):
                    cell.number_format = "#,##0.0" if col != "n" else "#,##0"
                if col == "definition":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")

    widths = {"section": 34, "item": 58, "value": 12, "unit": 12, "n": 8, "definition": 70}
    for section, rows in report.groupby("section", sort=True):
        sheet(
            section.replace(".", ""),
            rows.drop(columns=["school_year", "section"]),
            f"{district + ': ' if district else ''}{section}, {year} (603 CMR 7.12(3))",
            widths,
        )
    sheet(
        "List of beginning teachers",
        teachers,
        f"Beginning teachers served, {year} (pseudonymous ids)",
        {"school": 26, "subject": 20},
    )
    sheet("List of mentors", mentors, f"Mentors, {year} (pseudonymous ids)", {"school": 26, "subject": 20})
    wb.save(path)
