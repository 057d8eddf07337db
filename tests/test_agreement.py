"""helpers.agreement: every coefficient against hand-computed values, published fixtures and NLTK."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.agreement import (
    Undefined, agreement_table, as_ratings, bootstrap_alpha, cohen_kappa, fleiss_kappa, is_undefined,
    krippendorff_alpha, krippendorff_band, landis_koch, mean_pairwise_kappa, nltk_coefficients,
    percent_agreement,
)
from krippendorff_examples import KRIPP_2011, KRIPP_DOC

nan = np.nan


def _table(yy, yn, ny, nn):
    """Two coders' labels from a 2 x 2 table (coder A's answer first)."""
    a = [1] * yy + [1] * yn + [0] * ny + [0] * nn
    b = [1] * yy + [0] * yn + [1] * ny + [0] * nn
    return a, b


# --------------------------------------------------------------------------- Krippendorff


@pytest.mark.parametrize("ratings, expected", [(KRIPP_DOC, 0.691358), (KRIPP_2011, 0.743421)])
def test_alpha_matches_the_published_fixtures(ratings, expected):
    assert round(krippendorff_alpha(ratings), 6) == expected


@pytest.mark.parametrize("ratings", [KRIPP_DOC, KRIPP_2011])
def test_alpha_matches_nltk_with_missing_data(ratings):
    assert krippendorff_alpha(ratings) == pytest.approx(nltk_coefficients(ratings)["alpha"], abs=1e-12)


def test_alpha_binary_by_hand():
    # 2 coders, 4 units: (1,1) (1,0) (0,0) (0,0). n = 8, n1 = 3, n0 = 5; one disagreeing unit gives
    # o_10 = o_01 = 1. alpha = 1 - (n - 1) * 2 / (2 * n1 * n0) = 1 - 7 * 2 / 30 = 0.5333...
    assert krippendorff_alpha([[1, 1, 0, 0], [1, 0, 0, 0]]) == pytest.approx(1 - 14 / 30)


def test_alpha_ignores_units_with_a_single_value():
    with_single = [[1, 1, 0, 0, 1], [1, 0, 0, 0, nan]]
    assert krippendorff_alpha(with_single) == pytest.approx(krippendorff_alpha([[1, 1, 0, 0], [1, 0, 0, 0]]))


# --------------------------------------------------------------------------- Cohen, Fleiss, percent


def test_cohen_kappa_from_a_two_by_two_table():
    # 50 units: 20 both yes, 5 A yes/B no, 10 A no/B yes, 15 both no.
    # p_o = 35/50 = .7; p_e = .5 * .6 + .5 * .4 = .5; kappa = .2 / .5 = .4
    a, b = _table(20, 5, 10, 15)
    assert percent_agreement([a, b]) == pytest.approx(0.7)
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_kappa_drops_units_either_coder_left_missing():
    assert cohen_kappa([1, 1, 1, 0, 0, 0, 1], [1, 1, 0, 0, 0, 0, nan]) == pytest.approx(2 / 3)


def test_fleiss_kappa_two_coders_by_hand():
    # pooled share of 1s = 3/8, p_e = (3/8)^2 + (5/8)^2 = 34/64; p_o = 3/4
    expected = (0.75 - 34 / 64) / (1 - 34 / 64)
    assert fleiss_kappa([[1, 1, 0, 0], [1, 0, 0, 0]]) == pytest.approx(expected)


def test_fleiss_kappa_textbook_example():
    # Fleiss (1971) style example: 10 subjects, 14 raters, 5 categories; kappa = 0.210 (P = 0.378, Pe = 0.213)
    counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
              [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    units = [[k for k, n in enumerate(row, start=1) for _ in range(n)] for row in counts]
    ratings = np.array(units).T  # 14 raters x 10 subjects
    assert round(fleiss_kappa(ratings), 3) == 0.210


def test_three_coders_match_nltk_on_random_binary_codes():
    rng = np.random.default_rng(7)
    ratings = (rng.random((3, 40)) < 0.3).astype(int)
    library = nltk_coefficients(ratings)
    assert percent_agreement(ratings) == pytest.approx(library["avg_Ao"])
    assert mean_pairwise_kappa(ratings) == pytest.approx(library["kappa"])
    assert fleiss_kappa(ratings) == pytest.approx(library["pi"])
    assert krippendorff_alpha(ratings) == pytest.approx(library["alpha"])


def test_two_coders_cohen_matches_nltk():
    a, b = _table(20, 5, 10, 15)
    assert cohen_kappa(a, b) == pytest.approx(nltk_coefficients([a, b])["kappa"])


# --------------------------------------------------------------------------- paradox and undefined


def test_kappa_paradox_rare_code():
    # docs/methods.md §3.1: a rarely used code with 90 % agreement gives kappa = -0.05 and alpha = -0.03.
    a = [1, 0] + [0] * 18
    b = [0, 1] + [0] * 18
    assert percent_agreement([a, b]) == pytest.approx(0.9)
    assert round(cohen_kappa(a, b), 2) == -0.05
    assert round(krippendorff_alpha([a, b]), 2) == -0.03
    # the same 90 % agreement on a balanced code gives a high kappa
    c, d = _table(9, 1, 1, 9)
    assert percent_agreement([c, d]) == pytest.approx(0.9)
    assert cohen_kappa(c, d) == pytest.approx(0.8)


def test_no_variation_is_undefined_with_a_reason():
    zeros = [[0] * 10, [0] * 10]
    for value in (cohen_kappa(*zeros), fleiss_kappa(zeros), krippendorff_alpha(zeros), mean_pairwise_kappa(zeros)):
        assert is_undefined(value) and math.isnan(value)
        assert "no variation" in value.reason
    assert percent_agreement(zeros) == 1.0
    assert landis_koch(cohen_kappa(*zeros)) == "undefined"
    assert krippendorff_band(krippendorff_alpha(zeros)) == "undefined"
    # NLTK returns 1.0 here (perfect agreement by convention); the course helpers say "undefined" instead
    assert nltk_coefficients(zeros) == {"avg_Ao": 1.0, "kappa": 1.0, "pi": 1.0, "alpha": 1.0}


def test_bad_ratings_are_rejected_with_a_clear_message():
    with pytest.raises(ValueError, match="at least 2 coders"):
        as_ratings([[1, 0, 1]])
    with pytest.raises(ValueError, match="must be numbers"):
        as_ratings([["yes", "no"], ["no", "no"]])
    with pytest.raises(ValueError, match="no unit in common"):
        cohen_kappa([1, nan], [nan, 0])


# --------------------------------------------------------------------------- bands


@pytest.mark.parametrize("value, label", [(-0.01, "poor"), (0.0, "slight"), (0.2, "slight"), (0.21, "fair"),
                                          (0.4, "fair"), (0.41, "moderate"), (0.6, "moderate"),
                                          (0.61, "substantial"), (0.8, "substantial"), (0.81, "almost perfect"),
                                          (1.0, "almost perfect")])
def test_landis_koch_bands(value, label):
    assert landis_koch(value) == label


@pytest.mark.parametrize("value, label", [(0.8, "rely (≥ .800)"), (0.7999, "tentative (.667–.800)"),
                                          (0.667, "tentative (.667–.800)"), (0.6669, "do not rely (< .667)")])
def test_krippendorff_bands(value, label):
    assert krippendorff_band(value) == label


# --------------------------------------------------------------------------- bootstrap


def _loop_bootstrap(array, resamples, seed):
    """The slow, obvious bootstrap: the same draws, alpha recomputed per resample."""
    array = np.asarray(array, dtype=float)
    pairable = array[:, (~np.isnan(array)).sum(axis=0) >= 2]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, pairable.shape[1], size=(resamples, pairable.shape[1]))
    values = [krippendorff_alpha(pairable[:, p]) for p in picks]
    return [v for v in values if not is_undefined(v)]


def test_vectorised_bootstrap_equals_the_loop():
    rng = np.random.default_rng(3)
    ratings = (rng.random((2, 25)) < 0.3).astype(float)
    ratings[1, :5] = ratings[0, :5]
    fast = bootstrap_alpha(ratings, resamples=200, seed=11)
    slow = _loop_bootstrap(ratings, 200, 11)
    assert fast["undefined"] == 200 - len(slow)
    assert fast["low"] == pytest.approx(np.percentile(slow, 2.5))
    assert fast["high"] == pytest.approx(np.percentile(slow, 97.5))


def test_bootstrap_works_for_the_multi_category_fixture_and_is_reproducible():
    first = bootstrap_alpha(KRIPP_2011, resamples=300, seed=5)
    assert first == bootstrap_alpha(KRIPP_2011, resamples=300, seed=5)
    slow = _loop_bootstrap(KRIPP_2011, 300, 5)
    assert first["low"] == pytest.approx(np.percentile(slow, 2.5))
    assert first["low"] <= 0.743421 <= first["high"]


def test_bootstrap_of_an_undefined_code_is_nan():
    result = bootstrap_alpha([[0] * 6, [0] * 6], resamples=20)
    assert math.isnan(result["low"]) and result["undefined"] == 20


def test_bootstrap_collapses_to_one_when_the_coders_never_disagree():
    # notebook 03 explains this: no resample can hold a disagreement the sample lacks, so the
    # percentile interval is [1, 1] (and resamples without the code are left out as undefined)
    a = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    result = bootstrap_alpha([a, a], resamples=200)
    assert (result["low"], result["high"]) == (1.0, 1.0)
    assert 0 < result["undefined"] < 200
    b = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # one disagreement: the interval opens up
    assert bootstrap_alpha([a, b], resamples=200)["low"] < 0.5


# --------------------------------------------------------------------------- tables of sheets


def _sheet(ids, **codes):
    return pd.DataFrame({"sentence_id": ids, **codes})


def test_agreement_table_per_code_pooled_and_undefined():
    ids = [f"P1.S{i}" for i in range(1, 11)]
    a = _sheet(ids, x=[1, 1, 1, 1, 1, 0, 0, 0, 0, 0], y=[1] + [0] * 9, z=[0] * 10)
    b = _sheet(ids, x=[1, 1, 1, 1, 0, 0, 0, 0, 0, 0], y=[0, 1] + [0] * 8, z=[0] * 10)
    table = agreement_table({"A": a, "B": b}, resamples=200).set_index("code")
    assert table.loc["x", "percent"] == 0.9
    assert table.loc["x", "cohen_kappa"] == round(cohen_kappa(a.x, b.x), 3)
    assert table.loc["x", "positives"] == "5 / 4"
    assert table.loc["y", "prevalence"] == 0.1
    assert math.isnan(table.loc["z", "alpha"]) and "no variation" in table.loc["z", "note"]
    pooled = krippendorff_alpha([a[["x", "y", "z"]].to_numpy().ravel(), b[["x", "y", "z"]].to_numpy().ravel()])
    assert table.loc["pooled", "alpha"] == round(pooled, 3)
    assert table.loc["pooled", "alpha_low"] <= table.loc["pooled", "alpha"] <= table.loc["pooled", "alpha_high"]


def test_pooled_bootstrap_resamples_whole_sentences():
    rng = np.random.default_rng(9)
    ids = [f"P1.S{i}" for i in range(1, 21)]
    a = _sheet(ids, x=(rng.random(20) < 0.4).astype(int), y=(rng.random(20) < 0.3).astype(int))
    b = a.copy()
    b.loc[[1, 5, 9], "x"] = 1 - b.loc[[1, 5, 9], "x"]
    table = agreement_table({"A": a, "B": b}, resamples=150, seed=4).set_index("code")
    stacked = np.stack([a[["x", "y"]].to_numpy(float), b[["x", "y"]].to_numpy(float)])  # coders x units x codes
    draws = np.random.default_rng(4).integers(0, 20, size=(150, 20))
    values = [krippendorff_alpha(stacked[:, p, :].reshape(2, -1)) for p in draws]
    values = [v for v in values if not is_undefined(v)]
    assert table.loc["pooled", "alpha_low"] == round(np.percentile(values, 2.5), 3)
    assert table.loc["pooled", "alpha_high"] == round(np.percentile(values, 97.5), 3)


def test_agreement_table_rejects_mismatched_sheets():
    a = _sheet(["P1.S1", "P1.S2"], x=[1, 0])
    with pytest.raises(ValueError, match="at least two coders"):
        agreement_table({"A": a})
    with pytest.raises(ValueError, match="different sentences"):
        agreement_table({"A": a, "B": _sheet(["P1.S1", "P1.S3"], x=[1, 0])})
    with pytest.raises(KeyError, match="no column for"):
        agreement_table({"A": a, "B": _sheet(["P1.S1", "P1.S2"], y=[1, 0])}, codes=["x"])


def test_undefined_is_a_nan_with_a_reason_that_tables_can_average_and_compare():
    value = Undefined("because")
    assert math.isnan(value) and value.reason == "because" and not value > 0.6
    zeros = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2"], "x": [0, 0], "y": [1, 0]})
    ones = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2"], "x": [0, 0], "y": [1, 1]})
    table = agreement_table({"A": zeros, "B": ones}, resamples=0)
    assert table.cohen_kappa.dtype == float and math.isnan(table.cohen_kappa[0])
    assert table.cohen_kappa.mean() == pytest.approx(table.cohen_kappa[1:].mean())
    assert "no variation" in table.note[0] and not (table.cohen_kappa > 0.6).any()
