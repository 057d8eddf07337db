"""Statistics of 2×2 tables: expected counts, G² (4-term, 2-term, one-sample), log ratio, p-values (G² and
Fisher), and the association scores of two words (MI, logDice, G², t-score), and the weights of a bootstrap resample.

Notation of the UCREL log-likelihood calculator: ``a`` and ``b`` are the word's counts in the target and
in the reference, ``c`` and ``d`` their sizes in tokens. Every function takes numbers or arrays
(vectorised) and returns floats. "Undefined" is a float NaN, never a string: a part of size 0, a count
larger than its part, or a negative number gives NaN (the table functions put the reason beside it).

Reading them: G² orders words by how far observed is from expected; log ratio says how large the
difference is (each unit a doubling). A p-value assumes tokens are independent draws, which the words of
one text are not, so against a general reference keyness is a ranking, not a test. Between two parts of
one text, expected counts are often below 5, where G²'s chi-squared p is a poor approximation and
Fisher's exact test (scipy) is the one to read.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.stats import chi2, fisher_exact

from .arguments import whole_number

#: Below this expected count the chi-squared approximation of G² is not trusted (the usual rule of thumb).
SMALL_EXPECTED = 5


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def _valid(a, b, c, d):
    """True where a 2×2 table is well formed: sizes above 0, counts between 0 and their part's size."""
    with np.errstate(invalid="ignore"):
        return (c > 0) & (d > 0) & (a >= 0) & (b >= 0) & (a <= c) & (b <= d)


def why_undefined(a, b, c, d) -> str:
    """The reason a table is undefined, or "" when it is well formed.

    >>> why_undefined(3, 1, 0, 10)
    'the target part has 0 tokens'
    >>> why_undefined(3, 1, 100, 10)
    ''
    """
    if c <= 0 or d <= 0:
        return f"the {'target' if c <= 0 else 'reference'} part has 0 tokens"
    if a < 0 or b < 0:
        return "a count is negative"
    if a > c or b > d:
        return f"the word's count is larger than the {'target' if a > c else 'reference'} part"
    return ""


def expected(a, b, c, d):
    """Expected counts E1, E2 (the word in target, reference) and E3, E4 (the other words), as arrays.

    E1 = c(a + b)/(c + d): the word's count if it were spread over the two parts in proportion to their sizes.

    >>> [float(e) for e in expected(10, 20, 1000, 5000)]
    [5.0, 25.0, 995.0, 4975.0]
    """
    a, b, c, d = _arrays(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = c + d
        out = [c * (a + b) / n, d * (a + b) / n, c * (n - a - b) / n, d * (n - a - b) / n]
    ok = _valid(a, b, c, d)
    return [np.where(ok, e, np.nan) for e in out]


def small_expected(a, b, c, d):
    """True where an expected count of the word (E1 or E2) is below 5: read Fisher's exact p there.

    >>> small_expected([0, 10], [7, 20], 249, 484).tolist()
    [True, False]
    """
    e1, e2, _, _ = expected(a, b, c, d)
    return np.minimum(e1, e2) < SMALL_EXPECTED


def contingency(a, b, c, d) -> pd.DataFrame:
    """The 2×2 table for one word: observed and expected counts.

    >>> contingency(10, 20, 1000, 5000)
                    target  reference   total
    word              10.0       20.0    30.0
    other words      990.0     4980.0  5970.0
    total           1000.0     5000.0  6000.0
    expected word      5.0       25.0    30.0
    expected other   995.0     4975.0  5970.0
    """
    e1, e2, e3, e4 = (float(e) for e in expected(a, b, c, d))
    return pd.DataFrame(
        {"target": [a, c - a, c, e1, e3], "reference": [b, d - b, d, e2, e4],
         "total": [a + b, c + d - a - b, c + d, e1 + e2, e3 + e4]},
        index=["word", "other words", "total", "expected word", "expected other"], dtype=float)


def _xlnx_over(o, e):
    """o · ln(o / e), with 0 where o == 0 (vectorised)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / e), 0.0)


def g2_4term(a, b, c, d):
    """Full log-likelihood G² on a 2×2 table (Dunning 1993): all four cells.

    >>> round(float(g2_4term(10, 20, 1000, 5000)), 4)
    4.9674
    """
    a, b, c, d = _arrays(a, b, c, d)
    e1, e2, e3, e4 = expected(a, b, c, d)
    return 2 * (_xlnx_over(a, e1) + _xlnx_over(b, e2) + _xlnx_over(c - a, e3) + _xlnx_over(d - b, e4))


def g2_2term(a, b, c, d):
    """The 2-term log-likelihood of Rayson & Garside (2000): only the word's two cells.

    >>> round(float(g2_2term(10, 20, 1000, 5000)), 4)
    4.9372
    """
    a, b, c, d = _arrays(a, b, c, d)
    e1, e2, _, _ = expected(a, b, c, d)
    return 2 * (_xlnx_over(a, e1) + _xlnx_over(b, e2))


def g2_one_sample(a, n, p):
    """One-sample G-test: a word seen ``a`` times in ``n`` tokens, against a known rate ``p``.

    G = 2[a·ln(a/(n·p)) + (n−a)·ln((n−a)/(n·(1−p)))]. NaN where p is not between 0 and 1 (exclusive)
    or a is not between 0 and n.

    >>> round(float(g2_one_sample(24, 850, 0.000158)), 2)
    201.86
    """
    a, n, p = _arrays(a, n, p)
    ok = (p > 0) & (p < 1) & (a >= 0) & (a <= n) & (n > 0)
    g = 2 * (_xlnx_over(a, n * p) + _xlnx_over(n - a, n * (1 - p)))
    return np.where(ok, g, np.nan)


def log_ratio(a, c, b, d, zero: float = 0.5):
    """Log ratio (Hardie 2014): log2((a/c) / (b/d)); a zero count becomes ``zero`` (0.5).

    >>> float(log_ratio(10, 1000, 20, 5000))
    1.3219280948873624
    """
    a, b, c, d = _arrays(a, b, c, d)
    ok = _valid(a, b, c, d)
    a, b = np.where(a == 0, zero, a), np.where(b == 0, zero, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, np.log2((a / c) / (b / d)), np.nan)


def p_value(g2):
    """p-value of G² against the chi-squared distribution with 1 degree of freedom (scipy).

    Meaningful only if tokens were independent draws; see the module's note.

    >>> round(float(p_value(3.841)), 3)
    0.05
    """
    return chi2.sf(np.asarray(g2, dtype=float), 1)


@lru_cache(maxsize=100_000)
def _fisher(a: int, b: int, c: int, d: int, alternative: str) -> float:
    return float(fisher_exact([[a, b], [c - a, d - b]], alternative=alternative).pvalue)


def fisher_p(a, b, c, d, alternative: str = "two-sided"):
    """p of Fisher's exact test on the word's 2×2 table (scipy.stats.fisher_exact), two-sided by default;
    ``alternative="greater"`` asks only whether ``a`` is larger than chance.

    Exact for any expected count; NaN for a table that is not well formed (see ``why_undefined``).

    >>> round(float(fisher_p(3, 1, 4, 4)), 4)  # the lady tasting tea: 34/70
    0.4857
    """
    a, b, c, d = np.broadcast_arrays(*_arrays(a, b, c, d))
    ok = _valid(a, b, c, d)
    values = [_fisher(int(w), int(x), int(y), int(z), alternative) if good else np.nan
              for w, x, y, z, good in zip(a.ravel(), b.ravel(), c.ravel(), d.ravel(), ok.ravel())]
    return np.array(values, dtype=float).reshape(a.shape)


# ------------------------------------------------ association of two words (notebook 05)
# Window notation: o11 = the pair together, r1 = tokens in the node's window(s), c1 = the collocate's
# frequency, n = tokens in the text. In UCREL notation that is a = o11, b = c1 − o11, c = r1, d = n − r1.

def association_arrays(o11, r1, c1, n, f_node):
    """Expected count, MI, logDice, G² and t-score as arrays, one entry per pair (see ``association_scores``)."""
    o11, r1, c1 = (np.asarray(x, dtype=float) for x in (o11, r1, c1))
    expected = r1 * c1 / n
    with np.errstate(divide="ignore", invalid="ignore"):   # a zero count gives -inf or NaN, not a warning
        mi = np.log2(o11 / expected)
        log_dice = 14 + np.log2(2 * o11 / (f_node + c1))
        ll = g2_4term(o11, c1 - o11, r1, n - r1)   # the same four cells, UCREL notation
        t_score = (o11 - expected) / np.sqrt(o11)
    return expected, mi, log_dice, ll, t_score


def _check_table(o11, r1, c1, n):
    for name, value, example in (("o11", o11, 3), ("r1", r1, 10), ("c1", c1, 6), ("n", n, 746)):
        whole_number(value, name, minimum=0, meaning="a count", example=example)
    if not (o11 <= r1 and o11 <= c1 and r1 + c1 - o11 <= n and n > 0):
        raise ValueError(f"These counts do not make a 2×2 table (o11={o11}, r1={r1}, c1={c1}, n={n}): "
                         "need o11 ≤ r1, o11 ≤ c1, r1 + c1 − o11 ≤ n and n > 0. Fix: check which count is which.")


def contingency_table(o11: int, r1: int, c1: int, n: int) -> pd.DataFrame:
    """The 2×2 table behind every association score, with margins and expected counts.

    ``o11`` = times the pair occurs together (collocate inside the node's window);
    ``r1`` = tokens inside the window(s) (for adjacent pairs: the node's
    frequency); ``c1`` = the collocate's frequency; ``n`` = tokens in the text.

    >>> contingency_table(2, 10, 4, 100)
                        collocate  other words  total
    in window                 2.0          8.0   10.0
    elsewhere                 2.0         88.0   90.0
    total                     4.0         96.0  100.0
    expected in window        0.4          9.6   10.0
    """
    _check_table(o11, r1, c1, n)
    table = pd.DataFrame(
        [[o11, r1 - o11, r1], [c1 - o11, n - r1 - c1 + o11, n - r1], [c1, n - c1, n],
         [r1 * c1 / n, r1 * (n - c1) / n, r1]],
        index=["in window", "elsewhere", "total", "expected in window"],
        columns=["collocate", "other words", "total"], dtype=float)
    return table


def association_scores(o11: int, r1: int, c1: int, n: int, f_node: int | None = None) -> dict:
    """MI, logDice, log-likelihood (G²) and t-score from one 2×2 table.

    * expected E = r1 · c1 / n;  MI = log2(o11 / E)  (Church & Hanks' PMI)
    * logDice = 14 + log2(2 · o11 / (f_node + c1)), f_node = the node's frequency (default r1)
    * G² = 2 · Σ O · ln(O / E) over the four cells;  t = (o11 − E) / √o11

    A pair that never occurs (o11 = 0) gets MI = logDice = −inf; a word that
    never occurs (r1 or c1 = 0) makes MI undefined (NaN).

    >>> {k: round(v, 3) for k, v in association_scores(2, 10, 4, 100).items()}
    {'observed': 2, 'expected': 0.4, 'mi': 2.322, 'log_dice': 12.193, 'log_likelihood': 4.399, 't_score': 1.131}
    """
    _check_table(o11, r1, c1, n)
    expected, mi, log_dice, ll, t = association_arrays(o11, r1, c1, n, r1 if f_node is None else f_node)
    return {"observed": int(o11), "expected": float(expected), "mi": float(mi), "log_dice": float(log_dice),
            "log_likelihood": float(ll), "t_score": float(t)}


def fisher_exact_greater(o11: int, r1: int, c1: int, n: int) -> float:
    """Fisher's exact p-value for one 2×2 table: the chance of ``o11`` or more co-occurrences if the
    collocate's ``c1`` tokens were scattered at random over the ``n`` positions (hypergeometric, one-sided).

    Exact for small expected counts, where G²'s chi-square reading is not. It still
    assumes that tokens are independent draws, which words in a text are not.

    >>> round(fisher_exact_greater(3, 4, 4, 8), 4)   # Fisher's tea-tasting table: 17/70
    0.2429
    """
    _check_table(o11, r1, c1, n)
    return float(fisher_p(o11, c1 - o11, r1, n - r1, alternative="greater"))


# ------------------------------------------------ resampling (agreement intervals, ranking stability)

def bootstrap_weights(n_units: int, resamples: int, seed: int) -> np.ndarray:
    """How often each unit is drawn in each bootstrap resample: a resamples × n_units array of counts.

    Every resample draws ``n_units`` units with replacement (numpy ``default_rng(seed)``), so each row
    sums to ``n_units``; the same seed gives the same draws.

    >>> bootstrap_weights(4, 2, seed=1).sum(axis=1).tolist()
    [4.0, 4.0]
    """
    draws = np.random.default_rng(seed).integers(0, n_units, size=(resamples, n_units))
    offsets = n_units * np.arange(resamples)[:, None]
    return np.bincount((draws + offsets).ravel(), minlength=resamples * n_units).reshape(
        resamples, n_units).astype(float)
