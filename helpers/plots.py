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
