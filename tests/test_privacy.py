"""Keyed pseudonyms, the protected lookup and the district secret (issue 6, point 2)."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from canon import table

from induction_analysis import privacy
from induction_analysis.config import load_config
from induction_analysis.errors import UserError
from induction_analysis.ingest import schemas

SECRET = b"0123456789abcdef-test-secret"


def test_pseudonyms_are_keyed_hashes_of_ids_else_of_names():
    ids = pd.Series(["E1", None, "E1", None, None], dtype="str")
    names = pd.Series(["Ann Lee", "Lee, Ann", "Someone Else", "ann  LEE", None], dtype="str")
    got = privacy.pseudonyms(SECRET, ids, names)
    expected_id = "p-" + hmac.new(SECRET, b"id:E1", hashlib.sha256).hexdigest()[:12]
    expected_name = "unlisted-" + hmac.new(SECRET, b"name:ann lee", hashlib.sha256).hexdigest()[:12]
    assert got.tolist()[:4] == [expected_id, expected_name, expected_id, expected_name]
    assert pd.isna(got.iloc[4])
    # another district's secret gives other pseudonyms; a plain hash of the id is not one of them
    other = privacy.pseudonyms(b"another district's secret", ids, names)
    assert set(other.dropna()).isdisjoint(got.dropna())
    assert "p-" + hashlib.sha256(b"E1").hexdigest()[:12] != expected_id


def test_protect_drops_names_and_builds_the_lookup():
    roster = schemas.empty("roster").iloc[0:0]
    roster = pd.concat(
        [
            roster,
            pd.DataFrame(
                {
                    "school_year": ["2025-26", "2025-26"],
                    "mentee_id": ["E1", None],
                    "mentee_name": ["Ann Lee", "Bo Kim"],
                    "mentor_id": ["E9", "E9"],
                    "mentor_name": ["Mary Major", "Mary Major"],
                }
            ),
        ],
        ignore_index=True,
    )
    log = pd.DataFrame(
        {
            "mentee_id": ["E1", None],
            "mentee": ["Ann Lee", "bo kim"],
            "mentor_id": [None, "E9"],
            "mentor": ["Mary Major", "Mary Major"],
        }
    )
    hr = pd.DataFrame({"staff_id": ["E1", "E9", "E5"]})
    tables, people = privacy.protect({"roster": roster, "collaborative_log": log, "hr_employment": hr}, SECRET)
    assert "mentee_name" not in tables["roster"] and "mentor_name" not in tables["roster"]
    assert "mentee" not in tables["collaborative_log"] and "mentor" not in tables["collaborative_log"]
    r, lg = tables["roster"], tables["collaborative_log"]
    assert r["mentee_id"].iloc[0] == lg["mentee_id"].iloc[0] == tables["hr_employment"]["staff_id"].iloc[0]
    assert r["mentee_id"].iloc[1] == lg["mentee_id"].iloc[1]  # Bo Kim, by name in both
    assert r["mentee_id"].iloc[1].startswith("unlisted-")
    # a mentor the log names without an id gets a name pseudonym, unlike the roster's id (ingest links them first)
    assert lg["mentor_id"].iloc[0].startswith("unlisted-") and lg["mentor_id"].iloc[1] == r["mentor_id"].iloc[0]
    by_id = people.set_index("person_id")
    assert by_id.loc[r["mentee_id"].iloc[0], ["staff_id", "name", "roles"]].tolist() == [
        "E1",
        "Ann Lee",
        "mentee, staff",
    ]
    assert by_id.loc[r["mentor_id"].iloc[0], ["staff_id", "name", "roles"]].tolist() == [
        "E9",
        "Mary Major",
        "mentor, staff",
    ]
    assert pd.isna(by_id.loc[tables["hr_employment"]["staff_id"].iloc[2], "name"])
    assert len(people) == 5


def test_the_lookup_keeps_the_name_written_most_often_across_tables():
    """Each table's mentions are counted before the tables are put together: the name written most often wins,
    counted over every table (ties: the first in alphabetical order), and the roles are each table's."""
    roster = pd.DataFrame(
        {
            "school_year": ["2025-26"] * 2,
            "mentee_id": ["E1", "E2"],
            "mentee_name": ["Ann Lee", "Bo Kim"],
            "mentor_id": ["E9", "E9"],
            "mentor_name": ["Mary Major", "Mary Major"],
        }
    )
    log = pd.DataFrame(
        {
            "mentee_id": ["E1", "E1", "E2"],
            "mentee": ["Ann Lee-Smith", "Ann Lee-Smith", "Bo Kim"],
            "mentor_id": ["E9", "E9", "E9"],
            "mentor": ["Mary Major-Li"] * 3,
        }
    )
    _, people = privacy.protect({"roster": roster, "collaborative_log": log}, SECRET)
    by_staff = people.set_index("staff_id")
    assert by_staff.loc["E1", "name"] == "Ann Lee-Smith"  # 2 times in the log, once in the roster
    assert by_staff.loc["E2", "name"] == "Bo Kim"
    assert by_staff.loc["E9", "name"] == "Mary Major-Li"  # 3 times against 2
    assert by_staff.loc["E9", "roles"] == "mentor" and by_staff.loc["E1", "roles"] == "mentee"


def test_name_columns_of_the_schemas_are_the_ones_protect_drops():
    dropped = {t: [n for _, n, _ in cols if n] for t, cols in privacy.IDENTITY_COLUMNS.items()}
    assert {t: c for t, c in dropped.items() if c} == schemas.PROTECTED
    for name in schemas.SCHEMAS:
        assert not [c for c in schemas.stored_schema(name).columns if "name" in c and c not in ("standard_name",)], name


def test_the_secret_is_created_once_owner_only_and_refused_inside_a_repository(tmp_path, monkeypatch):
    secret_file = tmp_path / "keys" / "district.key"
    monkeypatch.setenv(privacy.SECRET_ENV, str(secret_file))
    said = []
    first = privacy.load_secret(load_config(), say=said.append)
    assert len(first) == 64 and said and "Created the district secret" in said[0]
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert privacy.load_secret(load_config(), say=said.append) == first and len(said) == 1
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.setenv(privacy.SECRET_ENV, str(repo / "config" / "district.key"))
    with pytest.raises(UserError, match="inside the repository"):
        privacy.load_secret(load_config())
    assert not (repo / "config").exists()
    short = tmp_path / "short.key"
    short.write_text("abc\n")
    monkeypatch.setenv(privacy.SECRET_ENV, str(short))
    with pytest.raises(UserError, match="too short"):
        privacy.load_secret(load_config())


def test_the_secret_file_comes_from_the_config(tmp_path, monkeypatch):
    monkeypatch.delenv(privacy.SECRET_ENV)
    cfg = tmp_path / "district.toml"
    cfg.write_text(f'[privacy]\nsecret_file = "{tmp_path / "elsewhere.key"}"\n')
    assert privacy.secret_path(load_config(cfg)) == tmp_path / "elsewhere.key"
    assert privacy.secret_path(load_config()) == Path("~/.config/induction-analysis/district-secret.key").expanduser()


def test_the_lookup_is_written_owner_only(tmp_path):
    people = pd.DataFrame({"person_id": ["p-1"], "staff_id": ["E1"], "name": ["Ann Lee"], "roles": ["mentee"]})
    path = privacy.write_people(people, tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert privacy.names_of(privacy.read_people(tmp_path)) == {"p-1": "Ann Lee"}
    assert privacy.read_people(tmp_path / "nowhere").empty


def test_processed_tables_carry_pseudonyms_not_names_or_staff_ids(report_dir, sample_dir):
    processed = report_dir[0] / "processed"
    people = privacy.read_people(processed)
    names, staff_ids = set(people["name"].dropna()), set(people["staff_id"].dropna())
    assert len(names) > 100 and len(staff_ids) > 100
    provenance = {"source_file", "source_sheet", "source_row", "contact_id", "response_id"}
    for path in processed.glob("*.parquet"):
        frame = pd.read_parquet(path)
        for col in frame.columns.difference(sorted(provenance)):
            values = set(frame[col].dropna().astype("str"))
            assert not values & staff_ids, (path.name, col)
            assert not values & names, (path.name, col)
    # every person column holds pseudonyms the lookup knows
    roster = pd.read_parquet(processed / "roster.parquet")
    assert roster["mentee_id"].str.match(r"^(p|unlisted)-[0-9a-f]{12}$").all()
    assert set(roster["mentee_id"]) <= set(people["person_id"])
    assert os.stat(processed / "protected" / "people.parquet").st_mode & 0o077 == 0


def test_published_tables_carry_no_staff_id(report_dir):
    people = privacy.read_people(report_dir[0] / "processed")
    staff_ids = set(people["staff_id"].dropna())
    for path in (report_dir[0] / "tables").glob("*.csv"):
        frame = pd.read_csv(path, dtype="str")
        for col in frame.columns:
            assert not set(frame[col].dropna()) & staff_ids, (path.name, col)


def test_hand_built_tables_match_the_stored_schemas():
    t = table("roster", [{"school_year": "2025-26", "mentee_name": "Ann Lee", "mentor_id": "A"}])
    assert t["mentee_id"].tolist() == ["unlisted-Ann Lee"] and "mentee_name" not in t


# ---------------------------------------------------------------- suppression, end to end (point 1)
def test_no_withheld_cell_of_the_report_can_be_recovered(report_dir):
    from audit import groups_equations, proficiency_equations, recoverable

    tables = report_dir[0] / "tables"
    prof = pd.read_csv(tables / "proficiency.csv")
    assert prof["suppressed"].sum() >= 2  # the audit below is not vacuous
    for cells, equations in proficiency_equations(prof):
        assert recoverable(cells, equations) == {}
    groups = pd.read_csv(tables / "mentor_effectiveness_groups.csv")
    confidential = groups[groups["outcome"] != "still teaching in the district the next year"]
    for cells, equations in groups_equations(confidential):
        assert recoverable(cells, equations) == {}
    # a suppressed cell says so, and the n stays beside it
    hidden = prof[prof["suppressed"]]
    assert hidden[["proficient_or_better", "proficient_pct", "ci_low_pct", "ci_high_pct"]].isna().all().all()
    assert hidden["n_teachers"].notna().all()


def test_the_smallest_school_shows_no_proficiency_rate(report_dir):
    year_dir = report_dir[0]
    prof = pd.read_csv(year_dir / "tables" / "proficiency.csv")
    schools = prof[(prof["breakdown"] == "school") & (prof["school_year"] == "2025-26")]
    smallest = schools.loc[schools["n_teachers"].idxmin()]
    assert smallest["n_teachers"] < 6 and smallest["suppressed"]
    # its row on the administration page says withheld, with its n, and no percentage
    html = (year_dir / "administration-summary.html").read_text()
    row = html[html.index(f"<td>{smallest['group']}</td>") :]
    row = row[: row.index("</tr>")]
    assert "withheld (small group)" in row and f"<td>{int(smallest['n_teachers'])}</td>" in row and "%" not in row


def test_rubric_change_shows_no_group_recoverable_from_survey_items(report_dir):
    tables = report_dir[0] / "tables"
    change = pd.read_csv(tables / "rubric_change.csv")
    items = pd.read_csv(tables / "survey_items.csv")
    items = items[items["kind"] == "self_assessment"].set_index(["school_year", "item", "respondent_role", "season"])[
        "n_responses"
    ]
    shown = change[~change["suppressed"]]
    assert len(shown) > 10
    for row in shown.itertuples():
        for season in ("fall", "spring"):
            unpaired = items[(row.school_year, row.item, row.respondent_role, season)] - row.n_paired
            assert unpaired == 0 or unpaired >= 6, (row.item, season, unpaired)


def test_a_withheld_year_is_not_drawn_and_the_chart_says_so():
    from induction_analysis.report import charts

    prof = pd.DataFrame(
        {
            "school_year": ["2024-25", "2025-26"],
            "breakdown": "all new teachers",
            "group": "all new teachers",
            "rating_of": "summative",
            "n_teachers": [12, 4],
            "proficient_or_better": [9, None],
            "proficient_pct": [75.0, None],
            "ci_low_pct": [46.8, None],
            "ci_high_pct": [91.1, None],
            "suppressed": [False, True],
        }
    )
    fig, _ = charts.proficiency_chart(prof)
    ax = fig.axes[0]
    assert ax.get_title().startswith("New teachers' proficiency in 2025-26 is withheld: only 4 were rated")
    assert any("withheld" in t.get_text() for t in ax.texts)
