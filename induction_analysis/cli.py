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
import re
import sys
import time
from pathlib import Path

from induction_analysis import __version__, runner
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


def cmd_ingest(args: argparse.Namespace) -> int:
    out = runner.ingest_only(Path(args.raw), Path(args.processed), args.config, args.wait)
    _say(f"Canonical tables and data-quality tables written to {out}.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    processed = Path(args.processed) if args.processed else None
    return runner.run(args.raw, args.year, Path(args.out), processed, args.config, args.wait)


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
