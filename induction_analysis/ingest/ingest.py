"""Ingest: every raw file -> recognized, normalized, validated canonical tables + data-quality tables.

The only module that reads raw files. Raw files are opened read-only and never
modified. For every file, rows read = rows accepted + rows rejected.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from induction_analysis import exports, privacy
from induction_analysis.config import Config
from induction_analysis.errors import UserError
from induction_analysis.ingest import quality, readers, reading_processes, recognize, schemas
from induction_analysis.ingest.cache import FILE_COLUMN, CacheDamaged, FileCache, Kept, file_key
from induction_analysis.ingest.normalize import (
    ISSUE_COLUMNS,
    Source,
    classify_positions,
    id_text,
    normalize,
    schema_failures,
)
from induction_analysis.ingest.parsing import each_value_once, name_key
from induction_analysis.ingest.reading import (
    ASSUMPTION_COLUMNS,
    ASSUMPTIONS_PART,
    ISSUES_PART,
    FileResult,
    Share,
    read_files,
    suggest,
)
from induction_analysis.ingest.reading_processes import PARALLEL_FROM_MB

DATA_QUALITY_COLUMNS = ["file", "kind", "rows_read", "rows_accepted", "rows_rejected", "rows_with_warnings", "problem"]
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "readme.md", "readme.txt"}
JOB_TITLE_COLUMNS = ["position", "staff_years", "is_teacher", "why"]


@dataclass
class IngestResult:
    tables: dict[str, pd.DataFrame]
    data_quality: pd.DataFrame
    issues: pd.DataFrame  # file, sheet, row, column, reason, severity (rejected | warning)
    people: pd.DataFrame  # the protected lookup: person_id, staff_id, name, roles
    config_lines: dict[str, list[str]] = field(
        default_factory=dict
    )  # TOML lines that would map what was not recognized
    questions: pd.DataFrame | None = None  # how each survey question was read (quality.survey_questions)
    # what was assumed about each file (ASSUMPTION_COLUMNS), and every job title of the HR exports classified
    # (JOB_TITLE_COLUMNS)
    assumptions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ASSUMPTION_COLUMNS))
    job_titles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=JOB_TITLE_COLUMNS))

    def config_snippet(self) -> str:
        """The lines to add to a district config, by section, ready to paste: valid TOML, one key per
        column (the headers several files suggest for it merged into one list)."""
        return recognize.config_snippet(self.config_lines)

    @property
    def rejected_rows(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "rejected"].drop(columns="severity").reset_index(drop=True)

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "warning"].drop(columns="severity").reset_index(drop=True)

    def summary(self) -> dict[str, int]:
        return quality.totals(self.data_quality)


def raw_files(raw_dir: Path) -> list[Path]:
    """Every file under ``raw_dir``, in a stable order; hidden files and Excel lock files are not exports."""
    return sorted(
        p
        for p in raw_dir.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
        and not p.name.startswith("~$")
        and p.name.lower() not in SKIPPED_NAMES
    )


CHUNKS_PER_WORKER = 8  # shares per process: progress to show, and no process left waiting long for another


FILE_COST_BYTES = 100_000  # what reading a file costs beyond its bytes (opening, header, recognition), in bytes' worth


def _shares(todo: list[tuple[str, Path]], n: int) -> list[list[tuple[str, Path]]]:
    """``todo`` cut into about ``n`` runs of files next to each other (a folder's files mostly in one run, so
    that a batched kind's files are normalized together) that cost about as much to read each."""
    costs = [FILE_COST_BYTES + path.stat().st_size for _, path in todo]
    each, shares, run, spent = sum(costs) / n, [], [], 0.0
    for item, cost in zip(todo, costs):
        run.append(item)
        spent += cost
        if spent >= each:
            shares.append(run)
            run, spent = [], 0.0
    return shares + [run] if run else shares


def _read_all(
    todo: list[tuple[str, Path]],
    config: Config,
    workers: int,
    progress: Callable[[str], None] | None,
    pool: Executor | None = None,
) -> Share:
    """Every file of ``todo``, read by ``workers`` processes (this one and ``workers - 1`` more, those of
    ``pool`` if it is given) when there are enough of them. A file gives the same rows whichever files it
    is normalized with, so the shares can be any."""
    if workers <= 1 or sum(path.stat().st_size for _, path in todo) < PARALLEL_FROM_MB * 2**20:
        return read_files(todo, config, progress)
    with nullcontext(pool) if pool is not None else reading_processes.start(workers) as pool:
        return _read_shares(
            deque(_shares(todo, workers * CHUNKS_PER_WORKER)), len(todo), config, workers, pool, progress
        )


def _read_shares(
    shares: deque, files: int, config: Config, workers: int, pool: Executor, progress: Callable[[str], None] | None
) -> Share:
    """The shares (runs of neighbouring files, in the files' order) read by this process and ``pool``'s;
    their rows put together in the shares' order, so that each table's rows are in the files' order
    (not sorted again) whichever process read them when."""
    done: dict[int, Share] = {}

    def take(n: int, part: Share) -> None:
        done[n] = part
        if progress:
            progress(f"[{sum(len(p.results) for p in done.values())}/{files}] files read ({workers} processes)")

    # the other processes take shares from the front, two each at most waiting or begun (none idles while
    # this one reads); this process reads shares from the back: its modules are loaded while the others
    # start theirs, and its shares need not be sent back
    shares = deque(enumerate(shares))
    waiting: deque = deque()
    ahead = 2 * (workers - 1)
    while shares or waiting:
        while waiting and waiting[0][1].done():
            n, future = waiting.popleft()
            take(n, future.result())
        while shares and len(waiting) < ahead:
            n, share = shares.popleft()
            waiting.append((n, pool.submit(read_files, share, config)))
        if shares:
            n, share = shares.pop()
            take(n, read_files(share, config))
        elif waiting:
            n, future = waiting.popleft()
            take(n, future.result())
    whole = Share({}, {})
    for n in sorted(done):
        whole.results.update(done[n].results)
        for name, frames in done[n].tables.items():
            whole.tables.setdefault(name, []).extend(frames)
    return whole


SOURCE_COLUMNS = ["source_file", "source_sheet", "source_row"]
SURVEY_TABLES = ("exit_ticket", "self_assessment", "stakeholder_survey")
# The record a row of each table belongs to: dropping a record drops all its rows (a response's answers).
UNIT_OF = {
    "collaborative_log": "contact_id",
    "reflection_journal": "entry_id",
    **{t: "response_id" for t in SURVEY_TABLES},
}


def _keep(tables: dict[str, pd.DataFrame], name: str, keep: pd.Series) -> None:
    """Keep the rows of table ``name`` where ``keep``; a dropped contact takes its standards with it."""
    frame = tables[name]
    if name == "collaborative_log":
        gone = frame.loc[~keep, "contact_id"]
        tables["log_standards"] = tables["log_standards"][
            ~tables["log_standards"]["contact_id"].isin(gone)
        ].reset_index(drop=True)
    tables[name] = frame[keep].reset_index(drop=True)


def _move_to_rejected(dq: pd.DataFrame, per_file: pd.Series) -> None:
    """Rows found unusable after their files were counted: from accepted to rejected, per file."""
    moved = dq["file"].map(per_file).fillna(0).astype("int64")
    dq["rows_rejected"] += moved
    dq["rows_accepted"] -= moved


def _validate(
    tables: dict[str, pd.DataFrame], dq: pd.DataFrame, issues: list[pd.DataFrame], labels: dict
) -> dict[str, pd.DataFrame]:
    """Each table's schema, once across all files: a row that breaks a rule is rejected
    (all its answers, and its standards for a log row) and the file's counts updated."""
    key_cols = SOURCE_COLUMNS
    valid: dict[str, pd.DataFrame] = {}  # the tables no row of which broke a rule, as their schema gives them
    for name in schemas.SCHEMAS:
        frame = tables[name]
        if name in schemas.DERIVED or frame.empty:
            continue
        fails, checked = schema_failures(name, frame)
        if checked is not None:
            valid[name] = checked
            continue
        bad = frame.loc[fails["index"], key_cols].reset_index(drop=True)
        bad["column"] = [
            labels.get((f, sh), {}).get(c, c)
            for f, sh, c in zip(bad["source_file"], bad["source_sheet"], fails["column"])
        ]
        bad["reason"] = fails["reason"].to_numpy()
        bad = bad.drop_duplicates(subset=key_cols)
        issues.append(
            bad.rename(columns={"source_file": "file", "source_sheet": "sheet", "source_row": "row"}).assign(
                severity="rejected"
            )
        )
        keys = pd.MultiIndex.from_frame(frame[key_cols].astype("str"))
        drop = keys.isin(pd.MultiIndex.from_frame(bad[key_cols].astype("str")))
        _keep(tables, name, pd.Series(~drop, index=frame.index))
        _move_to_rejected(dq, bad.groupby("source_file").size())
    # a table that passed is not checked twice (rows are dropped only from the tables that failed, and from
    # the contacts' standards, which are derived and checked here)
    return {
        name: valid[name] if name in valid else schemas.SCHEMAS[name].validate(frame.reset_index(drop=True))
        for name, frame in tables.items()
    }


def _where(file: str, sheet: object, row: int) -> str:
    return f"{file}" + (f", sheet '{sheet}'" if isinstance(sheet, str) and sheet else "") + f", row {row}"


def _row_keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's cells as one key (vectorized: no Python loop over rows): two independent 64-bit hashes of
    them, so that two rows share a key only when their cells are the same (text compared as written)."""
    first = pd.util.hash_pandas_object(frame, index=False, hash_key="induction-rows-1")
    second = pd.util.hash_pandas_object(frame, index=False, hash_key="induction-rows-2")
    return first.astype("str") + ":" + second.astype("str")


def _row_signatures(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per unit that can be exported twice (a contact, a response, a cost line):
    its first source row and a text signature of its content (missing where not comparable)."""
    unit = UNIT_OF.get(name)
    if name in SURVEY_TABLES:
        per = frame.drop_duplicates(unit).set_index(unit)
        # the response's items and answers, as one order-free checksum (vectorized: no Python per response)
        hashed = pd.Series(
            pd.util.hash_pandas_object(frame[["item", "answer"]].astype("str"), index=False).to_numpy(),
            index=frame.index,
        )
        g = hashed.groupby(frame[unit].to_numpy(), sort=False)
        pairs = (
            g.sum().astype("str")
            + ":"
            + g.min().astype("str")
            + ":"
            + g.max().astype("str")
            + ":"
            + g.size().astype("str")
        )
        fixed = [
            c
            for c in ("submitted_at", "session", "facilitator", "respondent_role", "respondent", "season")
            if c in frame
        ]
        sig = _row_keys(per[fixed]) + "\x1d" + pairs
        sig = sig.where(per["submitted_at"].notna())
    else:
        per = frame.set_index(unit) if unit else frame
        content = [c for c in per.columns if c not in SOURCE_COLUMNS]
        sig = _row_keys(per[content])
    out = per[SOURCE_COLUMNS].copy()
    out["signature"] = sig
    return out


def _drop_repeats(tables: dict[str, pd.DataFrame], dq: pd.DataFrame, issues: list[pd.DataFrame]) -> None:
    """Rows exported twice (an export that overlaps the previous one, a file saved twice): the first
    copy is kept, each later copy is rejected and says where the first is. Survey responses need
    their submission time (two identical paper tickets typed in without one are two people); cost
    lines count as repeated only across files (two equal lines in one budget can both be real)."""
    for name in ("collaborative_log", *SURVEY_TABLES, "reflection_journal", "costs"):
        frame = tables[name]
        if frame.empty:
            continue
        units = _row_signatures(name, frame)
        units = units[units["signature"].notna()]
        firsts = units.drop_duplicates("signature").set_index("signature")
        first_file = units["signature"].map(firsts["source_file"])
        repeat = (first_file != units["source_file"]) if name == "costs" else units.duplicated("signature")
        if not repeat.any():
            continue
        rep = units[repeat]
        orig = firsts.loc[rep["signature"]]
        issues.append(
            pd.DataFrame(
                {
                    "file": rep["source_file"].to_numpy(),
                    "sheet": rep["source_sheet"].to_numpy(),
                    "row": rep["source_row"].to_numpy(),
                    "column": "",
                    "reason": [
                        f"the same as {_where(f, sh, r)} (exported twice); counted once"
                        for f, sh, r in zip(orig["source_file"], orig["source_sheet"], orig["source_row"])
                    ],
                    "severity": "rejected",
                }
            )
        )
        unit = UNIT_OF.get(name)
        _keep(tables, name, ~frame[unit].isin(rep.index) if unit else ~repeat.reindex(frame.index, fill_value=False))
        _move_to_rejected(dq, rep.groupby("source_file").size())


def _link_people(tables: dict[str, pd.DataFrame], issues: list[pd.DataFrame]) -> None:
    """Fill staff ids of people named in logs and self-assessments from the roster;
    warn about mentees the roster does not know."""
    roster = tables["roster"]
    if roster.empty:
        return
    people: dict[str, str] = {}
    for id_col, name_col in (("mentor_id", "mentor_name"), ("mentee_id", "mentee_name")):
        pairs = roster[[id_col, name_col]].dropna(subset=[id_col])
        people.update({i: i for i in pairs[id_col]})
        people.update({name_key(n): i for n, i in zip(pairs[name_col], pairs[id_col]) if isinstance(n, str)})

    def lookup(values: pd.Series) -> pd.Series:
        # a log may name people by staff id, written as the roster does not (000201 there, 201 here)
        return each_value_once(values, lambda v: people.get(v, people.get(id_text(v), people.get(name_key(v)))))

    log = tables["collaborative_log"]
    if not log.empty:
        log["mentee_id"] = log["mentee_id"].fillna(lookup(log["mentee"]))
        log["mentor_id"] = log["mentor_id"].fillna(lookup(log["mentor"]))
        unknown = log[log["mentee_id"].isna()]
        if len(unknown):
            issues.append(
                pd.DataFrame(
                    {
                        "file": unknown["source_file"],
                        "sheet": unknown["source_sheet"],
                        "row": unknown["source_row"],
                        "column": "mentee",
                        "reason": "mentee '"
                        + unknown["mentee"]
                        + "' is not in the roster; the contact is kept without a staff id",
                        "severity": "warning",
                    }
                )
            )
    sa = tables["self_assessment"]
    if not sa.empty:
        sa["respondent_id"] = sa["respondent_id"].fillna(lookup(sa["respondent"]))
    journal = tables["reflection_journal"]
    if not journal.empty:
        journal["author_id"] = journal["author_id"].fillna(lookup(journal["author"]))


def ingest(
    raw_dir: str | Path,
    config: Config,
    progress: Callable[[str], None] | None = None,
    secret: bytes | None = None,
    cache: FileCache | None = None,
    workers: int = 1,
    pool: Executor | None = None,
) -> IngestResult:
    """Read every raw file. The tables come back with pseudonymous ids and no names (see
    :mod:`induction_analysis.privacy`); ``secret`` defaults to the district secret of ``config``.
    With a ``cache``, a file whose content, path, config and code are as last time is not read again.
    With ``workers`` > 1, many files are read by that many processes at once: those of ``pool``
    (:func:`induction_analysis.ingest.reading_processes.start`, its caller's to shut down) if given."""
    raw_dir = Path(raw_dir)
    secret = secret or privacy.load_secret(config, say=progress)
    cache = cache or FileCache(None, config)
    files = {path.relative_to(raw_dir).as_posix(): path for path in raw_files(raw_dir)}
    keys = {
        relative: file_key(relative, path)
        for relative, path in files.items()
        if path.suffix.lower() in readers.EXCEL_SUFFIXES | readers.CSV_SUFFIXES
    }
    try:
        kept = cache.load([relative for relative, key in keys.items() if cache.unchanged(relative, key)])
    except CacheDamaged:
        kept = Kept()
    if progress and cache.damaged:
        progress(f"The cache of the last run's files is damaged ({cache.damaged}): every file is read again.")
    if progress and kept.files:
        progress(
            f"{len(kept.files)} file(s) unchanged since the last run, not read again (read again: "
            f"{len(keys) - len(kept.files)})"
        )
    results: dict[str, FileResult] = {}
    for relative, path in files.items():
        if relative not in keys:
            results[relative] = FileResult(
                {
                    "file": relative,
                    "kind": None,
                    "rows_read": 0,
                    "rows_accepted": 0,
                    "rows_rejected": 0,
                    "rows_with_warnings": 0,
                    "problem": f"not a spreadsheet ('{path.suffix or 'no extension'}'); export it as .xlsx or .csv",
                }
            )
    todo = [(relative, path) for relative, path in files.items() if relative in keys and relative not in kept.files]
    read = _read_all(todo, config, workers, progress, pool)
    results.update(read.results)

    # every file's rows in the order of the files (as if all had been read now), each with its file
    parts: dict[str, list[pd.DataFrame]] = {name: [frame] for name, frame in kept.tables.items()}
    if kept.issues is not None:
        parts[ISSUES_PART] = [kept.issues]
    for name, frames in read.tables.items():
        parts.setdefault(name, []).extend(frames)
    labels: dict[tuple[str, str | None], dict[str, str]] = {}
    suggestions: dict[str, list[str]] = {}
    entries: dict[str, dict] = {}
    for relative in files:
        if relative in kept.files:
            entry = kept.files[relative]
            labels.update({(relative, sheet): fields for sheet, fields in entry["labels"]})
        else:
            result = results[relative]
            labels.update(result.labels)
            entry = {
                "row": result.row,
                "labels": [[sheet, fields] for (_, sheet), fields in result.labels.items()],
                "suggestions": result.suggestions,
            }
            if relative not in keys:
                continue
            entry = {"key": keys[relative], **entry}
        entries[relative] = entry
        suggest(suggestions, entry["suggestions"])
    rank = pd.Series(range(len(files)), index=list(files))

    def in_file_order(name: str) -> pd.DataFrame:
        """The kept rows and the rows read now, each with its file, in the order of the files (a file's
        own rows in the order they came)."""
        frames = parts[name]
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        codes, files_in = pd.factorize(frame[FILE_COLUMN])  # each file's rank looked up once, not once per row
        order = rank.reindex(files_in).to_numpy()[codes]
        if (order[1:] >= order[:-1]).all():  # already in order (one process read every file)
            return frame
        return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)

    with_files = {name: in_file_order(name) for name in parts if name != ISSUES_PART}
    issue_frame = (
        in_file_order(ISSUES_PART) if ISSUES_PART in parts else pd.DataFrame(columns=[*ISSUE_COLUMNS, FILE_COLUMN])
    )
    assumptions = (
        with_files[ASSUMPTIONS_PART].drop(columns=FILE_COLUMN)
        if ASSUMPTIONS_PART in with_files
        else pd.DataFrame(columns=ASSUMPTION_COLUMNS)
    )
    # the cache is written by a thread while the rows are checked: Arrow writes parquet without Python's lock, and
    # nothing below changes these frames (pandas copies a column on write)
    with ThreadPoolExecutor(1) as saver:
        saved = saver.submit(cache.save, entries, with_files, issue_frame)
        tables = {
            name: with_files[name].drop(columns=FILE_COLUMN) if name in with_files else schemas.empty(name)
            for name in schemas.SCHEMAS
        }
        issues = [issue_frame.drop(columns=FILE_COLUMN)]
        dq_rows = [dict(entries[r]["row"] if r in entries else results[r].row) for r in files]
        dq = pd.DataFrame(dq_rows, columns=DATA_QUALITY_COLUMNS)
        tables = _validate(tables, dq, issues, labels)
        _drop_repeats(tables, dq, issues)
        _link_people(tables, issues)
        found_ids = _unmatched_ids(tables, dq)
        job_titles = _job_titles(tables["hr_employment"], config)
        tables, people = privacy.protect(tables, secret)
        try:
            saved.result()
        except OSError as exc:  # a full or read-only disk: the run goes on; the last complete cache stays as it was
            if progress:
                progress(
                    f"The cache of the files read could not be written ({type(exc).__name__}: {exc}); "
                    "the next run reads every changed file again."
                )
    issue_frame = pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS)
    issue_frame = issue_frame.astype({c: "str" for c in ISSUE_COLUMNS if c != "row"} | {"row": "int64"})
    issue_frame = issue_frame.sort_values(["file", "sheet", "row"], kind="stable", na_position="first").reset_index(
        drop=True
    )
    # warnings added by linking count too
    warned = (
        issue_frame[issue_frame["severity"] == "warning"]
        .drop_duplicates(["file", "sheet", "row"])
        .groupby("file")
        .size()
    )
    dq["rows_with_warnings"] = dq["file"].map(warned).fillna(0).astype("int64")
    for col in ("rows_read", "rows_accepted", "rows_rejected"):
        dq[col] = dq[col].astype("int64")
    assumptions = pd.concat([assumptions, found_ids], ignore_index=True) if len(found_ids) else assumptions
    assumptions = assumptions.iloc[assumptions["file"].map(rank).argsort(kind="stable")].reset_index(drop=True)
    return IngestResult(
        tables,
        dq,
        issue_frame,
        people,
        suggestions,
        questions=quality.survey_questions(tables),
        assumptions=assumptions.astype("str"),
        job_titles=job_titles,
    )


def _unmatched_ids(tables: dict[str, pd.DataFrame], dq: pd.DataFrame) -> pd.DataFrame:
    """Staff ids of the evaluation ratings that match no one: not a roster's new teacher nor anyone in the HR export
    (or, without one, when not one id matches the roster). Said in each ratings file's note, with a count, and
    recorded as an assumption; never an error."""
    ev = tables["evaluation"]
    found = []
    if ev.empty or tables["roster"].empty and tables["hr_employment"].empty:
        return pd.DataFrame(columns=ASSUMPTION_COLUMNS)

    def distinct(values: pd.Series) -> set:
        return set(pd.unique(values.dropna().to_numpy(dtype=object)))

    roster_ids = distinct(tables["roster"]["mentee_id"])
    hr_ids = distinct(tables["hr_employment"]["staff_id"])
    for file, rows in ev.groupby("source_file", sort=False):
        ids = distinct(rows["staff_id"])
        in_roster = ids & roster_ids
        unknown = ids - roster_ids - hr_ids
        if hr_ids and unknown:
            text = (
                f"{len(unknown)} of {len(ids)} staff ids match no one in the roster or the HR export "
                f"(e.g. '{sorted(unknown)[0]}'): their ratings count only among other teachers; compare how the files "
                f"write staff ids"
            )
        elif not hr_ids and roster_ids and not in_roster:
            text = (
                f"none of the {len(ids)} staff ids matches a new teacher of the roster (e.g. '{sorted(ids)[0]}' here, "
                f"'{sorted(roster_ids)[0]}' there): no new teacher's rating can be counted; compare how the files "
                f"write staff ids"
            )
        else:
            text = ""
        at = dq["file"] == file
        if text:
            dq.loc[at, "problem"] = dq.loc[at, "problem"].map(lambda p, text=text: f"{p}; {text}" if p else text)
        found.append(
            {
                "file": file,
                "kind": "evaluation",
                "subject": "staff ids",
                "assumption": "staff ids compared as text, without surrounding spaces, a trailing .0 or leading zeros",
                "evidence": text
                or f"{len(in_roster)} of {len(ids)} staff ids are new teachers of the roster"
                + (f", {len((ids - roster_ids) & hr_ids)} other staff of the HR export" if hr_ids else ""),
                "config": "",
            }
        )
    return pd.DataFrame(found, columns=ASSUMPTION_COLUMNS)


def _job_titles(hr: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Every job title of the HR exports, how many staff-years hold it, and whether (and why) it is a teacher's."""
    if hr.empty:
        return pd.DataFrame(columns=JOB_TITLE_COLUMNS)
    counts = hr.groupby("position", sort=False).size()
    titles = pd.Series(counts.index, index=counts.index)
    classified = classify_positions(titles, config)
    out = pd.DataFrame(
        {
            "position": counts.index,
            "staff_years": counts.to_numpy(),
            "is_teacher": classified["is_teacher"].to_numpy(),
            "why": classified["why"].to_numpy(),
        }
    )
    return out.sort_values(["is_teacher", "staff_years", "position"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def read_new_hires(path: Path, config: Config, secret: bytes) -> pd.DataFrame:
    """A new-hire sheet (roster columns; the mentor columns may be missing or blank), read as a roster
    whatever its name or the kinds its headers suggest. Names are kept (the matching workbook is for
    the administrators who pair the hires); ``hire_id`` is the pseudonym ingest would give them."""
    try:
        sheets = readers.read_grids(path, readers.Limits.from_config(config["limits"]))
    except readers.UnreadableFile as exc:
        raise UserError(f"{path}: not read: {exc}") from None
    known = recognize.known_headers(config)
    frames = []
    for sheet in sheets:
        header = readers.find_header(sheet.grid, known)
        if header is None:
            continue
        frame, headers, _ = readers.table_from_grid(sheet.grid, header)
        columns = recognize.map_columns(headers, config.synonyms("roster"))
        if not {"mentee_id", "mentee_name"} & set(columns):
            continue
        src = Source(frame, headers, columns, path.name, sheet.name, config)
        frames.append(normalize(src, "roster")["roster"])
    if not frames:
        raise UserError(f"{path}: no sheet with new teachers (a column such as 'Staff ID' or 'New Teacher')")
    hires = pd.concat(frames, ignore_index=True)
    hires["hire_id"] = privacy.pseudonyms(secret, hires["mentee_id"], hires["mentee_name"])
    return hires


def write_quality_tables(result: IngestResult, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    exports.to_csv(result.data_quality, folder / "data_quality.csv")
    exports.to_csv(result.rejected_rows, folder / "rejected_rows.csv")
    exports.to_csv(result.warnings, folder / "row_warnings.csv")
    questions = result.questions if result.questions is not None else quality.survey_questions(result.tables)
    exports.to_csv(questions, folder / "survey_questions.csv")
    exports.to_csv(result.assumptions, folder / "assumptions.csv")
    exports.to_csv(result.job_titles, folder / "job_titles.csv")
    suggestions = folder / quality.SUGGESTIONS_FILE
    snippet = result.config_snippet()
    if snippet:
        suggestions.write_text(
            "# Lines that would map the files and columns not recognized in the last run.\n"
            "# Check each, replace any <...>, and add them to your district's config file.\n\n" + snippet + "\n",
            encoding="utf-8",
        )
    else:
        suggestions.unlink(missing_ok=True)


def write_processed(result: IngestResult, processed_dir: str | Path) -> Path:
    """Canonical tables as parquet (one per source, empty ones too) plus the data-quality tables."""
    processed_dir = Path(processed_dir)
    processed_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in result.tables.items():
        frame.to_parquet(processed_dir / f"{name}.parquet", index=False)
    privacy.write_people(result.people, processed_dir)
    write_quality_tables(result, processed_dir)
    return processed_dir


def load_tables(processed_dir: str | Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The canonical tables written by :func:`write_processed` (for notebooks)."""
    processed_dir = Path(processed_dir)
    names = names or list(schemas.SCHEMAS)
    return {name: pd.read_parquet(processed_dir / f"{name}.parquet") for name in names}


# Columns that name a person, a record, a file, a school or a session: in a collaborative's combined
# tables each gets its district, so that two districts' ids, file names, schools and sessions never meet.
COMBINED_PATH_COLUMNS = ("source_file", "file")
COMBINED_NAME_COLUMNS = ("school", "mentor_school", "session")


def _with_district(frame: pd.DataFrame, district: str) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if col.endswith("_id") or col == "facilitator" or col in COMBINED_PATH_COLUMNS:
            out[col] = (district + "/" + out[col].astype("str")).where(out[col].notna())
        elif col in COMBINED_NAME_COLUMNS:
            out[col] = (district + ": " + out[col].astype("str")).where(out[col].notna())
    return out


def combine(results: dict[str, IngestResult]) -> IngestResult:
    """Several districts' ingests as one (a collaborative): every table, the people and the data
    quality of each, its ids, files, schools and sessions prefixed with the district's name. The
    config lines are left to each district's own report (they name files of its raw folder)."""

    def joined(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
        return pd.concat([_with_district(f, d) for d, f in frames.items()], ignore_index=True)

    tables = {name: joined({d: r.tables[name] for d, r in results.items()}) for name in schemas.SCHEMAS}
    questions = {
        d: r.questions if r.questions is not None else quality.survey_questions(r.tables) for d, r in results.items()
    }
    return IngestResult(
        tables,
        joined({d: r.data_quality for d, r in results.items()}),
        joined({d: r.issues for d, r in results.items()}),
        joined({d: r.people for d, r in results.items()}),
        questions=joined(questions),
        assumptions=joined({d: r.assumptions for d, r in results.items()}),
        job_titles=_combined_job_titles([r.job_titles for r in results.values()]),
    )


def _combined_job_titles(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Several districts' job titles as one list: a title classified the same way is one row, its staff-years added."""
    frames = [p for p in parts if not p.empty]
    if not frames:
        return pd.DataFrame(columns=JOB_TITLE_COLUMNS)
    both = pd.concat(frames, ignore_index=True)
    out = both.groupby(["position", "is_teacher", "why"], as_index=False, sort=False)["staff_years"].sum()
    return out.sort_values(["is_teacher", "staff_years", "position"], ascending=[False, False, True])[
        JOB_TITLE_COLUMNS
    ].reset_index(drop=True)
