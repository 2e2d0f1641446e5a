"""Who may see names is decided by the library (audiences.shows_names) from the page's audience and the config;
the renderer always gives a notebook its page's audience, and what else a notebook is given cannot widen it."""

import ast
import re

import pandas as pd
import pytest

from induction_analysis import audiences
from induction_analysis.report import report

PSEUDONYM = re.compile(r"\bp-[0-9a-f]{12}\b")


def test_names_only_to_lead_mentors_and_only_when_the_config_allows():
    assert [a for a in audiences.LABELS if audiences.shows_names(a, True)] == [audiences.LEAD_MENTORS]
    assert not any(audiences.shows_names(a, False) for a in audiences.LABELS)
    assert not audiences.shows_names(audiences.LEAD_MENTORS, "false")  # only the config's own true, never a word
    with pytest.raises(ValueError, match="unknown audience 'lead mentor'"):
        audiences.shows_names("lead mentor", True)


def test_every_page_has_a_known_audience_and_its_notebook_declares_one():
    """The renderer gives each notebook its page's audience: each declares the parameter, with its page's
    audience as the default a Jupyter user gets."""
    pages = report.dashboards(["A School"])
    assert {page.audience for page in pages} == set(audiences.LABELS)
    for page in pages:
        declared = report._declared(report.notebooks_dir() / page.notebook)
        assert ast.literal_eval(declared["audience"]["default"]) == page.audience, page.notebook


def test_the_page_audience_wins_over_any_parameter_given():
    page = report.Dashboard("dese.ipynb", "dese-annual-report.html", "DESE", audiences.DESE)
    declared = {"school_year": {}, "tables_dir": {}, "audience": {}}
    given = report.page_parameters(
        page,
        {"school_year": "2025-26", "tables_dir": "t", "audience": audiences.LEAD_MENTORS, "show_names": True},
        declared,
    )
    assert given == {"school_year": "2025-26", "tables_dir": "t", "audience": audiences.DESE}
    with pytest.raises(RuntimeError, match="declares no 'audience' parameter"):
        report.page_parameters(page, {"school_year": "2025-26"}, {"school_year": {}})
    with pytest.raises(ValueError, match="unknown audience"):
        report.page_parameters(report.Dashboard("dese.ipynb", "x.html", "x", "everybody"), {}, declared)


@pytest.mark.slow
def test_a_lead_mentor_page_rendered_for_each_audience_shows_names_to_lead_mentors_only(
    report_dir, sample_dir, tmp_path
):
    """A school's lead-mentor page rendered for every audience, with the config's names on (show_names true, as a
    run gives it): the pairs' names for lead mentors, pseudonymous ids for everybody else; with names off, ids
    for lead mentors too."""
    roster = pd.concat(pd.read_excel(p, header=2, engine="calamine") for p in (sample_dir / "pairings").glob("*.xlsx"))
    year = report_dir[0]
    pairs = roster[roster["School"] == "Pine Ridge Middle"]
    names = set(pairs["New Teacher"].dropna()) | set(pairs["Mentor"].dropna())
    params = {
        "school_year": "2025-26",
        "tables_dir": str(year / "tables"),
        "processed_dir": str(year / "processed"),
        "output_dir": str(tmp_path),
        "show_names": True,
        "audience": audiences.LEAD_MENTORS,
    }  # a run's audience cannot stick
    school_page = next(pg for pg in report.dashboards(["Pine Ridge Middle"]) if pg.params)
    shown = {}
    for audience in [*audiences.LABELS, "lead mentors, names off"]:
        page = report.Dashboard(
            school_page.notebook,
            f"{audience.replace(' ', '-')}.html",
            school_page.title,
            audience.split(",")[0],
            school_page.params,
            school_page.reads,
        )
        html = report.render(page, {**params, "show_names": not audience.endswith("off")}, tmp_path).read_text(
            encoding="utf-8"
        )
        shown[audience] = (len([n for n in names if n in html]), len(set(PSEUDONYM.findall(html))))
    named, ids = shown.pop(audiences.LEAD_MENTORS)
    assert named >= 10 and ids == 0, (named, ids)
    for audience, (named, ids) in shown.items():
        assert named == 0 and ids >= 10, (audience, named, ids)
