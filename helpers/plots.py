"""One accessible figure style for the whole course, and the figures the notebooks share.

Colours come from the Okabe–Ito palette, which stays distinguishable for the
common forms of colour blindness; text is large enough to read when projected.
Every figure gets a title and labelled axes; the notebook puts a
``**Figure description:**`` cell after it.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

from .arguments import whole_number

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


# --- notebook 03 (theme coding): coding stripes and heatmaps --------------------------------------

#: One colour for every filled square in coding_stripes (Okabe–Ito blue).
STRIPE_COLOUR = OKABE_ITO[5]


def coding_stripes(sheets, codes=None, title: str = "Coding stripes", names=None):
    """Sentences × codes for one or more coders: a filled square marks a coded sentence.

    ``sheets`` is a dict ``{coder: sheet}`` (coding sheets with ``sentence_id`` and 0/1 columns);
    each coder gets a panel titled with the coder's name. Every square has the same colour
    (STRIPE_COLOUR): the code is read from the labelled column, so colour carries no meaning that
    could be mistaken for a grouping of codes. ``names`` optionally maps code keys to axis labels.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2"], "a": [1, 0], "b": [1, 1]})
    >>> fig = coding_stripes({"coder_a": s})
    >>> fig.axes[0].get_title(), len(fig.axes[0].collections)
    ('coder_a', 2)
    >>> plt.close(fig)
    """
    use_course_style()
    sheets = dict(sheets)
    first = next(iter(sheets.values()))
    codes = list(codes or [c for c in first.columns if c not in ("sentence_id", "text", "memo")])
    ids = list(first.sentence_id)
    labels = [(names or {}).get(c, c) for c in codes]
    fig, axes = plt.subplots(1, len(sheets), figsize=(2.2 + 0.55 * len(codes) * len(sheets), 0.28 * len(ids) + 2.6),
                             sharey=True, squeeze=False)
    for ax, (coder, sheet) in zip(axes[0], sheets.items()):
        indexed = sheet.set_index("sentence_id")
        for x, code in enumerate(codes):
            ys = [y for y, sid in enumerate(ids) if int(indexed.at[sid, code]) == 1]
            ax.scatter([x] * len(ys), ys, marker="s", s=110, color=STRIPE_COLOUR, edgecolor="black", linewidth=0.6)
        ax.set_xticks(range(len(codes)), labels, rotation=60, ha="right")
        ax.set_yticks(range(len(ids)), ids)
        ax.set_xlim(-0.6, len(codes) - 0.4)
        ax.set_ylim(len(ids) - 0.5, -0.5)
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(str(coder), fontsize=12)
        ax.set_xlabel("code")
    axes[0][0].set_ylabel("sentence (reading order)")
    fig.suptitle(title, fontsize=14, fontweight="bold")
    fig.tight_layout()
    return fig


def code_heatmap(table, title: str, xlabel: str, ylabel: str, fmt: str = "{:.0f}", value_label: str = "count",
                 group_size: int | None = None):
    """A heatmap of a numeric table (rows × columns) with each value written in its cell.

    Uses the colour-blind-safe sequential map 'cividis'; the printed numbers carry the meaning, so
    colour is never the only cue. ``value_label`` labels the colour bar (default "count"); when every
    value is a whole number (counts), the colour bar has whole-number ticks only.
    ``group_size``: draw a separating line after every ``group_size`` columns, for a table whose columns
    come in groups (for example a code beside its word, ``group_size=2``).
    A table longer than ``HEATMAP_MAX_ROWS`` is binned first (:func:`binned_rows`), so the figure's
    height is capped.

    >>> import pandas as pd
    >>> fig = code_heatmap(pd.DataFrame({"a": [1, 0]}, index=["P1", "P2"]), "T", "code", "paragraph")
    >>> fig.axes[1].get_ylabel()
    'count'
    >>> plt.close(fig)
    >>> fig = code_heatmap(pd.DataFrame({"a": [0, 3], "b": [1, 2]}), "T", "x", "y", value_label="sentences")
    >>> [float(t) for t in fig.axes[1].get_yticks() if 0 <= t <= 3]
    [0.0, 1.0, 2.0, 3.0]
    >>> plt.close(fig)
    >>> fig = code_heatmap(pd.DataFrame({"a": [1], "b": [2], "c": [0], "d": [3]}), "T", "x", "y", group_size=2)
    >>> sorted({float(line.get_xdata()[0]) for line in fig.axes[0].lines})
    [1.5]
    >>> plt.close(fig)
    """
    import numpy as np

    use_course_style()
    table, ylabel = binned_rows(table, ylabel)
    values = table.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(2.5 + 0.6 * values.shape[1], 1.8 + 0.42 * values.shape[0]))
    image = ax.imshow(values, cmap="cividis", aspect="auto", vmin=0)
    top = values.max() if values.size else 0
    for (i, j), value in np.ndenumerate(values):
        ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=11,
                color="black" if top and value > top * 0.55 else "white")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns], rotation=60, ha="right")
    ax.set_yticks(range(values.shape[0]), [str(i) for i in table.index])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.spines[:].set_visible(False)
    if group_size is not None:
        group_size = whole_number(group_size, "group_size", meaning="columns in each group")
        for edge in range(group_size, values.shape[1], group_size):
            ax.axvline(edge - 0.5, color="white", linewidth=4)
            ax.axvline(edge - 0.5, color="black", linewidth=1.5)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, label=value_label)
    if values.size and np.all(np.isfinite(values)) and np.all(values == np.round(values)):
        from matplotlib.ticker import MaxNLocator

        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    fig.tight_layout()
    return fig


#: The most rows a heatmap draws (about 14 inches tall); longer tables are binned by binned_rows.
HEATMAP_MAX_ROWS = 30


def binned_rows(table, ylabel: str = "", max_rows: int = HEATMAP_MAX_ROWS):
    """Bin a long table into at most ``max_rows`` rows of consecutive rows, so that a figure stays readable.

    Whole-number tables (counts) are summed per bin, other tables averaged; each bin is labelled
    with its first and last row ("P1–P40") and ``ylabel`` says how the rows were binned.
    A table of ``max_rows`` rows or fewer comes back unchanged.

    >>> import pandas as pd
    >>> table, label = binned_rows(pd.DataFrame({"a": [1, 2, 3]}, index=["P1", "P2", "P3"]), "paragraph", 2)
    >>> table.to_dict(), label
    ({'a': {'P1–P2': 3, 'P3': 3}}, 'paragraph (in bins of 2 rows, summed)')
    """
    import numpy as np

    if len(table) <= max_rows:
        return table, ylabel
    size = -(-len(table) // max_rows)
    groups = np.arange(len(table)) // size
    values = table.to_numpy(dtype=float)
    whole = bool(np.all(np.isfinite(values)) and np.all(values == np.round(values)))
    grouped = table.groupby(groups)
    binned = grouped.sum() if whole else grouped.mean()
    names = [str(i) for i in table.index]
    binned.index = [names[g * size] if g * size == min(len(names), (g + 1) * size) - 1
                    else f"{names[g * size]}–{names[min(len(names), (g + 1) * size) - 1]}" for g in binned.index]
    how = "summed" if whole else "averaged"
    return binned, f"{ylabel} (in bins of {size} rows, {how})".strip()


# --- notebook 04 (counting words): frequency bars and a word cloud from the same table -----------------

#: The one colour of every word in a word cloud (Okabe–Ito blue): colour carries no meaning there.
WORD_CLOUD_COLOUR = OKABE_ITO[5]


def _top_words(table, n: int):
    if not {"word", "count"} <= set(getattr(table, "columns", [])):
        raise ValueError("Pass a frequency table with 'word' and 'count' columns (from helpers.counting.frequency_table).")
    n = whole_number(n, "n", meaning="how many words to draw", example=20)
    top = table.sort_values(["count", "word"], ascending=[False, True], kind="stable").head(n)
    if top.empty:
        raise ValueError("The frequency table is empty, so there is nothing to draw. Fix: use fewer stop words or a lower min_count.")
    return top


def frequency_bars(table, n: int = 20, title: str = "Most frequent words", ax=None):
    """Horizontal bars of the ``n`` most frequent words, most frequent on top, each bar labelled with its count.

    >>> import pandas as pd
    >>> fig = frequency_bars(pd.DataFrame({"word": ["a", "b"], "count": [2, 1]})); plt.close(fig)
    """
    use_course_style()
    top = _top_words(table, n)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, max(3, 0.32 * len(top) + 1.2)))
    else:
        fig = ax.figure
    bars = ax.barh(top.word.tolist()[::-1], top["count"].tolist()[::-1], color=OKABE_ITO[5])
    ax.bar_label(bars, padding=3, fontsize=10)
    ax.set_xlabel("Count (tokens)")
    ax.set_ylabel("Word")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def make_word_cloud(table, n: int = 50, seed: int = 42, width: int = 800, height: int = 450):
    """A NEW ``WordCloud`` drawn from the ``n`` most frequent words of a frequency table.

    A new instance every time (reusing one continues its random stream and changes the layout);
    ``collocations=False`` (the table decides what a word is); a fixed ``seed``; one colour.

    >>> import pandas as pd
    >>> cloud = make_word_cloud(pd.DataFrame({"word": ["safe china", "security"], "count": [3, 5]}))
    >>> sorted(cloud.words_)
    ['safe china', 'security']
    """
    from wordcloud import WordCloud

    top = _top_words(table, n)
    cloud = WordCloud(width=width, height=height, background_color="white", random_state=seed,
                      collocations=False, stopwords=set(), max_words=len(top), prefer_horizontal=1.0,
                      color_func=lambda *args, **kwargs: WORD_CLOUD_COLOUR)
    return cloud.generate_from_frequencies(dict(zip(top.word, top["count"].astype(float))))


def word_cloud(table, n: int = 50, seed: int = 42, title: str = "Word cloud", ax=None):
    """A figure showing the word cloud of the ``n`` most frequent words (see ``make_word_cloud``).

    >>> import pandas as pd
    >>> fig = word_cloud(pd.DataFrame({"word": ["a", "b"], "count": [2, 1]})); plt.close(fig)
    """
    use_course_style()
    cloud = make_word_cloud(table, n=n, seed=seed)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 4.5))
    else:
        fig = ax.figure
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.set_title(title)
    fig.tight_layout()
    return fig


def bars_and_cloud(table, n: int = 20, seed: int = 42, title: str = "The same counts, two pictures"):
    """One figure: the frequency bar chart (left) and the word cloud of the same ``n`` words (right).

    >>> import pandas as pd
    >>> fig = bars_and_cloud(pd.DataFrame({"word": ["a", "b"], "count": [2, 1]})); plt.close(fig)
    """
    use_course_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, max(4.5, 0.3 * n + 1.5)),
                                      gridspec_kw={"width_ratios": [1, 1.3]})
    frequency_bars(table, n=n, title=f"Bar chart: top {n} words", ax=left)
    word_cloud(table, n=n, seed=seed, title=f"Word cloud: the same {n} words", ax=right)
    fig.suptitle(title, fontsize=15, fontweight="bold")
    fig.tight_layout()
    return fig


# --- notebook 05 (words in context): lexical dispersion ------------------------------------------------

#: The most paragraph boundaries a dispersion plot draws; a longer text gets every n-th one.
DISPERSION_MAX_PARAGRAPHS = 12
#: The most hits a dispersion row nudges apart; a row with more is drawn on its line (a dense band), since
#: nudging thousands of marks turns one row into three stripes that look like three terms.
DISPERSION_MAX_NUDGED = 80


def dispersion_plot(hits, terms=None, paragraph_starts=None, n_tokens=None,
                    title: str = "Where each term occurs in the text",
                    xlabel: str = "Position in the text (word number)"):
    """A lexical dispersion ("x-ray") plot: one row per term, one mark per occurrence.

    ``hits`` is the table from ``helpers.concordance.dispersion`` (columns ``term``
    and ``position``). Each term has its own row, colour **and** marker shape, and
    its row label carries its count, so the plot reads without colour. Rows and
    labels come from one list, so a label cannot drift from its row. Optional
    ``paragraph_starts`` (``concordance.paragraph_starts``) draws dotted paragraph
    boundaries labelled P1, P2, ... along the top; beyond ``DISPERSION_MAX_PARAGRAPHS`` paragraphs
    only one boundary in every few is drawn, and the x-axis label says how many.

    Close hits would hide one another, so marks are half transparent and a hit that lies within
    ``crowd`` word positions of the previous hit of the same term is nudged a little up or down (a
    fixed pattern, no randomness: the same data always gives the same picture). A row of more than
    ``DISPERSION_MAX_NUDGED`` hits (a frequent word in a long text) stays on its line, without outlines.

    >>> import pandas as pd
    >>> fig = dispersion_plot(pd.DataFrame({"term": ["a", "b", "a"], "position": [1, 5, 9]})); plt.close(fig)
    >>> dispersion_offsets([497, 501, 600], crowd=10)
    [0.0, -0.2, 0.0]
    """
    import numpy as np

    use_course_style()
    terms = list(dict.fromkeys(hits["term"])) if terms is None else list(terms)
    markers = ("|", "o", "s", "^", "D", "v", "P", "X")
    row_of = {term: i for i, term in enumerate(terms)}
    crowd = max(int(n_tokens if n_tokens is not None else (hits["position"].max() + 1 if len(hits) else 1)) // 80, 1)
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.65 * len(terms)))
    for term, i in row_of.items():
        xs = np.sort(hits.loc[hits["term"] == term, "position"].to_numpy())
        dense = len(xs) > DISPERSION_MAX_NUDGED  # a band: no nudges, and no black outlines that hide the colour
        ys = i + np.asarray([0.0] * len(xs) if dense else dispersion_offsets(xs, crowd=crowd), dtype=float)
        marker = markers[i % len(markers)]
        ax.scatter(xs, ys, marker=marker, s=160 if marker == "|" else 42,
                   color=CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)], linewidths=1.6 if marker == "|" else 0.7,
                   edgecolors="black" if marker != "|" and not dense else None, alpha=0.7, zorder=3)
    labels = [f"{term} (n={int((hits['term'] == term).sum())})" for term in row_of]
    ax.set_yticks(list(row_of.values()), labels)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    if n_tokens is not None:
        ax.set_xlim(-0.5, n_tokens - 0.5)
    if paragraph_starts is not None:
        step = -(-len(paragraph_starts) // DISPERSION_MAX_PARAGRAPHS)  # beyond a readable number, every step-th
        if step > 1:
            paragraph_starts = paragraph_starts.iloc[::step]
            xlabel = f"{xlabel}; dotted lines: one paragraph start in {step}"
        for pid, start in zip(paragraph_starts["paragraph_id"], paragraph_starts["start"]):
            ax.axvline(start - 0.5, color="#777777", linestyle=":", linewidth=1, zorder=1)
            ax.text(start, -0.6, str(pid), fontsize=10, ha="left", va="bottom", color="#333333")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("term")
    ax.set_title(title, pad=22 if paragraph_starts is not None else 6)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def dispersion_offsets(positions, crowd: int = 10, step: float = 0.2) -> list:
    """Vertical nudges for a dispersion plot row: 0, then -step, +step, 0 ... while hits stay crowded.

    A hit closer than ``crowd`` positions to the previous one moves to the next level of the cycle
    (0, -step, +step), so two or three neighbouring hits are drawn as separate marks; an isolated
    hit stays on the line. Deterministic (no random jitter). ``positions`` must be sorted.

    >>> dispersion_offsets([10, 12, 13, 50])
    [0.0, -0.2, 0.2, 0.0]
    """
    levels = (0.0, -step, step)
    out, level, previous = [], 0, None
    for x in positions:
        level = (level + 1) % 3 if previous is not None and x - previous < crowd else 0
        out.append(levels[level])
        previous = x
    return out
