"""Hostile or broken files are refused with a clear message, and the run goes on (issue 6, point 4)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import DefusedXmlException
from helpers import write_csv, write_xlsx

from induction_analysis.config import load_config
from induction_analysis.errors import UserError
from induction_analysis.ingest import ingest, readers

PACKAGE = Path(__file__).parents[1] / "induction_analysis"

LAUGHS = (
    b"<!DOCTYPE lolz [<!ENTITY lol0 'lol'>"
    + b"".join(b"<!ENTITY lol%d '%s'>" % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    + b"]>"
)
EXTERNAL = b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _roster(path: Path) -> Path:
    return write_xlsx(
        path,
        {
            "Roster": [
                ["School Year", "Staff ID", "Mentee Name", "Mentor Name", "School"],
                ["2025-26", "T1", "Ann Lee", "Mary Major", "Oak"],
            ]
        },
    )


def _with_dtd(path: Path, dtd: bytes, part: str = "xl/workbook.xml") -> Path:
    """Put a document type declaration in one XML part of an .xlsx, as an attacker would."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    body = parts[part].split(b"?>", 1)[-1] if parts[part].startswith(b"<?xml") else parts[part]
    parts[part] = b'<?xml version="1.0" encoding="UTF-8"?>\n' + dtd + b"\n" + body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


@pytest.mark.parametrize("payload", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_xml_entity_attacks_are_refused_before_parsing(tmp_path, payload):
    book = _with_dtd(_roster(tmp_path / "roster.xlsx"), payload)
    with pytest.raises(readers.UnreadableFile, match=r"xl/workbook.xml .*declares XML entities.*XML attack"):
        readers.read_grids(book)
    # openpyxl, which writes the workbooks, parses XML through defusedxml too
    assert openpyxl.xml.DEFUSEDXML is True
    with pytest.raises(ValueError) as refused:
        openpyxl.load_workbook(book)
    assert isinstance(refused.value.__cause__, DefusedXmlException)


def test_zip_bomb_is_refused_by_its_unpacked_size(tmp_path):
    book = _roster(tmp_path / "roster.xlsx")
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", bytes(60 * 1024 * 1024))  # 60 MB of zeros: about 60 KB packed
    assert book.stat().st_size < 1024 * 1024
    with pytest.raises(readers.UnreadableFile, match=r"unpack to 60 MB .*possible zip bomb"):
        readers.read_grids(book)
    with pytest.raises(readers.UnreadableFile, match=r"unpack to 60 MB"):
        readers.read_grids(book, readers.Limits(max_uncompressed_mb=10, max_compression_ratio=10_000))


def test_file_size_and_sheet_count_limits(tmp_path):
    csv_file = write_csv(
        tmp_path / "hr.csv", [["Staff ID", "School Year"]] + [[f"T{i}", "2025-26"] for i in range(2000)]
    )
    with pytest.raises(readers.UnreadableFile, match=r"over the limit of 0 MB \(\[limits\] max_file_mb"):
        readers.read_grids(csv_file, readers.Limits(max_file_mb=0.01))
    book = write_xlsx(tmp_path / "logs.xlsx", {f"Month {i}": [["Date", "Mentee", "Minutes"]] for i in range(5)})
    with pytest.raises(readers.UnreadableFile, match=r"has 5 sheets, over the limit of 3"):
        readers.read_grids(book, readers.Limits(max_sheets=3))
    assert len(readers.read_grids(book, readers.Limits(max_sheets=5))) == 5


def test_a_hostile_file_is_named_and_the_run_goes_on(tmp_path):
    raw = tmp_path / "raw"
    _with_dtd(_roster(raw / "bad roster.xlsx"), LAUGHS, "xl/worksheets/sheet1.xml")
    _roster(raw / "roster.xlsx")
    (raw / "archive.xlsx").write_bytes(b"PK\x03\x04 this is not a zip")
    result = ingest.ingest(raw, load_config())
    dq = result.data_quality.set_index("file")
    assert dq.loc["bad roster.xlsx", "rows_read"] == 0
    assert "possible XML attack" in dq.loc["bad roster.xlsx", "problem"]
    assert dq.loc["archive.xlsx", "problem"].startswith("not read: the workbook could not be opened")
    assert dq.loc["roster.xlsx", "rows_accepted"] == 1 and len(result.tables["roster"]) == 1


def test_limits_come_from_the_config(tmp_path):
    cfg = tmp_path / "district.toml"
    cfg.write_text("[limits]\nmax_sheets = 2\n")
    limits = readers.Limits.from_config(load_config(cfg)["limits"])
    assert limits.max_sheets == 2 and limits.max_file_mb == 200


def test_no_pickle_eval_or_exec_of_input_in_the_package():
    """Input is parsed as data only: the package never unpickles, evals or execs anything."""
    pattern = re.compile(r"\b(pickle|read_pickle|eval|exec|marshal|shelve)\b\s*[(.]|yaml\.load\(|yaml\.unsafe_load")
    offenders = [
        f"{p.name}:{n}"
        for p in PACKAGE.rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_paths_in_the_config_stay_inside_the_project(tmp_path):
    project = tmp_path / "district"
    project.mkdir()
    (project / "rubric.csv").write_text((PACKAGE / "frameworks" / "MA-2012.csv").read_text())
    good = project / "ok.toml"
    good.write_text('[frameworks]\nby_year = { "2024-25" = "rubric.csv" }\n')
    assert load_config(good).framework_name("2024-25") == str((project / "rubric.csv").resolve())
    (tmp_path / "outside.csv").write_text("x")
    for value in ("../outside.csv", "/etc/passwd"):
        bad = project / "bad.toml"
        bad.write_text(f'[frameworks]\nby_year = {{ "2024-25" = "{value}" }}\n')
        with pytest.raises(UserError, match=r"outside the project folder"):
            load_config(bad)
