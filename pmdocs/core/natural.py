"""Natural ordering of ids: ``PRD-2`` sorts before ``PRD-10``."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["NaturalKey", "natural_key"]

_DIGITS = re.compile(r"(\d+)")
# Python reads at most a few thousand digits as a number; longer runs compare
# by their length once leading zeros are gone, then by their digits.
_LONGEST_NUMBER = 300
_Part = tuple[int, int | str] | tuple[int, int, str]
NaturalKey = tuple[_Part, ...]
# Parts recur from key to key ("PRD-", "prd/", "001", ".md"): one shared pair
# each, instead of a new tuple and string in every cached key.
_PARTS: dict[str, _Part] = {}
_PARTS_KEPT = 65536


@lru_cache(maxsize=65536)  # ids are sorted many times over; the key is immutable
def natural_key(text: str) -> NaturalKey:
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
    """``(0, number)`` for a run of digits, ``(2, text)`` for the text between.

    A run of more than `_LONGEST_NUMBER` significant digits is ``(1, length,
    digits)``: after every shorter number, as its value is, and before text.
    """
    pair: _Part
    if not number:
        pair = (2, part)
    elif len(part) <= _LONGEST_NUMBER:
        pair = (0, int(part))
    else:
        significant = part.lstrip("0")
        if len(significant) <= _LONGEST_NUMBER:
            pair = (0, int(significant or "0"))
        else:
            pair = (1, len(significant), significant)
    if len(_PARTS) < _PARTS_KEPT:
        _PARTS[part] = pair
    return pair
