"""Finding the ```` ```pmdocs ```` fenced code blocks of a page, as CommonMark reads fences.

One pass over the lines, in linear time. A fence opens with three or more
backticks or tildes, indented at most three spaces (inside a blockquote or a
list item: relative to its content), and closes with at least as many of the
same character and nothing else. Only a fence whose info string's first word
is ``pmdocs`` is a query; fences inside other fences (a ```` ```markdown ````
block showing an example) and indented code blocks are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QueryBlock", "find_query_blocks", "may_hold_query_blocks"]

INFO_WORD = "pmdocs"
# A cheap test a page must pass before its lines are looked at.
_MAYBE = re.compile(r"(?:```|~~~)[ \t]*pmdocs")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)\Z")
_QUOTE = re.compile(r" {0,3}> ?")
_LIST_MARKER = re.compile(r"([-+*]|[0-9]{1,9}[.)])( {1,4}|[ \t]*\Z)")


@dataclass(frozen=True)
class QueryBlock:
    """One ```` ```pmdocs ```` block of a page.

    ``yaml`` is the text between the fences with the fence's indentation
    (and container prefix) removed from each line. ``line`` is the 1-based
    line, in the Markdown given, of the first YAML line; ``shifts[i]`` is
    how many characters were removed from YAML line ``i + 1`` (add it to a
    column). ``start_line``/``end_line`` are the 1-based lines of the opening
    and closing fence (the last line when the fence is never closed);
    ``start``/``end`` are offsets in the Markdown from the first fence
    character to just after the closing fence's characters, so that
    ``markdown[:start] + replacement + markdown[end:]`` replaces the block;
    lines of the replacement after its first should start with ``indent``,
    the prefix (spaces, ``>``) of the block's lines.
    """

    yaml: str
    line: int
    start_line: int
    end_line: int
    start: int
    end: int
    indent: str
    shifts: tuple[int, ...] = ()
    closed: bool = True


@dataclass
class _Container:
    """Where the content of the lines begins: blockquote depth and list indentation."""

    quotes: int
    column: int


def may_hold_query_blocks(markdown: str) -> bool:
    """Whether ``markdown`` might hold a query block (no false negatives for fences
    written as CommonMark allows: ``` ``` pmdocs ```, ``~~~pmdocs``)."""
    return _MAYBE.search(markdown) is not None


def _strip_quotes(line: str, most: int | None = None) -> tuple[int, int]:
    """How many ``>`` markers start ``line`` (at most ``most``) and where its content starts."""
    count, at = 0, 0
    while most is None or count < most:
        found = _QUOTE.match(line, at)
        if found is None:
            break
        count, at = count + 1, found.end()
    return count, at


def _indentation(line: str, at: int) -> tuple[int, int]:
    """Width of the spaces and tabs of ``line`` from ``at`` (tabs to the next multiple of 4),
    and the offset of the first other character."""
    width = 0
    while at < len(line) and line[at] in " \t":
        width = width + 4 - width % 4 if line[at] == "\t" else width + 1
        at += 1
    return width, at


def find_query_blocks(markdown: str) -> list[QueryBlock]:
    """Every ```` ```pmdocs ```` fenced block of ``markdown``, in order."""
    if not may_hold_query_blocks(markdown):
        return []
    lines = markdown.split("\n")
    offsets = []
    total = 0
    for text in lines:
        offsets.append(total)
        total += len(text) + 1
    blocks: list[QueryBlock] = []
    lists: list[int] = []  # content columns of the open list items, innermost last
    index = 0
    while index < len(lines):
        line = lines[index]
        quotes, at = _strip_quotes(line)
        width, content = _indentation(line, at)
        if content == len(line):  # blank: containers stay open
            index += 1
            continue
        while lists and width < lists[-1]:
            lists.pop()
        base = lists[-1] if lists else 0
        marker = _LIST_MARKER.match(line, content) if width - base <= 3 else None
        if marker is not None:
            spaces = len(marker.group(2)) if marker.end() < len(line) else 1
            column = width + len(marker.group(1)) + spaces
            lists.append(column)
            base = column
            content = marker.end()
            width = base
        fence = _FENCE.match(line, content) if width - base <= 3 else None
        if fence is None or (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            index += 1
            continue
        index = _read_fence(
            lines, offsets, index, fence, _Container(quotes, base), width - base, blocks
        )
    return blocks


def _read_fence(
    lines: list[str],
    offsets: list[int],
    opening: int,
    fence: re.Match[str],
    container: _Container,
    fence_indent: int,
    blocks: list[QueryBlock],
) -> int:
    """Read the fence opened at line ``opening``; record it when it is a query; the next line."""
    marks = fence.group(1)
    info = fence.group(2).strip().split(maxsplit=1)
    is_query = bool(info) and info[0] == INFO_WORD
    first_line = lines[opening]
    indent = _prefix(first_line, fence.start())
    body: list[str] = []
    shifts: list[int] = []
    index = opening + 1
    closed = False
    end_line = len(lines) - 1
    end = offsets[-1] + len(lines[-1])
    while index < len(lines):
        line = lines[index]
        quotes, at = _strip_quotes(line, container.quotes)
        if quotes < container.quotes:  # the blockquote ended, and the fence with it
            end_line, end = index - 1, offsets[index] - 1
            break
        width, content = _indentation(line, at)
        blank = content == len(line)
        if not blank and width < container.column:  # the list item ended
            end_line, end = index - 1, offsets[index] - 1
            break
        if not blank and width - container.column <= 3:
            closing = line[content:].rstrip(" \t")
            if len(closing) >= len(marks) and closing == marks[0] * len(closing):
                closed = True
                end_line, end = index, offsets[index] + content + len(closing)
                index += 1
                break
        removed = _remove_indent(line, at, container.column + fence_indent)
        body.append(line[removed:])
        shifts.append(removed)
        index += 1
    if is_query:
        blocks.append(
            QueryBlock(
                yaml="\n".join(body) + ("\n" if body else ""),
                line=opening + 2,
                start_line=opening + 1,
                end_line=end_line + 1,
                start=offsets[opening] + fence.start(),
                end=end,
                indent=indent,
                shifts=tuple(shifts),
                closed=closed,
            )
        )
    return index


def _prefix(line: str, fence_start: int) -> str:
    """The prefix the lines of a block share: the text before the fence, a list marker
    written as spaces."""
    before = line[:fence_start]
    _, at = _strip_quotes(before)
    return before[:at] + " " * len(before[at:].expandtabs(4))


def _remove_indent(line: str, at: int, width: int) -> int:
    """Offset in ``line`` after at most ``width`` columns of indentation from ``at``."""
    column = 0
    while at < len(line) and line[at] in " \t" and column < width:
        column = column + 4 - column % 4 if line[at] == "\t" else column + 1
        at += 1
    return at
