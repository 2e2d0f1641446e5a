"""The shaded tables of the lead-mentor pages (charts.coverage_grid, coverage_by_school_grid,
cadence_grid, fifty_hours_table): the numbers in their cells, their order, their colours, the contrast of their
text, and names escaped."""

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from induction_analysis.report import charts

HOSTILE = '<img src=x onerror="alert(1)">'


def _cells(page: str, uuid: str) -> dict[tuple[int, int], dict[str, str]]:
    """Per (row, column) of the table: its text and its CSS (the later rule of the style block wins)."""
    css: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", page.split("</style>")[0]):
        props = dict(p.strip().split(": ", 1) for p in body.split(";") if p.strip())
        for sel in selectors.split(","):
            css.setdefault(sel.strip(), {}).update(props)
    out = {}
    for row, col, text in re.findall(
        rf'<td id="T_{uuid}_row(\d+)_col(\d+)" class="[^"]*" >(.*?)</td>', page, flags=re.S
    ):
        out[int(row), int(col)] = {"text": text.strip(), **css.get(f"#T_{uuid}_row{row}_col{col}", {})}
    return out


def _rows(page: str) -> list[str]:
    return [
        t.strip()
        for t in re.findall(r'<th id="T_[^"]*_level0_row\d+" class="row_heading[^"]*" >(.*?)</th>', page, flags=re.S)
    ]


def _coverage(contacts: dict[str, list[int]], flagged: set[str], indicators=("I-A", "I-B", "II-A")) -> pd.DataFrame:
    rows = []
    for key, counts in contacts.items():
        for ind, n in zip(indicators, counts):
            rows.append(
                {
                    "mentee_key": key,
                    "school": "Oak",
                    "level": "indicator",
                    "standard": ind.split("-")[0],
                    "indicator": ind,
                    "contacts": n,
                    "addressed": n > 0,
                    "untouched_by_check": n == 0,
                }
            )
        for std in dict.fromkeys(i.split("-")[0] for i in indicators):
            rows.append(
                {
                    "mentee_key": key,
                    "school": "Oak",
                    "level": "standard",
                    "standard": std,
                    "indicator": None,
                    "contacts": 0,
                    "addressed": True,
                    "untouched_by_check": key in flagged and std == "II",
                }
            )
    return pd.DataFrame(rows)


def test_coverage_grid_puts_each_pairs_contacts_in_its_cells_blank_when_none():
    cov = _coverage({"p-b": [2, 0, 1], "p-a": [0, 5, 0]}, flagged={"p-b"})
    labels = {"p-a": "Ann Lee (Bo Diaz)", "p-b": f"{HOSTILE} (Cy Ng)"}
    page = charts.coverage_grid(cov, labels, ["I-A", "I-B", "II-A"])

    assert "<caption>1 of 2 pairs left a standard untouched by the check date (▲)</caption>" in page
    # rows in the order of their labels, the flagged pair marked, names escaped
    assert _rows(page) == ["▲ &lt;img src=x onerror=&#34;alert(1)&#34;&gt; (Cy Ng)", "Ann Lee (Bo Diaz)"]
    assert HOSTILE not in page
    cells = _cells(page, "coverage-grid")
    b, a = 0, 1
    assert [cells[a, c]["text"] for c in range(3)] == ["", "5", ""]
    assert [cells[b, c]["text"] for c in range(3)] == ["2", "", "1"]
    # never addressed: white; the most contacts: the darkest blue of the scale
    assert cells[a, 0]["background-color"] == "#ffffff" and cells[a, 2]["background-color"] == "#ffffff"
    assert cells[a, 1]["background-color"] == "#08306b" and cells[a, 1]["color"] == "#f1f1f1"
    assert cells[b, 0]["background-color"] not in ("#ffffff", "#08306b")


def test_coverage_by_school_grid_shows_shares_and_pairs_and_names_the_least_addressed():
    cov = pd.concat(
        [
            _coverage({"p-a": [1, 0, 0], "p-b": [1, 1, 0]}, set()).assign(school="Oak"),
            _coverage({"p-c": [1, 1, 1]}, set()).assign(school="Elm"),
        ]
    )
    page = charts.coverage_by_school_grid(cov, ["I-A", "I-B", "II-A"])
    assert _rows(page) == ["Elm (n = 1)", "Oak (n = 2)"]
    cells = _cells(page, "coverage-by-school")
    assert [cells[0, c]["text"] for c in range(3)] == ["100", "100", "100"]
    assert [cells[1, c]["text"] for c in range(3)] == ["100", "50", "0"]
    assert cells[1, 2]["background-color"] != "#ffffff"  # 0% of the pairs is a share, shaded as such, not a blank
    assert (
        "<caption>Least addressed across the district: II-A (33% of pairs), I-B (67% of pairs), I-A (100% of "
        "pairs)</caption>" in page
    )


def test_fifty_hours_table_lists_fewest_hours_first_with_bars_coloured_by_status():
    rows = pd.DataFrame(
        {
            "mentee_key": ["p-a", "p-b", "p-c"],
            "hours_beyond_induction_cumulative": [52.0, 12.5, 30.25],
            "fifty_hours_projected": [52.0, 25.0, 61.0],
            "fifty_hours_status": ["completed", "behind", "on track"],
        }
    )
    labels = {"p-a": "Ann Lee (Bo Diaz)", "p-b": f"{HOSTILE} (Cy Ng)", "p-c": "Di Fox (Ed Gray)"}
    page = charts.fifty_hours_table(rows, labels)
    assert "<caption>1 of 3 have completed the 50 hours; 1 are behind</caption>" in page
    assert HOSTILE not in page
    cells = _cells(page, "fifty-hours")
    assert [[cells[r, c]["text"] for c in range(4)] for r in range(3)] == [
        ["&lt;img src=x onerror=&#34;alert(1)&#34;&gt; (Cy Ng)", "12.5", "25.0", "behind"],
        ["Di Fox (Ed Gray)", "30.2", "61.0", "on track"],
        ["Ann Lee (Bo Diaz)", "52.0", "52.0", "completed"],
    ]
    # the bar: the status's colour, as long as the share of the 50 hours (full past it)
    bars = [cells[r, 1]["background"] for r in range(3)]
    assert (
        charts.VERMILION + "99 25.0%" in bars[0]
        and charts.BLUE + "99 60.5%" in bars[1]
        and charts.GREEN + "99" in bars[2]
    )


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in (r, g, b))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3).flatmap(
        lambda first: st.lists(
            st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3), min_size=1, max_size=6
        ).map(lambda more: [first, *more])
    )
)
def test_every_number_in_a_shaded_cell_reads_at_a_contrast_of_4_3_or_more(counts):
    cov = _coverage({f"p-{i:02d}": row for i, row in enumerate(counts)}, set())
    page = charts.coverage_grid(cov, {}, ["I-A", "I-B", "II-A"])
    for cell in _cells(page, "coverage-grid").values():
        if cell["text"]:
            light, dark = sorted([_luminance(cell["background-color"]), _luminance(cell["color"])])
            assert (dark + 0.05) / (light + 0.05) >= 4.3, cell


def test_cadence_grid_shows_each_pairs_meetings_month_by_month_blank_before_mentoring_began():
    rows = []
    for key, meetings, expected in [("p-b", [0, 3, 0, 1], [0, 2, 2, 2]), ("p-a", [1, 2, 2, 4], [2, 2, 2, 2])]:
        for month, n, e in zip(["2025-09", "2025-10", "2025-11", "2025-12"], meetings, expected):
            rows.append({"mentee_key": key, "month": month, "meetings": n, "meetings_expected": e, "observations": 0})
    labels = {"p-a": "Ann Lee (Bo Diaz)", "p-b": f"{HOSTILE} (Cy Ng)"}
    page = charts.cadence_grid(pd.DataFrame(rows), labels, 2.0)

    # the mean of the months' means, the pairs, and who missed a month once mentoring began
    assert (
        "<caption>Pairs met 1.6 times a month on average, against 2 expected (n = 2 pairs); 1 of 2 pairs had a month "
        "with no meeting once mentoring began</caption>"
    ) in page
    assert (
        _rows(page) == ["&lt;img src=x onerror=&#34;alert(1)&#34;&gt; (Cy Ng)", "Ann Lee (Bo Diaz)"]
        and HOSTILE not in page
    )
    assert re.findall(r'<th id="T_cadence-grid_level0_col\d+" class="col_heading[^"]*" >(.*?)</th>', page) == [
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    cells = _cells(page, "cadence-grid")
    b, a = 0, 1
    assert [cells[b, c]["text"] for c in range(4)] == ["", "3", "0", "1"]  # September: before its mentor was assigned
    assert [cells[a, c]["text"] for c in range(4)] == ["1", "2", "2", "4"]
    # blank: white; none: the palest blue; the most meetings: the darkest (the scale runs to twice the expected, or the
    # most)
    assert cells[b, 0]["background-color"] == "#ffffff" and cells[b, 2]["background-color"] == "#f7fbff"
    assert cells[a, 3]["background-color"] == "#08306b" and cells[a, 3]["color"] == "#f1f1f1"
    assert "blank = before mentoring began" in page
