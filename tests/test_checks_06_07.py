"""Feedback of the checks of notebooks 06 (codes meet counts) and 07 (assignment), from a student trial.

Expected values are computed here by hand from the course data: 14 tokens 'security', 5 in sentences
coded political_security; 'cybersecurity' adds one token outside them (5/15); guiding_concept has
precision 4/10 and recall 4/4.
"""

import numpy as np
import pandas as pd
import pytest

from helpers.checks import (check_agreement_codes, check_error_reason, check_figure, check_precision_recall,
                            check_share_in_coded)
from helpers.checks.core import _attempts


@pytest.fixture(autouse=True)
def _fresh_attempts():
    _attempts.clear()  # hints go general -> specific per attempt; each test starts at the first
    yield
    _attempts.clear()


def _out(capsys, fn, *args):
    fn(*args)
    return capsys.readouterr().out


# ----------------------------------------------------------------------------- 06: share in coded sentences

def test_share_correct(capsys):
    assert _out(capsys, check_share_in_coded, 5 / 14).startswith("✅ Correct. 5 of the 14 occurrences")


@pytest.mark.parametrize("answer", [5 / 12, 0.9, 5 / 15, 2 / 9])
def test_share_feedback_never_repeats_not_yet(capsys, answer):
    assert "Not yet. Not yet." not in _out(capsys, check_share_in_coded, answer)


def test_share_names_the_cybersecurity_mistake(capsys):
    printed = _out(capsys, check_share_in_coded, 5 / 15)  # joined[joined.token.str.contains('secur')]
    assert "'cybersecurity'" in printed and "str.contains" in printed


def test_share_names_counting_sentences_instead_of_tokens(capsys):
    assert "share of sentences" in _out(capsys, check_share_in_coded, 2 / 9)


def test_share_hints_go_general_to_specific_without_the_answer(capsys):
    hints = [_out(capsys, check_share_in_coded, 0.9) for _ in range(3)]
    assert len(set(hints)) == 3 and "Two numbers" in hints[0] and "==" in hints[2]
    assert not any("0.36" in h or "5 of the 14" in h for h in hints)


# ----------------------------------------------------------------------------- 06: precision and recall

@pytest.mark.parametrize("answer", [
    (0.4, 1.0), [0.4, 1.0], np.array([0.4, 1.0]),
    pd.Series({"precision": 0.4, "recall": 1.0}),
    pd.DataFrame({"code": ["guiding_concept"], "precision": [0.4], "recall": [1.0], "f1": [0.571]})
      .set_index("code").loc["guiding_concept", ["precision", "recall"]],
])
def test_precision_recall_accepts_any_sequence_of_two_numbers(capsys, answer):
    assert _out(capsys, check_precision_recall, answer).startswith("✅ Correct. precision 0.40")


def test_precision_recall_three_numbers_says_what_is_expected(capsys):
    printed = _out(capsys, check_precision_recall, (0.4, 1.0, 0.571))
    assert "three numbers" in printed and "(precision, recall)" in printed and "No answer yet" not in printed


def test_precision_recall_wrong_has_one_not_yet(capsys):
    printed = _out(capsys, check_precision_recall, (0.5, 0.5))
    assert printed.startswith("🔎 Not yet. Count tp, fp and fn") and "Not yet. Not yet." not in printed


def test_precision_recall_swapped(capsys):
    assert "swapped" in _out(capsys, check_precision_recall, (1.0, 0.4))


# ----------------------------------------------------------------------------- 06: multiple choice

@pytest.mark.parametrize("letter, expected", [("b", "✅ Correct."), ("a", "🔎"), ("c", "🔎"), ("d", "🔎")])
def test_error_reason_letters(capsys, letter, expected):
    assert _out(capsys, check_error_reason, letter).startswith(expected)


def test_error_reason_distractor_d_names_whole_word_matching(capsys):
    assert "whole words" in _out(capsys, check_error_reason, "d")


# ----------------------------------------------------------------------------- 07: agreement table codes

def test_agreement_codes_flags_codes_not_chosen(capsys):
    table = pd.DataFrame({"code": ["party_leadership", "social_governance", "technology", "pooled"]})
    printed = _out(capsys, check_agreement_codes, table, ["party_leadership", "social_governance"])
    assert printed.startswith("🔎 Not yet.") and "technology" in printed and "codes=my_codes" in printed


def test_agreement_codes_accepts_the_chosen_codes(capsys):
    table = pd.DataFrame({"code": ["party_leadership", "pooled"]})
    assert _out(capsys, check_agreement_codes, table, ["party_leadership"]).startswith("✅ Correct.")


def test_agreement_codes_without_codes_asks_for_them(capsys):
    assert "my_codes" in _out(capsys, check_agreement_codes, None, None)


# ----------------------------------------------------------------------------- 07: figure

def test_figure_given_an_axes_says_use_ax_figure(capsys):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.set(title="T", xlabel="x", ylabel="y")
    try:
        assert "a Figure, not an Axes: use fig = ax.figure" in _out(capsys, check_figure, ax)
        success = _out(capsys, check_figure, fig)
    finally:
        plt.close(fig)
    assert success.startswith("✅") and "cell below" not in success and "right under the figure" in success
