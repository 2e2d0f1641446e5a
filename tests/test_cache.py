"""The cache of normalized files: a rerun reads again only the files that changed, and gives
exactly what reading every file again gives."""

import shutil
import stat

import openpyxl
import pandas as pd
import pytest

from induction_analysis import made
from induction_analysis.config import load_config
from induction_analysis.ingest import ingest, reading
from induction_analysis.ingest.cache import CACHE_DIR, FILE_COLUMN, FileCache

SECRET = b"test-secret-for-the-cache"


@pytest.fixture()
def raw(sample_dir, tmp_path):
    """A small district: the HR export, the roster, this year's first six log workbooks, an exit
    ticket export, the program survey and one budget."""
    out = tmp_path / "raw"
    picks = [
        *sorted(sample_dir.glob("HR/*")),
        *sorted(sample_dir.glob("pairings/*"))[-1:],
        *sorted(sample_dir.glob("logs/2025-26/*.xlsx"))[:6],
        *sorted(sample_dir.glob("exit_tickets/*"))[-1:],
        *sorted(sample_dir.glob("surveys/*"))[-1:],
        *sorted(sample_dir.glob("budget/*"))[-1:],
    ]
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
    inside = list(folder.rglob("*"))
    assert inside and all(stat.S_IMODE(p.stat().st_mode) == (0o700 if p.is_dir() else 0o600) for p in inside)


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
    index = made.read(tmp_path / "p")[made.FILE_CACHE]
    assert gone.relative_to(raw).as_posix() not in index["files"] and len(index["files"]) == 10
    assert_same(warm, run(raw, tmp_path / "cold")[0])


def test_another_config_or_a_damaged_cache_reads_every_file_again(raw, tmp_path):
    run(raw, tmp_path / "p")
    cfg = tmp_path / "district.toml"
    cfg.write_text('[district]\nname = "Other Regional"\n')
    _, read = run(raw, tmp_path / "p", load_config(cfg))
    assert len(read) == 11
    made.record_path(tmp_path / "p").write_text("{not json")
    _, read = run(raw, tmp_path / "p", load_config(cfg))
    assert len(read) == 11
    run(raw, tmp_path / "p")
    tables = list((tmp_path / "p" / CACHE_DIR).rglob("collaborative_log.parquet"))
    assert len(tables) == 1
    for table in tables:
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
    from induction_analysis.ingest import reading_processes

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
    from induction_analysis.ingest import reading_processes

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
    assert {"collaborative_log", "roster", "costs"} <= set(reading.BATCHED_KINDS)
    monkeypatch.setattr(reading, "BATCHED_KINDS", ())
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


# --- A cache that cannot lie (issue 24): interrupted saves, damaged indexes and tables, two saves at once ---


class Killed(BaseException):
    """A save stopped where it stood, as when its process is killed (not an error the run could catch)."""


@pytest.fixture()
def small_raw(sample_dir, tmp_path):
    """Four kinds in seven files: the HR export, a roster, three logs, the program survey, an exit ticket."""
    out = tmp_path / "small"
    picks = [
        *sorted(sample_dir.glob("HR/*"))[:1],
        *sorted(sample_dir.glob("pairings/*"))[-1:],
        *sorted(sample_dir.glob("logs/2025-26/*.xlsx"))[:3],
        *sorted(sample_dir.glob("surveys/*"))[-1:],
        *sorted(sample_dir.glob("exit_tickets/*"))[-1:],
    ]
    for path in picks:
        target = out / path.relative_to(sample_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return out


def generation(folder):
    """The folder of table files the cache's index names."""
    return folder / CACHE_DIR / made.read(folder)[made.FILE_CACHE]["generation"]


def fails_at(monkeypatch, target, name, call):
    """``target.name`` raises :class:`Killed` at its ``call``-th call (1 = the first)."""
    original, calls = getattr(target, name), []

    def stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == call:
            raise Killed(f"{name}, call {call}")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, stop)


@pytest.mark.parametrize(
    "step, call",
    [
        ("_write_table", 1),
        ("_write_table", 3),
        ("_write_table", 5),
        ("fsync_folder", 1),
        ("replace", 1),
        ("_remove_old", 1),
    ],
)
def test_a_save_killed_at_any_step_leaves_a_cache_the_next_run_can_trust(small_raw, tmp_path, monkeypatch, step, call):
    """Last run's cache, then a run whose save is stopped at one step (writing the 1st, 3rd or 5th table file,
    flushing the generation, putting the index in place, removing the old generation): the next run gives
    what reading every file gives."""
    import induction_analysis.ingest.cache as cache_module

    run(small_raw, tmp_path / "p")
    log = sorted(small_raw.glob("logs/2025-26/*.xlsx"))[1]
    add_minutes(log)  # the interrupted run has something new to save
    with monkeypatch.context() as patch:
        fails_at(patch, cache_module.os if step == "replace" else cache_module, step, call)
        with pytest.raises(Killed):
            run(small_raw, tmp_path / "p")
    assert not [p for p in (tmp_path / "p").rglob("*.partial")]  # nothing half-written is left
    warm, read = run(small_raw, tmp_path / "p")
    assert_same(warm, run(small_raw, tmp_path / "cold")[0])
    if step == "_remove_old":  # the index was in place: only the fixed log was read by the stopped run, none now
        assert read == []
    else:  # the last complete save is still the one in use: only the fixed log is read again
        assert read == [log.relative_to(small_raw).as_posix()]


def test_an_index_that_lists_a_missing_table_reads_every_file_again_and_says_so(small_raw, tmp_path):
    run(small_raw, tmp_path / "p")
    (generation(tmp_path / "p") / "stakeholder_survey.parquet").unlink()
    lines = []
    result = ingest.ingest(
        small_raw, load_config(), progress=lines.append, secret=SECRET, cache=FileCache(tmp_path / "p", load_config())
    )
    damaged = [line for line in lines if "damaged" in line]
    assert (
        len(damaged) == 1
        and "stakeholder_survey.parquet is missing" in damaged[0]
        and "every file is read again" in damaged[0]
    )
    assert len([line for line in lines if line.startswith("[")]) == 7
    clean = run(small_raw, tmp_path / "cold")[0]
    assert_same(result, clean)
    again, read = run(small_raw, tmp_path / "p")  # the damaged cache was replaced by a whole one
    assert read == []
    assert_same(again, clean)


def test_an_index_edited_to_list_a_table_that_is_not_there(small_raw, tmp_path):
    run(small_raw, tmp_path / "p")
    index = made.read(tmp_path / "p")[made.FILE_CACHE]
    index["tables"]["evaluation"] = {"file": "evaluation.parquet", "rows": 12, "sha256": "0" * 64}
    made.replace(tmp_path / "p", made.FILE_CACHE, index)
    result, read = run(small_raw, tmp_path / "p")
    assert len(read) == 7
    assert_same(result, run(small_raw, tmp_path / "cold")[0])


@pytest.mark.parametrize("damage", ["fewer rows", "rows count edited"])
def test_a_table_that_is_not_the_one_its_index_describes_is_not_used(small_raw, tmp_path, damage):
    """A table file replaced by a valid one with fewer rows (what a second run's save did to the first's), or an
    index whose row count disagrees with the file: neither is used; every file is read again."""
    run(small_raw, tmp_path / "p")
    table = generation(tmp_path / "p") / "stakeholder_survey.parquet"
    if damage == "fewer rows":
        frame = pd.read_parquet(table)
        frame.head(len(frame) // 2).to_parquet(table, index=False)
    else:
        index = made.read(tmp_path / "p")[made.FILE_CACHE]
        index["tables"]["stakeholder_survey"]["rows"] -= 1
        made.replace(tmp_path / "p", made.FILE_CACHE, index)
    lines = []
    result = ingest.ingest(
        small_raw, load_config(), progress=lines.append, secret=SECRET, cache=FileCache(tmp_path / "p", load_config())
    )
    assert any("damaged" in line and "stakeholder_survey.parquet" in line for line in lines)
    assert_same(result, run(small_raw, tmp_path / "cold")[0])


def test_two_saves_at_once_each_finish_and_the_cache_stays_true(small_raw, tmp_path, monkeypatch):
    """A second ingest's whole save runs in the middle of the first's (between two of its table files), on one
    cache folder: both saves finish (today's bug: 'Cannot save file into a non-existent directory'), and the
    next run's tables are a clean run's."""
    original, calls = pd.DataFrame.to_parquet, []

    def interleaved(frame, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first save has written one table: the second ingest runs and saves whole
            with monkeypatch.context() as inner:
                inner.setattr(pd.DataFrame, "to_parquet", original)
                run(small_raw, tmp_path / "p")
        return original(frame, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", interleaved)
    run(small_raw, tmp_path / "p")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", original)
    assert len(calls) > 2
    warm, read = run(small_raw, tmp_path / "p")
    assert read == []
    assert_same(warm, run(small_raw, tmp_path / "cold")[0])


def test_the_code_fingerprint_covers_the_libraries_versions(monkeypatch):
    """A rerun keeps nothing made by other versions of the libraries: an upgrade of pandas (say) can change a
    table as a change of the code can, so the fingerprint of the code holds each required library's version."""
    from importlib import metadata

    import pandas

    from induction_analysis.ingest import cache

    versions = cache.library_versions()
    assert f"pandas=={pandas.__version__}" in versions and any(v.startswith("scikit-learn==") for v in versions)
    assert any(v.startswith("numpy==") for v in versions)
    before = cache.code_fingerprint()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "0.0" if name == "pandas" else real(name))
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.code_fingerprint() != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == before
