"""Checks for notebook 00 (start here)."""

from __future__ import annotations

import re

from ..text import load_speech, sentences
from .core import check, correct, empty, hint, is_blank, normalise_id

__all__ = ["check_lecturer_sentence"]

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


@check
def check_lecturer_sentence(answer):
    """Check the ID of the sentence that names the lecturer (the course text: P2.S1).

    >>> check_lecturer_sentence("p2.s1")
    ✅ Correct. P2.S1 names Comrade Li Yan, who "gave an explanation on this issue" — the lecturer of the study session.
    """
    if is_blank(answer):
        return empty('Replace None with a sentence ID in quotes, for example answer = "P1.S1".')
    if not isinstance(answer, str):
        return empty(f'An ID is text, so put it in quotes: answer = "P1.S1" (you gave {type(answer).__name__}).')
    given = normalise_id(answer)
    typed = answer.strip()
    if given == "P2.S1":
        return correct('P2.S1 names Comrade Li Yan, who "gave an explanation on this issue" — '
                       "the lecturer of the study session.")
    if re.fullmatch(r"P\d+", given):
        return hint(f"{typed!r} is a paragraph ID. Add the sentence number too, like P4.S2.")
    ids = set(sentences(load_speech()).sentence_id)
    paragraph = given.split(".")[0]
    if given not in ids and re.fullmatch(r"P\d+\.S\d+", given) and any(i.startswith(paragraph + ".") for i in ids):
        count = sum(i.startswith(paragraph + ".") for i in ids)
        return hint(f"{paragraph} has only {_WORDS.get(count, count)} sentence{'s' if count != 1 else ''}, so "
                    f"{typed} does not exist. The table above lists every sentence ID.")
    if given not in ids:
        if not re.search(r"\d", typed):
            return hint(f"{typed!r} is not an ID. Give the ID of the sentence (such as P3.S2), "
                        "not a name or a word from it.")
        return hint(f"{typed!r} is not a sentence ID in this text. IDs look like P3.S2; the table above lists them all.")
    if given.startswith("P2."):
        return hint(f"Right paragraph, wrong sentence: {typed} does not name the lecturer. Which sentence of P2 "
                    "introduces someone with the title 'Comrade'?")
    return hint(f"{typed} does not name the lecturer. Look for the sentence that introduces someone with the "
                "title 'Comrade' and says that this person explained the topic.")
