"""The command line: ``induction-analysis sample | ingest | run | match | templates | dictionary``.

Errors a user can fix are printed on one line with no traceback; the exit code
is non-zero only when nothing could be produced.

Each command imports the package's modules it uses when it runs, not at the top of this module: ``--help`` and a
mistyped argument answer in 0.05 s, without pandas (2.4 s), the folder lock's filelock (0.16 s), the reading and
rendering processes' modules (0.06 and 0.12 s), or the notebooks' machinery (tests/test_layout.py checks that
importing this module loads none of them).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from induction_analysis import __version__
from induction_analysis.errors import UserError


def _say(message: str) -> None:
    print(message, flush=True)


def _year(value: str) -> str:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis import schoolyear

    if not re.fullmatch(r"\d{4}-\d{2}", value) or schoolyear.parse(value) != value:
        raise argparse.ArgumentTypeError(f"'{value}' is not a school year; write it like 2025-26")
    return value


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def cmd_sample(args: argparse.Namespace) -> int:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis.tools import sample

    if args.teachers < 20:
        raise UserError("--teachers must be at least 20 (a district's teaching staff)")
    started = time.perf_counter()
    made = sample.generate(args.out, seed=args.seed, teachers=args.teachers, years=args.years)
    _say(
        f"Sample district written to {args.out}: {made['files']} files, school years {made['years']}, "
        f"{made['people']} staff, {made['pairings']} mentoring pairings ({time.perf_counter() - started:.1f} s)."
    )
    return 0


PROBLEMS_SHOWN_PER_FILE = 5


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


def _ingest(raw: Path, config_path: str | None, processed: Path, pool=None):
    """Ingest ``raw``; what each file gave is kept in ``processed``'s protected folder, so that a rerun
    reads again only the files that changed. ``pool``: reading processes already started."""
    # imported here: not at the top, for --help (see the module's opening)
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


def _hold(args: argparse.Namespace, folders: list[Path]):
    """The folders this command writes, held for it: one run at a time (see :mod:`induction_analysis.folder_lock`)."""
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis import folder_lock
    from induction_analysis.config import load_config

    wait = args.wait if args.wait is not None else float(load_config(args.config)["run"]["busy_wait_seconds"])
    return folder_lock.hold(folders, wait, _say)


def cmd_ingest(args: argparse.Namespace) -> int:
    with _hold(args, [Path(args.processed)]):
        return _ingest_command(args)


def _ingest_command(args: argparse.Namespace) -> int:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis.ingest import reading_processes

    # a large folder: the reading process starts first thing, and imports what it needs while this process
    # does (the second processor is idle until then). Not in `run`, whose rendering processes start then.
    workers = os.cpu_count() or 1
    early = workers > 1 and Path(args.raw).is_dir() and reading_processes.large(Path(args.raw))
    with reading_processes.start(workers) if early else nullcontext() as pool:
        # imported here: once the reading process is started, which then imports pandas at the same time
        from induction_analysis.ingest import ingest

        result, _ = _ingest(Path(args.raw), args.config, Path(args.processed), pool)
    out = ingest.write_processed(result, args.processed)
    _say(f"Canonical tables and data-quality tables written to {out}.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis.report import report

    missing = [r for r in args.raw if not Path(r).is_dir()]
    if missing:  # said before any folder is held, and before any district is read
        raise UserError(f"raw folder not found: {', '.join(missing)}")
    # the reports folder and the processed folder (when it is not inside the reports folder), held for the whole run
    with _hold(args, [Path(args.out), *([Path(args.processed)] if args.processed else [])]):
        # the rendering processes start (and import what the pages need) while the files are read
        with report.Renderer(os.cpu_count() or 1) as renderer:
            return _run(args, renderer)


def _run(args: argparse.Namespace, renderer) -> int:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis.ingest import ingest
    from induction_analysis.report.page_names import slug

    raws, out = [Path(r) for r in args.raw], Path(args.out)
    if len(raws) == 1:
        year_dir = out / args.year
        processed = Path(args.processed) if args.processed else year_dir / "processed"
        result, config = _ingest(raws[0], args.config, processed)
        _report(result, config, args.year, year_dir, processed, config["district"]["name"], renderer)
        return 0
    # a collaborative: each district's reports in OUT/<district>/YEAR, then all of them together in OUT/combined/YEAR
    names = [Path(os.path.abspath(r)).name for r in raws]  # the folder as named (a link keeps its own name)
    folders = [slug(n) for n in names]
    if len(set(folders)) < len(folders) or COMBINED in folders:
        raise UserError(
            f"each district's folder needs its own name (not '{COMBINED}'): the reports go to {out}/<folder name>/; "
            f"got {', '.join(names)}"
        )
    links = [(n, f"../../{f}/{args.year}/index.html") for n, f in zip(names, folders)]
    links.append(("All districts combined", f"../../{COMBINED}/{args.year}/index.html"))
    results, config = {}, None
    for raw, name, folder in zip(raws, names, folders):
        _say(f"\n== {name} ==")
        year_dir = out / folder / args.year
        processed = Path(args.processed) / folder if args.processed else year_dir / "processed"
        results[name], config = _ingest(raw, args.config, processed)
        _report(results[name], config, args.year, year_dir, processed, name, renderer, links)
    _say(f"\n== All {len(names)} districts combined ==")
    year_dir = out / COMBINED / args.year
    _report(
        ingest.combine(results),
        config,
        args.year,
        year_dir,
        year_dir / "processed",
        f"{len(names)} districts combined ({', '.join(names)})",
        renderer,
        links,
        school_pages=False,
    )
    return 0


COMBINED = "combined"  # the folder of a collaborative's combined reports


def _report(
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
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis.ingest import ingest
    from induction_analysis.metrics import analyses, dese
    from induction_analysis.report import report

    tables_dir = year_dir / "tables"
    ingest.write_processed(result, processed)
    ingest.write_quality_tables(result, tables_dir)
    _say(f"Canonical tables written to {processed}.")
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

    # each page renders as soon as the tables it reads are written: the data-quality page during the analyses,
    # the lead mentors' pages (one per school) while the other tables are computed, the themes page once the
    # standalone tables are, then the others
    with renderer.batch(params, year_dir, done, _say) as batch:
        batch.render([page for page in report.DASHBOARDS if page.reads == report.QUALITY])
        started = time.perf_counter()
        # a large district's tables made from the canonical tables alone are computed in a rendering process meanwhile
        apart = sum(len(frame) for frame in result.tables.values()) >= STANDALONE_APART_FROM_ROWS
        standalone = renderer.submit(_write_standalone, processed, tables_dir, config, year) if apart else None
        parts = analyses.stages(result.tables, config, year, result.people, standalone=not apart)
        results = next(parts)  # the lead mentors' tables
        analyses.write(results, tables_dir)
        hours = results["mentoring_hours"]
        schools = sorted(set(hours.loc[hours["school_year"] == year, "school"].dropna())) if school_pages else []
        pages = report.dashboards(schools)
        _say(f"Rendering {len(pages)} pages, {renderer.workers} at a time, each once its tables are written ...")
        batch.render([page for page in pages if page.reads == report.LEAD_MENTORS])
        written: list[str] = []  # the standalone tables the rendering process wrote

        def give_standalone_pages() -> None:  # the pages that read only the standalone tables (themes)
            batch.render([page for page in pages if page.reads == report.STANDALONE])

        def take_standalone() -> (
            None
        ):  # the rendering process's tables (its error, if any, is raised here), then their pages
            names, note = standalone.result()
            if note:
                _say(note)
            written.extend(names)
            give_standalone_pages()

        early = apart and standalone.done()
        if early:
            take_standalone()
        for part in parts:
            analyses.write(part, tables_dir)
            results.update(part)
            if tuple(part) == analyses.STANDALONE_TABLES:  # computed here
                give_standalone_pages()
        if apart and not early:
            take_standalone()
        if apart:  # the tables made last read the standalone tables: those the rendering process wrote (or kept)
            late = analyses.late_tables(results, year, tables_dir)
            analyses.write(late, tables_dir)
            results.update(late)
        _say(
            f"Analyses of {year}: {len(results) + len(written)} tables written to {tables_dir} "
            f"({time.perf_counter() - started:.1f} s)."
        )
        batch.render([page for page in pages if page.reads == report.EVERYTHING])
        # while they render (a page links the workbook; none reads it)
        dese.write_workbook(
            workbook,
            year,
            results["dese_annual_report"],
            results["dese_beginning_teachers"],
            results["dese_mentors"],
            district,
        )
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


# Canonical rows from which the standalone analyses are worth a rendering process's time: it reads the tables
# again and imports what they need (about 3 s); a small district's are computed in a second, here, and its
# rendering processes are still starting.
STANDALONE_APART_FROM_ROWS = 100_000


STANDALONE_RECORD = ".standalone-tables.json"  # in a year folder: what its standalone tables were made from


def _write_standalone(processed: Path, tables_dir: Path, config, year: str) -> tuple[list[str], str | None]:
    """The analyses' tables made from the canonical tables alone (``analyses.STANDALONE_TABLES``), from those
    written to ``processed``, written to ``tables_dir``; run by a rendering process beside the other analyses.
    When what they are made from (the canonical tables but the log, the people lookup, the config and a
    district's codebook file, the code, the year) and the tables written last time are as they were, they are
    kept: a fixed log changes none. The record keeps each table's rows and the SHA-256 of its CSV and of its typed
    file. Returns the tables' names, and
    a line to print when a table of the last run is no longer the file written (its SHA-256 differs): then they
    are all made again."""
    # imported here: not at the top, for --help (see the module's opening; hashlib and json: 9 ms)
    import hashlib
    import json

    from induction_analysis import privacy
    from induction_analysis.ingest import ingest, schemas
    from induction_analysis.ingest.cache import code_fingerprint, config_fingerprint, file_digest, write_json_atomically
    from induction_analysis.metrics import analyses

    names = [name for name in schemas.SCHEMAS if name not in analyses.STANDALONE_NOT_READ]
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
    record = tables_dir.parent / STANDALONE_RECORD
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    kept = last.get("tables", {}) if isinstance(last, dict) else {}
    note = None
    if (
        isinstance(last, dict)
        and last.get("made_from") == made_from
        and sorted(kept) == sorted(analyses.STANDALONE_TABLES)
    ):
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
            return list(analyses.STANDALONE_TABLES), None
        note = (
            f"  tables/{changed[0]}{f' (and {len(changed) - 1} more)' if len(changed) > 1 else ''} is not the "
            f"table the "
            "last run wrote (changed or cut short): the tables made from the canonical tables alone are made again."
        )
    part = analyses.standalone_tables(
        ingest.load_tables(processed, names), config, year, privacy.read_people(processed)
    )
    analyses.write(part, tables_dir)
    write_json_atomically(
        record,
        {
            "made_from": made_from,
            "tables": {
                name: {
                    "rows": len(frame),
                    "sha256": file_digest(tables_dir / f"{name}.csv"),
                    "typed_sha256": file_digest(analyses.typed_path(tables_dir, name)),
                }
                for name, frame in part.items()
            },
        },
    )
    return list(part), note


def cmd_dictionary(args: argparse.Namespace) -> int:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis.ingest import schemas
    from induction_analysis.metrics import analyses

    _say("### Report tables (`reports/<year>/tables/*.csv`)\n")
    _say(analyses.dictionary_markdown())
    _say("### Canonical tables (`data/processed/*.parquet`)\n")
    _say(schemas.data_dictionary_markdown())
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    # imported here: not at the top, for --help (see the module's opening)
    from induction_analysis import privacy, schoolyear
    from induction_analysis.config import load_config
    from induction_analysis.ingest import ingest
    from induction_analysis.tools import matching

    config = load_config(args.config)
    path, processed = Path(args.new_hires), Path(args.processed)
    if not path.is_file():
        raise UserError(f"new-hire sheet not found: {path}")
    if not (processed / "roster.parquet").is_file():
        raise UserError(f"no canonical tables in {processed}; run 'induction-analysis ingest' (or run) first")
    secret = privacy.load_secret(config, say=_say)
    hires = ingest.read_new_hires(path, config, secret)
    tables = ingest.load_tables(processed, ["roster", "hr_employment", "mentor_application"])
    people = privacy.read_people(processed)
    pool_year = schoolyear.shift(args.year, -1)
    weights, pool, assigned, rows = matching.suggest(hires, tables, people, config["matching"], pool_year)
    available = pool[pool["available_next_year"]]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    book = out / f"mentor-matches-{args.year}.xlsx"
    matching.write_workbook(book, rows, pool, assigned, people, weights, args.year)
    matched = assigned["mentor_id"].notna()
    _say(
        f"{len(hires)} new hires, {len(available)} mentors available (applied in {pool_year}): "
        f"{int(matched.sum())} with a suggested mentor, {int((~matched).sum())} without."
    )
    for row in rows[~matched.to_numpy()].itertuples():
        _say(f"  ! {row.new_teacher} ({row.subject}, {row.school}): {row.note}")
    _say(f"Suggested pairings written to {book}.")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    # imported here: not at the top, for --help (see the module's opening; datetime: 1 ms)
    import datetime as dt

    from induction_analysis import frameworks, privacy, schoolyear
    from induction_analysis.config import load_config
    from induction_analysis.ingest import ingest
    from induction_analysis.tools import collection_templates

    config = load_config(args.config)
    soon = dt.date.today() + dt.timedelta(days=60)
    year = args.year or schoolyear.label(soon.year if soon.month >= 7 else soon.year - 1)
    names = None
    processed = Path(args.processed) if args.processed else None
    if processed is not None:
        if not (processed / "roster.parquet").is_file():
            raise UserError(
                f"no canonical tables in {processed}; run 'induction-analysis ingest' first, or leave out --processed"
            )
        names = collection_templates.pair_names(
            ingest.load_tables(processed, ["roster"])["roster"], privacy.read_people(processed), year
        )
    written = collection_templates.write_templates(args.out, year, frameworks.load(config.framework_name(year)), names)
    for path in written:
        _say(f"  {path}")
    _say(
        f"{len(written)} templates for {year} written to {args.out}"
        + (
            f" (name lists from {processed})."
            if names is not None
            else "; give --processed to fill the mentor and mentee lists."
        )
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="induction-analysis", description="Evaluate a district's new-teacher induction and mentoring program."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="write a synthetic district's exports")
    p.add_argument("--out", required=True, help="folder to write the exports to")
    p.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same files)")
    p.add_argument("--teachers", type=_positive, default=400, help="teaching staff of the district (default 400)")
    p.add_argument("--years", type=_positive, default=7, help="school years, ending 2025-26 (default 7)")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("ingest", help="read, normalize and validate every raw file; write canonical tables")
    p.add_argument("--raw", required=True, help="folder of exports")
    p.add_argument(
        "--processed", required=True, help="folder for the canonical tables (parquet) and data-quality tables"
    )
    p.add_argument("--config", help="district configuration (TOML), merged over the defaults")
    p.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help="when another run is writing to the same folders, wait this "
        "long for it to finish, then stop (default: [run] busy_wait_seconds of the config, 600)",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("run", help="ingest, then render every report for a school year")
    p.add_argument(
        "--raw",
        required=True,
        action="append",
        help="folder of exports; give it once per district for a collaborative (reports per district and combined)",
    )
    p.add_argument("--year", required=True, type=_year, help="school year, like 2025-26")
    p.add_argument(
        "--out",
        required=True,
        help="reports folder; the year's reports go to OUT/YEAR/ "
        "(several districts: OUT/<district folder name>/YEAR/ and OUT/combined/YEAR/)",
    )
    p.add_argument("--config", help="district configuration (TOML), merged over the defaults")
    p.add_argument(
        "--processed",
        help="folder for the canonical tables (default OUT/YEAR/processed; several districts: "
        "a folder per district in it)",
    )
    p.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help="when another run is writing to the same folders, wait this "
        "long for it to finish, then stop (default: [run] busy_wait_seconds of the config, 600)",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "match", help="suggest a mentor for each new hire of a year (an Excel workbook for administrators)"
    )
    p.add_argument(
        "--new-hires",
        required=True,
        help="the new-hire sheet (roster columns: staff id, name, school, subject, grade, ...)",
    )
    p.add_argument("--year", required=True, type=_year, help="the school year the hires start, like 2026-27")
    p.add_argument(
        "--processed",
        default="data/processed",
        help="canonical tables written by ingest or run (default data/processed)",
    )
    p.add_argument("--out", default="reports", help="folder for mentor-matches-YEAR.xlsx (default reports)")
    p.add_argument("--config", help="district configuration (TOML), merged over the defaults")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser(
        "templates", help="write Excel templates with dropdowns for next year's logs, exit tickets and applications"
    )
    p.add_argument("--out", required=True, help="folder for the templates")
    p.add_argument(
        "--year",
        type=_year,
        help="school year of the templates (default: the one starting within 60 days, or the current one)",
    )
    p.add_argument(
        "--processed", help="canonical tables, to fill the mentor and mentee dropdowns with the year's pairs"
    )
    p.add_argument("--config", help="district configuration (TOML), merged over the defaults")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("dictionary", help="print the data dictionary of the report and canonical tables (Markdown)")
    p.set_defaults(func=cmd_dictionary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"induction-analysis: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("induction-analysis: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the promise: no traceback for users
        if args.debug:
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(
            f"induction-analysis: could not finish: {type(exc).__name__}: {first} (rerun with --debug for details)",
            file=sys.stderr,
        )
        return 1
