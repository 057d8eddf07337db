"""The check wrapper: feedback by status, no attempt counter, and a check's own bug is a bug."""

import contextlib
import io
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers.checks as checks
from helpers.checks.core import STRICT, check, correct, empty, hint, is_blank, note

CHECKS = sorted(name for name in dir(checks) if name.startswith("check_"))
ANSWER_LABELS = ("✅ Correct.", "✏️ No answer yet.", "✏️ Not in the right form yet.", "🔎 Not yet.", "ℹ️ Note.")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=50), st.just(""), st.just("x" * 100_000), st.just(math.nan),
                    st.just("P2.S1"), st.just("p3.s2"))
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=6), st.tuples(inner, inner), st.dictionaries(st.text(max_size=8), inner, max_size=4),
    st.sets(st.text(max_size=5), max_size=4)), max_leaves=12)


def _printed(fn, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn(*args)
    return result, out.getvalue()


def test_the_suite_runs_checks_in_strict_mode():
    import os
    assert os.environ.get(STRICT) == "1"  # set by conftest.py, so a check's own error fails the test


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=anything)
def test_every_check_handles_any_answer_without_an_error_of_its_own(answer):
    """Strict mode re-raises a rule's exception, so this fails on any answer a rule cannot handle."""
    for name in CHECKS:
        result, printed = _printed(getattr(checks, name), answer)
        assert result is None
        assert printed.startswith(ANSWER_LABELS), f"{name} printed {printed[:80]!r}"


@check
def check_crash(answer):
    if answer == "hint branch":
        return hint(undefined_name)  # noqa: F821 - the mutation the issue names: a NameError in a hint branch
    return 1 / 0


def test_a_check_that_crashes_fails_the_tests():
    with pytest.raises(ZeroDivisionError):
        check_crash(1)
    with pytest.raises(NameError):
        check_crash("hint branch")


def test_a_check_that_crashes_tells_the_learner_it_is_the_checks_problem(monkeypatch):
    monkeypatch.delenv(STRICT)
    for answer in (1, "hint branch", None):
        _, printed = _printed(check_crash, answer)
        assert printed.startswith("⚠️ This check has a problem of its own.") and "check_crash" in printed
        assert "may be right" in printed and "right form" not in printed and "Traceback" not in printed


def test_a_rule_that_returns_no_feedback_is_a_bug():
    @check
    def check_nothing(answer):
        return "yes"

    with pytest.raises(TypeError, match="check_nothing"):
        check_nothing(1)


def test_hints_do_not_change_with_the_attempt_number():
    @check
    def check_hints(answer):
        return correct("yes") if answer == 1 else hint("why 0 is wrong" if answer == 0 else "generic")

    assert {_printed(check_hints, 0)[1] for _ in range(3)} == {"🔎 Not yet. why 0 is wrong\n"}
    assert _printed(check_hints, 2)[1] == "🔎 Not yet. generic\n"
    assert _printed(check_hints, 1)[1] == "✅ Correct. yes\n"


def test_labels_by_status():
    @check
    def check_labels(answer, status):
        return {"empty": empty, "note": note}[status]("message")

    assert _printed(check_labels, None, "empty")[1] == "✏️ No answer yet. message\n"
    assert _printed(check_labels, "x", "empty")[1] == "✏️ Not in the right form yet. message\n"
    assert _printed(check_labels, "x", "note")[1] == "ℹ️ Note. message\n"  # a note is never "not in the right form"


def test_blank_answers():
    assert all(is_blank(v) for v in (None, math.nan, "", "  ", [], {}, ()))
    assert not any(is_blank(v) for v in (0, "a", [None], False))
