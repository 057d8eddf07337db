"""One check for every count or size a learner passes (window, top, min_count, resamples, n, ...).

The message always names the parameter, the value given and what is allowed, then a fix.
"""

from __future__ import annotations

import numbers


def whole_number(value, name: str, minimum: int = 1, meaning: str = "a count", example: int | None = None) -> int:
    """``value`` as an ``int`` when it is a whole number of at least ``minimum``; otherwise a ValueError.

    >>> whole_number(5, "window")
    5
    >>> whole_number(2.5, "window", meaning="words on each side")
    Traceback (most recent call last):
    ...
    ValueError: window=2.5 is not allowed: it must be a whole number of at least 1 (words on each side). Fix: for example window=5.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        shown = max(minimum, 5) if example is None else example
        raise ValueError(f"{name}={value!r} is not allowed: it must be a whole number of at least {minimum} "
                         f"({meaning}). Fix: for example {name}={shown}.")
    return int(value)
