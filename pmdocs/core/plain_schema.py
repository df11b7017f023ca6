"""A quick "certainly valid" for values that plainly fit a field's JSON Schema.

Most front matter is a short string, a number in a range or a value of an enum.
Saying yes to those in Python spares every build the JSON Schema library:
its code and its compiled validators cost several MiB, more than a build's
own data. A check here answers only "certainly valid" or "not sure"; for a
value it is not sure of, and for a schema with a keyword it does not know,
the library decides, so every diagnostic still comes from the library.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sized
from typing import Any

__all__ = ["Check", "certain_check", "plain_matcher"]

# True only when the value certainly satisfies the schema the check was made from.
Check = Callable[[Any], bool]

# Keywords that say nothing about validity once formats are annotations.
_ANNOTATIONS = frozenset(
    {"description", "title", "format", "default", "examples", "$comment", "deprecated"}
)
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}
_JSON_VALUE_TYPES = frozenset({str, int, float, bool, type(None), list, dict})
# Beyond this an integer is no longer exact as a double, which a validator may compare in.
_EXACT_INTEGER = 2**53

# The pieces of a pattern this module matches itself: literals, classes without
# set operations, the escapes whose ASCII meaning is a subset of their Unicode
# one, groups without flags, alternation, anchors and repetition (not `.`, whose
# line breaks differ between engines). A value that matches under Python's ASCII
# rules then matches under the library's too.
_PATTERN_TOKEN = re.compile(
    r"""(?P<atom> [^\\\[\](){}|^$.*+?] | \\[dws.\-\\/()\[\]{}|^$*+?]
          | \[(?!\^)(?:[^\\\[\]^]|\\[dws.\-\\\]])+\] )
      | (?P<open> \(\?: | \((?!\?) ) | (?P<close> \) ) | (?P<anchor> [\^$] ) | (?P<either> \| )
      | (?P<exact> \{[0-9]{1,3}\}\?? ) | (?P<repeat> (?:[*+]|\{[0-9]{1,3},[0-9]{0,3}\})\?? )
      | (?P<optional> \?\?? )""",
    re.VERBOSE,
)
_CLASS_SET_OPERATIONS = ("&&", "--", "~~", "||")
# Python's engine backtracks: with one repetition and two choices at most, and values
# of at most this length, no pattern makes a match take more than a moment.
_LONGEST_MATCHED = 256


def plain_matcher(pattern: str) -> Callable[[str], bool] | None:
    """A test that ``pattern`` certainly matches a string, or None when the pattern
    is beyond what this module matches alike and at once."""
    if not _is_plain_pattern(pattern):
        return None
    try:
        search = re.compile(pattern, re.ASCII).search
    except re.error:
        return None
    # Python's `$` also matches before a final line break; JSON Schema's does not.
    return lambda text: (
        len(text) <= _LONGEST_MATCHED and "\n" not in text and search(text) is not None
    )


def _is_plain_pattern(pattern: str) -> bool:
    if any(operation in pattern for operation in _CLASS_SET_OPERATIONS):
        return False
    repeats = choices = end = 0
    previous = None
    for token in _PATTERN_TOKEN.finditer(pattern):
        kind = token.lastgroup
        if token.start() != end or not _may_follow(kind, previous):
            return False
        repeats += kind == "repeat"
        choices += kind in ("repeat", "optional", "either")
        previous, end = kind, token.end()
    return end == len(pattern) and repeats <= 1 and choices <= 2


def _may_follow(kind: str | None, previous: str | None) -> bool:
    """Repetition only of a single character, an optional group, or an optional character."""
    if kind in ("exact", "repeat"):
        return previous == "atom"
    if kind == "optional":
        return previous in ("atom", "close")
    return True


def certain_check(schema: Any) -> Check | None:
    """A check of values against ``schema``, or None when the schema uses a keyword
    this module does not judge."""
    if schema is True:
        return _always
    if not isinstance(schema, Mapping):
        return None
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        make = _KEYWORDS.get(keyword)
        check = make(value, schema) if make is not None else None
        if check is None:
            return None
        checks.append(check)
    if not any(keyword in schema for keyword in ("type", "enum", "const")):
        checks.insert(0, _is_json_value)
    return _all_of(checks)


def _always(value: Any) -> bool:
    return True


def _is_json_value(value: Any) -> bool:
    return type(value) in _JSON_VALUE_TYPES


def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _is_plain_number(value: Any) -> bool:
    if type(value) is int:
        return -_EXACT_INTEGER <= value <= _EXACT_INTEGER
    return type(value) is float and math.isfinite(value)


def _type(names: Any, schema: Mapping[str, Any]) -> Check | None:
    listed = [names] if isinstance(names, str) else names
    if not isinstance(listed, list) or not all(name in _JSON_TYPES for name in listed):
        return None
    allowed = frozenset(kind for name in listed for kind in _JSON_TYPES[name])
    numeric = bool(allowed & {int, float})
    # bool is a subclass of int in Python, never a number in JSON: types compare exactly.
    return lambda value: (
        type(value) in allowed
        and (not numeric or type(value) not in (int, float) or _is_plain_number(value))
    )


def _scalar_key(value: Any) -> tuple[type, Any] | None:
    if type(value) in (str, bool, type(None)) or (type(value) is int and _is_plain_number(value)):
        return type(value), value
    return None


def _enum(values: Any, schema: Mapping[str, Any]) -> Check | None:
    if not isinstance(values, list):
        return None
    keys = frozenset(key for key in map(_scalar_key, values) if key is not None)
    return lambda value: _scalar_key(value) in keys


def _const(value: Any, schema: Mapping[str, Any]) -> Check | None:
    return _enum([value], schema)


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Mapping[str, Any]], Check | None]:
    def make(limit: Any, schema: Mapping[str, Any]) -> Check | None:
        if not _is_plain_number(limit):
            return None
        return lambda value: (
            type(value) not in (int, float) or (_is_plain_number(value) and compare(value, limit))
        )

    return make


def _length(
    kind: type[Sized], compare: Callable[[int, int], bool]
) -> Callable[[Any, Mapping[str, Any]], Check | None]:
    def make(limit: Any, schema: Mapping[str, Any]) -> Check | None:
        if type(limit) is not int:
            return None

        def check(value: Any) -> bool:
            # Python counts a string's code points, as JSON Schema does.
            return not isinstance(value, kind) or compare(len(value), limit)

        return check

    return make


def _pattern(pattern: Any, schema: Mapping[str, Any]) -> Check | None:
    matches = plain_matcher(pattern) if isinstance(pattern, str) else None
    if matches is None:
        return None
    return lambda value: type(value) is not str or matches(value)


def _items(items: Any, schema: Mapping[str, Any]) -> Check | None:
    check = certain_check(items)
    if check is None:
        return None
    return lambda value: type(value) is not list or all(check(item) for item in value)


def _properties(properties: Any, schema: Mapping[str, Any]) -> Check | None:
    if not isinstance(properties, Mapping):
        return None
    checks = _checks_of(list(properties.values()))
    if checks is None:
        return None
    named = list(zip(properties, checks, strict=True))
    return lambda value: (
        type(value) is not dict
        or all(name not in value or check(value[name]) for name, check in named)
    )


def _required(names: Any, schema: Mapping[str, Any]) -> Check | None:
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return None
    return lambda value: type(value) is not dict or all(name in value for name in names)


def _any_of(schemas: Any, schema: Mapping[str, Any]) -> Check | None:
    checks = _checks_of(schemas) if isinstance(schemas, list) and schemas else None
    if checks is None:
        return None
    return lambda value: any(check(value) for check in checks)


def _checks_of(schemas: list[Any]) -> list[Check] | None:
    """A check of each of ``schemas``, or None when one of them is beyond this module."""
    checks = []
    for schema in schemas:
        check = certain_check(schema)
        if check is None:
            return None
        checks.append(check)
    return checks


_KEYWORDS: dict[str, Callable[[Any, Mapping[str, Any]], Check | None]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "minimum": _bound(lambda value, limit: value >= limit),
    "maximum": _bound(lambda value, limit: value <= limit),
    "exclusiveMinimum": _bound(lambda value, limit: value > limit),
    "exclusiveMaximum": _bound(lambda value, limit: value < limit),
    "minLength": _length(str, lambda length, limit: length >= limit),
    "maxLength": _length(str, lambda length, limit: length <= limit),
    "minItems": _length(list, lambda length, limit: length >= limit),
    "maxItems": _length(list, lambda length, limit: length <= limit),
    "pattern": _pattern,
    "items": _items,
    "properties": _properties,
    "required": _required,
    "anyOf": _any_of,
}
