"""Checks for notebook 05 (words in context).

The expected answers for the course text are stated here as values; tests recompute them from the raw
text by another route than the helpers the learner calls, so a helper bug fails a test.
"""

from __future__ import annotations

import math

from ..concordance import build_index, watchwords
from ..counting import load_stopwords, tokenize
from ..text import load_speech, sentences
from .core import as_number, check, correct, course_text_only, empty, hint, is_blank, normalise_id

__all__ = ["check_governance_left", "check_people_sentences", "check_most_bunched", "check_mi_by_hand",
           "check_pattern_breaker", "check_watchword_table", "check_least_stable"]

KEY_TERMS = ("security", "safety", "governance", "people", "party")
#: Expected answers for the course text, stated here and recomputed from the raw text by tests/test_expected_answers.py.
#: The words directly left of "governance", with their counts.
GOVERNANCE_LEFT = {"social": 4, "safety": 2, "effective": 1, "special": 1, "systematic": 1, "law-based": 1,
                   "comprehensive": 1, "source": 1}
SOCIAL_GOVERNANCE_IDS = ("P3.S2", "P5.S3", "P5.S3", "P8.S3")
#: The sentences with the token "people", and how often each has it.
PEOPLE_SENTENCES = {"P1.S2": 1, "P5.S1": 2, "P5.S2": 2}
#: Gries' DP of the key terms over the eight paragraphs (three decimals).
KEY_TERMS_DP = {"security": 0.368, "safety": 0.583, "governance": 0.339, "people": 0.719, "party": 0.572}
#: How often each key term occurs in the course text.
KEY_TERMS_COUNT = {"security": 14, "safety": 6, "governance": 12, "people": 5, "party": 5}
#: The 2 × 2 table of "public safety": o11 (the pair), r1 ("public"), c1 ("safety"), n (tokens).
PUBLIC_SAFETY = {"o11": 3, "r1": 5, "c1": 6, "n": 733}
#: The settings of the ranking-stability exercise (the notebook's cell uses the same; a test ties them).
STABILITY = {"top": 10, "resamples": 1000, "seed": 2025}


def _word(answer):
    if is_blank(answer):
        return None, empty('Replace None with one word in quotes, for example answer = "national".')
    if not isinstance(answer, str):
        return None, empty(f'The answer is a word, so put it in quotes, for example answer = "national" '
                           f"(you gave {type(answer).__name__}).")
    return answer.strip().lower(), None


def _number(answer, example: str):
    if is_blank(answer):
        return None, empty(f"Replace None with a number, for example answer = {example}.")
    if as_number(answer) is None:
        return None, empty(f"The answer is a number without quotes, for example answer = {example} "
                           f"(you gave {type(answer).__name__}).")
    return as_number(answer), None


@check
def check_governance_left(answer, speech=None):
    """The word that most often stands immediately left of "governance" (course text: social, 4 times).

    >>> check_governance_left("Social")
    ✅ Correct. "social" stands directly before "governance" 4 times (P3.S2, P5.S3, P5.S3, P8.S3): "social governance" behaves like one formulation, not two separate words.
    """
    other = course_text_only(speech)
    if other:
        return other
    word, problem = _word(answer)
    if problem:
        return problem
    best = max(GOVERNANCE_LEFT, key=GOVERNANCE_LEFT.get)
    if word == best:
        return correct(f'"{best}" stands directly before "governance" {GOVERNANCE_LEFT[best]} times '
                       f'({", ".join(SOCIAL_GOVERNANCE_IDS)}): "{best} governance" behaves like one formulation, '
                       "not two separate words.")
    if word == "governance":
        return hint('"governance" is the node word itself. Look at the column just left of the node.')
    if word in GOVERNANCE_LEFT:
        return hint(f'"{word}" does come before "governance", but only {_times(GOVERNANCE_LEFT[word])}. Sort by "1L" '
                    "so that lines with the same left neighbour sit together, then count the biggest group.")
    return hint(f'"{word}" never stands directly before "governance". With sort="1L" the lines are ordered by '
                "the last word of the left column; read that word only, and count the biggest group.")


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


@check
def check_people_sentences(answer, speech=None):
    """The sentence IDs in which "people" occurs (course text: P1.S2, P5.S1, P5.S2).

    >>> check_people_sentences(["p1.s2", "P5.S1", "P5.S2"])
    ✅ Correct. "people" occurs 5 times in 3 sentences: P1.S2, P5.S1, P5.S2. P5.S1 and P5.S2 have it twice each (the possessive "people's" counts as "people" + "'s"), so the KWIC table repeats their IDs.
    """
    other = course_text_only(speech)
    if other:
        return other
    if is_blank(answer):
        return empty('Replace None with a list of sentence IDs in quotes, for example answer = ["P1.S1", "P2.S1"].')
    if isinstance(answer, str):
        return empty('Put the IDs in a list, even if there is one: answer = ["P1.S1", "P2.S1"].')
    if not isinstance(answer, (list, tuple)) and not hasattr(answer, "tolist"):
        return empty(f'Give a list of sentence IDs in quotes, for example answer = ["P1.S1", "P2.S1"] '
                     f"(you gave {type(answer).__name__}).")
    items = answer.tolist() if hasattr(answer, "tolist") else list(answer)
    if not all(isinstance(x, str) for x in items):
        return empty('Give a list of sentence IDs, each in quotes, for example answer = ["P1.S1", "P2.S1"].')
    given = [normalise_id(x) for x in items]
    expected = list(PEOPLE_SENTENCES)
    total = sum(PEOPLE_SENTENCES.values())
    twice = [sid for sid, n in PEOPLE_SENTENCES.items() if n > 1]
    if set(given) == set(expected):
        repeated = [sid for sid in dict.fromkeys(given) if given.count(sid) > 1]
        note_ = (" (Your list repeats " + ", ".join(repeated) + "; the task asks for each sentence once: "
                 "list(dict.fromkeys(...)) or .unique() keeps the first of each.)") if repeated else ""
        return correct(f'"people" occurs {total} times in {len(expected)} sentences: {", ".join(expected)}. '
                       f"{' and '.join(twice)} have it twice each (the possessive \"people's\" counts as "
                       "\"people\" + \"'s\"), so the KWIC table repeats their IDs." + note_)
    known = set(sentences(load_speech()).sentence_id)
    unknown = [g for g in given if g not in known]
    if unknown:
        return hint(f"{unknown[0]} is not a sentence ID of this text. Copy the IDs from the sentence_id column "
                    "of your KWIC table.")
    missing, extra = set(expected) - set(given), set(given) - set(expected)
    if extra:
        return hint(f'{sorted(extra)[0]} has no "people" in it. Run kwic(speech, "people") and copy its '
                    "sentence_id column, each ID once.")
    return hint(f"{len(missing)} sentence(s) are missing. The KWIC table has one line per occurrence, so a "
                "sentence with the word twice appears twice; the possessive \"people's\" also gives a line. "
                "Check the whole sentence_id column.")


@check
def check_most_bunched(answer, speech=None):
    """Which key term is most bunched: the highest Gries' DP, and also the farthest above its floor? Course text: people.

    >>> check_most_bunched("people")
    ✅ Correct. "people" has DP = 0.72, the highest, and it also lies farthest above its floor (above_min): its 5 hits sit in 2 of 8 paragraphs, though those paragraphs hold far less than half the text.
    """
    other = course_text_only(speech)
    if other:
        return other
    word, problem = _word(answer)
    if problem:
        return problem
    top = max(KEY_TERMS_DP, key=KEY_TERMS_DP.get)
    if word == top:
        return correct(f'"{top}" has DP = {KEY_TERMS_DP[top]:.2f}, the highest, and it also lies farthest above its '
                       f"floor (above_min): its {KEY_TERMS_COUNT[top]} hits sit in 2 of 8 paragraphs, though those "
                       "paragraphs hold far less than half the text.")
    if word in KEY_TERMS_DP:
        dp = KEY_TERMS_DP[word]
        if dp == min(KEY_TERMS_DP.values()):
            return hint(f'"{word}" is the most *evenly* spread (lowest DP, {dp:.2f}). DP near 0 means even; '
                        "near 1 means bunched. Look for the largest DP.")
        if KEY_TERMS_COUNT[word] == max(KEY_TERMS_COUNT.values()):
            return hint(f'"{word}" has the most hits ({KEY_TERMS_COUNT[word]}), but DP = {dp:.2f}. A high count '
                        "does not mean bunched: compare the dp and above_min columns, not the count column.")
        return hint(f'"{word}" has DP = {dp:.2f}, but another term has a larger DP and also lies farther above its '
                    "floor. Sort the table by dp, then check the above_min column.")
    return hint(f'Choose one of the five key terms: {", ".join(KEY_TERMS)}.')


@check
def check_mi_by_hand(answer, speech=None):
    """MI of the bigram "public safety", computed by hand from its 2×2 table (course text: about 6.20).

    >>> check_mi_by_hand(6.2)
    ✅ Correct. MI = log2(3 × 733 / (5 × 6)) = log2(73.30) = 6.20: "public safety" occurs 73 times more often than chance would predict.
    """
    value, problem = _number(answer, "6.5")
    if problem:
        return problem
    other = course_text_only(speech)
    if other:
        return other
    o11, r1, c1, n = (PUBLIC_SAFETY[k] for k in ("o11", "r1", "c1", "n"))
    ratio = o11 * n / (r1 * c1)
    mi, expected = math.log2(ratio), r1 * c1 / n
    if abs(value - mi) <= 0.01:
        return correct(f"MI = log2({o11} × {n} / ({r1} × {c1})) = log2({ratio:.2f}) = {mi:.2f}: "
                       f'"public safety" occurs {ratio:.0f} times more often than chance would predict.')
    if abs(value - ratio) <= 0.05:
        return hint("That is the ratio observed / expected. MI is its logarithm to base 2: use math.log2(...).")
    if abs(value - math.log(ratio)) <= 0.01 or abs(value - math.log10(ratio)) <= 0.01:
        return hint("Right ratio, wrong logarithm: MI uses base 2, math.log2(...), not math.log or math.log10.")
    if r1 * c1 and o11 * n / r1 * c1 > 0 and abs(value - math.log2(o11 * n / r1 * c1)) <= 0.01:
        return hint("Put r1 × c1 in brackets: n / (r1 * c1). Without them Python divides by r1 and then "
                    "multiplies by c1, so you get log2(o11 × n / r1 × c1).")
    if abs(value - expected) <= 0.01:
        return hint("That is the expected count E = r1 × c1 / n. MI compares the observed count with it: "
                    "log2(o11 / E).")
    return hint("Check which number goes where: o11 = times the pair occurs, r1 = frequency of 'public', "
                "c1 = frequency of 'safety', n = tokens in the text; MI = log2(o11 × n / (r1 × c1)).")


@check
def check_pattern_breaker(answer, speech=None):
    """Among P4–P8, the paragraph whose first modal after the reporting verb is not "must" (course text: P7).

    >>> check_pattern_breaker("p7")
    ✅ Correct. In P7 the first modal is "it is necessary" (P7.S1); "must" follows only in P7.S2. Every other paragraph from P4 to P8 moves from the reporting verb straight to "must".
    """
    other = course_text_only(speech)
    if other:
        return other
    if is_blank(answer):
        return empty('Replace None with a paragraph ID in quotes, for example answer = "P4".')
    if not isinstance(answer, str):
        return empty(f'A paragraph ID is text: answer = "P4" (you gave {type(answer).__name__}).')
    given = normalise_id(answer)
    if "." in given:
        return hint(f"{given} is a sentence ID; the question asks for a paragraph, such as P4.")
    if given == "P7":
        return correct('In P7 the first modal is "it is necessary" (P7.S1); "must" follows only in P7.S2. Every '
                       'other paragraph from P4 to P8 moves from the reporting verb straight to "must".')
    if given in ("P1", "P2", "P3"):
        return hint("The question is about P4–P8 only, the paragraphs that each open with a reporting verb.")
    if given in ("P4", "P5", "P6", "P8"):
        return hint(f'In {given} the first modal after the reporting verb is "must". In the sequence column of the '
                    "strip table, compare the item right after the first reporting verb in each row from P4 to P8: "
                    "which row does not go straight to \"must\"?")
    return hint("Give one paragraph ID between P4 and P8.")


@check
def check_watchword_table(answer, speech=None):
    """A watchword table made with ``watchwords``: four or more formulations, worded as in the text.

    >>> check_watchword_table(watchwords(load_speech(), ["safe china", "national security", "public safety",
    ...                                                   "social governance"]))
    ✅ Correct. 4 formulations, 22 separate occurrences in all (30.01 per 1,000 tokens). The most frequent is "safe china" (10); the first to appear is "safe china" (P1.S1). Now read each one in KWIC before you say what it shows.

    Nested terms are flagged, and their tokens are counted once (longest term first):

    >>> check_watchword_table(watchwords(load_speech(), ["national security", "overall national security concept",
    ...                                                   "safe china", "higher-level safe china"]))  # doctest: +ELLIPSIS
    ✅ Correct. 4 formulations, 15 separate occurrences in all (20.46 per 1,000 tokens)... Note: "national security" is nested in "overall national security concept", so adding up the count column would count the same tokens twice...
    """
    import pandas as pd

    if not isinstance(answer, pd.DataFrame) and is_blank(answer):
        return empty("Replace None with the table from watchwords(speech, my_terms), where my_terms is your list "
                     "of formulations.")
    if not isinstance(answer, pd.DataFrame) or not {"term", "words", "count", "first_sentence"} <= set(answer.columns):
        return empty("The answer is the table that watchwords(speech, my_terms) returns: answer = "
                     'watchwords(speech, ["safe china", ...]).')
    other = course_text_only(speech)
    if other:
        return other
    if len(answer) < 4:
        return hint(f"Your table has {len(answer)} formulation(s). Choose at least four, so that the table "
                    "compares formulations with one another.")
    single = answer.loc[answer["words"] < 2, "term"].tolist()
    if single:
        return hint(f"{single[0]!r} is a single word. The lesson of CMP's warning is to count formulations, not "
                    "isolated words: give phrases of two or more words, worded as the text words them (the glossary "
                    "list or a KWIC table shows the text's own wording).")
    seen = {}
    for term in answer["term"]:
        key = " ".join(str(term).lower().split())
        if key in seen:
            return hint(f"{seen[key]!r} and {term!r} are the same term written in different case. Matching ignores "
                        "case, so they find the same words: keep one of them and choose another formulation.")
        seen[key] = term
    stop = load_stopwords()
    function = [t for t in answer["term"] if all(w in stop for w in tokenize(str(t)))]
    if function:
        return hint(f"{function[0]!r} is made only of stop words (function words such as 'of' and 'the'). The "
                    "lesson of CMP's warning is to count formulations, the text's own set phrases, not function "
                    "words: choose phrases with content words, worded as the text words them.")
    absent = answer.loc[answer["count"] == 0, "term"].tolist()
    if absent:
        return hint(f"{absent[0]!r} does not occur in this text as written. A watchword list must use the text's "
                    "own wording (this translation says \"Safe China\", Xinhua's English \"Peaceful China\"). "
                    "Check the spelling with kwic().")
    # recompute from the terms, so that an old or edited table cannot hide nested terms
    table = watchwords(load_speech(), [str(t) for t in answer["term"]])
    inside = table[table["nested_in"] != ""]
    if len(table) - int((table["own_count"] == 0).sum()) < 4:
        whole = table.loc[table["own_count"] == 0, "term"].tolist()
        return hint(f"{whole[0]!r} only ever occurs inside another of your terms, so your table counts the same "
                    "words twice and has fewer than four separate formulations. Replace it with a formulation "
                    "that occurs on its own.")
    total = int(table["own_count"].sum())
    n = build_index(load_speech()).n_tokens
    top = table.sort_values(["count", "term"], ascending=[False, True], kind="stable").iloc[0]
    first = table.loc[table["first_position"].idxmin()]
    nesting = ""
    if len(inside):
        row = inside.iloc[0]
        nesting = (f' Note: "{row.term}" is nested in "{row.nested_in}", so adding up the count column would count '
                   f"the same tokens twice; the total here counts each token once (own_count, longest term first).")
    return correct(f"{len(table)} formulations, {total} separate occurrences in all ({1000 * total / n:.2f} per "
                   f'1,000 tokens). The most frequent is "{top.term}" ({top["count"]}); the first to appear is '
                   f'"{first.term}" ({first.first_sentence}).{nesting} Now read each one in KWIC before you say '
                   "what it shows.")


#: Shares within this of the lowest are a tie: with 1,000 resamples, two percentage points are within noise.
STABILITY_TIE = 0.02
#: The words ranked 1 to 10 (tied counts share a rank) with STABILITY and the course's stop words left out:
#: word -> (count, rank, share of resamples in which it is in the top 10). A test recomputes them.
TOP_TEN_STABILITY = {
    "security": (14, 1, 0.966), "governance": (12, 2, 0.821), "we": (11, 3, 0.930), "china": (10, 4, 0.900),
    "national": (10, 4, 0.762), "safe": (10, 4, 0.900), "social": (10, 4, 0.767), "system": (9, 8, 0.617),
    "jinping": (7, 9, 0.503), "must": (7, 9, 0.448), "should": (7, 9, 0.438), "work": (7, 9, 0.435),
    "xi": (7, 9, 0.503),
}


@check
def check_least_stable(answer, speech=None):
    """Of the words ranked 1 to 10 (ties share a rank), which stays in the top 10 in the fewest resamples?

    Shares within STABILITY_TIE of the lowest are accepted.

    >>> check_least_stable("work")  # doctest: +ELLIPSIS
    ✅ Correct. "work" is in the top 10 in only 44% of resamples...
    """
    other = course_text_only(speech)
    if other:
        return other
    word, problem = _word(answer)
    if problem:
        return problem
    lowest = min(share for _, _, share in TOP_TEN_STABILITY.values())
    least = [w for w, (_, _, share) in TOP_TEN_STABILITY.items() if share <= lowest + STABILITY_TIE]
    if word in least:
        count, rank, share = TOP_TEN_STABILITY[word]
        tied = [w for w, (c, _, _) in TOP_TEN_STABILITY.items() if w != word and c == count]
        near = [w for w in least if w != word]
        names = " and ".join(f'"{w}"' for w in near)
        shares = ", ".join(f"{TOP_TEN_STABILITY[w][2]:.0%}" for w in near)
        also = (f" {names} {'does' if len(near) == 1 else 'do'} about as badly ({shares}): resampling cannot tell "
                "them apart.") if near else ""
        return correct(f'"{word}" is in the top 10 in only {share:.0%} of resamples.{also} It is at rank {rank} with '
                       f"{count} hits, tied with {', '.join(tied)}: at the cut-off a single sentence more or less "
                       "decides who is in.")
    if word in TOP_TEN_STABILITY:
        count, rank, share = TOP_TEN_STABILITY[word]
        return hint(f'"{word}" stays in the top 10 in {share:.0%} of resamples; another word does worse. '
                    "Sort the table by in_top_share.")
    return hint(f'"{word}" is not among the words ranked 1 to 10 in the text (see the rank column): choose among '
                "those.")
