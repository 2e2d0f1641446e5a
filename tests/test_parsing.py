import datetime as dt
import re
from unittest.mock import patch

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from induction_analysis import schoolyear
from induction_analysis.ingest import parsing
from induction_analysis.ingest.parsing import (
    DATE_FORMATS,
    DATE_SIEVES,
    clean_text,
    is_blank,
    name_key,
    normalize_header,
    parse_bool,
    parse_dates,
    parse_numbers,
)


def test_dates_from_every_form_a_spreadsheet_gives():
    values = pd.Series(
        [
            dt.datetime(2025, 9, 3),
            45903,
            "45903",
            "2025-09-03",
            "9/3/2025",
            "9/3/25",
            "9/3/2025 15:42:10",
            "September 3, 2025",
            "soon",
            None,
            "N/A",
            "  ",
        ],
        dtype=object,
    )
    dates, bad = parse_dates(values)
    expected = [pd.Timestamp("2025-09-03")] * 6 + [pd.Timestamp("2025-09-03 15:42:10"), pd.Timestamp("2025-09-03")]
    assert dates.iloc[:8].tolist() == expected
    assert dates.iloc[8:].isna().all()
    assert bad.tolist() == [False] * 8 + [True, False, False, False]


def test_small_numbers_are_not_excel_serial_dates():
    dates, bad = parse_dates(pd.Series([12, "3"], dtype=object))
    assert dates.isna().all() and bad.all()


def test_numbers_as_people_type_them():
    values = pd.Series(["1,200.00", "$30", "(45)", " 30 ", "abc", None, "N/A", 12, -3.5], dtype=object)
    nums, bad = parse_numbers(values)
    assert nums.tolist()[:4] == [1200.0, 30.0, -45.0, 30.0]
    assert nums.iloc[4:7].isna().all()
    assert nums.tolist()[7:] == [12.0, -3.5]
    assert bad.tolist() == [False, False, False, False, True, False, False, False, False]


def test_booleans_and_blanks():
    out, bad = parse_bool(pd.Series(["Yes", "no", "Trained", "maybe", None, 1.0], dtype=object))
    assert out.tolist()[:3] == [True, False, True]
    assert pd.isna(out.iloc[3]) and pd.isna(out.iloc[4]) and out.iloc[5]
    assert bad.tolist() == [False, False, False, True, False, False]
    assert is_blank(pd.Series(["", " ", "N/A", "x", None], dtype=object)).tolist() == [True, True, True, False, True]
    assert clean_text(pd.Series(["  a   b ", "n/a"], dtype=object)).tolist()[0] == "a b"


def test_headers_and_names_are_matched_loosely():
    assert normalize_header(" Mentee  Name: ") == "mentee name"
    assert normalize_header("Standards/Indicators Addressed") == "standards indicators addressed"
    assert normalize_header("Protégé") == "protege"
    assert name_key("Smith, Jane ") == name_key("jane  smith") == "jane smith"


def test_school_years():
    assert schoolyear.label(2025) == "2025-26"
    assert [
        schoolyear.parse(v)
        for v in ["2025-26", "2025-2026", "SY2025-26", "FY26", "2026", "2025/26", "2025-27", "x", None]
    ] == ["2025-26", "2025-26", "2025-26", "2025-26", "2025-26", "2025-26", None, None, None]
    dates = pd.Series(pd.to_datetime(["2025-06-30", "2025-07-01", "2026-01-15", None]))
    assert schoolyear.of_dates(dates).tolist()[:3] == ["2024-25", "2025-26", "2025-26"]
    assert schoolyear.shift("2025-26", -1) == "2024-25"
    assert schoolyear.label(1999) == "1999-00"


cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=False),
    st.dates(dt.date(1950, 1, 1), dt.date(2100, 1, 1)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(cell, max_size=30))
def test_parsers_never_crash_and_partition_cells(values):
    series = pd.Series(values, dtype=object)
    nums, bad_n = parse_numbers(series)
    dates, bad_d = parse_dates(series)
    blank = is_blank(series)
    # every cell is exactly one of: blank, parsed, or bad
    assert ((nums.notna() & ~blank) | bad_n | blank).all()
    assert not (bad_n & nums.notna()).any()
    assert ((dates.notna() & ~blank) | bad_d | blank).all()
    assert not (bad_d & dates.notna()).any()


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1991, 1, 1), dt.date(2099, 12, 31)))
def test_dates_round_trip_in_every_written_form(d):
    forms = [
        d.isoformat(),
        f"{d.month}/{d.day}/{d.year}",
        (pd.Timestamp(d) - pd.Timestamp("1899-12-30")).days,
        dt.datetime(d.year, d.month, d.day),
    ]
    if 2000 <= d.year <= 2068:  # two-digit years follow the POSIX pivot: 69-99 are 1969-1999
        forms.append(f"{d.month}/{d.day}/{d.year % 100:02d}")
    dates, bad = parse_dates(pd.Series(forms, dtype=object))
    assert not bad.any()
    assert (dates == pd.Timestamp(d)).all()


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False))
def test_money_round_trips(x):
    text = f"${abs(x):,.2f}" if x >= 0 else f"(${abs(x):,.2f})"
    nums, bad = parse_numbers(pd.Series([text], dtype=object))
    assert not bad.any()
    assert np.isclose(nums.iloc[0], float(x))


blank_or_text = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.just(""),
    st.just("  "),
    st.just("\t"),
    st.text(alphabet=" ab\t", max_size=3),
    st.integers(0, 3),
    st.just(pd.NaT),
)


@given(
    st.integers(0, 4).flatmap(
        lambda width: st.lists(st.lists(blank_or_text, min_size=width, max_size=width), max_size=12)
    )
)
def test_blank_rows_are_rows_of_empty_or_space_only_cells(rows):
    """The fast blank-row test (first filled cell first) agrees with the plain definition on every grid."""
    from induction_analysis.ingest.readers import _blank_rows

    width = len(rows[0]) if rows else 0
    values = np.empty((len(rows), width), dtype=object)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            values[i, j] = v
    plain = [all(pd.isna(v) or (isinstance(v, str) and not v.strip()) for v in row) for row in rows]
    assert _blank_rows(values).tolist() == plain


text_or_date_cell = st.one_of(
    st.none(),
    st.text(alphabet=" aN/A1-9:,.", max_size=8),
    st.sampled_from(["9/3/2025", "2025-09-03", "yes", "no", "Meeting", "  1 hr ", "1", "1.0"]),
    st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
)
PARSERS_OF_CELLS = ("clean_text", "is_blank", "parse_dates", "parse_numbers", "parse_bool", "map_choices")


def _both_ways(values):
    """Each cell-by-cell parser, as called (one distinct value at a time where it applies) and plain."""
    from induction_analysis.ingest import parsing

    for name in PARSERS_OF_CELLS:
        parse = getattr(parsing, name)
        args = ({"yes": "Y", "meeting": "M", "1": "one"},) if name == "map_choices" else ()
        fast, plain = parse(values, *args), parse.__wrapped__(values, *args)
        yield from zip(fast if isinstance(fast, tuple) else [fast], plain if isinstance(plain, tuple) else [plain])


@settings(max_examples=30, deadline=None)
@given(st.lists(text_or_date_cell, min_size=1, max_size=12), st.integers(0, 2**32))
def test_parsing_each_distinct_cell_once_gives_what_parsing_every_cell_gives(pool, seed):
    """A long column of repeated cells is parsed one distinct value at a time and spread back;
    the result is exactly the cell-by-cell parse."""
    import random

    from induction_analysis.ingest import parsing

    rnd = random.Random(seed)
    values = pd.Series([rnd.choice(pool) for _ in range(parsing.DISTINCT_FROM_ROWS + 100)], dtype="object")
    for got, want in _both_ways(values):
        pd.testing.assert_series_equal(got, want)


def test_columns_with_numbers_are_parsed_cell_by_cell():
    """1, 1.0 and True are one value to pandas' factorize, not to the parsers: such a column is not
    parsed one distinct value at a time."""
    from induction_analysis.ingest import parsing

    values = pd.Series([1, 1.0, True, "1", None] * (parsing.DISTINCT_FROM_ROWS // 5 + 1), dtype="object")
    assert parsing.clean_text(values)[:4].tolist() == ["1", "1.0", "True", "1"]
    for got, want in _both_ways(values):
        pd.testing.assert_series_equal(got, want)


# texts shaped like dates: numbers of 1-4 digits (some in other scripts' digits), month names, AM/PM and the
# separators the formats use or nearly use (a vertical tab is a space to strptime)
date_piece = st.one_of(
    st.integers(0, 2100).map(str),
    st.integers(0, 99).map("{:02d}".format),
    st.sampled_from(["Sep", "september", "SEPT", "Feb", "pm", "AM", "T", "٢٠٢٥", "١٢", "０９"]),
)
date_separator = st.sampled_from(["-", "/", " ", "  ", ":", ", ", "\x0b", "\t", "T", ".", ""])


@settings(max_examples=300, deadline=None)
@example("9/3/2025\t7:05:09")
@example("9/3/2025\x0b7:05:09")
@example("9/3/2025\x1c7:05:09")
@example("9/ 3/2025 7:05:09")
@example("2025-9-3")
@example("september 3, 2025")
@example("3-SEP-25")
@example("9/3/2025 7:05 pm")
@example("٢٠٢٥-٠٩-٠٣")
@given(
    st.lists(st.tuples(date_piece, date_separator), min_size=1, max_size=7).map(
        lambda parts: "".join(a + b for a, b in parts).strip()
    )
)
def test_the_date_sieve_never_changes_what_a_text_date_reads_as(text):
    """Each format is tried only on the texts its sieve lets through: what every text reads as is what trying
    every format in turn gives."""
    series = pd.Series([text, "9/3/2025 7:05:09", text.upper()], dtype="str")
    with patch.dict(parsing.DATE_SIEVES, {fmt: "(?s).*" for fmt in DATE_FORMATS}):  # no sieve: every format tried
        expected = parse_dates(series)
    got = parse_dates(series)
    pd.testing.assert_series_equal(got[0], expected[0])
    pd.testing.assert_series_equal(got[1], expected[1])


def test_the_date_sieve_lets_through_every_date_each_format_writes():
    moments = [
        dt.datetime(2025, 9, 3, 7, 5, 9),
        dt.datetime(1999, 12, 31, 23, 59, 59),
        dt.datetime(2030, 1, 1, 12, 0, 0),
    ]
    for fmt in DATE_FORMATS:
        for moment in moments:
            for written in {
                moment.strftime(fmt),
                moment.strftime(fmt).lower(),
                moment.strftime(fmt).replace(" 0", " "),
            }:
                if pd.notna(pd.to_datetime(written, format=fmt, errors="coerce")):
                    assert re.fullmatch(DATE_SIEVES[fmt], written, re.IGNORECASE), (fmt, written)


def test_each_value_once_calls_the_function_once_per_distinct_value():
    calls = []
    values = pd.Series(["b", "a", None, "b", "a", "c"], dtype="str")
    out = parsing.each_value_once(values, lambda v: calls.append(v) or (None if v == "c" else v.upper() + "!"))
    assert sorted(calls) == ["a", "b", "c"]
    assert out.tolist()[:2] == ["B!", "A!"] and out.tolist()[3:5] == ["B!", "A!"]
    assert pd.isna(out.iloc[2]) and pd.isna(out.iloc[5]) and list(out.index) == list(values.index)


number_or_text_cell = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_infinity=False),
    st.booleans(),
    st.sampled_from(["60", " 45 ", "1,200.50", "$30", "(45)", "1 hr", "N/A", "", "abc", "1e3"]),
    st.text(alphabet=" 0123456789.,$()-e", max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(number_or_text_cell, min_size=1, max_size=30), st.integers(0, 2**32), st.sampled_from([30, 3000]))
def test_numbers_in_number_cells_read_as_their_text_reads(pool, seed, length):
    """A column mixing number cells with text (a log's minutes: 60, "45", "1 hr") takes the number cells as they
    are and reads only the others as text: every cell reads as its text would."""
    import random

    rnd = random.Random(seed)
    values = pd.Series([rnd.choice(pool) for _ in range(length)], dtype="object")
    as_text = parsing._numbers_in_text.__wrapped__(values)  # every cell as text, one by one
    got = parsing.parse_numbers(values)
    pd.testing.assert_series_equal(got[0], as_text[0])
    pd.testing.assert_series_equal(got[1], as_text[1])
