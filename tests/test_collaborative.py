"""A collaborative: several districts' folders in one run, reported per district and combined."""

import re

import pandas as pd
import pytest
from conftest import run_cli

from induction_analysis import cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def collaborative(tmp_path_factory):
    base = tmp_path_factory.mktemp("collaborative")
    for name, seed, teachers in (("Northfield", 11, 60), ("Southbury", 12, 40)):
        assert (
            cli.main(
                ["sample", "--out", str(base / name), "--seed", str(seed), "--teachers", str(teachers), "--years", "3"]
            )
            == 0
        )
    done = run_cli(
        "run",
        "--raw",
        str(base / "Northfield"),
        "--raw",
        str(base / "Southbury"),
        "--year",
        "2025-26",
        "--out",
        str(base / "reports"),
    )
    assert done.returncode == 0, done.stderr
    return base / "reports", done


def tables(folder, name):
    return pd.read_csv(folder / "2025-26" / "tables" / f"{name}.csv")


def test_each_district_and_the_combined_reports_are_written_and_linked(collaborative):
    out, done = collaborative
    assert "Traceback" not in done.stdout + done.stderr
    for folder in ("northfield", "southbury", "combined"):
        index = out / folder / "2025-26" / "index.html"
        assert index.is_file()
        links = re.findall(r'href="(\.\./\.\./[^"]+)"', index.read_text(encoding="utf-8"))
        assert len(links) == 2 and all((index.parent / link).resolve().is_file() for link in links), folder
    combined = sorted(p.name for p in (out / "combined" / "2025-26").glob("*.html"))
    assert combined == [
        "administration-summary.html",
        "data-quality.html",
        "dese-annual-report.html",
        "index.html",
        "lead-mentors-district.html",
        "lead-mentors-themes.html",
    ]  # each school's page is in its district's report
    assert list((out / "northfield" / "2025-26").glob("lead-mentors-*-elementary.html"))
    assert "== All 2 districts combined ==" in done.stdout


def test_the_combined_tables_add_up_the_districts_without_mixing_their_people_or_schools(collaborative):
    out, _ = collaborative
    north, south, both = (out / f for f in ("northfield", "southbury", "combined"))
    dq = [tables(f, "data_quality") for f in (north, south, both)]
    assert (
        len(dq[2]) == len(dq[0]) + len(dq[1])
        and dq[2]["rows_accepted"].sum() == dq[0]["rows_accepted"].sum() + dq[1]["rows_accepted"].sum()
    )
    assert dq[2]["file"].str.match(r"^(Northfield|Southbury)/").all()
    hours = [tables(f, "mentoring_hours") for f in (north, south, both)]
    assert len(hours[2]) == len(hours[0]) + len(hours[1])
    assert hours[2]["mentee_key"].nunique() == hours[0]["mentee_key"].nunique() + hours[1]["mentee_key"].nunique()
    assert set(hours[2]["school"]) == {f"Northfield: {s}" for s in hours[0]["school"]} | {
        f"Southbury: {s}" for s in hours[1]["school"]
    }
    assert hours[2]["hours"].sum() == pytest.approx(hours[0]["hours"].sum() + hours[1]["hours"].sum())
    budget = [tables(f, "budget_summary") for f in (north, south, both)]
    this_year = [b[b["school_year"] == "2025-26"].iloc[0] for b in budget]
    assert this_year[2]["total_usd"] == pytest.approx(this_year[0]["total_usd"] + this_year[1]["total_usd"])
    assert this_year[2]["new_teachers"] == this_year[0]["new_teachers"] + this_year[1]["new_teachers"]


def test_two_districts_need_two_folder_names(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "same").mkdir(parents=True)
    done = run_cli(
        "run",
        "--raw",
        str(tmp_path / "a" / "same"),
        "--raw",
        str(tmp_path / "b" / "same"),
        "--year",
        "2025-26",
        "--out",
        str(tmp_path / "reports"),
    )
    assert (
        done.returncode == 2
        and "each district's folder needs its own name" in done.stderr
        and "Traceback" not in done.stderr
    )


def test_a_missing_district_folder_is_named_before_any_district_is_read(tmp_path):
    (tmp_path / "Northfield").mkdir()
    done = run_cli(
        "run",
        "--raw",
        str(tmp_path / "Northfield"),
        "--raw",
        str(tmp_path / "Southbury"),
        "--year",
        "2025-26",
        "--out",
        str(tmp_path / "reports"),
    )
    assert done.returncode == 2 and f"raw folder not found: {tmp_path / 'Southbury'}" in done.stderr
    assert "Reading exports" not in done.stdout and not (tmp_path / "reports").exists()
