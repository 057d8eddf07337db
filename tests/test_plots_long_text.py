"""Figures stay readable on a long text (issue 13, "Scale"): the sizes of the generated 200,000-word text.

That text (tests/fixtures/corpus/make_long.py) has about 2,800 paragraphs, and its most frequent words
occur over 2,000 times each. The tables here have those shapes, built directly, so no notebook runs.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.plots import (DISPERSION_MAX_NUDGED, DISPERSION_MAX_PARAGRAPHS, HEATMAP_MAX_ROWS, code_heatmap,
                           dispersion_plot)

PARAGRAPHS = [1_148, 2_843]


@pytest.mark.parametrize("n", PARAGRAPHS)
def test_heatmap_of_many_paragraphs_has_a_capped_height_and_readable_labels(n):
    table = pd.DataFrame({"we": np.arange(n) % 3, "people": np.ones(n, dtype=int)},
                         index=[f"P{i}" for i in range(1, n + 1)])
    fig = code_heatmap(table, "Who is named", "actor", "paragraph")
    ax = fig.axes[0]
    labels = ax.get_yticklabels()
    assert 10 <= len(labels) <= HEATMAP_MAX_ROWS
    assert labels[0].get_text().startswith("P1–") and labels[-1].get_text().endswith(f"P{n}")
    assert all(label.get_fontsize() >= 10 for label in labels)
    assert 4 <= fig.get_size_inches()[1] <= 15  # inches: about 1,500 pixels at the course's 100 dpi
    assert sum(float(t.get_text()) for t in ax.texts if t.get_position()[0] == 1) == n  # every paragraph counted
    plt.close(fig)


@pytest.mark.parametrize("n", PARAGRAPHS)
def test_dispersion_plot_of_many_paragraphs_labels_a_readable_number(n):
    starts = pd.DataFrame({"paragraph_id": [f"P{i}" for i in range(1, n + 1)], "start": np.arange(n) * 70})
    hits = pd.DataFrame({"term": ["we"] * 3, "position": [5, 30_000, 60_000]})
    fig = dispersion_plot(hits, ["we"], paragraph_starts=starts, n_tokens=n * 70)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert 6 <= len(labels) <= DISPERSION_MAX_PARAGRAPHS and labels[0] == "P1"
    assert len(ax.lines) == len(labels)  # one dotted boundary per label
    assert fig.get_size_inches()[1] < 4
    plt.close(fig)


def test_a_frequent_term_in_a_long_text_stays_on_its_row_in_its_colour():
    """Nudging 2,000 crowded hits would draw three stripes per term, which read as three terms, and black
    outlines on 2,000 marks would hide the row's colour."""
    rng = np.random.default_rng(0)
    many = np.sort(rng.choice(200_000, size=2_000, replace=False))
    few = np.array([100, 120, 50_000])
    hits = pd.DataFrame({"term": ["rare"] * len(few) + ["one"] * len(many), "position": np.concatenate([few, many])})
    fig = dispersion_plot(hits, ["rare", "one"], n_tokens=200_000)  # "one" is the second row: outlined circles
    sparse, dense = fig.axes[0].collections
    assert len(many) > DISPERSION_MAX_NUDGED and set(dense.get_offsets()[:, 1]) == {1.0}
    assert sorted(set(sparse.get_offsets()[:, 1])) == [-0.2, 0.0]  # a short row still separates close hits
    assert tuple(dense.get_edgecolor()[0][:3]) != (0.0, 0.0, 0.0)
    plt.close(fig)
