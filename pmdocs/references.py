"""Inline references: ``[[PRD-012]]`` and ``[[PRD-012|text]]`` in Markdown bodies.

References inside fenced code blocks and code spans are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass

__all__ = ["Reference", "find_references", "names_unknown_id", "replace_references"]

_REFERENCE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
# A line that opens a block whose indented lines continue it: a list item, an
# admonition or collapsible block, a content tab.
_CONTAINER = re.compile(r"^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|^(?:!!!|\?\?\?\+?|===)[ \t]")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")


@dataclass(frozen=True)
class Reference:
    """One ``[[ID]]`` or ``[[ID|text]]``: ``line`` is 0-based in the body."""

    id: str
    text: str | None
    line: int
    column: int


def find_references(body: str) -> list[Reference]:
    """Every inline reference outside code, in order of appearance."""
    if "[[" not in body:
        return []
    return [ref for _, _, ref in _scan(body)]


def names_unknown_id(body: str, known: Container[str]) -> bool:
    """Whether any ``[[ID]]`` in ``body``, in code or not, names an id not in ``known``.

    Telling code from text takes a scan of every line, most of the cost of
    checking references; a page whose every bracketed id is known cannot have
    an unknown reference, so only the others need the scan.
    """
    if "[[" not in body:
        return False
    return any(ref_id.strip() not in known for ref_id, _ in _REFERENCE.findall(body))


def replace_references(body: str, render: Callable[[Reference], str | None]) -> str:
    """``body`` with every reference outside code replaced by ``render(reference)``.

    A reference for which ``render`` returns None stays as written.
    """
    if "[[" not in body:
        return body
    lines = body.split("\n")
    found = list(_scan(body))
    for line_index, start, ref in reversed(found):
        line = lines[line_index]
        end = _REFERENCE.match(line, start)
        replacement = render(ref)
        if end is not None and replacement is not None:
            lines[line_index] = line[:start] + replacement + line[end.end() :]
    return "\n".join(lines)


def _closes(marker: str, fence: str, line: str) -> bool:
    """A closing fence: the same character, at least as long, nothing after it."""
    same_kind = marker[0] == fence[0] and len(marker) >= len(fence)
    return same_kind and not line.strip().lstrip(fence[0])


def _scan(body: str) -> Iterator[tuple[int, int, Reference]]:
    fence: str | None = None
    after_blank = True  # the previous line was blank, or this is the first line
    indented_code = False  # inside an indented code block
    in_container = False  # inside a list item, admonition or tab
    for line_index, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and _closes(opening.group(1), fence, line):
                fence = None
            continue
        if not line.strip():
            after_blank = True
            continue
        indented = _INDENTED.match(line) is not None
        indented_code = indented and not in_container and (indented_code or after_blank)
        if not indented:
            opens = _CONTAINER.match(line) is not None
            in_container = opens or (in_container and not after_blank)
        after_blank = False
        if indented_code:
            continue
        if opening:
            fence = opening.group(1)
            continue
        if "[[" not in line:
            continue
        code = [match.span() for match in _CODE_SPAN.finditer(line)] if "`" in line else []
        for match in _REFERENCE.finditer(line):
            if any(start <= match.start() < end for start, end in code):
                continue
            ref_id = match.group(1).strip()
            text = match.group(2)
            yield line_index, match.start(), Reference(ref_id, text, line_index, match.start())
