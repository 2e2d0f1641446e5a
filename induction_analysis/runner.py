"""The June run: read the exports, write the canonical tables, make the report tables in the parts derived from
their declarations (``metrics/analyses.py``, ``STEPS``; :mod:`induction_analysis.pipeline`), render each page as
soon as what it declares it reads is written (``report/reads.py``), and write the DESE workbook and the index.
The command line only parses its arguments and calls :func:`run` or :func:`ingest_only`.

The run owns its folders: one run at a time holds the reports folder and the processed folder
(:mod:`induction_analysis.folder_lock`). One record of what was made from what, in the processed folder
(``protected/made.json``, :mod:`induction_analysis.made`), is what a rerun keeps by: the file cache's index of
the exports read (``ingest/cache.py``) and, per year folder, the pages' fingerprints (``report.Batch``) and the
tables made without the log.

Like the command line, this module imports pandas and the rest only in the functions that use them: ``run``
starts the rendering processes first, and they import what the pages need while this process reads the files.
"""

from __future__ import annotations

import os
import time
from contextlib import nullcontext
from pathlib import Path

from induction_analysis.errors import UserError


def _say(message: str) -> None:
    print(message, flush=True)


PROBLEMS_SHOWN_PER_FILE = 5
COMBINED = "combined"  # the folder of a collaborative's combined reports

# Canonical rows from which the standalone analyses are worth a rendering process's time: it reads the tables
# again and imports what they need (about 3 s); a small district's are computed in a second, here, and its
# rendering processes are still starting.
STANDALONE_APART_FROM_ROWS = 100_000
STANDALONE = "tables made without the log"  # their key in what the record keeps of a year folder (report.Batch)


def _print_problems(result) -> None:
    """Each file that could not be used (!) or was used with a note (-), and each file's row problems
    (a few; the rest are in the tables)."""
    for row in result.data_quality.itertuples():
        if row.kind is None:
            _say(f"  ! {row.file}: {row.problem}")
        elif row.problem:  # a file used, with a note (a column not used, total rows left out, Windows text)
            _say(f"  - {row.file}: {row.problem}")
    for file, found in result.issues.groupby("file", sort=False):
        for r in found.head(PROBLEMS_SHOWN_PER_FILE).itertuples():
            sheet = f", sheet '{r.sheet}'" if isinstance(r.sheet, str) and r.sheet else ""
            column = f", column {r.column}" if isinstance(r.column, str) and r.column else ""
            kept = "" if r.severity == "rejected" else " (row kept)"
            _say(f"  ! {file}{sheet}, row {r.row}{column}: {r.reason}{kept}")
        if len(found) > PROBLEMS_SHOWN_PER_FILE:
            _say(
                f"    ... and {len(found) - PROBLEMS_SHOWN_PER_FILE} more in this file (rejected_rows.csv, "
                f"row_warnings.csv)"
            )
    snippet = result.config_snippet()
    if snippet:
        _say("To read what was not recognized, add these lines to your config (replace any <...>), then run again:\n")
        _say("\n".join("    " + line for line in snippet.splitlines()) + "\n")


def read_exports(raw: Path, config_path: str | None, processed: Path, pool=None):
    """Ingest ``raw``; what each file gave is kept in ``processed``'s protected folder, so that a rerun
    reads again only the files that changed. ``pool``: reading processes already started."""
    # imported here: pandas and the readers (2.4 s), after the rendering or reading processes are started
    from induction_analysis import privacy
    from induction_analysis.config import load_config
    from induction_analysis.ingest import ingest, quality
    from induction_analysis.ingest.cache import FileCache

    if not raw.is_dir():
        raise UserError(f"raw folder not found: {raw}")
    config = load_config(config_path)
    _say(f"Reading exports in {raw} ...")
    started = time.perf_counter()
    cache = FileCache(privacy.protected_folder(processed), config)
    result = ingest.ingest(
        raw, config, progress=lambda line: _say(f"  {line}"), cache=cache, workers=os.cpu_count() or 1, pool=pool
    )
    s = result.summary()
    _say(
        f"Read {s['files']} files in {time.perf_counter() - started:.1f} s: {s['rows_accepted']:,} rows usable, "
        f"{s['rows_rejected']:,} rejected, {s['rows_with_warnings']:,} kept with a warning"
        + (f"; {s['files_not_used']} file(s) not used" if s["files_not_used"] else "")
        + "."
    )
    _print_problems(result)
    mismatches = quality.count_mismatches(result.tables, result.data_quality)
    if not mismatches.empty:  # the run checks itself: no report from tables that lost (or gained) rows on the way
        raise UserError(quality.count_mismatch_reason(mismatches))
    return result, config


def hold(folders: list[Path], config_path: str | None, wait: float | None):
    """The folders a command writes, held for it: one run at a time (see :mod:`induction_analysis.folder_lock`)."""
    # imported here: filelock (0.16 s) and the config's pandas, only once a command runs
    from induction_analysis import folder_lock
    from induction_analysis.config import load_config

    if wait is None:
        wait = float(load_config(config_path)["run"]["busy_wait_seconds"])
    return folder_lock.hold(folders, wait, _say)


def ingest_only(raw: Path, processed: Path, config_path: str | None, wait: float | None) -> Path:
    """``induction-analysis ingest``: the canonical tables and the data-quality tables of ``raw`` in
    ``processed``."""
    with hold([processed], config_path, wait):
        # imported here: the reading process's module, light (pandas is imported once the process is started)
        from induction_analysis.ingest import reading_processes

        # a large folder: the reading process starts first thing, and imports what it needs while this process
        # does (the second processor is idle until then). Not in `run`, whose rendering processes start then.
        workers = os.cpu_count() or 1
        early = workers > 1 and raw.is_dir() and reading_processes.large(raw)
        with reading_processes.start(workers) if early else nullcontext() as pool:
            # imported here: once the reading process is started, which then imports pandas at the same time
            from induction_analysis.ingest import ingest

            result, _ = read_exports(raw, config_path, processed, pool)
        return ingest.write_processed(result, processed)


def run(
    raws: list[str | Path], year: str, out: Path, processed: Path | None, config_path: str | None, wait: float | None
) -> int:
    """``induction-analysis run``: each district's reports in ``out/<year>`` (a collaborative's in
    ``out/<district>/<year>`` and ``out/combined/<year>``)."""
    # imported here: the renderer, light at its top, so that its processes start before pandas is imported here
    from induction_analysis.report import report

    missing = [str(r) for r in raws if not Path(r).is_dir()]
    if missing:  # said before any folder is held, and before any district is read
        raise UserError(f"raw folder not found: {', '.join(missing)}")
    raws = [Path(r) for r in raws]
    # the reports folder and the processed folder (when it is not inside the reports folder), held for the whole run
    with hold([out, *([processed] if processed else [])], config_path, wait):
        # the rendering processes start (and import what the pages need) while the files are read
        with report.Renderer(os.cpu_count() or 1) as renderer:
            return _run(raws, year, out, processed, config_path, renderer)


def _run(raws: list[Path], year: str, out: Path, processed: Path | None, config_path: str | None, renderer) -> int:
    # imported here: pandas, once the rendering processes are started
    from induction_analysis.ingest import ingest
    from induction_analysis.report.page_names import slug

    if len(raws) == 1:
        year_dir = out / year
        into = processed or year_dir / "processed"
        result, config = read_exports(raws[0], config_path, into)
        report_year(result, config, year, year_dir, into, config["district"]["name"], renderer)
        return 0
    # a collaborative: each district's reports in OUT/<district>/YEAR, then all of them together in OUT/combined/YEAR
    names = [Path(os.path.abspath(r)).name for r in raws]  # the folder as named (a link keeps its own name)
    folders = [slug(n) for n in names]
    if len(set(folders)) < len(folders) or COMBINED in folders:
        raise UserError(
            f"each district's folder needs its own name (not '{COMBINED}'): the reports go to {out}/<folder name>/; "
            f"got {', '.join(names)}"
        )
    links = [(n, f"../../{f}/{year}/index.html") for n, f in zip(names, folders)]
    links.append(("All districts combined", f"../../{COMBINED}/{year}/index.html"))
    results, config = {}, None
    for raw, name, folder in zip(raws, names, folders):
        _say(f"\n== {name} ==")
        year_dir = out / folder / year
        district_processed = processed / folder if processed else year_dir / "processed"
        results[name], config = read_exports(raw, config_path, district_processed)
        report_year(results[name], config, year, year_dir, district_processed, name, renderer, links)
    _say(f"\n== All {len(names)} districts combined ==")
    year_dir = out / COMBINED / year
    report_year(
        ingest.combine(results),
        config,
        year,
        year_dir,
        year_dir / "processed",
        f"{len(names)} districts combined ({', '.join(names)})",
        renderer,
        links,
        school_pages=False,
    )
    return 0


def _check_reads(pages, given: set[str]) -> None:
    """Every page reads what is given or declared: a name nothing makes would leave the page never rendered."""
    # imported here: pandas, through the metrics (see the module's opening)
    from induction_analysis.metrics import analyses

    for page in pages:
        unknown = sorted(set(page.reads or ()) - given - {step.name for step in analyses.STEPS if step.written})
        if unknown:
            raise UserError(f"the page {page.page} reads {', '.join(unknown)}, which no step of the analyses makes")


class _Pages:
    """The pages of a year folder, each given to the renderer once everything it declares it reads is written
    (a page that declares nothing reads every table: given once all are written)."""

    def __init__(self, batch, written: set[str]):
        self.batch, self.written, self.given = batch, set(written), set()
        self.every_table = False

    def wrote(self, names, pages) -> None:
        """``names`` are written: give each page of ``pages`` that can now render."""
        self.written.update(names)
        ready = [
            page
            for page in pages
            if page.page not in self.given
            and (self.every_table if page.reads is None else set(page.reads) <= self.written)
        ]
        self.given.update(page.page for page in ready)
        if ready:
            self.batch.render(ready)

    def all_written(self, pages) -> None:
        self.every_table = True
        self.wrote((), pages)


def report_year(
    result,
    config,
    year: str,
    year_dir: Path,
    processed: Path,
    district: str,
    renderer,
    links: list[tuple[str, str]] | None = None,
    school_pages: bool = True,
) -> Path:
    """Canonical tables, analyses, the DESE workbook and every page of one district (or of a collaborative's
    districts combined) for ``year``, in ``year_dir``; returns the index page."""
    # imported here: pandas and the metrics, once the rendering processes are started
    from induction_analysis.ingest import ingest, schemas
    from induction_analysis.metrics import analyses, dese
    from induction_analysis.report import reads, report

    tables_dir = year_dir / "tables"
    ingest.write_processed(result, processed)
    ingest.write_quality_tables(result, tables_dir)
    _say(f"Canonical tables written to {processed}.")
    for old in report.OLD_RECORDS:  # an older version's records in the year folder, replaced by the one record
        (year_dir / old).unlink(missing_ok=True)
    workbook = year_dir / f"dese-annual-report-{year}.xlsx"
    params = {
        "school_year": year,
        "tables_dir": str(tables_dir.resolve()),
        "processed_dir": str(processed.resolve()),
        "output_dir": str(year_dir.resolve()),
        "workbook": workbook.name,
        "show_names": bool(config["privacy"]["lead_mentor_names"]),
        "codebook": config.codebook_path(),
        "quotes_per_theme": int(config["themes"]["quotes_per_theme"]),
    }
    counts = {True: 0, False: 0}

    def done(n: int, total: int, page, secs: float, rendered: bool) -> None:
        counts[rendered] += 1
        _say(
            f"  [{n}/{total}] {page.page} ({secs:.1f} s)"
            if rendered
            else f"  [{n}/{total}] {page.page}: inputs unchanged, kept"
        )

    # the tables the most numerous pages read (the lead mentors', one per school) are made first
    first = reads.LEAD_MENTOR_TABLES
    with renderer.batch(params, year_dir, done, _say) as batch:
        # what ingest wrote: the canonical tables and the data-quality files (the data-quality page renders now)
        given = _Pages(batch, set(reads.QUALITY_FILES) | set(schemas.SCHEMAS))
        given.wrote((), report.DASHBOARDS)
        started = time.perf_counter()
        # the tables made without the log: a large district's in a rendering process meanwhile, a small district's
        # here once the lead mentors' are; either way kept by a rerun when what they are made from is unchanged
        last = batch.record.get(STANDALONE)
        apart = sum(len(frame) for frame in result.tables.values()) >= STANDALONE_APART_FROM_ROWS
        standalone = (
            renderer.submit(write_standalone, processed, tables_dir, config, year, first, last) if apart else None
        )
        stages = analyses.stages(result.tables, config, year, result.people, standalone=False, first=first)
        results = next(stages)  # the lead mentors' tables
        analyses.write(results, tables_dir)
        hours = results["mentoring_hours"]
        schools = sorted(set(hours.loc[hours["school_year"] == year, "school"].dropna())) if school_pages else []
        pages = report.dashboards(schools)
        _check_reads(pages, set(given.written))
        _say(f"Rendering {len(pages)} pages, {renderer.workers} at a time, each once its tables are written ...")
        given.wrote(results, pages)
        written: list[str] = []  # the tables made without the log (here or by the rendering process), or kept

        def take_standalone(made: tuple[list[str], str | None, dict]) -> None:
            names, note, record = made
            if note:
                _say(note)
            batch.keep(STANDALONE, record)
            written.extend(names)
            given.wrote(names, pages)

        def poll() -> None:  # the rendering process's tables, once done: taken, recorded, their pages given
            if apart and not written and standalone.done():
                take_standalone(standalone.result())  # its error, if any, is raised here

        if not apart:
            take_standalone(
                write_standalone(processed, tables_dir, config, year, first, last, result.tables, result.people)
            )
        poll()
        for part in stages:
            poll()
            analyses.write(part, tables_dir)
            results.update(part)
            given.wrote(part, pages)
        if apart and not written:
            take_standalone(standalone.result())
        # the tables made last read the tables made without the log: those written (or kept)
        late = analyses.late_tables(results, year, tables_dir, first)
        analyses.write(late, tables_dir)
        results.update(late)
        given.wrote(late, pages)
        _say(
            f"Analyses of {year}: {len(results) + len(written)} tables written to {tables_dir} "
            f"({time.perf_counter() - started:.1f} s)."
        )
        given.all_written(pages)
        # while they render (a page links the workbook; none reads it)
        dese_tables = [
            results[name] if name in results else analyses.read(tables_dir, name)  # made apart: written
            for name in ("dese_annual_report", "dese_beginning_teachers", "dese_mentors")
        ]
        dese.write_workbook(workbook, year, *dese_tables, district)
    _say(
        f"{counts[True]} page(s) rendered"
        + (
            f", {counts[False]} kept from the last run (their tables and the code are unchanged)"
            if counts[False]
            else ""
        )
        + f"; the rendering took {batch.seconds:.1f} s."
    )
    index = report.write_index(year_dir, year, district, pages, result.data_quality, links)
    s = result.summary()
    _say(
        f"Done. {s['files']} files, {s['rows_accepted']:,} rows usable, {s['rows_rejected']:,} rejected "
        f"(see {tables_dir / 'rejected_rows.csv'}). Reports: {index}"
    )
    return index


def write_standalone(
    processed: Path,
    tables_dir: Path,
    config,
    year: str,
    first: tuple[str, ...],
    last: object,
    tables: dict | None = None,
    people=None,
) -> tuple[list[str], str | None, dict]:
    """The report tables made without the log (``analyses.parts(first).apart``), from the canonical tables
    written to ``processed`` (or ``tables`` and ``people``, when the run has them at hand), written to
    ``tables_dir``; for a large district, run by a rendering process beside the other analyses.
    When what they are made from (the canonical tables they read, the people lookup, the config and a district's
    codebook file, the code, the year) and the tables written last time are as ``last`` (their record from the
    last run) says, they are kept: a fixed log changes none. Returns the tables' names; a line to print when a
    table of the last run is no longer the file written (its SHA-256 differs), and then they are all made again;
    and their record (each table's rows and the SHA-256 of its CSV and of its typed file), for the run's record."""
    # imported here: hashlib and json (9 ms; made.py imports both), pandas and the metrics (in a rendering process,
    # already loaded)
    import hashlib
    import json

    from induction_analysis import privacy
    from induction_analysis.ingest import ingest
    from induction_analysis.ingest.cache import code_fingerprint, config_fingerprint
    from induction_analysis.made import file_digest
    from induction_analysis.metrics import analyses

    names = analyses.standalone_sources(first)
    made = list(analyses.parts(first).apart)
    made_from = hashlib.sha256(
        json.dumps(
            [
                code_fingerprint(),
                config_fingerprint(config),
                year,
                file_digest(Path(config.codebook_path())),
                *(file_digest(processed / f"{name}.parquet") for name in names),
                file_digest(privacy.people_path(processed)),
            ]
        ).encode()
    ).hexdigest()
    kept = last.get("tables", {}) if isinstance(last, dict) else {}
    note = None
    if isinstance(last, dict) and last.get("made_from") == made_from and sorted(kept) == sorted(made):
        changed = [  # each table's file that is not the one written: its CSV, else its typed file
            f"{name}.csv"
            if not isinstance(written, dict) or file_digest(tables_dir / f"{name}.csv") != written.get("sha256")
            else f"{analyses.TYPED_DIR}/{name}.parquet"
            for name, written in kept.items()
            if not isinstance(written, dict)
            or file_digest(tables_dir / f"{name}.csv") != written.get("sha256")
            or file_digest(analyses.typed_path(tables_dir, name)) != written.get("typed_sha256")
        ]
        if not changed:
            return made, None, last
        note = (
            f"  tables/{changed[0]}{f' (and {len(changed) - 1} more)' if len(changed) > 1 else ''} is not the "
            "table the last run wrote (changed or cut short): the tables made without the log are made again."
        )
    if tables is None:
        tables, people = ingest.load_tables(processed, names), privacy.read_people(processed)
    part = analyses.standalone_tables(tables, config, year, people, first)
    analyses.write(part, tables_dir)
    record = {
        "made_from": made_from,
        "tables": {
            name: {
                "rows": len(frame),
                "sha256": file_digest(tables_dir / f"{name}.csv"),
                "typed_sha256": file_digest(analyses.typed_path(tables_dir, name)),
            }
            for name, frame in part.items()
        },
    }
    return list(part), note, record
