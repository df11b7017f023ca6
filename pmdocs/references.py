"""Inline references: ``[[PRD-012]]`` and ``[[PRD-012|text]]`` in Markdown bodies.

References inside fenced code blocks and code spans are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from typing import NamedTuple

from pmdocs.validate import normal_id

__all__ = ["Reference", "find_references", "names_unknown_id", "replace_references"]

_REFERENCE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
# A line that opens a block whose indented lines continue it: a list item, an
# admonition or collapsible block, a content tab.
_CONTAINER = re.compile(r"^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|^(?:!!!|\?\?\?\+?|===)[ \t]")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")


class Reference(NamedTuple):
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
    parts: list[str] = []
    done = 0
    for start, end, ref in _scan(body):
        replacement = render(ref)
        if replacement is not None:
            parts += (body[done:start], replacement)
            done = end
    parts.append(body[done:])
    return "".join(parts)


def _scan(body: str) -> list[tuple[int, int, Reference]]:
    """Every reference outside code, with its start and end offset in ``body``."""
    if "```" not in body and "~~~" not in body:
        found = _scan_text(body)
        if found is not None:
            return found
    return list(_scan_blocks(body))


def _scan_text(body: str) -> list[tuple[int, int, Reference]] | None:
    """The references of a body without fences; None if one is on an indented line.

    Most bodies: then no reference is in a code block and only code spans
    count, which needs no look at the lines without references.
    """
    found: list[tuple[int, int, Reference]] = []
    line_index = 0
    counted = 0  # offset up to which line breaks are counted in line_index
    line_start = -1
    spans: list[tuple[int, int]] = []  # the code spans of the line at line_start
    for match in _REFERENCE.finditer(body):
        start = match.start()
        line_index += body.count("\n", counted, start)
        counted = start
        this_line = body.rfind("\n", 0, start) + 1
        if this_line != line_start:  # the first reference on its line
            line_start = this_line
            line_end = body.find("\n", start)
            line = body[line_start:] if line_end < 0 else body[line_start:line_end]
            if _INDENTED.match(line):
                return None
            spans = _code_spans(line)
        column = start - line_start
        if _inside(column, spans):
            continue
        found.append((start, match.end(), _reference(match, line_index, column)))
    return found


def _scan_blocks(body: str) -> Iterator[tuple[int, int, Reference]]:
    """The references of any body, following its fenced and indented code blocks."""
    fence: str | None = None
    after_blank = True  # the previous line was blank, or this is the first line
    indented_code = False  # inside an indented code block
    in_container = False  # inside a list item, admonition or tab
    line_start = 0
    for line_index, line in enumerate(body.split("\n")):
        offset = line_start
        line_start += len(line) + 1
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
        spans = _code_spans(line)
        for match in _REFERENCE.finditer(line):
            column = match.start()
            if _inside(column, spans):
                continue
            end = offset + match.end()
            yield offset + column, end, _reference(match, line_index, column)


def _closes(marker: str, fence: str, line: str) -> bool:
    """A closing fence: the same character, at least as long, nothing after it."""
    same_kind = marker[0] == fence[0] and len(marker) >= len(fence)
    return same_kind and not line.strip().lstrip(fence[0])


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Start and end columns of the code spans in ``line``."""
    return [match.span() for match in _CODE_SPAN.finditer(line)] if "`" in line else []


def _inside(column: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= column < end for start, end in spans)


def _reference(match: re.Match[str], line_index: int, column: int) -> Reference:
    return Reference(normal_id(match.group(1).strip()), match.group(2), line_index, column)
