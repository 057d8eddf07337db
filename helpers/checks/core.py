"""The machinery every ``check_*`` function shares: print the feedback a rule returns.

A check is written as a plain function (a *rule*) that looks at the learner's answer and returns
``correct(...)``, ``empty(...)``, ``form(...)``, ``hint(...)`` or ``note(...)``. The rule itself
deals with every answer a learner can give (a wrong type is ``form``, a wrong value is ``hint``), and
its hint names what is wrong with *this* answer: there is no attempt counter. An exception inside a
rule is a bug in the check, not in the answer: the learner sees a short message naming the check, and
when ``COURSE_STRICT_CHECKS`` is set (the test suite sets it) the exception is raised, so tests fail.

>>> @check
... def check_two(answer):
...     if answer is None:
...         return empty("Replace None with a number.")
...     return correct("Two it is.") if answer == 2 else hint("Count again.")
>>> check_two(None)
✏️ No answer yet. Replace None with a number.
>>> check_two(2)
✅ Correct. Two it is.
>>> check_two.rule(3).status
'wrong'
"""

from __future__ import annotations

import functools
import math
import numbers
import os
from typing import Any, Callable, NamedTuple

from ..text import Speech, load_speech

#: Set (to anything but "" or "0") to raise a check's own errors instead of printing a short message.
STRICT = "COURSE_STRICT_CHECKS"


class Feedback(NamedTuple):
    status: str  # "correct", "empty", "form", "wrong" or "note"
    message: str


def correct(message: str) -> Feedback:
    """The answer is right; say why, and what it shows."""
    return Feedback("correct", message)


def empty(message: str) -> Feedback:
    """No answer yet, or one of the wrong kind (a number for a list...); say how to fill it in.

    When the learner did give something, the label says "Not in the right form yet" instead.
    """
    return Feedback("empty", message)


def form(message: str) -> Feedback:
    """An answer of the wrong kind (a number for a list, one string for a list...); say how to fix it."""
    return Feedback("form", message)


def hint(message: str) -> Feedback:
    """The answer is not right yet; name what is wrong with this answer, without giving the answer."""
    return Feedback("wrong", message)


def note(message: str) -> Feedback:
    """No verdict: say why (for example, the check knows the answer for the course text only)."""
    return Feedback("note", message)


LABELS = {"correct": "✅ Correct.", "empty": "✏️ No answer yet.", "form": "✏️ Not in the right form yet.",
          "wrong": "🔎 Not yet.", "note": "ℹ️ Note.", "broken": "⚠️ This check has a problem of its own."}


def strict() -> bool:
    """True when a check's own errors should be raised (the test suite sets COURSE_STRICT_CHECKS=1)."""
    return os.environ.get(STRICT, "") not in ("", "0")


def check(rule: Callable[..., Feedback]) -> Callable[..., None]:
    """Turn a rule that returns Feedback into a check that prints it.

    An exception in the rule is the check's bug: the learner is told so (never "not in the right form"),
    and in strict mode (the tests) it is raised.
    """

    @functools.wraps(rule)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            feedback = rule(*args, **kwargs)
            if not isinstance(feedback, Feedback):
                raise TypeError(f"{rule.__name__} returned {feedback!r}, not correct(), empty(), form(), "
                                "hint() or note()")
        except Exception as exc:
            if strict():
                raise
            print(f"{LABELS['broken']} {rule.__name__} failed ({type(exc).__name__}), so it cannot judge "
                  "your answer, which may be right. Compare it with the instructions above the cell, and "
                  "tell your instructor which check failed.")
            return
        status = feedback.status
        if status == "empty" and args and not is_blank(args[0]):
            status = "form"  # something was given, but not in the form asked for
        print(f"{LABELS[status]} {feedback.message}")

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

    Returns None when ``speech`` is the course text (or not given), else a note (no verdict).
    """
    if speech is None or speech == load_speech():
        return None
    return note(
        f"This check knows the answers for the course text only, and you are working on "
        f"{speech.source}. Compare your answer with a partner's or with the text itself."
    )
