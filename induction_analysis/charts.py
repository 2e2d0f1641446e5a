"""The house style of every chart: colour-blind-safe (Okabe-Ito), readable in greyscale,
titles that state the finding, labelled axes, n shown."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
ACCEPTED, REJECTED, WARNED = "#0072B2", "#D55E00", "#E69F00"


def house_style() -> None:
    plt.rcParams.update({
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
    })


def rows_by_source_chart(summary: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: usable and rejected rows per source (from :func:`quality.by_kind`)."""
    data = summary.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(data) + 1.6))
    ax.barh(data["source"], data["rows_accepted"], color=ACCEPTED, label="usable")
    ax.barh(data["source"], data["rows_rejected"], left=data["rows_accepted"], color=REJECTED, hatch="//", label="rejected")
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
