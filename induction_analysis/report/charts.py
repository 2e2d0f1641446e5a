"""The house style of every chart and shaded table: colour-blind-safe (Okabe-Ito), readable in greyscale,
titles that state the finding, labelled axes, n shown."""

from __future__ import annotations

import base64
import html
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
ACCEPTED, REJECTED, WARNED = "#0072B2", "#D55E00", "#E69F00"


def house_style() -> None:
    plt.rcParams.update(
        {
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "figure.figsize": (8, 4),
            "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "font.size": 10.5,
            "legend.frameon": False,
        }
    )


def rows_by_source_chart(summary: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: usable and rejected rows per source (from :func:`quality.by_kind`)."""
    data = summary.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(data) + 1.6))
    ax.barh(data["source"], data["rows_accepted"], color=ACCEPTED, label="usable")
    ax.barh(
        data["source"], data["rows_rejected"], left=data["rows_accepted"], color=REJECTED, hatch="//", label="rejected"
    )
    for y, (acc, rej) in enumerate(zip(data["rows_accepted"], data["rows_rejected"])):
        ax.text(acc + rej, y, f"  {acc:,} usable" + (f", {rej:,} rejected" if rej else ""), va="center", fontsize=9)
    total_rej = int(summary["rows_rejected"].sum())
    total = int(summary["rows_read"].sum())
    ax.set_title(f"{total - total_rej:,} of {total:,} rows usable; {total_rej:,} rejected")
    ax.set_xlabel("rows read (n)")
    ax.set_xlim(0, max(1, data["rows_read"].max()) * 1.35)
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------ helpers
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE = OKABE_ITO[:6]
GREY = "#777777"
STATUS_COLOURS = {"completed": GREEN, "on track": BLUE, "behind": VERMILION, "not started": GREY}
STATUS_HATCHES = {"completed": "", "on track": "..", "behind": "//", "not started": ""}  # told apart in greyscale too


def figure_html(fig: plt.Figure, alt: str, caption: str | None = None) -> str:
    """The figure as a self-contained ``<img>`` (PNG, base64) with its text alternative, then closed."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure style="margin:0 0 1.5rem"><img src="data:image/png;base64,{data}" '
        f'alt="{html.escape(alt, quote=True)}" '
        f'style="max-width:100%">{cap}</figure>'
    )


def _pct(v: float) -> str:
    return "n/a" if pd.isna(v) else f"{v:.0f}%"


# ------------------------------------------------------------------ lead mentors
# Shaded tables: what a lead mentor reads pair by pair (a school's pairs, a district's schools) is an HTML table
# with its numbers in the cells, shaded like a heatmap: names can be found with the browser's search and read
# by a screen reader, every number shows, and it costs a few milliseconds where a drawn heatmap costs half a
# second (a run draws one per school). pandas' Styler writes the table and its cell colours.
TABLE_CSS = [  # every shaded table; scoped by Styler to the one table
    {"selector": "", "props": "border-collapse: collapse; font-size: 0.78rem; margin-bottom: 0.4rem"},
    {
        "selector": "caption",
        "props": "caption-side: top; text-align: left; font-weight: bold; font-size: 1rem; padding: 0.3rem 0",
    },
]
GRID_CSS = [  # a grid: a number per cell, centred
    *TABLE_CSS,
    {
        "selector": "td",
        "props": "text-align: center; min-width: 2.1rem; padding: 0.15rem 0.2rem; border: 1px solid #dddddd",
    },
    {"selector": "th.col_heading", "props": "text-align: center; font-weight: normal; padding: 0.15rem 0.2rem"},
    {
        "selector": "th.row_heading",
        "props": "text-align: left; font-weight: normal; white-space: nowrap; padding-right: 0.6rem",
    },
]


# Black text on cells of relative luminance (WCAG) above this, pandas' light grey (#f1f1f1, luminance 0.88)
# below: where the two contrasts meet, (0.88 + 0.05) / (L + 0.05) = (L + 0.05) / 0.05, so that no number reads
# at less than 4.3:1 (pandas' default, 0.408, leaves light text on mid blues at about 2:1)
TEXT_DARK_FROM = 0.166


def _grid_html(grid: pd.DataFrame, *, uuid: str, caption: str, vmax: float, fmt) -> str:
    """``grid`` (labels as index and columns) as an escaped HTML table shaded in Blues from 0 to ``vmax``;
    empty cells (missing, or shown as "" by ``fmt``) stay white."""
    blank = grid.isna() | grid.map(lambda v: fmt(v) == "")
    style = (
        grid.style.set_uuid(uuid)
        .format(fmt, escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .background_gradient(cmap="Blues", vmin=0, vmax=vmax, text_color_threshold=TEXT_DARK_FROM)
        .apply(lambda _: np.where(blank, "background-color: #ffffff; color: #000000", ""), axis=None)
        .set_caption(html.escape(caption))
        .set_table_styles(GRID_CSS)
        .set_table_attributes('class="shaded-grid"')
    )
    return style.to_html()


def coverage_grid(cov: pd.DataFrame, labels: dict[str, str], indicators: list[str]) -> str:
    """A school's pairs (rows, flagged ones marked ▲) by indicator (columns): the contacts that addressed each
    indicator in the cell, shaded by how many; blank = never addressed. An HTML table (:func:`_grid_html`)."""
    ind = cov[cov["level"] == "indicator"]
    grid = (
        ind.pivot_table(index="mentee_key", columns="indicator", values="contacts", aggfunc="sum")
        .reindex(columns=indicators)
        .fillna(0)
    )
    flagged = set(cov.loc[(cov["level"] == "standard") & cov["untouched_by_check"], "mentee_key"])
    grid = grid.loc[sorted(grid.index, key=lambda k: labels.get(k, k))].astype(int)
    caption = f"{len(flagged & set(grid.index))} of {len(grid)} pairs left a standard untouched by the check date (▲)"
    grid.index = [("▲ " if k in flagged else "") + labels.get(k, k) for k in grid.index]
    grid.index.name, grid.columns.name = "pair (new teacher, mentor)", None
    return (
        _grid_html(
            grid,
            uuid="coverage-grid",
            caption=caption,
            vmax=max(1, int(grid.to_numpy().max(initial=0))),
            fmt=lambda v: f"{v:d}" if v else "",
        )
        + "<p><small>In each cell: the logged contacts that addressed the indicator (darker = more); "
        "blank = never addressed this year.</small></p>"
    )


def coverage_by_school_grid(cov: pd.DataFrame, indicators: list[str]) -> str:
    """Schools (rows, n pairs beside each) by indicator (columns): the share of the school's pairs that addressed
    each indicator, in the cell and shaded (the district view; each school's page has its pairs). An HTML table."""
    ind = cov[cov["level"] == "indicator"]
    share = 100 * ind.pivot_table(index="school", columns="indicator", values="addressed", aggfunc="mean").reindex(
        columns=indicators
    )
    pairs = ind.groupby("school")["mentee_key"].nunique()
    share = share.loc[sorted(share.index)]
    share.index = [f"{s} (n = {int(pairs[s])})" for s in share.index]
    share.index.name, share.columns.name = "school (pairs)", None
    district = 100 * ind.groupby("indicator")["addressed"].mean().reindex(indicators)
    least = district.nsmallest(3)
    caption = "Least addressed across the district: " + ", ".join(f"{i} ({v:.0f}% of pairs)" for i, v in least.items())
    return (
        _grid_html(
            share, uuid="coverage-by-school", caption=caption, vmax=100, fmt=lambda v: "" if pd.isna(v) else f"{v:.0f}"
        )
        + "<p><small>In each cell: the share of the school's pairs (%) whose logged contacts addressed the indicator "
        "(darker = more).</small></p>"
    )


def _cadence_title(monthly: pd.DataFrame, expected: float) -> tuple[pd.DataFrame, str]:
    """Per month: mean meetings and observations per pair, pairs; and the sentence that states the cadence."""
    m = monthly.groupby("month").agg(
        meetings=("meetings", "mean"), observations=("observations", "mean"), pairs=("mentee_key", "nunique")
    )
    n = int(m["pairs"].max()) if len(m) else 0
    return (
        m,
        f"Pairs met {m['meetings'].mean():.1f} times a month on average, against {expected:g} expected (n = {n} pairs)",
    )


def cadence_grid(monthly: pd.DataFrame, labels: dict[str, str], expected: float) -> str:
    """A school's pairs (rows) by school month (columns): the meetings each pair logged that month, shaded by how
    many; blank before mentoring began. An HTML table like :func:`coverage_grid` (a district's school pages
    draw no figure for it: each would cost a quarter of its page)."""
    _, title = _cadence_title(monthly, expected)
    months = sorted(monthly["month"].unique())
    meetings = monthly.pivot_table(index="mentee_key", columns="month", values="meetings", aggfunc="sum").reindex(
        columns=months
    )
    began = (
        monthly.pivot_table(index="mentee_key", columns="month", values="meetings_expected", aggfunc="sum").reindex(
            columns=months
        )
        > 0
    )
    grid = meetings.where(began | (meetings > 0))  # before mentoring began, and nothing logged: blank
    missed = sorted(k for k in grid.index if (grid.loc[k] == 0).any())
    grid = grid.loc[sorted(grid.index, key=lambda k: labels.get(k, k))]
    grid.index = [labels.get(k, k) for k in grid.index]
    grid.columns = [pd.Period(m).strftime("%b") for m in months]
    grid.index.name, grid.columns.name = "pair (new teacher, mentor)", None
    caption = f"{title}; {len(missed)} of {len(grid)} pairs had a month with no meeting once mentoring began"
    return (
        _grid_html(
            grid,
            uuid="cadence-grid",
            caption=caption,
            vmax=max(2 * expected, float(np.nanmax(grid.to_numpy(), initial=1))),
            fmt=lambda v: "" if pd.isna(v) else f"{v:.0f}",
        )
        + f"<p><small>In each cell: the meetings and co-planning sessions the pair logged that month (darker = more; "
        f"{expected:g} a month expected); 0 = none that month; blank = before mentoring began.</small></p>"
    )


def cadence_chart(monthly: pd.DataFrame, expected: float) -> tuple[plt.Figure, str]:
    """Mean meetings per pair each school month, against the expected cadence."""
    m, title = _cadence_title(monthly, expected)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    x = range(len(m))
    ax.plot(x, m["meetings"], marker="o", color=BLUE, label="meetings and co-planning")
    ax.plot(x, m["observations"], marker="s", linestyle="--", color=ORANGE, label="observations")
    ax.axhline(expected, color=GREY, linestyle=":", label=f"expected: {expected:g} meetings a month")
    ax.set_xticks(list(x), [pd.Period(p).strftime("%b") for p in m.index])
    ax.set_ylabel("per pair, mean (n)")
    ax.set_ylim(0, max(expected, m["meetings"].max()) * 1.25)
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    alt = "Line chart of mean meetings and observations per pair by month: " + ", ".join(
        f"{pd.Period(p).strftime('%b')} {v:.1f}" for p, v in m["meetings"].items()
    )
    return fig, alt


def fifty_hours_table(rows: pd.DataFrame, labels: dict[str, str], required: float = 50) -> str:
    """A school's Initial-license teachers beyond the induction year, fewest hours first: hours so far as a bar
    coloured by status (a full cell = the ``required`` hours), projected hours and status in words. An HTML table
    (pandas' Styler), like :func:`coverage_grid`."""
    d = rows.sort_values(["hours_beyond_induction_cumulative", "mentee_key"])
    table = pd.DataFrame(
        {
            "teacher (mentor)": [labels.get(k, k) for k in d["mentee_key"]],
            f"hours so far (bar: of the {required:g})": d["hours_beyond_induction_cumulative"].to_numpy(dtype=float),
            "projected at the current pace": d["fifty_hours_projected"].to_numpy(dtype=float),
            "status": d["fifty_hours_status"].to_numpy(dtype=object),
        }
    )
    counts = table["status"].value_counts()
    hours = table.columns[1]
    style = (
        table.style.set_uuid("fifty-hours")
        .hide(axis="index")
        .format({hours: "{:.1f}", "projected at the current pace": "{:.1f}"}, na_rep="")
        .format(escape="html", subset=["teacher (mentor)", "status"])
        .format_index(escape="html", axis=1)
    )
    for status, colour in STATUS_COLOURS.items():
        these = table.index[table["status"] == status]
        if len(these):
            style = style.bar(subset=pd.IndexSlice[these, hours], color=colour + "99", vmin=0, vmax=required, height=70)
    caption = (
        f"{counts.get('completed', 0)} of {len(table)} have completed the {required:g} hours; "
        f"{counts.get('behind', 0)} are behind"
    )
    style = (
        style.set_caption(html.escape(caption))
        .set_table_attributes('class="shaded-grid"')
        .set_table_styles(
            [
                *TABLE_CSS,
                {"selector": "td", "props": "text-align: left; padding: 0.15rem 0.5rem; border: 1px solid #dddddd"},
                {"selector": "th", "props": "text-align: left; font-weight: normal; padding: 0.15rem 0.5rem"},
                {"selector": "td.col1", "props": "min-width: 12rem"},
                {"selector": "td.col2", "props": "text-align: right"},
            ]
        )
    )
    return style.to_html()


def fifty_hours_by_school_chart(rows: pd.DataFrame, required: float = 50) -> tuple[plt.Figure, str]:
    """Initial-license teachers beyond the induction year by status toward the 50 hours, per school (stacked,
    n beside each bar): the district view; each school's page has its teachers one by one."""
    order = [s for s in STATUS_COLOURS if s in set(rows["fifty_hours_status"])]
    counts = rows.pivot_table(
        index="school", columns="fifty_hours_status", values="mentee_key", aggfunc="count", fill_value=0
    )
    counts = counts.reindex(columns=order, fill_value=0).loc[sorted(counts.index, reverse=True)]
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(counts) + 1.9))
    left = np.zeros(len(counts))
    for status in order:
        ax.barh(
            counts.index,
            counts[status],
            left=left,
            color=STATUS_COLOURS[status],
            hatch=STATUS_HATCHES[status],
            edgecolor="white",
            linewidth=0,
            label=f"{status} ({int(counts[status].sum())})",
        )
        left += counts[status].to_numpy()
    for y, total in enumerate(left):
        ax.text(total, y, f"  n = {int(total)}", va="center", fontsize=8.5)
    ax.set_xlim(0, max(1, left.max()) * 1.2)
    ax.set_xlabel("Initial-license teachers beyond the induction year (n)")
    ax.legend(loc="lower right", fontsize=8)
    total = rows["fifty_hours_status"].value_counts()
    title = (
        f"{total.get('completed', 0)} of {len(rows)} have completed the {required:g} hours; "
        f"{total.get('behind', 0)} are behind"
    )
    ax.set_title(title)
    fig.tight_layout()
    alt = (
        title
        + ". Stacked bars by school: "
        + "; ".join(
            f"{school}: " + ", ".join(f"{s} {int(n)}" for s, n in row.items() if n)
            for school, row in counts.iloc[::-1].iterrows()
        )
    )
    return fig, alt


def sessions_chart(items: pd.DataFrame) -> tuple[plt.Figure, str]:
    """Favorable share of exit-ticket answers per session (all items pooled), with n."""
    s = items[items["session"] != "all sessions"].copy()
    s["fav_n"] = s["favorable_pct"] * s["n_responses"] / 100
    g = s.groupby("session", sort=False).agg(fav=("fav_n", "sum"), n=("n_responses", "sum"))
    g["pct"] = 100 * g["fav"] / g["n"]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(g) + 1.6))
    ax.barh(g.index[::-1], g["pct"][::-1], color=BLUE)
    for i, (p, n) in enumerate(zip(g["pct"][::-1], g["n"][::-1])):
        ax.text(p + 1, i, f"{p:.0f}% (n = {int(n)})", va="center", fontsize=8.5)
    ax.set_xlim(0, 115)
    ax.set_xlabel("answers in the top two points of the scale (%)")
    low = g["pct"].idxmin() if len(g) else ""
    ax.set_title(f"Sessions rated favorably by {g['pct'].min():.0f}-{g['pct'].max():.0f}% of answers; lowest: {low}")
    fig.tight_layout()
    alt = "Bar chart of favorable shares by session: " + ", ".join(f"{k} {v:.0f}%" for k, v in g["pct"].items())
    return fig, alt


def pool_chart(cov: pd.DataFrame) -> tuple[plt.Figure, str]:
    """Next year's new hires against mentor places, by subject; short subjects hatched orange."""
    d = cov[cov["dimension"] == "subject"].sort_values("new_hires")
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(d) + 1.8))
    y = np.arange(len(d))
    ax.barh(y + 0.2, d["capacity"], 0.4, color=SKY, label="mentor places (capacity of available mentors)")
    short = d["short_by"] > 0
    ax.barh(
        y - 0.2,
        d["new_hires"],
        0.4,
        color=[ORANGE if s else BLUE for s in short],
        hatch=None,
        label="new hires next year",
    )
    for yi, (h, c, s) in enumerate(zip(d["new_hires"], d["capacity"], d["short_by"])):
        label = f"{int(h)} hire{'s' if h != 1 else ''}, {int(c)} place{'s' if c != 1 else ''}" + (
            f": short by {int(s)}" if s else ""
        )
        ax.text(max(h, c) + 0.3, yi, label, va="center", fontsize=8.5)
    ax.set_yticks(y, d["value"])
    ax.set_xlim(0, max(1, d[["new_hires", "capacity"]].to_numpy().max()) * 1.6)
    ax.set_xlabel("teachers")
    ax.legend(loc="lower right", fontsize=8.5)
    gaps = d.loc[short, "value"].tolist()
    title = f"Mentor places cover next year's hires in {len(d) - len(gaps)} of {len(d)} subjects" + (
        f"; short in {', '.join(gaps)}" if gaps else ""
    )
    ax.set_title(title, fontsize=11.5)
    fig.tight_layout()
    alt = (
        title
        + ". Bar chart of new hires and mentor places by subject: "
        + ", ".join(f"{v} {int(h)} hires {int(c)} places" for v, h, c in zip(d["value"], d["new_hires"], d["capacity"]))
    )
    return fig, alt


# ------------------------------------------------------------------ administration
def retention_chart(summary: pd.DataFrame) -> tuple[plt.Figure, str]:
    """Still teaching 1 and 2 years after the first year, by group, with intervals and the NCES benchmark."""
    groups = [g for g in ["all", "mentored", "not mentored"] if g in set(summary["group"])]
    fig, ax = plt.subplots(figsize=(8, 4.4))
    width = 0.35
    for j, k in enumerate([1, 2]):
        d = summary[summary["years_since_start"] == k].set_index("group").reindex(groups)
        x = np.arange(len(groups)) + (j - 0.5) * width
        err = [d["still_teaching_pct"] - d["ci_low_pct"], d["ci_high_pct"] - d["still_teaching_pct"]]
        ax.bar(
            x,
            d["still_teaching_pct"],
            width,
            yerr=err,
            capsize=3,
            color=[BLUE, SKY][j],
            hatch=["", "//"][j],
            label=f"{k} year{'s' if k > 1 else ''} later",
        )
        ax.scatter(
            x, d["benchmark_pct"], marker="D", color="black", zorder=3, label="NCES benchmark" if j == 0 else None
        )
        for xi, (p, n) in zip(x, zip(d["still_teaching_pct"], d["n_cohort"])):
            ax.text(
                xi,
                3,
                f"{p:.0f}%\nn={int(n)}",
                ha="center",
                fontsize=8,
                color="white",
                bbox=dict(boxstyle="round,pad=0.2", fc="#003f66", ec="none"),
            )
    ax.set_xticks(range(len(groups)), [f"{g}\nbeginning teachers" for g in groups])
    ax.set_ylim(0, 105)
    ax.set_ylabel("still teaching in the district (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8.5, frameon=False)
    one = summary[summary["years_since_start"] == 1].set_index("group")
    if {"mentored", "not mentored"} <= set(one.index):
        title = (
            f"A year on, {one.loc['mentored', 'still_teaching_pct']:.0f}% of mentored beginning teachers still teach "
            f"here, "
            f"{one.loc['not mentored', 'still_teaching_pct']:.0f}% of the others"
        )
    else:
        title = f"A year on, {one.loc['all', 'still_teaching_pct']:.0f}% of beginning teachers still teach here"
    ax.set_title(title, fontsize=11.5)
    fig.tight_layout()
    alt = "Bar chart: " + "; ".join(
        f"{r.group} after {r.years_since_start} year(s) {r.still_teaching_pct:.0f}% (n={r.n_cohort}, "
        f"benchmark {r.benchmark_pct}%)"
        for r in summary.itertuples()
    )
    return fig, alt


def proficiency_chart(prof: pd.DataFrame) -> tuple[plt.Figure, str]:
    """Share rated Proficient or better by year: new teachers (with intervals) and other teachers."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    parts = [
        ("all new teachers", BLUE, "o", "new teachers"),
        ("other teachers (reference)", ORANGE, "s", "other teachers"),
    ]
    lines = []
    for breakdown, colour, marker, label in parts:
        d = prof[(prof["breakdown"] == breakdown) & (prof["rating_of"] == "summative")].sort_values("school_year")
        if d.empty:
            continue
        x = list(range(len(d)))
        err = [d["proficient_pct"] - d["ci_low_pct"], d["ci_high_pct"] - d["proficient_pct"]]
        ax.errorbar(x, d["proficient_pct"], yerr=err, color=colour, marker=marker, capsize=3, label=label)
        for xi, withheld in zip(x, d["suppressed"].astype(bool)):
            if withheld:  # a withheld rate is not drawn: the chart says so where it would be
                ax.annotate("withheld\n(small group)", (xi, 50), ha="center", fontsize=8, color=colour)
        ax.set_xticks(x, d["school_year"])
        last = d.iloc[-1]
        lines.append((label, last))
    ax.set_ylim(0, 105)
    ax.set_ylabel("rated Proficient or Exemplary (%)")
    ax.legend(loc="lower right", fontsize=9)
    if lines:
        label, last = lines[0]
        ref = f", against {_pct(lines[1][1]['proficient_pct'])} of other teachers" if len(lines) > 1 else ""
        if bool(last["suppressed"]):
            ax.set_title(
                f"New teachers' proficiency in {last['school_year']} is withheld: only {int(last['n_teachers'])} "
                "were rated (a small group)",
                fontsize=11.5,
            )
        else:
            ax.set_title(
                f"{_pct(last['proficient_pct'])} of new teachers rated Proficient or better in {last['school_year']} "
                f"(n = {int(last['n_teachers'])}){ref}",
                fontsize=11.5,
            )
    fig.tight_layout()
    alt = (
        "Line chart of the share rated Proficient or better by year, with 95% intervals; "
        "the table below gives each value."
    )
    return fig, alt


def budget_chart(lines: pd.DataFrame, summary: pd.DataFrame) -> tuple[plt.Figure, str]:
    """Stacked costs by category per year, and cost per new and per retained teacher."""
    pivot = lines.pivot_table(index="school_year", columns="category", values="amount_usd", aggfunc="sum", fill_value=0)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4), gridspec_kw={"width_ratios": [3, 2]})
    bottom = pd.Series(0.0, index=pivot.index)
    hatches = ["", "//", "..", "xx", "\\\\", "--", "++"]
    for i, cat in enumerate(pivot.columns):
        ax.bar(
            pivot.index,
            pivot[cat] / 1000,
            bottom=bottom / 1000,
            label=cat.replace("_", " "),
            color=OKABE_ITO[i % 8],
            hatch=hatches[i % 7],
        )
        bottom += pivot[cat]
    ax.set_ylabel("cost (thousands of US dollars)")
    ax.tick_params(axis="x", rotation=45)
    ax.legend(fontsize=7.5, loc="upper left")
    s = summary.set_index("school_year")
    ax2.plot(s.index, s["cost_per_new_teacher_usd"], marker="o", color=BLUE, label="per new teacher")
    ax2.plot(
        s.index,
        s["cost_per_retained_teacher_usd"],
        marker="s",
        linestyle="--",
        color=VERMILION,
        label="per retained teacher",
    )
    ax2.set_ylabel("US dollars")
    ax2.set_ylim(0, max(1, s[["cost_per_new_teacher_usd", "cost_per_retained_teacher_usd"]].max().max()) * 1.2)
    ax2.tick_params(axis="x", rotation=45)
    ax2.legend(fontsize=8)
    last = s.iloc[-1]
    fig.suptitle(
        f"The program cost \\${last['total_usd']:,.0f} in {s.index[-1]}: \\${last['cost_per_new_teacher_usd']:,.0f} "
        f"per new teacher (n = {int(last['new_teachers'])})",
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=12,
    )
    fig.tight_layout()
    alt = (
        "Stacked bars of cost by category and year, and lines of cost per new and per retained teacher; "
        "the table below gives each value."
    )
    return fig, alt


# ------------------------------------------------------------------ themes
MONTH_NAMES = {
    1: "Jan",
    2: "Feb",
    3: "Mar",
    4: "Apr",
    5: "May",
    6: "Jun",
    7: "Jul",
    8: "Aug",
    9: "Sep",
    10: "Oct",
    11: "Nov",
    12: "Dec",
}
LINE_STYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P"]


def _month_label(month: str) -> str:
    return MONTH_NAMES.get(int(month[5:]), month) if len(month) == 7 else month


MIN_MONTH_ENTRIES = 20


def theme_trend_chart(
    monthly: pd.DataFrame, top: int = 5, min_entries: int = MIN_MONTH_ENTRIES
) -> tuple[plt.Figure, str]:
    """Share of entries carrying each theme, month by month (one source or all), for the ``top`` themes of the
    year plus the theme that changes most; n of entries under each month. ``monthly``: comment_themes rows of one
    year and source, months only; months with fewer than ``min_entries`` entries are left out (a share of a
    handful of entries swings too much to read). The title names the theme that changes most."""
    d = monthly[(monthly["theme"] != "no_theme") & (monthly["entries"] >= min_entries)]
    months = list(dict.fromkeys(d["month"]))
    wide = d.pivot_table(index="month", columns="theme", values="share_pct", sort=False).reindex(months)
    counts = d.pivot_table(index="month", columns="theme", values="entries_with_theme", sort=False).reindex(months)
    labels = dict(zip(d["theme"], d["theme_label"]))
    n = d.drop_duplicates("month").set_index("month")["entries"].reindex(months)
    totals = counts.sum().sort_values(ascending=False)
    swing = (wide.max() - wide.min()).sort_values(ascending=False)
    shown = list(dict.fromkeys([*totals.index[:top], swing.index[0]]))
    fig, ax = plt.subplots(figsize=(9, 4.6))
    x = np.arange(len(months))
    for i, theme in enumerate(shown):
        ax.plot(
            x,
            wide[theme],
            color=OKABE_ITO[i % len(OKABE_ITO)],
            linestyle=LINE_STYLES[i % 4],
            marker=MARKERS[i % 6],
            linewidth=2,
            markersize=5,
            label=labels[theme],
        )
    ax.set_xticks(x, [f"{_month_label(m)}\nn = {int(k)}" for m, k in zip(months, n)])
    ax.set_ylabel("entries carrying the theme (%)")
    ax.set_ylim(0, max(10, float(np.nanmax(wide[shown].to_numpy())) * 1.15))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5)
    lead = swing.index[0]
    peak_month = wide[lead].idxmax()
    peak, end = wide[lead].max(), wide[lead].iloc[-1]
    title = (
        f"{labels[lead]} peaks in {_month_label(peak_month)} ({peak:.0f}% of entries) "
        f"and is at {end:.0f}% by {_month_label(months[-1])}"
    )
    ax.set_title(title, fontsize=11.5)
    fig.tight_layout()
    alt = (
        title
        + ". Line chart of the share of entries carrying each theme by month: "
        + "; ".join(
            f"{labels[t]}: " + ", ".join(f"{_month_label(m)} {v:.0f}%" for m, v in wide[t].items() if pd.notna(v))
            for t in shown
        )
    )
    return fig, alt


def theme_sources_chart(year_rows: pd.DataFrame, source_labels: dict[str, str]) -> tuple[plt.Figure, str]:
    """Share of entries carrying each theme, by source (journals, exit tickets, surveys), for the whole year;
    n of each source in the legend. ``year_rows``: comment_themes rows of one year, month ``all``."""
    d = year_rows[(year_rows["theme"] != "no_theme") & (year_rows["source"] != "all")]
    order = d.groupby("theme", sort=False)["entries_with_theme"].sum().sort_values().index.tolist()
    labels = dict(zip(d["theme"], d["theme_label"]))
    sources = [s for s in source_labels if s in set(d["source"])]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(order) + 1.8))
    y = np.arange(len(order))
    h = 0.8 / max(1, len(sources))
    hatches = ["", "//", ".."]
    for i, source in enumerate(sources):
        s = d[d["source"] == source].set_index("theme").reindex(order)
        n = int(s["entries"].dropna().iloc[0]) if s["entries"].notna().any() else 0
        ax.barh(
            y + (i - (len(sources) - 1) / 2) * h,
            s["share_pct"].fillna(0),
            h,
            color=OKABE_ITO[i],
            hatch=hatches[i % 3],
            label=f"{source_labels[source]} (n = {n:,} entries)",
        )
    ax.set_yticks(y, [labels[t] for t in order])
    ax.set_xlabel("entries carrying the theme (%)")
    ax.legend(loc="lower right", fontsize=8.5)
    top = {s: d[d["source"] == s].sort_values("share_pct", ascending=False).iloc[0] for s in sources}
    title = "Most raised in " + "; in ".join(
        f"{source_labels[s]}: {r.theme_label.lower()} ({r.share_pct:.0f}%)" for s, r in top.items()
    )
    ax.set_title(title.replace("; in ", ";\nin "), fontsize=11)
    fig.tight_layout()
    alt = title + ". Bar chart of the share of entries carrying each theme, by source."
    return fig, alt
