"""Checks for notebook 01 (close reading)."""

from __future__ import annotations

import re

from ..notes import add_note, edit_note
from ..reading import find_terms, sentences_with
from ..text import load_speech, sentences
from .core import check, correct, course_text_only, empty, hint, is_blank, normalise_id, note

__all__ = ["check_who_speaks", "check_reporting_verbs", "check_sentence_with_phrase", "check_sentence_types",
           "check_people_terms", "check_my_note"]

COURSE_VERBS = ["emphasized", "pointed out", "emphasized", "pointed out", "emphasized", "pointed out", "emphasized"]
TYPES = ("description", "evaluation", "directive")
_SENTENCE_ID = re.compile(r"P\d+\.S\d+")
#: A note ID is a short label: one word (letters, digits, _ or -), at most 30 characters.
_NOTE_ID = re.compile(r"[\w-]{1,30}")
_NUMBER = {0: "No", 1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
#: The five sentences to classify: the accepted labels, and why (the first label is the main reading).
SENTENCE_TYPES = {
    "P1.S1": (("description",), "it reports an event: who met, when, and on what topic."),
    "P3.S2": (("description", "evaluation"),
              "it lists what the Party Central Committee has done (description), but 'successfully' and "
              "'miracles' judge those deeds (evaluation): both readings are defensible."),
    "P4.S1": (("evaluation", "directive"),
              "'is an important guideline' judges the concept (evaluation) and 'must be unswervingly "
              "implemented' tells readers what to do (directive): the sentence does both."),
    "P6.S1": (("evaluation", "directive"),
              "'is an important task' judges how much something matters (evaluation), and naming a task in "
              "building Safe China also assigns work, though without a modal verb (directive)."),
    "P6.S2": (("directive",), "'We must prioritize ...' says what has to be done."),
}
#: Feedback on a label that is hard to defend; shown after "Look again at <ID>.", so each is a full sentence.
_MISREAD = {
    ("P1.S1", "evaluation"): "Is there a judging word (important, crucial, successful) in it?",
    ("P1.S1", "directive"): "Does it tell anyone to do something, or report that something happened?",
    ("P3.S2", "directive"): "It looks back at what has been done ('has continuously improved'); a directive "
                            "looks forward with must, should or need to.",
    ("P4.S1", "description"): "It does more than state a fact: notice 'important' and 'must'.",
    ("P6.S1", "description"): "'is an important task' sounds like a plain statement, but 'important' is a "
                              "judgement of value: who decides what is important?",
    ("P6.S2", "description"): "A sentence with 'must' is not describing the world as it is; it says how it "
                              "should be.",
    ("P6.S2", "evaluation"): "It does not judge something as good or important; it instructs ('must').",
}


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
WHO_SPEAKS = ("b", "The narrator of the readout")


@check
def check_who_speaks(answer, speech=None):
    """Multiple choice: who says 'We must unswervingly implement ...' (P1.S3)? The answer is "b".

    >>> check_who_speaks("B")
    ✅ Correct. The narrator reports Xi Jinping's speech in summary: "emphasized that ..." in P1.S2 introduces it, and P1.S3 carries on without quotation marks. We read the words of the readout, not a transcript.
    """
    options = {
        "a": "A transcript would quote the speaker with quotation marks, and this text has none around "
             "P1.S3. Readouts are edited summaries of a speech, so we cannot assume these are Xi's exact words.",
        "c": "The study session's members 'listened carefully ... and held discussions' (P2.S2), but the text "
             "never reports what they said. Who is introduced with 'emphasized that' just before P1.S3?",
        "d": "The translator chose the English words, but did not make the claim. Look at which sentence "
             "introduces P1.S3's content: it has a reporting verb.",
    }
    other = course_text_only(speech)
    if other:
        return other
    if is_blank(answer):
        return empty('Replace None with one letter in quotes, for example answer = "a".')
    if not isinstance(answer, str):
        return empty(f'Give one letter in quotes, such as answer = "a" (you gave {type(answer).__name__}).')
    letter = answer.strip().lower().strip("().")
    if letter == WHO_SPEAKS[0]:
        return correct('The narrator reports Xi Jinping\'s speech in summary: "emphasized that ..." in P1.S2 '
                       "introduces it, and P1.S3 carries on without quotation marks. We read the words of the "
                       "readout, not a transcript.")
    if letter in options:
        return hint(options[letter])
    return empty('Choose one of the letters "a", "b", "c" or "d".')


_TOLIST = ("find_terms() with both verbs in one list gives every match in reading order; a table column "
           "becomes a Python list with .tolist(), for example find_terms(...).match.tolist().")


def _verb(value) -> str:
    text = " ".join(str(value).lower().replace("emphasised", "emphasized").split())
    return text.strip(" .,;:'\"")


@check
def check_reporting_verbs(answer, speech=None):
    """The reporting verbs that introduce Xi Jinping's words, in reading order (course text).

    >>> check_reporting_verbs(["emphasized", "pointed out"])
    🔎 Not yet. Order matters and so does repetition: list each verb every time it occurs, in every paragraph from P1 to P8 (you have 2; the text has 7). find_terms() with both verbs in one list gives every match in reading order; a table column becomes a Python list with .tolist(), for example find_terms(...).match.tolist().
    """
    other = course_text_only(speech)
    if other:
        return other
    if is_blank(answer):
        return empty('Replace None with a list of strings in order, for example answer = ["said", "noted"].')
    if isinstance(answer, str):
        return empty('Put each verb in its own quotes inside a list: answer = ["said", "noted"] (you gave one string).')
    if hasattr(answer, "tolist") and not isinstance(answer, (list, tuple)):
        answer = answer.tolist()  # a table column (pandas Series) holds the same verbs
    if not isinstance(answer, (list, tuple)):
        return empty(f'Give a list in [ ], for example answer = ["said", "noted"] (you gave {type(answer).__name__}).')
    given = [_verb(v) for v in answer]
    if given == COURSE_VERBS:
        return correct("Seven reporting clauses, and they alternate: emphasized, pointed out, emphasized, ... "
                       "Each opens the reported speech of its paragraph (in P1 and P3, the second sentence). "
                       "The pattern looks like a convention "
                       "of the genre rather than a choice made sentence by sentence, and neither verb tells us "
                       "how Xi actually said it.")
    if "delivered" in given or "gave" in given or "put forward" in given:
        return hint("'delivered an important speech' (P3.S1) and 'gave an explanation' (P2.S1) report that "
                    "someone spoke, but they do not introduce what was said. Keep only verbs followed by 'that ...'.")
    if "pointed" in given:
        return hint("'pointed' alone is not the verb: the reporting verb is two words, a verb and its particle, "
                    "as the text writes it. Give both words in one string.")
    if "presiding" in given or "listened" in given or "held" in given:
        return hint("Keep only the verbs that introduce the content of a speech (a verb followed by 'that').")
    if sorted(set(given)) == ["emphasized", "pointed out"] and len(given) < len(COURSE_VERBS):
        count = (f"Order matters and so does repetition: list each verb every time it occurs, in every paragraph "
                 f"from P1 to P8 (you have {len(given)}; the text has {len(COURSE_VERBS)}).")
        return hint(f"{count} {_TOLIST}")
    if len(given) < len(COURSE_VERBS):
        return hint(f"You have {len(given)} verbs; the text has {len(COURSE_VERBS)}. Read the sentence that opens "
                    "the reported speech in every paragraph from P1 to P8. " + _TOLIST)
    if len(given) > len(COURSE_VERBS):
        if set(given) <= set(COURSE_VERBS):
            extra = len(given) - len(COURSE_VERBS)
            many = "one too many" if extra == 1 else f"{extra} too many"
            return hint(f"You have {len(given)} verbs; the text has {len(COURSE_VERBS)}: {many}. Every verb you "
                        "listed is a reporting verb of the text, but one occurrence is counted more than once. "
                        "Compare your list with the paragraphs, one verb per paragraph from P1 to P8.")
        return hint(f"You have {len(given)} verbs; the text has {len(COURSE_VERBS)}. Keep only verbs followed by "
                    "'that ...' which report what Xi Jinping said.")
    wrong = [i for i, (g, c) in enumerate(zip(given, COURSE_VERBS)) if g != c]
    return hint(f"The right number, but item {wrong[0] + 1} is not the verb the text uses there. "
                "Check the spelling and the order (paragraph by paragraph).")


@check
def check_sentence_with_phrase(answer, phrase="copper wall and iron wall", speech=None):
    """The ID of the sentence that contains ``phrase``; works on any text (it searches the text itself).

    >>> check_sentence_with_phrase("P7.S2")
    ✅ Correct. P7.S2 contains "copper wall and iron wall". Citing the ID lets any reader check the words you rely on.
    """
    speech = speech if speech is not None else load_speech()
    if is_blank(answer):
        return empty('Replace None with a sentence ID in quotes, for example answer = "P1.S1".')
    where = sentences_with(speech, phrase)
    if not where:
        return empty(f'The phrase "{phrase}" does not occur in {speech.source}, so there is nothing to check. '
                     "Choose a phrase that is in the text.")
    as_list = ""
    if isinstance(answer, (list, tuple)) and all(isinstance(a, str) for a in answer):
        if len(answer) > 1:
            inside = [a for a in answer if normalise_id(a) in where]
            return hint(f"Your list has {len(answer)} IDs ({', '.join(map(repr, answer))}), and "
                        f"{len(inside) or 'none'} of them {'contains' if len(inside) == 1 else 'contain'} the phrase. "
                        "sentences_with returns a list of every sentence with the phrase; give the one sentence "
                        'that contains it, as text or as a one-item list, e.g. answer = "P1.S1".')
        answer = answer[0]
        as_list = " sentences_with returns a list; one ID is enough, so a one-item list is fine."
    if not isinstance(answer, str):
        return empty(f'An ID is text, so put it in quotes: answer = "P1.S1" (you gave {type(answer).__name__}).')
    given = normalise_id(answer)
    if given in where:
        also = f" (it is also in {', '.join(w for w in where if w != given)})" if len(where) > 1 else ""
        return correct(f'{given} contains "{phrase}"{also}. Citing the ID lets any reader check the words you '
                       f"rely on.{as_list}")
    if re.fullmatch(r"P\d+", given):
        return hint(f"{answer!r} is a paragraph ID; add the sentence number too, like P4.S2.")
    if given not in set(sentences(speech).sentence_id):
        return hint(f"{answer!r} is not a sentence ID in this text. IDs look like P3.S2.")
    near = "Right paragraph, wrong sentence: " if given.split(".")[0] in {w.split(".")[0] for w in where} else ""
    return hint(f'{near}{answer!r} does not contain "{phrase}". Search for it with sentences_with(speech, '
                f'"{phrase}") or read the document view above.')


@check
def check_sentence_types(answer, speech=None):
    """Classify five sentences as description, evaluation or directive (course text).

    >>> check_sentence_types({"P1.S1": "description", "P3.S2": "evaluation", "P4.S1": "directive",
    ...                       "P6.S1": "evaluation", "P6.S2": "directive"})  # doctest: +ELLIPSIS
    ✅ Correct. ...
    """
    other = course_text_only(speech)
    if other:
        return other
    template = '{"P1.S1": "description", "P3.S2": ..., "P4.S1": ..., "P6.S1": ..., "P6.S2": ...}'
    if is_blank(answer):
        return empty(f"Replace None with a dict that gives each of the five IDs a label: {template}")
    if not isinstance(answer, dict):
        return empty(f"Give a dict in {{ }} with the five IDs as keys: {template} (you gave {type(answer).__name__}).")
    typed = {normalise_id(k): v for k, v in answer.items()}  # the learner's values, as typed
    given = {sid: (v.strip().lower() if isinstance(v, str) else v) for sid, v in typed.items()}
    missing = [sid for sid in SENTENCE_TYPES if sid not in given]
    if missing:
        return empty(f"Give a label for each of the five sentences; missing: {', '.join(missing)}.")
    several = [sid for sid in SENTENCE_TYPES if isinstance(given[sid], (list, tuple, set))]
    if several:
        return empty(f"Give one label per sentence; either is accepted where the sentence is ambiguous. "
                     f"{several[0]} has {typed[several[0]]!r}: keep one of them, in quotes.")
    bad = [sid for sid in SENTENCE_TYPES if given[sid] not in TYPES]
    if bad:
        return empty(f"Use one of the labels {', '.join(TYPES)} for each sentence; {bad[0]} has {typed[bad[0]]!r}.")
    extra = [k for k in answer if normalise_id(k) not in SENTENCE_TYPES]
    extra_note = (f" ({', '.join(map(repr, extra))} {'is' if len(extra) == 1 else 'are'} not one of the five "
                  "sentences, so I did not check "
                  f"{'it' if len(extra) == 1 else 'them'}.)") if extra else ""
    wrong = [sid for sid, (ok, _) in SENTENCE_TYPES.items() if given[sid] not in ok]
    if not wrong:
        notes = [f"{sid}: {why}" for sid, (ok, why) in SENTENCE_TYPES.items() if len(ok) > 1]
        return correct(f"All five are defensible. {_NUMBER[len(notes)]} sentences are ambiguous, and either label "
                       "is accepted for them: " + " ".join(notes) + " Whatever the type, every sentence here is "
                       "the narrator's report of what Xi Jinping said." + extra_note)
    first = wrong[0]
    specific = _MISREAD.get((first, given[first]), "Re-read it and ask: does it report, judge or instruct?")
    count = f"{len(wrong)} of the five {'is' if len(wrong) == 1 else 'are'}"
    return hint(f"{count} hard to defend. Look again at {first}. {specific} Ask of each: does it report what "
                "is or was (description), judge it (evaluation), or say what must be done (directive)?"
                + extra_note)


#: The words that refer to the population at large in the course text: "people" is required.
PEOPLE_WORDS = ("people", "everyone")
#: Words that match in the course text but name someone or something else, and why.
_NOT_PEOPLE = {
    "public": "In this text 'public' is an adjective, and mostly for institutions and policy: 'public safety "
              "governance' (P3.S2), 'public safety system' (P6.S3), 'public opinion guidance' (P8.S3); only "
              "'public satisfaction' (P1.S3) is about the population. Most matches would mark the wrong thing, "
              "so leave 'public' out.",
    "society": "'society' names the social order to be made 'more orderly' (P1.S3), not the people who act.",
    "we": "'we' in 'We must ...' names who must act, and the readout never says who that is (the leadership "
          "addressing itself, or the nation as a whole); it is not the population the work is for. It is "
          "already highlighted as an actor of its own.",
    "comrades": "The 'comrades' (P2.S2) are the members of the Political Bureau, and 'Comrade' (P2.S1) is the "
                "lecturer's title: Party members, not the population at large.",
    "comrade": "'Comrade' (P2.S1) is the lecturer's title, and the 'comrades' of P2.S2 are members of the "
               "Political Bureau: Party members, not the population at large.",
    "party": "'Party' names the CPC and its organs (the Party Central Committee, Party committees), the actor "
             "that speaks for the people, not the people themselves.",
    "country": "'country' names the state or the nation as a whole ('a safer country', 'stability of the "
               "country'), not the people who live in it.",
}


@check
def check_people_terms(answer, speech=None):
    """The words for "the people" in the faded highlight example: "people", and only words that mean the population.

    >>> check_people_terms(["people", "everyone"])  # doctest: +ELLIPSIS
    ✅ Correct. ...
    >>> check_people_terms(["people", "we"])  # doctest: +ELLIPSIS
    🔎 Not yet. 'we' in 'We must ...' names who must act...
    """
    if is_blank(answer):
        return empty('Replace None with a list of words in quotes, for example people_terms = ["..."].')
    if isinstance(answer, str):
        return empty(f'Put each word in its own quotes inside a list: people_terms = [{answer!r}] '
                     "(you gave one string).")
    if not isinstance(answer, (list, tuple)) or not all(isinstance(t, str) and t.strip() for t in answer):
        return empty('Give a list of words, each in quotes, for example people_terms = ["...", "..."].')
    speech = speech if speech is not None else load_speech()
    found = find_terms(speech, list(answer))
    counts = found.term.value_counts().to_dict()
    unmatched = [t for t in answer if not counts.get(t)]
    general = (f"{', '.join(map(repr, unmatched))} matched nothing in {speech.source}, so "
               f"{'it adds' if len(unmatched) == 1 else 'they add'} nothing to the highlight (the legend "
               "says so too). Matching is by whole word: look for the word the text itself uses.")
    other = course_text_only(speech)
    if other:  # another text: no verdict, but still say which terms found nothing
        found_note = (general if unmatched else "Every term matches something in this text. Now read each match "
                      "in the highlight: does it refer to the population, or to something else?")
        return note(f"{other.message} {found_note}")
    lowered = [t.strip().lower() for t in answer]
    if unmatched:
        masses = (" The course text has no 'masses'; it has 'mass' once, as an adjective in 'mass prevention and "
                  "control' (P7.S2).") if "masses" in lowered else ""
        return hint(general + masses)
    redundant = [t for t, low in zip(answer, lowered) if low.endswith(("'s", "\u2019s")) and low[:-2] in lowered]
    if redundant:
        word = redundant[0].strip()[:-2]
        return hint(f"{redundant[0]!r} is redundant: {word!r} already matches the {word!r} in {redundant[0]!r} "
                    "(matching is by whole word, and the possessive ending is not part of the word). Leave out "
                    "the possessive form.")
    wrong = [t for t in lowered if t in _NOT_PEOPLE]
    if wrong:
        return hint(_NOT_PEOPLE[wrong[0]])
    if "people" not in lowered and {"the people", "people's"} & set(lowered):
        return hint("A phrase matches only where all its words stand together: 'the people' misses "
                    "\"people's well-being\" (P5.S2). Try the single word the phrase is built on.")
    others = [t for t, low in zip(answer, lowered) if low not in PEOPLE_WORDS]
    if others:
        return hint(f"{others[0]!r} matches in the text, but read its matches in the highlight: does it refer to "
                    "the population at large, or to someone or something else? Keep only words for the population.")
    if "people" not in lowered:
        return hint("Which word does the text use most for the population at large? It is in P5.S1 twice.")
    also = "" if "everyone" in lowered else " 'everyone' (P5.S3) is a fourth sentence where the population appears."
    return correct(f"{len(found)} matches, each referring to the population at large.{also} Now read them: in "
                   "which sentences are the people the grammatical subject, the one who acts?")


@check
def check_my_note(answer, speech=None):
    """Save the learner's note ``(sentence ID, text, note ID)``; rewording it and re-running saves an edit.

    Never raises, so Run All never stops here: a missing or malformed note gets feedback instead.
    """
    example = 'my_note = ("P2.S2", "What you noticed, with the words of the sentence.", "silence")'
    if is_blank(answer):
        return empty(f"Replace None with a sentence ID, your note and a note ID, in brackets: {example}")
    if not isinstance(answer, (list, tuple)) or len(answer) != 3 or not all(isinstance(a, str) for a in answer):
        return empty(f"Give three texts in quotes, in brackets and separated by commas: {example} "
                     f"(you gave {answer!r}).")
    sentence_id, text, note_id = answer
    if not text.strip() or not note_id.strip():
        return empty(f"The note text and the note ID must not be empty: {example}")
    looks_like_id = [bool(_SENTENCE_ID.fullmatch(normalise_id(a))) for a in answer]
    if not looks_like_id[0] and any(looks_like_id[1:]):
        return empty(f"The fields are in the wrong order: the sentence ID comes first, then the note, then a short "
                     f"note ID: {example}. Nothing was saved.")
    speech = speech if speech is not None else load_speech()
    if normalise_id(sentence_id) not in set(sentences(speech).sentence_id):
        return empty(f"{sentence_id!r} is not a sentence ID in {speech.source}. IDs look like P3.S2.")
    if not _NOTE_ID.fullmatch(note_id.strip()):
        swapped = " The note and the note ID look swapped." if _NOTE_ID.fullmatch(text.strip()) else ""
        return empty(f"The note ID (the third field) should be one short word without spaces, such as "
                     f'"silence", but it is {note_id!r}.{swapped} The order is: {example}. Nothing was saved.')
    try:
        try:
            add_note(speech, sentence_id, text, note_id=note_id)
            action = "saved"
        except ValueError as exc:
            if "already has a note" not in str(exc):
                raise
            # the learner reworded the note in this cell: save the new wording as an edit, keep the old
            edit_note(speech, sentence_id, text, note_id=note_id)
            action = ("saved as an edit of your earlier wording, which stays in the file "
                      f"(note_history(speech, {sentence_id!r}, note_id={note_id!r}) shows it)")
    except (ValueError, KeyError, OSError) as exc:  # e.g. a damaged notes file: say so, never stop Run All
        return empty(f"Your note was not saved: {exc.args[0] if exc.args else exc}")
    return correct(f"Your note on {normalise_id(sentence_id)} is {action}. A note tied to a sentence ID can be "
                   "checked by anyone who reads it later.")
