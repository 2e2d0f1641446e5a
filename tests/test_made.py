"""The one record of what the runs made from what (processed/protected/made.json): each part replaced alone,
whole or not at all, owner-only; what is kept of a year folder no longer there is dropped."""

import json
import os
import stat

import pytest

from induction_analysis import made


def test_each_part_is_replaced_and_the_other_kept(tmp_path):
    protected = tmp_path / "processed" / "protected"
    assert made.read(protected) == {} and made.part(protected, made.FILE_CACHE) is None
    made.replace(protected, made.FILE_CACHE, {"generation": "g-1"})
    year = tmp_path / "reports" / "2025-26"
    year.mkdir(parents=True)
    made.replace_report(protected, year, {"pages": {"index.html": {"inputs": "abc", "sha256": "def"}}})
    made.replace(protected, made.FILE_CACHE, {"generation": "g-2"})
    record = json.loads((protected / "made.json").read_text(encoding="utf-8"))
    assert record == {
        "format": 1,
        "file cache": {"generation": "g-2"},
        "reports": {year.resolve().as_posix(): {"pages": {"index.html": {"inputs": "abc", "sha256": "def"}}}},
    }
    assert made.report(protected, year) == {"pages": {"index.html": {"inputs": "abc", "sha256": "def"}}}
    assert made.report(protected, tmp_path / "reports" / "2024-25") == {}
    assert [p.name for p in protected.iterdir()] == ["made.json"]  # no copy left beside it
    if os.name != "nt":
        assert stat.S_IMODE((protected / "made.json").stat().st_mode) == 0o600
        assert stat.S_IMODE(protected.stat().st_mode) == 0o700


def test_a_year_folder_no_longer_there_is_dropped_when_another_is_kept(tmp_path):
    protected, old, new = tmp_path / "protected", tmp_path / "old" / "2025-26", tmp_path / "new" / "2025-26"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    made.replace_report(protected, old, {"pages": {}})
    made.replace_report(protected, new, {"pages": {}})
    assert sorted(made.part(protected, made.REPORTS)) == sorted([old.resolve().as_posix(), new.resolve().as_posix()])
    old.rmdir()
    made.replace_report(protected, new, {"pages": {"a.html": {}}})
    assert made.part(protected, made.REPORTS) == {new.resolve().as_posix(): {"pages": {"a.html": {}}}}


@pytest.mark.parametrize(
    "text, reason",
    [
        ('{"format": 1, "file cache": {"gen', "not JSON"),
        ('{"format": 0}', "not a record of this version"),
        ("[]", "not"),
    ],
)
def test_an_unreadable_record_is_said_and_replaced_whole(tmp_path, text, reason):
    """A record cut short, edited or of another version: reading it says so; its parts count as absent; the next
    part written starts a new record (nothing is kept on an unreadable record's word)."""
    (tmp_path / "made.json").write_text(text, encoding="utf-8")
    with pytest.raises(made.RecordUnreadable, match=reason):
        made.read(tmp_path)
    assert made.part(tmp_path, made.FILE_CACHE) is None and made.report(tmp_path, tmp_path) == {}
    made.replace(tmp_path, made.REPORTS, {})
    assert made.read(tmp_path) == {"format": 1, "reports": {}}


def test_a_write_that_fails_leaves_the_last_record(tmp_path, monkeypatch):
    made.replace(tmp_path, made.FILE_CACHE, {"generation": "g-1"})

    def fail(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(made.os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        made.replace(tmp_path, made.FILE_CACHE, {"generation": "g-2"})
    assert made.part(tmp_path, made.FILE_CACHE) == {"generation": "g-1"}
    assert [p.name for p in tmp_path.iterdir()] == ["made.json"]
