"""The machinery every ``check_*`` function shares: print feedback, never raise.

A check is written as a plain function that looks at the learner's answer and
returns ``correct(...)``, ``empty(...)`` or ``hint(...)``. The ``@check``
decorator prints the result and catches anything unexpected, so a check never
shows a traceback. ``hint`` takes hints from general to specific: the first
wrong try shows the first, later tries the next ones (never the answer).

>>> @check
... def check_two(answer):
...     if answer is None:
...         return empty("Replace None with a number.")
...     return correct("Two it is.") if answer == 2 else hint("Count again.", "It is less than 3.")
>>> check_two(None)
✏️ No answer yet. Replace None with a number.
>>> check_two(2)
✅ Correct. Two it is.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections import Counter
from typing import Any, Callable, NamedTuple

from ..text import Speech, load_speech


class Feedback(NamedTuple):
    status: str  # "correct", "empty" or "wrong"
    messages: tuple[str, ...]


def correct(message: str) -> Feedback:
    """The answer is right; say why, and what it shows."""
    return Feedback("correct", (message,))


def empty(message: str) -> Feedback:
    """No answer yet, or one of the wrong kind (a number for a list...); say how to fill it in."""
    return Feedback("empty", (message,))


def hint(*messages: str) -> Feedback:
    """The answer is not right yet; name the likely misconception, general hints first."""
    return Feedback("wrong", tuple(messages) or ("Not quite. Re-read the instructions above the cell.",))


_LABELS = {"correct": "✅ Correct.", "empty": "✏️ No answer yet.", "form": "✏️ Not in the right form yet.",
           "wrong": "🔎 Not yet."}
_attempts: Counter = Counter()


def check(rule: Callable[..., Feedback]) -> Callable[..., None]:
    """Turn a rule that returns Feedback into a check that prints and never raises."""

    @functools.wraps(rule)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            feedback = rule(*args, **kwargs)
            if not isinstance(feedback, Feedback):
                raise TypeError("a rule must return correct(), empty() or hint()")
        except Exception:  # a check must never show a learner a traceback
            feedback = empty(
                "I could not read this answer. Look at the instructions above the cell for the form "
                "the answer should take (for example a string in quotes, or a list in [ ])."
            )
        status = feedback.status
        if status == "wrong":
            _attempts[rule.__name__] += 1
            message = feedback.messages[min(_attempts[rule.__name__], len(feedback.messages)) - 1]
        else:
            message = feedback.messages[0]
        if status == "empty" and args and not is_blank(args[0]):
            status = "form"  # something was given, but not in the form asked for
        print(f"{_LABELS[status]} {message}")

    run.rule = rule
    return run


def is_blank(answer: Any) -> bool:
    """True for None, NaN, an empty string or an empty collection.

    >>> is_blank(None), is_blank("  "), is_blank([]), is_blank("P1")
    (True, True, True, False)
    """
    if answer is None:
        return True
    if isinstance(answer, float) and math.isnan(answer):
        return True
    if isinstance(answer, str):
        return not answer.strip()
    try:
        return len(answer) == 0
    except TypeError:
        return False


def as_number(answer: Any) -> float | None:
    """The answer as a float if it is a finite real number (not a bool), else None.

    >>> as_number(3), as_number(0.5), as_number("3"), as_number(True), as_number(float("nan"))
    (3.0, 0.5, None, None, None)
    """
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def normalise_id(value: Any) -> str:
    """Tidy a sentence or paragraph ID as a learner might type it: ' p3.s2 ' -> 'P3.S2'.

    >>> normalise_id(" p3.s2 ")
    'P3.S2'
    """
    return str(value).strip().upper().replace(" ", "")


def course_text_only(speech: Speech | None) -> Feedback | None:
    """Feedback for checks whose expected answers belong to the course text only.

    Returns None when ``speech`` is the course text (or not given), else a polite note.
    """
    if speech is None or speech == load_speech():
        return None
    return empty(
        f"This check knows the answers for the course text only, and you are working on "
        f"{speech.source}. Compare your answer with a partner's or with the text itself."
    )
