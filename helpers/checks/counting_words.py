"""Checks for notebook 04 (counting words)."""

from __future__ import annotations

import math

import pandas as pd

from ..counting import frequency_table, load_stopwords
from ..text import load_speech
from .core import as_number, check, correct, course_text_only, empty, hint, is_blank

__all__ = ["check_people_count", "check_my_stopword_table", "check_security_alone", "check_governance_g2",
           "check_ttr_choice"]

#: The four words the exercise adds to the default stop words (the notebook's cell uses this set).
EXTRA_STOPWORDS = {"xi", "jinping", "must", "should"}
#: Expected answers for the course text, stated here and recomputed from the raw text by a test.
PEOPLE_COUNT = 5  # the token 'people' (the possessive "people's" gives one more)
PEOPLE_SPLIT = 1  # what str.split() finds: 'people,' and "people's" are other words
SECURITY_TOKENS = 14  # every token 'security'
SECURITY_ALONE = 5  # 'security' outside the glossary terms and 'national security'
SECURITY_GLOSSARY_ONLY = 7  # outside the glossary terms, 'national security' not joined
SECURITY_NATIONAL_ONLY = 9  # outside 'national security' only
WORD_TYPES_LEFT = 263  # word types once the default stop words and EXTRA_STOPWORDS are gone
#: 'governance' against general English: count, tokens, wordfreq's frequency (small list), and G².
GOVERNANCE = {"count": 12, "tokens": 733, "p": 1.23e-05, "G2": 148.8634}
#: Added to every "no answer yet" message: an error in the exercise cell leaves answer = None.
FIX_ERROR_FIRST = " If the cell above showed an error, fix that first."


#: G² answers within this share of the helper's value count as right (0.05 %: two decimals always pass).
RELATIVE_TOLERANCE = 0.0005
#: Within this share, a wrong G² is most likely rounded too coarsely (149 for 148.86).
ROUNDED_TOLERANCE = 0.01


def _close(value: float, target: float) -> bool:
    """True when value is within 0.05 % of target (or 0.005, whichever is larger)."""
    return abs(value - target) <= max(RELATIVE_TOLERANCE * abs(target), 0.005)


@check
def check_people_count(answer, speech=None):
    """How often the token ``people`` occurs in the content paragraphs (course text: 5).

    >>> check_people_count(5)
    ✅ Correct. The tokenizer finds 'people' 5 times: it also counts "people's" (P5.S2) and "the people," where split() sees 'people's' and 'people,' as other words.
    """
    if (note := course_text_only(speech)) is not None:
        return note
    if is_blank(answer):
        return empty("Replace None with a whole number, for example answer = 3." + FIX_ERROR_FIRST)
    value = as_number(answer)
    if value is None:
        return empty(f"The answer is a number without quotes, for example answer = 3 (you gave {type(answer).__name__}).")
    expected, naive = PEOPLE_COUNT, PEOPLE_SPLIT
    if value == expected:
        return correct(f"The tokenizer finds 'people' {expected} times: it also counts \"people's\" (P5.S2) and "
                       "\"the people,\" where split() sees 'people's' and 'people,' as other words.")
    if value == naive:
        return hint(f"{naive} is what text.split() finds: it keeps punctuation and the possessive attached "
                    "('people,' and \"people's\" are not 'people'). Count with tokenize instead.")
    if value == 0:
        return hint("Zero: the tokens are all lower case, so .count('People') finds nothing, and \"people's\" is "
                    "split into 'people' and \"'s\", so .count(\"people's\") finds nothing either. Count 'people'.")
    if value == expected - 1:
        return hint("One short. The possessive \"people's\" becomes two tokens, 'people' and \"'s\"; the first one "
                    "counts too.")
    return hint("Count the token 'people' in the list that tokenize (or words(speech)) gives you, e.g. with "
                ".count('people').")


@check
def check_my_stopword_table(answer, speech=None):
    """A frequency table without the default stop words AND without xi, jinping, must, should.

    >>> from helpers.counting import load_stopwords
    >>> check_my_stopword_table(frequency_table(load_speech(), stopwords=load_stopwords() | {"xi", "jinping", "must", "should"}))
    ✅ Correct. 263 word types remain. The default list and your four words are both gone; note that dropping 'must' and 'should' also hides who is told to do what, which notebook 05 reads in context.
    """
    if (note := course_text_only(speech)) is not None:
        return note
    if is_blank(answer):
        return empty("Replace None with a frequency table: answer = frequency_table(speech, stopwords=...)."
                     + FIX_ERROR_FIRST)
    if isinstance(answer, pd.DataFrame) and "word" not in answer.columns and answer.index.name == "word":
        return empty("Keep 'word' as a column: give the table as frequency_table(...) returns it, without set_index.")
    if not isinstance(answer, pd.DataFrame) or "word" not in answer.columns:
        return empty("The answer should be the table that frequency_table(...) returns, not "
                     f"{type(answer).__name__}.")
    speech = load_speech()
    got = set(answer.word)
    expected = set(frequency_table(speech, stopwords=load_stopwords() | EXTRA_STOPWORDS).word)
    if got == expected and len(answer) == WORD_TYPES_LEFT:
        return correct(f"{len(expected)} word types remain. The default list and your four words are both gone; note "
                       "that dropping 'must' and 'should' also hides who is told to do what, which notebook 05 reads in context.")
    if got == set(frequency_table(speech, stopwords=sorted(EXTRA_STOPWORDS)).word):
        return hint("'the', 'and' and 'of' are back: passing only your four words replaced the default list "
                    "instead of adding to it. Combine the two sets with |.")
    joined = sorted(w for w in got if " " in w)
    if joined:
        return hint(f"Your table has formulations such as {joined[0]!r} as single rows: passing terms= joins "
                    "multi-word terms, which changes the counts of 'safe', 'china', 'security' and others. "
                    "This exercise is about stop words only: leave terms= out.")
    left = sorted(EXTRA_STOPWORDS & got)
    if left:
        verb = "is" if len(left) == 1 else "are"
        return hint(f"{', '.join(left)} {verb} still in your table. Add every one of the four words to the set.")
    if "the" in got:
        return hint("The default stop words are still there. Start from load_stopwords() and add your words with |.")
    extra = sorted(expected - got)
    if got < expected and len(answer) < len(expected) and len(extra) > 5:
        return hint(f"Your table has {len(answer)} rows, but {len(expected)} word types remain: keep the whole table "
                    "(no .head(), no min_count=), so every word that is not a stop word stays in it.")
    if extra:
        return hint(f"You also removed {', '.join(extra[:3])}: add only the four words xi, jinping, must and should "
                    "to the default list.")
    return hint("Start from the default list and add exactly the four words; pass no other options (leave terms= "
                "and min_count= out, so every other word stays in the table).")


@check
def check_security_alone(answer, speech=None):
    """How often 'security' stands alone once the glossary terms and 'national security' are units (course: 5).

    >>> check_security_alone(5)
    ✅ Correct. Of 14 tokens of 'security', only 5 are outside a fixed formulation: the word mostly arrives inside set phrases (national security, the overall national security concept, …).
    """
    if (note := course_text_only(speech)) is not None:
        return note
    if is_blank(answer):
        return empty("Replace None with a whole number, for example answer = 3." + FIX_ERROR_FIRST)
    value = as_number(answer)
    if value is None:
        return empty(f"The answer is a number without quotes (you gave {type(answer).__name__}).")
    if value == SECURITY_ALONE:
        return correct(f"Of {SECURITY_TOKENS} tokens of 'security', only {SECURITY_ALONE} are outside a fixed "
                       "formulation: the word mostly arrives inside set phrases (national security, the overall "
                       "national security concept, …).")
    if value == SECURITY_TOKENS:
        return hint("That is the count before any terms are joined. Pass terms= to frequency_table.")
    if value == SECURITY_GLOSSARY_ONLY:
        return hint("That counts the glossary terms as units but not 'national security'. Add it to the list of terms.")
    if value == SECURITY_NATIONAL_ONLY:
        return hint("That joins 'national security' only. Use the glossary terms plus 'national security'.")
    return hint("Build terms = glossary_terms() + [\"national security\"], then look up 'security' in "
                "frequency_table(speech, terms=terms). Longer terms are matched first, so 'overall national "
                "security concept' keeps its own count.")


@check
def check_governance_g2(answer, speech=None):
    """The one-sample G² of 'governance' against general English, computed by hand (about 148.86).

    Accepted within 0.05 % (two decimals always pass, 148.9 too); coarser rounding gets its own hint.

    >>> check_governance_g2(148.86)
    ✅ Correct. G² ≈ 148.86, the value keyness_general gives: 12 tokens where general English predicts about 0.009. It orders governance among the keywords; it is not a test.
    """
    if (note := course_text_only(speech)) is not None:
        return note
    if is_blank(answer):
        return empty("Replace None with your G², a number (unrounded, or rounded to two decimals) such as 12.34."
                     + FIX_ERROR_FIRST)
    value = as_number(answer)
    if value is None:
        return empty(f"G² is a number without quotes (you gave {type(answer).__name__}).")
    a, n, p, g2 = GOVERNANCE["count"], GOVERNANCE["tokens"], GOVERNANCE["p"], GOVERNANCE["G2"]
    e = n * p
    if _close(value, g2):
        return correct(f"G² ≈ {g2:.2f}, the value keyness_general gives: {a:.0f} tokens where general English "
                       f"predicts about {e:.3f}. It orders governance among the keywords; it is not a test.")
    if _close(value, g2 / 2):
        return hint("Your number is exactly half: G² = 2 × (sum of the terms). Multiply by 2.")
    if _close(value, g2 / math.log(10)) or _close(value, g2 / math.log(2)):
        return hint("The logarithm in G² is the natural log (np.log or math.log), not log10 or log2.")
    if _close(value, 2 * a * math.log(a / e)):
        return hint("You have the first term only. Add the second: (N − a)·ln((N − a)/(N·(1 − p))), which is negative.")
    if abs(value - g2) <= ROUNDED_TOLERANCE * g2 or any(value == round(g2, k) for k in (1, 0, -1)):
        return hint("Your number is within 1% of G² but looks rounded too coarsely (or p was rounded). "
                    "Give the unrounded value, or round it to two decimals, e.g. round(answer, 2).")
    if _close(value, 2 * a * math.log(a / (n * p / 1000))):
        return hint("p is a share of all words (wordfreq's frequency), not a rate per 1,000: use it as it is.")
    return hint("Re-check a (the count of 'governance'), N (all tokens) and p (wordfreq's frequency, not per "
                "1,000). Expected E = N·p; G² = 2·[a·ln(a/E) + (N−a)·ln((N−a)/(N−E))].")


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
TTR_CHOICE = ("c", "Neither: TTR depends on length")
_TTR_FEEDBACK = {
    "a": "TTR falls as a text gets longer, so a 300-word text almost always has a higher TTR than a 3,000-word "
         "one. The difference may be length alone.",
    "b": "A lower TTR in a longer text is expected even with no extra repetition: each new word has more "
         "chances to be a word already seen.",
    "d": "The two numbers differ, but they cannot be compared either way, so 'equally varied' is not shown either.",
}


@check
def check_ttr_choice(answer):
    """Multiple choice: what two TTRs from texts of different length justify (answer: c).

    >>> check_ttr_choice("C")
    ✅ Correct. TTR depends on length, so texts of 300 and 3,000 words cannot be compared by TTR. Compare MATTR (same window) or equal-length samples.
    """
    if is_blank(answer):
        return empty('Replace None with one letter in quotes, for example answer = "a".' + FIX_ERROR_FIRST)
    if not isinstance(answer, str) or answer.strip().lower().strip("()") not in {"a", "b", "c", "d"}:
        return empty('Answer with one of the letters "a", "b", "c" or "d", in quotes.')
    letter = answer.strip().lower().strip("()")
    if letter == TTR_CHOICE[0]:
        return correct("TTR depends on length, so texts of 300 and 3,000 words cannot be compared by TTR. "
                       "Compare MATTR (same window) or equal-length samples.")
    return hint(_TTR_FEEDBACK[letter])

