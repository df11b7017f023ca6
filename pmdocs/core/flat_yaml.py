"""The usual shape of front matter, read line by line instead of by libyaml.

Nearly all front matter is top-level ``key: value`` lines, lists written
``[a, b]`` or as ``- item`` lines under their key. Reading those lines
directly costs a fraction of composing libyaml's nodes, which was most of
the time pmdocs spent loading documents. Whatever else YAML allows (nesting,
strings over several lines or with escapes, anchors, tags, a key written
twice, a character YAML treats apart) is not read here: `read_flat` returns
None, and the front matter is read as YAML.

Plain values mean what `frontmatter` gives them (the YAML 1.2 core schema),
through the same function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["read_flat"]

# Every character libyaml reads as itself, less the tab and the line breaks
# YAML 1.1 knows beyond the newline (NEL, LS, PS) and the byte order mark.
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|\Z)")
_ITEM = re.compile(r"( *)- +")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)' *(?:#.*)?\Z")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)" *(?:#.*)?\Z')
_FLOW_LIST = re.compile(r"\[([^\[\]{}'\"#:]*)\] *(?:#.*)?\Z")
# What a plain value may not start with: YAML's indicators.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NEGATIVE_NUMBER = re.compile(r"-[0-9.]")
# Long lists go to libyaml, which counts them against its limit.
_MOST_ITEMS = 1_000


class _NotFlat(Exception):
    """The front matter has a shape this module does not read."""


def read_flat(yaml_text: str, plain: Callable[[str], Any], shared: Callable[[str], str]) -> Any:
    """The fields of flat front matter, or None when it is not flat.

    ``plain`` gives an unquoted value its meaning, ``shared`` the one string
    object for a text; a ``ValueError`` from ``plain`` means not flat.
    """
    if _UNUSUAL.search(yaml_text):
        return None
    try:
        fields = _Reader(plain, shared).read(yaml_text.split("\n"))
    except (_NotFlat, ValueError):
        return None
    return fields or None


class _Reader:
    def __init__(self, plain: Callable[[str], Any], shared: Callable[[str], str]) -> None:
        self.plain = plain
        self.shared = shared
        self.items = 0

    def read(self, lines: list[str]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        listing: str | None = None  # the key whose value may be the lines that follow
        indent = -1  # of the list's items
        for line in lines:
            if not line or line[0] == "#":
                continue
            if line[0] in " -":
                item = _ITEM.match(line)
                if item is None:
                    if line.lstrip(" ")[:1] in ("", "#"):
                        continue  # a blank line or a comment
                    raise _NotFlat
                if listing is None or indent not in (-1, len(item.group(1))):
                    raise _NotFlat
                if indent < 0:
                    fields[listing], indent = [], len(item.group(1))
                fields[listing].append(self.value(line[item.end() :], in_list=True))
                self.count_item()
                continue
            key = _KEY.match(line)
            if key is None or key.group(1) in fields:
                raise _NotFlat
            name, rest = self.shared(key.group(1)), line[key.end() :]
            listing, indent = None, -1
            if not rest or rest[0] == "#":
                fields[name], listing = None, name  # null, unless items follow
            else:
                fields[name] = self.value(rest, in_list=False)
        return fields

    def value(self, text: str, in_list: bool) -> Any:
        if not text:
            raise _NotFlat
        first = text[0]
        if first == "'":
            quoted = _SINGLE_QUOTED.match(text)
            if quoted is None:
                raise _NotFlat
            return self.shared(quoted.group(1).replace("''", "'"))
        if first == '"':
            quoted = _DOUBLE_QUOTED.match(text)
            if quoted is None:
                raise _NotFlat
            return self.shared(quoted.group(1))
        if first == "[" and not in_list:
            return self.flow_list(text)
        return self.plain_value(text)

    def flow_list(self, text: str) -> list[Any]:
        listed = _FLOW_LIST.match(text)
        if listed is None:
            raise _NotFlat
        inner = listed.group(1)
        if not inner.strip(" "):
            return []
        words = [word.strip(" ") for word in inner.split(",")]
        if not words[-1]:
            words.pop()  # a comma may end the list
        values = []
        for word in words:
            if not word or not _may_start_plain(word):
                raise _NotFlat
            values.append(self.meaning(word))
            self.count_item()
        return values

    def plain_value(self, text: str) -> Any:
        comment = text.find(" #")
        if comment >= 0:
            text = text[:comment]
        text = text.rstrip(" ")
        if not _may_start_plain(text) or ": " in text or text.endswith(":"):
            raise _NotFlat
        return self.meaning(text)

    def meaning(self, text: str) -> Any:
        value = self.plain(text)
        return self.shared(value) if isinstance(value, str) else value

    def count_item(self) -> None:
        self.items += 1
        if self.items > _MOST_ITEMS:
            raise _NotFlat


def _may_start_plain(text: str) -> bool:
    """Whether ``text`` starts as a plain value may (a negative number may start with "-")."""
    return text[0] not in _INDICATORS or _NEGATIVE_NUMBER.match(text) is not None
