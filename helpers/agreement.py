"""Agreement between coders: percent agreement, Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

Ratings are a table with one row per coder and one column per unit (a sentence),
holding category labels; ``nan`` (or None) marks a unit a coder did not code.
For theme coding every code is its own yes/no variable: 1 = the sentence has
the code, 0 = it does not (docs/methods.md §3.1; report agreement **per code**).

* percent agreement: the share of coder pairs that chose the same label (no chance correction);
* Cohen's kappa (Cohen 1960), two coders, each with their own marginals;
* Fleiss' kappa (Fleiss 1971), any number of coders, pooled marginals (Scott's pi for two);
* Krippendorff's alpha, nominal (Krippendorff 2011), any number of coders, missing data allowed, with a
  95 % percentile bootstrap interval: the units (sentences) are resampled with replacement, alpha is
  recomputed on each resample, and resamples in which alpha is undefined are counted and dropped. This is a
  plain bootstrap over units, not the bootstrap of Hayes & Krippendorff (2007).

Decisions follow Krippendorff: they rest on the interval's lower bound, not on the point estimate
(:func:`interval_decision`), and a codebook is judged by its weakest code (:func:`weakest_code`), not by a
mean over codes.

When a coefficient cannot be computed (for example a code nobody used: no
variation, so chance agreement is 1 and the formula divides by zero) the
functions return :class:`Undefined`, which prints as ``undefined`` and keeps
the reason, instead of a number.

>>> round(cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]), 3)
0.5
>>> cohen_kappa([0, 0, 0], [0, 0, 0]).reason
'no variation: both coders gave every unit the same label, so chance agreement is 1 and kappa is 0/0'
"""

from __future__ import annotations

import itertools
import math
import numbers
import re
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .arguments import whole_number
from .stats import bootstrap_weights

BOOTSTRAP_SEED = 2025
BOOTSTRAP_RESAMPLES = 1000


class Undefined(float):
    """A coefficient that has no value: a float NaN, with the reason why in ``reason``.

    It behaves as NaN in arithmetic and comparisons (``k > 0.6`` is False, a column's ``.mean()`` skips it);
    tables show the reason beside it, in their ``note`` column.

    >>> u = Undefined("no variation"); math.isnan(u), u > 0.6, u.reason
    (True, False, 'no variation')
    """

    def __new__(cls, reason: str):
        obj = super().__new__(cls, "nan")
        obj.reason = reason
        return obj

    def __repr__(self) -> str:
        return f"Undefined({self.reason!r})"


def is_undefined(value) -> bool:
    """True for a coefficient without a value (an :class:`Undefined`, or any NaN).

    >>> is_undefined(Undefined("x")), is_undefined(float("nan")), is_undefined(0.5)
    (True, True, False)
    """
    return isinstance(value, numbers.Real) and math.isnan(value)


# --------------------------------------------------------------------------- input


def as_ratings(ratings) -> np.ndarray:
    """Turn ratings (coders × units: nested lists, an array or a DataFrame) into a float array.

    Labels must be numbers (0/1 for codes); None and nan mean missing.

    >>> as_ratings([[1, 0], [1, None]]).tolist()
    [[1.0, 0.0], [1.0, nan]]
    """
    if isinstance(ratings, pd.DataFrame):
        ratings = ratings.to_numpy()
    try:
        array = np.array(ratings, dtype=float)
    except (TypeError, ValueError):
        flat = [v for row in ratings for v in (row if isinstance(row, (list, tuple)) else [row])] \
            if isinstance(ratings, (list, tuple)) else [ratings]
        bad = next((v for v in flat if not isinstance(v, (int, float, np.number)) and v is not None), ratings)
        raise ValueError(
            f"Ratings must be numbers (0 or 1 for a code), but {bad!r} is not. Give one row per coder and "
            "one column per unit; use nan or None for a unit a coder did not code. "
            "Fix: for example [[1, 0, 1], [1, 1, 1]]."
        ) from None
    if array.ndim != 2 or array.shape[0] < 2 or array.shape[1] < 1:
        raise ValueError(
            f"Ratings have shape {array.shape}; agreement needs a table of at least 2 coders (rows) "
            "× 1 unit (columns). Fix: pass one list of labels per coder."
        )
    return array


def _pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    both = as_ratings([a, b])
    keep = ~np.isnan(both).any(axis=0)
    if not keep.any():
        raise ValueError("The two coders have no unit in common that both coded, so there is nothing to compare.")
    return both[0, keep], both[1, keep]


# --------------------------------------------------------------------------- coefficients


def percent_agreement(ratings) -> float:
    """Share of coder pairs, over units, that gave the same label (no correction for chance).

    With two coders this is simply agreements / units coded by both.

    >>> percent_agreement([[1, 0, 0, 1], [1, 0, 1, 1]])
    0.75
    """
    array = as_ratings(ratings)
    agree = total = 0.0
    for i, j in itertools.combinations(range(array.shape[0]), 2):
        keep = ~np.isnan(array[i]) & ~np.isnan(array[j])
        agree += float((array[i, keep] == array[j, keep]).sum())
        total += float(keep.sum())
    if total == 0:
        return Undefined("no unit was coded by two coders")
    return agree / total


def cohen_kappa(a: Iterable, b: Iterable) -> float:
    """Cohen's kappa for two coders: (p_o - p_e) / (1 - p_e), each coder with their own marginals.

    Units either coder left missing are dropped.

    >>> round(cohen_kappa([1, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, 0]), 4)
    0.6667
    """
    x, y = _pair(a, b)
    labels = np.union1d(x, y)
    p_o = float((x == y).mean())
    p_e = float(sum((x == k).mean() * (y == k).mean() for k in labels))
    if math.isclose(p_e, 1.0):
        return Undefined("no variation: both coders gave every unit the same label, "
                         "so chance agreement is 1 and kappa is 0/0")
    return (p_o - p_e) / (1 - p_e)


def mean_pairwise_kappa(ratings) -> float:
    """Average of Cohen's kappa over all pairs of coders (NLTK's ``AnnotationTask.kappa``).

    >>> round(mean_pairwise_kappa([[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0]]), 4)
    0.6667
    """
    array = as_ratings(ratings)
    values = [cohen_kappa(array[i], array[j]) for i, j in itertools.combinations(range(len(array)), 2)]
    defined = [v for v in values if not is_undefined(v)]
    if not defined:
        return Undefined("no variation for any pair of coders")
    return float(np.mean(defined))


def fleiss_kappa(ratings) -> float:
    """Fleiss' kappa (Scott's pi for two coders): chance agreement from the pooled marginals.

    Units that any coder left missing are dropped (Fleiss needs the same number of coders per unit).

    >>> round(fleiss_kappa([[1, 1, 0, 0], [1, 0, 0, 0]]), 4)
    0.4667
    """
    array = as_ratings(ratings)
    array = array[:, ~np.isnan(array).any(axis=0)]
    n_coders, n_units = array.shape
    if n_units == 0:
        return Undefined("no unit was coded by every coder")
    labels = np.unique(array)
    counts = np.stack([(array == k).sum(axis=0) for k in labels], axis=1)  # units × labels
    p_i = ((counts**2).sum(axis=1) - n_coders) / (n_coders * (n_coders - 1))
    p_bar = p_i.mean()
    p_k = counts.sum(axis=0) / (n_units * n_coders)
    p_e = float((p_k**2).sum())
    if math.isclose(p_e, 1.0):
        return Undefined("no variation: every coder gave every unit the same label, so chance agreement is 1")
    return float((p_bar - p_e) / (1 - p_e))


def _unit_contributions(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit coincidence contributions (units × K × K) and the labels, for pairable units."""
    labels = np.unique(array[~np.isnan(array)])
    counts = np.stack([(array == k).sum(axis=0) for k in labels], axis=1).astype(float)  # units × K
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable], m[pairable]
    outer = counts[:, :, None] * counts[:, None, :]
    outer[:, np.arange(len(labels)), np.arange(len(labels))] -= counts
    return outer / (m - 1)[:, None, None], labels


def _alpha_from_coincidences(o: np.ndarray) -> np.ndarray:
    """Nominal alpha from coincidence matrices (... × K × K); nan where undefined."""
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    off = o.sum(axis=(-2, -1)) - np.trace(o, axis1=-2, axis2=-1)
    expected = n**2 - (n_c**2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1 - (n - 1) * off / expected
    return np.where(expected > 0, alpha, np.nan)


def krippendorff_alpha(ratings) -> float:
    """Krippendorff's alpha for nominal data, with missing data allowed.

    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, from the coincidence matrix o;
    units with fewer than two values are left out.

    >>> nan = float("nan")
    >>> round(krippendorff_alpha([[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...                           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...                           [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...                           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]), 6)
    0.743421
    """
    array = as_ratings(ratings)
    contributions, labels = _unit_contributions(array)
    if len(contributions) == 0:
        return Undefined("no unit has two or more values, so nothing can be compared")
    pairable = array[:, (~np.isnan(array)).sum(axis=0) >= 2]
    if len(np.unique(pairable[~np.isnan(pairable)])) < 2:
        return Undefined("no variation: only one label was used, so expected disagreement is 0 and alpha is 0/0")
    return float(_alpha_from_coincidences(contributions.sum(axis=0)))


def bootstrap_alpha(ratings, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED,
                    level: float = 0.95) -> dict:
    """Percentile bootstrap interval for nominal alpha, resampling units (sentences) with replacement.

    Vectorised: each unit's coincidences are computed once, and every resample is a weighted sum.
    Resamples in which alpha is undefined (no variation) are counted and left out of the interval.

    >>> result = bootstrap_alpha([[1, 0, 0, 1, 0, 1, 0, 0], [1, 0, 1, 1, 0, 1, 0, 0]])
    >>> sorted(result), result["undefined"]
    (['high', 'low', 'resamples', 'undefined'], 3)
    """
    array = as_ratings(ratings)
    resamples = whole_number(resamples, "resamples", meaning="how many bootstrap resamples", example=1000)
    if is_undefined(krippendorff_alpha(array)):
        return {"low": np.nan, "high": np.nan, "resamples": resamples, "undefined": resamples}
    contributions, _ = _unit_contributions(array)
    n_units = len(contributions)
    weights = bootstrap_weights(n_units, resamples, seed)
    k = contributions.shape[1]
    o = (weights @ contributions.reshape(n_units, k * k)).reshape(resamples, k, k)
    alphas = _alpha_from_coincidences(o)
    defined = alphas[~np.isnan(alphas)]
    tail = (1 - level) / 2 * 100
    if len(defined) == 0:
        return {"low": np.nan, "high": np.nan, "resamples": resamples, "undefined": resamples}
    low, high = np.percentile(defined, [tail, 100 - tail])
    return {"low": float(low), "high": float(high), "resamples": resamples, "undefined": int(resamples - len(defined))}


# --------------------------------------------------------------------------- interpretation


def landis_koch(kappa) -> str:
    """Landis & Koch (1977) label for a kappa; they call their bands arbitrary.

    >>> landis_koch(0.55), landis_koch(-0.1), landis_koch(Undefined("x"))
    ('moderate', 'poor', 'undefined')
    """
    if kappa is None or is_undefined(kappa):
        return "undefined"
    for upper, label in ((0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
                         (0.80, "substantial")):
        if kappa < upper or (upper > 0 and kappa <= upper):
            return label
    return "almost perfect"


def krippendorff_band(alpha) -> str:
    """Krippendorff's guideline: rely on alpha >= .800, tentative conclusions from .667, else do not rely.

    >>> krippendorff_band(0.81), krippendorff_band(0.7), krippendorff_band(0.2)
    ('rely (≥ .800)', 'tentative (.667–.800)', 'do not rely (< .667)')
    """
    if alpha is None or is_undefined(alpha):
        return "undefined"
    if alpha >= 0.800:
        return "rely (≥ .800)"
    if alpha >= 0.667:
        return "tentative (.667–.800)"
    return "do not rely (< .667)"


def interval_decision(low) -> str:
    """Decide on the interval's LOWER bound, not the point estimate (after Krippendorff: rely on a code only if
    alpha is at least .800 with the chosen confidence; draw tentative conclusions from .667).

    >>> interval_decision(0.81), interval_decision(0.629), interval_decision(float("nan"))
    ('rely (lower bound ≥ .800)', 'do not rely (lower bound < .667)', 'undefined')
    """
    if low is None or is_undefined(low) or math.isnan(float(low)):
        return "undefined"
    if low >= 0.800:
        return "rely (lower bound ≥ .800)"
    if low >= 0.667:
        return "tentative (lower bound .667–.800)"
    return "do not rely (lower bound < .667)"


def weakest_code(table: pd.DataFrame, low: str = "alpha_low") -> str:
    """One sentence judging a codebook by its weakest code (the lowest lower bound), naming undefined codes.

    Works on :func:`agreement_table` (column ``alpha_low``) and on the class report (``low="low"``).

    >>> weakest_code(pd.DataFrame({"code": ["a", "b"], "alpha_low": [0.9, 0.5]}))
    'Weakest code: b (lower bound 0.500: do not rely (lower bound < .667)). The codebook is only as reliable as its weakest code.'
    """
    codes = table[table.code != "pooled"]
    defined = codes.dropna(subset=[low])
    undefined = codes.code[codes[low].isna()].tolist()
    text = ""
    if len(defined):
        worst = defined.loc[defined[low].idxmin()]
        text = (f"Weakest code: {worst.code} (lower bound {worst[low]:.3f}: {interval_decision(worst[low])}). "
                "The codebook is only as reliable as its weakest code.")
    if undefined:
        text += f" Undefined (no interval): {', '.join(undefined)}."
    return text.strip()


# --------------------------------------------------------------------------- library cross-check


def nltk_coefficients(ratings) -> dict:
    """The same coefficients from NLTK's ``AnnotationTask`` (offline), to cross-check ours.

    Keys: ``avg_Ao`` (percent agreement), ``kappa`` (mean pairwise Cohen), ``pi`` (multi-pi = Fleiss),
    ``alpha`` (Krippendorff). Missing values are left out of NLTK's data. For a code with no
    variation NLTK reports 1.0 for every coefficient, where :func:`cohen_kappa` and the others say
    "undefined" (0/0). Errors NLTK raises are returned as :class:`Undefined`.

    >>> {k: round(v, 4) for k, v in nltk_coefficients([[1, 1, 0, 0], [1, 0, 0, 0]]).items()}
    {'avg_Ao': 0.75, 'kappa': 0.5, 'pi': 0.4667, 'alpha': 0.5333}
    """
    from nltk.metrics.agreement import AnnotationTask

    array = as_ratings(ratings)
    data = [(f"c{i}", f"u{j}", str(int(v)) if float(v).is_integer() else str(v))
            for i, row in enumerate(array) for j, v in enumerate(row) if not np.isnan(v)]
    task = AnnotationTask(data=data)
    result = {}
    for name in ("avg_Ao", "kappa", "pi", "alpha"):
        try:
            result[name] = float(getattr(task, name)())
        except ZeroDivisionError:
            result[name] = Undefined("NLTK divided by zero: no variation")
        except (RuntimeError, StopIteration):
            result[name] = Undefined("NLTK's pairwise coefficients need every coder to code every unit")
    return result


# --------------------------------------------------------------------------- tables for coding sheets


def coder_sheets(sheets, others: tuple = (), function: str = "agreement_table") -> dict:
    """Check that ``sheets`` is a dict of coder name -> coding sheet (DataFrame); raise a plain TypeError if not.

    ``others`` are extra positional arguments (a second sheet passed on its own), which are refused too.

    >>> coder_sheets([1, 2])
    Traceback (most recent call last):
    ...
    TypeError: agreement_table needs ONE dict of coder name -> coding sheet, but you gave a list. Fix: pass a dict such as {'me': my_sheet, 'reference': reference}, with codes=my_codes to compare only your codes.
    """
    def what(value) -> str:
        if isinstance(value, pd.DataFrame):
            return "a DataFrame (one coding sheet)"
        if isinstance(value, pd.Series):
            return "a Series"
        return f"a {type(value).__name__}"

    problem = None
    if others:
        given = ", ".join(what(v) for v in (sheets, *others))
        problem = f"{len(others) + 1} separate arguments ({given})"
    elif not isinstance(sheets, Mapping):
        problem = what(sheets)
    else:
        bad = {name: value for name, value in sheets.items() if not isinstance(value, pd.DataFrame)}
        if bad:
            name, value = next(iter(bad.items()))
            problem = f"a dict whose value for {name!r} is {what(value)}, not a coding sheet (DataFrame)"
    if problem:
        raise TypeError(f"{function} needs ONE dict of coder name -> coding sheet, but you gave {problem}. "
                        "Fix: pass a dict such as {'me': my_sheet, 'reference': reference}, "
                        "with codes=my_codes to compare only your codes.")
    from .coding import warn_if_mixed  # sheets made with v0, v1 and v2 share their code keys

    warn_if_mixed(sheets, function)
    return dict(sheets)


def _natural(sentence_id: str) -> tuple:
    """Sort key that puts P2.S10 after P2.S9 (and anything else after the IDs)."""
    numbers = re.findall(r"\d+", str(sentence_id))
    return (0, *map(int, numbers)) if numbers else (1, str(sentence_id))


def _stack(sheets: Mapping[str, pd.DataFrame], codes: list[str]) -> tuple[list[str], np.ndarray]:
    """Align coder sheets on sentence_id; returns ids and an array coders × units × codes."""
    if len(sheets) < 2:
        raise ValueError(f"Agreement needs at least two coders' sheets; got {len(sheets)}. "
                         "Fix: pass a dict such as {'A': sheet_a, 'B': sheet_b}.")
    indexed = {name: sheet.set_index("sentence_id") for name, sheet in sheets.items()}
    ids = list(next(iter(indexed.values())).index)
    everyone = {sid for sheet in indexed.values() for sid in sheet.index}
    lacking = {name: [s for s in sorted(everyone, key=_natural) if s not in set(sheet.index)]
               for name, sheet in indexed.items()}
    lacking = {name: missing for name, missing in lacking.items() if missing}
    if lacking:
        detail = "; ".join(f"the sheet of coder {name!r} lacks {len(missing)} sentence(s) the other sheet has "
                           f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''})"
                           for name, missing in lacking.items())
        raise ValueError(f"The sheets cover different sentences: {detail}. Fix: code every sentence, starting "
                         "from an empty list for each: {sid: [] for sid in table.sentence_id}.")
    for name, sheet in indexed.items():
        missing = [c for c in codes if c not in sheet.columns]
        if missing:
            raise KeyError(f"The sheet of coder {name!r} has no column for {missing}. "
                           "Fix: compare sheets made from the same codebook.")
    array = np.stack([indexed[name].loc[ids, codes].to_numpy(dtype=float) for name in indexed])
    return ids, array


def agreement_table(sheets: Mapping[str, pd.DataFrame], *others, codes: list[str] | None = None,
                    resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> pd.DataFrame:
    """Agreement per code and pooled over codes, for two or more coders' 0/1 sheets.

    Columns: ``code``; ``prevalence`` (share of all judgements that were 1); ``positives`` (how many
    sentences each coder gave the code, in coder order); ``percent``; ``cohen_kappa`` (two coders;
    mean pairwise for more); ``fleiss_kappa``; ``alpha`` with ``alpha_low``/``alpha_high`` (95 %
    percentile bootstrap over sentences, fixed seed); ``landis_koch`` (for Cohen's kappa); ``decision``
    (on the lower bound: :func:`interval_decision`); ``note`` (why a value is undefined, or how many
    resamples were undefined and dropped).
    The ``pooled`` row treats every sentence × code pair as one unit; its interval resamples whole
    sentences. It describes the sheet as a whole and is no verdict on the codebook (its ``decision`` says
    so): judge the codebook by its weakest code (:func:`weakest_code`).

    >>> a = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2", "P1.S3"], "x": [1, 0, 0], "y": [0, 0, 0]})
    >>> b = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2", "P1.S3"], "x": [1, 0, 1], "y": [0, 0, 0]})
    >>> agreement_table({"A": a, "B": b}, resamples=50).loc[1, ["code", "alpha", "note"]].tolist()
    ['y', np.float64(nan), 'no variation: only one label was used, so expected disagreement is 0 and alpha is 0/0']
    """
    sheets = coder_sheets(sheets, others, "agreement_table")
    if codes is None:
        codes = [c for c in next(iter(sheets.values())).columns if c not in ("sentence_id", "text", "memo")]
    _, array = _stack(sheets, codes)
    rows = []
    for j, code in enumerate(codes):
        rows.append(_row(code, array[:, :, j], resamples, seed))
    pooled = _row("pooled", array.reshape(array.shape[0], -1), resamples=0, seed=seed)
    pooled_ci = _pooled_bootstrap(array, resamples, seed)
    pooled.update(pooled_ci)
    pooled["decision"] = "no verdict: judge by the weakest code"
    rows.append(pooled)
    table = pd.DataFrame(rows)
    return table[["code", "prevalence", "positives", "percent", "cohen_kappa", "fleiss_kappa", "alpha",
                  "alpha_low", "alpha_high", "landis_koch", "decision", "note"]]


def _row(code: str, ratings: np.ndarray, resamples: int, seed: int) -> dict:
    kappa = cohen_kappa(ratings[0], ratings[1]) if len(ratings) == 2 else mean_pairwise_kappa(ratings)
    alpha = krippendorff_alpha(ratings)
    row = {
        "code": code,
        "prevalence": round(float(np.nanmean(ratings)), 3),
        "positives": " / ".join(str(int(np.nansum(r))) for r in ratings),
        "percent": _round(percent_agreement(ratings)),
        "cohen_kappa": _round(kappa),
        "fleiss_kappa": _round(fleiss_kappa(ratings)),
        "alpha": _round(alpha),
        "alpha_low": np.nan,
        "alpha_high": np.nan,
        "landis_koch": landis_koch(kappa),
        "decision": "undefined",
        "note": alpha.reason if is_undefined(alpha) else "",
    }
    if resamples and not is_undefined(alpha):
        ci = bootstrap_alpha(ratings, resamples=resamples, seed=seed)
        row["alpha_low"], row["alpha_high"] = round(ci["low"], 3), round(ci["high"], 3)
        row["decision"] = interval_decision(row["alpha_low"])
        if ci["undefined"]:
            row["note"] = f"alpha undefined in {ci['undefined']} of {resamples} resamples (dropped)"
    return row


def _pooled_bootstrap(array: np.ndarray, resamples: int, seed: int) -> dict:
    """Bootstrap pooled alpha by resampling sentences (all their codes together)."""
    if not resamples:
        return {}
    n_coders, n_units, n_codes = array.shape
    flat = array.reshape(n_coders, n_units * n_codes)
    if is_undefined(krippendorff_alpha(flat)):
        return {}
    ones = np.nansum(array == 1, axis=0)  # units × codes
    values = (~np.isnan(array)).sum(axis=0)
    zeros = values - ones
    pairable = values >= 2
    per_unit = np.where(pairable, ones * zeros / np.where(values > 1, values - 1, 1), 0).sum(axis=1)
    n1 = np.where(pairable, ones, 0).sum(axis=1)
    n0 = np.where(pairable, zeros, 0).sum(axis=1)
    w = bootstrap_weights(n_units, resamples, seed)
    o01, tot1, tot0 = w @ per_unit, w @ n1, w @ n0
    with np.errstate(divide="ignore", invalid="ignore"):
        alphas = 1 - (tot1 + tot0 - 1) * o01 / (tot1 * tot0)
    alphas = alphas[(tot1 > 0) & (tot0 > 0)]
    low, high = np.percentile(alphas, [2.5, 97.5])
    return {"alpha_low": round(float(low), 3), "alpha_high": round(float(high), 3)}


def _round(value) -> float:
    return float("nan") if is_undefined(value) else round(float(value), 3)
