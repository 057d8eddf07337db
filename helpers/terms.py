"""The one token table of a text and the one rule for finding a word or phrase (a "term") in it.

Every helper that looks for a term (``find_terms`` and ``highlight``, ``find_term`` and
``term_locations``, ``kwic``, ``count`` and the other concordance tools, the dictionary, and the
multi-word units of ``frequency_table``) goes through :func:`find_term_positions`, so a term means
the same everywhere:

* the term is split by the course tokenizer (:func:`helpers.text.tokenize`), like the text, and
  matches a run of the same tokens, next to each other, **in one sentence**. So case, quotation
  marks and other punctuation do not matter (``two miracles`` finds ``the "two miracles" of``,
  ``security stability`` finds ``security, stability``), a hyphenated word is one word
  (``well`` does not find ``well-being``), and a possessive ``'s`` is a token of its own
  (``people`` finds ``people's``; ``people's`` finds ``people’s``; ``people 's``, as a KWIC line
  shows it, finds it too);
* ``*`` in a word of the term stands for any letters (none included) **inside one token**:
  ``secur*`` finds ``security`` and ``secure``, ``*security`` finds ``cybersecurity``, a lone
  ``*`` any one word. No other character is special.

The table (:class:`TokenIndex`) is built once per text and kept: for each word, the sorted
positions where it occurs, so a search looks positions up instead of scanning the text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .text import Speech, load_speech, sentences, tokenize  # noqa: F401 (load_speech: doctests)

WILDCARD = "*"
_WILD_LETTER = "ǂ"  # a letter no English text uses: the term is tokenized as if * were a letter


def term_words(term) -> tuple[str, ...]:
    """The words of a term, tokenized like the text, with ``*`` kept (see the module rule).

    >>> term_words("The People's secur*"), term_words("people 's")
    (('the', 'people', "'s", 'secur*'), ('people', "'s"))
    """
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"The search term {term!r} is empty or not text. "
                         'Fix: give a word or phrase in quotes, for example "security" or "national security".')
    words = tuple(w.replace(_WILD_LETTER, WILDCARD) for chunk in term.replace(WILDCARD, _WILD_LETTER).split()
                  for w in _chunk_tokens(chunk))
    if not any(w.strip(WILDCARD) for w in words):
        raise ValueError(f"The search term {term!r} has no letters or digits. "
                         'Fix: give a word or phrase, for example "security".')
    return words


def _chunk_tokens(chunk: str) -> list[str]:
    """One space-free piece of a term as tokens: a lone ``'s`` is the possessive token, as KWIC prints it.

    >>> _chunk_tokens("’S"), _chunk_tokens("people's")
    (["'s"], ['people', "'s"])
    """
    if chunk.replace("’", "'").replace("‘", "'").lower() == "'s":
        return ["'s"]
    return tokenize(chunk)


@lru_cache(maxsize=256)
def _wildcard(word: str) -> re.Pattern:
    """``secur*`` -> a pattern for a whole token: ``*`` is any letters, nothing else is special."""
    return re.compile(".*".join(re.escape(part) for part in word.split(WILDCARD)), re.DOTALL)


@dataclass(frozen=True, eq=False)
class TokenIndex:
    """A text's tokens with, for every word, the sorted positions where it occurs (built once).

    >>> index = build_index(load_speech())
    >>> index.n_tokens, index.positions("safety").tolist()[:2]
    (733, [202, 341])
    """

    source: str
    tokens: list           # token strings in reading order
    codes: np.ndarray      # word number of each token
    vocab: tuple           # word number -> word
    lookup: dict           # word -> word number
    freq: np.ndarray       # word number -> count
    sentence: np.ndarray   # sentence number (0-based) of each token
    sentence_ids: tuple    # sentence number -> "P3.S2"
    sentence_labels: np.ndarray  # the same as an object array (fast to index)
    sentence_start: np.ndarray  # sentence number -> first position
    sentence_end: np.ndarray    # sentence number -> one past the last position
    paragraph: np.ndarray  # paragraph number (0-based) of each token
    paragraph_ids: tuple   # paragraph number -> "P3"
    order: np.ndarray      # positions sorted by word number (stable)
    starts: np.ndarray     # word number -> slice start in ``order``

    @property
    def n_tokens(self) -> int:
        return len(self.tokens)

    def positions(self, word: str) -> np.ndarray:
        """Sorted positions of one token (already lower case); empty if it never occurs."""
        code = self.lookup.get(word)
        if code is None:
            return np.empty(0, dtype=np.int64)
        return self.order[self.starts[code]:self.starts[code + 1]]


def _index_from(source: str, sentence_ids, paragraph_ids_of_sentence, token_lists) -> TokenIndex:
    tokens: list[str] = []
    lengths = []
    for toks in token_lists:
        tokens.extend(toks)
        lengths.append(len(toks))
    codes, uniques = pd.factorize(pd.Series(tokens, dtype=object), sort=False)
    codes = codes.astype(np.int64, copy=False)
    lookup = {word: i for i, word in enumerate(uniques)}
    lengths = np.asarray(lengths, dtype=np.int64)
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    ends = np.cumsum(lengths)
    para_ids = tuple(dict.fromkeys(paragraph_ids_of_sentence))
    para_number = {pid: i for i, pid in enumerate(para_ids)}
    para_of_sentence = np.array([para_number[p] for p in paragraph_ids_of_sentence], dtype=np.int64)
    freq = np.bincount(codes, minlength=len(lookup))
    return TokenIndex(
        source=source, tokens=tokens, codes=codes, vocab=tuple(lookup), lookup=lookup, freq=freq,
        sentence=sentence, sentence_ids=tuple(sentence_ids),
        sentence_labels=np.asarray(list(sentence_ids) or [""], dtype=object), sentence_start=ends - lengths, sentence_end=ends,
        paragraph=para_of_sentence[sentence] if len(sentence) else sentence, paragraph_ids=para_ids,
        order=np.argsort(codes, kind="stable"), starts=np.concatenate([[0], np.cumsum(freq)]),
    )


@lru_cache(maxsize=4)
def _cached_index(speech: Speech) -> TokenIndex:
    table = sentences(speech)  # the one sentence-ID scheme, helpers.text's
    index = _index_from(speech.source, list(table.sentence_id), list(table.paragraph_id), map(tokenize, table.text))
    if index.n_tokens == 0:
        raise ValueError(f"{speech.source} has no words to search (no letters or digits in its paragraphs). "
                         "Fix: load a text with words in it.")
    return index


def build_index(speech) -> TokenIndex:
    """The index of a speech (built on first use and kept; passing an index returns it).

    >>> build_index(load_speech()).sentence_ids[:2]
    ('P1.S1', 'P1.S2')
    """
    if isinstance(speech, TokenIndex):
        return speech
    if isinstance(speech, Speech):
        return _cached_index(speech)
    shown = repr(speech) if len(repr(speech)) <= 40 else repr(speech)[:37] + "..."
    raise TypeError(f"Expected a speech from load_speech(), got {type(speech).__name__} {shown}. "
                    "Fix: run speech = load_speech() (or load_speech('my_text.txt')) and pass speech first, "
                    "for example find_term(speech, 'Safe China') or kwic(speech, 'security').")


def index_of_tokens(tokens: list[str]) -> TokenIndex:
    """The index of a list of tokens, as one run (one "sentence", ``S1``): a phrase may span the whole list.

    >>> index_of_tokens(["safe", "china"]).sentence_ids
    ('S1',)
    """
    return _index_from("the tokens", ["S1"], ["P1"], [list(tokens)])


def _suggest(index: TokenIndex, word: str) -> str:
    close = difflib.get_close_matches(word, index.vocab, n=4, cutoff=0.7)
    prefix = sorted({w for w in index.vocab if len(word) >= 4 and w.startswith(word[:4])} - set(close))[:3]
    ideas = close + prefix
    if not ideas:
        top = sorted(((-int(index.freq[c]), w) for w, c in index.lookup.items() if len(w) > 3))[:5]
        ideas = [w for _, w in top]
    return ", ".join(repr(w) for w in ideas)


def _codes_for(index: TokenIndex, word: str) -> np.ndarray:
    if WILDCARD in word:
        return np.array(sorted(c for w, c in index.lookup.items() if _wildcard(word).fullmatch(w)), dtype=np.int64)
    code = index.lookup.get(word)
    return np.array([] if code is None else [code], dtype=np.int64)


def find_term_positions(speech, term: str, missing: str = "empty") -> tuple[np.ndarray, int]:
    """Start positions of every match of ``term`` in a speech (or its index), and its length in words.

    The one matcher of the course (rule in the module docstring). With ``missing="raise"``, a term
    that does not occur raises a KeyError that suggests words the text does use.

    >>> find_term_positions(index_of_tokens(["the", "people", "'s", "safe", "china"]), "People's safe *")
    (array([1]), 4)
    """
    index = build_index(speech)
    words = term_words(term)
    first = _codes_for(index, words[0])
    if len(first) == 1:
        hits = index.order[index.starts[first[0]]:index.starts[first[0] + 1]]
    elif len(first):
        hits = np.sort(np.concatenate([index.order[index.starts[c]:index.starts[c + 1]] for c in first]))
    else:
        hits = np.empty(0, dtype=np.int64)
    for k, word in enumerate(words[1:], start=1):
        codes = _codes_for(index, word)
        hits = hits[hits + k < index.n_tokens]
        following = index.codes[hits + k]
        hits = hits[following == codes[0]] if len(codes) == 1 else hits[np.isin(following, codes)]
    if len(words) > 1 and len(hits):
        hits = hits[index.sentence[hits] == index.sentence[hits + len(words) - 1]]
    if not len(hits) and missing == "raise":
        unknown = [w for w in words if not len(_codes_for(index, w))]
        if unknown:
            raise KeyError(f"{unknown[0]!r} does not occur in {index.source} (case is ignored). "
                           f"Try: {_suggest(index, unknown[0].replace('*', ''))}; or a wildcard such as "
                           f"{unknown[0][:4].replace('*', '')}*.")
        raise KeyError(f"The phrase {term!r} does not occur in {index.source}, although each of its words does. "
                       "Try a shorter phrase, or search for one of its words and read the lines.")
    return hits, len(words)


def sentences_with_term(speech, term: str) -> tuple[list[str], list[int]]:
    """The IDs of the sentences where ``term`` occurs (reading order, each once) and the matches in each.

    >>> sentences_with_term(load_speech(), "iron army")
    (['P8.S3'], [1])
    """
    index = build_index(speech)
    hits, _ = find_term_positions(index, term)
    numbers, counts = np.unique(index.sentence[hits], return_counts=True)
    return [index.sentence_ids[s] for s in numbers.tolist()], counts.tolist()
