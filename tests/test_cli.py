"""The CLI end to end on the sample district, as a data administrator runs it."""

import csv
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from openpyxl import load_workbook

from induction_analysis import cli, made, runner
from induction_analysis.ingest import schemas
from induction_analysis.metrics import analyses
from induction_analysis.report import reads

pytestmark = pytest.mark.slow


def test_sample_has_every_source_in_tool_layouts(sample_dir):
    files = sorted(
        p.relative_to(sample_dir).as_posix()
        for p in sample_dir.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    assert any(f.startswith("HR/") and f.endswith(".csv") for f in files)
    assert sum(f.startswith("pairings/") for f in files) == 7
    assert sum(f.startswith("logs/2025-26/") and f.endswith(".xlsx") for f in files) > 20  # a workbook per mentor
    assert sum(f.startswith("logs/collaborative_log_") for f in files) == 6
    assert any(f.startswith("exit_tickets/") for f in files) and any(f.startswith("self_assessment/") for f in files)
    assert any(f.startswith("surveys/") for f in files) and any(f.startswith("evaluations/") for f in files)
    assert sum(f.startswith("budget/") for f in files) == 7


def test_sample_is_deterministic_for_a_seed(sample_dir, tmp_path):
    assert cli.main(["sample", "--out", str(tmp_path)]) == 0
    for name in [
        "HR/staff_export_2019-2026.csv",
        "evaluations/educator_evaluation_ratings_export.csv",
        "logs/collaborative_log_2024-25.csv",
        ".sample-manifest.json",
    ]:
        assert (tmp_path / name).read_bytes() == (sample_dir / name).read_bytes()


def test_sample_scales_with_teachers_and_years(tmp_path):
    assert cli.main(["sample", "--out", str(tmp_path), "--teachers", "120", "--years", "3", "--seed", "7"]) == 0
    hr = pd.read_csv(next((tmp_path / "HR").glob("*.csv")), encoding="cp1252")
    assert sorted(hr["School Year"].unique()) == ["2023-2024", "2024-2025", "2025-2026"]
    teachers = hr[hr["Job Title"] == "Classroom Teacher"].groupby("School Year").size()
    assert teachers.between(110, 135).all()


def test_sample_new_teachers_are_a_realistic_share(sample_dir):
    for path in sorted((sample_dir / "pairings").glob("*.xlsx")):
        frame = pd.read_excel(path, engine="calamine", header=2)
        new = frame[frame["Group"].ne("") & frame["Years of Experience"].notna()]
        first_years = new[new["Start Date"].dt.year == int(path.stem[-7:-3])]
        assert 30 <= len(first_years) <= 50, (path.name, len(first_years))


def test_ingest_writes_one_parquet_per_source_and_reconciles(sample_dir, tmp_path):
    done = run_cli("ingest", "--raw", str(sample_dir), "--processed", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for table in schemas.SCHEMAS:
        frame = pd.read_parquet(tmp_path / f"{table}.parquet")
        assert len(frame) > 0, table
    dq = pd.read_csv(tmp_path / "data_quality.csv")
    assert (dq["rows_read"] == dq["rows_accepted"] + dq["rows_rejected"]).all()
    assert dq["kind"].notna().all()
    assert "rows usable" in done.stdout and "Traceback" not in done.stdout + done.stderr


def _cell(sample_dir: Path, file: str, row: int, column: str):
    """The raw value at a spreadsheet row and column header, read the way Excel shows it."""
    path = sample_dir / file
    if path.suffix == ".csv":
        encoding = "cp1252" if file.startswith("HR/") else "utf-8"
        rows = list(csv.reader(path.open(encoding=encoding, newline="")))
        return rows[row - 1][rows[0].index(column)]
    ws = load_workbook(path, read_only=True).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if column in r)
    return rows[row - 1][header.index(column)]


def test_planted_mistakes_are_reported_at_the_rows_the_spreadsheet_shows(sample_dir, tmp_path):
    assert cli.main(["ingest", "--raw", str(sample_dir), "--processed", str(tmp_path)]) == 0
    manifest = json.loads((sample_dir / ".sample-manifest.json").read_text())
    rejected = pd.read_csv(tmp_path / "rejected_rows.csv")
    warnings = pd.read_csv(tmp_path / "row_warnings.csv")
    assert len(manifest) == 12
    for m in manifest:
        table = rejected if m["severity"] == "rejected" else warnings
        hit = table[(table["file"] == m["file"]) & (table["row"] == m["row"])]
        assert len(hit) == 1, m
        assert m["reason_contains"] in hit["reason"].iloc[0], (m, hit["reason"].iloc[0])
    # and the row numbers point at the mistaken cells
    by_reason = {m["reason_contains"]: m for m in manifest if not m["file"].startswith("evaluations/")}
    m = by_reason["minutes must be between 0 and 720"]
    assert _cell(sample_dir, m["file"], m["row"], "Minutes") == -30
    m = by_reason["not a number of minutes"]
    assert _cell(sample_dir, m["file"], m["row"], "Minutes") == "see notes"
    m = by_reason["no staff id"]
    assert _cell(sample_dir, m["file"], m["row"], "Employee ID") == ""
    m = by_reason["'TBD' is not an amount of money"]
    assert _cell(sample_dir, m["file"], m["row"], "Amount") == "TBD"
    assert len(rejected) == sum(m["severity"] == "rejected" for m in manifest)


def test_run_writes_the_data_quality_page_and_index(report_dir):
    year_dir, done = report_dir
    index = (year_dir / "index.html").read_text()
    page = (year_dir / "data-quality.html").read_text()
    assert 'href="data-quality.html"' in index and "2025-26" in index
    assert "rows usable" in index
    assert "Rejected rows" in page and "minutes must be between 0 and 720" in page
    assert "How each question was read" in page and "agreement-5 (5 points)" in page and "rubric-4 (4 points)" in page
    assert "data:image/png;base64," in page  # the chart is embedded
    body = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    assert 'class="highlight' not in body and "hl-ipython3" not in body and "house_style()" not in body  # no code shown
    assert (year_dir / "notebooks" / "data-quality.ipynb").exists()  # executed notebook kept for audit
    for name in ("data_quality.csv", "rejected_rows.csv", "row_warnings.csv"):
        assert (year_dir / "tables" / name).exists()
    assert "Done." in done.stdout and "Traceback" not in done.stderr


def test_a_missing_folder_is_one_line_and_non_zero(tmp_path):
    done = run_cli("run", "--raw", str(tmp_path / "nope"), "--year", "2025-26", "--out", str(tmp_path / "r"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"induction-analysis: raw folder not found: {tmp_path / 'nope'}"


def test_a_bad_year_is_refused_in_words(tmp_path):
    done = run_cli("run", "--raw", str(tmp_path), "--year", "2025", "--out", str(tmp_path))
    assert done.returncode == 2 and "write it like 2025-26" in done.stderr and "Traceback" not in done.stderr


def test_dictionary_lists_every_canonical_column():
    text = schemas.data_dictionary_markdown()
    for name, schema in schemas.SCHEMAS.items():
        assert f"#### `{name}`" in text
        for col in schema.columns:
            assert f"| `{col}` |" in text


def test_run_on_an_hr_export_alone(sample_dir, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    hr = next((sample_dir / "HR").glob("*.csv"))
    (raw / hr.name).write_bytes(hr.read_bytes())
    done = run_cli("run", "--raw", str(raw), "--year", "2025-26", "--out", str(tmp_path / "reports"))
    assert done.returncode == 0, done.stderr
    dq = pd.read_csv(tmp_path / "reports" / "2025-26" / "tables" / "data_quality.csv")
    assert dq[["kind", "rows_rejected"]].values.tolist() == [["hr_employment", 2]]
    assert (tmp_path / "reports" / "2025-26" / "index.html").exists()
    tables = tmp_path / "reports" / "2025-26" / "tables"
    assert len(pd.read_csv(tables / "retention_annual.csv")) == 6
    assert pd.read_csv(tables / "mentoring_hours.csv").empty  # no roster: the table is there, with its header


def _table(report_dir, name):
    return pd.read_csv(report_dir[0] / "tables" / f"{name}.csv")


def test_run_writes_every_analysis_table_with_its_documented_columns(report_dir):
    for name, (_, columns) in analyses.OUTPUTS.items():
        frame = _table(report_dir, name)
        assert list(frame.columns) == list(columns), name
        assert len(frame), f"{name} is empty on the sample"
    assert "Analyses of 2025-26" in report_dir[1].stdout


def test_the_lead_mentors_tables_come_first_and_the_stages_make_up_every_table(report_dir, config, tmp_path):
    """A run renders the lead mentors' pages while the other tables are computed: those pages must read
    nothing of the later stages, and the stages together are exactly what compute gives. The standalone
    tables (computed by a rendering process in a run) are the same computed alone."""
    from induction_analysis import privacy
    from induction_analysis.ingest import ingest
    from induction_analysis.report import present

    processed = report_dir[0] / "processed"
    tables, people = ingest.load_tables(processed), privacy.read_people(processed)
    lead = reads.LEAD_MENTOR_TABLES
    declared = analyses.parts(lead)
    first, standalone, rest, late = analyses.stages(tables, config, "2025-26", people, first=lead)
    assert tuple(first) == lead == present.LEAD_MENTOR_TABLES
    assert tuple(standalone) == declared.apart
    assert tuple(late) == declared.late == ("administration_findings",)
    parts = [set(first), set(standalone), set(rest), set(late)]
    assert sum(map(len, parts)) == len(set().union(*parts))  # no table in two parts
    # the late tables read only tables of the parts before them
    assert set(analyses.late_reads(lead)) <= set(first) | set(standalone) | set(rest)
    whole = analyses.compute(tables, config, "2025-26", people)
    assert list(whole) == list(analyses.OUTPUTS)
    for name, frame in {**first, **standalone, **rest, **late}.items():
        pd.testing.assert_frame_equal(frame, whole[name], obj=name)
    assert [list(part) for part in analyses.stages(tables, config, "2025-26", people, False, first=lead)] == [
        list(first),
        list(rest),
    ]
    # without the standalone tables, the late tables are made from those written (as a run does)
    analyses.write(whole, tmp_path / "written")
    made_late = analyses.late_tables({**first, **rest}, "2025-26", tmp_path / "written", lead)
    for name, frame in made_late.items():
        pd.testing.assert_frame_equal(frame, whole[name], obj=name)
    alone = analyses.standalone_tables(tables, config, "2025-26", people, lead)
    assert list(alone) == list(declared.apart)
    for name, frame in alone.items():
        pd.testing.assert_frame_equal(frame, whole[name], obj=name)
    # every table the run wrote is, byte for byte,
    # what compute gives
    analyses.write(whole, tmp_path)
    for name in analyses.OUTPUTS:
        assert (report_dir[0] / "tables" / f"{name}.csv").read_bytes() == (tmp_path / f"{name}.csv").read_bytes(), name


def test_a_large_districts_standalone_tables_come_from_a_rendering_process(
    sample_dir, report_dir, tmp_path, monkeypatch, capsys
):
    """From STANDALONE_APART_FROM_ROWS canonical rows, a run computes the standalone tables in a rendering process,
    from the tables written to processed/: the same tables, byte for byte, and the same pages as computed here."""
    from induction_analysis.report import report

    submitted, submit = [], report.Renderer.submit
    monkeypatch.setattr(
        report.Renderer, "submit", lambda self, fn, *args: submitted.append(fn.__name__) or submit(self, fn, *args)
    )
    monkeypatch.setattr(runner, "STANDALONE_APART_FROM_ROWS", 0)
    assert cli.main(["run", "--raw", str(sample_dir), "--year", "2025-26", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert submitted == ["write_standalone"]
    assert "Analyses of 2025-26: 25 tables written" in out and "[10/10]" in out
    for name in analyses.OUTPUTS:
        assert (tmp_path / "2025-26" / "tables" / f"{name}.csv").read_bytes() == (
            report_dir[0] / "tables" / f"{name}.csv"
        ).read_bytes(), name
    assert (tmp_path / "2025-26" / "lead-mentors-themes.html").is_file()


def test_a_rerun_makes_the_findings_again_beside_the_standalone_tables_it_keeps(sample_dir, tmp_path, monkeypatch):
    """administration_findings reads standalone tables (retention_summary, proficiency) and others (mentoring_hours,
    budget_summary): a run whose standalone tables come from a rendering process makes it once those are written.
    A rerun after a log is fixed keeps the standalone tables and makes the findings again from them and the new
    hours: as compute gives them from that run's canonical tables."""
    import shutil

    from test_cache import add_minutes

    from induction_analysis import privacy
    from induction_analysis.config import load_config
    from induction_analysis.ingest import ingest

    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(sample_dir, raw)
    monkeypatch.setattr(runner, "STANDALONE_APART_FROM_ROWS", 0)
    tables, protected = out / "2025-26" / "tables", out / "2025-26" / "processed" / "protected"
    apart = analyses.parts(reads.LEAD_MENTOR_TABLES).apart
    assert cli.main(["run", "--raw", str(raw), "--year", "2025-26", "--out", str(out)]) == 0

    def standalone() -> tuple[dict, list[int]]:  # their record, and when each table's files were written
        written = [(tables / f"{name}.csv").stat().st_mtime_ns for name in apart]
        written += [analyses.typed_path(tables, name).stat().st_mtime_ns for name in apart]
        return made.report(protected, out / "2025-26")[runner.STANDALONE], written

    hours, kept = (tables / "mentoring_hours.csv").read_bytes(), standalone()
    assert sorted(kept[0]["tables"]) == sorted(apart)
    add_minutes(sorted(raw.glob("logs/2025-26/*.xlsx"))[0], 600)
    assert cli.main(["run", "--raw", str(raw), "--year", "2025-26", "--out", str(out)]) == 0
    assert standalone() == kept  # the standalone tables: kept, not written again
    assert (tables / "mentoring_hours.csv").read_bytes() != hours  # the hours: made again
    processed = out / "2025-26" / "processed"
    whole = analyses.compute(ingest.load_tables(processed), load_config(), "2025-26", privacy.read_people(processed))
    pd.testing.assert_frame_equal(
        analyses.read(tables, "administration_findings"),
        analyses.SCHEMAS["administration_findings"].validate(whole["administration_findings"]),
    )
    analyses.write({"administration_findings": whole["administration_findings"]}, tmp_path / "fresh")
    assert (tables / "administration_findings.csv").read_bytes() == (
        tmp_path / "fresh" / "administration_findings.csv"
    ).read_bytes()


def test_standalone_tables_are_kept_while_what_they_are_made_from_is_unchanged(report_dir, tmp_path, monkeypatch):
    """A rerun after a log is fixed keeps the standalone tables (none is made from the log); a changed canonical
    table they are made from, or a table written last time and since changed or deleted, makes them again."""
    import shutil

    from induction_analysis.config import load_config

    processed, tables_dir = tmp_path / "processed", tmp_path / "2025-26" / "tables"
    shutil.copytree(report_dir[0] / "processed", processed)
    makes, standalone_tables = [], analyses.standalone_tables
    monkeypatch.setattr(analyses, "standalone_tables", lambda *args: makes.append(1) or standalone_tables(*args))

    notes, records = [], [None]  # the record a run keeps of them (none before the first)
    lead = reads.LEAD_MENTOR_TABLES

    def write() -> dict[str, bytes]:
        names, note, record = runner.write_standalone(
            processed, tables_dir, load_config(), "2025-26", lead, records[-1]
        )
        assert names == list(analyses.parts(lead).apart)
        notes.append(note)
        records.append(record)
        return {name: (tables_dir / f"{name}.csv").read_bytes() for name in names}

    first = write()
    assert len(makes) == 1
    assert first == {name: (report_dir[0] / "tables" / f"{name}.csv").read_bytes() for name in first}
    assert write() == first and len(makes) == 1  # as it was: kept
    log = pd.read_parquet(processed / "collaborative_log.parquet")
    log.loc[0, "minutes"] += 15
    log.to_parquet(processed / "collaborative_log.parquet", index=False)
    assert write() == first and len(makes) == 1  # a fixed log: kept
    assert notes == [None, None, None]
    (tables_dir / "budget.csv").write_text("edited by hand\n")
    assert write() == first and len(makes) == 2  # a table changed since: made again, and said
    assert notes[-1].startswith("  tables/budget.csv is not the table the last run wrote")
    (tables_dir / "proficiency.csv").unlink()
    assert write() == first and len(makes) == 3  # a table deleted: made again
    assert "tables/proficiency.csv is not the table the last run wrote" in notes[-1]
    (tables_dir / ".typed" / "rubric_change.parquet").write_bytes(b"cut short")
    assert write() == first and len(makes) == 4  # a typed table changed since: made again, and said
    assert notes[-1].startswith("  tables/.typed/rubric_change.parquet is not the table the last run wrote")
    record = records[-1]
    assert record["tables"]["proficiency"] == {
        "rows": len(pd.read_csv(tables_dir / "proficiency.csv")),
        "sha256": hashlib.sha256(first["proficiency"]).hexdigest(),
        "typed_sha256": hashlib.sha256((tables_dir / ".typed" / "proficiency.parquet").read_bytes()).hexdigest(),
    }
    evaluation = pd.read_parquet(processed / "evaluation.parquet")
    evaluation.iloc[1:].to_parquet(processed / "evaluation.parquet", index=False)
    again = write()
    assert len(makes) == 5 and again["proficiency"] != first["proficiency"]  # made from the evaluations


def test_sample_tables_show_the_planted_relationships(report_dir):
    # mentored beginning teachers leave less often (planted: 10% a year against 22%)
    summary = _table(report_dir, "retention_summary").set_index(["group", "years_since_start"])
    assert summary.loc[("mentored", 1), "still_teaching_pct"] > summary.loc[("not mentored", 1), "still_teaching_pct"]
    assert summary.loc[("mentored", 2), "still_teaching_pct"] > summary.loc[("not mentored", 2), "still_teaching_pct"]
    assert summary.loc[("all", 1), "cohorts_not_yet_observed"] == "2025-26"
    # about one pair in five skips Standard III: the least addressed standard
    program = _table(report_dir, "standards_coverage_program")
    standards = program[(program["level"] == "standard")].groupby("standard")[["n_pairs", "pairs_addressed"]].sum()
    never = 1 - standards["pairs_addressed"] / standards["n_pairs"]
    assert never.idxmax() == "III" and 0.15 <= never["III"] <= 0.35
    # about 8% of mentors are assigned late and 10% of new teachers get none
    hours = _table(report_dir, "mentoring_hours")
    first = hours[hours["program_year"] == 1]
    within = first["assigned_within_two_weeks"].dropna().astype(bool).mean()
    assert 0.70 <= within <= 0.92
    late = first[first["has_mentor"] & (first["days_to_assignment"] > 14)]
    assert len(late) and late["days_to_assignment"].between(20, 45).all()
    # the 50 hours: some completed, some on track, some behind
    status = hours[hours["school_year"] == "2025-26"]["fifty_hours_status"].value_counts()
    assert {"completed", "on track", "behind", "not started"} <= set(status.index)
    # spring self-assessments are higher than fall ones
    change = _table(report_dir, "rubric_change").dropna(subset=["change_mean"])
    assert len(change) and (change["change_mean"] > 0).all()
    # the smallest school shows no proficiency rate
    prof = _table(report_dir, "proficiency")
    riverside = prof[
        (prof["breakdown"] == "school") & (prof["group"] == "Riverside Elementary") & (prof["school_year"] == "2025-26")
    ]
    assert riverside["suppressed"].all() and riverside["proficient_pct"].isna().all()
    # budget: cost per new teacher every year, per retained teacher where the next year is known
    budget = _table(report_dir, "budget_summary").set_index("school_year")
    assert budget["cost_per_new_teacher_usd"].notna().all()
    assert budget["cost_per_retained_teacher_usd"].isna().tolist() == [False] * 6 + [True]


def test_no_table_carries_a_name(report_dir, sample_dir):
    roster = pd.concat(pd.read_excel(p, header=2, engine="calamine") for p in (sample_dir / "pairings").glob("*.xlsx"))
    names = set(roster["New Teacher"].dropna()) | set(roster["Mentor"].dropna())
    for path in (report_dir[0] / "tables").glob("*.csv"):
        if path.name in ("data_quality.csv", "rejected_rows.csv", "row_warnings.csv", "assumptions.csv"):
            continue  # the data administrator's tables name the files (one per mentor) and quote wrong cells
        text = path.read_text(encoding="utf-8")
        leaked = [n for n in names if n in text]
        assert not leaked, (path.name, leaked[:3])


def test_one_record_replaces_the_three_and_a_rerun_keeps_every_page(sample_dir, tmp_path, capsys):
    """The processed folder given apart (as `make report` does): one record, processed/protected/made.json,
    holds the file cache's index and what was made of the year folder (its pages, the tables made without the log);
    an older version's records (.made.json, .rendered.json, .standalone-tables.json in the year folder, the cache's
    index.json) are removed. A rerun on unchanged exports reads no file again and keeps all ten pages."""
    out, processed = tmp_path / "reports", tmp_path / "processed"
    year = out / "2025-26"
    year.mkdir(parents=True)
    older = [year / ".made.json", year / ".rendered.json", year / ".standalone-tables.json"]
    older.append(processed / "protected" / "cache" / "index.json")
    for path in older:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    command = ["run", "--raw", str(sample_dir), "--year", "2025-26", "--out", str(out), "--processed", str(processed)]
    assert cli.main(command) == 0
    capsys.readouterr()
    assert [path for path in older if path.exists()] == []
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")) == [
        "processed/protected/made.json"
    ]
    record = made.read(processed / "protected")
    assert sorted(record) == ["file cache", "format", "reports"]
    assert len(record["file cache"]["files"]) == 102
    assert list(record["reports"]) == [year.resolve().as_posix()]
    kept = record["reports"][year.resolve().as_posix()]
    assert sorted(kept) == ["pages", runner.STANDALONE]
    assert len(kept["pages"]) == 10
    assert kept["pages"]["dese-annual-report.html"]["sha256"] == made.file_digest(year / "dese-annual-report.html")
    assert cli.main(command) == 0
    again = capsys.readouterr().out
    assert "(read again: 0)" in again and "0 page(s) rendered, 10 kept" in again
