"""The expected answers stated in the checks, recomputed by another route than the helpers a learner calls.

Everything here reads the raw bytes of data/ with plain Python (re, csv, collections): the text is split
into paragraphs, sentences and tokens by the rules documented in helpers/text.py, written again from the
documentation. If a helper has a bug, the helper and the learner's answer move together, but these tests
fail, because the check's stated value no longer matches what the raw text says.
"""

import csv
import datetime
import math
import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml

from helpers.checks import close_reading, codes_meet_counts, context, counting_words, theme_coding, words_in_context
from helpers.concordance import gries_dp
from helpers.text import load_speech

DATA = Path(__file__).resolve().parent.parent / "data"
RAW = (DATA / "safe_china_readout_en.txt").read_bytes().decode("utf-8")
LINES = [line.strip() for line in RAW.splitlines() if line.strip()]
PARAGRAPHS = LINES[2:-1]  # title, dateline, the content paragraphs, then the page furniture "Related News"
SENTENCES = {f"P{p}.S{s}": text
             for p, paragraph in enumerate(PARAGRAPHS, 1)
             for s, text in enumerate(re.split(r'(?<=[.!?])["”]?\s+(?=["“]?[A-Z0-9])', paragraph), 1)}


def words(text: str) -> list[str]:
    """Lower-case word tokens; hyphenated words stay whole; the possessive 's is a token of its own."""
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*|(?<=[a-z])'s\b", text.lower().replace("’", "'"))


TOKENS = {sid: words(text) for sid, text in SENTENCES.items()}
ALL = [t for toks in TOKENS.values() for t in toks]


def rows(name: str) -> list[dict]:
    with open(DATA / "coding" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_raw_text_is_read_as_the_course_reads_it():
    assert LINES[-1] == "Related News" and len(PARAGRAPHS) == 8 and len(SENTENCES) == 25 and len(ALL) == 733


# ---------------------------------------------------------------- 00 and 01

def test_lecturer_and_reporting_verbs():
    assert [sid for sid, text in SENTENCES.items() if "Comrade Li Yan" in text] == ["P2.S1"]
    verbs = re.findall(r"\b(emphasized|pointed out) that\b", "\n".join(PARAGRAPHS))
    assert verbs == close_reading.COURSE_VERBS


def test_people_words_and_what_the_other_words_name():
    assert [sid for sid, toks in TOKENS.items() if "everyone" in toks] == ["P5.S3"]
    assert TOKENS["P5.S1"].count("people") == 2  # "It is in P5.S1 twice."
    assert "Comrade" in SENTENCES["P2.S1"] and "comrades of the Political Bureau" in SENTENCES["P2.S2"]
    assert "mass prevention and control" in SENTENCES["P7.S2"] and "masses" not in ALL
    assert set(close_reading.PEOPLE_WORDS) <= set(ALL)


# ---------------------------------------------------------------- 02

def test_context_answers():
    assert "listened carefully" in SENTENCES[context.TEMPLATE_MOVES["members listened and discussed"]]
    assert "delivered an important speech" in SENTENCES[context.TEMPLATE_MOVES["important speech"]]
    with open(DATA / "timeline.csv", encoding="utf-8", newline="") as handle:
        timeline = list(csv.DictReader(handle))
    meeting, posted = (datetime.date.fromisoformat(next(r["date"] for r in timeline if r[column].startswith(value)))
                       for column, value in (("event", "19th study session"), ("event", "This unofficial English text")))
    assert LINES[1].startswith(posted.isoformat()) and "February 28" in PARAGRAPHS[0]
    assert (posted - meeting).days == context.DAYS_TO_POSTING
    assert next(sid for sid, text in SENTENCES.items() if "two miracles" in text) == context.MIRACLE_SENTENCE
    phrase = "overall social security prevention and control"
    assert [sid for sid, text in SENTENCES.items() if phrase in text.lower()] == context.TERM_SENTENCES
    after_social = sum(1 for a, b in zip(ALL, ALL[1:]) if (a, b) == ("social", "security"))
    assert after_social == context.SOCIAL_SECURITY


def test_the_sentence_text_a_learner_gets_is_the_raw_sentence():
    from helpers.text import load_speech, sentence_text
    assert sentence_text(load_speech(), context.MIRACLE_SENTENCE) == SENTENCES[context.MIRACLE_SENTENCE]


# ---------------------------------------------------------------- 03

def test_theme_coding_answers():
    a, b = rows("v1_coder_a.csv"), rows("v1_coder_b.csv")
    code = theme_coding.HAND_CODE
    pairs = [(int(x[code]), int(y[code])) for x, y in zip(a, b)]
    assert [x["sentence_id"] for x in a] == [y["sentence_id"] for y in b]
    assert (len(pairs), sum(x for x, _ in pairs), sum(y for _, y in pairs), sum(x * y for x, y in pairs)) == (
        theme_coding.SENTENCES, theme_coding.A_ONES, theme_coding.B_ONES, theme_coding.BOTH_ONES)
    assert sum(x == y for x, y in pairs) == theme_coding.AGREE
    codes = [c for c in a[0] if c != "sentence_id"]
    disputed = Counter(c for x, y in zip(a, b) for c in codes if x[c] != y[c])
    assert dict(disputed) == theme_coding.DISAGREEMENTS
    consensus = rows("v2_consensus.csv")
    by_paragraph = Counter(r["sentence_id"].split(".")[0] for r in consensus if r[theme_coding.HEATMAP_CODE] == "1")
    assert dict(by_paragraph) == theme_coding.HEATMAP_COUNTS
    assert theme_coding.PARAGRAPHS == [f"P{i}" for i in range(1, len(PARAGRAPHS) + 1)]


# ---------------------------------------------------------------- 04

def _stopwords() -> set[str]:
    lines = (DATA / "stopwords_en.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _alone(word: str, terms: list[str]) -> int:
    """Occurrences of ``word`` outside the terms, joining the longest term first, left to right."""
    text = " ".join(ALL)
    pattern = "|".join(re.escape(" ".join(words(t))) for t in sorted(terms, key=lambda t: -len(words(t))))
    joined = re.sub(rf"(?<!\S)(?:{pattern})(?!\S)", lambda m: m.group(0).replace(" ", "_"), text)
    return joined.split().count(word)


def test_counting_words_answers():
    with open(DATA / "glossary.csv", encoding="utf-8", newline="") as handle:
        glossary = [row["term"] for row in csv.DictReader(handle) if len(words(row["term"])) > 1]
    assert ALL.count("people") == counting_words.PEOPLE_COUNT
    assert sum(p.split().count("people") for p in PARAGRAPHS) == counting_words.PEOPLE_SPLIT
    assert ALL.count("People") == 0
    assert ALL.count("security") == counting_words.SECURITY_TOKENS
    assert _alone("security", glossary + ["national security"]) == counting_words.SECURITY_ALONE
    assert _alone("security", glossary) == counting_words.SECURITY_GLOSSARY_ONLY
    assert _alone("security", ["national security"]) == counting_words.SECURITY_NATIONAL_ONLY
    left = set(ALL) - _stopwords() - counting_words.EXTRA_STOPWORDS
    assert len(left) == counting_words.WORD_TYPES_LEFT


def test_governance_g2_from_wordfreq_and_the_formula():
    from wordfreq import word_frequency

    g = counting_words.GOVERNANCE
    assert (ALL.count("governance"), len(ALL)) == (g["count"], g["tokens"])
    p = word_frequency("governance", "en", wordlist="small")
    assert p == pytest.approx(g["p"])
    a, n = g["count"], g["tokens"]
    e = n * p
    g2 = 2 * (a * math.log(a / e) + (n - a) * math.log((n - a) / (n - e)))
    assert g2 == pytest.approx(g["G2"], abs=1e-4)


# ---------------------------------------------------------------- 05

def test_words_in_context_answers():
    before = Counter(a for toks in TOKENS.values() for a, b in zip(toks, toks[1:]) if b == "governance")
    assert dict(before) == words_in_context.GOVERNANCE_LEFT
    social = [sid for sid, toks in TOKENS.items() for a, b in zip(toks, toks[1:]) if (a, b) == ("social", "governance")]
    assert tuple(social) == words_in_context.SOCIAL_GOVERNANCE_IDS
    people = {sid: toks.count("people") for sid, toks in TOKENS.items() if "people" in toks}
    assert people == words_in_context.PEOPLE_SENTENCES
    ps = words_in_context.PUBLIC_SAFETY
    pairs = sum(1 for toks in TOKENS.values() for a, b in zip(toks, toks[1:]) if (a, b) == ("public", "safety"))
    assert (pairs, ALL.count("public"), ALL.count("safety"), len(ALL)) == (ps["o11"], ps["r1"], ps["c1"], ps["n"])


def test_gries_dp_of_the_key_terms():
    sizes = [len(words(p)) for p in PARAGRAPHS]
    for term, stated in words_in_context.KEY_TERMS_DP.items():
        hits = [words(p).count(term) for p in PARAGRAPHS]
        dp = 0.5 * sum(abs(h / sum(hits) - s / sum(sizes)) for h, s in zip(hits, sizes))
        assert round(dp, 3) == stated, term
        assert sum(hits) == words_in_context.KEY_TERMS_COUNT[term], term
    assert max(words_in_context.KEY_TERMS_DP, key=words_in_context.KEY_TERMS_DP.get) == "people"
    dp = gries_dp(load_speech(), list(words_in_context.KEY_TERMS_DP))  # the ✅ says people is also farthest above its floor
    assert dp.loc[(dp.dp - dp.dp_min).idxmax(), "term"] == "people"


def test_ranking_stability_by_a_plain_loop():
    """The same bootstrap draws, counted with Counter; tied counts share a rank (1 + how many are larger)."""
    settings = words_in_context.STABILITY
    top = settings["top"]
    drop = _stopwords() | {"'s"}
    by_sentence = [Counter(t for t in toks if t not in drop) for toks in TOKENS.values()]
    whole = sum(by_sentence, Counter())

    def ranks(counts: Counter) -> dict:
        ordered = sorted(counts.values())
        return {w: len(ordered) - bisect_right(ordered, c) + 1 for w, c in counts.items()}

    original = ranks(whole)
    in_top = Counter()
    draws = np.random.default_rng(settings["seed"]).integers(0, len(by_sentence),
                                                              size=(settings["resamples"], len(by_sentence)))
    for row in draws:
        total = Counter()
        for s in row:
            total.update(by_sentence[s])
        in_top.update(w for w, r in ranks(total).items() if r <= top)
    found = {w: (whole[w], r, round(in_top[w] / settings["resamples"], 3)) for w, r in original.items() if r <= top}
    assert found == words_in_context.TOP_TEN_STABILITY


# ---------------------------------------------------------------- 06

def test_codes_meet_counts_answers():
    coded = {r["sentence_id"]: r for r in rows("v2_consensus.csv")}
    security = [sid for sid, toks in TOKENS.items() for t in toks if t == "security"]
    assert len(security) == codes_meet_counts.SECURITY_TOKENS
    assert sum(coded[sid]["political_security"] == "1" for sid in security) == codes_meet_counts.SECURITY_IN_CODED
    entries = yaml.safe_load((DATA / "dictionary.yml").read_text(encoding="utf-8"))["codes"]["guiding_concept"]
    found = {sid for sid, toks in TOKENS.items()
             if any(re.search(rf"(?<!\S){re.escape(' '.join(words(e)))}(?!\S)", " ".join(toks)) for e in entries)}
    coders = {sid for sid, row in coded.items() if row["guiding_concept"] == "1"}
    stated = codes_meet_counts.GUIDING_CONCEPT
    assert (len(found & coders), len(found - coders), len(coders - found)) == (stated["tp"], stated["fp"], stated["fn"])
