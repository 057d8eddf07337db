"""Count words in any speech: frequency tables, stop words, multi-word terms, keyness, diversity.

Everything here works on a ``Speech`` from :mod:`helpers.text` (the course text or
any other UTF-8 file) and tokenizes with :func:`helpers.text.tokenize`, the one
tokenizer of the course. Only the content paragraphs are counted.

Conventions:

* **Sort order** is always count (descending), then word (alphabetical), so ties
  come out the same on every run; ``rank`` is shared by tied words (1, 2, 2, 4).
* **per_1000** is per 1,000 running tokens of the whole text, stop words included,
  so removing stop words never inflates a rate.
* **Multi-word terms** (``compound``) are found by the course's one rule
  (:mod:`helpers.terms`), longest term first, left to right; a matched term
  becomes one token such as ``"safe china"``.
* **Keyness against general English** uses wordfreq's relative frequencies, one
  token at a time, ranked by the one-sample G² (a ranking, not a test: no p-value).
  Words the list does not know get the ``floor`` and are flagged. **Keyness between parts** of a text uses
  the full 4-term log-likelihood G² of Dunning (1993) on a 2×2 table, with Fisher's exact
  p where an expected count is below 5. The statistics live in :mod:`helpers.stats`.
* **Log ratio** (Hardie 2014) is log2 of the ratio of relative frequencies; a zero
  count is replaced by 0.5 (between parts only).

All functions are Counter/numpy based (no loops over pairs of tokens), so they stay
fast on a corpus of a million words.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .arguments import whole_number
from .context import glossary_terms  # noqa: F401 (the one glossary reader, for notebooks 04 and 05)
from .terms import build_index, find_term_positions, index_of_tokens, term_words
from .stats import SMALL_EXPECTED, expected, fisher_p, g2_4term, g2_one_sample, log_ratio, p_value
from .text import Speech, segment, sentences, tokenize  # noqa: F401 (segment: doctests)
from .workspace import data_file, read_text_file, resolve_path

STOPWORDS_FILE = "stopwords_en.txt"
DEFAULT_FLOOR = 1e-9
#: Runs of word characters, hyphens and apostrophes: no token of ``tokenize`` ever spans two runs.
_RUN = re.compile(r"[\w'.,%$€£¥₹-]+")  # every character a token of helpers.text can hold



# --------------------------------------------------------------------------- tokens

def words(source) -> list[str]:
    """The tokens of a speech's content paragraphs, in reading order (or a token list, copied).

    The same tokens as ``helpers.text.tokens(speech).token``, without building a table.

    >>> from helpers.text import load_speech
    >>> words(load_speech())[:5]
    ['on', 'the', 'morning', 'of', 'february']
    """
    if isinstance(source, Speech):
        return tokenize("\n".join(source.paragraphs))
    if isinstance(source, str) or not isinstance(source, Iterable):
        raise TypeError(
            f"Pass a Speech (from load_speech) or a list of tokens, not {type(source).__name__}. "
            "Fix: speech = load_speech() (or tokenize(text) for a piece of text), then pass speech."
        )
    return list(source)


def token_counts(source) -> Counter:
    """Counter of the tokens of a speech (or token list), fast on a million words.

    For a Speech, a regex finds runs of the characters a token can hold (word characters,
    hyphens, apostrophes, and the . , % and currency signs of numbers and abbreviations) at C
    speed (a token never spans two runs), and ``tokenize`` is then applied once per
    *distinct* run (so ``people's`` still becomes ``people`` + ``'s``): the result equals
    ``Counter(tokenize(text))`` (tested), without a Python step per token.

    >>> token_counts(segment("The people's security. The people."))["people"]
    2
    """
    if not isinstance(source, Speech):
        return Counter(words(source))
    prepared = "\n".join(source.paragraphs).replace("’", "'").replace("‘", "'")  # case kept: "F." is an initial
    counts: Counter = Counter()
    for raw, n in Counter(_RUN.findall(prepared)).items():
        for token in tokenize(raw):
            counts[token] += n
    return counts


def _nonempty(toks: Sequence[str], what: str = "The text") -> None:
    if len(toks) == 0:
        raise ValueError(f"{what} has no word tokens, so there is nothing to count. "
                         "Fix: check that the file holds text, or that your filter left some words.")


# ----------------------------------------------------------------------- stop words

def _word_tokens(word: str, where: str = "") -> list[str]:
    """Tokens of a listed word; a lone possessive ``'s`` (which tokenize would drop) is kept.

    An entry of two words or more (``"xi jinping"``) is refused: a stop word is one word.
    """
    cleaned = word.strip().lower().replace("’", "'")
    if len(cleaned.split()) > 1:
        parts = cleaned.split()
        raise ValueError(
            f"The stop word {word.strip()!r}{where} is {len(parts)} words, but each stop word must be one word. "
            f"Fix: put {' and '.join(repr(p) for p in parts)} on separate lines (or as separate items); to count "
            f"{word.strip()!r} as one unit instead, pass it in terms=[...].")
    return ["'s"] if cleaned == "'s" else tokenize(cleaned)


def _read_word_file(path: Path) -> list[tuple[str, str]]:
    if not path.exists():
        raise FileNotFoundError(
            f"There is no stop-word file at {path}. Fix: check the file name; your own list goes in my_work/ "
            f"(copy data/{STOPWORDS_FILE} there and edit it)."
        )
    text = read_text_file(path, "stop-word file")
    return [(line.strip(), f" (line {number} of {path.name})") for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def load_stopwords(path: str | os.PathLike | None = None) -> frozenset[str]:
    """Read a stop-word list: one word per line, ``#`` starts a comment line.

    With no path: the course's default list, ``data/stopwords_en.txt``. A relative
    path that does not exist from the current folder is looked up in ``my_work/``.
    Each word is tokenized like the text, so ``People's`` becomes ``people`` and ``'s``; a line of two
    words (``xi jinping``) is refused with a message naming the line.

    >>> sorted(load_stopwords())[:3]
    ["'s", 'a', 'about']
    """
    file = data_file(STOPWORDS_FILE) if path is None else resolve_path(path)
    return frozenset(token for line, where in _read_word_file(file) for token in _word_tokens(line, where))


def stopword_set(stopwords) -> frozenset[str]:
    """Turn what a learner passes as ``stopwords`` into a set of tokens.

    ``None`` or ``False``: no stop words; ``"default"`` or ``True``: the course list;
    another string or a path: a file (see ``load_stopwords``); a list or set: those words.

    >>> sorted(stopword_set(["The", "of"]))
    ['of', 'the']
    """
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True or (isinstance(stopwords, str) and stopwords == "default"):
        return load_stopwords()
    if isinstance(stopwords, (str, os.PathLike)):
        return load_stopwords(stopwords)
    try:
        items = list(stopwords)
    except TypeError:
        raise TypeError(
            f"stopwords must be None, 'default', a file name or a list of words, not {type(stopwords).__name__}. "
            "Fix: for example stopwords='default', or stopwords=load_stopwords() | {'xi', 'jinping'}."
        ) from None
    bad = [w for w in items if not isinstance(w, str)]
    if bad:
        raise TypeError(f"Every stop word must be text in quotes; {bad[0]!r} is not. Fix: write ['the', 'of'].")
    return frozenset(t for w in items for t in _word_tokens(w))


# ------------------------------------------------------------- multi-word expressions

def compound(source, terms: Iterable[str]) -> list[str]:
    """The tokens of a speech (or token list) with each multi-word term joined into one token.

    Terms are found by the course's one rule (:mod:`helpers.terms`: within one sentence of a
    speech, ``*`` for any letters inside a word); longest term first, then the term given first,
    then left to right, each token joined into one term at most. The joined token is the term's words (``"safe china"``,
    ``"secur*"``). A term of one word without ``*`` is left as it is.

    >>> compound(["the", "safe", "china", "is", "safe"], ["Safe China"])
    ['the', 'safe china', 'is', 'safe']
    """
    index = build_index(source) if isinstance(source, Speech) else index_of_tokens(words(source))
    joined: dict[int, tuple[int, str]] = {}  # start position -> (length, joined token)
    taken = np.zeros(index.n_tokens, dtype=bool)
    found = []
    for term in terms:
        if not isinstance(term, str):
            raise TypeError(f"Every term must be text in quotes; {term!r} is not.")
        hits, length = find_term_positions(index, term)
        unit = " ".join(term_words(term))
        if length > 1 or "*" in unit:
            found.append((length, hits, unit))
    for length, hits, unit in sorted(found, key=lambda f: -f[0]):  # stable: equal lengths keep the order given
        for start in hits.tolist():
            if not taken[start:start + length].any():
                taken[start:start + length] = True
                joined[start] = (length, unit)
    out, i = [], 0
    while i < index.n_tokens:
        length, unit = joined.get(i, (1, index.tokens[i]))
        out.append(unit)
        i += length
    return out


def term_counts(source, terms: Iterable[str]) -> pd.DataFrame:
    """How often each multi-word term occurs as a unit (longest match first), in the order given.

    >>> term_counts(["safe", "china", "is", "safe"], ["Safe China", "public safety"])
                term  count
    0     safe china      1
    1  public safety      0
    """
    terms = list(terms)
    counts = Counter(compound(source, terms))
    keys = [" ".join(term_words(t)) for t in terms]
    return pd.DataFrame({"term": keys, "count": [counts.get(k, 0) for k in keys]})


def before_after(source, terms: Iterable[str], words_to_show: Iterable[str] | None = None) -> pd.DataFrame:
    """Counts of single words before and after the terms are joined into units.

    Without ``words_to_show``: every word whose count changes. Sorted by the change, then word.

    >>> before_after(["safe", "china", "is", "safe"], ["Safe China"])
        word  before  after  change
    0  china       1      0      -1
    1   safe       2      1      -1
    """
    before, after = Counter(words(source)), Counter(compound(source, terms))
    if words_to_show is None:
        chosen = sorted(w for w in before if before[w] != after.get(w, 0))
    else:
        chosen = [t for w in words_to_show for t in tokenize(w)]
    rows = [(w, before.get(w, 0), after.get(w, 0)) for w in chosen]
    table = pd.DataFrame(rows, columns=["word", "before", "after"])
    table["change"] = table.after - table.before
    if words_to_show is None:
        table = table.sort_values(["change", "word"], kind="stable").reset_index(drop=True)
    return table


# ---------------------------------------------------------------- frequency tables

def _ordered(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def content_words(speech: Speech, n: int = 5) -> list[str]:
    """The ``n`` most frequent words of a text that are not stop words and hold a letter, most frequent first.

    The notebooks take their worked examples from these on a text other than the course text.

    >>> from helpers.text import load_speech
    >>> content_words(load_speech(), 2)
    ['security', 'governance']
    """
    table = frequency_table(speech, stopwords=load_stopwords())
    return table[table.word.str.contains(r"[^\W\d_]", regex=True)].word.head(n).tolist()


def frequency_table(source, stopwords=None, terms: Iterable[str] | None = None, min_count: int = 1) -> pd.DataFrame:
    """Word frequencies: ``rank``, ``word``, ``count``, ``per_1000`` (per 1,000 tokens of the whole text).

    ``stopwords``: see :func:`stopword_set`; ``terms``: multi-word terms to count as one unit;
    ``min_count``: leave out words rarer than this. Order: count descending, then word.

    >>> frequency_table(["b", "a", "b", "c", "a", "d"], stopwords=["d"])
       rank word  count    per_1000
    0     1    a      2  333.333333
    1     1    b      2  333.333333
    2     3    c      1  166.666667
    """
    min_count = whole_number(min_count, "min_count", meaning="the fewest times a word must occur", example=3)
    if terms is not None:
        counter = Counter(compound(source, terms))
    else:
        counter = token_counts(source)
    total = sum(counter.values())
    _nonempty(counter)
    stop = stopword_set(stopwords)
    for word in stop & counter.keys():
        del counter[word]
    items = [(w, c) for w, c in _ordered(counter) if c >= min_count]
    table = pd.DataFrame(items, columns=["word", "count"])
    table["count"] = table["count"].astype("int64")
    table["per_1000"] = table["count"] * 1000 / total
    table.insert(0, "rank", table["count"].rank(method="min", ascending=False).astype("int64"))
    return table




# ------------------------------------------------------------------------ keyness

@lru_cache(maxsize=100_000)
def reference_frequency(word: str, wordlist: str = "small") -> float:
    """wordfreq's relative frequency of one token in general English (0.0 if not in the list).

    ``wordlist="small"`` (about 29,000 words, a few MB) or ``"large"``/``"best"`` (about 320,000
    words, about 40 MB more memory). Data: wordfreq, CC BY-SA 4.0.

    >>> reference_frequency("security")
    0.000158
    """
    from wordfreq import word_frequency

    if wordlist not in {"small", "large", "best"}:
        raise ValueError(f"wordlist must be 'small', 'large' or 'best', not {wordlist!r}. "
                         "Fix: for example wordlist='small' (the default).")
    return word_frequency(word, "en", wordlist=wordlist, minimum=0.0)


@lru_cache(maxsize=100_000)
def _wordfreq_reading(word: str) -> str:
    from wordfreq import tokenize as wf_tokenize

    pieces = wf_tokenize(word, "en")
    return "" if pieces == [word] else " + ".join(pieces)


def keyness_general(source, min_count: int = 3, floor: float = DEFAULT_FLOOR, wordlist: str = "small",
                    stopwords=None) -> pd.DataFrame:
    """Keywords of a text against general English (wordfreq), one-sample G² and log ratio.

    Columns: ``word``, ``count`` (a), ``tokens`` (N), ``ref_freq`` (p, as wordfreq gives it),
    ``p_used`` (p after the floor), ``floor_used``, ``wordfreq_reads_as`` (when wordfreq splits the
    token, e.g. ``political + legal``), ``expected`` (N·p), ``per_1000``, ``ref_per_1000``, ``G2``,
    ``log_ratio``, ``direction`` (``+`` more frequent than in general English, ``-`` less; plain ASCII
    signs, so ``table[table.direction == "-"]`` works as typed). Sorted by G2 descending, then word.
    No p-value: one text's tokens are not independent draws from general English, so G² here ranks
    words and does not test them (see :mod:`helpers.stats`).

    >>> table = keyness_general(["security"] * 3 + ["the"] * 97, min_count=3)
    >>> table[["word", "count", "direction"]].values.tolist()
    [['the', 97, '+'], ['security', 3, '+']]
    """
    min_count = whole_number(min_count, "min_count", meaning="the fewest times a word must occur", example=3)
    if not isinstance(floor, (int, float)) or isinstance(floor, bool) or not 0 < floor < 1e-3:
        raise ValueError(f"floor is {floor!r}; it must be a small positive number such as 1e-9.")
    toks = words(source)
    _nonempty(toks)
    n = len(toks)
    stop = stopword_set(stopwords)
    counter = Counter(toks)
    items = [(w, c) for w, c in _ordered(counter) if c >= min_count and w not in stop]
    table = pd.DataFrame(items, columns=["word", "count"])
    table["tokens"] = n
    table["ref_freq"] = [reference_frequency(w, wordlist) for w in table.word]
    table["floor_used"] = table.ref_freq < floor
    table["p_used"] = table.ref_freq.clip(lower=floor)
    table["wordfreq_reads_as"] = [_wordfreq_reading(w) for w in table.word]
    table["expected"] = n * table.p_used
    table["per_1000"] = table["count"] * 1000 / n
    table["ref_per_1000"] = table.p_used * 1000
    table["G2"] = g2_one_sample(table["count"], n, table.p_used)
    table["log_ratio"] = np.log2((table["count"] / n) / table.p_used)  # Hardie's log ratio against a rate
    table["direction"] = np.where(table["count"] / n > table.p_used, "+", "-")
    table = table.sort_values(["G2", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return table[["word", "count", "tokens", "ref_freq", "p_used", "floor_used", "wordfreq_reads_as", "expected",
                  "per_1000", "ref_per_1000", "G2", "log_ratio", "direction"]]


def floor_sensitivity(source, floors: Sequence[float] = (1e-10, 1e-9, 1e-8, 1e-7), min_count: int = 3,
                      wordlist: str = "small") -> pd.DataFrame:
    """G² and log ratio of the words that need the floor, for several floors (one row per word and floor).

    >>> floor_sensitivity(["zzqx"] * 3 + ["the"] * 7, floors=[1e-9])[["word", "count"]].values.tolist()
    [['zzqx', 3]]
    """
    rows = []
    for floor in floors:
        table = keyness_general(source, min_count=min_count, floor=floor, wordlist=wordlist)
        for row in table[table.floor_used].itertuples():
            rows.append((row.word, floor, row.count, row.G2, row.log_ratio))
    out = pd.DataFrame(rows, columns=["word", "floor", "count", "G2", "log_ratio"])
    return out.sort_values(["word", "floor"], kind="stable").reset_index(drop=True)


def paragraph_words(speech: Speech, paragraph_ids: Iterable[str]) -> list[str]:
    """The tokens of the chosen content paragraphs (IDs such as ``"P4"``), in reading order.

    >>> from helpers.text import load_speech
    >>> len(paragraph_words(load_speech(), ["P1", "P2"]))
    142
    """
    if not isinstance(speech, Speech):
        raise TypeError("Pass a Speech from load_speech() as the first argument.")
    if isinstance(paragraph_ids, str):
        paragraph_ids = [paragraph_ids]
    known = [f"P{i}" for i in range(1, len(speech.paragraphs) + 1)]
    chosen = [str(p).strip().upper() for p in paragraph_ids]
    unknown = [p for p in chosen if p not in known]
    if unknown:
        raise KeyError(f"There is no paragraph {unknown[0]!r} in {speech.source}; it has {known[0]} to {known[-1]}. "
                       "Fix: use paragraph IDs such as 'P4'.")
    return [t for p in chosen for t in tokenize(speech.paragraphs[known.index(p)])]


def keyness_between(target, reference, min_count: int = 3, stopwords=None) -> pd.DataFrame:
    """Keywords of one part of a text against another part: 2×2 table, 4-term G², log ratio.

    ``target`` and ``reference`` are Speeches or token lists (see ``paragraph_words``). A word
    is kept when its count in target + reference is at least ``min_count``. Columns: ``word``,
    ``a`` (count in target), ``b`` (count in reference), ``c``, ``d`` (their sizes), ``E1``,
    ``E2`` (expected a and b), ``small_expected`` (E1 or E2 below 5), ``G2`` (4-term, Dunning 1993),
    ``log_ratio`` (zero → 0.5), ``direction`` (``+`` relatively more frequent in the target, ASCII ``-``
    in the reference), ``p_value`` and ``p_from``: Fisher's exact p where an expected count is below 5
    (G²'s chi-squared p is a poor approximation there), G²'s chi-squared p (df = 1) elsewhere.

    >>> keyness_between(["x"] * 10 + ["y"] * 990, ["x"] * 20 + ["y"] * 4980, min_count=3).word.tolist()
    ['x', 'y']
    """
    min_count = whole_number(min_count, "min_count", meaning="the fewest times a word must occur", example=3)
    t_toks, r_toks = words(target), words(reference)
    _nonempty(t_toks, "The target part")
    _nonempty(r_toks, "The reference part")
    t_count, r_count = Counter(t_toks), Counter(r_toks)
    stop = stopword_set(stopwords)
    vocab = sorted(w for w in t_count.keys() | r_count.keys() if w not in stop)
    a = np.array([t_count.get(w, 0) for w in vocab], dtype=float)
    b = np.array([r_count.get(w, 0) for w in vocab], dtype=float)
    c, d = float(len(t_toks)), float(len(r_toks))
    table = pd.DataFrame({"word": vocab, "a": a.astype("int64"), "b": b.astype("int64")})
    table = table[(table.a + table.b) >= min_count].reset_index(drop=True)
    a, b = table.a.to_numpy(float), table.b.to_numpy(float)
    table["c"], table["d"] = int(c), int(d)
    table["E1"], table["E2"] = expected(a, b, c, d)[:2]
    small = np.minimum(table.E1, table.E2).to_numpy() < SMALL_EXPECTED
    table["small_expected"] = small
    table["G2"] = g2_4term(a, b, c, d)
    table["log_ratio"] = log_ratio(a, c, b, d)
    table["direction"] = np.where(a / c > b / d, "+", "-")
    table["p_value"] = p_value(table.G2)
    if small.any():
        table.loc[small, "p_value"] = fisher_p(a[small], b[small], c, d)
    table["p_from"] = np.where(small, "Fisher exact", "G2, chi-squared")
    return table.sort_values(["G2", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------- lexical diversity

def _codes(toks: Sequence[str]) -> np.ndarray:
    _, codes = np.unique(np.asarray(toks, dtype=object).astype(str), return_inverse=True)
    return codes


def _previous_occurrence(codes: np.ndarray) -> np.ndarray:
    """For each position, the position of the previous occurrence of the same type (−1 if none)."""
    order = np.argsort(codes, kind="stable")
    prev = np.full(len(codes), -1, dtype=np.int64)
    same = codes[order][1:] == codes[order][:-1]
    prev[order[1:][same]] = order[:-1][same]
    return prev


def mattr(source, window: int = 50) -> float:
    """Moving-average TTR (Covington & McFall 2010): the mean TTR of every window of ``window`` tokens.

    >>> mattr(["a", "b", "a", "c"], window=2)
    1.0
    >>> round(mattr(["a", "a", "b", "a"], window=2), 4)
    0.8333
    """
    toks = words(source)
    _nonempty(toks)
    window = whole_number(window, "window", meaning="tokens in each window; 50 is the usual choice", example=50)
    n = len(toks)
    if n < window:
        raise ValueError(f"The text has {n} tokens, fewer than the window of {window}. "
                         "Fix: use a smaller window, or report the plain TTR for so short a text.")
    prev = _previous_occurrence(_codes(toks))
    # token j is "new" in the window starting at s when prev[j] < s <= j and s > j - window
    starts = np.maximum(prev + 1, np.arange(n) - window + 1)
    ends = np.minimum(np.arange(n), n - window)
    valid = starts <= ends
    diff = np.zeros(n - window + 2, dtype=np.int64)
    np.add.at(diff, starts[valid], 1)
    np.add.at(diff, ends[valid] + 1, -1)
    types_per_window = np.cumsum(diff)[: n - window + 1]
    return float(types_per_window.mean() / window)


def ttr_by_length(source, step: int = 50) -> pd.DataFrame:
    """TTR of the first n tokens, for n = step, 2·step, ..., and the whole text.

    >>> ttr_by_length(["a", "b", "a", "c"], step=2)
       tokens  types   TTR
    0       2      2  1.00
    1       4      3  0.75
    """
    toks = words(source)
    _nonempty(toks)
    step = whole_number(step, "step", meaning="tokens added at each step", example=50)
    new = _previous_occurrence(_codes(toks)) < 0
    types = np.cumsum(new)
    lengths = sorted(set(range(step, len(toks) + 1, step)) | {len(toks)})
    table = pd.DataFrame({"tokens": lengths, "types": [int(types[n - 1]) for n in lengths]})
    table["TTR"] = table.types / table.tokens
    return table


def sentence_lengths(speech: Speech) -> pd.DataFrame:
    """Tokens per sentence, with sentence IDs.

    >>> from helpers.text import load_speech
    >>> sentence_lengths(load_speech()).head(2)
      sentence_id  tokens
    0       P1.S1      26
    1       P1.S2      35
    """
    if not isinstance(speech, Speech):
        raise TypeError("Pass a Speech from load_speech().")
    table = sentences(speech)
    return pd.DataFrame({"sentence_id": table.sentence_id, "tokens": [len(tokenize(t)) for t in table.text]})


def summary(speech: Speech, window: int = 50) -> pd.DataFrame:
    """A summary panel: measure, value, and how the value is computed.

    >>> from helpers.text import load_speech
    >>> summary(load_speech()).set_index("measure").loc["tokens", "value"]
    733
    """
    toks = words(speech)
    _nonempty(toks)
    counts = Counter(toks)
    lengths = sentence_lengths(speech)
    longest = lengths.sort_values(["tokens", "sentence_id"], ascending=[False, True], kind="stable").iloc[0]
    n, v = len(toks), len(counts)
    try:
        m = round(mattr(toks, window), 3)
        m_how = f"mean TTR over all {n - window + 1} windows of {window} tokens"
    except ValueError:
        m, m_how = None, f"not defined: the text is shorter than the window ({window})"
    rows = [
        ("tokens", n, "running words (content paragraphs only)"),
        ("types", v, "distinct words"),
        ("hapaxes", sum(1 for c in counts.values() if c == 1), "types that occur once"),
        ("TTR", round(v / n, 3), f"{v} / {n}"),
        (f"MATTR ({window})", m, m_how),
        ("sentences", len(lengths), "from helpers.text.sentences"),
        ("mean sentence length", round(float(lengths.tokens.mean()), 1), f"{n} / {len(lengths)}"),
        ("median sentence length", float(lengths.tokens.median()), "middle value"),
        ("longest sentence", int(longest.tokens), f"tokens, in {longest.sentence_id}"),
        ("shortest sentence", int(lengths.tokens.min()), "tokens"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "how"], dtype=object)
