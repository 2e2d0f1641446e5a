"""The declared pipeline (induction_analysis/pipeline.py): the order, the parts and what a run keeps are derived
from the steps' declarations; a report table added with only its declaration is made, shown and kept."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from induction_analysis import audiences, cli, made, pipeline, runner
from induction_analysis.ingest import schemas
from induction_analysis.metrics import analyses, report_schemas
from induction_analysis.report import reads, report
from induction_analysis.report.report import Dashboard

Step = pipeline.Step

# a toy district: "log" is the collaborative log; "a" and "b" canonical tables
TOY = (
    Step("pairs", ("b",), lambda b: f"pairs({b})", written=False),
    Step("hours", ("log", "pairs"), lambda log, p: f"hours({log},{p})"),
    Step("shown_first", ("hours",), lambda h: f"first({h})"),
    Step("alone", ("a", "pairs"), lambda a, p: f"alone({a},{p})"),
    Step("alone_too", ("alone",), lambda x: f"too({x})"),
    Step("rest", ("hours", "b"), lambda h, b: f"rest({h},{b})"),
    Step("findings", ("alone", "rest"), lambda x, r: f"findings({x},{r})"),
)


def test_the_order_puts_each_step_after_what_it_reads_and_otherwise_keeps_the_declarations():
    shuffled = [TOY[6], TOY[1], TOY[0], TOY[5], TOY[3], TOY[4], TOY[2]]
    assert [s.name for s in pipeline.order(shuffled)] == [
        "pairs",  # findings, declared first, reads alone (which reads pairs) and rest (which reads hours)
        "alone",
        "hours",
        "rest",
        "findings",
        "alone_too",
        "shown_first",
    ]
    assert [s.name for s in pipeline.order(TOY)] == [s.name for s in TOY]  # already in order: as declared


def test_the_parts_are_derived_from_what_each_table_reads():
    parts = pipeline.parts(TOY, first=("hours", "shown_first"), apart_from=("log",))
    assert parts == pipeline.Parts(
        first=("hours", "shown_first"), apart=("alone", "alone_too"), rest=("rest",), late=("findings",)
    )
    # with nothing shown first, the log-free tables are all apart
    assert pipeline.parts(TOY, first=(), apart_from=("log",)).apart == ("alone", "alone_too")
    assert pipeline.sources(TOY, ["alone", "alone_too"]) == ["a", "b"]  # what a rerun compares to keep them
    assert pipeline.reads(TOY, ["findings"]) == {"alone", "rest"}
    assert pipeline.reads(TOY, ["alone"]) == {"a", "b"}  # through the intermediate "pairs"
    with pytest.raises(pipeline.PipelineError, match="'shown_first' is read by the first pages but made from hours"):
        pipeline.parts(TOY, first=("shown_first",), apart_from=("log",))


def test_run_makes_what_is_asked_and_what_it_needs_once():
    calls = []
    counted = [Step(s.name, s.inputs, lambda *a, f=s.make, n=s.name: calls.append(n) or f(*a), s.written) for s in TOY]
    values = {"log": "L", "a": "A", "b": "B"}
    assert pipeline.run(counted, ["hours"], values) == {"hours": "hours(L,pairs(B))"}
    assert pipeline.run(counted, ["findings"], values) == {
        "findings": "findings(alone(A,pairs(B)),rest(hours(L,pairs(B)),B))"
    }
    assert calls == ["pairs", "hours", "alone", "rest", "findings"]  # pairs and hours: made once
    # what is already made is not made again, nor what it was made from
    assert pipeline.run(counted, ["findings"], {"alone": "X", "rest": "R"}) == {"findings": "findings(X,R)"}
    # a value made only when a step reads it
    assert pipeline.run(TOY, ["alone"], {"b": "B"}, {"a": lambda: "empty"}) == {"alone": "alone(empty,pairs(B))"}


def test_declarations_that_cannot_run_say_why():
    with pytest.raises(pipeline.PipelineError, match="'x' is declared twice"):
        pipeline.order([Step("x", (), str), Step("x", (), str)])
    with pytest.raises(pipeline.PipelineError, match="cycle: x -> y -> x"):
        pipeline.order([Step("x", ("y",), str), Step("y", ("x",), str)])
    with pytest.raises(pipeline.PipelineError, match="'x' reads 'nowhere', which no step makes"):
        pipeline.order([Step("x", ("nowhere",), str)], given=("a",))
    with pytest.raises(pipeline.PipelineError, match="'alone' reads 'a', which was not given"):
        pipeline.run(TOY, ["alone"], {"b": "B"})


def test_the_analyses_parts_are_those_the_run_used_to_declare_by_hand():
    """The parts derived from the analyses' declarations: the tables kept by a rerun after a log is fixed are
    the nine the run declared by hand before, and the DESE list of trained mentors (made without the log)."""
    parts = analyses.parts(reads.LEAD_MENTOR_TABLES)
    assert parts.first == reads.LEAD_MENTOR_TABLES
    assert parts.apart == (
        "rubric_change",
        "proficiency",
        "retention_annual",
        "retention_annual_average",
        "retention_cohort",
        "retention_summary",
        "budget",
        "comment_themes",
        "emergent_themes",
        "dese_mentors",
    )
    assert parts.late == ("administration_findings",)
    assert set(parts.rest) == set(analyses.OUTPUTS) - set(parts.first + parts.apart + parts.late)
    assert {s.name for s in analyses.STEPS if s.written} == set(analyses.OUTPUTS)
    assert "collaborative_log" not in analyses.standalone_sources(reads.LEAD_MENTOR_TABLES)
    # every input is a step or given by the run (raises otherwise)
    assert len(pipeline.order(analyses.STEPS, given=(*analyses.GIVEN, *schemas.SCHEMAS))) == len(analyses.STEPS)


TOY_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "metadata": {"tags": ["parameters"]},
            "source": 'tables_dir = "."\naudience = "lead mentors"',
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "code",
            "metadata": {},
            "source": "from induction_analysis.metrics import analyses\n"
            "toy = analyses.read(tables_dir, 'toy_costs')\n"
            "print(f\"toy total: {toy['total_usd'].sum():.2f}\")",
            "outputs": [],
            "execution_count": None,
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def toy_costs(costs: pd.DataFrame) -> pd.DataFrame:
    """The toy report table: the costs' total, in one row."""
    return pd.DataFrame({"total_usd": [float(costs["amount_usd"].sum())]})


def test_a_report_table_added_with_only_its_declaration_is_made_shown_and_kept(
    sample_dir, tmp_path, monkeypatch, capsys
):
    """A toy table declared as every report table is (its step, its description and columns, their types) and a
    page that declares it reads it: the run makes and writes the table, renders the page once the table is
    written, and a rerun keeps both (the table is made without the log: kept while the costs are unchanged)."""
    description, columns = "The costs' total (a test's table).", {"total_usd": "the costs' total, dollars"}
    monkeypatch.setattr(analyses, "STEPS", (*analyses.STEPS, Step("toy_costs", ("costs",), toy_costs)))
    monkeypatch.setitem(analyses.OUTPUTS, "toy_costs", (description, columns))
    monkeypatch.setitem(report_schemas.TYPES, "toy_costs", {"total_usd": report_schemas.NUMBER})
    # what importing analyses derives from OUTPUTS for every table
    monkeypatch.setitem(analyses.SCHEMAS, "toy_costs", report_schemas.schema("toy_costs", description, columns))
    notebook = tmp_path / "toy.ipynb"
    notebook.write_text(json.dumps(TOY_NOTEBOOK))
    page = Dashboard(str(notebook), "toy.html", "Toy: the costs' total", audiences.LEAD_MENTORS, reads=("toy_costs",))
    monkeypatch.setattr(report, "DASHBOARDS", [*report.DASHBOARDS, page])
    makes = []
    monkeypatch.setattr(analyses, "standalone_tables", _counting(analyses.standalone_tables, makes))
    out = tmp_path / "out"
    assert cli.main(["run", "--raw", str(sample_dir), "--year", "2025-26", "--out", str(out)]) == 0
    first = capsys.readouterr().out
    year = out / "2025-26"
    costs = pd.read_parquet(year / "processed" / "costs.parquet")
    assert pd.read_csv(year / "tables" / "toy_costs.csv")["total_usd"].tolist() == [
        pytest.approx(costs["amount_usd"].sum())
    ]
    assert "Analyses of 2025-26: 26 tables written" in first
    assert "toy.html (" in first and f"toy total: {costs['amount_usd'].sum():.2f}" in (year / "toy.html").read_text()
    assert "toy_costs" in analyses.parts(reads.LEAD_MENTOR_TABLES).apart and makes == [1]
    kept = made.report(year / "processed" / "protected", year)[runner.STANDALONE]
    assert "toy_costs" in kept["tables"]
    assert cli.main(["run", "--raw", str(sample_dir), "--year", "2025-26", "--out", str(out)]) == 0
    again = capsys.readouterr().out
    assert makes == [1]  # the tables made without the log, the toy's among them: kept
    assert "toy.html: inputs unchanged, kept" in again


def _counting(fn, calls):
    return lambda *args: calls.append(1) or fn(*args)


def test_a_table_kept_by_a_rerun_may_read_only_what_a_rerun_compares(monkeypatch):
    """The tables made without the log are kept while what they are made from is unchanged: a step among them that
    read a value the rerun does not compare (the roster of every year, say) is refused."""
    lead = reads.LEAD_MENTOR_TABLES
    assert analyses.standalone_sources(lead) == [
        "costs",
        "evaluation",
        "exit_ticket",
        "hr_employment",
        "reflection_journal",
        "roster",
        "self_assessment",
        "stakeholder_survey",
    ]
    monkeypatch.setattr(analyses, "STEPS", (*analyses.STEPS, Step("every_roster", ("roster_all_years",), len)))
    with pytest.raises(pipeline.PipelineError, match="read roster_all_years, which a rerun does not compare"):
        analyses.standalone_sources(lead)
