"""Checks for notebook 02 (context): genre, timeline, formulations, translation and counting."""

from __future__ import annotations

import re

import pandas as pd

from ..text import load_speech, sentence_text, sentences
from .core import as_number, check, correct, course_text_only, empty, hint, is_blank, normalise_id

__all__ = [
    "check_readout_tells_us",
    "check_template_moves",
    "check_days_to_posting",
    "check_first_miracle_sentence",
    "check_term_sentences",
    "check_social_security_count",
    "check_count_claim",
]


def _letter(answer):
    if is_blank(answer):
        return None, empty('Replace None with one letter in quotes, for example answer = "a".')
    if not isinstance(answer, str):
        return None, empty(f'Give the letter as text in quotes, for example answer = "a" (you gave {type(answer).__name__}).')
    letter = answer.strip().lower().strip("().")
    if letter not in ("a", "b", "c", "d"):
        return None, empty(f'{answer!r} is not one of the options. Give one letter: "a", "b", "c" or "d".')
    return letter, None


def _number(answer, what, advice="If you have a Timedelta, use its .days."):
    """(value, None) for a number; (None, feedback) otherwise. ``advice`` says how to get a number."""
    if is_blank(answer):
        return None, empty(f"Replace None with {what}, or with code that computes it.")
    if as_number(answer) is None:
        return None, empty(f"The answer is a number, not {type(answer).__name__} (no quotes). {advice}")
    return answer, None


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
READOUT_TELLS_US = ("b", "The readout tells us what the official summary chose to report")


@check
def check_readout_tells_us(answer):
    """Multiple choice: what this readout can tell us reliably (answer b).

    >>> check_readout_tells_us("b")
    ✅ Correct. A readout is an edited official summary, so it is good evidence of what Xinhua, the official news agency, chose to report, in its order and wording — not of the words spoken or of any decision.
    """
    letter, feedback = _letter(answer)
    if feedback:
        return feedback
    if letter == READOUT_TELLS_US[0]:
        return correct("A readout is an edited official summary, so it is good evidence of what Xinhua, the official "
                       "news agency, chose to report, in its order and wording — not of the words spoken or of any decision.")
    messages = {
        "a": ("This treats the readout as a transcript. It reports the speech in the third person "
              "('He pointed out that…') and summarises it; no full text of this speech was found."),
        "c": ("This treats a study session as a decision-making meeting. The sources describe sessions as "
              "occasions for learning and signalling; decisions come in other meetings and documents."),
        "d": ("The readout names the lecturer and says she 'gave an explanation' and 'work suggestions' "
              "(P2.S1), but it does not report what she said."),
    }
    return hint(f"{messages[letter]} Ask of each option: does the text itself contain the evidence for it?")


#: Expected answers for the course text, stated here; tests/test_expected_answers.py finds each in the raw text.
#: The two template moves and their sentences.
TEMPLATE_MOVES = {"members listened and discussed": "P2.S2", "important speech": "P3.S1"}
DAYS_TO_POSTING = 115  # from the meeting (2025-02-28) to the posting (2025-06-23)
DAYS_FROM_REPORT = 114  # from the official report (2025-03-01) to the posting: the wrong start date
DAYS_FROM_REPOST = 108  # from the Xinhua English repost (2025-03-07) to the posting: the wrong start date
MIRACLE_SENTENCE = "P3.S2"  # the first sentence with "two miracles"
TERM_SENTENCES = ["P3.S2", "P7.S1"]  # the sentences with "overall social security prevention and control"
SOCIAL_SECURITY = 2  # tokens 'security' right after 'social'


@check
def check_template_moves(answer):
    """The sentence IDs of two template moves: members listen and discuss (P2.S2); the important speech (P3.S1).

    >>> check_template_moves({"members listened and discussed": "P2.S2", "important speech": "P3.S1"})
    ✅ Correct. P2.S2 and P3.S1 are fixed moves of the study-session readout: the members 'listened carefully… and held discussions', then the General Secretary 'delivered an important speech'.
    """
    keys = ("members listened and discussed", "important speech")
    if is_blank(answer):
        return empty('Replace None with a dictionary, e.g. {"members listened and discussed": "P1.S1", "important speech": "P1.S1"}.')
    if not isinstance(answer, dict):
        return empty("The answer is a dictionary in { }: each move as a key in quotes, a sentence ID as its value.")
    missing = [k for k in keys if k not in answer]
    if missing:
        return empty(f"Keep the keys exactly as given; missing: {', '.join(repr(m) for m in missing)}.")
    given = {k: normalise_id(answer[k]) for k in keys}
    if any(is_blank(answer[k]) for k in keys):
        return empty("Fill in both sentence IDs, in quotes, like \"P2.S1\".")
    if given == TEMPLATE_MOVES:
        return correct("P2.S2 and P3.S1 are fixed moves of the study-session readout: the members 'listened "
                       "carefully… and held discussions', then the General Secretary 'delivered an important speech'.")
    ids = set(sentences(load_speech()).sentence_id)
    bad = [v for v in given.values() if v not in ids]
    if bad:
        return hint(f"{', '.join(bad)} is not a sentence ID of this text. IDs look like P3.S2.")
    if given["important speech"] in ("P3.S2", "P4.S1"):
        return hint("That sentence already reports what was said ('He pointed out…'). The template move is the "
                    "short sentence that only announces the speech.")
    wrong = [move for move, sid in given.items() if sid != TEMPLATE_MOVES[move]]
    if len(wrong) == 1:
        return hint(f"One of the two is right. Re-read the sentences near {given[wrong[0]]} and find the one whose "
                    f"wording is the move '{wrong[0]}'.")
    if given["members listened and discussed"] == TEMPLATE_MOVES["important speech"] and \
            given["important speech"] == TEMPLATE_MOVES["members listened and discussed"]:
        return hint("Both IDs are the right sentences, but swapped: which of the two says the members listened?")
    return hint("Read paragraphs P2 and P3 sentence by sentence and match each move's wording.")


@check
def check_days_to_posting(answer, speech=None):
    """Days from the meeting (2025-02-28) to this text's posting (2025-06-23): 115.

    >>> check_days_to_posting(115)
    ✅ Correct. 115 days passed between the study session and the posting of this English text, so the dateline tells us when this page appeared, not when the meeting happened.
    """
    other = course_text_only(speech)
    if other:
        return other
    value, feedback = _number(answer, "a number of days")
    if feedback:
        return feedback
    if value == DAYS_TO_POSTING:
        return correct("115 days passed between the study session and the posting of this English text, so the "
                       "dateline tells us when this page appeared, not when the meeting happened.")
    if value == 0:
        return hint("Zero days treats the dateline as the meeting date. The dateline is the page's posting time; "
                    "the meeting date is in P1.S1 and in the timeline.")
    if value == 7:
        return hint("Seven days is the gap to the reposted Xinhua English version, not to this text. Use the row "
                    "for 2025-06-23.")
    if value == DAYS_FROM_REPORT:
        return hint("You started from 1 March, the date the session was officially reported, not the date of the "
                    "meeting itself. The timeline row for the session gives both; count from the meeting.")
    if value == DAYS_FROM_REPOST:
        return hint("You started from 2025-03-07, the date on the repost of Xinhua's English readout, which is a "
                    "different text from this one. Count from the meeting, not from another version's posting.")
    if value in (114, 116):
        return hint("Off by one: subtract the two dates as Timestamps rather than counting on a calendar.")
    if value < 0:
        return hint("A negative number of days means the dates are the wrong way round: subtract the earlier "
                    "date from the later one (the posting date minus the meeting date).")
    return hint("Subtract the meeting date from the posting date, both as pd.Timestamp, and take .days: the "
                "rows for 2025-02-28 and 2025-06-23 in the timeline table, the earlier date from the later one.")


@check
def check_first_miracle_sentence(answer, speech=None):
    """The text of the first sentence containing "two miracles" (P3.S2), as one string.

    >>> check_first_miracle_sentence(sentence_text(load_speech(), "P3.S2"))
    ✅ Correct. This is P3.S2, the account of achievements since the 18th Party Congress; "two miracles" comes at its very end.
    """
    other = course_text_only(speech)
    if other:
        return other
    if is_blank(answer):
        return empty("Replace None with sentence_text(speech, ...), giving it one sentence ID from ids.")
    if isinstance(answer, (list, tuple)):
        return empty("This is a list. sentence_text takes one ID: pass one ID, for example ids[0].")
    if not isinstance(answer, str):
        return empty(f"The answer is the sentence as text (a string), not {type(answer).__name__}: "
                     "use sentence_text(speech, ids[0]).")
    text = sentences(load_speech()).set_index("sentence_id").text
    if answer.strip() == sentence_text(load_speech(), MIRACLE_SENTENCE):
        return correct('This is P3.S2, the account of achievements since the 18th Party Congress; '
                       '"two miracles" comes at its very end.')
    if normalise_id(answer) in text.index:
        return hint("This is a sentence ID, not the sentence. Pass the ID to sentence_text(speech, ...) to get its text.")
    if answer.strip() in set(text):
        return hint('This is a sentence of the text, but not the one that contains "two miracles". '
                    "Use the ID that find_term returned, ids[0].")
    return hint("Use sentence_text(speech, ids[0]): ids holds the sentence IDs that find_term found.")


@check
def check_term_sentences(answer, speech=None):
    """Sentence IDs containing 'overall social security prevention and control': P3.S2 and P7.S1.

    >>> check_term_sentences(["P7.S1", "p3.s2"])
    ✅ Correct. P3.S2 (the account of achievements) and P7.S1 (the opening of P7, on what must be strengthened) contain the phrase. Section 4 asks what its "social security" renders.
    """
    other = course_text_only(speech)
    if other:
        return other
    if isinstance(answer, (list, tuple)) and not answer:
        return hint("Your list is empty: find_term found no sentence with the phrase. Check the phrase's spelling "
                    "against the glossary, word for word.")
    if is_blank(answer):
        return empty('Replace None with a list of sentence IDs, e.g. ["P1.S1", "P2.S1"], or with code that finds them.')
    if isinstance(answer, str):
        return empty('This is one string. Give a list in [ ] with each ID in its own quotes, e.g. ["P1.S1", "P2.S1"]; '
                     "find_term already returns such a list.")
    if not isinstance(answer, (list, tuple)):
        return empty(f'The answer is a list of sentence IDs in [ ], each in quotes, e.g. ["P1.S1", "P2.S1"] '
                     f"(you gave {type(answer).__name__}).")
    given = sorted({normalise_id(a) for a in answer if not is_blank(a)})
    if given == TERM_SENTENCES:
        return correct("P3.S2 (the account of achievements) and P7.S1 (the opening of P7, on what must be "
                       'strengthened) contain the phrase. Section 4 asks what its "social security" renders.')
    if set(given) < set(TERM_SENTENCES):
        return hint("Right sentence, but there is more than one. The past tense ('strengthened') and the "
                    "infinitive ('to strengthen') both count: search with find_term rather than by eye.")
    if any(re.fullmatch(r"P\d+", g) for g in given):
        return hint("Give sentence IDs (like P7.S1), not paragraph IDs.")
    if len(given) > 2:
        return hint("Some of these sentences contain part of the phrase but not the whole phrase. Search for the "
                    "full phrase with find_term.")
    return hint("Use find_term with the whole phrase, exactly as in the glossary, and give every sentence it finds.")


@check
def check_social_security_count(answer, speech=None):
    """How many 'security' tokens are part of the bigram 'social security': 2.

    >>> check_social_security_count(2)
    ✅ Correct. 2 of the text's 'security' tokens come from 'social security', where Xinhua's English has 'law and order' for 社会治安 — a count of 'security' in this translation includes them, a count in Xinhua's would not.
    """
    other = course_text_only(speech)
    if other:
        return other
    if isinstance(answer, pd.Series):
        return empty("This is a Series of True/False values, one per token; the answer is a number: "
                     "count the True values with .sum().")
    if isinstance(answer, pd.DataFrame):
        return empty("This is a table of tokens; the answer is a number: count its rows with len(...).")
    value, feedback = _number(answer, "the number of times 'security' follows 'social'",
                              "Count the rows where both conditions are True, with .sum().")
    if feedback:
        return feedback
    if value == SOCIAL_SECURITY:
        return correct("2 of the text's 'security' tokens come from 'social security', where Xinhua's English has "
                       "'law and order' for 社会治安 — a count of 'security' in this translation includes them, "
                       "a count in Xinhua's would not.")
    if value == 14:
        return hint("14 is every 'security' token. Count only those directly after 'social'.")
    if value in (1, 3):
        return hint("Count the 'security' tokens whose previous token is 'social': look at each 'security' token "
                    "and the token just before it.")
    if value == 5:
        return hint("5 is the count for 'national security' from the worked example; change the previous word.")
    return hint("Shift the token column by one to see the previous token, then count rows where the token is "
                "'security' and the previous one is 'social' (copy the worked example in 4.3 and change only the "
                "word in quotes after previous ==).")


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
COUNT_CLAIM = ("c", "\"In this English text")


@check
def check_count_claim(answer):
    """Multiple choice: which claim a count of 'security' in this translation supports (answer c).

    >>> check_count_claim("c")
    ✅ Correct. The count describes this English text, and says openly that some tokens render 社会治安; it claims nothing about the Chinese or about importance.
    """
    letter, feedback = _letter(answer)
    if feedback:
        return feedback
    if letter == COUNT_CLAIM[0]:
        return correct("The count describes this English text, and says openly that some tokens render 社会治安; "
                       "it claims nothing about the Chinese or about importance.")
    messages = {
        "a": ("This reads a count in a third-person summary, in an unofficial translation, as a count of "
              "the words Xi spoke. Neither the genre nor the translation allows that."),
        "b": ("This assumes one English word for one Chinese word. 'Security' here renders 安全 in some places "
              "and 社会治安 (public order) in others; 'Safe' renders 平安."),
        "d": ("This equates frequency with importance — the move CMP and Neican caution against. A word can "
              "be frequent because it sits inside fixed formulations."),
    }
    return hint(f"{messages[letter]} Which claim stays within what was actually counted: tokens of one English text?")
