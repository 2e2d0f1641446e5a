"""A synthetic district's exports, as a real district would have them.

Deterministic for a seed. Several school years of staff movement (hires,
transfers, role changes, leavers, a returner), new teachers paired with
mentors, their collaborative logs, group-session exit tickets, self-assessments,
program surveys, evaluation ratings and program costs; written in the layouts
the tools export (HR CSV in Windows-1252, a Google Forms CSV, a Microsoft Forms
workbook, an Excel log per mentor, an evaluation-platform export, a budget
workbook with a title and a total row) with a handful of honest mistakes.

Planted relationships (for the analyses to find): mentored beginning teachers
leave less often in their first two years (10% a year against 22%); about one
pair in five skips Standard III (so about a quarter never reach it, the least
addressed standard); about 8% of mentors are assigned 20-45 days late and 10%
of new teachers get none; Initial-license teachers keep their mentor two more
years at about 20 hours a year (some complete the 50 hours, many fall behind);
spring self-assessments are higher than fall ones.
The planted data-entry mistakes are listed in ``.sample-manifest.json``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from induction_analysis import schoolyear

FIRST = """Aaliyah Aaron Abigail Adam Adrian Aisha Alex Alicia Amir Ana Andre Angela Anthony Ava Beatriz Ben Bianca
Brandon Brian Caleb Camila Carlos Carmen Chloe Chris Claire Daniel David Deja Derek Diana Dylan Elena Eli
Emily Emma Eric Ethan Fatima Felix Gabriel Grace Hannah Hector Ian Imani Isabel Jack Jada Jamal James Jasmine
Jason Jenna John Jordan José Joy Julia Kai Karen Kayla Keisha Kevin Laura Leah Liam Lily Luis Maya Megan Mia
Michael Nadia Nathan Nicole Noah Olivia Omar Paul Priya Rachel Rafael Rosa Ryan Samuel Sara Sean Sofia Tara
Thomas Tyler Vanessa Victor Wei Zoe""".split()
LAST = """Adams Ahmed Allen Alvarez Anderson Bailey Baker Barnes Bell Bennett Brooks Brown Bui Campbell Carter Castillo
Chen Clark Collins Cook Cooper Cruz Davis Diaz Doyle Edwards Evans Fischer Flores Foster Garcia Gomez Gonzalez
Gray Green Hall Harris Hernandez Hill Hughes Jackson James Jenkins Johnson Jones Kelly Kim Lee Lewis Lopez
Martin Martinez Miller Mitchell Moore Morales Morgan Murphy Nguyen Nelson O'Brien Ortiz Patel Perez Peterson
Phillips Price Ramirez Reed Reyes Richardson Rivera Roberts Robinson Rodriguez Rogers Ross Russell Sanchez
Scott Shah Singh Smith Sullivan Taylor Thomas Thompson Torres Tran Turner Walker Ward Washington White
Williams Wilson Wright Young""".split()

SCHOOLS = [  # name, level, share of teachers
    ("Maple Street Elementary", "elementary", 0.22),
    ("Oak Hill Elementary", "elementary", 0.20),
    ("Riverside Elementary", "elementary", 0.07),
    ("Pine Ridge Middle", "middle", 0.22),
    ("Lakeview High", "high", 0.29),
]
SUBJECTS = {
    "elementary": [
        ("Elementary", 0.62),
        ("Special Education", 0.14),
        ("Art", 0.06),
        ("Music", 0.06),
        ("Physical Education", 0.06),
        ("ELL", 0.06),
    ],
    "secondary": [
        ("English", 0.16),
        ("Mathematics", 0.16),
        ("Science", 0.15),
        ("Social Studies", 0.13),
        ("World Languages", 0.08),
        ("Special Education", 0.14),
        ("Art", 0.05),
        ("Music", 0.05),
        ("Physical Education", 0.05),
        ("ELL", 0.03),
    ],
}
GRADES = {"elementary": ["K", "1", "2", "3", "4", "5"], "middle": ["6", "7", "8"], "high": ["9", "10", "11", "12"]}
OTHER_ROLES = ["Instructional Coach", "Assistant Principal", "Curriculum Coordinator", "Interventionist"]
SUPPORT_STAFF = ["Paraprofessional", "School Counselor", "Principal", "Teacher Assistant"]
EXIT_REASONS = [
    "Resigned - took a position in another district",
    "Resigned - personal reasons",
    "Resigned - left teaching",
    "Non-renewed",
    "Relocated",
]
SESSIONS = [
    "Welcome and routines",
    "Classroom management",
    "Planning with the curriculum",
    "Assessment and data",
    "Family communication",
    "Differentiation and IEPs",
    "Educator evaluation",
    "Reflection and goal setting",
    "Looking ahead",
]
# Indicator weights: Standard III is addressed least.
INDICATORS = {
    "I-A": 8,
    "I-B": 6,
    "I-C": 3,
    "II-A": 9,
    "II-B": 9,
    "II-C": 3,
    "II-D": 5,
    "III-A": 4,
    "III-B": 2,
    "III-C": 4,
    "IV-A": 5,
    "IV-B": 3,
    "IV-C": 3,
    "IV-D": 1,
    "IV-E": 1,
    "IV-F": 2,
}
ACTIVITY_LABELS = {
    "meeting": "Meeting",
    "observation_of_mentee": "Mentor observes mentee",
    "observation_by_mentee": "Mentee observes mentor",
    "co_planning": "Co-planning",
    "other": "Other",
}
AGREE5 = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
RUBRIC = ["Unsatisfactory", "Needs Improvement", "Proficient", "Exemplary"]
RUBRIC_ITEMS = [
    "I-A Curriculum and Planning",
    "I-B Assessment",
    "II-A Instruction",
    "II-B Learning Environment",
    "II-D Expectations",
    "III-C Communication with families",
    "IV-A Reflection",
    "IV-C Collaboration",
]
NOTES = [
    "Talked through the first unit plan.",
    "Debriefed the observation; focus on transitions.",
    "Planned parent conferences.",
    "Reviewed the IEP accommodations for two students.",
    "Looked at exit-ticket data together.",
    "Set a goal for the evaluation cycle.",
    "Discussed a tough week.",
    "Co-planned the science lab.",
    "Shared routines for the morning meeting.",
]


@dataclass
class Person:
    staff_id: str
    first: str
    last: str
    school: str
    subject: str
    grade: str
    experience: int  # counting the current year (1 = first year)
    position: str = "Classroom Teacher"
    hire_year: int = 0
    group: str = ""
    license: str = "Professional"
    active: bool = True
    new_in: int | None = None  # school year (start) the person was hired as a new teacher
    exit_year: int | None = None  # last school year (start) in the district, for leavers
    exit_reason: str = ""
    history: dict[int, tuple[str, str, int]] = field(default_factory=dict)  # year -> (school, position, experience)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Pairing:
    year: int
    mentee: Person
    mentor: Person | None
    start: date
    assigned: date | None
    mentor_trained: bool
    induction_year: int  # 1 = induction year, 2+ = beyond
    skips_standard_iii: bool
    diligence: float


class District:
    def __init__(self, seed: int, teachers: int, years: int, last_year: int):
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.n_teachers = teachers
        self.first_year = last_year - years + 1
        self.last_year = last_year
        self.schools = self._schools()
        self.people: list[Person] = []
        self.used_names: set[str] = set()
        self.next_id = 10001
        self.pairings: list[Pairing] = []
        self.manifest: list[dict] = []

    # ----------------------------------------------------------- people
    def _schools(self) -> list[tuple[str, str, float]]:
        n = max(5, round(self.n_teachers / 80))
        schools = list(SCHOOLS)
        extra = [
            "Elm",
            "Cedar",
            "Birch",
            "Willow",
            "Hawthorne",
            "Summit",
            "Harbor",
            "Meadow",
            "Brook",
            "Highland",
            "Chestnut",
            "Spruce",
            "Aspen",
            "Juniper",
            "Valley",
            "Union",
            "Franklin",
            "Lincoln",
            "Garfield",
            "Kennedy",
        ]
        i = 0
        while len(schools) < n:
            level = ["elementary", "elementary", "middle", "high"][i % 4]
            suffix = {"elementary": "Elementary", "middle": "Middle", "high": "High"}[level]
            name = f"{extra[i % len(extra)]} {suffix}" + (f" {i // len(extra) + 2}" if i >= len(extra) else "")
            schools.append((name, level, 0.22))
            i += 1
        total = sum(s[2] for s in schools)
        return [(n_, lv, w / total) for n_, lv, w in schools]

    def _name(self) -> tuple[str, str]:
        while True:
            first, last = str(self.rng.choice(FIRST)), str(self.rng.choice(LAST))
            if f"{first} {last}" not in self.used_names:
                self.used_names.add(f"{first} {last}")
                return first, last
            if len(self.used_names) > 0.8 * len(FIRST) * len(LAST):
                initial = chr(ord("A") + int(self.rng.integers(26)))
                first = f"{first} {initial}."
                if f"{first} {last}" not in self.used_names:
                    self.used_names.add(f"{first} {last}")
                    return first, last

    def _new_person(self, school: str | None, experience: int, year: int) -> Person:
        if school is None:
            weights = np.array([s[2] for s in self.schools])
            school = self.schools[int(self.rng.choice(len(self.schools), p=weights / weights.sum()))][0]
        level = next(lv for n, lv, _ in self.schools if n == school)
        subjects = SUBJECTS["elementary" if level == "elementary" else "secondary"]
        subject = subjects[int(self.rng.choice(len(subjects), p=[w for _, w in subjects]))][0]
        grades = GRADES[level]
        grade = (
            str(self.rng.choice(grades))
            if subject in ("Elementary", "English", "Mathematics", "Science", "Social Studies")
            else f"{grades[0]}-{grades[-1]}"
        )
        first, last = self._name()
        p = Person(f"E{self.next_id}", first, last, school, subject, grade, experience, hire_year=year)
        self.next_id += 1
        self.people.append(p)
        return p

    def simulate(self) -> None:
        """Staff movement year by year, with pairings for each year's new teachers."""
        rng = self.rng
        year0 = self.first_year
        for _ in range(self.n_teachers - round(0.09 * self.n_teachers)):
            exp = int(min(35, 1 + rng.gamma(2.2, 6)))
            self._new_person(None, exp, year0 - exp + 1)
        for _ in range(max(2, self.n_teachers // 12)):  # non-teaching staff in the HR export
            p = self._new_person(None, int(rng.integers(1, 20)), year0 - 5)
            p.position = str(rng.choice(SUPPORT_STAFF))
        self._hire_new(year0, round(0.09 * self.n_teachers))  # the first year has its new teachers too
        mentored_ids: set[str] = set()
        leavers: list[Person] = []
        for year in range(year0, self.last_year + 1):
            if year > year0:
                self._year_transition(year, mentored_ids, leavers)
            for p in self.people:
                if p.active:
                    p.history[year] = (p.school, p.position, p.experience)
            self._pair(year, mentored_ids)

    def _year_transition(self, year: int, mentored_ids: set[str], leavers: list[Person]) -> None:
        rng = self.rng
        n_left = 0
        for p in [p for p in self.people if p.active]:
            teacher = p.position == "Classroom Teacher"
            if teacher:
                if p.experience <= 2:
                    leave = 0.10 if p.staff_id in mentored_ids else 0.22
                elif p.experience <= 5:
                    leave = 0.09
                elif p.experience >= 30:
                    leave = 0.30
                else:
                    leave = 0.065
            else:
                leave = 0.06
            u = rng.random()
            if u < leave:
                p.active = False
                p.exit_reason = "Retired" if p.experience >= 30 else str(rng.choice(EXIT_REASONS))
                p.exit_year = year - 1
                leavers.append(p)
                n_left += teacher
                continue
            p.experience += 1
            if teacher and u < leave + 0.03:  # transfer
                others = [s[0] for s in self.schools if s[0] != p.school]
                p.school = str(rng.choice(others))
            elif teacher and u < leave + 0.04 and p.experience > 6:  # changed role
                p.position = str(rng.choice(OTHER_ROLES))
        # a teacher who left comes back after a year away
        back = [p for p in leavers if p.exit_year == year - 2 and p.experience < 30]
        if back and rng.random() < 0.6:
            p = back[0]
            p.active, p.experience = True, p.experience + 1
            p.hire_year, p.group = year, "new to district"
            leavers.remove(p)
            p.new_in = year
        # hires replace teacher leavers (and grow the district a little)
        current = sum(1 for p in self.people if p.active and p.position == "Classroom Teacher")
        self._hire_new(year, max(self.n_teachers - current, round(0.08 * self.n_teachers)) + int(rng.integers(0, 4)))

    def _hire_new(self, year: int, count: int) -> None:
        """New teachers: about two in three beginning teachers, the rest new to the district or career changers."""
        rng = self.rng
        for _ in range(count):
            u = rng.random()
            if u < 0.65:
                p = self._new_person(None, 1, year)
                p.group, p.license = "beginning teacher", "Initial" if rng.random() < 0.85 else "Emergency"
            elif u < 0.88:
                p = self._new_person(None, int(rng.integers(3, 16)), year)
                p.group, p.license = "new to district", "Professional" if rng.random() < 0.8 else "Initial"
            else:
                p = self._new_person(None, 1, year)
                p.group, p.license = "career changer", "Provisional" if rng.random() < 0.6 else "Initial"
            p.new_in = year

    def _pick_mentor(self, mentee: Person, busy: dict[str, int]) -> Person | None:
        pool = [
            p
            for p in self.people
            if p.active
            and p.position == "Classroom Teacher"
            and p.experience >= 5
            and busy.get(p.staff_id, 0) < 2
            and p.staff_id != mentee.staff_id
        ]
        if not pool:
            return None
        best = [p for p in pool if p.school == mentee.school and p.subject == mentee.subject]
        same_school = [p for p in pool if p.school == mentee.school]
        u = self.rng.random()
        choice = best if best and u < 0.75 else same_school if same_school and u < 0.95 else pool
        return choice[int(self.rng.integers(len(choice)))]

    def _pair(self, year: int, mentored_ids: set[str]) -> None:
        rng = self.rng
        busy: dict[str, int] = {}
        # continuing Initial-license teachers in their 2nd and 3rd years keep their mentor (the 50 hours)
        for prev in [
            pr
            for pr in self.pairings
            if pr.year == year - 1
            and pr.mentee.active
            and pr.mentee.license == "Initial"
            and pr.induction_year < 3
            and pr.mentor is not None
        ]:
            mentor = (
                prev.mentor
                if prev.mentor.active and prev.mentor.position == "Classroom Teacher"
                else self._pick_mentor(prev.mentee, busy)
            )
            if mentor is None:
                continue
            busy[mentor.staff_id] = busy.get(mentor.staff_id, 0) + 1
            self.pairings.append(
                Pairing(
                    year,
                    prev.mentee,
                    mentor,
                    prev.start,
                    prev.assigned,
                    True,
                    prev.induction_year + 1,
                    prev.skips_standard_iii,
                    prev.diligence,
                )
            )
        new = [p for p in self.people if p.active and p.new_in == year and p.position == "Classroom Teacher"]
        start = date(year, 8, 27) + timedelta(days=int((date(year, 8, 27).weekday() in (5, 6)) * 2))
        for p in new:
            mentor = self._pick_mentor(p, busy) if rng.random() < 0.9 else None  # a few new teachers get no mentor
            if mentor is not None:
                busy[mentor.staff_id] = busy.get(mentor.staff_id, 0) + 1
                mentored_ids.add(p.staff_id)
                late = rng.random() < 0.08
                assigned = (
                    start + timedelta(days=int(rng.integers(20, 45)))
                    if late
                    else start - timedelta(days=int(rng.integers(0, 30)))
                )
            else:
                assigned = None
            self.pairings.append(
                Pairing(
                    year,
                    p,
                    mentor,
                    start,
                    assigned,
                    bool(rng.random() < 0.9),
                    1,
                    bool(rng.random() < 0.2),
                    float(rng.uniform(0.55, 1.2)),
                )
            )


# ------------------------------------------------------------------ writers
def _xlsx(path: Path, sheets: dict[str, tuple[list[str], list[str], list[list]]]) -> None:
    """A workbook: per sheet, title lines (then a blank row), the header and the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name, (titles, header, rows) in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        for t in titles:
            ws.append([t])
        if titles:
            ws.append([])
        ws.append(header)
        for r in rows:
            ws.append(r)
    wb.save(path)


def _csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _us_date(d: date | None) -> str:
    return "" if d is None else f"{d.month}/{d.day}/{d.year}"


def _us_timestamp(d: datetime) -> str:
    return f"{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}:{d.second:02d}"


MOTIVATIONS = [
    "I remember how hard my first year was and want to make it easier for someone else.",
    "Mentoring keeps me reflective about my own practice.",
    "I enjoy collaborating and planning with colleagues.",
    "Our building has many new teachers and I want to help them stay.",
    "I had a great mentor and want to pay it forward.",
]
STRENGTHS = [
    "Classroom management and routines",
    "Unit planning with the curriculum",
    "Using assessment data",
    "Co-teaching and inclusion",
    "Family communication",
    "Calm listener; good at giving feedback",
]
PERIODS = ["Period 1", "Period 2", "Period 3", "Period 4", "Period 5", "Period 6"]
GROUP_CHOICES = ["Beginning teachers", "Teachers new to the district", "Career changers"]


def _period(staff_id: str) -> str:
    """A teacher's planning period: fixed per person, so mentors and hires can share one."""
    return PERIODS[int(staff_id.removeprefix("E")) % len(PERIODS)]


# Journal sentences: each carries exactly one theme of the default codebook (tests check it).
JOURNAL_SENTENCES = {
    "classroom_management": [
        "Transitions after lunch are still rough and several students are off task.",
        "We built routines for the first five minutes of class.",
        "Behavior in the afternoon block keeps getting worse.",
    ],
    "time_workload": [
        "There is not enough time in the day and we are both exhausted.",
        "The workload this month feels overwhelming.",
        "Stayed late three nights this week just to keep up.",
    ],
    "planning_curriculum": [
        "We spent the meeting on unit plans for the next six weeks.",
        "Pacing is a worry: the class is two weeks behind the calendar.",
        "Lesson plans for the new curriculum took most of our time.",
    ],
    "assessment_data": [
        "Grading the first quizzes took hours.",
        "We looked at student data from the benchmark together.",
        "Using formative checks to decide what to reteach.",
    ],
    "differentiation_sped": [
        "Two students have IEPs and the accommodations are hard to track.",
        "Working on how to differentiate the reading for English learners.",
        "Scaffolding the writing task for the students who struggle.",
    ],
    "family_communication": [
        "Parent conferences are coming and the new teacher is nervous.",
        "Practiced a phone call home about a missing assignment.",
        "A difficult email from a family took the afternoon.",
    ],
    "collegial_support": [
        "Feeling isolated; the grade-level team rarely meets.",
        "Set up a visit to observe other teachers in the department.",
        "Nobody on the hallway to ask for help, so it feels lonely.",
    ],
    "evaluation": [
        "The formal observation is next week and nerves are high.",
        "We drafted SMART goals for the educator plan.",
        "Collecting evidence for the evaluator before the deadline.",
    ],
    "materials_resources": [
        "Still waiting on textbooks and basic supplies.",
        "Half the Chromebooks do not charge.",
        "The copier was broken again so there were no copies for class.",
    ],
    "mentoring_relationship": [
        "Release time to observe together would help us.",
        "Mentoring this year feels more like a partnership.",
        "We were paired late, so we are still getting to know each other.",
    ],
}
# Entries no theme covers: two recurring topics for the emergent themes, and plain notes.
JOURNAL_EMERGENT = [
    "The substitute shortage means coverage duty again this week.",
    "Coverage duty during prep because of the substitute shortage.",
    "Another week of coverage duty; the substitute shortage is not improving.",
    "Indoor recess all week because of the cold.",
    "Indoor recess again, and the afternoon energy was wild.",
]
JOURNAL_NEUTRAL = ["A quiet, steady week.", "Nothing new to report."]
JOURNAL_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5]
# Weight of each theme in each month of JOURNAL_MONTHS: classroom management peaks in October and fades;
# evaluation rises from January to March; family communication peaks at the November conferences.
JOURNAL_SEASON = {
    "classroom_management": [2.5, 6, 3, 1.5, 1, 0.7, 0.5, 0.4, 0.3],
    "time_workload": [1.5, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 2],
    "planning_curriculum": [2, 1.5, 1, 1, 1, 1, 1, 1, 0.8],
    "assessment_data": [0.5, 0.8, 1, 1.5, 1.5, 1, 1, 1.5, 1],
    "differentiation_sped": [0.8, 1, 1, 1, 1, 1, 1, 0.8, 0.6],
    "family_communication": [0.8, 1, 2, 1, 0.6, 0.6, 0.8, 0.6, 0.6],
    "collegial_support": [1, 1, 1, 1.2, 1.5, 1.2, 1, 0.8, 0.8],
    "evaluation": [0.3, 0.4, 0.6, 1, 2.5, 3, 2.5, 0.8, 0.5],
    "materials_resources": [1.5, 1, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4],
    "mentoring_relationship": [1, 1, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.2],
}
# The themes the canned open comments of exit tickets and surveys carry.
COMMENT_THEMES = {
    "Use the turn-and-talk routine": ["classroom_management"],
    "Call two families this week": ["family_communication"],
    "Try exit tickets": ["assessment_data"],
    "How do I fit it all in?": ["time_workload"],
    "More time to observe other classrooms.": ["time_workload", "collegial_support"],
    "Pair by subject.": ["mentoring_relationship"],
}


class Writer:
    def __init__(self, district: District, out: Path):
        self.d = district
        self.rng = district.rng
        self.out = out
        self.hourly = 30.0
        self.sub_day = 110.0
        self.contact_hours: dict[int, float] = {}
        self.observations: dict[int, int] = {}
        self.journal_plants: list[dict] = []
        self.comment_plants: list[dict] = []

    def plant(self, file: str, row: int, column: str, expect: str, severity: str = "rejected") -> None:
        self.d.manifest.append(
            {"file": file, "row": row, "column": column, "reason_contains": expect, "severity": severity}
        )

    def all(self) -> None:
        self.hr()
        self.rosters()
        self.logs()
        self.exit_tickets()
        self.self_assessments()
        self.surveys()
        self.evaluations()
        self.costs()
        # written last, so the files above stay the same for a seed
        self.applications()
        self.new_hires()
        self.journals()
        (self.out / ".sample-manifest.json").write_text(json.dumps(self.d.manifest, indent=1) + "\n", encoding="utf-8")
        (self.out / ".sample-themes.json").write_text(
            json.dumps(self.planted_themes(), indent=1) + "\n", encoding="utf-8"
        )

    # HR: one CSV for all years, from a Windows HR system (cp1252)
    def hr(self) -> None:
        rows = []
        for p in self.d.people:
            years = sorted(p.history)
            for y in years:
                school, position, exp = p.history[y]
                last = y == years[-1] and y < self.d.last_year and p.exit_year == y
                rows.append(
                    [
                        p.staff_id,
                        p.last,
                        p.first,
                        f"{y}-{y + 1}",
                        school,
                        position,
                        exp,
                        _us_date(date(p.hire_year, 8, 20)) if p.hire_year >= self.d.first_year - 30 else "",
                        _us_date(date(y + 1, 6, 30)) if last else "",
                        p.exit_reason if last else "",
                    ]
                )
        rows.sort(key=lambda r: (r[3], r[0]))
        name = f"HR/staff_export_{self.d.first_year}-{self.d.last_year + 1}.csv"
        # honest mistakes: a row exported twice, a row with no employee id
        dup_at = len(rows) // 3
        rows.insert(dup_at + 1, list(rows[dup_at]))
        self.plant(name, dup_at + 3, "Employee ID", "same staff id and school year")
        blank_at = len(rows) // 2
        rows.insert(blank_at, ["", "Doe", "Pat", rows[blank_at][3], SCHOOLS[0][0], "Classroom Teacher", 4, "", "", ""])
        self.plant(name, blank_at + 2, "Employee ID", "no staff id")
        _csv(
            self.out / name,
            [
                "Employee ID",
                "Last Name",
                "First Name",
                "School Year",
                "Building",
                "Job Title",
                "Years Experience",
                "Hire Date",
                "Separation Date",
                "Separation Reason",
            ],
            rows,
            encoding="cp1252",
        )

    # Roster/pairings: one workbook per year with a title row
    def rosters(self) -> None:
        header = [
            "School Year",
            "Staff ID",
            "New Teacher",
            "School",
            "Subject",
            "Grade",
            "License",
            "Years of Experience",
            "Start Date",
            "Mentor",
            "Mentor ID",
            "Mentor School",
            "Mentor Subject",
            "Mentor Grade",
            "Date Mentor Assigned",
            "Group",
            "Mentor Trained",
        ]
        for year in range(self.d.first_year, self.d.last_year + 1):
            rows = []
            for pr in [p for p in self.d.pairings if p.year == year]:
                m, t = pr.mentee, pr.mentor
                exp_before = m.history.get(year, (None, None, m.experience))[2] - 1
                rows.append(
                    [
                        schoolyear.label(year),
                        m.staff_id,
                        m.name,
                        m.history.get(year, (m.school,))[0],
                        m.subject,
                        m.grade,
                        m.license,
                        exp_before,
                        pr.start,
                        t.name if t else "",
                        t.staff_id if t else "",
                        t.school if t else "",
                        t.subject if t else "",
                        t.grade if t else "",
                        pr.assigned,
                        m.group.title() if m.group else "Beginning Teacher",
                        "Yes" if pr.mentor_trained else "No",
                    ]
                )
            label = schoolyear.label(year)
            _xlsx(
                self.out / f"pairings/Mentor pairings {label}.xlsx",
                {"Pairings": ([f"New Teacher Mentor Assignments {label}"], header, rows)},
            )

    def _contacts(self, pr: Pairing) -> list[list]:
        """Contacts of one pair in one year: [date, minutes, activity, codes]."""
        rng = self.rng
        y = pr.year
        beyond = pr.induction_year > 1
        # beyond the induction year, pairs meet longer for the 50 hours: about 20 hours a year at an average pace
        meetings_per_month = (2.0 if not beyond else 3.0) * pr.diligence
        lengths = [30, 45, 45, 60, 60, 90] if not beyond else [45, 60, 60, 90, 90]
        out = []
        start = max(pr.assigned or pr.start, pr.start)
        indicators = [k for k in INDICATORS if not (pr.skips_standard_iii and k.startswith("III"))]
        weights = np.array([INDICATORS[k] for k in indicators], dtype=float)
        for month_start in [date(y, m, 1) for m in (9, 10, 11, 12)] + [date(y + 1, m, 1) for m in (1, 2, 3, 4, 5, 6)]:
            if month_start.month == 6:
                n = int(rng.poisson(0.5 * meetings_per_month))
            else:
                n = int(rng.poisson(meetings_per_month))
            for _ in range(n):
                d = month_start + timedelta(days=int(rng.integers(0, 27)))
                if d < start or d.weekday() >= 5:
                    continue
                k = int(rng.integers(1, 4))
                codes = list(rng.choice(indicators, size=k, replace=False, p=weights / weights.sum()))
                kind = "meeting" if rng.random() < 0.8 else "co_planning"
                out.append([d, int(rng.choice(lengths)), kind, codes])
        n_obs = 3 if pr.diligence > 0.75 else int(rng.integers(1, 3))
        n_by = 2 if pr.diligence > 0.8 else int(rng.integers(0, 2))
        for kind, n in (("observation_of_mentee", n_obs), ("observation_by_mentee", n_by)):
            for _ in range(n if not beyond else max(0, n - 1)):
                d = date(y, 10, 1) + timedelta(days=int(rng.integers(0, 200)))
                if d.weekday() >= 5:
                    d -= timedelta(days=2)
                codes = list(rng.choice(["II-A", "II-B", "II-D", "I-B"], size=2, replace=False))
                out.append([d, int(rng.choice([45, 50, 60])), kind, codes])
        out.sort(key=lambda r: r[0])
        return out

    def logs(self) -> None:
        """Earlier years: one combined Google Sheets CSV per year. Last year: one workbook per mentor."""
        last = self.d.last_year
        for year in range(self.d.first_year, last + 1):
            per_mentor: dict[str, list[list]] = {}
            for pr in [p for p in self.d.pairings if p.year == year and p.mentor is not None]:
                for d, minutes, kind, codes in self._contacts(pr):
                    note = str(self.rng.choice(NOTES))
                    per_mentor.setdefault(pr.mentor.name, []).append(
                        [d, pr.mentor.name, pr.mentee.name, minutes, ACTIVITY_LABELS[kind], ", ".join(codes), note]
                    )
                    self.contact_hours[year] = self.contact_hours.get(year, 0.0) + minutes / 60
                    self.observations[year] = self.observations.get(year, 0) + (kind.startswith("observation"))
            label = schoolyear.label(year)
            if year < last:
                rows = [
                    [_us_date(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]]
                    for m in sorted(per_mentor)
                    for r in per_mentor[m]
                ]
                rows.sort(key=lambda r: (r[1], r[2]))
                enc = "cp1252" if year == last - 1 else "utf-8"
                _csv(
                    self.out / f"logs/collaborative_log_{label}.csv",
                    [
                        "Date",
                        "Mentor",
                        "Mentee",
                        "Duration (minutes)",
                        "Type of Contact",
                        "Standards/Indicators Addressed",
                        "Notes",
                    ],
                    rows,
                    enc,
                )
                continue
            header = ["Date", "Mentor", "Mentee", "Minutes", "Activity", "Standards Addressed", "Notes"]
            mentors = sorted(per_mentor)
            planted = [m for m in mentors if len(per_mentor[m]) > 6][:7]
            for mentor in mentors:
                rows = per_mentor[mentor]
                name = f"logs/{label}/Collaborative Log - {mentor}.xlsx"
                i = planted.index(mentor) if mentor in planted else -1
                if i >= 0:  # honest mistakes, one per workbook; row numbers: title, blank, header -> data from row 4
                    r = 2 + i % 3
                    excel_row = 4 + r
                    if i == 0:
                        rows[r][0] = None
                        self.plant(name, excel_row, "Date", "no date")
                    elif i == 1:
                        rows[r][3] = -30
                        self.plant(name, excel_row, "Minutes", "minutes must be between 0 and 720")
                    elif i == 2:
                        rows[r][3] = "see notes"
                        self.plant(name, excel_row, "Minutes", "not a number of minutes")
                    elif i == 3:
                        rows[r][2] = None
                        self.plant(name, excel_row, "Mentee", "no mentee")
                    elif i == 4:
                        rows[r][5] = "II-B, V-A"
                        self.plant(name, excel_row, "Standards Addressed", "'V-A' is not in MA-2012", "warning")
                    elif i == 5:
                        rows[r][3] = "1 hr"
                        self.plant(name, excel_row, "Minutes", "read as 60 minutes", "warning")
                    elif i == 6:
                        rows[r][2] = rows[r][2] + "e"
                        self.plant(name, excel_row, "mentee", "is not in the roster", "warning")
                _xlsx(self.out / name, {"Log": ([f"Collaborative Log {label}", f"Mentor: {mentor}"][:1], header, rows)})

    def exit_tickets(self) -> None:
        """A Google Forms CSV per year: timestamp, email, session, facilitator, agreement items, a 1-5 scale, open
        answers."""
        items = [
            "The session was a good use of my time",
            "I can apply what I learned in my classroom",
            "The facilitator modeled effective practices",
        ]
        header = [
            "Timestamp",
            "Email Address",
            "Session",
            "Facilitator",
            *items,
            "How confident do you feel about this topic now?",
            "What is one thing you will try?",
            "What questions do you still have?",
        ]
        rng = self.rng
        for year in range(self.d.first_year, self.d.last_year + 1):
            mentees = [pr.mentee for pr in self.d.pairings if pr.year == year and pr.induction_year == 1]
            leads = [pr.mentor.name for pr in self.d.pairings if pr.year == year and pr.mentor is not None][:2] or [
                "Lead Mentor"
            ]
            rows = []
            for s, title in enumerate(SESSIONS):
                d = date(year, 9, 20) + timedelta(days=30 * s)
                d += timedelta(days=(1 - d.weekday()) % 7)  # Tuesdays
                for m in mentees:
                    if rng.random() > 0.75:
                        continue
                    quality = rng.normal(0.6 if title != "Educator evaluation" else 0.2, 0.9)
                    answers = [AGREE5[int(np.clip(round(3 + quality + rng.normal(0, 0.6)), 0, 4))] for _ in items]
                    stamp = datetime(d.year, d.month, d.day, 15, 30) + timedelta(
                        minutes=int(rng.integers(0, 40)), seconds=int(rng.integers(0, 60))
                    )
                    rows.append(
                        [
                            _us_timestamp(stamp),
                            f"{m.first.lower()}.{m.last.lower()}@district.example".replace(" ", "").replace("'", ""),
                            title,
                            leads[s % len(leads)],
                            *answers,
                            int(np.clip(round(3.4 + quality / 2 + rng.normal(0, 0.7)), 1, 5)),
                            str(
                                rng.choice(
                                    [
                                        "Use the turn-and-talk routine",
                                        "Call two families this week",
                                        "Try exit tickets",
                                        "",
                                    ]
                                )
                            ),
                            str(rng.choice(["", "", "How do I fit it all in?", "N/A"])),
                        ]
                    )
            self._plant_comments("exit_ticket", rows, [-2, -1])
            _csv(
                self.out / f"exit_tickets/Exit Ticket - New Teacher Seminar (Responses) {schoolyear.label(year)}.csv",
                header,
                rows,
            )

    def _plant_comments(self, source: str, rows: list[list], columns: list[int]) -> None:
        """The themes each canned open comment carries (COMMENT_THEMES), one entry per comment written."""
        for row in rows:
            when = datetime.strptime(row[0], "%m/%d/%Y %H:%M:%S")
            year = when.year if when.month >= 7 else when.year - 1
            for c in columns:
                text = row[c]
                if text and text.strip().lower() not in ("n/a", ""):
                    self.comment_plants.append(
                        {
                            "source": source,
                            "school_year": schoolyear.label(year),
                            "month": f"{when.year}-{when.month:02d}",
                            "themes": COMMENT_THEMES[text],
                        }
                    )

    def self_assessments(self) -> None:
        """A Microsoft Forms workbook per year: mentors and mentees rate themselves, fall and spring."""
        header = [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "I am a",
            "Administration",
            *[f"Rate yourself: {i}" for i in RUBRIC_ITEMS],
        ]
        rng = self.rng
        for year in range(max(self.d.first_year, self.d.last_year - 2), self.d.last_year + 1):
            rows, n = [], 1
            for pr in [p for p in self.d.pairings if p.year == year and p.mentor is not None]:
                for season, when, lift in (
                    ("Fall", datetime(year, 10, 15, 16), 0.0),
                    ("Spring", datetime(year + 1, 5, 12, 16), 0.6),
                ):
                    for person, role, base in ((pr.mentee, "Mentee", 1.9), (pr.mentor, "Mentor", 2.6)):
                        if rng.random() > 0.85:
                            continue
                        t = when + timedelta(days=int(rng.integers(0, 10)), minutes=int(rng.integers(0, 300)))
                        scores = [
                            RUBRIC[int(np.clip(round(base + lift + rng.normal(0, 0.6)), 0, 3))] for _ in RUBRIC_ITEMS
                        ]
                        rows.append(
                            [
                                n,
                                t,
                                t + timedelta(minutes=6),
                                f"{person.staff_id.lower()}@district.example",
                                person.name,
                                None,
                                role,
                                season,
                                *scores,
                            ]
                        )
                        n += 1
            _xlsx(
                self.out / f"self_assessment/Mentoring Self-Assessment {schoolyear.label(year)}.xlsx",
                {"Sheet1": ([], header, rows)},
            )

    def surveys(self) -> None:
        """Program survey, Google Forms CSV, each spring: mentees, mentors, administrators."""
        items = [
            "My mentor/mentee and I met regularly",
            "The induction program helped me grow as a teacher",
            "Release time for observations was available when needed",
            "I would recommend the program to a colleague",
        ]
        header = ["Timestamp", "What is your role?", *items, "What would improve the program?"]
        rng = self.rng
        for year in range(max(self.d.first_year, self.d.last_year - 3), self.d.last_year + 1):
            pairs = [p for p in self.d.pairings if p.year == year and p.mentor is not None]
            rows = []
            for role, n, mood in (
                ("New teacher", len(pairs), 0.5),
                ("Mentor", len(pairs), 0.7),
                ("Administrator", len(self.d.schools) * 2, 0.3),
            ):
                for _ in range(int(n * 0.6)):
                    stamp = datetime(year + 1, 5, 20, 9) + timedelta(
                        days=int(rng.integers(0, 14)), minutes=int(rng.integers(0, 600))
                    )
                    answers = [
                        AGREE5[int(np.clip(round(3 + mood + rng.normal(0, 0.9) - (j == 2) * 0.8), 0, 4))]
                        for j in range(len(items))
                    ]
                    rows.append(
                        [
                            _us_timestamp(stamp),
                            role,
                            *answers,
                            str(rng.choice(["", "More time to observe other classrooms.", "Pair by subject.", ""])),
                        ]
                    )
            self._plant_comments("stakeholder_survey", rows, [-1])
            _csv(self.out / f"surveys/Induction Program Survey {schoolyear.label(year)}.csv", header, rows)

    def evaluations(self) -> None:
        """Evaluation-platform export (CSV, all years): four standards and the summative rating."""
        rng = self.rng
        header = [
            "Educator ID",
            "Educator Name",
            "School",
            "School Year",
            "Educator Plan",
            "Standard I",
            "Standard II",
            "Standard III",
            "Standard IV",
            "Summative Rating",
        ]
        mentored = {pr.mentee.staff_id for pr in self.d.pairings if pr.mentor is not None}
        rows = []
        for year in range(self.d.first_year, self.d.last_year + 1):
            for p in self.d.people:
                hist = p.history.get(year)
                if hist is None or hist[1] != "Classroom Teacher":
                    continue
                exp = hist[2]
                base = 2.35 if exp == 1 else 2.6 if exp <= 3 else 2.95
                base += 0.15 if p.staff_id in mentored and exp <= 3 else 0
                levels = [int(np.clip(round(base + rng.normal(0, 0.45)), 1, 4)) for _ in range(4)]
                summative = int(np.clip(round(np.mean(levels) + rng.normal(0, 0.2)), 1, 4))
                plan = "Developing Educator Plan" if exp <= 3 else "Self-Directed Growth Plan"
                rows.append(
                    [
                        p.staff_id,
                        f"{p.last}, {p.first}",
                        hist[0],
                        schoolyear.label(year),
                        plan,
                        *[RUBRIC[lv - 1] for lv in levels],
                        RUBRIC[summative - 1],
                    ]
                )
        name = "evaluations/educator_evaluation_ratings_export.csv"
        rows[5][9] = "Profficient"
        self.plant(name, 7, "Summative Rating", "'Profficient' is not a rating", "warning")
        rows[11][0] = ""
        self.plant(name, 13, "Educator ID", "no staff id")
        _csv(self.out / name, header, rows)

    def costs(self) -> None:
        """A budget workbook per fiscal year with a title row and a total row at the bottom."""
        header = ["Fiscal Year", "Date", "Category", "Description", "Hours", "Days", "Amount", "Funding Source"]
        for year in range(self.d.first_year, self.d.last_year + 1):
            fy = f"FY{(year + 1) % 100:02d}"
            n_pairs = sum(1 for p in self.d.pairings if p.year == year and p.mentor is not None)
            leads = max(1, len(self.d.schools) - 2)
            hours = round(self.contact_hours.get(year, 0.0))
            orientation_hours = 12 * sum(1 for p in self.d.pairings if p.year == year and p.induction_year == 1)
            sub_days = self.observations.get(year, 0) * 0.5
            rows = [
                [
                    fy,
                    date(year, 9, 30),
                    "Stipend",
                    f"Lead mentor stipends ({leads} lead mentors)",
                    None,
                    None,
                    leads * 1200.0,
                    "District",
                ],
                [
                    fy,
                    date(year + 1, 6, 15),
                    "Contract hours",
                    "Mentor contract hours (collaborative logs)",
                    hours,
                    None,
                    hours * self.hourly,
                    "Title II-A",
                ],
                [
                    fy,
                    date(year, 8, 25),
                    "Contract hours",
                    "New teacher orientation (summer, 12 hours each)",
                    orientation_hours,
                    None,
                    orientation_hours * self.hourly,
                    "District",
                ],
                [
                    fy,
                    date(year + 1, 6, 15),
                    "Substitute coverage",
                    "Release time for observations",
                    None,
                    sub_days,
                    sub_days * self.sub_day,
                    "District",
                ],
                [
                    fy,
                    date(year, 10, 1),
                    "Materials",
                    "New teacher handbooks and books",
                    None,
                    None,
                    float(25 * n_pairs),
                    "Title II-A",
                ],
                [
                    fy,
                    date(year, 8, 10),
                    "Training",
                    "Mentor training (orientation and refresher)",
                    None,
                    None,
                    float(1500 + 40 * n_pairs),
                    "Title II-A",
                ],
            ]
            total = sum(r[6] for r in rows)
            name = f"budget/Induction program costs {fy}.xlsx"
            if year == self.d.last_year:
                rows.append(
                    [fy, date(year + 1, 6, 20), "Materials", "End-of-year celebration", None, None, "TBD", "District"]
                )
                self.plant(name, 3 + len(rows), "Amount", "'TBD' is not an amount of money")
            rows.append(["Total", None, None, None, None, None, total, None])
            _xlsx(self.out / name, {fy: ([f"Induction & Mentoring Program Costs {fy}"], header, rows)})

    def applications(self) -> None:
        """Mentor-pool applications, spring of the last year: a Microsoft Forms workbook to which the
        administrators added an Accepted column. Current mentors mostly reapply; a few experienced
        teachers apply for the first time."""
        rng = self.rng
        year = self.d.last_year
        mentors = {
            pr.mentor.staff_id: pr.mentor
            for pr in self.d.pairings
            if pr.year == year and pr.mentor is not None and pr.mentor.active
        }
        trained = {pr.mentor.staff_id for pr in self.d.pairings if pr.mentor is not None and pr.mentor_trained}
        others = [
            p
            for p in self.d.people
            if p.active and p.position == "Classroom Teacher" and p.experience >= 5 and p.staff_id not in mentors
        ]
        newcomers = (
            [
                others[i]
                for i in rng.choice(len(others), size=min(len(others), max(3, len(mentors) // 4)), replace=False)
            ]
            if others
            else []
        )
        applicants = [m for m in mentors.values() if rng.random() < 0.85] + newcomers
        header = [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
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
        rows = []
        for n, p in enumerate(sorted(applicants, key=lambda q: q.staff_id), 1):
            t = datetime(year + 1, 3, 2, 15) + timedelta(
                days=int(rng.integers(0, 30)), minutes=int(rng.integers(0, 400))
            )
            is_trained = p.staff_id in trained
            refresher = schoolyear.label(year - int(rng.integers(0, 5))) if is_trained else ""
            groups = ", ".join(g for g in GROUP_CHOICES if rng.random() < 0.6) or GROUP_CHOICES[0]
            accepted = "No" if rng.random() < 0.04 else "" if rng.random() < 0.06 else "Yes"
            rows.append(
                [
                    n,
                    t,
                    t + timedelta(minutes=9),
                    f"{p.staff_id.lower()}@district.example",
                    p.name,
                    None,
                    p.staff_id,
                    p.school,
                    p.subject,
                    p.grade,
                    p.experience,
                    "Yes" if is_trained else "No",
                    refresher,
                    int(rng.choice([1, 2, 2, 3])),
                    _period(p.staff_id),
                    groups,
                    str(rng.choice(MOTIVATIONS)),
                    str(rng.choice(STRENGTHS)),
                    accepted,
                ]
            )
        _xlsx(
            self.out / f"applications/Mentor Pool Application {schoolyear.label(year)}.xlsx",
            {"Form1": ([], header, rows)},
        )

    def journals(self) -> None:
        """Mentor reflection journals, a Google Forms CSV for each of the last two years: about one entry a
        month per mentor, built from sentences that each carry one theme of the default codebook, with the
        themes' weights changing over the year (classroom management peaks in October and fades by spring;
        evaluation rises from January to March). Some entries name the mentee, some are marked private, some
        carry no theme (a substitute shortage, indoor recess: the emergent themes to find). Its own random
        stream, so the files above stay the same."""
        rng = np.random.default_rng(self.d.seed + 9)
        header = [
            "Timestamp",
            "Email Address",
            "Your name",
            "Your role",
            "Reflection: challenges, concerns and areas to improve",
            "Keep this entry private",
        ]
        themes = list(JOURNAL_SENTENCES)
        for year in range(max(self.d.first_year, self.d.last_year - 1), self.d.last_year + 1):
            rows = []
            pairs = [pr for pr in self.d.pairings if pr.year == year and pr.mentor is not None]
            by_mentor: dict[str, list] = {}
            for pr in pairs:
                by_mentor.setdefault(pr.mentor.staff_id, []).append(pr)
            for mentor_pairs in by_mentor.values():
                mentor = mentor_pairs[0].mentor
                for m, month in enumerate(JOURNAL_MONTHS):
                    if rng.random() > 0.8:
                        continue
                    y = year if month >= 7 else year + 1
                    roll = rng.random()
                    if roll < 0.08:
                        planted, sentences = [], [str(rng.choice(JOURNAL_EMERGENT))]
                    elif roll < 0.11:
                        planted, sentences = [], [str(rng.choice(JOURNAL_NEUTRAL))]
                    else:
                        weights = np.array([JOURNAL_SEASON[t][m] for t in themes], dtype=float)
                        k = 1 if rng.random() < 0.6 else 2
                        planted = [
                            themes[i] for i in rng.choice(len(themes), size=k, replace=False, p=weights / weights.sum())
                        ]
                        sentences = [str(rng.choice(JOURNAL_SENTENCES[t])) for t in planted]
                    if rng.random() < 0.3:
                        mentee = mentor_pairs[int(rng.integers(0, len(mentor_pairs)))].mentee
                        sentences.insert(0, f"Met with {mentee.name} after school.")
                    when = datetime(y, month, int(rng.integers(3, 26)), 16, int(rng.integers(0, 60)))
                    private = rng.random() < 0.1
                    rows.append(
                        [
                            _us_timestamp(when),
                            f"{mentor.staff_id.lower()}@district.example",
                            mentor.name,
                            "Mentor",
                            " ".join(sentences),
                            "Yes" if private else "No",
                        ]
                    )
                    self.journal_plants.append(
                        {"school_year": schoolyear.label(year), "month": f"{y}-{month:02d}", "themes": planted}
                    )
            rows.sort(key=lambda r: datetime.strptime(r[0], "%m/%d/%Y %H:%M:%S"))
            _csv(
                self.out / f"journals/Mentor Reflection Journal (Responses) {schoolyear.label(year)}.csv", header, rows
            )

    def planted_themes(self) -> list[dict]:
        """Entries per school year, source, month and theme that the generator planted (``.sample-themes.json``):
        journals from their sentences, comments from the themes each canned comment carries."""
        counts: dict[tuple, int] = {}
        totals: dict[tuple, int] = {}
        for plant in self.journal_plants + self.comment_plants:
            key = (plant.get("source", "reflection_journal"), plant["school_year"], plant["month"])
            totals[key] = totals.get(key, 0) + 1
            for theme in plant["themes"] or ["no_theme"]:
                counts[(*key, theme)] = counts.get((*key, theme), 0) + 1
        return [
            {
                "source": k[0],
                "school_year": k[1],
                "month": k[2],
                "theme": k[3],
                "entries_with_theme": n,
                "entries": totals[k[:3]],
            }
            for k, n in sorted(counts.items())
        ]

    def new_hires(self) -> None:
        """Next year's new hires, as the pairing sheet HR hands over in the summer: mentors still blank.
        One hire teaches a subject no mentor teaches (Latin), to show a hire with no suitable mentor."""
        year = self.d.last_year + 1
        count = max(3, round(0.09 * sum(1 for p in self.d.people if p.active and p.position == "Classroom Teacher")))
        before = len(self.d.people)
        self.d._hire_new(year, count)
        hires = self.d.people[before:]
        hires[-1].subject, hires[-1].grade = "Latin", "9-12"
        hires[-1].school = next(n for n, lv, _ in self.d.schools if lv == "high")
        header = [
            "School Year",
            "Staff ID",
            "New Teacher",
            "School",
            "Subject",
            "Grade",
            "License",
            "Years of Experience",
            "Start Date",
            "Planning Period",
            "Group",
            "Mentor",
            "Mentor ID",
            "Date Mentor Assigned",
        ]
        start = date(year, 8, 27)
        rows = [
            [
                schoolyear.label(year),
                p.staff_id,
                p.name,
                p.school,
                p.subject,
                p.grade,
                p.license,
                p.experience - 1,
                start,
                _period(p.staff_id),
                p.group.title(),
                "",
                "",
                None,
            ]
            for p in hires
        ]
        for p in hires:  # not part of the simulated district's history
            p.active = False
        _xlsx(
            self.out / f"new_hires/New hires {schoolyear.label(year)}.xlsx",
            {"New hires": ([f"New teachers hired for {schoolyear.label(year)}: mentors to be assigned"], header, rows)},
        )


def generate(
    out: str | Path, seed: int = 2026, teachers: int = 400, years: int = 7, last_year: str = "2025-26"
) -> dict:
    """Write the sample district's exports under ``out``; returns counts of what was written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if teachers < 20:
        raise ValueError("--teachers must be at least 20")
    if years < 1:
        raise ValueError("--years must be at least 1")
    district = District(seed, teachers, years, schoolyear.start_year(last_year))
    district.simulate()
    Writer(district, out).all()
    files = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return {
        "files": len(files),
        "people": len(district.people),
        "pairings": len(district.pairings),
        "years": f"{schoolyear.label(district.first_year)} to {last_year}",
    }
