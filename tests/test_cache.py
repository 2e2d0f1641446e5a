"""The cache of normalized files: a rerun reads again only the files that changed, and gives
exactly what reading every file again gives."""

import json
import shutil
import stat

import openpyxl
import pandas as pd
import pytest

from induction_analysis import ingest
from induction_analysis.cache import CACHE_DIR, FILE_COLUMN, INDEX_FILE, FileCache
from induction_analysis.config import load_config

SECRET = b"test-secret-for-the-cache"


@pytest.fixture()
def raw(sample_dir, tmp_path):
    """A small district: the HR export, the roster, this year's first six log workbooks, an exit
    ticket export, the program survey and one budget."""
    out = tmp_path / "raw"
    picks = [*sorted(sample_dir.glob("HR/*")), *sorted(sample_dir.glob("pairings/*"))[-1:],
             *sorted(sample_dir.glob("logs/2025-26/*.xlsx"))[:6], *sorted(sample_dir.glob("exit_tickets/*"))[-1:],
             *sorted(sample_dir.glob("surveys/*"))[-1:], *sorted(sample_dir.glob("budget/*"))[-1:]]
    for path in picks:
        target = out / path.relative_to(sample_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return out


def run(raw, folder, config=None):
    """An ingest with the cache in ``folder``: (result, the files read)."""
    read = []
    progress = lambda line: read.append(line.split("] ", 1)[1]) if line.startswith("[") else None  # noqa: E731
    config = config or load_config()
    result = ingest.ingest(raw, config, progress=progress, secret=SECRET, cache=FileCache(folder, config))
    return result, read


def assert_same(a, b):
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)
    pd.testing.assert_frame_equal(a.data_quality, b.data_quality)
    pd.testing.assert_frame_equal(a.issues, b.issues)
    pd.testing.assert_frame_equal(a.people, b.people)
    assert a.config_lines == b.config_lines


def add_minutes(path, minutes=15):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        if any(str(c.value).strip() == "Minutes" for c in row):
            col = next(c.column for c in row if str(c.value).strip() == "Minutes")
            cell = sheet.cell(row=row[0].row + 1, column=col)
            cell.value = int(cell.value) + minutes
            book.save(path)
            return
    raise AssertionError("no Minutes column")


def test_a_rerun_reads_no_file_again_and_gives_the_same_tables(raw, tmp_path):
    first, read_first = run(raw, tmp_path / "p")
    again, read_again = run(raw, tmp_path / "p")
    assert len(read_first) == 11 and read_again == []
    assert_same(first, again)
    folder = tmp_path / "p" / CACHE_DIR
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # rows hold names: the owner's only, like the people lookup
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_one_file_fixed_is_the_only_one_read_and_the_tables_are_as_if_all_were_read(raw, tmp_path):
    run(raw, tmp_path / "p")
    log = sorted(raw.glob("logs/2025-26/*.xlsx"))[2]
    add_minutes(log)
    (raw / "budget" / "notes.pdf").write_bytes(b"%PDF-1.4")
    warm, read = run(raw, tmp_path / "p")
    cold, _ = run(raw, tmp_path / "cold")
    assert read == [log.relative_to(raw).as_posix()]
    assert_same(warm, cold)
    contacts = warm.tables["collaborative_log"]
    assert contacts["source_file"].is_monotonic_increasing  # rows in the order of the files, as when all are read
    assert "budget/notes.pdf" in set(warm.data_quality["file"])


def test_a_removed_file_leaves_the_cache(raw, tmp_path):
    run(raw, tmp_path / "p")
    gone = sorted(raw.glob("logs/2025-26/*.xlsx"))[0]
    gone.unlink()
    warm, read = run(raw, tmp_path / "p")
    assert read == []
    assert gone.relative_to(raw).as_posix() not in set(warm.tables["collaborative_log"]["source_file"])
    index = json.loads((tmp_path / "p" / CACHE_DIR / INDEX_FILE).read_text())
    assert gone.relative_to(raw).as_posix() not in index["files"] and len(index["files"]) == 10
    assert_same(warm, run(raw, tmp_path / "cold")[0])


def test_another_config_or_a_damaged_cache_reads_every_file_again(raw, tmp_path):
    run(raw, tmp_path / "p")
    cfg = tmp_path / "district.toml"
    cfg.write_text('[district]\nname = "Other Regional"\n')
    _, read = run(raw, tmp_path / "p", load_config(cfg))
    assert len(read) == 11
    (tmp_path / "p" / CACHE_DIR / INDEX_FILE).write_text("{not json")
    _, read = run(raw, tmp_path / "p", load_config(cfg))
    assert len(read) == 11
    run(raw, tmp_path / "p")
    for table in (tmp_path / "p" / CACHE_DIR).glob("collaborative_log.parquet"):
        table.write_bytes(b"PAR1 truncated")
    result, read = run(raw, tmp_path / "p")
    assert len(read) == 11
    assert_same(result, run(raw, tmp_path / "cold")[0])


def test_files_read_by_two_processes_give_what_one_gives(raw, monkeypatch):
    monkeypatch.setattr(ingest, "PARALLEL_FROM_MB", 0)
    lines = []
    parallel = ingest.ingest(raw, load_config(), progress=lines.append, secret=SECRET, workers=2)
    assert any("files read (2 processes)" in line for line in lines)
    assert_same(parallel, ingest.ingest(raw, load_config(), secret=SECRET))


def test_reading_processes_started_first_read_the_files_in_the_files_order(raw, monkeypatch):
    """The reading process ``ingest`` starts before importing pandas reads as its own would, and every
    table's rows come back in the files' order whichever process read which share (not sorted again)."""
    from induction_analysis import reading_processes

    monkeypatch.setattr(ingest, "PARALLEL_FROM_MB", 0)
    monkeypatch.setattr(reading_processes, "PARALLEL_FROM_MB", 0)
    assert reading_processes.large(raw)
    files = [(p.relative_to(raw).as_posix(), p) for p in ingest.raw_files(raw) if p.suffix in (".xlsx", ".csv")]
    rank = {relative: n for n, (relative, _) in enumerate(files)}
    with reading_processes.start(2) as pool:
        read = ingest._read_all(files, load_config(), 2, None, pool)
        lines = []
        parallel = ingest.ingest(raw, load_config(), progress=lines.append, secret=SECRET, workers=2, pool=pool)
    for name, frames in read.tables.items():
        if name != ingest.ISSUES_PART:
            ranks = pd.concat(frames)[FILE_COLUMN].map(rank)
            assert ranks.is_monotonic_increasing, name
    assert any("files read (2 processes)" in line for line in lines)
    assert_same(parallel, ingest.ingest(raw, load_config(), secret=SECRET))


def test_a_small_folder_is_read_in_one_process(tmp_path, monkeypatch):
    from induction_analysis import reading_processes

    (tmp_path / "a.csv").write_bytes(b"x" * 3000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_bytes(b"x" * 3000)
    monkeypatch.setattr(reading_processes, "PARALLEL_FROM_MB", 5000 / 2**20)
    assert not reading_processes.large(tmp_path / "sub")  # 3,000 bytes
    assert reading_processes.large(tmp_path)  # 6,000 bytes, the folder's and its subfolder's


def test_batched_kinds_give_what_file_by_file_gives(sample_dir, monkeypatch):
    """The sample's logs, rosters (one per year) and budgets normalized together, kind by kind, give the
    rows, problems and counts that normalizing each file alone gives."""
    batched = ingest.ingest(sample_dir, load_config(), secret=SECRET)
    assert {"collaborative_log", "roster", "costs"} <= set(ingest.BATCHED_KINDS)
    monkeypatch.setattr(ingest, "BATCHED_KINDS", ())
    assert_same(batched, ingest.ingest(sample_dir, load_config(), secret=SECRET))


def test_shares_are_runs_of_neighbouring_files_of_about_equal_cost(tmp_path):
    sizes = [0] * 30 + [3_000_000] + [0] * 9  # many small files, one large
    todo = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"{i:02d}.csv"
        path.write_bytes(b"x" * size)
        todo.append((path.name, path))
    shares = ingest._shares(todo, 4)  # 7,000,000 bytes' worth: 1,750,000 a share
    assert [item for share in shares for item in share] == todo  # every file once, in order
    assert [len(share) for share in shares] == [18, 13, 9]  # 18 small; 12 small and the large; the rest
    assert ingest._shares([], 4) == []
