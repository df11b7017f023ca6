"""Inline references: ``[[PRD-012]]`` and ``[[PRD-012|text]]`` in Markdown bodies.

A reference is one that Markdown would show as text where a link can stand.
Left as written, and not references, are those in code (fenced and indented
code blocks, code spans, also over several lines of a paragraph), escaped
ones (``\\[[ID]]``, which Markdown shows as ``[[ID]]``), those in a link's or
an image's text or address, inside an HTML tag (an attribute) or comment, and
inside the HTML elements a link cannot stand in (``<a>``, ``<code>``,
``<pre>``, ...). The scan follows Python-Markdown, which renders the pages,
and takes time linear in the body whatever it holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from pmdocs.core.validate import normal_id

__all__ = ["Reference", "find_references", "names_unknown_id", "replace_references"]

_REFERENCE = re.compile(r"\[\[(?P<id>[^\[\]|\n]+?)(?:\|(?P<text>[^\[\]\n]*))?\]\]")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
# An indented line that could be code and holds something that changes how
# the text around it reads: only then does the scan follow the blocks.
_INDENTED_SPECIAL_LINE = r"(?: {4}|\t)[^\n]*?[\[\]()`<>]"
_INDENTED_SPECIAL = re.compile(_INDENTED_SPECIAL_LINE)
# The same after a line break: a pattern that starts with a character is
# searched for that character first, where `^` would try every offset.
_LATER_INDENTED_SPECIAL = re.compile("\n" + _INDENTED_SPECIAL_LINE)
# A line that opens a block whose indented lines continue it: a list item, an
# admonition or collapsible block, a content tab.
_CONTAINER = re.compile(r"^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|^(?:!!!|\?\?\?\+?|===)[ \t]")
# Where a paragraph ends, as Python-Markdown splits blocks: at a blank line
# and before a heading (quote markers and indentation aside); in a block that
# starts with a list item, also before each item.
_PARAGRAPH_BREAK = re.compile(r"\n(?=[ \t>]*(?:\n|$|#))")
_STARTS_PARAGRAPH = re.compile(r"[ \t>]*(?:\n|$|#)")
_LIST_ITEM = re.compile(r"[ \t>]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
_LIST_ITEM_BREAK = re.compile(r"\n(?=[ \t>]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$))")
_BACKTICKS = re.compile(r"`+")
# What changes the meaning of the text after it, in the order Python-Markdown
# reads a paragraph once its code spans are taken: escapes, HTML (tags as
# its own pattern finds them, comments, e-mail autolinks), references, and
# the brackets and parentheses of links and images.
_INLINE = re.compile(
    r"(?P<escape>\\[\\`*_{}\[\]()>#+\-.!])"
    r"|(?P<comment><!--)"
    r"|(?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)[^<>]*>)"
    r"|<[^<> !]+@[^@<> ]+>"
    r"|(?P<reference>\[\[(?P<id>[^\[\]|\n]+?)(?:\|(?P<text>[^\[\]\n]*))?\]\])"
    r"|(?P<bracket>[\[\]()])"
)
# What makes a paragraph's references more than its `_REFERENCE` matches
# (looked for with `str.find`: a regex alternation tries each offset).
_NOT_PLAIN = ("`", "<", "\\", "](")
# The characters every alternative of `_INLINE` starts with: searched for
# first, since a search for `_INLINE` tries each alternative at each offset.
_SPECIAL = re.compile(r"[\\<\[\]()]")
# Elements inside which a link cannot stand, or whose text is not Markdown.
_NO_LINK_ELEMENTS = frozenset(
    {"a", "button", "code", "kbd", "pre", "samp", "script", "style", "textarea", "title"}
)


class Reference(NamedTuple):
    """One ``[[ID]]`` or ``[[ID|text]]``: ``line`` is 0-based in the body.

    ``text`` is None when none is given (``[[ID]]``, ``[[ID|]]``).
    """

    id: str
    text: str | None
    line: int
    column: int


def find_references(body: str) -> list[Reference]:
    """Every inline reference, in order of appearance."""
    if "[[" not in body:
        return []
    return [ref for _, _, ref in _scan(body)]


def names_unknown_id(body: str, known: Container[str]) -> bool:
    """Whether any ``[[ID]]`` in ``body``, a reference or not, names an id not in ``known``.

    Telling references from text takes a scan of the body, most of the cost
    of checking references; a page whose every bracketed id is known cannot
    have an unknown reference, so only the others need the scan.
    """
    if "[[" not in body:
        return False
    return any(ref_id.strip() not in known for ref_id, _ in _REFERENCE.findall(body))


def replace_references(body: str, render: Callable[[Reference], str | None]) -> str:
    """``body`` with every reference replaced by ``render(reference)``.

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
    """Every reference, with its start and end offset in ``body``."""
    found: list[tuple[int, int, Reference]] = []
    line_index = 0
    line_start = 0
    counted = 0  # offset up to which line breaks are counted in line_index
    for match in _matches(body):
        at = match.start()
        breaks = body.count("\n", counted, at)
        if breaks:
            line_index += breaks
            line_start = body.rfind("\n", counted, at) + 1
        counted = at
        reference = Reference(
            normal_id(match["id"].strip()), _shown(match["text"]), line_index, at - line_start
        )
        found.append((at, match.end(), reference))
    return found


def _matches(body: str) -> Iterator[re.Match[str]]:
    """The matches of `_REFERENCE` that are references, in order.

    A body with no code, and nothing that makes a paragraph's references
    more than its matches (HTML, escapes, code spans, links), is two out of
    three bodies: each match is a reference.
    """
    ranges = _text_ranges(body)
    if ranges == [(0, len(body))] and _plain(body, 0, len(body)):
        yield from _REFERENCE.finditer(body)
        return
    state = _HtmlState()
    for start, end in ranges:
        yield from _references_in(body, start, end, state)


def _text_ranges(body: str) -> list[tuple[int, int]]:
    """The ranges of ``body`` outside code blocks.

    Most bodies have no fences and no indented line that could matter: then
    the whole body is text, which needs no look at its lines one by one.
    """
    if "```" not in body and "~~~" not in body and not _may_hold_code(body):
        return [(0, len(body))]
    ranges: list[tuple[int, int]] = []
    for start, end in _text_lines(body):
        if ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _may_hold_code(body: str) -> bool:
    """Whether an indented line could be code that changes how the text around it reads."""
    indented = "\n    " in body or "\n\t" in body or body.startswith(("    ", "\t"))
    if not indented:
        return False
    return bool(_INDENTED_SPECIAL.match(body) or _LATER_INDENTED_SPECIAL.search(body))


def _plain(body: str, start: int, end: int) -> bool:
    """Whether ``body[start:end]`` has no code span, HTML, escape or link: its matches are references."""
    return all(body.find(mark, start, end) < 0 for mark in _NOT_PLAIN)


def _text_lines(body: str) -> Iterator[tuple[int, int]]:
    """Start and end (after its line break) of each line outside fenced and indented code."""
    fence: str | None = None
    after_blank = True  # the previous line was blank, or this is the first line
    indented_code = False  # inside an indented code block
    in_container = False  # inside a list item, admonition or tab
    line_start = 0
    for line in body.split("\n"):
        offset = line_start
        line_start += len(line) + 1
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and _closes(opening.group(1), fence, line):
                fence = None
            continue
        if not line.strip():
            after_blank = True
            yield offset, line_start
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
        yield offset, line_start


def _closes(marker: str, fence: str, line: str) -> bool:
    """A closing fence: the same character, at least as long, nothing after it."""
    same_kind = marker[0] == fence[0] and len(marker) >= len(fence)
    return same_kind and not line.strip().lstrip(fence[0])


@dataclass
class _HtmlState:
    """The HTML open at a point of the body: it runs on over paragraphs, as raw HTML does."""

    in_comment: bool = False
    depths: dict[str, int] = field(default_factory=dict)  # per element name, how deep inside
    open_elements: int = 0  # the sum of the depths

    def allows_links(self) -> bool:
        return not self.in_comment and not self.open_elements

    def read_tag(self, name: str, closing: bool, tag: str) -> None:
        name = name.lower()
        if name not in _NO_LINK_ELEMENTS or tag.endswith("/>"):
            return
        depth = self.depths.get(name, 0)
        if closing and depth:
            self.depths[name] = depth - 1
            self.open_elements -= 1
        elif not closing:
            self.depths[name] = depth + 1
            self.open_elements += 1


def _references_in(body: str, start: int, end: int, state: _HtmlState) -> Iterator[re.Match[str]]:
    """The references in ``body[start:end]``, a range of text, paragraph by paragraph.

    Only the paragraphs with ``[[`` or ``<`` are read (and those after an
    open HTML comment or element, until it closes): the others have no
    reference and change no HTML state. Each paragraph is read once.
    """
    position = start
    interesting = _Interesting(body, end)
    while position < end:
        if state.allows_links():
            found = interesting.next(position)
            if found < 0:
                return
            paragraph_start = _paragraph_start(body, position, found)
        else:
            found = paragraph_start = position
        paragraph_break = _PARAGRAPH_BREAK.search(body, found, end)
        paragraph_end = end if paragraph_break is None else paragraph_break.start()
        if state.allows_links() and _plain(body, paragraph_start, paragraph_end):
            yield from _REFERENCE.finditer(body, paragraph_start, paragraph_end)
        elif _LIST_ITEM.match(body, paragraph_start, paragraph_end):
            for item_start, item_end in _split(
                _LIST_ITEM_BREAK, body, paragraph_start, paragraph_end
            ):
                yield from _paragraph_references(body, item_start, item_end, state)
        else:
            yield from _paragraph_references(body, paragraph_start, paragraph_end, state)
        position = paragraph_end + 1


class _Interesting:
    """Where the next ``[[`` or ``<`` is, each found by one forward search."""

    def __init__(self, body: str, end: int) -> None:
        self._body, self._end = body, end
        self._reference = self._tag = -2  # not looked for yet; -1: none left

    def next(self, position: int) -> int:
        if -1 < self._reference < position or self._reference == -2:
            self._reference = self._body.find("[[", position, self._end)
        if -1 < self._tag < position or self._tag == -2:
            self._tag = self._body.find("<", position, self._end)
        found = [at for at in (self._reference, self._tag) if at >= 0]
        return min(found) if found else -1


def _paragraph_start(body: str, floor: int, at: int) -> int:
    """Where the paragraph holding ``at`` starts: after the last paragraph break before it."""
    line_break = body.rfind("\n", floor, at)
    while line_break >= 0:
        if _STARTS_PARAGRAPH.match(body, line_break + 1):
            return line_break + 1
        line_break = body.rfind("\n", floor, line_break)
    return floor


def _split(breaks: re.Pattern[str], body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in breaks.finditer(body, start, end):
        yield start, match.start()
        start = match.end()
    yield start, end


def _paragraph_references(
    body: str, start: int, end: int, state: _HtmlState
) -> Iterator[re.Match[str]]:
    """The references of one paragraph, outside its code spans and links."""
    candidates: list[re.Match[str]] = []
    links = _Links()
    position = start
    for span_start, span_end in [*_code_spans(body, start, end), (end, end)]:
        while position < span_start:
            if state.in_comment:
                close = body.find("-->", position, span_start)
                if close < 0:
                    break
                state.in_comment = False
                position = close + 3
                continue
            special = _SPECIAL.search(body, position, span_start)
            if special is None:
                break
            match = _INLINE.match(body, special.start(), span_start)
            if match is None:
                position = special.end()
                continue
            position = match.end()
            kind = match.lastgroup
            if kind == "comment":
                state.in_comment = True
            elif kind == "tag":
                state.read_tag(match["name"], bool(match["close"]), match["tag"])
            elif kind == "reference" and state.allows_links():
                candidates.append(match)
            elif kind == "bracket":
                links.read(body, match.start())
        position = max(position, span_end)
    yield from _outside(candidates, links.ranges)


@dataclass
class _Links:
    """The links and images of a paragraph, from its brackets and parentheses.

    A ``[...]`` right before a ``(...)`` is a link (or, after ``!``, an
    image); brackets and parentheses pair as nested pairs, as Python-Markdown
    pairs them to find a link's text and address.
    """

    ranges: list[tuple[int, int]] = field(default_factory=list)  # text and address of each
    brackets: list[int] = field(default_factory=list)  # offsets of the open brackets
    parentheses: list[int | None] = field(default_factory=list)  # per open one: its link's start
    address_at: int = -1  # where the address of the link just closed opens
    link_start: int = -1  # where that link starts

    def read(self, body: str, at: int) -> None:
        char = body[at]
        if char == "[":
            self.brackets.append(at)
        elif char == "]":
            if self.brackets:
                self.link_start, self.address_at = self.brackets.pop(), at + 1
        elif char == "(":
            self.parentheses.append(self.link_start if at == self.address_at else None)
        elif self.parentheses:
            link_start = self.parentheses.pop()
            if link_start is not None:
                self.ranges.append((link_start, at + 1))


def _outside(
    candidates: list[re.Match[str]], links: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """The candidates outside every range of ``links``, in order."""
    if not links:
        yield from candidates
        return
    links.sort()
    merged: list[tuple[int, int]] = []
    for link_start, link_end in links:
        if merged and link_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], link_end))
        else:
            merged.append((link_start, link_end))
    starts = [link_start for link_start, _ in merged]
    for match in candidates:
        index = bisect_right(starts, match.start()) - 1
        if index < 0 or match.start() >= merged[index][1]:
            yield match


def _code_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Start and end offsets of the code spans in one paragraph, ``body[start:end]``.

    As Python-Markdown finds them: from each run of backticks, in order, the
    nearest later run of the same length closes the span; failing that, a
    shorter opening part of the run does; a backtick after an odd number of
    backslashes opens nothing.
    """
    if body.find("`", start, end) < 0:
        return []
    runs = [match.span() for match in _BACKTICKS.finditer(body, start, end)]
    by_length: dict[int, list[int]] = {}  # run length → indices of the runs of that length
    for index, (run_start, run_end) in enumerate(runs):
        by_length.setdefault(run_end - run_start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        run_start, run_end = runs[index]
        if _escaped(body, run_start, start):
            run_start += 1
        closer = _closing_run(by_length, index, run_end - run_start)
        if closer is None:
            index += 1
            continue
        spans.append((run_start, runs[closer][1]))
        index = closer + 1
    return spans


def _closing_run(by_length: dict[int, list[int]], index: int, longest: int) -> int | None:
    """The index of the run that closes a span opened at run ``index``, if any.

    Trying each length once per run keeps the work linear: the lengths tried
    add up to the backticks of the paragraph.
    """
    for length in range(longest, 0, -1):
        indices = by_length.get(length)
        if indices:
            following = bisect_right(indices, index)
            if following < len(indices):
                return indices[following]
    return None


def _escaped(body: str, at: int, floor: int) -> bool:
    """Whether ``body[at]`` follows an odd number of backslashes (after ``floor``)."""
    backslashes = 0
    while at - backslashes > floor and body[at - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _shown(text: str | None) -> str | None:
    """The text a reference shows instead of the id and title: none when blank (``[[ID|]]``)."""
    return text if text is not None and text.strip() else None
