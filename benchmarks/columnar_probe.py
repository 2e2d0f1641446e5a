"""What ingest could cost in a columnar engine: a probe for the speed issue's ingest target, not part of the tool.

    .venv/bin/pip install -e ".[probe]"         # polars and fastexcel; the tool does not use them
    .venv/bin/python benchmarks/columnar_probe.py [--raw DIR] [--repeat 3]

Ingest is to cost at most 1.5 times the bare parse (``benchmarks/run.py``). Today it reads cells into pandas
frames of Python objects and normalizes them with pandas, file by file for most kinds. This probe does the
work that any ingest must do the columnar way, in one process, and times each stage (median of --repeat):

- starting: importing polars and fastexcel (the tool's ingest imports pandas, pyarrow and pandera);
- reading: every workbook's zip directory (the tool's guard reads it too), then its sheets with fastexcel
  (calamine, straight into Arrow, every cell as text); every CSV with polars (cp1252 when not UTF-8);
- finding the header and cutting the table: a stand-in rule (the row of the first 30 with most cells);
- normalizing: stand-ins for the two kinds that cost the tool most, the collaborative logs (dates, minutes,
  activities, school years, standards codes one row per code) and the exit tickets (one row per answer,
  Likert words scored, submission times);
- pseudonyms: a keyed hash (HMAC-SHA-256) of every distinct mentor and mentee name of the logs;
- writing: those three tables as parquet.

The stand-ins are not the tool's rules (those have a test suite; these do not), so the figures are a lower
bound to plan by, not a result. Each stage's rows are printed, so that a stage that read nothing shows.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import hashlib  # noqa: E402
import hmac  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

try:
    import fastexcel
    import polars as pl
except ImportError:
    raise SystemExit('This probe needs polars and fastexcel: .venv/bin/pip install -e ".[probe]"') from None

IMPORTS = time.perf_counter() - STARTED
HERE = Path(__file__).resolve().parent
LIKERT = {"strongly disagree": 1.0, "disagree": 2.0, "neutral": 3.0, "agree": 4.0, "strongly agree": 5.0}
HEADER_SEARCH_ROWS = 30


def read(raw: Path) -> list[tuple[Path, pl.DataFrame]]:
    """Every sheet of every workbook and every CSV, as a frame of text cells (no header)."""
    grids = []
    for path in sorted(p for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as book:
                sum(part.file_size for part in book.infolist())
            workbook = fastexcel.read_excel(str(path))
            for name in workbook.sheet_names:
                grids.append(
                    (path, pl.from_arrow(workbook.load_sheet(name, header_row=None, dtypes="string").to_arrow()))
                )
        elif path.suffix.lower() == ".csv":
            data = path.read_bytes()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                data = data.decode("cp1252").encode("utf-8")
            grids.append((path, pl.read_csv(data, has_header=False, infer_schema=False, truncate_ragged_lines=True)))
    return grids


def cut(grids: list[tuple[Path, pl.DataFrame]], raw: Path) -> dict[str, pl.DataFrame]:
    """Each grid's table under its header row (stand-in: the fullest of the first 30 rows), put together by folder."""
    folders: dict[str, list[pl.DataFrame]] = {}
    for path, grid in grids:
        head = grid.head(HEADER_SEARCH_ROWS).rows()
        if not head:
            continue
        at = max(range(len(head)), key=lambda i: sum(1 for c in head[i] if c not in (None, "")))
        names, seen = [], set()
        for j, cell in enumerate(head[at]):
            name = str(cell or f"column {j + 1}").strip().lower()
            names.append(name if name not in seen else f"{name} {j + 1}")
            seen.add(name)
        table = grid.slice(at + 1).rename(dict(zip(grid.columns, names)))
        folder = path.relative_to(raw).parts[0]
        folders.setdefault(folder, []).append(
            table.with_columns(pl.lit(path.relative_to(raw).as_posix()).alias("source_file"))
        )
    return {folder: pl.concat(parts, how="diagonal_relaxed") for folder, parts in folders.items()}


def normalize_logs(logs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    def first(*names: str) -> pl.Expr:
        return pl.coalesce([pl.col(n) for n in names if n in logs.columns])

    text = pl.col("date").str.strip_chars()
    logs = logs.with_row_index("contact").with_columns(
        pl.coalesce(
            text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False), text.str.to_datetime("%m/%d/%Y", strict=False)
        ).alias("date"),
        first("minutes", "duration (minutes)")
        .str.strip_chars()
        .str.extract(r"^(\d+(?:\.\d+)?)")
        .cast(pl.Float64, strict=False)
        .alias("minutes"),
        first("activity", "type of contact")
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict({"meeting": "meeting", "observation": "observation_of_mentee"}, default="other")
        .alias("activity"),
        first("standards addressed", "standards/indicators addressed").alias("standards_text"),
        pl.col("mentor").str.strip_chars(),
        pl.col("mentee").str.strip_chars(),
    )
    year = (
        pl.when(pl.col("date").dt.month() >= 7).then(pl.col("date").dt.year()).otherwise(pl.col("date").dt.year() - 1)
    )
    logs = logs.with_columns(
        (year.cast(pl.Utf8) + "-" + ((year + 1) % 100).cast(pl.Utf8).str.zfill(2)).alias("school_year")
    )
    standards = (
        logs.select("contact", pl.col("standards_text").str.split(",").alias("code"))
        .explode("code")
        .with_columns(pl.col("code").str.strip_chars().str.to_uppercase())
        .filter(pl.col("code") != "")
    )
    return logs, standards


def normalize_exit_tickets(tickets: pl.DataFrame) -> pl.DataFrame:
    fixed = [c for c in ("timestamp", "email address", "session", "facilitator", "source_file") if c in tickets.columns]
    answers = tickets.with_row_index("response").unpivot(
        index=["response", *fixed], variable_name="item", value_name="answer"
    )
    word = pl.col("answer").str.strip_chars().str.to_lowercase()
    return answers.with_columns(
        pl.coalesce(
            word.replace_strict(LIKERT, default=None, return_dtype=pl.Float64), word.cast(pl.Float64, strict=False)
        ).alias("score"),
        pl.col("timestamp").str.to_datetime("%m/%d/%Y %H:%M:%S", strict=False).alias("submitted_at"),
    )


def pseudonyms(logs: pl.DataFrame, secret: bytes) -> pl.DataFrame:
    names = pl.concat([logs["mentor"], logs["mentee"]]).drop_nulls().unique().to_list()
    ids = {n: hmac.new(secret, n.encode(), hashlib.sha256).hexdigest()[:16] for n in names}
    return logs.with_columns(
        pl.col("mentor").replace_strict(ids, default=None).alias("mentor_id"),
        pl.col("mentee").replace_strict(ids, default=None).alias("mentee_id"),
    ).drop("mentor", "mentee")


def once(raw: Path) -> dict[str, float | int]:
    times: dict[str, float | int] = {}

    def stage(name: str, started: float) -> None:
        times[name] = time.perf_counter() - started

    t = time.perf_counter()
    grids = read(raw)
    stage("reading", t)
    t = time.perf_counter()
    tables = cut(grids, raw)
    stage("header and cut", t)
    t = time.perf_counter()
    logs, standards = normalize_logs(tables["logs"])
    tickets = normalize_exit_tickets(tables["exit_tickets"])
    stage("normalizing (logs, exit tickets)", t)
    t = time.perf_counter()
    logs = pseudonyms(logs, b"probe" * 8)
    stage("pseudonyms", t)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for name, frame in (("collaborative_log", logs), ("log_standards", standards), ("exit_ticket", tickets)):
            frame.write_parquet(Path(out) / f"{name}.parquet")
    stage("writing parquet", t)
    times["rows read"] = sum(len(f) for f in tables.values())
    times["log rows"], times["standards rows"], times["answer rows"] = len(logs), len(standards), len(tickets)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw",
        type=Path,
        default=HERE / ".data" / "district-5000-10" / "raw",
        help="a raw folder (default: the large district that benchmarks/run.py writes)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.raw.is_dir():
        raise SystemExit(f"{args.raw} not found: run benchmarks/run.py first (it writes the large district)")
    runs = [once(args.raw) for _ in range(args.repeat)]
    print(f"{args.raw}: median of {args.repeat} run(s), one process")
    print(f"  {'importing polars, fastexcel':36s} {IMPORTS:5.2f} s (once)")
    total = IMPORTS
    for name in runs[0]:
        value = statistics.median(r[name] for r in runs)
        if isinstance(runs[0][name], int):
            print(f"  {name:36s} {int(value):,}")
        else:
            total += value
            print(f"  {name:36s} {value:5.2f} s")
    print(f"  {'all of the above':36s} {total:5.2f} s")


if __name__ == "__main__":
    main()
