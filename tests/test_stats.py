"""helpers.stats: every expected value is worked out here by hand (plain math), or is a published figure."""

import math

import numpy as np
import pandas as pd
import pytest

from helpers import stats as S


def test_expected_counts_and_the_2x2_table_by_hand():
    # a=10, b=20, c=1000, d=5000: the word is 30 of 6000 tokens, so E1 = 1000*30/6000 = 5, E2 = 25
    assert [float(e) for e in S.expected(10, 20, 1000, 5000)] == [5.0, 25.0, 995.0, 4975.0]
    table = S.contingency(10, 20, 1000, 5000)
    assert table.loc["other words"].tolist() == [990.0, 4980.0, 5970.0]
    assert table.loc["expected word"].tolist() == [5.0, 25.0, 30.0]
    assert table.loc["expected other"].tolist() == [995.0, 4975.0, 5970.0]


def test_g2_two_and_four_terms_by_hand():
    by_hand_2 = 2 * (10 * math.log(10 / 5) + 20 * math.log(20 / 25))
    by_hand_4 = by_hand_2 + 2 * (990 * math.log(990 / 995) + 4980 * math.log(4980 / 4975))
    assert float(S.g2_2term(10, 20, 1000, 5000)) == pytest.approx(by_hand_2) == pytest.approx(4.937202, abs=1e-6)
    assert float(S.g2_4term(10, 20, 1000, 5000)) == pytest.approx(by_hand_4) == pytest.approx(4.967393, abs=1e-6)


def test_g2_is_vectorised_and_zero_cells_contribute_nothing():
    out = S.g2_4term(np.array([10, 0]), np.array([20, 0]), 1000, 5000)
    assert out.shape == (2,) and out[1] == 0
    # a = 0: only the three other cells count
    by_hand = 2 * (7 * math.log(7 / (7 * 50 / 100)) + 50 * math.log(50 / (50 * 93 / 100))
                   + 43 * math.log(43 / (50 * 93 / 100)))
    assert float(S.g2_4term(0, 7, 50, 50)) == pytest.approx(by_hand)


def test_one_sample_g_by_hand_and_equal_to_4term_with_a_huge_reference():
    by_hand = 2 * (24 * math.log(24 / (850 * 0.000158)) + 826 * math.log(826 / (850 * (1 - 0.000158))))
    one = float(S.g2_one_sample(24, 850, 0.000158))
    four = float(S.g2_4term(24, 0.000158 * 1e9, 850, 1e9))
    assert one == pytest.approx(by_hand)
    assert round(one, 2) == round(four, 2) == 201.86  # docs/methods.md §3.2


def test_log_ratio_by_hand_with_half_for_a_zero():
    assert float(S.log_ratio(10, 1000, 20, 5000)) == pytest.approx(math.log2(0.01 / 0.004))
    assert float(S.log_ratio(0, 100, 4, 100)) == pytest.approx(math.log2(0.5 / 4))
    assert float(S.log_ratio(3, 100, 3, 100)) == 0.0


def test_p_value_matches_the_published_chi_squared_table():
    # Critical values of chi-squared with 1 degree of freedom, as printed in any statistics table
    for critical, alpha in [(3.841, 0.05), (6.635, 0.01), (10.828, 0.001), (15.137, 0.0001)]:
        assert float(S.p_value(critical)) == pytest.approx(alpha, rel=0.002)
    assert float(S.p_value(0)) == 1.0


def test_fisher_exact_on_the_lady_tasting_tea():
    # Fisher (1935): 4 cups of each kind, 3 of 4 guessed right. P(3 right) = C(4,3)C(4,1)/C(8,4) = 16/70,
    # P(4 right) = 1/70, P(1) = 16/70, P(0) = 1/70: two-sided p = 34/70.
    assert float(S.fisher_p(3, 1, 4, 4)) == pytest.approx(34 / 70)
    assert float(S.fisher_p(4, 0, 4, 4)) == pytest.approx(2 / 70)


def test_fisher_exact_by_hand_on_a_skewed_table():
    # 'should' between two parts of 249 and 484 tokens: 0 and 7. Hypergeometric by hand.
    c, d, k = 249, 484, 7
    prob = [math.comb(c, i) * math.comb(d, k - i) / math.comb(c + d, k) for i in range(k + 1)]
    two_sided = sum(q for q in prob if q <= prob[0] * (1 + 1e-9))
    assert float(S.fisher_p(0, 7, c, d)) == pytest.approx(two_sided)
    assert S.fisher_p([0, 3], [7, 0], c, d).shape == (2,)


def test_small_expected_flags_an_expected_count_below_5():
    # E1 = 249 * 7 / 733 = 2.38 < 5; E1 = 249 * 30 / 733 = 10.2, E2 = 19.8
    assert S.small_expected([0, 10], [7, 20], 249, 484).tolist() == [True, False]
    assert S.SMALL_EXPECTED == 5


def test_undefined_is_a_float_nan_with_a_reason():
    assert math.isnan(float(S.log_ratio(1, 0, 1, 10)))
    assert math.isnan(float(S.g2_4term(5, 1, 3, 10)))  # a count larger than its part
    assert math.isnan(float(S.g2_one_sample(3, 100, 0.0)))  # no rate to compare with
    assert math.isnan(float(S.fisher_p(5, 1, 3, 10)))
    assert S.why_undefined(5, 1, 3, 10) == "the word's count is larger than the target part"
    assert S.why_undefined(1, 1, 10, 0) == "the reference part has 0 tokens"
    assert S.why_undefined(-1, 1, 10, 10) == "a count is negative"
    values = pd.Series(S.log_ratio([1, 1], [0, 10], [1, 1], [10, 10]))
    assert values.isna().tolist() == [True, False] and values.dtype == float  # .mean(), > work as numbers


@pytest.mark.parametrize("counts, name", [((1.5, 10, 4, 100), "o11"), ((2, -1, 4, 100), "r1"),
                                          ((2, 10, True, 100), "c1"), ((2, 10, 4, "100"), "n")])
def test_a_count_that_is_not_a_whole_number_gets_the_one_message(counts, name):
    with pytest.raises(ValueError, match=rf"^{name}=.* is not allowed: it must be a whole number of at least 0 "
                                         r"\(a count\)\. Fix: for example"):
        S.association_scores(*counts)
