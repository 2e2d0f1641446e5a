"""Logs, rosters, HR, ratings and costs as districts' systems and hand-kept sheets write them (issue 26).

One fixture per way a real export misled the tool, each with the figure counted by hand: a duration column in
hours, cost sheets with subtotal lines and a Dr/Cr column, payroll snapshots that still list people who left,
experience counted from 0 or from 1, a roster's year in its file name, day-first dates, a date typed with the
wrong year, a mentor change, formative ratings beside summative ones, staff ids written two ways, ids that match
nothing, and job titles. Each figure is computed end to end: ingest of the files, then the library's metrics.
"""

import datetime as dt
import tomllib

import pandas as pd
import pytest
from helpers import write_csv, write_xlsx

from induction_analysis.config import load_config
from induction_analysis.ingest import ingest, quality
from induction_analysis.metrics import analyses, budget, dese, hours, mentors, pairs, proficiency, retention

Y = "2025-26"
LOG_HEADER = ["Date", "Mentor", "Mentee", "Activity"]
ROSTER_HEADER = [
    "School Year",
    "Staff ID",
    "New Teacher",
    "School",
    "Group",
    "Years of Experience",
    "Start Date",
    "Mentor",
    "Mentor ID",
    "Date Mentor Assigned",
    "Mentor Trained",
]


def roster_rows(*teachers, year=Y):
    """Roster rows of new teachers (staff id, name, mentor name, mentor id) in their first year, assigned in time."""
    return [
        [year, sid, name, "Oak", "Beginning Teacher", "0", "8/27/2025", mentor, mid, "8/20/2025", "Yes"]
        for sid, name, mentor, mid in teachers
    ]


def dese_value(report, item):
    return report.set_index("item").loc[item, "value"]


def problems(result):
    return result.data_quality.set_index("file")["problem"].to_dict()


def assumed(result, file, subject):
    a = result.assumptions
    return a[(a["file"] == file) & (a["subject"] == subject)].to_dict("records")


def counts(result, file):
    row = result.data_quality.set_index("file").loc[file]
    return int(row.rows_read), int(row.rows_accepted), int(row.rows_rejected)


def staff_of(result, ids):
    people = result.people.set_index("person_id")
    return [people.at[i, "staff_id"] for i in ids]


# ---------------------------------------------------------------- durations
def hours_log(path, header):
    write_csv(
        path,
        [
            ["Date", "Mentor", "Mentee", header, "Activity"],
            ["9/10/2025", "Mary Major", "Ann Lee", "1", "Meeting"],
            ["9/24/2025", "Mary Major", "Ann Lee", "1.5", "Meeting"],
            ["10/8/2025", "Mary Major", "Ann Lee", "0.75", "Meeting"],
            ["10/22/2025", "Mary Major", "Ann Lee", "2", "Mentor observes mentee"],
        ],
    )


def figures(folder, config=None):
    config = config or load_config()
    result = ingest.ingest(folder, config)
    return result, analyses.compute(result.tables, config, Y)


def test_a_duration_column_of_hours_whose_header_does_not_say_is_read_as_hours_and_said(tmp_path):
    """Hand count: 1 + 1.5 + 0.75 + 2 = 5.25 hours (the tool said 0.1: 5.25 minutes)."""
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    hours_log(tmp_path / "Mentoring log 2025-26.csv", "Duration")
    result, out = figures(tmp_path)
    assert out["mentoring_hours"]["hours"].tolist() == [5.25]
    assert dese_value(out["dese_annual_report"], "Hours logged, all pairs") == round(5.25, 1)
    note = problems(result)["Mentoring log 2025-26.csv"]
    assert (
        "'Duration' read as hours (the header 'Duration' does not say, and every value is under 10 (1, 1.5, 0.75, 2 "
        "...))" in note
    )
    assert 'minutes = { header = "Duration", unit = "minutes" }' in note  # the line that decides it the other way
    [unit] = assumed(result, "Mentoring log 2025-26.csv", "duration unit")
    assert (unit["assumption"], unit["config"]) == ("hours", 'minutes = { header = "Duration", unit = "minutes" }')


def test_a_config_line_with_a_unit_decides_it(tmp_path):
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    hours_log(tmp_path / "Mentoring log 2025-26.csv", "Duration")
    (tmp_path.parent / f"{tmp_path.name}.toml").write_text(
        '[columns.collaborative_log]\nminutes = { header = "Duration", unit = "minutes" }\n', encoding="utf-8"
    )
    result = ingest.ingest(tmp_path, load_config(tmp_path.parent / f"{tmp_path.name}.toml"))
    assert result.tables["collaborative_log"]["minutes"].tolist() == [1.0, 1.5, 0.75, 2.0]
    assert problems(result)["Mentoring log 2025-26.csv"] == ""  # decided by the config: no note
    [unit] = assumed(result, "Mentoring log 2025-26.csv", "duration unit")
    assert (unit["assumption"], unit["evidence"], unit["config"]) == ("minutes", "'Duration': as the config says", "")


def test_a_header_that_says_hours_is_read_in_hours(tmp_path):
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    hours_log(tmp_path / "log 2025-26.csv", "Duration (hrs)")
    result, out = figures(tmp_path)
    assert out["mentoring_hours"]["hours"].tolist() == [5.25]
    assert (
        assumed(result, "log 2025-26.csv", "duration unit")[0]["evidence"]
        == "'Duration (hrs)': as the header 'Duration (hrs)' says"
    )


def test_the_suggested_config_line_for_an_hours_header_carries_its_unit(tmp_path):
    """A header no synonym knows: the suggestion is valid TOML with the unit, and pasting it reads 5.25 hours
    (the tool used to suggest minutes = ["Duration (hrs)"], which read 5.25 minutes)."""
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    hours_log(tmp_path / "log 2025-26.csv", "Time Logged (hrs)")
    result = ingest.ingest(tmp_path, load_config())
    assert pd.isna(result.data_quality.set_index("file").loc["log 2025-26.csv", "kind"])
    snippet = result.config_snippet()
    assert 'minutes = { header = "Time Logged (hrs)", unit = "hours" }' in snippet
    config_file = tmp_path.parent / f"{tmp_path.name}.toml"
    config_file.write_text(snippet.replace("\n[", "\n\n["), encoding="utf-8")
    tomllib.loads(config_file.read_text(encoding="utf-8"))
    again = ingest.ingest(tmp_path, load_config(config_file))
    assert again.tables["collaborative_log"]["minutes"].sum() == 315.0


def test_durations_as_h_mm_text_excel_time_cells_and_start_and_end_times(tmp_path):
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    write_xlsx(
        tmp_path / "log 2025-26.xlsx",
        {
            "Log": [
                ["Date", "Mentor", "Mentee", "Duration (h:mm)", "Activity"],
                [dt.datetime(2025, 9, 10), "Mary Major", "Ann Lee", "1:30", "Meeting"],
                [dt.datetime(2025, 9, 24), "Mary Major", "Ann Lee", dt.time(0, 45), "Meeting"],
            ]
        },
    )
    write_csv(
        tmp_path / "Contact log 2025-26.csv",
        [
            ["Date", "Mentor", "Mentee", "Start Time", "End Time", "Activity"],
            ["10/1/2025", "Mary Major", "Ann Lee", "3:15 PM", "4:00 PM", "Meeting"],
            ["10/15/2025", "Mary Major", "Ann Lee", "14:30", "15:30", "Meeting"],
            ["10/29/2025", "Mary Major", "Ann Lee", "4:00 PM", "3:00 PM", "Meeting"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    log = result.tables["collaborative_log"]
    assert log["minutes"].tolist() == [45.0, 60.0, 90.0, 45.0]  # the contact log's two rows first (files in name order)
    assert counts(result, "Contact log 2025-26.csv") == (3, 2, 1)
    [bad] = result.rejected_rows[result.rejected_rows["file"] == "Contact log 2025-26.csv"].to_dict("records")
    assert (bad["row"], bad["reason"]) == (4, "the end time '3:00 PM' is not after the start time '4:00 PM'")


# ---------------------------------------------------------------- costs
def test_subtotal_and_total_lines_anywhere_are_not_costs(tmp_path):
    """Hand count: 2,400 + 1,210 + 3,600 + 700 = 7,910 (the tool said 15,820: the subtotals counted again)."""
    write_csv(
        tmp_path / "roster.csv",
        [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"), ("E2", "Bo Kim", "Mary Major", "E9"))],
    )
    write_xlsx(
        tmp_path / "Induction budget FY26.xlsx",
        {
            "FY26": [
                ["Induction & Mentoring Program Costs FY26"],
                [],
                ["Fiscal Year", "Category", "Description", "Amount", "Funding Source"],
                ["FY26", "Stipend", "Lead mentor stipends (2)", 2400, "District"],
                ["FY26", "Substitute coverage", "Release days for observations (11)", 1210, "District"],
                ["FY26", None, "Subtotal District", 3610, None],
                ["FY26", "Contract hours", "Mentor contract hours (120 h)", 3600, "Title II-A"],
                ["FY26", "Materials", "New teacher handbooks", 700, "Title II-A"],
                ["FY26", None, "Subtotal Title II-A", 4300, None],
                ["Total", None, None, 7910, None],
            ]
        },
    )
    result, out = figures(tmp_path)
    summary = out["budget_summary"].set_index("school_year").loc[Y]
    assert (summary["total_usd"], summary["new_teachers"], summary["cost_per_new_teacher_usd"]) == (7910.0, 2, 3955.0)
    assert counts(result, "Induction budget FY26.xlsx") == (6, 4, 2)
    reasons = result.rejected_rows.set_index("row")["reason"].to_dict()
    assert reasons == {
        6: "'FY26 | Subtotal District' is a total line, not a cost; set aside (counted once, in its lines)",
        9: "'FY26 | Subtotal Title II-A' is a total line, not a cost; set aside (counted once, in its lines)",
    }
    assert "1 total row(s) at the bottom not read as data" in problems(result)["Induction budget FY26.xlsx"]


def test_a_line_with_no_words_that_sums_the_lines_above_is_a_total(tmp_path):
    write_csv(
        tmp_path / "costs 2025-26.csv",
        [
            ["Category", "Description", "Amount", "Funding Source"],
            ["Stipend", "Lead mentor stipend", "1200", "District"],
            ["Materials", "Books", "300", "District"],
            ["", "", "1500", ""],
            ["Training", "Mentor training", "500", "Title II-A"],
            ["Materials", "Binders", "500", "Title II-A"],
        ],
    )  # 500 = the one line above since the total: not a sum of two
    result = ingest.ingest(tmp_path, load_config())
    assert result.tables["costs"]["amount_usd"].tolist() == [1200.0, 300.0, 500.0, 500.0]
    [row] = result.rejected_rows.to_dict("records")
    assert (row["row"], row["reason"]) == (
        4,
        "'1500' is the sum of the 2 lines above it, with no category or description: a total, not a cost; set aside",
    )


def test_a_debit_credit_column_signs_the_amounts(tmp_path):
    """Hand count: 1,200 + 2,900 - 300 = 3,800 (the tool said 4,400 and did not mention the Dr/Cr column)."""
    write_csv(
        tmp_path / "GL detail FY26.csv",
        [
            ["Fiscal Year", "Account", "Description", "Amount", "Dr/Cr", "Fund"],
            ["2026", "1000-2350-5110", "Lead mentor stipend", "1,200.00", "Dr", "General Fund"],
            ["2026", "1000-2350-5120", "Mentor contract hours", "2,900.00", "Dr", "Title II-A"],
            ["2026", "1000-2350-5800", "Conference registration refund", "300.00", "Cr", "Title II-A"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    assert budget.budget(result.tables["costs"], 30.0)["amount_usd"].sum() == 3800.0
    assert result.tables["costs"]["amount_usd"].tolist() == [1200.0, 2900.0, -300.0]
    [signs] = assumed(result, "GL detail FY26.csv", "debit/credit")
    assert signs["evidence"] == "'Dr/Cr': 1 credit(s), $300.00"


# ---------------------------------------------------------------- HR
PAYROLL = [
    "Employee ID",
    "Last Name",
    "First Name",
    "Position",
    "Location",
    "FTE",
    "Hire Date",
    "Termination Date",
    "Status",
]


@pytest.mark.parametrize("with_year_column", [True, False])
def test_payroll_snapshots_that_still_list_people_who_left(tmp_path, with_year_column):
    """2024-25 snapshot: T1-T5 teach; T6 left on 6/28/2024 (before the year) but is still listed. 2025-26 snapshot:
    T1, T2 at the same school, T3 at another, T4 listed but terminated 7/1/2025 (the year's first day), T5 gone,
    T6 still listed. Hand count for 2024-25: n 5, stay 2 (40%), transfer 1, leave 2 (40%); the tool said n 6,
    stay 66.7%, leave 16.7%. Without a year column the file names give the years."""

    def snapshot(year, rows):
        header = (["Fiscal Year"] if with_year_column else []) + PAYROLL
        fy = "FY" + year[-2:]
        write_csv(
            tmp_path / f"HR snapshot {year}.csv", [header] + [([fy] if with_year_column else []) + r for r in rows]
        )

    snapshot(
        "2024-25",
        [
            ["T1", "Ames", "Al", "Teacher Grade 3", "Oak", "1.0", "08/25/2020", "", "Active"],
            ["T2", "Bell", "Bo", "Teacher Grade 4", "Oak", "1.0", "08/25/2019", "", "Active"],
            ["T3", "Cruz", "Cy", "Teacher Grade 5", "Oak", "1.0", "08/25/2018", "", "Active"],
            ["T4", "Diaz", "Di", "Teacher English", "Elm", "1.0", "08/25/2021", "", "Active"],
            ["T5", "Egan", "Ed", "Teacher Math", "Elm", "1.0", "08/25/2022", "06/30/2025", "Resigned"],
            ["T6", "Fox", "Fa", "Teacher Science", "Elm", "1.0", "08/25/2015", "06/28/2024", "Terminated"],
        ],
    )
    snapshot(
        "2025-26",
        [
            ["T1", "Ames", "Al", "Teacher Grade 3", "Oak", "1.0", "08/25/2020", "", "Active"],
            ["T2", "Bell", "Bo", "Teacher Grade 4", "Oak", "1.0", "08/25/2019", "", "Leave of Absence"],
            ["T3", "Cruz", "Cy", "Teacher Grade 5", "Elm", "1.0", "08/25/2018", "", "Active"],
            ["T4", "Diaz", "Di", "Teacher English", "Elm", "1.0", "08/25/2021", "07/01/2025", "Terminated"],
            ["T6", "Fox", "Fa", "Teacher Science", "Elm", "1.0", "08/25/2015", "06/28/2024", "Terminated"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    annual = retention.annual(result.tables["hr_employment"]).set_index("school_year").loc["2024-25"]
    assert (annual["n_teachers"], annual["stay"], annual["transfer"], annual["leave"]) == (5, 2, 1, 2)
    assert (annual["stay_pct"], annual["leave_pct"]) == (40.0, 40.0)
    assert counts(result, "HR snapshot 2024-25.csv") == (6, 5, 1)
    assert counts(result, "HR snapshot 2025-26.csv") == (5, 3, 2)
    reasons = (
        result.rejected_rows[result.rejected_rows["file"] == "HR snapshot 2025-26.csv"]
        .set_index("row")["reason"]
        .to_dict()
    )
    assert reasons == {
        5: "left on 2025-07-01, on or before 2025-26 began: not staff that year (set aside)",
        6: "left on 2024-06-28, on or before 2025-26 began: not staff that year (set aside)",
    }
    [staff] = assumed(result, "HR snapshot 2025-26.csv", "staff that year")
    assert staff["evidence"] == (
        "'Termination Date' and 'Status': 2 row(s) of people who left on or before the year began set aside; "
        "1 on leave counted as staff"
    )


def test_an_inactive_status_without_a_date_is_not_staff(tmp_path):
    write_csv(
        tmp_path / "Staff 2025-26.csv",
        [
            PAYROLL,
            ["T1", "Ames", "Al", "Teacher", "Oak", "1", "8/25/2020", "", "Retired"],
            ["T2", "Bell", "Bo", "Teacher", "Oak", "1", "8/25/2020", "", "On Leave"],
            ["T3", "Cruz", "Cy", "Teacher", "Oak", "1", "8/25/2020", "", "Pending"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    assert staff_of(result, result.tables["hr_employment"]["staff_id"]) == ["T2", "T3"]
    assert [(r.row, r.reason, r.severity) for r in result.issues.itertuples()] == [
        (2, "status 'Retired' and no termination date: not counted as staff in 2025-26 (set aside)", "rejected"),
        (
            4,
            "'Pending' is not a status the tool knows (Active, Leave, Terminated, Retired...); counted as staff",
            "warning",
        ),
    ]


def test_one_row_per_employee_becomes_staff_years(tmp_path):
    """No year column, no year in the name: each employee is staff from the hire date's school year to the
    termination date's (the last day worked), the still employed to the latest year of any date in the file."""
    write_csv(
        tmp_path / "employees.csv",
        [
            ["Employee ID", "Position", "Location", "Hire Date", "Termination Date", "Years of Experience"],
            ["T1", "Teacher", "Oak", "8/26/2023", "", "3"],
            ["T2", "Teacher", "Oak", "8/25/2024", "6/30/2025", "1"],
            ["T3", "Teacher", "Elm", "8/27/2025", "", "1"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    hr = result.tables["hr_employment"]
    got = list(zip(staff_of(result, hr["staff_id"]), hr["school_year"], hr["experience_years"].astype("float")))
    assert got == [
        ("T1", "2023-24", 1.0),
        ("T1", "2024-25", 2.0),
        ("T1", "2025-26", 3.0),
        ("T2", "2024-25", 1.0),
        ("T3", "2025-26", 1.0),
    ]
    annual = retention.annual(hr).set_index("school_year")
    assert annual.loc["2024-25", ["n_teachers", "stay", "leave"]].tolist() == [2, 1, 1]
    assert "one row per employee" in problems(result)["employees.csv"]


def test_hr_experience_counted_from_0(tmp_path):
    """First-year teachers A and B have 0, second-years C and D have 1. Hand count: of the 2024-25 beginning cohort
    (A, B) one teaches in 2025-26: 50% after one year, beside NCES 90.1% (the tool took C and D: 100%)."""
    header = ["Employee ID", "School Year", "Building", "Job Title", "Years Experience"]
    write_csv(
        tmp_path / "staff.csv",
        [
            header,
            ["A", "2024-25", "Oak", "Classroom Teacher", "0"],
            ["B", "2024-25", "Oak", "Classroom Teacher", "0"],
            ["C", "2024-25", "Oak", "Classroom Teacher", "1"],
            ["D", "2024-25", "Oak", "Classroom Teacher", "1"],
            ["E", "2024-25", "Oak", "Classroom Teacher", "10"],
            ["A", "2025-26", "Oak", "Classroom Teacher", "1"],
            ["C", "2025-26", "Oak", "Classroom Teacher", "2"],
            ["D", "2025-26", "Oak", "Classroom Teacher", "2"],
            ["E", "2025-26", "Oak", "Classroom Teacher", "11"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    cohorts = retention.cohorts(result.tables["hr_employment"])
    summary = retention.benchmark_summary(cohorts, load_config()["benchmarks"]).set_index(
        ["group", "years_since_start"]
    )
    assert summary.loc[("all", 1), ["n_cohort", "still_teaching_pct", "benchmark_pct"]].tolist() == [2, 50.0, 90.1]
    assert "'Years Experience' counts from 0 (2 teacher(s) have 0): 1 added" in problems(result)["staff.csv"]


# ---------------------------------------------------------------- rosters
def test_a_roster_that_counts_this_year_in_the_experience(tmp_path):
    """Her first year, recorded as 1 year of experience: induction year 2025-26 (the tool counted back to 2024-25,
    program year 2, though she is in no 2024-25 roster)."""
    write_csv(
        tmp_path / "Mentor assignments 2025-26.csv",
        [
            ROSTER_HEADER,
            [Y, "E1", "Ann Lee", "Oak", "Beginning Teacher", "1", "8/27/2025", "Mary Major", "E9", "8/20/2025", "Yes"],
            [Y, "E2", "Bo Kim", "Oak", "Beginning Teacher", "1", "8/27/2025", "Mary Major", "E9", "8/20/2025", "Yes"],
            [Y, "E3", "Cy Dee", "Elm", "New to District", "6", "8/27/2025", "Ned Nye", "E8", "8/20/2025", "Yes"],
        ],
    )
    result, out = figures(tmp_path)
    p = pairs.pairs(result.tables["roster"])
    assert p["induction_year"].tolist() == [Y] * 3 and p["program_year"].tolist() == [1, 1, 1]
    assert result.tables["roster"]["prior_experience_years"].tolist() == [0, 0, 5]
    assert dese_value(out["dese_annual_report"], "Teachers in their induction year") == 3
    [exp] = assumed(result, "Mentor assignments 2025-26.csv", "years of experience")
    assert exp["assumption"] == "counts this year (a first-year teacher has 1): 1 is taken off"
    assert exp["config"] == "[conventions] roster_first_year_experience = 0"


def test_a_roster_whose_year_is_in_its_file_name(tmp_path):
    """No School Year column; two returning teachers started in 2024. Hand count: 2 mentored beyond the induction
    year in 2025-26 (the tool filed them under 2024-25 by their start dates: 0)."""
    header = [h for h in ROSTER_HEADER if h != "School Year"]
    write_csv(
        tmp_path / "Mentor roster 2025-26.csv",
        [
            header,
            ["E1", "Ann Lee", "Oak", "Beginning Teacher", "0", "8/27/2025", "Mary Major", "E9", "8/20/2025", "Yes"],
            ["E2", "Bo Kim", "Oak", "Beginning Teacher", "0", "8/27/2025", "Mary Major", "E9", "8/20/2025", "Yes"],
            ["E3", "Cy Dee", "Elm", "Beginning Teacher", "1", "8/27/2024", "Ned Nye", "E8", "8/20/2024", "Yes"],
            ["E4", "Di Fox", "Elm", "Beginning Teacher", "1", "8/26/2024", "Ned Nye", "E8", "8/19/2024", "Yes"],
        ],
    )
    result, out = figures(tmp_path)
    assert result.tables["roster"]["school_year"].tolist() == [Y] * 4
    assert dese_value(out["dese_annual_report"], "Teachers mentored beyond the induction year") == 2
    assert dese_value(out["dese_annual_report"], "Teachers in their induction year") == 2
    assert assumed(result, "Mentor roster 2025-26.csv", "school year")[0]["assumption"] == "from the file name"


# ---------------------------------------------------------------- dates
def test_a_log_written_day_first(tmp_path):
    """05/09/2025, 12/09/2025, 09/01/2026, 06/03/2026, two hours each: read day first (5 Sep 2025 .. 6 Mar 2026)
    they are 8 hours of 2025-26; month first they spread over May 2025 .. Sep 2026 (the tool: 4 h in 2025-26)."""
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    write_csv(
        tmp_path / "Mentoring log 2025-26.csv",
        [
            ["Date", "Mentor", "Mentee", "Minutes", "Activity"],
            ["05/09/2025", "Mary Major", "Ann Lee", "120", "Meeting"],
            ["12/09/2025", "Mary Major", "Ann Lee", "120", "Meeting"],
            ["09/01/2026", "Mary Major", "Ann Lee", "120", "Meeting"],
            ["06/03/2026", "Mary Major", "Ann Lee", "120", "Meeting"],
        ],
    )
    result, out = figures(tmp_path)
    log = result.tables["collaborative_log"]
    assert log["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-09-05", "2025-09-12", "2026-01-09", "2026-03-06"]
    assert dese_value(out["dese_annual_report"], "Hours logged, all pairs") == 8.0
    assert (
        "dates in 'Date' read day-first (no day above 12 decides; day-first puts 4 of 4 dates in 2025-26, month-first "
        "2); "
        'if they are month-first, add to your config: [conventions] date_order = "month-first"'
    ) in problems(result)["Mentoring log 2025-26.csv"]


def test_a_day_above_12_decides_the_order(tmp_path):
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    write_csv(
        tmp_path / "log.csv",
        [
            ["Date", "Mentor", "Mentee", "Minutes"],
            ["05/09/2025", "Mary Major", "Ann Lee", "30"],
            ["25/09/2025", "Mary Major", "Ann Lee", "30"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    assert result.tables["collaborative_log"]["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-09-05", "2025-09-25"]
    [order] = assumed(result, "log.csv", "date order")
    assert order["evidence"] == "'Date': a day above 12 comes first (25/09/2025)"


def test_a_date_typed_with_last_years_year_stays_in_the_files_year_with_a_warning(tmp_path):
    """A January contact typed 1/15/2025 in the 2025-26 log. Hand count: 4 contacts, 4 hours in 2025-26 (the tool
    filed it under 2024-25 and said nothing: 3 hours)."""
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    write_csv(
        tmp_path / "Collaborative log 2025-26.csv",
        [
            ["Date", "Mentor", "Mentee", "Minutes", "Activity"],
            ["9/10/2025", "Mary Major", "Ann Lee", "60", "Meeting"],
            ["10/8/2025", "Mary Major", "Ann Lee", "60", "Meeting"],
            ["1/15/2025", "Mary Major", "Ann Lee", "60", "Meeting"],
            ["3/4/2026", "Mary Major", "Ann Lee", "60", "Meeting"],
        ],
    )
    result, out = figures(tmp_path)
    h = out["mentoring_hours"].set_index("school_year").loc[Y]
    assert (h["contacts"], h["hours"]) == (4, 4.0)
    assert [(r.row, r.column, r.reason) for r in result.warnings.itertuples()] == [
        (
            4,
            "Date",
            "the date 2025-01-15 is in 2024-25, not in 2025-26 (the file name's year); the row is kept in 2025-26: "
            "check the year typed in the date",
        )
    ]


def test_a_file_name_the_dates_contradict_and_a_year_column_the_name_contradicts(tmp_path):
    """The year's three sources compared: a log named 2024-25 whose every date is in 2025-26 is read by its dates
    (a copied template's name); a School Year column that differs from the name is used, and the note says so."""
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    write_csv(
        tmp_path / "Mentoring log 2024-25.csv",
        [
            ["Date", "Mentor", "Mentee", "Minutes", "Activity"],
            ["9/15/2025", "Mary Major", "Ann Lee", "30", "Meeting"],
            ["10/15/2025", "Mary Major", "Ann Lee", "30", "Meeting"],
        ],
    )
    write_csv(
        tmp_path / "roster 2025-26.csv",
        [ROSTER_HEADER, *roster_rows(("E2", "Bo Kim", "Mary Major", "E9"), year="2024-25")],
    )
    result = ingest.ingest(tmp_path, load_config())
    assert result.tables["collaborative_log"]["school_year"].tolist() == [Y, Y]
    assert problems(result)["Mentoring log 2024-25.csv"] == (
        "the file name says 2024-25 but 2 of 2 dates are in other school years: "
        "each row's school year is taken from its date"
    )
    assert result.tables["roster"]["school_year"].tolist() == ["2024-25", Y]  # roster 2025-26.csv, then roster.csv
    assert problems(result)["roster 2025-26.csv"] == (
        "the School Year column says 2024-25 in 1 row(s) where the file name says 2025-26: the column is used"
    )


# ---------------------------------------------------------------- mentor change
def test_a_mentor_change_mid_year(tmp_path):
    """Ann (E1) started 8/27/2025 with Mary (E9, assigned 8/20) and moved to Ned (E8) on 1/15/2026; Mary logged 6 h
    with her, Ned 4 h (and 3 h with Bo). Hand count: Ann's days to assignment -7, assigned within two weeks 3 of 3
    (100%), 3 mentors (both of Ann's), Mary 6 h for one mentee, Ned (4 + 3) / 2 = 3.5 h per mentee. The tool said
    141 days, 66.7%, 2 mentors and Ned 6.5 h per mentee."""
    write_csv(
        tmp_path / "roster 2025-26.csv",
        [
            ROSTER_HEADER,
            [Y, "E1", "Ann Lee", "Oak", "Beginning Teacher", "0", "8/27/2025", "Mary Major", "E9", "8/20/2025", "Yes"],
            [Y, "E1", "Ann Lee", "Oak", "Beginning Teacher", "0", "8/27/2025", "Ned Nye", "E8", "1/15/2026", "Yes"],
            [Y, "E2", "Bo Kim", "Oak", "Beginning Teacher", "0", "8/27/2025", "Ned Nye", "E8", "8/25/2025", "Yes"],
            [Y, "E3", "Cy Dee", "Elm", "Beginning Teacher", "0", "8/27/2025", "Olga Ortiz", "E7", "8/27/2025", "No"],
        ],
    )
    write_csv(
        tmp_path / "log 2025-26.csv",
        [
            ["Date", "Mentor", "Mentee", "Minutes", "Activity"],
            ["9/10/2025", "Mary Major", "Ann Lee", "180", "Meeting"],
            ["10/8/2025", "Mary Major", "Ann Lee", "180", "Meeting"],
            ["2/4/2026", "Ned Nye", "Ann Lee", "240", "Meeting"],
            ["2/11/2026", "Ned Nye", "Bo Kim", "180", "Meeting"],
            ["2/18/2026", "Olga Ortiz", "Cy Dee", "60", "Meeting"],
        ],
    )
    result, out = figures(tmp_path)
    h = out["mentoring_hours"]
    assert dict(zip(staff_of(result, h["mentee_id"]), h["days_to_assignment"])) == {"E1": -7, "E2": -2, "E3": 0}
    report = out["dese_annual_report"]
    assert dese_value(report, "Induction-year teachers assigned a mentor within two weeks") == 100.0
    assert dese_value(report, "Mentors") == 3 and dese_value(report, "Trained mentors") == 2
    listed = out["dese_mentors"]
    assert sorted(zip(staff_of(result, listed["mentor_id"]), listed["n_mentees"])) == [("E7", 1), ("E8", 2), ("E9", 1)]
    eff = out["mentor_effectiveness"]
    got = dict(
        zip(
            staff_of(result, eff["mentor_id"]),
            zip(eff["n_mentees"], eff["hours_per_mentee"], eff["contacts_per_mentee"]),
        )
    )
    assert got == {"E9": (1, 6.0, 2.0), "E8": (2, 3.5, 1.0), "E7": (1, 1.0, 1.0)}
    assert (
        h.set_index(h["mentee_id"].map(dict(zip(h["mentee_id"], staff_of(result, h["mentee_id"])))))["hours"]["E1"]
        == 10.0
    )
    [change] = assumed(result, "roster 2025-26.csv", "mentor changes")
    assert change["evidence"] == "1 new teacher(s) with two or more mentors in a year"


def test_hours_by_mentor_follow_the_log_else_the_dates():
    spells = pd.DataFrame(
        {
            "school_year": [Y, Y],
            "mentee_key": ["m", "m"],
            "mentor_key": ["a", "b"],
            "mentor_id": ["a", "b"],
            "mentor_assigned_date": pd.to_datetime(["2025-08-20", "2026-01-15"]),
            "mentor_trained": [True, True],
            "mentor_school": ["Oak", "Oak"],
            "mentor_subject": [None, None],
            "n_mentors": [2, 2],
        }
    )
    log = pd.DataFrame(
        {
            "school_year": [Y] * 4,
            "date": pd.to_datetime(["2025-09-01", "2026-02-01", "2026-02-02", "2026-02-03"]),
            "minutes": [60.0, 60.0, 30.0, 30.0],
            "mentor_id": [None, None, "a", "z"],
            "mentee_id": ["m"] * 4,
            "contact_id": ["1", "2", "3", "4"],
        }
    )
    out = hours.by_mentor(log, spells).set_index("mentor_key")
    # by date: Sep to a, Feb to b; named: the Feb contact logged by a is a's; a mentor who is not hers: by date (b)
    assert out.loc["a", ["contacts", "hours"]].tolist() == [2, 1.5] and out.loc[
        "b", ["contacts", "hours"]
    ].tolist() == [2, 1.5]


# ---------------------------------------------------------------- ratings and ids
def test_formative_ratings_are_set_aside(tmp_path):
    """Four teachers, five rows: T1 formative and summative, T4 formative only. Hand count: 3 summative ratings
    (the tool counted 5 for 4 teachers)."""
    write_csv(
        tmp_path / "roster.csv",
        [ROSTER_HEADER, *roster_rows(*[(f"T{i}", f"Teacher {i}", "Mary Major", "E9") for i in range(1, 5)])],
    )
    write_csv(
        tmp_path / "Evaluation ratings export.csv",
        [
            ["Employee ID", "Employee Name", "School Year", "Evaluation Type", "Overall Rating"],
            ["T1", "One, Teacher", "2025-26", "Formative", "Needs Improvement"],
            ["T1", "One, Teacher", "2025-26", "Summative", "Proficient"],
            ["T2", "Two, Teacher", "2025-26", "Summative", "Needs Improvement"],
            ["T3", "Three, Teacher", "2025-26", "Summative", "Proficient"],
            ["T4", "Four, Teacher", "2025-26", "Formative", "Proficient"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    prof = proficiency.proficiency(result.tables["evaluation"], pairs.pairs(result.tables["roster"]), threshold=1)
    row = prof[(prof["breakdown"] == "all new teachers") & (prof["rating_of"] == "summative")].iloc[0]
    assert (row["n_teachers"], row["proficient_or_better"]) == (3, 2)
    assert counts(result, "Evaluation ratings export.csv") == (5, 3, 2)
    assert (
        result.rejected_rows["reason"].tolist()
        == ["a formative evaluation (Evaluation Type = 'Formative'): only summative evaluations count; set aside"] * 2
    )
    [types] = assumed(result, "Evaluation ratings export.csv", "record types")
    assert types["evidence"] == "'Evaluation Type': 3 summative row(s) used; set aside: 2 Formative"


def test_staff_ids_with_leading_zeros_match_ids_stored_as_numbers(tmp_path):
    """The roster writes 000201-000204; the ratings workbook stores 201-203 as numbers (and one as text). Hand count:
    4 new teachers rated (the tool matched 1)."""
    write_csv(
        tmp_path / "roster.csv",
        [ROSTER_HEADER, *roster_rows(*[(f"00020{i}", f"Teacher {i}", "Mary Major", "000900") for i in range(1, 5)])],
    )
    write_xlsx(
        tmp_path / "ratings.xlsx",
        {
            "Ratings": [
                ["Staff ID", "School Year", "Summative Rating"],
                [201, Y, "Proficient"],
                [202, Y, "Proficient"],
                [203.0, Y, "Exemplary"],
                [" 000204 ", Y, "Needs Improvement"],
            ]
        },
    )
    write_xlsx(
        tmp_path / "log 2025-26.xlsx",
        {
            "Log": [
                ["Date", "Mentor", "Mentee", "Minutes", "Activity"],
                [dt.datetime(2025, 9, 10), "Mary Major", 201, 30, "Meeting"],
            ]
        },
    )
    result = ingest.ingest(tmp_path, load_config())
    prof = proficiency.proficiency(result.tables["evaluation"], pairs.pairs(result.tables["roster"]), threshold=1)
    row = prof[(prof["breakdown"] == "all new teachers") & (prof["rating_of"] == "summative")].iloc[0]
    assert (row["n_teachers"], row["proficient_or_better"]) == (4, 3)
    assert staff_of(result, result.tables["collaborative_log"]["mentee_id"]) == [
        "201"
    ]  # a log naming her by her id, as a number


def test_ratings_whose_ids_match_no_one_do_not_stop_the_run_and_are_counted(tmp_path):
    """The ratings export uses another id (the tool stopped: TypeError: operation 'sub' not supported for dtype
    'str')."""
    write_csv(
        tmp_path / "roster.csv",
        [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"), ("E2", "Bo Kim", "Mary Major", "E9"))],
    )
    write_csv(
        tmp_path / "ratings.csv",
        [
            ["Educator ID", "School Year", "Summative Rating"],
            ["MA-9001", Y, "Proficient"],
            ["MA-9002", Y, "Proficient"],
            ["MA-9003", Y, "Exemplary"],
        ],
    )
    result, out = figures(tmp_path)
    assert out["proficiency"].empty
    assert problems(result)["ratings.csv"] == (
        "none of the 3 staff ids matches a new teacher of the roster (e.g. 'MA-9001' here, "
        "'E1' there): no new teacher's rating can be counted; compare how the files write staff ids"
    )


def test_ratings_ids_that_match_no_one_with_an_hr_export(tmp_path):
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    write_csv(
        tmp_path / "staff.csv",
        [["Employee ID", "School Year", "Job Title"], ["E1", Y, "Teacher"], ["E5", Y, "Teacher"]],
    )
    write_csv(
        tmp_path / "ratings.csv",
        [
            ["Educator ID", "School Year", "Summative Rating"],
            ["E1", Y, "Proficient"],
            ["E5", Y, "Proficient"],
            ["X7", Y, "Proficient"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    assert problems(result)["ratings.csv"].startswith(
        "1 of 3 staff ids match no one in the roster or the HR export (e.g. 'X7')"
    )


# ---------------------------------------------------------------- job titles
def test_job_titles_student_teachers_aides_and_abbreviations(tmp_path):
    """2024-25: six teachers (four stay, two leave), a student teacher (leaves), a teacher aide (stays), a 'TCHR GR 3'
    (stays). Hand count: n 7, stay 5 (71.4%); the tool counted the student teacher and the aide, not TCHR: n 8,
    62.5%."""
    header = ["Employee ID", "School Year", "Building", "Job Title"]
    rows = [[f"T{i}", "2024-25", "Oak", "Teacher"] for i in range(1, 7)]
    rows += [
        ["S1", "2024-25", "Oak", "Student Teacher"],
        ["A1", "2024-25", "Oak", "Teacher Aide"],
        ["G1", "2024-25", "Oak", "TCHR GR 3"],
    ]
    rows += [[f"T{i}", "2025-26", "Oak", "Teacher"] for i in range(1, 5)]
    rows += [["A1", "2025-26", "Oak", "Teacher Aide"], ["G1", "2025-26", "Oak", "TCHR GR 3"]]
    write_csv(tmp_path / "staff.csv", [header, *rows])
    result = ingest.ingest(tmp_path, load_config())
    annual = retention.annual(result.tables["hr_employment"]).set_index("school_year").loc["2024-25"]
    assert (annual["n_teachers"], annual["stay"], annual["stay_pct"]) == (7, 5, 71.4)
    titles = result.job_titles.set_index("position")
    assert titles.loc["TCHR GR 3", ["staff_years", "is_teacher", "why"]].tolist() == [
        2,
        True,
        "'tchr' in the title ([positions] teacher_words)",
    ]
    assert (
        titles.loc["Student Teacher", "why"]
        == "'teacher' in the title, but also 'student teacher' ([positions] exclude_words)"
    )
    assert titles.loc["Teacher Aide", "why"] == "'teacher' in the title, but also 'aide' ([positions] exclude_words)"
    assert list(titles.index) == ["Teacher", "TCHR GR 3", "Teacher Aide", "Student Teacher"]


# ---------------------------------------------------------------- the plausibility page
def test_assumptions_are_one_line_per_kind_and_assumption(tmp_path):
    write_csv(tmp_path / "roster.csv", [ROSTER_HEADER, *roster_rows(("E1", "Ann Lee", "Mary Major", "E9"))])
    for name in ("log A 2025-26.csv", "log B 2025-26.csv"):
        write_csv(
            tmp_path / name, [["Date", "Mentor", "Mentee", "Minutes"], ["9/15/2025", "Mary Major", "Ann Lee", "30"]]
        )
    result = ingest.ingest(tmp_path, load_config())
    table = quality.assumptions_by_kind(result.assumptions)
    logs = table[table["source"] == "Collaborative logs"].set_index("subject")
    assert logs.loc["school year", ["assumption", "files", "evidence"]].tolist() == [
        "from the file name",
        "log A 2025-26.csv, log B 2025-26.csv",
        "2025-26",
    ]
    assert logs.loc["duration unit", "assumption"] == "minutes"
    assert list(table.columns) == ["source", "subject", "assumption", "files", "evidence", "config"]


def test_the_dese_and_mentor_functions_keep_their_old_calls():
    """Callers that do not pass the mentor spells get what they got."""
    assert dese.trained_mentors(Y, pd.DataFrame()).empty
    assert mentors.per_mentor(
        pd.DataFrame(), pd.DataFrame(), pd.DataFrame({"has_mentor": pd.Series(dtype=bool)}), pd.DataFrame()
    ).empty
