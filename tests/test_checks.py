"""Every check_* prints feedback and never raises, whatever it is given."""

import contextlib
import io
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers.checks as checks
from helpers.checks.core import check, correct, empty, hint, is_blank

CHECKS = sorted(name for name in dir(checks) if name.startswith("check_"))
LABELS = ("✅ Correct.", "✏️ No answer yet.", "✏️ Not in the right form yet.", "🔎 Not yet.")

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


def test_there_are_checks():
    assert CHECKS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=anything)
def test_checks_never_raise(answer):
    for name in CHECKS:
        result, printed = _printed(getattr(checks, name), answer)
        assert result is None
        assert printed.startswith(LABELS), f"{name} printed {printed[:80]!r}"


def test_rule_that_crashes_still_gives_feedback():
    @check
    def check_crash(answer):
        return 1 / 0

    _, printed = _printed(check_crash, 1)
    assert printed.startswith("✏️ Not in the right form yet.") and "Traceback" not in printed
    _, printed = _printed(check_crash, None)
    assert printed.startswith("✏️ No answer yet.")


def test_hints_go_from_general_to_specific_and_stop_at_the_last():
    @check
    def check_hints(answer):
        return correct("yes") if answer == 1 else hint("general", "specific")

    assert [_printed(check_hints, 0)[1] for _ in range(3)] == ["🔎 Not yet. general\n", "🔎 Not yet. specific\n",
                                                               "🔎 Not yet. specific\n"]
    assert _printed(check_hints, 1)[1] == "✅ Correct. yes\n"


def test_blank_answers():
    assert all(is_blank(v) for v in (None, math.nan, "", "  ", [], {}, ()))
    assert not any(is_blank(v) for v in (0, "a", [None], False))
    assert empty("x").status == "empty"
