"""The dashboards as their readers get them: named by audience, linked from the index, no code,
self-contained, names only where the audience knows them, a formatted DESE workbook, and every
page opened in a real headless browser (Debian's Chromium)."""

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from induction_analysis.report import page_names, present

pytestmark = pytest.mark.slow

SCHOOLS = [
    "Lakeview High",
    "Maple Street Elementary",
    "Oak Hill Elementary",
    "Pine Ridge Middle",
    "Riverside Elementary",
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _pages(report_dir):
    return sorted(p.name for p in report_dir[0].glob("*.html"))


def test_every_audience_has_its_pages_and_the_index_links_them(report_dir):
    pages = _pages(report_dir)
    expected = {
        "data-quality.html",
        "lead-mentors-district.html",
        "lead-mentors-themes.html",
        "administration-summary.html",
        "dese-annual-report.html",
        *(f"lead-mentors-{page_names.slug(s)}.html" for s in SCHOOLS),
    }
    assert expected <= set(pages)
    index = (report_dir[0] / "index.html").read_text(encoding="utf-8")
    for page in expected:
        assert f'href="{page}"' in index
    for page in expected:  # executed notebooks are kept for audit
        assert (report_dir[0] / "notebooks" / page.replace(".html", ".ipynb")).is_file()
    # progress through the notebooks, in parallel
    assert re.search(r"Rendering 10 pages, \d at a time", report_dir[1].stdout)
    assert "[10/10]" in report_dir[1].stdout and "KeyboardInterrupt" not in report_dir[1].stdout + report_dir[1].stderr


def test_pages_show_no_code_and_load_nothing_from_the_network(report_dir):
    for page in _pages(report_dir):
        text = (report_dir[0] / page).read_text(encoding="utf-8")
        assert (
            "display(HTML(" not in text
            and "from induction_analysis import" not in text
            and 'class="highlight' not in text
        ), page
        assert not re.search(r'(src|href)="https?://', text), page
        assert "Traceback" not in text, page
        for img in re.findall(r"<img [^>]*>", text):
            assert 'src="data:image/png;base64,' in img and re.search(r'alt="[^"]{20,}"', img), (page, img[:80])


def test_names_only_on_lead_mentor_pages(report_dir, sample_dir):
    roster = pd.concat(pd.read_excel(p, header=2, engine="calamine") for p in (sample_dir / "pairings").glob("*.xlsx"))
    names = set(roster["New Teacher"].dropna()) | set(roster["Mentor"].dropna())
    lead = (report_dir[0] / "lead-mentors-district.html").read_text(encoding="utf-8")
    assert sum(n in lead for n in names) > 20  # lead mentors see their pairs
    for page in ("administration-summary.html", "dese-annual-report.html"):
        text = (report_dir[0] / page).read_text(encoding="utf-8")
        assert not [n for n in names if n in text], page
        assert "What would improve" not in text and "More time to observe" not in text  # no comments verbatim


def test_school_pages_show_only_their_school(report_dir):
    page = (report_dir[0] / "lead-mentors-riverside-elementary.html").read_text(encoding="utf-8")
    assert "Lead mentors: Riverside Elementary" in page
    hours = pd.read_csv(report_dir[0] / "tables" / "mentoring_hours.csv")
    n = int(((hours["school_year"] == "2025-26") & (hours["school"] == "Riverside Elementary")).sum())
    assert f"{n} new teachers in the roster" in page


def test_dese_workbook_is_formatted_one_sheet_per_section(report_dir):
    path = report_dir[0] / "dese-annual-report-2025-26.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames[0].startswith("1 Beginning teachers served") and wb.sheetnames[-2:] == [
        "List of beginning teachers",
        "List of mentors",
    ]
    assert len(wb.sheetnames) == 9
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[3]] == ["item", "value", "unit", "n", "definition"] and ws["A3"].font.bold
    assert ws.freeze_panes == "A4" and ws.column_dimensions["A"].width == 58
    figures = pd.read_csv(report_dir[0] / "tables" / "dese_annual_report.csv")
    served = figures.loc[figures["item"] == "Teachers in their induction year", "value"].iloc[0]
    assert ws["A4"].value == "Teachers in their induction year" and ws["B4"].value == served
    pct_sheet = wb[[s for s in wb.sheetnames if s.startswith("7 ")][0]]
    assert pct_sheet["C4"].value == "%" and pct_sheet["B4"].number_format == "0.0"


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: `make test` installs it (make browser)")
def test_every_page_renders_in_a_real_browser(report_dir, tmp_path):
    school_pages = {f"lead-mentors-{page_names.slug(s)}.html" for s in SCHOOLS}
    for page in _pages(report_dir):
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
                (report_dir[0] / page).as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        dom = done.stdout
        assert done.returncode == 0 and "<body" in dom, (page, done.stderr[-500:])
        title = re.search(r"<h1[^>]*>(.*?)</h1>", dom, flags=re.S)
        assert title and len(re.sub(r"<[^>]+>", "", title.group(1)).strip()) > 10, page
        if (
            page in school_pages
        ):  # a school's pairs: its shaded tables (coverage, meetings month by month, the 50 hours)
            assert dom.count('class="shaded-grid"') == 3 and not re.search(
                r"<img(?![^>]*src=\"data:image/png;base64,)", dom
            ), page
        elif page.startswith(("lead-mentors", "administration")):
            assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', dom)) >= 3, (
                page
            )  # the theme's CSS has one too


def test_the_district_page_says_which_pairs_only_the_logs_know(report_dir):
    """Coverage counts the pairs the logs name with a new teacher the roster does not list; the header counts the
    roster's: the page says how the two counts meet."""
    tables = report_dir[0] / "tables"
    pairs = pd.read_csv(tables / "standards_coverage_pairs.csv").query("school_year == '2025-26' and has_mentor")
    roster = pd.read_csv(tables / "mentoring_hours.csv").query("school_year == '2025-26' and has_mentor")
    logs_only = int((~pairs["mentee_key"].isin(roster["mentee_key"])).sum())
    assert logs_only >= 1  # the sample's logs name a new teacher misspelled
    page = (report_dir[0] / "lead-mentors-district.html").read_text(encoding="utf-8")
    assert len(pairs) == len(roster) + logs_only and f"{len(roster)} with a mentor" in page
    assert f"(n = {len(pairs)} pairs, of which {logs_only} known only from the logs" in page
    assert "known only from the logs" not in (report_dir[0] / "lead-mentors-riverside-elementary.html").read_text(
        encoding="utf-8"
    )


def test_lead_mentor_sections_can_hide_names(report_dir, sample_dir):
    roster = pd.concat(pd.read_excel(p, header=2, engine="calamine") for p in (sample_dir / "pairings").glob("*.xlsx"))
    names = set(roster["New Teacher"].dropna()) | set(roster["Mentor"].dropna())
    year = report_dir[0]
    view = present.LeadMentorView(
        str(year / "tables"), str(year / "processed"), "2025-26", None, show_names=False, audience="lead mentors"
    )
    html = (
        view.coverage_section()
        + view.time_section()
        + view.fifty_hours_section()
        + view.sessions_section()
        + view.mentor_pool_section()
    )
    assert not [n for n in names if n in html]
    assert len(set(re.findall(r"\bp-[0-9a-f]{12}\b", html))) > 20  # pseudonymous ids instead


def test_config_can_keep_names_off_the_lead_mentor_pages(report_dir, sample_dir, tmp_path):
    """[privacy] lead_mentor_names = false: the page is rendered with pseudonymous ids only."""
    from induction_analysis.report import report

    roster = pd.concat(pd.read_excel(p, header=2, engine="calamine") for p in (sample_dir / "pairings").glob("*.xlsx"))
    names = set(roster["New Teacher"].dropna()) | set(roster["Mentor"].dropna())
    year = report_dir[0]
    params = {
        "school_year": "2025-26",
        "tables_dir": str(year / "tables"),
        "processed_dir": str(year / "processed"),
        "output_dir": str(tmp_path),
        "show_names": False,
    }
    page = report.render(report.DASHBOARDS[1], params, tmp_path)
    html = page.read_text()
    assert page.name == "lead-mentors-district.html" and not [n for n in names if n in html]
    assert len(set(re.findall(r"\bp-[0-9a-f]{12}\b", html))) > 20
    assert "lead_mentor_names" in (Path(report.__file__).parents[1] / "defaults.toml").read_text()


def test_lead_mentor_page_shows_next_years_mentor_pool(report_dir):
    html = (report_dir[0] / "lead-mentors-district.html").read_text()
    pool = html[html.index("Mentor pool for next year") :]
    assert re.search(
        r"\d+ mentors are available next year \(applied this spring, not refused, not leaving\), \d+ places", pool
    )
    assert "short in Latin" in pool  # the chart's title, in its alt text's neighbourhood
    assert "due for training before school starts" in pool


def test_pages_share_a_process_shell_but_not_their_variables(tmp_path):
    """The rendering engine runs every page of a process in one IPython shell (made once, imports loaded once),
    clears the namespace before each page, and gives each cell the outputs a kernel would: printed text, what
    it displays, its last line's value; a page whose cell fails fails as papermill's own engine makes it fail."""
    import matplotlib
    import nbformat
    import papermill

    from induction_analysis.report import notebook_engine

    def notebook(path, *sources):
        nb = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
        )
        nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
        nb.cells[0].metadata["tags"] = ["parameters"]
        nbformat.write(nb, path)
        return str(path)

    first = notebook(
        tmp_path / "first.ipynb",
        "x = 0",
        "import os\nleaked = 'from the first page'\n_hidden = leaked\nprint(os.getpid())\nprint('x is', x)",
        "leaked",
        "from IPython.display import HTML, display\ndisplay(HTML('<b>shown</b>'))\nimport sys\nprint('to stderr', "
        "file=sys.stderr)",
        "import matplotlib\nmatplotlib.rcParams['axes.titlelocation'] = 'right'",
    )
    second = notebook(
        tmp_path / "second.ipynb",
        "x = 0",
        "import os\nprint(os.getpid(), 'leaked' in globals() or '_hidden' in globals() or 'from the first page' in "
        "str(Out))",
    )
    engine = notebook_engine.register_engine()
    style = matplotlib.rcParams["axes.titlelocation"]
    runs = [
        papermill.execute_notebook(
            path,
            str(tmp_path / "out.ipynb"),
            kernel_name="python3",
            engine_name=engine,
            progress_bar=False,
            parameters={"x": 1},
        )
        for path in (first, second)
    ]
    printed = [run.cells[2].outputs for run in runs]  # after the injected parameters
    assert [out["output_type"] for out in printed[0]] == ["stream"]  # both lines in one output, as a kernel sends them
    pid, *said = printed[0][0]["text"].split()
    assert said == ["x", "is", "1"]  # the parameter papermill injected
    assert printed[1][0]["text"].split() == [pid, "False"]  # the same process, and nothing leaked from the first page
    assert runs[0].cells[3].outputs[0]["output_type"] == "execute_result"
    assert runs[0].cells[3].outputs[0]["data"]["text/plain"] == "'from the first page'"
    shown = runs[0].cells[4].outputs
    assert [(o["output_type"], o.get("name")) for o in shown] == [("display_data", None), ("stream", "stderr")]
    assert shown[0]["data"]["text/html"] == "<b>shown</b>" and shown[1]["text"] == "to stderr\n"
    assert matplotlib.rcParams["axes.titlelocation"] == style  # a page's chart style goes with it

    failing = notebook(tmp_path / "failing.ipynb", "x = 0", "1 / x", "print('after the error')")
    with pytest.raises(papermill.PapermillExecutionError) as failed:
        papermill.execute_notebook(
            failing,
            str(tmp_path / "out.ipynb"),
            kernel_name="python3",
            engine_name=engine,
            progress_bar=False,
            parameters={"x": 0},
        )
    assert failed.value.ename == "ZeroDivisionError" and failed.value.evalue == "division by zero"
    code = [cell for cell in nbformat.read(tmp_path / "out.ipynb", as_version=4).cells if cell.cell_type == "code"]
    assert code[2].outputs[0]["output_type"] == "error" and code[3].outputs == []  # stopped at the error


def test_pages_are_exported_as_nbconvert_exports_them():
    """The exporter leaves out nbconvert's BeautifulSoup pass (a fifth of a school page's rendering) and does its
    work itself: read back by BeautifulSoup, a page is what nbconvert's own HTML exporter writes, with every
    input and output focusable and an alt text on every image, even in a page whose text mimics the markup."""
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from induction_analysis.report import notebook_engine

    nb = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python"}})
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    nb.cells = [
        nbformat.v4.new_markdown_cell("## A heading\n\nSome *text*."),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    {
                        "text/html": '<p>&lt;div class="jp-OutputArea-output"&gt; <b>bold</b></p>'
                        '<img src="data:image/png;base64,' + pixel + '" alt="a chart">'
                    },
                ),
                nbformat.v4.new_output("display_data", {"text/markdown": "**shown**"}),
                nbformat.v4.new_output("display_data", {"image/png": pixel, "text/plain": "<Figure>"}),
                nbformat.v4.new_output("stream", name="stdout", text="printed\n"),
            ],
        ),
    ]
    options = dict(
        template_name="page",
        extra_template_basedirs=[str(Path(notebook_engine.__file__).parent / "templates" / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    theirs, _ = HTMLExporter(**options).from_notebook_node(nb, resources={"metadata": {"name": "A page"}})
    ours, _ = notebook_engine.exporter().from_notebook_node(nb, resources={"metadata": {"name": "A page"}})
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert ours.count('tabindex="0"') == theirs.count('tabindex="0"') == 5  # the markdown cell and four outputs
    assert ours.count("No description has been provided for this image") == 1 and 'alt="a chart"' in ours


def test_the_data_quality_page_is_fingerprinted_by_the_files_it_reads():
    """It renders while the analyses run, from what ingest wrote: the files it reads are those."""
    from induction_analysis.ingest import quality
    from induction_analysis.report import report

    assert report.QUALITY_FILES == (*(f"{name}.csv" for name in quality.TABLES), quality.SUGGESTIONS_FILE)
    assert [page.page for page in report.DASHBOARDS if page.reads == report.QUALITY_FILES] == ["data-quality.html"]


def test_the_themes_page_reads_only_the_standalone_tables(report_dir, monkeypatch):
    """It renders as soon as the tables computed beside the lead mentors' are written, and is fingerprinted by
    the files it reads: it must read no other report table, canonical table or file."""
    from induction_analysis import privacy
    from induction_analysis.ingest import ingest
    from induction_analysis.metrics import analyses
    from induction_analysis.report import report

    themes_reads = present.THEMES_TABLES + present.THEMES_CANONICAL
    assert [page.page for page in report.DASHBOARDS if page.reads == themes_reads] == ["lead-mentors-themes.html"]
    assert set(present.THEMES_TABLES) <= set(analyses.parts(present.LEAD_MENTOR_TABLES).apart)
    read, canonical, people = [], [], []
    original_read, original_load, original_people = analyses.read, ingest.load_tables, privacy.read_people
    monkeypatch.setattr(analyses, "read", lambda folder, name: read.append(name) or original_read(folder, name))
    monkeypatch.setattr(
        ingest,
        "load_tables",
        lambda folder, names=None: canonical.extend(names or ["every table"]) or original_load(folder, names),
    )
    monkeypatch.setattr(privacy, "read_people", lambda folder: people.append(folder) or original_people(folder))
    present.ThemesView(str(report_dir[0] / "tables"), str(report_dir[0] / "processed"), "2025-26")
    assert sorted(read) == sorted(present.THEMES_TABLES)
    assert sorted(canonical) == sorted(present.THEMES_CANONICAL)
    assert people == [str(report_dir[0] / "processed")]


def test_a_rerun_reads_and_renders_again_only_what_one_fixed_file_changes(report_dir, sample_dir, tmp_path):
    """One contact's minutes corrected in one mentor's log: that file is read again; the district-wide
    pages and that school's page are rendered again; every other school's page, the data-quality page and the
    themes page (their tables do not change) are kept as they were."""
    from conftest import run_cli
    from test_cache import add_minutes

    out, raw = tmp_path / "reports", tmp_path / "raw"
    shutil.copytree(sample_dir, raw)
    for _ in range(2):
        again = run_cli("run", "--raw", str(raw), "--year", "2025-26", "--out", str(out))
        assert again.returncode == 0, again.stderr
    assert "(read again: 0)" in again.stdout and "0 page(s) rendered, 10 kept" in again.stdout
    kept = {
        p: (out / "2025-26" / p).stat().st_mtime_ns for p in _pages(report_dir) if p != "index.html"
    }  # the index: every run

    log = sorted(raw.glob("logs/2025-26/*.xlsx"))[0]
    add_minutes(log)
    fixed = run_cli("run", "--raw", str(raw), "--year", "2025-26", "--out", str(out))
    assert fixed.returncode == 0, fixed.stderr
    assert "(read again: 1)" in fixed.stdout
    rendered = set(re.findall(r"\] (\S+\.html) \([\d.]+ s\)", fixed.stdout))
    schools = {
        p
        for p in rendered
        if p.removeprefix("lead-mentors-").removesuffix(".html") in {page_names.slug(s) for s in SCHOOLS}
    }
    assert rendered - schools == {
        "lead-mentors-district.html",
        "administration-summary.html",
        "dese-annual-report.html",
    }
    assert len(schools) == 1
    for page, mtime in kept.items():
        changed = (out / "2025-26" / page).stat().st_mtime_ns != mtime
        assert changed == (page in rendered), page
    school_page = (out / "2025-26" / schools.pop()).read_text(encoding="utf-8")
    assert 'href="lead-mentors-district.html"' in school_page  # group sessions: the district's page, not a copy

    # a page cut short (a copy stopped halfway, a disk that filled up) is not kept, though its inputs are unchanged
    cut = out / "2025-26" / "data-quality.html"
    cut.write_bytes(cut.read_bytes()[:1000])
    again = run_cli("run", "--raw", str(raw), "--year", "2025-26", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert (
        "data-quality.html is not the page the last run wrote (changed or cut short): it is rendered again."
        in again.stdout
    )
    assert set(re.findall(r"\] (\S+\.html) \([\d.]+ s\)", again.stdout)) == {"data-quality.html"}
    assert "1 page(s) rendered, 9 kept" in again.stdout and cut.stat().st_size > 100_000


def test_the_rendering_shell_makes_the_pages_a_kernel_makes(report_dir, tmp_path):
    """A page run in a rendering process's IPython shell (the engine a run uses) is byte for byte the page that
    papermill's own engine, a Jupyter kernel, makes of the same notebook (cell ids aside, which papermill draws
    anew on each run): a school's lead-mentor page (shaded tables) and the data-quality page (a figure shown)."""
    import papermill

    from induction_analysis.report import notebook_engine, report

    year = report_dir[0]
    params = {
        "school_year": "2025-26",
        "tables_dir": str(year / "tables"),
        "processed_dir": str(year / "processed"),
        "output_dir": str(tmp_path),
        "show_names": True,
    }
    school = next(pg for pg in report.dashboards(["Pine Ridge Middle"]) if pg.params)
    for page in (school, report.DASHBOARDS[0]):
        ours = report.render(page, params, tmp_path).read_text(encoding="utf-8")
        source = report.notebooks_dir() / page.notebook
        declared = report._declared(source)
        # the notebook's own kernel (induction-analysis, which make installs into .venv), as papermill's command line
        # runs it
        kernel = papermill.execute_notebook(
            str(source),
            str(tmp_path / "kernel.ipynb"),
            progress_bar=False,
            parameters=report.page_parameters(page, params, declared),
            cwd=str(report.notebooks_dir()),
        )
        theirs, _ = notebook_engine.exporter().from_notebook_node(kernel, resources={"metadata": {"name": page.title}})
        assert ("<img" in ours) == (page is report.DASHBOARDS[0])
        assert re.sub(r"cell-id=[0-9a-f-]+", "", ours) == re.sub(r"cell-id=[0-9a-f-]+", "", theirs), page.page


def test_the_themes_page_is_rendered_again_when_a_district_codebook_changes(report_dir, tmp_path):
    """Its tables may count the same while its quotes change: the codebook file itself is in its fingerprint."""
    from induction_analysis.report import report

    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(
        (Path(report.__file__).parents[1] / "codebooks" / "default.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    year = report_dir[0]
    params = {
        "school_year": "2025-26",
        "tables_dir": str(year / "tables"),
        "processed_dir": str(year / "processed"),
        "output_dir": str(year),
        "codebook": str(codebook),
    }
    themes_page = [page for page in report.DASHBOARDS if page.page == "lead-mentors-themes.html"]
    before = report.fingerprints(themes_page, params)
    assert report.fingerprints(themes_page, params) == before
    codebook.write_text(codebook.read_text(encoding="utf-8") + "\n# a district's note\n", encoding="utf-8")
    assert report.fingerprints(themes_page, params) != before


def test_a_page_of_every_table_is_not_rendered_again_for_the_run_lock(report_dir, tmp_path):
    """The administration and DESE pages read every table: their fingerprint covers the canonical tables and the
    people lookup, not the run's own files in the processed folder (its lock and the holder's note, new each run;
    the record of what was made). Before, a processed folder given apart (--processed, as `make report` does)
    made both pages render again on every rerun. A changed canonical table still changes it."""
    from induction_analysis import folder_lock, made
    from induction_analysis.report import report

    year = tmp_path / "2025-26"
    shutil.copytree(report_dir[0], year)
    processed = year / "processed"
    params = {
        "school_year": "2025-26",
        "tables_dir": str(year / "tables"),
        "processed_dir": str(processed),
        "output_dir": str(year),
    }
    pages = [page for page in report.DASHBOARDS if page.reads is None]
    assert sorted(page.page for page in pages) == ["administration-summary.html", "dese-annual-report.html"]
    before = report.fingerprints(pages, params)
    (processed / folder_lock.LOCK_FILE).write_text("")
    (processed / folder_lock.HOLDER_FILE).write_text('{"pid": 12345, "since": "2026-06-20T09:00:00"}')
    made.replace(processed / "protected", made.REPORTS, {"elsewhere": {}})
    assert report.fingerprints(pages, params) == before
    roster = processed / "roster.parquet"
    roster.write_bytes(roster.read_bytes() + b"\0")
    after = report.fingerprints(pages, params)
    assert all(after[page] != before[page] for page in before)
