"""Two runs on the same folders (issue 24): one waits for the other or says which folder is busy; a run killed
leaves a lock the next one takes over; a run whose canonical tables do not hold the rows the data-quality table
reports stops before writing anything. ``benchmarks/two_runs_at_once.py`` does twenty rounds of the whole run."""

import shutil
import subprocess
import sys
import tempfile
import threading
import time

import pandas as pd
import pytest

from induction_analysis import cli, folder_lock
from induction_analysis.ingest import ingest, quality

pytestmark = pytest.mark.slow


@pytest.fixture()
def small_raw(sample_dir, tmp_path):
    """The HR export, a roster, four logs, an exit ticket and the program survey."""
    out = tmp_path / "raw"
    picks = [
        *sorted(sample_dir.glob("HR/*"))[:1],
        *sorted(sample_dir.glob("pairings/*"))[-1:],
        *sorted(sample_dir.glob("logs/2025-26/*.xlsx"))[:4],
        *sorted(sample_dir.glob("exit_tickets/*"))[-1:],
        *sorted(sample_dir.glob("surveys/*"))[-1:],
    ]
    for path in picks:
        target = out / path.relative_to(sample_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return out


def start(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "induction_analysis", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tempfile.gettempdir(),
    )


def ingest_now(raw, processed, wait: str) -> subprocess.CompletedProcess:
    """One `induction-analysis ingest`, run to its end; its console apart (stdout, stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "induction_analysis", "ingest", "--raw", str(raw), "--processed", str(processed)]
        + ["--wait", wait],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )


def tables(processed):
    return {path.name: pd.read_parquet(path) for path in sorted(processed.glob("*.parquet"))}


def assert_same_tables(a, b):
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=name)


def test_two_ingests_started_together_then_one_give_a_clean_ingest_s_tables(small_raw, tmp_path):
    """Four rounds of two ``ingest`` commands started at the same moment on one processed folder, then one more,
    with a log changed before each round (so that every run reads and saves): every command finishes, never both
    of a pair write at once (when they meet, one says the folder is busy and waits), and the last one's tables are
    those of an ingest into a fresh folder. Before the lock, one of two such runs stopped with 'Cannot save file
    into a non-existent directory', and the next run could take most files from a cache that had lost them."""
    from test_cache import add_minutes

    log = sorted(small_raw.glob("logs/2025-26/*.xlsx"))[0]
    versions = [log.read_bytes()]
    add_minutes(log)
    versions.append(log.read_bytes())
    clean = []
    for n, version in enumerate(versions):
        log.write_bytes(version)
        done = start("ingest", "--raw", str(small_raw), "--processed", str(tmp_path / f"clean-{n}"))
        assert done.wait() == 0, done.stdout.read()
        clean.append(tables(tmp_path / f"clean-{n}"))
    shared, met = tmp_path / "shared", 0
    for round_ in range(4):
        log.write_bytes(versions[round_ % 2])
        pair = [start("ingest", "--raw", str(small_raw), "--processed", str(shared)) for _ in range(2)]
        outputs = [p.communicate()[0] for p in pair]
        assert [p.returncode for p in pair] == [0, 0], outputs
        waited = [text for text in outputs if f"{shared} is busy: a run started " in text]
        assert len(waited) <= 1, outputs
        for text in waited:
            assert "waiting up to 600 s for it to finish" in text and f"{shared} is free" in text
        met += len(waited)
        third = start("ingest", "--raw", str(small_raw), "--processed", str(shared))
        assert third.wait() == 0
        assert_same_tables(tables(shared), clean[round_ % 2])
    assert met >= 1  # the runs did meet (a run's imports take longer than the gap between two starts)


def hold_in_a_thread(folder, seconds: float) -> threading.Thread:
    """The folder held by this process for ``seconds``, as another run would hold it."""
    held = threading.Event()

    def hold():
        with folder_lock.hold([folder], 0, say=lambda line: None):
            held.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    return thread


def test_a_second_run_that_waits_too_long_stops_without_writing_anything(small_raw, tmp_path):
    out = tmp_path / "reports"
    holder = hold_in_a_thread(out, 8)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "induction_analysis",
            "run",
            "--raw",
            str(small_raw),
            "--year",
            "2025-26",
            "--out",
            str(out),
            "--wait",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    holder.join()
    assert done.returncode == 2
    assert f"{out} is busy: a run started " in done.stdout and "waiting up to 1 s for it to finish" in done.stdout
    assert len(done.stderr.strip().splitlines()) == 1  # one line, no traceback
    assert f"{out} is still busy after 1 s" in done.stderr and "nothing was written" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == [folder_lock.LOCK_FILE]  # the holder's note went with it


def test_a_run_waits_for_the_other_then_goes_on(small_raw, tmp_path):
    processed = tmp_path / "processed"
    holder = hold_in_a_thread(processed, 2)
    done = ingest_now(small_raw, processed, wait="60")
    holder.join()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        lines[0].startswith(f"{processed} is busy: a run started ")
        and lines[1] == f"{processed} is free: the other run has finished; going on."
    )
    assert (processed / "collaborative_log.parquet").is_file()


def test_the_lock_of_a_killed_run_is_taken_over(small_raw, tmp_path):
    """A run killed while it held the folder: the operating system let go of its lock, its note is still there."""
    processed = tmp_path / "processed"
    killed = start("ingest", "--raw", str(small_raw), "--processed", str(processed))
    deadline = time.monotonic() + 60
    while not (processed / folder_lock.HOLDER_FILE).is_file():
        assert time.monotonic() < deadline and killed.poll() is None
        time.sleep(0.05)
    killed.kill()
    killed.wait()
    assert (processed / folder_lock.HOLDER_FILE).is_file()
    done = ingest_now(small_raw, processed, wait="5")
    assert done.returncode == 0, done.stderr
    assert f"{processed}: a run started " in done.stdout and f"(process {killed.pid} on " in done.stdout
    assert "stopped without finishing; its lock is taken over." in done.stdout
    assert not (processed / folder_lock.HOLDER_FILE).exists()


def test_canonical_tables_that_lost_rows_stop_the_run_before_any_report(small_raw, tmp_path, monkeypatch, capsys):
    """The run checks itself: when the canonical tables do not hold the rows the data-quality table reports as
    used (as when a damaged cache gave a kind's files back empty), it stops with one line and writes nothing."""
    original = ingest.ingest

    def losing_rows(*args, **kwargs):
        result = original(*args, **kwargs)
        survey = result.tables["stakeholder_survey"]
        result.tables["stakeholder_survey"] = survey.iloc[: len(survey) // 3].reset_index(drop=True)
        return result

    monkeypatch.setattr(ingest, "ingest", losing_rows)
    out = tmp_path / "reports"
    assert cli.main(["run", "--raw", str(small_raw), "--year", "2025-26", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(
        "induction-analysis: the canonical tables do not hold the rows the data-quality table reports as used, "
        "in 1 file(s) (stakeholder_survey: "
    )
    assert "no report was written" in err
    year = out / "2025-26"  # what it holds: the cache of the files read (processed/protected/cache), no table, no page
    assert (
        not (year / "tables").exists() and not list(year.glob("*.html")) and not list(year.glob("processed/*.parquet"))
    )


def test_count_mismatches_per_file_counts_distinct_source_rows():
    dq = pd.DataFrame(
        {
            "file": ["a.csv", "b.xlsx", "notes.pdf", "c.csv"],
            "kind": ["exit_ticket", "exit_ticket", None, "costs"],
            "rows_accepted": [2, 3, 0, 1],
        }
    )
    exit_ticket = pd.DataFrame(
        {
            "source_file": ["a.csv"] * 4 + ["b.xlsx"] * 2,
            "source_sheet": [None] * 4 + ["Form1", "Form1"],
            "source_row": [2, 2, 3, 3, 2, 4],
        }
    )  # two answers each of two rows; two rows of three
    costs = pd.DataFrame({"source_file": ["c.csv", "d.csv"], "source_sheet": [None, None], "source_row": [2, 2]})
    found = quality.count_mismatches({"exit_ticket": exit_ticket, "costs": costs}, dq)
    assert found.to_dict("records") == [
        {"kind": "exit_ticket", "file": "b.xlsx", "rows_accepted": 3, "rows_in_table": 2},
        {"kind": "(no file of the data-quality table)", "file": "d.csv", "rows_accepted": 0, "rows_in_table": 1},
    ]
    assert quality.count_mismatches(
        {"exit_ticket": exit_ticket.iloc[:0], "costs": costs.iloc[:1]}, dq.iloc[[2, 3]]
    ).empty
