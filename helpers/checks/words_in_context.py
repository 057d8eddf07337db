"""Checks for notebook 05 (words in context).

The expected answers are computed from the course text with the same helpers
the notebook uses, so they cannot drift from what the learner sees.
"""

from __future__ import annotations

import math

from ..concordance import association_scores, build_index, gries_dp, kwic, ranking_stability, watchwords
from ..text import load_speech, sentences
from .core import as_number, check, correct, course_text_only, empty, hint, is_blank, normalise_id

__all__ = ["check_governance_left", "check_people_sentences", "check_most_bunched", "check_mi_by_hand",
           "check_pattern_breaker", "check_watchword_table", "check_least_stable"]

KEY_TERMS = ("security", "safety", "governance", "people", "party")
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
    lines = kwic(load_speech(), "governance", window=1)
    lefts = lines.left.value_counts()
    best = lefts.index[0]
    if word == best:
        ids = ", ".join(lines.loc[lines.left == best, "sentence_id"])
        return correct(f'"{best}" stands directly before "governance" {lefts.iloc[0]} times ({ids}): '
                       f'"{best} governance" behaves like one formulation, not two separate words.')
    if word == "governance":
        return hint('"governance" is the node word itself. Look at the column just left of the node.')
    if word in lefts.index:
        return hint(f'"{word}" does come before "governance", but only {lefts[word]} time(s). Sort by "1L" so that '
                    "lines with the same left neighbour sit together, then count the biggest group.",
                    "The biggest group is an adjective describing a kind of governance.")
    return hint(f'"{word}" never stands directly before "governance". With sort="1L" the lines are ordered by '
                "the last word of the left column; read that word only.",
                "The biggest group is an adjective describing a kind of governance.")


@check
def check_people_sentences(answer, speech=None):
    """The sentence IDs in which "people" occurs (course text: P1.S2, P5.S1, P5.S2).

    >>> check_people_sentences(["p1.s2", "P5.S1", "P5.S2"])
    ✅ Correct. "people" occurs 5 times in 3 sentences: P1.S2, P5.S1, P5.S2. P5.S1 has it twice, and "people's" counts as "people" + "'s".
    """
    other = course_text_only(speech)
    if other:
        return other
    if is_blank(answer):
        return empty('Replace None with a list of sentence IDs in quotes, for example answer = ["P1.S1", "P2.S1"].')
    if isinstance(answer, str):
        return empty('Put the IDs in a list, even if there is one: answer = ["P1.S1", "P2.S1"].')
    try:
        given = [normalise_id(x) for x in answer]
    except TypeError:
        return empty('Give a list of sentence IDs in quotes, for example answer = ["P1.S1", "P2.S1"].')
    lines = kwic(load_speech(), "people")
    expected = list(dict.fromkeys(lines.sentence_id))
    if set(given) == set(expected):
        repeated = [sid for sid in dict.fromkeys(given) if given.count(sid) > 1]
        note = "".join(f" (Note: {sid} appears {given.count(sid)} times in your answer; the task asks for each "
                       "sentence once: list(dict.fromkeys(...)) or .unique() keeps the first of each.)"
                       for sid in repeated[:1])
        return correct(f'"people" occurs {len(lines)} times in {len(expected)} sentences: {", ".join(expected)}. '
                       "P5.S1 has it twice, and \"people's\" counts as \"people\" + \"'s\"." + note)
    known = set(sentences(load_speech()).sentence_id)
    unknown = [g for g in given if g not in known]
    if unknown:
        return hint(f"{unknown[0]} is not a sentence ID of this text. Copy the IDs from the sentence_id column "
                    "of your KWIC table.")
    missing, extra = set(expected) - set(given), set(given) - set(expected)
    if extra:
        return hint(f'{sorted(extra)[0]} has no "people" in it. Did you search for a different word, such as '
                    '"party"? Run kwic(speech, "people") and copy its sentence_id column.')
    return hint(f"{len(missing)} sentence(s) are missing. A sentence can hold the word twice but counts once; "
                "check the whole sentence_id column.",
                "One of the missing lines comes from \"people's\": the tokenizer splits off the 's.")


@check
def check_most_bunched(answer, speech=None):
    """Which of the key terms has the highest Gries' DP (is most unevenly spread)? Course text: people.

    >>> check_most_bunched("people")
    ✅ Correct. "people" has DP = 0.72: its 5 hits sit in 2 of 8 paragraphs, though those paragraphs hold far less than half the text.
    """
    other = course_text_only(speech)
    if other:
        return other
    word, problem = _word(answer)
    if problem:
        return problem
    table = gries_dp(load_speech(), list(KEY_TERMS)).sort_values("dp", ascending=False, kind="stable")
    top = table.iloc[0]
    if word == top.term:
        return correct(f'"{top.term}" has DP = {top.dp:.2f}: its {top["count"]} hits sit in {top.parts_with_term} of '
                       f"{top.parts} paragraphs, though those paragraphs hold far less than half the text.")
    if word in set(table.term):
        row = table.set_index("term").loc[word]
        if row.dp == table.dp.min():
            return hint(f'"{word}" is the most *evenly* spread (lowest DP, {row.dp:.2f}). DP near 0 means even; '
                        "near 1 means bunched. Look for the largest DP.")
        return hint(f'"{word}" has DP = {row.dp:.2f}, but another term has a larger one. A high count does not '
                    "mean bunched: compare the dp column, not the count column.")
    return hint(f'Choose one of the five key terms: {", ".join(KEY_TERMS)}.')


def _public_safety():
    index = build_index(load_speech())
    o11 = len(kwic(index, "public safety"))
    return o11, int(index.freq[index.lookup["public"]]), int(index.freq[index.lookup["safety"]]), index.n_tokens


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
    o11, r1, c1, n = _public_safety()
    scores = association_scores(o11, r1, c1, n)
    ratio = o11 * n / (r1 * c1)
    if abs(value - scores["mi"]) <= 0.01:
        return correct(f"MI = log2({o11} × {n} / ({r1} × {c1})) = log2({ratio:.2f}) = {scores['mi']:.2f}: "
                       f'"public safety" occurs {ratio:.0f} times more often than chance would predict.')
    if abs(value - ratio) <= 0.05:
        return hint("That is the ratio observed / expected. MI is its logarithm to base 2: use math.log2(...).")
    if abs(value - math.log(ratio)) <= 0.01 or abs(value - math.log10(ratio)) <= 0.01:
        return hint("Right ratio, wrong logarithm: MI uses base 2, math.log2(...), not math.log or math.log10.")
    if r1 * c1 and o11 * n / r1 * c1 > 0 and abs(value - math.log2(o11 * n / r1 * c1)) <= 0.01:
        return hint("Put r1 × c1 in brackets: n / (r1 * c1). Without them Python divides by r1 and then "
                    "multiplies by c1, so you get log2(o11 × n / r1 × c1).")
    if abs(value - scores["expected"]) <= 0.01:
        return hint("That is the expected count E = r1 × c1 / n. MI compares the observed count with it: "
                    "log2(o11 / E).")
    return hint("Check which number goes where: o11 = times the pair occurs, r1 = frequency of 'public', "
                "c1 = frequency of 'safety', n = tokens in the text; MI = log2(o11 × n / (r1 × c1)).",
                f"Here o11 = {o11}, r1 = {r1}, c1 = {c1}, n = {n}.")


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
        return hint(f'In {given} the first modal after the reporting verb is "must". Read the sequence row by row.',
                    "In the sequence column of the strip table, compare the item right after the first "
                    "reporting verb in each row from P4 to P8: which row does not go straight to \"must\"?")
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
                    "isolated words: give phrases of two or more words, worded as the text words them.",
                    'Look in the glossary list or in a KWIC table: "national security", "public safety", ...')
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


@check
def check_least_stable(answer, speech=None):
    """Of the original top-10 words, which stays in the top 10 in the fewest resamples? (Computed, not stored.)

    >>> check_least_stable("must")  # doctest: +ELLIPSIS
    ✅ Correct. "must" is in the top 10 in only 39% of resamples...
    """
    other = course_text_only(speech)
    if other:
        return other
    word, problem = _word(answer)
    if problem:
        return problem
    from ..counting import load_stopwords

    table = ranking_stability(load_speech(), exclude=load_stopwords(), **STABILITY)
    top = table[table["rank"] <= STABILITY["top"]].sort_values(["in_top_share", "rank"], kind="stable")
    least = top.iloc[0]
    if word == least.word:
        tied = table.loc[table["count"] == least["count"], "word"].tolist()
        return correct(f'"{least.word}" is in the top 10 in only {least.in_top_share:.0%} of resamples. It is at '
                       f"rank {least['rank']} with {least['count']} hits, tied with {', '.join(w for w in tied if w != least.word)}: "
                       "at the cut-off a single sentence more or less decides who is in.")
    if word in set(top.word):
        share = float(top.set_index("word").loc[word, "in_top_share"])
        return hint(f'"{word}" stays in the top 10 in {share:.0%} of resamples; another word does worse. '
                    "Sort the table by in_top_share.")
    if word in set(table.word):
        return hint(f'"{word}" was not in the original top 10 (see the rank column). Choose among ranks 1–10.')
    return hint("Choose a word from the table's word column, ranks 1 to 10.")
