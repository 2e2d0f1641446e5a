"""Typed report tables: each report table has a schema (metrics/report_schemas.py), is validated when written and
written twice, the CSV for people and the typed parquet the pages read (analyses.read)."""

from __future__ import annotations

import pandas as pd
import pytest

from induction_analysis import exports
from induction_analysis.errors import UserError
from induction_analysis.metrics import analyses, report_schemas


def test_every_report_table_has_a_schema_of_its_declared_columns():
    assert list(analyses.SCHEMAS) == list(analyses.OUTPUTS) == list(report_schemas.TYPES)
    for name, (description, columns) in analyses.OUTPUTS.items():
        schema = analyses.SCHEMAS[name]
        assert list(schema.columns) == list(columns) == list(report_schemas.TYPES[name]), name
        assert schema.description == description
        assert all(schema.columns[c].description == meaning for c, meaning in columns.items())
        assert schema.strict and schema.ordered and schema.coerce


def test_every_report_table_of_the_sample_validates_and_round_trips(report_dir):
    """The typed table the pages read is the CSV people open, value for value: written as a CSV again, it gives the
    same bytes; read back, it has its schema's dtypes."""
    tables = report_dir[0] / "tables"
    assert sorted(p.stem for p in (tables / analyses.TYPED_DIR).glob("*.parquet")) == sorted(analyses.OUTPUTS)
    for name in analyses.OUTPUTS:
        typed = analyses.read(tables, name)
        schema = analyses.SCHEMAS[name]
        pd.testing.assert_frame_equal(schema.validate(typed), typed, obj=name)  # already typed: unchanged
        assert [typed[c].dtype for c in typed] == [spec.dtype.type for spec in schema.columns.values()], name
        exports.to_csv(typed, tables / analyses.TYPED_DIR / "again.csv")
        again = (tables / analyses.TYPED_DIR / "again.csv").read_bytes()
        (tables / analyses.TYPED_DIR / "again.csv").unlink()
        assert again == (tables / f"{name}.csv").read_bytes(), name
    # people see the CSVs: the typed tables are in a hidden folder
    assert not [p.name for p in tables.iterdir() if not p.name.startswith(".") and p.suffix not in (".csv", ".toml")]


def test_the_quick_conversion_is_panderas(report_dir, config):
    """A table that plainly fits its schema is converted without pandera: to the same frame, for every table of the
    sample as computed (before any conversion)."""
    from induction_analysis import privacy
    from induction_analysis.ingest import ingest

    processed = report_dir[0] / "processed"
    whole = analyses.compute(ingest.load_tables(processed), config, "2025-26", privacy.read_people(processed))
    for name, frame in whole.items():
        quick = report_schemas._typed(analyses.SCHEMAS[name], frame)
        assert quick is not None, name
        pd.testing.assert_frame_equal(quick, analyses.SCHEMAS[name].validate(frame), obj=name)
    # what does not plainly fit goes to pandera: a column out of order, an empty required cell, a value of another
    # type
    frame = whole["emergent_themes"]
    assert report_schemas._typed(analyses.SCHEMAS["emergent_themes"], frame[frame.columns[::-1]]) is None
    assert report_schemas._typed(analyses.SCHEMAS["emergent_themes"], frame.assign(school_year=None)) is None
    assert report_schemas._typed(analyses.SCHEMAS["emergent_themes"], frame.assign(candidate="first")) is None


def test_typed_tables_carry_their_types(report_dir):
    tables = report_dir[0] / "tables"
    hours = analyses.read(tables, "mentoring_hours")
    assert hours["has_mentor"].dtype == bool and hours["observations_complete"].dtype == bool
    within = hours["assigned_within_two_weeks"]
    assert str(within.dtype) == "boolean" and within.isna().any()
    assert str(hours["days_to_assignment"].dtype) == "Int64"
    assert analyses.read(tables, "proficiency")["suppressed"].dtype == bool
    assert str(analyses.read(tables, "standards_coverage")["first_date"].dtype) == "datetime64[ns]"


def test_a_table_that_does_not_fit_its_schema_stops_in_one_line(tmp_path):
    frame = pd.DataFrame(
        {
            "school_year": ["2025-26"],
            "candidate": ["first"],  # a count
            "terms": ["mentor, time"],
            "entries": [3],
        }
    )
    with pytest.raises(UserError) as raised:
        analyses.write({"emergent_themes": frame}, tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("report table emergent_themes: column 'candidate' does not fit its schema")
    assert message.endswith("its values are not int64; first value that does not fit: 'first'")
    assert not (tmp_path / "emergent_themes.csv").exists()  # nothing written
    missing = frame.assign(candidate=[1], school_year=[None])  # a required column empty
    with pytest.raises(UserError, match=r"^report table emergent_themes: column 'school_year' does not fit"):
        analyses.write({"emergent_themes": missing}, tmp_path)
    with pytest.raises(UserError, match="column 'terms' not in dataframe"):
        analyses.write({"emergent_themes": frame.assign(candidate=[1]).drop(columns="terms")}, tmp_path)
    analyses.write({"emergent_themes": frame.assign(candidate=[1])}, tmp_path)  # fits: both files written
    assert (tmp_path / "emergent_themes.csv").is_file() and analyses.typed_path(tmp_path, "emergent_themes").is_file()


def test_a_folder_without_typed_tables_says_so(tmp_path):
    (tmp_path / "budget.csv").write_text("school_year\n")
    with pytest.raises(UserError, match=r"budget.parquet not found: .*run induction-analysis run again"):
        analyses.read(tmp_path, "budget")


def test_pages_read_the_typed_tables_not_the_csvs(report_dir, monkeypatch):
    from induction_analysis.report import present

    year = report_dir[0]
    tables, processed = str(year / "tables"), str(year / "processed")

    def no_csv(*args, **kwargs):
        raise AssertionError(f"a page read a CSV: {args[0] if args else kwargs}")

    monkeypatch.setattr(pd, "read_csv", no_csv)
    present._loaded.clear()  # the lead mentors' sources, read again
    lead = present.LeadMentorView(tables, processed, "2025-26", None, audience="lead mentors")
    html = lead.time_section() + lead.mentor_pool_section() + lead.next_year_pool_section()
    assert "mentors this year" in html
    admin = present.AdministrationView(tables, "2025-26")
    assert admin.findings() == analyses.read(tables, "administration_findings")["sentence"].tolist()
    assert len(admin.findings()) == 5 and "What matters this year" in admin.summary_section()
    assert present.DeseView(tables, "2025-26", "workbook.xlsx").figures_section()
    assert present.ThemesView(tables, processed, "2025-26").sources_section()


def test_the_tables_of_a_district_without_data_fit_their_schemas(config, tmp_path):
    """No canonical row at all: every report table is empty (the DESE report lists its figures, without values),
    with its columns, and is written typed."""
    from induction_analysis.ingest import schemas

    whole = analyses.compute({name: schemas.empty(name) for name in schemas.SCHEMAS}, config, "2025-26")
    analyses.write(whole, tmp_path)
    for name in analyses.OUTPUTS:
        typed = analyses.read(tmp_path, name)
        assert typed.empty == (name != "dese_annual_report"), name
        assert list(typed.columns) == list(analyses.OUTPUTS[name][1]), name
        assert [typed[c].dtype for c in typed] == [s.dtype.type for s in analyses.SCHEMAS[name].columns.values()]
