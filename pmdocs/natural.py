"""Natural ordering of ids: ``PRD-2`` sorts before ``PRD-10``."""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = re.compile(r"(\d+)")
_Part = tuple[int, int | str]
# Parts recur from key to key ("PRD-", "prd/", "001", ".md"): one shared pair
# each, instead of a new tuple and string in every cached key.
_PARTS: dict[str, _Part] = {}
_PARTS_KEPT = 65536


@lru_cache(maxsize=65536)  # ids are sorted many times over; the key is immutable
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that compares runs of digits as numbers and the rest as text.

    ``RISK-101`` sorts before ``RISK-1001``, and ``PRD-10`` before its
    extension ``PRD-10a``; equal numbers with different zero-padding fall
    back to the text so the order stays total.
    """
    parts: list[_Part] = []
    for index, part in enumerate(_DIGITS.split(text)):
        if index % 2 or part:
            parts.append(_PARTS.get(part) or _part(part, number=bool(index % 2)))
    parts.append((-1, text))  # ends before any further part: a prefix sorts first
    return tuple(parts)


def _part(part: str, number: bool) -> _Part:
    """``(0, number)`` for a run of digits, ``(1, text)`` for the text between."""
    pair: _Part = (0, int(part)) if number else (1, part)
    if len(_PARTS) < _PARTS_KEPT:
        _PARTS[part] = pair
    return pair
