"""Dictionary-assisted coding: code sentences automatically from word lists, and score that against people.

A **dictionary** (``data/dictionary.yml``) lists, for each code key of the codebook, the words and
phrases (entries) that suggest the code; it is built from the ``indicators`` of ``data/codebook_v2.yml``.
An entry is found by the course's one rule (:mod:`helpers.terms`): case, punctuation and quotation
marks do not matter, an entry matches a run of whole tokens in one sentence (``security`` does not
match ``cybersecurity``), and ``*`` stands for any letters inside a word (``secur*`` matches
``security`` and ``secure``). A sentence gets a code (1) when at least one of the code's entries
matches in it.

:func:`score` compares the automatic coding with a manual one, code by code: precision, recall, F1 and
Cohen's kappa (from :mod:`helpers.agreement`), with the counts they come from.

>>> d = {"party_leadership": ["party's leadership"], "public_safety": ["public safety", "secur*"]}
>>> matches_in("The Party's leadership keeps public safety secure.", d)
{'party_leadership': ["party's leadership"], 'public_safety': ['public safety', 'secur*']}
"""

from __future__ import annotations

import os
import re

import pandas as pd

from .agreement import cohen_kappa, is_undefined
from .terms import build_index, find_term_positions, index_of_tokens, term_words
from .text import Speech, sentences, tokenize
from .workspace import data_file, read_yaml_file, resolve_path

DICTIONARY_FILE = "dictionary.yml"
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------- loading

def validate_dictionary(raw, source: str = "dictionary", codebook: dict | None = None) -> dict[str, list[str]]:
    """Check a dictionary read from YAML and return ``{code key: [entries]}`` in file order.

    The YAML holds a mapping ``codes:`` of code keys to lists of entries. Every problem is reported in one
    ValueError that names the code and the fix. With ``codebook``, every key must be one of its codes.

    >>> validate_dictionary({"codes": {"risk": ["risk", "risks"]}})
    {'risk': ['risk', 'risks']}
    """
    if not isinstance(raw, dict) or "codes" not in raw:
        raise ValueError(f"{source} has no 'codes:' section. Fix: start the file with 'codes:' and list each code "
                         "key under it, each with a list of words and phrases.")
    codes = raw["codes"]
    if not isinstance(codes, dict) or not codes:
        raise ValueError(f"In {source}, 'codes:' must map code keys to lists of entries, for example "
                         "'party_leadership: [party committees, leadership of the party]'.")
    known = None
    if codebook is not None:
        known = [code["key"] for code in codebook.get("codes", [])]
    problems, result = [], {}
    for key, entries in codes.items():
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{key!r} is not a code key (lower case, digits and _, starting with a letter)")
            continue
        if known is not None and key not in known:
            problems.append(f"{key!r} is not a code in the codebook (its codes are {', '.join(known)})")
        if not isinstance(entries, list) or not entries:
            problems.append(f"{key}: give a list of at least one word or phrase")
            continue
        seen = []
        for entry in entries:
            if not isinstance(entry, str) or not tokenize(entry.replace("*", "")):
                problems.append(f"{key}: entry {entry!r} has no words in it")
            elif " ".join(term_words(entry)) in seen:
                problems.append(f"{key}: entry {entry!r} is listed twice")
            else:
                seen.append(" ".join(term_words(entry)))
        result[key] = [str(e).strip() for e in entries]
    if problems:
        raise ValueError(f"{source} has {len(problems)} problem(s):\n  - " + "\n  - ".join(problems) +
                         "\nFix: edit the file so that each code key lists its own words and phrases once.")
    return result


def load_dictionary(path: str | os.PathLike | None = None, codebook: dict | None = None) -> dict[str, list[str]]:
    """Read and check a dictionary file (default ``data/dictionary.yml``); returns ``{code key: [entries]}``.

    >>> sorted(load_dictionary())[:2]
    ['achievements_history', 'development_security']
    """
    file = data_file(DICTIONARY_FILE) if path is None else resolve_path(path)
    if not file.exists():
        raise FileNotFoundError(f"There is no dictionary file at {file}. Fix: check the path; the course's own is "
                                "data/dictionary.yml, and your edited copy belongs in my_work/.")
    raw = read_yaml_file(file, "dictionary file",
                         "check the indentation and that each list is written [a, b] or as lines starting with '- '")
    return validate_dictionary(raw, file.name, codebook)


def dictionary_from_codebook(codebook: dict) -> dict[str, list[str]]:
    """A dictionary made from a codebook's ``indicators`` (each code key with its words and phrases), checked.

    This is how ``data/dictionary.yml`` is made from ``data/codebook_v2.yml``; use it on your own codebook too.

    >>> dictionary_from_codebook({"codes": [{"key": "risk", "indicators": ["risk", "risks"]}]})
    {'risk': ['risk', 'risks']}
    """
    try:
        codes = {code["key"]: [str(i) for i in code.get("indicators") or []] for code in codebook["codes"]}
    except (KeyError, TypeError):
        raise ValueError("The codebook has no list of codes with a 'key' each. Fix: load it with "
                         "helpers.coding.load_codebook(), which checks it.") from None
    return validate_dictionary({"codes": codes}, "the codebook's indicators", codebook)


# --------------------------------------------------------------------------- matching

def matches_in(text: str, dictionary: dict[str, list[str]]) -> dict[str, list[str]]:
    """The entries of each code that occur in ``text`` (codes with no match are left out), in dictionary order."""
    return _matches(index_of_tokens(tokenize(text)), dictionary).get(0, {})


def _matches(index, dictionary: dict[str, list[str]]) -> dict[int, dict[str, list[str]]]:
    """For each sentence number with a match: the entries of each code found in it, in dictionary order."""
    found: dict[int, dict[str, list[str]]] = {}
    for code, entries in dictionary.items():
        for entry in entries:
            hits, _ = find_term_positions(index, entry)
            for sentence in dict.fromkeys(index.sentence[hits].tolist()):
                found.setdefault(sentence, {}).setdefault(code, []).append(entry)
    return {s: {code: hits[code] for code in dictionary if code in hits} for s, hits in sorted(found.items())}


def dictionary_matches(speech: Speech, dictionary: dict[str, list[str]]) -> pd.DataFrame:
    """Every match: one row per sentence, code and entry (``sentence_id``, ``code``, ``entry``), in reading order.

    >>> from helpers.text import load_speech
    >>> dictionary_matches(load_speech(), {"x": ["iron army"]}).values.tolist()
    [['P8.S3', 'x', 'iron army']]
    """
    index = build_index(speech)
    rows = [(index.sentence_ids[s], code, entry)
            for s, codes in _matches(index, dictionary).items() for code, entries in codes.items() for entry in entries]
    return pd.DataFrame(rows, columns=["sentence_id", "code", "entry"])


def code_sentences(speech: Speech, dictionary: dict[str, list[str]]) -> pd.DataFrame:
    """The automatic coding sheet: ``sentence_id`` then one 0/1 column per code, like a manual coding sheet.

    >>> from helpers.text import load_speech
    >>> code_sentences(load_speech(), {"x": ["iron army"]}).x.sum()
    np.int64(1)
    """
    table = sentences(speech)
    sheet = pd.DataFrame({"sentence_id": table.sentence_id})
    index = build_index(speech)
    by_sentence = _matches(index, dictionary)
    found = [by_sentence.get(s, {}) for s in range(len(index.sentence_ids))]
    for code in dictionary:
        sheet[code] = [int(code in hits) for hits in found]
    return sheet


# --------------------------------------------------------------------------- scoring

def _ratio(top: int, bottom: int) -> float:
    return top / bottom if bottom else float("nan")


def score(automatic: pd.DataFrame, manual: pd.DataFrame, codes=None) -> pd.DataFrame:
    """Score an automatic coding sheet against a manual one (the reference), code by code.

    Columns: ``code``, ``manual`` (sentences the people coded), ``automatic``, ``tp`` (both), ``fp``
    (automatic only), ``fn`` (manual only), ``tn``, ``precision`` = tp / (tp + fp), ``recall`` =
    tp / (tp + fn), ``f1`` = their harmonic mean, ``kappa`` (Cohen's, from helpers.agreement; NaN when
    undefined), ``note``. A last row ``all codes`` pools every sentence × code pair. NaN means undefined
    (for example precision when the dictionary coded nothing), and ``note`` says why.

    >>> a = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2", "P1.S3", "P1.S4"], "x": [1, 1, 0, 0]})
    >>> m = pd.DataFrame({"sentence_id": ["P1.S1", "P1.S2", "P1.S3", "P1.S4"], "x": [1, 0, 1, 0]})
    >>> score(a, m).loc[0, ["tp", "fp", "fn", "precision", "recall", "f1", "kappa"]].tolist()
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.0]
    """
    if codes is None:
        codes = [c for c in automatic.columns if c != "sentence_id" and c in manual.columns]
    missing = [c for c in codes if c not in automatic.columns or c not in manual.columns]
    if missing:
        raise KeyError(f"Code(s) {', '.join(missing)} are not in both sheets. Fix: score codes that the "
                       "dictionary and the manual coding share.")
    merged = automatic.merge(manual, on="sentence_id", how="outer", suffixes=("_auto", "_manual"), indicator=True)
    unmatched = merged.loc[merged["_merge"] != "both", "sentence_id"].tolist()
    if unmatched:
        raise ValueError(f"The two sheets cover different sentences ({', '.join(unmatched[:5])} ...). Fix: code "
                         "the same text with both methods.")
    rows = []
    pooled_a, pooled_m = [], []
    for code in codes:
        auto = merged[f"{code}_auto"].astype(int).tolist()
        man = merged[f"{code}_manual"].astype(int).tolist()
        pooled_a += auto
        pooled_m += man
        rows.append(_score_row(code, auto, man))
    rows.append(_score_row("all codes", pooled_a, pooled_m))
    return pd.DataFrame(rows)


def _score_row(code: str, auto: list[int], man: list[int]) -> dict:
    tp = sum(a and m for a, m in zip(auto, man))
    fp = sum(a and not m for a, m in zip(auto, man))
    fn = sum(m and not a for a, m in zip(auto, man))
    tn = len(auto) - tp - fp - fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    kappa = cohen_kappa(auto, man)
    notes = []
    if tp + fp == 0:
        notes.append("precision undefined: the dictionary coded no sentence")
    if tp + fn == 0:
        notes.append("recall undefined: the people coded no sentence")
    if is_undefined(kappa):
        notes.append(f"kappa undefined: {kappa.reason}")
        kappa = float("nan")
    return {"code": code, "manual": tp + fn, "automatic": tp + fp, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "kappa": round(float(kappa), 3), "note": "; ".join(notes)}


def errors(speech: Speech, automatic: pd.DataFrame, manual: pd.DataFrame, dictionary: dict[str, list[str]],
           code: str) -> pd.DataFrame:
    """The sentences where the dictionary and the people disagree on one code, with the words that matched.

    Columns: ``sentence_id``, ``error`` (``false positive``: the dictionary coded it, the people did not;
    ``false negative``: the other way round), ``matched`` (the entries found), ``text``. Reading order.
    """
    if code not in dictionary:
        raise KeyError(f"{code!r} is not a code of the dictionary. Fix: use one of {', '.join(dictionary)}.")
    table = sentences(speech).set_index("sentence_id")
    both = automatic[["sentence_id", code]].merge(manual[["sentence_id", code]], on="sentence_id",
                                                  suffixes=("_auto", "_manual"))
    rows = []
    for row in both.itertuples(index=False):
        auto, man = int(getattr(row, f"{code}_auto")), int(getattr(row, f"{code}_manual"))
        if auto == man:
            continue
        text = table.at[row.sentence_id, "text"]
        matched = ", ".join(matches_in(text, {code: dictionary[code]}).get(code, []))
        rows.append((row.sentence_id, "false positive" if auto else "false negative", matched, text))
    return pd.DataFrame(rows, columns=["sentence_id", "error", "matched", "text"])
