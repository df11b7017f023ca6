"""Natural ordering of ids: ``PRD-2`` sorts before ``PRD-10``."""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=65536)  # ids are sorted many times over; the key is immutable
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that compares runs of digits as numbers and the rest as text.

    ``RISK-101`` sorts before ``RISK-1001``, and ``PRD-10`` before its
    extension ``PRD-10a``; equal numbers with different zero-padding fall
    back to the text so the order stays total.
    """
    parts: list[tuple[int, int | str]] = []
    for index, part in enumerate(_DIGITS.split(text)):
        if index % 2:
            parts.append((0, int(part)))
        elif part:
            parts.append((1, part))
    parts.append((-1, text))  # ends before any further part: a prefix sorts first
    return tuple(parts)
