import pandas as pd
import pytest

from induction_analysis import frameworks
from induction_analysis.config import load_config
from induction_analysis.errors import UserError
from induction_analysis.ingest import readers, recognize


def test_ma_2012_framework_is_data():
    fw = frameworks.load("MA-2012")
    assert fw.standards == ["I", "II", "III", "IV"]
    assert fw.indicators == [
        "I-A",
        "I-B",
        "I-C",
        "II-A",
        "II-B",
        "II-C",
        "II-D",
        "III-A",
        "III-B",
        "III-C",
        "IV-A",
        "IV-B",
        "IV-C",
        "IV-D",
        "IV-E",
        "IV-F",
    ]
    assert len(fw.table) == 33
    assert fw.standard_name("III") == "Family and Community Engagement"


@pytest.mark.parametrize(
    "code,expected",
    [
        ("I-A", ("I", "I-A")),
        ("IA", ("I", "I-A")),
        ("1a", ("I", "I-A")),
        ("Std II.B", ("II", "II-B")),
        ("II-B-1", ("II", "II-B")),
        ("III", ("III", None)),
        ("Standard 4", ("IV", None)),
        ("IVF", ("IV", "IV-F")),
        ("V-A", (None, None)),
        ("IV-G", (None, None)),
        ("hello", (None, None)),
    ],
)
def test_codes_as_people_type_them(code, expected):
    assert frameworks.load("MA-2012").parse_code(code) == expected


def test_split_codes():
    assert frameworks.split_codes("I-A, II-B; IV-C and III-A\nII-D") == ["I-A", "II-B", "IV-C", "III-A", "II-D"]


def test_a_districts_own_framework_replaces_the_shipped_one(tmp_path):
    path = tmp_path / "danielson.csv"
    pd.DataFrame(
        {
            "framework": ["Danielson"] * 2,
            "standard": ["I", "II"],
            "standard_name": ["Planning", "Environment"],
            "indicator": ["I-A", "II-A"],
            "indicator_name": ["Knowledge", "Respect"],
            "element": ["I-A-1", "II-A-1"],
            "element_name": ["x", "y"],
        }
    ).to_csv(path, index=False)
    fw = frameworks.load(str(path))
    assert fw.name == "Danielson" and fw.indicators == ["I-A", "II-A"]
    assert fw.parse_code("I-B") == (None, None)
    with pytest.raises(UserError, match="not found"):
        frameworks.load("No-Such-Rubric")


CASES = {
    "roster": (["Staff ID", "New Teacher", "School", "Mentor", "Mentor ID", "Date Mentor Assigned"], "pairings.xlsx"),
    "collaborative_log": (
        ["Date", "Mentor", "Mentee", "Minutes", "Activity", "Standards Addressed", "Notes"],
        "log.xlsx",
    ),
    "exit_ticket": (["Timestamp", "Email Address", "Session", "Facilitator", "Q1"], "responses.csv"),
    "self_assessment": (
        ["ID", "Start time", "Completion time", "Email", "Name", "I am a", "Administration", "Rate yourself"],
        "Form1.xlsx",
    ),
    "stakeholder_survey": (["Timestamp", "What is your role?", "The program helped me"], "Form responses.csv"),
    "evaluation": (["Educator ID", "School Year", "Standard I", "Summative Rating"], "export.csv"),
    "hr_employment": (["Employee ID", "Fiscal Year", "Building", "Job Title"], "export.csv"),
    "costs": (["Fiscal Year", "Category", "Description", "Amount"], "fy26.xlsx"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_kind_is_recognized_from_its_headers(kind):
    headers, name = CASES[kind]
    found = recognize.recognize(headers, name, load_config())
    assert found.kind == kind


def test_headers_in_any_order_case_and_spacing():
    found = recognize.recognize(["  MINUTES ", "mentee name", "Notes", "DATE OF CONTACT"], "x.csv", load_config())
    assert found.kind == "collaborative_log"
    assert found.columns == {"date": 3, "mentee": 1, "minutes": 0, "notes": 2}


def test_survey_named_for_its_kind_needs_only_a_timestamp():
    found = recognize.recognize(["Timestamp", "How useful was today?"], "Exit Ticket October.csv", load_config())
    assert found.kind == "exit_ticket"


def test_unrecognized_file_gets_a_hint_with_the_config_lines():
    found = recognize.recognize(["When", "Who", "How long"], "mystery.xlsx", load_config())
    assert found.kind is None
    assert 'add to your config: [files] "mystery.xlsx" =' in found.hint


def test_config_forces_a_kind_and_adds_synonyms(tmp_path):
    cfg = tmp_path / "district.toml"
    cfg.write_text(
        '[files]\n"mystery*" = "collaborative_log"\n[columns.collaborative_log]\ndate = ["When"]\nmentee = '
        '["Who"]\nminutes = ["How long"]\n'
    )
    config = load_config(cfg)
    found = recognize.recognize(["When", "Who", "How long"], "mystery.xlsx", config)
    assert found.kind == "collaborative_log" and found.forced
    assert found.columns == {"date": 0, "mentee": 1, "minutes": 2}
    assert "date of contact" in config.synonyms("collaborative_log")["date"]  # defaults kept


def test_bad_config_is_refused_in_words(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[ratez]\nx = 1\n")
    with pytest.raises(UserError, match="unknown section"):
        load_config(cfg)
    cfg.write_text('[files]\n"a" = "payroll"\n')
    with pytest.raises(UserError, match="unknown kind"):
        load_config(cfg)
    with pytest.raises(UserError, match="not found"):
        load_config(tmp_path / "missing.toml")


def test_header_row_found_below_title_rows():
    grid = pd.DataFrame(
        [
            [None, None, None],
            ["Collaborative Log 2025-26", None, None],
            [None, None, None],
            ["Date", "Mentee", "Minutes"],
            ["9/3/2025", "Ann", 30],
            [None, None, None],
            ["9/5/2025", "Bob", 45],
            ["Total", None, 75],
        ],
        dtype=object,
    )
    header = readers.find_header_row(grid, recognize.known_headers(load_config()))
    assert header == 3
    frame, headers, totals = readers.table_from_grid(grid, header)
    assert headers == ["Date", "Mentee", "Minutes"]
    assert frame["_row"].tolist() == [5, 7]  # spreadsheet rows; blank row 6 skipped, total row 8 dropped
    assert totals == 1
