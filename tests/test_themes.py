"""Themes in reflection journals and open comments: hand-coded entries with known themes (exact counts),
the codebook as an editable file, name redaction, escaping, private entries, emergent themes, and the
sample district's planted themes and seasonal rise."""

import json
import re

import pandas as pd
import pytest
from helpers import write_csv

from induction_analysis.config import load_config
from induction_analysis.errors import UserError
from induction_analysis.ingest import ingest, schemas
from induction_analysis.metrics import analyses, themes
from induction_analysis.report import present
from induction_analysis.tools import sample

CODEBOOK = themes.load_codebook()

# Each entry with the themes a person reading it would give it.
HAND_CODED = [
    ("Students keep calling out and the transitions are chaotic.", {"classroom_management"}),
    ("No time to plan; I stay late every night and I'm exhausted.", {"time_workload"}),
    ("Parent conferences next week, and two IEPs to update.", {"family_communication", "differentiation_sped"}),
    ("My formal observation went fine; my evaluator wants more evidence.", {"evaluation"}),
    ("We still have no textbooks.", {"materials_resources"}),
    ("Met with my mentor about the unit plan and the pacing guide.", {"mentoring_relationship", "planning_curriculum"}),
    ("The fire drill ran long and the field trip was cancelled.", set()),  # no theme
    ("It was apparent the behaviour plan works.", {"classroom_management"}),  # "apparent" is not "parent"; behaviour
    ("Grading exit tickets every day: it's a lot of paperwork.", {"assessment_data", "time_workload"}),
    ("I feel isolated in my department.", {"collegial_support"}),
]


def _entries(rows, source="reflection_journal", year="2025-26", months=None, private=None):
    n = len(rows)
    return pd.DataFrame(
        {
            "entry_id": [f"e{i}" for i in range(n)],
            "source": source,
            "school_year": year,
            "date": pd.to_datetime(months or ["2025-10-15"] * n),
            "month": [m[:7] for m in (months or ["2025-10-15"] * n)],
            "author_id": "p-1",
            "role": "mentor",
            "text": rows,
            "private": private or [False] * n,
        }
    )


def test_hand_coded_entries_get_exactly_their_themes():
    e = _entries([t for t, _ in HAND_CODED])
    coded = themes.code(e, CODEBOOK)
    got = coded.groupby("entry_id")["theme"].agg(set).to_dict()
    for i, (text, expected) in enumerate(HAND_CODED):
        assert got[f"e{i}"] == (expected or {themes.NO_THEME}), text
    assert len(coded) == sum(max(1, len(t)) for _, t in HAND_CODED) == 13


def test_phrases_match_whole_words_any_case_and_wildcards():
    pattern = themes.compile_phrases(["behavio*", "call* home", "grade-level team", "504"])
    assert [
        bool(pattern.search(t))
        for t in [
            "BEHAVIOUR",
            "behaviors",
            "misbehavior",
            "I called home",
            "call   home",
            "our grade level team",
            "grade-level  team",
            "a 504 plan",
            "5040",
            "calling homework",
        ]
    ] == [True, True, False, True, True, True, True, True, False, False]


def test_comment_themes_counts_shares_per_source_month_and_year():
    j = _entries(
        [HAND_CODED[0][0], HAND_CODED[2][0], HAND_CODED[6][0]], months=["2025-09-10", "2025-10-02", "2025-10-20"]
    )
    c = _entries(
        ["Call home more often", "Call families earlier"], source="exit_ticket", months=["2025-10-01", "2025-10-08"]
    )
    c["entry_id"] = ["c0", "c1"]
    e = pd.concat([j, c], ignore_index=True)
    table = themes.comment_themes(e, themes.code(e, CODEBOOK), CODEBOOK)
    assert list(table.columns) == themes.COMMENT_THEME_COLUMNS
    assert table["entries_with_theme"].dtype == "int64"

    def row(source, month, theme):
        r = table[(table["source"] == source) & (table["month"] == month) & (table["theme"] == theme)].iloc[0]
        return int(r.entries_with_theme), int(r.entries), float(r.share_pct)

    assert row("reflection_journal", "2025-10", "family_communication") == (1, 2, 50.0)
    assert row("reflection_journal", "2025-10", themes.NO_THEME) == (1, 2, 50.0)
    assert row("reflection_journal", "2025-09", "classroom_management") == (1, 1, 100.0)
    assert row("exit_ticket", "all", "family_communication") == (2, 2, 100.0)
    assert row("all", "2025-10", "family_communication") == (3, 4, 75.0)
    assert row("all", "all", "differentiation_sped") == (1, 5, 20.0)
    # months in school-year order, then the whole year; zero rows kept so trends have their zeros
    months = table[(table["source"] == "all")]["month"].drop_duplicates().tolist()
    assert months == ["2025-09", "2025-10", "all"]
    assert row("all", "2025-09", "evaluation") == (0, 1, 0.0)
    # no text reaches the table
    assert not table.astype(str).apply(lambda col: col.str.contains("conferences|Call home")).any().any()


def test_codebook_is_an_editable_yaml_file(tmp_path):
    (tmp_path / "my-codebook.yaml").write_text(
        "themes:\n  - id: recess\n    label: Recess and lunch duty\n    phrases: [recess, lunch duty]\n"
        "  - id: classroom_management\n    label: Behavior\n    phrases: ['behavio*']\n"
    )
    (tmp_path / "district.toml").write_text('[themes]\ncodebook = "my-codebook.yaml"\n')
    config = load_config(tmp_path / "district.toml")
    book = themes.load_codebook(config.codebook_path())
    assert [t.id for t in book.themes] == ["recess", "classroom_management"] and book.labels[
        "classroom_management"
    ] == "Behavior"
    coded = themes.code(_entries(["Indoor recess again", "Behavior at lunch duty"]), book)
    assert coded.values.tolist() == [["e0", "recess", 1], ["e1", "recess", 1], ["e1", "classroom_management", 1]]
    for bad, message in [
        ("themes: []", "expected a list"),
        ("themes:\n  - id: x y\n    phrases: [a]", "must be letters"),
        ("themes: [", "not valid YAML"),
        ("themes:\n  - id: a\n", "needs an id and a list of phrases"),
    ]:
        (tmp_path / "bad.yaml").write_text(bad)
        with pytest.raises(UserError, match=message):
            themes.load_codebook(str(tmp_path / "bad.yaml"))
    (tmp_path / "outside.toml").write_text('[themes]\ncodebook = "../elsewhere.yaml"\n')
    with pytest.raises(UserError, match="outside the project folder"):
        load_config(tmp_path / "outside.toml")


def test_names_are_replaced_by_roles():
    names = {"Ann Lee": "[new teacher]", "Mary Major": "[mentor]", "José Núñez": "[colleague]"}
    assert (
        themes.redact("Met with Ann Lee and Lee, Ann's mentor Mary Major.", names)
        == "Met with [new teacher] and [new teacher] mentor [mentor]."
    )
    assert (
        themes.redact("Ann asked Mary; José Núñez helped. Annual plan, anne, majority.", names)
        == "[new teacher] asked [mentor]; [colleague] helped. Annual plan, anne, majority."
    )
    # built once, used for many texts (the quotes of a page); what is not text is left as it is
    redact = themes.redactor(names)
    assert [redact(t) for t in ["Lee, Ann met Mary Major's class.", "No names here.", "MARY MAJOR"]] == [
        "[new teacher] met [mentor] class.",
        "No names here.",
        "[mentor]",
    ]
    assert redact(None) is None and themes.redactor({})("Ann Lee") == "Ann Lee"
    people = pd.DataFrame(
        {
            "person_id": ["p-1", "p-2"],
            "staff_id": ["E1", "E2"],
            "name": ["Ann Lee", "Mary Major"],
            "roles": ["mentee", "author, mentor"],
        }
    )
    assert themes.role_names(people) == {"Ann Lee": "[new teacher]", "Mary Major": "[mentor]"}


def test_quotes_are_redacted_escaped_and_never_private(tmp_path):
    rows = [
        "Ann Lee keeps <script>alert(1)</script> calling out; behavior is hard.",
        "Private: Ann Lee's behavior and the routines are not working at all this month.",
        "Transitions after lunch are rough and several students are off task all week.",
    ]
    e = _entries(rows, private=[False, True, False])
    coded = themes.code(e, CODEBOOK)
    q = themes.quotes(e, coded, CODEBOOK, {"Ann Lee": "[new teacher]"}, "2025-26", per_theme=5)
    assert sorted(q["quote"]) == sorted([rows[0].replace("Ann Lee", "[new teacher]"), rows[2]])
    assert not q["quote"].str.contains("Private").any()
    # the page escapes them
    view = present.ThemesView.__new__(present.ThemesView)
    view.quotes = q
    html = view.quotes_section()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html and "Ann Lee" not in html


def test_emergent_themes_find_what_the_codebook_misses():
    rows = (
        ["The substitute shortage means coverage duty again."] * 6
        + ["Indoor recess all week, indoor recess again."] * 5
        + ["Routines and behavior."] * 4
        + ["The fire drill ran long.", "Field trip forms are due.", "Picture day went fine."]
    )
    e = _entries(rows)
    e["entry_id"] = [f"e{i}" for i in range(len(rows))]
    out = themes.emergent(e, themes.code(e, CODEBOOK), CODEBOOK, "2025-26", set(), candidates=2)
    assert list(out.columns) == themes.EMERGENT_COLUMNS
    assert out["entries"].tolist() == [6, 5]
    assert "substitute shortage" in out.iloc[0]["terms"] and "indoor recess" in out.iloc[1]["terms"]
    assert not out["terms"].str.contains("behavior|routines").any()  # codebook words are not candidates
    # names and too few entries
    assert (
        "substitute"
        not in themes.emergent(e, themes.code(e, CODEBOOK), CODEBOOK, "2025-26", {"Substitute"}, 2)["terms"].str.cat()
    )
    assert themes.emergent(e.head(5), themes.code(e.head(5), CODEBOOK), CODEBOOK, "2025-26", set()).empty


def test_every_sample_sentence_carries_exactly_its_theme():
    sentences = [(s, {t}) for t, ss in sample.JOURNAL_SENTENCES.items() for s in ss]
    sentences += [(s, set()) for s in sample.JOURNAL_EMERGENT + sample.JOURNAL_NEUTRAL]
    sentences += [(s, set(t)) for s, t in sample.COMMENT_THEMES.items()]
    sentences += [("Met with Ann Lee after school.", set())]
    e = _entries([s for s, _ in sentences])
    got = themes.code(e, CODEBOOK).groupby("entry_id")["theme"].agg(set).to_dict()
    for i, (text, expected) in enumerate(sentences):
        assert got[f"e{i}"] == (expected or {themes.NO_THEME}), text


def test_journals_are_read_with_private_entries_and_authors_linked(tmp_path):
    write_csv(
        tmp_path / "roster.csv",
        [
            ["School Year", "Staff ID", "New Teacher", "Mentor", "Mentor ID"],
            ["2025-26", "E1", "Ann Lee", "Mary Major", "E9"],
        ],
    )
    write_csv(
        tmp_path / "Mentor Reflection Journal (Responses).csv",
        [
            [
                "Timestamp",
                "Your name",
                "Reflection: challenges, concerns and areas to improve",
                "Keep this entry private",
            ],
            ["10/3/2025 16:00:00", "Mary Major", "Routines are improving.", "No"],
            ["10/10/2025 16:00:00", "Mary Major", "Worried about Ann.", "Yes"],
            ["10/17/2025 16:00:00", "Mary Major", "", "No"],
            ["10/24/2025 16:00:00", "Mary Major", "Copier broken.", "maybe"],
        ],
    )
    result = ingest.ingest(tmp_path, load_config())
    j = result.tables["reflection_journal"]
    assert list(j.columns) == list(schemas.stored_schema("reflection_journal").columns)
    assert j["private"].tolist() == [False, True, True]  # an unreadable answer errs on the private side
    assert j["author_id"].nunique() == 1 and j["author_id"].iloc[0].startswith("p-")  # linked to the roster's mentor id
    assert [(r.row, r.reason) for r in result.issues.itertuples()] == [
        (4, "no entry text"),
        (5, "'maybe' is not yes or no; the entry is treated as private"),
    ]


@pytest.mark.slow
def test_sample_theme_counts_match_the_planted_ones_and_show_the_rise(report_dir, sample_dir):
    table = pd.read_csv(report_dir[0] / "tables" / "comment_themes.csv")
    planted = pd.DataFrame(json.loads((sample_dir / ".sample-themes.json").read_text()))
    got = table[(table["source"] != "all") & (table["month"] != "all") & (table["entries_with_theme"] > 0)]
    keys = ["source", "school_year", "month", "theme"]
    merged = got.merge(planted, on=keys, how="outer", suffixes=("", "_planted"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    assert (merged["entries_with_theme"] == merged["entries_with_theme_planted"]).all()
    assert (merged["entries"] == merged["entries_planted"]).all()
    assert len(merged) > 300
    # the planted seasonal rise: classroom management peaks in October and fades by May; evaluation rises in winter
    j = table[(table["source"] == "reflection_journal") & (table["school_year"] == "2025-26")].set_index(
        ["theme", "month"]
    )["share_pct"]
    cm = j["classroom_management"]
    assert cm["2025-10"] == cm.drop("all").max() and cm["2025-10"] >= 3 * cm["2026-05"]
    assert j["evaluation"]["2026-02"] >= 3 * j["evaluation"]["2025-10"]
    page = (report_dir[0] / "lead-mentors-themes.html").read_text(encoding="utf-8")
    alt = re.findall(r'alt="([^"]*)"', page)[0]
    assert "Classroom management and student behavior: Sep" in alt
    # the emergent candidates name what the codebook misses
    emergent = pd.read_csv(report_dir[0] / "tables" / "emergent_themes.csv")
    assert emergent["terms"].str.contains("substitute").any() and emergent["terms"].str.contains("recess").any()


@pytest.mark.slow
def test_journal_text_and_quotes_only_on_the_themes_page(report_dir, sample_dir):
    sentences = [s for ss in sample.JOURNAL_SENTENCES.values() for s in ss]
    for page in report_dir[0].glob("*.html"):
        text = page.read_text(encoding="utf-8")
        found = [s for s in sentences if s in text]
        if page.name == "lead-mentors-themes.html":
            assert found and "[new teacher]" in text
        else:
            assert not found, page.name
    roster = pd.concat(pd.read_excel(p, header=2, engine="calamine") for p in (sample_dir / "pairings").glob("*.xlsx"))
    names = set(roster["New Teacher"].dropna()) | set(roster["Mentor"].dropna())
    themes_page = (report_dir[0] / "lead-mentors-themes.html").read_text(encoding="utf-8")
    assert not [n for n in names if n in themes_page]
    admin = (report_dir[0] / "administration-summary.html").read_text(encoding="utf-8")
    assert "What mentors and new teachers raise" in admin and "Counts only" in admin
    # the table behind it has no text
    assert set(pd.read_csv(report_dir[0] / "tables" / "comment_themes.csv").columns) == set(
        analyses.OUTPUTS["comment_themes"][1]
    )
