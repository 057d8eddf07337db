"""Words in context: concordance (KWIC), dispersion, collocates, sequences, ranking stability.

Works on any :class:`helpers.text.Speech` and uses the course's one tokenizer
(:func:`helpers.text.tokenize`), so every count here agrees with the counts in
notebook 04. Only the content paragraphs are searched (not the title, dateline
or boilerplate).

Speed: the first call on a text builds an **index** (:mod:`helpers.terms`: for
each word, the sorted positions where it occurs) and keeps it; later queries look
positions up instead of scanning the text, and the statistics use numpy arrays,
not loops over pairs of words. A term is found by the course's one rule
(:func:`helpers.terms.find_term_positions`): a phrase within one sentence, ``*``
for any letters inside a word.

* :func:`kwic` – key word in context for a word or a phrase (``secur*``), each line with its sentence ID, sortable by the
  words to the left or right (AntConc's ``1L``, ``1R``, ``2R`` ...).
* :func:`dispersion`, :func:`dispersion_by_paragraph`, :func:`gries_dp`, :func:`dp_minimum` –
  where a term occurs: every hit by position, counts per paragraph (labels
  taken from the same row as the count), Gries' DP and the smallest DP its
  number of hits can reach.
* :func:`collocates`, :func:`bigram_collocates`, :func:`contingency_table`,
  :func:`association_scores` – words near a node with observed count, MI,
  logDice, log-likelihood (G²) and t-score, from a 2×2 table you can print;
  :func:`fisher_exact_greater` gives the exact p-value of one table.
* :func:`sequence` – reporting verbs and modal verbs (or any word lists) in
  reading order.
* :func:`watchwords`, :func:`word_in_formulations` – formulations (tifa) as
  units: presence, rate, first position; how many hits of a word belong to which
  formulation.
* :func:`ranking_stability` – how stable the top-10 word ranking is when the
  sentences are resampled (bootstrap, fixed seed, vectorised).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .arguments import whole_number
from .reading import REPORTING_VERBS  # the one list of reporting verbs, used by sequence()
from .stats import association_scores, contingency_table, fisher_exact_greater  # noqa: F401 (re-exported)
from .stats import association_arrays
from .terms import TokenIndex, build_index, find_term_positions, term_words  # the one token table and term rule
from .text import load_speech, tokenize  # noqa: F401 (load_speech: doctests)
from .workspace import my_work_dir, write_atomic

__all__ = [
    "REPORTING_VERBS", "MODAL_VERBS", "TokenIndex", "build_index", "kwic", "count", "dispersion",
    "dispersion_by_paragraph", "paragraph_starts", "gries_dp", "dp_minimum", "contingency_table", "association_scores",
    "fisher_exact_greater",
    "collocates", "bigram_collocates", "sequence", "watchwords", "word_in_formulations", "ranking_stability", "save_table",
]

#: Modal verbs and modal phrases of obligation, necessity and possibility.
MODAL_VERBS = ("must", "should", "shall", "need to", "needs to", "have to", "has to", "it is necessary",
               "can", "cannot", "could", "may", "might", "will", "would")


# ---------------------------------------------------------------- KWIC

_SORT_KEY = re.compile(r"^(\d+)([LR])$")


def kwic(speech, term: str, window: int = 5, sort="position", within_sentence: bool = False) -> pd.DataFrame:
    """Key word in context: one row per match, with its sentence ID and ``window`` words each side.

    ``sort`` is ``"position"`` (reading order) or AntConc-style keys: ``"1R"``
    (first word to the right), ``"1L"``, ``"2R"`` ... or a list of them such as
    ``["1R", "2R"]``; ties keep reading order. Context is made of tokens (lower
    case, no punctuation), the same units that are counted.

    >>> kwic(load_speech(), "public safety", window=2).head(2).values.tolist()
    [['P3.S2', 201, 'on improving', 'public safety', 'governance resolutely'], ['P6.S3', 512, 'improve the', 'public safety', 'system promote']]
    """
    index = build_index(speech)
    window = whole_number(window, "window", meaning="words on each side")
    keys = [sort] if isinstance(sort, str) else list(sort)
    parsed = []
    for key in keys:
        if key == "position":
            continue
        match = _SORT_KEY.match(str(key).upper())
        if not match or not 1 <= int(match.group(1)) <= window:
            raise ValueError(f"sort={key!r} is not a sort key. Fix: use 'position', or 1L..{window}L / "
                             f"1R..{window}R (a word number not larger than window={window}).")
        parsed.append((int(match.group(1)), match.group(2)))
    hits, length = find_term_positions(index, term, missing="raise")
    n = index.n_tokens
    if within_sentence:
        lo = np.maximum(hits - window, index.sentence_start[index.sentence[hits]])
        hi = np.minimum(hits + length + window, index.sentence_end[index.sentence[hits]])
    else:
        lo, hi = np.maximum(hits - window, 0), np.minimum(hits + length + window, n)
    toks = index.tokens
    starts, lows, highs = hits.tolist(), lo.tolist(), hi.tolist()
    table = pd.DataFrame({
        "sentence_id": index.sentence_labels[index.sentence[hits]],
        "position": hits,
        "left": [" ".join(toks[a:p]) for a, p in zip(lows, starts)],
        "node": [toks[p] for p in starts] if length == 1 else [" ".join(toks[p:p + length]) for p in starts],
        "right": [" ".join(toks[p + length:b]) for p, b in zip(starts, highs)],
    })
    if parsed:
        sort_cols = []
        for k, side in parsed:
            at = hits - k if side == "L" else hits + length - 1 + k
            inside = (at >= lo) & (at < hi)
            col = f"_{k}{side}"
            table[col] = np.where(inside, np.asarray(toks, dtype=object)[np.clip(at, 0, n - 1)], "")
            sort_cols.append(col)
        table = table.sort_values(sort_cols + ["position"], kind="stable").drop(columns=sort_cols)
        table = table.reset_index(drop=True)
    return table


def count(speech, term: str) -> int:
    """How often a word or phrase occurs (0 if it never does; :func:`kwic` would raise instead).

    >>> count(load_speech(), "national security"), count(load_speech(), "peaceful china")
    (5, 0)
    """
    return len(find_term_positions(build_index(speech), term, missing="empty")[0])


# ---------------------------------------------------------------- dispersion

def _terms(terms) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    terms = list(dict.fromkeys(terms or []))
    if not terms:
        raise ValueError("No terms given. Fix: pass a list of words or phrases, for example ['security', 'safety'].")
    return terms


def dispersion(speech, terms) -> pd.DataFrame:
    """Every match of each term, in reading order: where in the text it falls.

    Columns: ``term``, ``position`` (0-based token number), ``relative_position``
    (0 = start, 1 = end), ``sentence_id``, ``paragraph_id``. A term that never
    occurs has no rows (see :func:`dispersion_by_paragraph` for zero counts).

    >>> dispersion(load_speech(), ["safety"]).sentence_id.tolist()[:3]
    ['P3.S2', 'P4.S3', 'P6.S3']
    """
    index = build_index(speech)
    frames = []
    for term in _terms(terms):
        hits, _ = find_term_positions(index, term, missing="empty")
        frames.append(pd.DataFrame({
            "term": term, "position": hits,
            "relative_position": hits / max(index.n_tokens - 1, 1),
            "sentence_id": np.asarray(index.sentence_ids, dtype=object)[index.sentence[hits]],
            "paragraph_id": np.asarray(index.paragraph_ids, dtype=object)[index.paragraph[hits]],
        }))
    return pd.concat(frames, ignore_index=True)


def dispersion_by_paragraph(speech, terms, wide: bool = False) -> pd.DataFrame:
    """Counts of each term per paragraph, every paragraph listed (zeros too), in text order.

    Long form (default): ``term``, ``paragraph_id``, ``tokens`` (paragraph
    length), ``count``, ``per_1000``. ``wide=True`` gives one row per paragraph
    and one column per term. Each count is computed for the paragraph named in
    its own row, so labels cannot drift from their numbers.

    >>> dispersion_by_paragraph(load_speech(), "safety", wide=True)["safety"].tolist()
    [0, 0, 1, 1, 0, 4, 0, 0]
    """
    index = build_index(speech)
    n_par = len(index.paragraph_ids)
    sizes = np.bincount(index.paragraph, minlength=n_par)
    frames = []
    for term in _terms(terms):
        hits, _ = find_term_positions(index, term, missing="empty")
        counts = np.bincount(index.paragraph[hits], minlength=n_par)
        frames.append(pd.DataFrame({"term": term, "paragraph_id": index.paragraph_ids, "tokens": sizes,
                                    "count": counts, "per_1000": np.round(1000 * counts / sizes, 1)}))
    table = pd.concat(frames, ignore_index=True)
    if not wide:
        return table
    out = table.pivot(index="paragraph_id", columns="term", values="count").reindex(list(index.paragraph_ids))
    out = out[_terms(terms)]
    out.columns.name = None
    return out


def paragraph_starts(speech) -> pd.DataFrame:
    """The first token position of each paragraph (for drawing paragraph boundaries on a plot).

    >>> paragraph_starts(load_speech()).head(2).values.tolist()
    [['P1', 0], ['P2', 97]]
    """
    index = build_index(speech)
    first = np.searchsorted(index.paragraph, np.arange(len(index.paragraph_ids)))
    return pd.DataFrame({"paragraph_id": index.paragraph_ids, "start": first})


def dp_minimum(part_sizes, frequency: int) -> float:
    """The smallest DP that ``frequency`` hits can reach in parts of these sizes (hits come in whole numbers).

    A word with few hits cannot match the parts' shares exactly, so its DP has a
    floor above 0 that depends on its frequency and on the part sizes. The
    floor is reached by giving each part its expected hits ``f · s_i`` rounded
    down and the hits left over to the parts with the largest remainders
    (largest-remainder rounding minimises Σ |c_i − f · s_i|).

    >>> dp_minimum([2, 1, 1], 1), dp_minimum([2, 1, 1], 2), dp_minimum([2, 1, 1], 4)
    (0.5, 0.25, 0.0)
    """
    sizes = np.asarray(part_sizes, dtype=float)
    if isinstance(frequency, bool) or not isinstance(frequency, (int, np.integer)) or frequency < 1:
        raise ValueError(f"frequency={frequency!r} must be a whole number of hits, 1 or more. Fix: pass the term's count.")
    if sizes.ndim != 1 or not len(sizes) or (sizes < 0).any() or sizes.sum() <= 0:
        raise ValueError(f"part_sizes={part_sizes!r} must be a list of token counts (0 or more, not all 0), one a part. "
                         "Fix: pass the number of tokens in each paragraph.")
    share = frequency * sizes / sizes.sum()
    best = np.floor(share)
    left_over = int(round(frequency - best.sum()))
    best[np.argsort(-(share - best), kind="stable")[:left_over]] += 1
    return float(0.5 * np.abs(best - share).sum() / frequency)


def gries_dp(speech, terms, by: str = "paragraph") -> pd.DataFrame:
    """Gries' deviation of proportions (DP) for each term across paragraphs (or sentences).

    DP = ½ · Σ |v_i − s_i|, where s_i is part i's share of all tokens and v_i the
    share of the term's hits that fall in part i. 0 means spread exactly like the
    text; values near 1 mean bunched in few parts. ``dp_min`` is the smallest DP
    the term's number of hits can reach in these parts (:func:`dp_minimum`):
    compare words by how far their DP lies above it, not by DP alone.
    ``dp_norm`` divides DP by its largest value, ``1 − min(s_i)`` (all hits in
    the smallest part). A term with no hits gets NaN.

    >>> gries_dp(load_speech(), ["safety"])[["term", "count", "parts_with_term"]].values.tolist()
    [['safety', 6, 3]]
    """
    index = build_index(speech)
    if by not in ("paragraph", "sentence"):
        raise ValueError(f"by={by!r} is not a part of the text. Fix: use by='paragraph' or by='sentence'.")
    part = index.paragraph if by == "paragraph" else index.sentence
    n_parts = len(index.paragraph_ids) if by == "paragraph" else len(index.sentence_ids)
    sizes = np.bincount(part, minlength=n_parts)
    s = sizes / index.n_tokens
    rows = []
    for term in _terms(terms):
        hits, _ = find_term_positions(index, term, missing="empty")
        counts = np.bincount(part[hits], minlength=n_parts)
        if counts.sum():
            dp = 0.5 * np.abs(counts / counts.sum() - s).sum()
            dp_min = dp_minimum(sizes, int(counts.sum()))
            dp_norm = dp / (1 - s.min())
        else:
            dp = dp_min = dp_norm = np.nan
        rows.append({"term": term, "count": int(counts.sum()), "parts": n_parts,
                     "parts_with_term": int((counts > 0).sum()), "dp": dp, "dp_min": dp_min, "dp_norm": dp_norm})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- association measures

_SORTABLE = ("observed", "mi", "log_dice", "log_likelihood", "t_score")


def _score_table(words: dict, o11, r1, c1, n, f_node, sort_by, r1_name="window_tokens", c1_name="collocate_freq"):
    expected, mi, log_dice, ll, t = association_arrays(o11, r1, c1, n, f_node)
    table = pd.DataFrame({**words, "observed": o11, r1_name: r1, c1_name: c1,
                          "expected": expected, "expected_under_5": expected < 5, "mi": mi, "log_dice": log_dice,
                          "log_likelihood": ll,
                          "t_score": t})
    table = table.sort_values([sort_by, *words], ascending=[False] + [True] * len(words), kind="stable")
    return table.reset_index(drop=True)


def _check_sort_by(sort_by):
    if sort_by not in _SORTABLE:
        raise ValueError(f"sort_by={sort_by!r} is not a column. Fix: use one of {', '.join(_SORTABLE)}.")


def collocates(speech, node: str, window: int = 5, left: int | None = None, right: int | None = None,
               min_freq: int = 2, within_sentence: bool = True, sort_by: str = "log_dice") -> pd.DataFrame:
    """Words that occur within ``window`` tokens of a node word or phrase, with association scores.

    The 2×2 table for each collocate: ``observed`` = its tokens inside the
    windows (each text position counted once, the node's own tokens left out);
    ``window_tokens`` (r1) = all tokens inside the windows; ``collocate_freq`` (c1)
    = its frequency in the text; n = tokens in the text. Scores as in
    :func:`association_scores`; logDice uses ``node_freq``, the node's frequency,
    which is not a cell of the 2×2 table. Rows with
    ``observed < min_freq`` are dropped; sorted by ``sort_by`` then word.
    ``expected_under_5`` flags rows whose expected count is below 5: there G²'s
    chi-square reading fails, so read G² as a ranking score only.
    ``left``/``right`` set a one-sided span (for example left=0, right=3).

    >>> collocates(load_speech(), "security", window=1, right=0, min_freq=2).collocate.tolist()[:2]
    ['national', 'social']
    """
    index = build_index(speech)
    window = whole_number(window, "window", meaning="words on each side")
    left = window if left is None else whole_number(left, "left", 0, "words to the left")
    right = window if right is None else whole_number(right, "right", 0, "words to the right")
    if left + right < 1:
        raise ValueError("left=0 and right=0 leave an empty window. Fix: make at least one side 1 or more.")
    min_freq = whole_number(min_freq, "min_freq", meaning="the fewest times a pair must occur to be listed")
    _check_sort_by(sort_by)
    hits, length = find_term_positions(index, node, missing="raise")
    offsets = np.concatenate([np.arange(-left, 0), np.arange(length, length + right)])
    pos = (hits[:, None] + offsets[None, :]).ravel()
    owner = np.repeat(hits, len(offsets))
    keep = (pos >= 0) & (pos < index.n_tokens)
    pos, owner = pos[keep], owner[keep]
    if within_sentence:
        same = index.sentence[pos] == index.sentence[owner]
        pos = pos[same]
    node_tokens = (hits[:, None] + np.arange(length)[None, :]).ravel()
    pos = np.setdiff1d(np.unique(pos), node_tokens, assume_unique=True)
    observed = np.bincount(index.codes[pos], minlength=len(index.vocab))
    codes = np.flatnonzero(observed >= min_freq)
    if not len(codes):
        best = int(observed.max()) if len(pos) else 0
        raise ValueError(f"No word occurs at least min_freq={min_freq} times near {node!r} "
                         f"(the most frequent collocate occurs {best} times). Fix: lower min_freq or widen the window.")
    words = np.asarray(index.vocab, dtype=object)[codes]
    table = _score_table({"collocate": words}, observed[codes], len(pos), index.freq[codes], index.n_tokens,
                         len(hits), sort_by)
    table.insert(table.columns.get_loc("window_tokens") + 1, "node_freq", len(hits))  # logDice's f_node
    return table


def bigram_collocates(speech, min_freq: int = 1, within_sentence: bool = True,
                      sort_by: str = "log_dice") -> pd.DataFrame:
    """Every pair of adjacent words (w1 w2) with its 2×2 scores, as NLTK's bigram measures define them.

    r1 = frequency of w1, c1 = frequency of w2, n = tokens (so MI and G² equal
    NLTK's ``BigramAssocMeasures.pmi`` and ``likelihood_ratio`` for
    ``BigramCollocationFinder.from_words`` when ``within_sentence=False``). As in
    :func:`collocates`, ``expected_under_5`` flags the small expected counts.

    >>> bigram_collocates(load_speech(), min_freq=5, sort_by="observed")[["w1", "w2", "observed"]].values.tolist()[:2]
    [['of', 'the', 12], ['safe', 'china', 10]]
    """
    index = build_index(speech)
    min_freq = whole_number(min_freq, "min_freq", meaning="the fewest times a pair must occur to be listed")
    _check_sort_by(sort_by)
    first = np.arange(index.n_tokens - 1)
    if within_sentence:
        first = first[index.sentence[:-1] == index.sentence[1:]]
    v = len(index.vocab)
    keys, counts = np.unique(index.codes[first] * v + index.codes[first + 1], return_counts=True)
    keep = counts >= min_freq
    keys, counts = keys[keep], counts[keep]
    c_1, c_2 = keys // v, keys % v
    vocab = np.asarray(index.vocab, dtype=object)
    return _score_table({"w1": vocab[c_1], "w2": vocab[c_2]}, counts, index.freq[c_1], index.freq[c_2],
                        index.n_tokens, index.freq[c_1], sort_by, r1_name="w1_freq", c1_name="w2_freq")


# ---------------------------------------------------------------- sequences and formulations

def sequence(speech, categories: dict | None = None) -> pd.DataFrame:
    """Every occurrence of words from a few lists, in reading order (one row per match).

    ``categories`` maps a label to words or phrases; the default is
    ``{"reporting verb": REPORTING_VERBS, "modal verb": MODAL_VERBS}``. Where two
    entries overlap ("can" inside "cannot" never does: tokens are whole words),
    the longer phrase wins. Columns: ``position``, ``sentence_id``,
    ``paragraph_id``, ``category``, ``match``.

    >>> sequence(load_speech()).head(3)[["sentence_id", "category", "match"]].values.tolist()
    [['P1.S2', 'reporting verb', 'emphasized'], ['P1.S3', 'modal verb', 'must'], ['P3.S2', 'reporting verb', 'pointed out']]
    """
    index = build_index(speech)
    if categories is None:
        categories = {"reporting verb": REPORTING_VERBS, "modal verb": MODAL_VERBS}
    if not isinstance(categories, dict) or not categories:
        raise ValueError("categories must be a dict such as {'modal verb': ['must', 'should']}. "
                         "Fix: pass a label and a list of words for each category.")
    found = []
    for label, words in categories.items():
        for term in ([words] if isinstance(words, str) else list(words)):
            hits, length = find_term_positions(index, term, missing="empty")
            found += [(int(p), length, label, " ".join(index.tokens[p:p + length])) for p in hits]
    found.sort(key=lambda row: (row[0], -row[1]))
    rows, covered_until = [], -1
    for position, length, label, match in found:
        if position <= covered_until:
            continue
        covered_until = position + length - 1
        rows.append((position, index.sentence_ids[index.sentence[position]],
                     index.paragraph_ids[index.paragraph[position]], label, match))
    return pd.DataFrame(rows, columns=["position", "sentence_id", "paragraph_id", "category", "match"])


def watchwords(speech, terms) -> pd.DataFrame:
    """A formulation (tifa) table: each term counted as one unit, absent terms kept with 0.

    Columns: ``term``, ``words`` (tokens in the term), ``count`` (every occurrence),
    ``per_1000`` (per 1,000 tokens of the text), ``first_sentence``, ``first_position``
    (0–1 through the text; NaN if absent), ``sentence_ids`` (where it occurs), then two
    columns for **nested terms**, one listed term inside another ("safe china" inside
    "higher-level safe china"):

    * ``nested_in``: the longer listed terms that contain some of this term's
      occurrences ("" when none);
    * ``own_count``: occurrences left once every token is given to one term only,
      longest term first, left to right (the rule of notebook 04's ``compound``).

    ``count`` can add up the same tokens twice when terms are nested; ``own_count``
    never does, so **sum own_count, not count**, to total a list.

    >>> watchwords(load_speech(), ["safe china", "fengqiao experience"])[["term", "count", "first_sentence"]].values.tolist()
    [['safe china', 10, 'P1.S1'], ['fengqiao experience', 1, 'P7.S3']]
    >>> watchwords(load_speech(), ["national security", "overall national security concept"])[
    ...     ["term", "count", "own_count", "nested_in"]].values.tolist()
    [['national security', 5, 3, 'overall national security concept'], ['overall national security concept', 2, 2, '']]
    """
    index = build_index(speech)
    terms = _terms(terms)
    found = [find_term_positions(index, term, missing="empty") for term in terms]
    # tokens covered by each term's occurrences, to find nesting
    spans = [set((hits[:, None] + np.arange(length)[None, :]).ravel().tolist()) for hits, length in found]
    nested = []
    for i, (hits, length) in enumerate(found):
        outer = [terms[j] for j, (_, other_length) in enumerate(found)
                 if other_length > length and len(hits)
                 and any(set(range(h, h + length)) <= spans[j] for h in hits.tolist())]
        nested.append(", ".join(outer))
    # longest first, left to right: each token belongs to one occurrence at most
    taken = np.zeros(index.n_tokens, dtype=bool)
    own = [0] * len(terms)
    for i in sorted(range(len(terms)), key=lambda i: (-found[i][1], i)):
        hits, length = found[i]
        for h in hits.tolist():
            if not taken[h:h + length].any():
                taken[h:h + length] = True
                own[i] += 1
    rows = []
    for i, term in enumerate(terms):
        hits, length = found[i]
        ids = list(dict.fromkeys(index.sentence_ids[s] for s in index.sentence[hits]))
        rows.append({"term": term, "words": length, "count": len(hits),
                     "per_1000": round(1000 * len(hits) / index.n_tokens, 2),
                     "first_sentence": ids[0] if ids else "",
                     "first_position": round(hits[0] / max(index.n_tokens - 1, 1), 3) if len(hits) else np.nan,
                     "sentence_ids": ", ".join(ids), "nested_in": nested[i], "own_count": own[i]})
    return pd.DataFrame(rows)


def word_in_formulations(speech, word: str, formulations) -> pd.DataFrame:
    """How many hits of ``word`` sit inside each formulation, and how many stand outside all of them.

    Each hit is given to the longest formulation that contains it (so
    "overall national security concept" claims its "security" before "national
    security" can). The last row, ``(other uses)``, holds the rest; the
    ``count`` column adds up to the word's frequency.

    >>> word_in_formulations(load_speech(), "safety", ["public safety"])[["formulation", "count"]].values.tolist()
    [['public safety', 3], ['(other uses)', 3]]
    """
    index = build_index(speech)
    hits, _ = find_term_positions(index, word, missing="empty")
    if len(term_words(word)) != 1:
        raise ValueError(f"{word!r} is a phrase; give one word, then the phrases that contain it as formulations.")
    owner = np.full(len(hits), -1)
    forms = _terms(formulations)
    by_length = sorted(range(len(forms)), key=lambda i: -len(term_words(forms[i])))
    for i in by_length:
        starts, length = find_term_positions(index, forms[i], missing="empty")
        covered = (starts[:, None] + np.arange(length)[None, :]).ravel()
        inside = np.isin(hits, covered) & (owner == -1)
        owner[inside] = i
    rows = []
    for i, form in enumerate(forms + ["(other uses)"]):
        mine = hits[owner == (i if i < len(forms) else -1)]
        ids = list(dict.fromkeys(index.sentence_ids[s] for s in index.sentence[mine]))
        rows.append({"formulation": form, "count": len(mine), "sentence_ids": ", ".join(ids)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- ranking stability

def shared_ranks(counts: np.ndarray) -> np.ndarray:
    """Rank each row's counts from the largest; tied counts share the rank of the first of them.

    The frequency table's rule (pandas ``rank(method="min")``): 1 + how many counts are larger.

    >>> shared_ranks(np.array([[5, 3, 5, 1]])).tolist()
    [[1, 3, 1, 4]]
    """
    counts = np.asarray(counts, dtype=np.int64)
    rows, width = counts.shape
    offset = (counts.max() + 1 if counts.size else 1) * np.arange(rows)[:, None]
    ascending = np.sort(counts, axis=1) + offset
    at_most = np.searchsorted(ascending.ravel(), (counts + offset).ravel(), side="right").reshape(rows, width)
    return width - (at_most - width * np.arange(rows)[:, None]) + 1


def ranking_stability(speech, top: int = 10, resamples: int = 1000, seed: int = 2025, exclude=(),
                      min_share: float = 0.1) -> pd.DataFrame:
    """How often each word stays in the top ``top`` when the sentences are resampled (bootstrap).

    Each resample draws as many sentences as the text has, with replacement
    (numpy ``default_rng(seed)``), counts words in the drawn sentences and ranks
    them as the frequency table does: tied counts share a rank (the rank of
    the first of them), so words tied at the cut-off are all inside the top. Words in
    ``exclude`` (for example stop words) are left out. Returned: the original
    top words plus any word that enters the top in at least ``min_share`` of
    resamples, with ``count``, ``rank`` (original), ``in_top_share``,
    ``median_rank`` and the 5th–95th percentile of its rank.

    >>> ranking_stability(load_speech(), top=3, resamples=200, exclude=["the", "and", "of", "to", "a"]).word.tolist()[:3]
    ['security', 'governance', 'we']
    """
    index = build_index(speech)
    top = whole_number(top, "top", meaning="how many top words to follow", example=10)
    resamples = whole_number(resamples, "resamples", meaning="how many bootstrap resamples", example=1000)
    excluded = {w for e in ([exclude] if isinstance(exclude, str) else exclude) for w in tokenize(str(e))}
    excluded.add("'s")
    words = sorted(w for w in index.vocab if w not in excluded)
    if len(words) <= top:
        raise ValueError(f"Only {len(words)} different words are left after exclusions, not more than top={top}. "
                         "Fix: use a smaller top or exclude fewer words.")
    column = np.full(len(index.vocab), -1)
    column[[index.lookup[w] for w in words]] = np.arange(len(words))
    keep = column[index.codes] >= 0
    n_sent = len(index.sentence_ids)
    # float32 so that the product below runs in BLAS; counts stay exact integers below 2**24 tokens
    matrix = np.zeros((n_sent, len(words)), dtype=np.float32)
    np.add.at(matrix, (index.sentence[keep], column[index.codes][keep]), 1)
    counts = matrix.sum(axis=0, dtype=np.int64)
    rank = shared_ranks(counts[None, :])[0]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_sent, size=(resamples, n_sent))
    weights = np.bincount((draws + n_sent * np.arange(resamples)[:, None]).ravel(),
                          minlength=resamples * n_sent).reshape(resamples, n_sent).astype(np.float32)
    boot = np.rint(weights @ matrix).astype(np.int64)        # resamples × words
    boot_rank = shared_ranks(boot)
    share = (boot_rank <= top).mean(axis=0)
    chosen = np.flatnonzero((rank <= top) | (share >= min_share))
    chosen = chosen[np.lexsort((chosen, rank[chosen]))]
    ranks = boot_rank[:, chosen]
    return pd.DataFrame({
        "word": np.asarray(words, dtype=object)[chosen], "count": counts[chosen], "rank": rank[chosen],
        "in_top_share": share[chosen], "median_rank": np.median(ranks, axis=0),
        "rank_5th": np.percentile(ranks, 5, axis=0, method="lower"),
        "rank_95th": np.percentile(ranks, 95, axis=0, method="higher"),
    })


# ---------------------------------------------------------------- export

def save_table(table: pd.DataFrame, name: str, overwrite: bool = False) -> str:
    """Save a table (a concordance, collocates, ...) as UTF-8 CSV in ``my_work/``; returns its relative path.

    An existing file with different content is kept unless ``overwrite=True``;
    writing the same content again is allowed. The CSV opens in a spreadsheet,
    in AntConc-style tools, or in pandas (``pd.read_csv``).

    >>> save_table(kwic(load_speech(), "safety"), "kwic_safety.csv")  # doctest: +SKIP
    'my_work/kwic_safety.csv'
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"Expected a table (DataFrame), got {type(table).__name__}. "
                        "Fix: pass the result of kwic(), collocates() or another table.")
    if not isinstance(name, str) or not name.endswith(".csv") or name != name.strip() or "/" in name or "\\" in name:
        raise ValueError(f"{name!r} is not a plain CSV file name. Fix: use a name such as 'kwic_security.csv' "
                         "(files always go to my_work/).")
    text = table.to_csv(index=False, lineterminator="\n")
    path = my_work_dir() / name
    if path.exists() and path.read_text(encoding="utf-8") != text and not overwrite:
        raise FileExistsError(f"my_work/{name} already exists and holds something else. "
                              "Fix: choose another name, or pass overwrite=True to replace it.")
    write_atomic(path, text)
    return f"my_work/{name}"
