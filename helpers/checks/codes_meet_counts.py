"""Checks for notebook 06 (codes meet counts). Expected values are computed from the course's data."""

from __future__ import annotations

from functools import lru_cache

from ..text import COURSE_TEXT, load_speech, tokens
from ..workspace import course_root
from .core import as_number, check, correct, empty, hint, is_blank

__all__ = ["check_share_in_coded", "check_precision_recall", "check_error_reason"]


def _reference():
    from ..coding import consensus_sheet

    return consensus_sheet()


def _missing_data() -> object:
    return empty("The course's reference coding (data/coding/v2_consensus.csv) is missing, so I cannot check "
                 "this. Restore data/ from the course repository.")


#: Expected answers, stated here and recomputed from data/ by tests/test_expected_answers.py.
SECURITY_TOKENS = 14  # tokens 'security' in the text
SECURITY_IN_CODED = 5  # of them, in sentences the consensus coding codes political_security
#: The dictionary's sentences for guiding_concept against the consensus coding.
GUIDING_CONCEPT = {"tp": 4, "fp": 6, "fn": 0}
#: (precision, recall) of the worked example in notebook 06, for political_security (tp 2, fp 2, fn 0).
WORKED_EXAMPLE = (2 / 4, 2 / 2)


def _data_state() -> tuple:
    """Path, modification time and size of each course file the shares below come from (None if missing)."""
    state = []
    for name in (COURSE_TEXT, "coding/v2_consensus.csv", "codebook_v2.yml"):
        path = course_root() / "data" / name
        try:
            stat = path.stat()
        except OSError:
            stat = None
        state.append((str(path), stat and stat.st_mtime_ns, stat and stat.st_size))
    return tuple(state)


@lru_cache(maxsize=2)
def _security_shares(state: tuple) -> dict:
    """The shares the wrong answers to :func:`check_share_in_coded` give, from the course data.

    Computed once per ``state`` (:func:`_data_state`): tokenizing and merging took ~0.3 s a call.
    """
    joined = tokens(load_speech()).merge(_reference(), on="sentence_id")
    hits = joined[joined.token == "security"]
    loose = joined[joined.token.str.contains("secur", regex=False)]
    return {
        "loose": (loose.political_security.sum() / len(loose)) if len(loose) != len(hits) else None,
        "loose_others": sorted(set(loose.token) - {"security"}),
        "all_tokens": {len(joined), len(tokens(load_speech()))},
        "per_sentence": hits.drop_duplicates("sentence_id").political_security.mean(),
    }


@check
def check_share_in_coded(answer):
    """Check the share of *security* tokens that fall in sentences coded ``political_security``."""
    try:
        shares = _security_shares(_data_state())
    except FileNotFoundError:
        return _missing_data()
    inside = SECURITY_IN_CODED
    expected = inside / SECURITY_TOKENS
    if is_blank(answer):
        return empty("Replace None with a share between 0 and 1: the number of 'security' tokens in "
                     "political_security sentences, divided by all 'security' tokens.")
    given = as_number(answer)
    if given is None:
        return empty(f"Give one number, such as 0.25 (you gave {type(answer).__name__}).")
    if abs(given - expected) < 0.005:
        return correct(f"{inside} of the {SECURITY_TOKENS} occurrences of 'security' are in sentences coded "
                       f"political_security ({expected:.2f}). Most uses of the word belong to other themes: a "
                       "frequent word is not the same as a frequent theme.")
    if given != expected and round(given, 1) == given and abs(given - round(expected, 1)) < 1e-9:
        return hint("Close, but rounded too coarsely: one decimal place hides the difference that matters here. "
                    "Give the share unrounded, or to at least two decimals.")
    if abs(given - 100 * expected) < 0.5:
        return hint("That looks like a percentage. Give the share between 0 and 1 (divide by 100).")
    if abs(given - inside) < 0.5:
        return hint("That is the count of occurrences in coded sentences. Divide it by the number of all "
                    "'security' tokens to get a share.")
    if abs(given - (1 - expected)) < 0.005:
        return hint("That is the share OUTSIDE political_security sentences. Count the tokens where the code is 1.")
    if shares["loose"] is not None and abs(given - shares["loose"]) < 0.005:
        others = shares["loose_others"]
        return hint(f"Your filter also keeps {', '.join(repr(o) for o in others)}: a test such as "
                    "str.contains('secur') matches any word that contains those letters. The question is about "
                    "the word 'security' itself, so keep only the rows whose token is exactly that word.")
    if given > 1:
        return hint("A share is at most 1, and yours is above 1: the denominator is too small. Divide by the "
                    "number of 'security' tokens, len(security) (the rows you kept with joined.token == "
                    "'security'), not by a count of coded sentences.")
    if 0 < given < expected and any(abs(given - inside / total) < 0.0005 for total in shares["all_tokens"]):
        return hint("That share is too small: you divided by every token of the text (len(joined)). The "
                    "question asks for a share of the 'security' tokens only, so divide by len(security), "
                    "the rows whose token is 'security'.")
    if abs(given - shares["per_sentence"]) < 0.005:
        return hint("That is a share of sentences (each sentence with 'security' counted once). The question "
                    "counts occurrences: a sentence that uses the word twice counts twice, so keep one row per token.")
    return hint("Two numbers make the share: how many 'security' tokens there are in all, and how many of them "
                "sit in a sentence that carries political_security. Print both before you divide: keep the rows "
                "of `joined` whose token is exactly 'security'; their political_security column says, for each "
                "occurrence, whether its sentence is coded.")


def _pair(answer) -> tuple | None:
    """Two or more numbers from a tuple, list, NumPy array or pandas Series; None if it is not a sequence."""
    if isinstance(answer, (str, bytes, dict)):
        return None
    values = getattr(answer, "values", answer)  # a Series gives its values
    try:
        return tuple(values.tolist() if hasattr(values, "tolist") else values)
    except TypeError:
        return None


@check
def check_precision_recall(answer):
    """Check (precision, recall) of the dictionary for ``guiding_concept`` against the consensus coding."""
    if is_blank(answer):
        return empty("Replace None with two numbers in parentheses: answer = (precision, recall).")
    columns = getattr(answer, "columns", getattr(answer, "index", ()))
    if hasattr(answer, "values") and {"precision", "recall"} < {str(c) for c in columns}:
        return empty("You gave a whole row of the score table. Select only its precision and recall columns, "
                     "or compute the two values yourself as the worked example did: answer = (precision, recall).")
    values = _pair(answer)
    if values is None:
        return empty("Give two numbers, precision first, in parentheses: answer = (0.5, 0.25) "
                     f"(you gave {type(answer).__name__}).")
    if len(values) == 3:
        return empty("You gave three numbers; the check wants two: (precision, recall). Leave out the third "
                     "(F1, if that is what it is): answer = (precision, recall).")
    if len(values) != 2:
        return empty(f"You gave {len(values)} value(s); give exactly two, precision first: answer = (0.5, 0.25).")
    precision, recall = (as_number(v) for v in values)
    if precision is None or recall is None:
        return empty("Both values must be numbers between 0 and 1, such as (0.5, 0.25).")
    tp, fp, fn = (GUIDING_CONCEPT[k] for k in ("tp", "fp", "fn"))
    expected = (tp / (tp + fp), tp / (tp + fn))
    if all(abs(g - e) < 0.005 for g, e in zip((precision, recall), expected)):
        return correct(f"precision {expected[0]:.2f} (tp {tp} of the {tp + fp} sentences the dictionary "
                       f"coded) and recall {expected[1]:.2f} (tp {tp} of the {tp + fn} the coders coded).")
    if all(abs(g - 100 * e) < 0.5 for g, e in zip((precision, recall), expected)):
        return hint("Those look like percentages. Give both as proportions between 0 and 1 (divide by 100).")
    if all(abs(g - e) < 0.005 for g, e in zip((precision, recall), WORKED_EXAMPLE)):
        return hint("These are the worked example's values, for the code political_security. Repeat its steps "
                    "with the column guiding_concept instead.")
    if abs(precision - tp / (tp + fn)) < 0.005 and abs(recall - tp / (tp + fp)) < 0.005:
        return hint("The two values are swapped. Precision divides by what the dictionary coded (tp + fp); "
                    "recall by what the coders coded (tp + fn).")
    if abs(precision - expected[0]) < 0.005 or abs(recall - expected[1]) < 0.005:
        right, wrong = ("precision", "recall") if abs(precision - expected[0]) < 0.005 else ("recall", "precision")
        return hint(f"Your {right} is right, your {wrong} is not. Precision divides tp by what the dictionary coded "
                    "(tp + fp); recall divides tp by what the coders coded (tp + fn).")
    return hint("Count tp, fp and fn as in the worked example, with the column guiding_concept: precision = "
                "tp / (tp + fp) divides by the dictionary's codes, recall = tp / (tp + fn) by the coders' codes.")


#: The right letter of this multiple-choice exercise and the start of its option in the notebook (a test ties them).
ERROR_REASON = ("b", "*Security* has several senses")


@check
def check_error_reason(answer):
    """Check the multiple-choice answer on why 'security' makes false positives (b)."""
    if is_blank(answer):
        return empty('Write one letter in quotes: answer = "a".')
    if not isinstance(answer, str):
        return empty(f'Write the letter as text, in quotes: answer = "a" (you gave {type(answer).__name__}).')
    letter = answer.strip().lower().rstrip(".)")
    if letter == ERROR_REASON[0]:
        return correct("A word list matches forms, not senses. 'Security' here names national security, "
                       "social order ('social security prevention and control'), the security of a technology "
                       "('artificial intelligence security') and parts of fixed formulations; only a reader, or a "
                       "longer phrase as the entry, tells them apart.")
    feedback = {
        "a": "The coders may err, but they did not code these sentences for political security because they "
             "are about something else. Read the 'text' column: is 'security' used in one sense each time?",
        "c": "A codebook rule explained the false positive P1.S2 for social_governance, but not these. Read the "
             "sentences: 'social security prevention and control' (P7.S1) or 'artificial intelligence security' "
             "(P6.S3) is not political security under any rule; the word itself means different things.",
        "d": "Entries match whole words only: 'cybersecurity' is one token and does not match the entry 'security'. "
             "Look at the 'matched' column: each new false positive (a sentence that only the entry 'security' "
             "adds) matched 'security' as a word of its own. What does it mean in each of those sentences?",
    }
    if letter in feedback:
        return hint(feedback[letter])
    return empty('Choose one of the letters a, b, c or d, in quotes: answer = "b".')
