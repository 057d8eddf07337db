"""One accessible figure style for the whole course, and the figures the notebooks share.

Colours come from the Okabe–Ito palette, which stays distinguishable for the
common forms of colour blindness; text is large enough to read when projected.
Every figure gets a title and labelled axes; the notebook puts a
``**Figure description:**`` cell after it.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

#: Okabe & Ito (2008) colour-blind-safe palette, black first.
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
#: The palette without black, for categories.
CATEGORY_COLOURS = OKABE_ITO[1:]

STYLE = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.labelsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=CATEGORY_COLOURS),
    "legend.frameon": False,
    "savefig.bbox": "tight",
}


def use_course_style() -> None:
    """Apply the course figure style to every later matplotlib figure."""
    mpl.rcParams.update(STYLE)


def bar_chart(labels, values, title: str, xlabel: str, ylabel: str, horizontal: bool = False):
    """A titled, labelled bar chart in the course style; returns the figure.

    >>> fig = bar_chart(["P1", "P2"], [3, 2], "Sentences", "paragraph", "sentences"); plt.close(fig)
    """
    use_course_style()
    fig, ax = plt.subplots()
    labels, values = list(labels), list(values)
    if horizontal:
        ax.barh(labels[::-1], values[::-1], color=CATEGORY_COLOURS[4])
        ax.set_xlabel(ylabel)
        ax.set_ylabel(xlabel)
    else:
        ax.bar(labels, values, color=CATEGORY_COLOURS[4])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# --- notebook 02 (context): timeline ------------------------------------------------------------

#: Marker shapes for timeline strands, so that strands differ by shape as well as by colour.
TIMELINE_MARKERS = ("o", "s", "D", "^", "v", "P", "X")
#: Okabe–Ito colours with enough contrast on white for small markers (no yellow, no sky blue first).
TIMELINE_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")


def timeline_chart(timeline, title: str = "From the first study session to this text", wrap: int = 60,
                   zoom_year: int | None = None):
    """One row per event, oldest at the top: a marker at its date, the date and event as the row label.

    ``timeline`` is the table from ``helpers.context.load_timeline()`` (columns ``when``, ``date``,
    ``event``; optional ``strand`` and ``precision``). Strands differ by colour AND marker shape;
    month-only dates are drawn hollow. Labels sit on their own rows, so they never overlap.
    With ``zoom_year`` (e.g. 2025), a second panel on the right shows only that year's events, by month,
    so that events a few weeks apart can be told apart; it shares the rows (and labels) of the main panel.

    >>> from helpers.context import load_timeline
    >>> fig = timeline_chart(load_timeline()); plt.close(fig)
    >>> fig = timeline_chart(load_timeline(), zoom_year=2025); len(fig.axes); plt.close(fig)
    2
    """
    import textwrap

    import matplotlib.dates as mdates
    import pandas as pd

    use_course_style()
    table = timeline.sort_values(["when", "event"], kind="stable").reset_index(drop=True)
    strands = list(dict.fromkeys(table["strand"])) if "strand" in table else ["event"]
    n = len(table)
    height = 0.55 * n + 1.6
    if zoom_year is None:
        fig, ax = plt.subplots(figsize=(12, height))
        axes = [ax]
    else:
        in_year = table["when"].dt.year == zoom_year
        if not in_year.any():
            raise ValueError(f"zoom_year={zoom_year!r}: the timeline has no event in that year. "
                             "Fix: pick a year that occurs in the date column, or leave zoom_year out.")
        fig, (ax, zoom) = plt.subplots(1, 2, figsize=(15, height), sharey=True,
                                       gridspec_kw={"width_ratios": [3, 1.25]})
        axes = [ax, zoom]
    rows = list(range(n))[::-1]  # oldest at the top
    for k, strand in enumerate(strands):
        mask = (table["strand"] == strand) if "strand" in table else table["event"].notna()
        colour, marker = TIMELINE_COLOURS[k % len(TIMELINE_COLOURS)], TIMELINE_MARKERS[k % len(TIMELINE_MARKERS)]
        for i in table.index[mask]:
            hollow = "precision" in table and table.loc[i, "precision"] == "month"
            for panel in axes:
                panel.plot(table.loc[i, "when"], rows[i], marker=marker, markersize=11, linestyle="none",
                           markeredgecolor=colour, markeredgewidth=2,
                           markerfacecolor="white" if hollow else colour, zorder=3)
        ax.plot([], [], marker=marker, markersize=11, linestyle="none", color=colour, label=strand)
    if "precision" in table and (table["precision"] == "month").any():
        ax.plot([], [], marker="o", markersize=11, linestyle="none", markerfacecolor="white",
                markeredgecolor=OKABE_ITO[0], markeredgewidth=2, label="only the month is known")
    labels = [f"{row.date}  " + "\n".join(textwrap.wrap(row.event, wrap)) for row in table.itertuples()]
    ax.set_yticks(rows)
    ax.set_yticklabels(labels, fontsize=10.5)
    ax.set_ylim(-0.8, n - 0.2)
    for panel in axes:
        panel.grid(axis="y", color="#DDDDDD", linewidth=0.8, zorder=0)
        panel.grid(axis="x", color="#EEEEEE", linewidth=0.8, zorder=0)
    ax.set_xlabel("year")
    ax.set_title(title)
    if zoom_year is not None:
        dates = table.loc[in_year, "when"]
        first = pd.Timestamp(year=zoom_year, month=dates.min().month, day=1)
        last = pd.Timestamp(year=zoom_year, month=dates.max().month, day=1) + pd.offsets.MonthBegin(1)
        zoom.set_xlim(first - pd.Timedelta(days=6), last + pd.Timedelta(days=6))
        zoom.xaxis.set_major_locator(mdates.MonthLocator())
        zoom.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
        zoom.tick_params(axis="y", left=False)
        zoom.set_xlabel(f"month of {zoom_year}")
        zoom.set_title(f"{zoom_year} enlarged")
        ax.axvspan(first, last, color="#EEEEEE", zorder=0)  # where the enlarged panel comes from
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.9 / height), ncol=3, fontsize=11)
    fig.tight_layout(w_pad=3)
    return fig
