"""Reading front matter ourselves, with the source position of every value.

MkDocs turns broken YAML into an empty ``meta`` without a word, and PyYAML
reads YAML 1.1 (``NO`` is false, ``010`` is eight, dates become objects).
This module splits the front matter off a Markdown file, composes it with
libyaml, and builds plain values from the nodes with YAML 1.2 core meaning,
enforcing the limits (size, depth, alias expansion) before anything can blow
up. The line and column of every key and value are found again from the
text when a diagnostic needs them. Flat front matter, the usual kind, is
read line by line by `flat_yaml` instead, to the same values.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import yaml

from pmdocs.core.diagnostics import Diagnostic, Severity
from pmdocs.core.flat_yaml import read_flat

__all__ = [
    "LONG_NUMBER_MESSAGE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_NODES",
    "FieldPath",
    "FrontMatter",
    "LongNumber",
    "Position",
    "SourceText",
    "YamlError",
    "load_yaml",
    "load_yaml_located",
    "read_source",
    "split_source",
]

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 10_000
# Numbers with more digits are kept as the text written and reported (PM124).
# Every number below it is a float too (floats end near 1.8e308), and Python
# prints it whatever its limit on digits (PYTHONINTMAXSTRDIGITS, 640 at least).
MAX_DIGITS = 300
_TOO_LARGE = 10**MAX_DIGITS
LONG_NUMBER_MESSAGE = (
    f"a number of more than {MAX_DIGITS} digits is too long to read; "
    "write it in quotes to keep it as text"
)

FieldPath = tuple[str | int, ...]

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_IMPLICIT = "!pmdocs-implicit"


class _PositionLoader(_BaseLoader):  # type: ignore[misc]
    """Composes nodes only; every implicitly typed node gets one marker tag.

    A node whose tag is anything else was tagged explicitly in the source.
    """

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return _IMPLICIT


_YAML11_BREAKS = "\x85\u2028\u2029"
_CLOSING_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORDS: dict[str, bool | None] = {**dict.fromkeys(_NULLS), **_BOOLS}
_NOT_A_WORD = object()
# Every number below starts with one of these; other plain scalars are text.
_NUMBER_STARTS = frozenset("0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# A "!" that starts a token and ends one: a bare tag, or the same inside quotes.
_MAYBE_BARE_TAG = re.compile(r"(?<![^\s\[{,])!(?![^\s,\]}])")


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column in the source file."""

    line: int
    column: int


_START = Position(1, 1)


class LongNumber(NamedTuple):
    """A number written with more than `MAX_DIGITS` digits: its value is the text written."""

    path: FieldPath
    position: Position


class _Positions(NamedTuple):
    keys: dict[FieldPath, Position]
    values: dict[FieldPath, Position]


@dataclass(frozen=True)
class FrontMatter:
    """Front matter values and where each one is written.

    ``keys`` maps a field path to the position of its key; ``values`` maps a
    path to the position of its value (for list items, of the item).

    Positions serve diagnostics, which most documents never get; kept for
    every document, they took more memory than the values. So they are found
    on the first question, from ``source``: the YAML between the two ``---``
    lines, whose first line is line ``first_line`` of the file. It is kept
    in UTF-8: mostly-ASCII text with one Chinese character in it takes two
    bytes a character as a str.
    """

    data: dict[str, Any]
    source: bytes = field(default=b"", repr=False)
    first_line: int = field(default=2, repr=False)
    long_numbers: tuple[LongNumber, ...] = ()

    @property
    def keys(self) -> dict[FieldPath, Position]:
        """Position of the key of each field path (found on first use)."""
        return self._positions.keys

    @property
    def values(self) -> dict[FieldPath, Position]:
        """Position of the value of each field path (found on first use)."""
        return self._positions.values

    def key_position(self, path: FieldPath) -> Position:
        """Where the key at ``path`` is written, or else its value (see `value_position`)."""
        return self._positions.keys.get(path) or self.value_position(path)

    def value_position(self, path: FieldPath) -> Position:
        """Where the value at ``path`` is written, or its nearest parent."""
        values = self._positions.values
        while path:
            found = values.get(path)
            if found:
                return found
            path = path[:-1]
        return _START

    @cached_property
    def _positions(self) -> _Positions:
        try:
            return _locate(self.source.decode(), self.first_line)
        except _Unreadable:  # only for a source that was never read as front matter
            return _Positions({}, {})


@dataclass(frozen=True, slots=True)
class SourceText:
    """A Markdown file split into front matter and body.

    ``front_matter`` is None when the file has none (an ordinary page) or
    when it could not be read; ``unreadable`` tells the two apart.
    """

    path: str
    front_matter: FrontMatter | None
    body: str
    body_line: int
    diagnostics: tuple[Diagnostic, ...] = ()
    # The id an unreadable file's front matter names on an ``id:`` line, as
    # far as its raw lines tell: the id is taken, whatever else is wrong.
    claimed_id: str | None = None

    @property
    def unreadable(self) -> bool:
        return any(d.code in {"PM100", "PM101", "PM102"} for d in self.diagnostics)


_ID_LINE = re.compile(r"""id[ \t]*:[ \t]*(["']?)(?P<id>[^\s"'#]+)\1[ \t]*(?:#.*)?\Z""")
_KEY_AND_VALUE = re.compile(
    r"[ \t]*(?P<key>[^\s:#'\"][^:#]*?):[ \t]+(?P<value>[^\s'\"].*?)[ \t]*\Z"
)
_SCANNED_LINES = 10_000  # front matter is at most 256 KiB; an id comes early


class _Unreadable(Exception):
    def __init__(self, code: str, message: str, position: Position = _START) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position


def read_source(path: str, raw: bytes) -> SourceText:
    """Decode ``raw`` (the bytes of the file at display path ``path``) and split it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"the file is not UTF-8 (byte {error.start}: {error.reason}); save it as UTF-8"
        text = raw.decode("utf-8", "replace")
        front_text = text.partition("\n")[2] if _opens_front_matter(text) else ""
        return _failed(path, "PM100", message, _START, front_text)
    return split_source(path, text)


def split_source(path: str, text: str) -> SourceText:
    """Split ``text`` into front matter and body; never raises."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _opens_front_matter(text):
        return SourceText(path, None, text, 1)
    first_break = text.find("\n")
    closing = None if first_break < 0 else _CLOSING_LINE.search(text, first_break + 1)
    if closing is None:
        message = "front matter is not closed: add a line '---' after the last field"
        return _failed(path, "PM100", message, _START, text[first_break + 1 :])
    yaml_text = text[first_break + 1 : closing.start()]
    body_start = text.find("\n", closing.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    body_line = yaml_text.count("\n") + 3
    try:
        front_matter, duplicates = _parse(yaml_text)
    except _Unreadable as problem:
        return _failed(path, problem.code, problem.message, problem.position, yaml_text)
    diagnostics = tuple(
        Diagnostic(Severity.ERROR, "PM101", path, pos.line, pos.column, message)
        for pos, message in duplicates
    )
    return SourceText(path, front_matter, body, body_line, diagnostics)


def _opens_front_matter(text: str) -> bool:
    if not text.startswith("---"):
        return False
    first_line = text.split("\n", 1)[0]
    return first_line.rstrip(" \t") == "---"


def _failed(path: str, code: str, message: str, position: Position, front_text: str) -> SourceText:
    diagnostic = Diagnostic(Severity.ERROR, code, path, position.line, position.column, message)
    return SourceText(path, None, "", 1, (diagnostic,), scan_id(front_text))


def scan_id(front_text: str) -> str | None:
    """The id on the first top-level ``id:`` line of front matter that YAML cannot read.

    A plain scan of the lines, up to a closing ``---``: quotes and a trailing
    comment are set aside, a value that is not one word is no id.
    """
    for line in front_text.split("\n", _SCANNED_LINES):
        if line.rstrip() == "---":
            break
        found = _ID_LINE.match(line)
        if found:
            return found["id"]
    return None


class YamlError(ValueError):
    """A YAML file that pmdocs will not read; ``line`` and ``column`` are 1-based."""

    def __init__(self, problem: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {problem}")
        self.problem = problem
        self.line = line
        self.column = column


def load_yaml(text: str) -> Any:
    """The value of a whole YAML file, read exactly as front matter is.

    YAML 1.2 core meaning (``no`` is text, ``010`` is ten, dates stay text), no
    explicit tags, no duplicate keys, and the same limits. Raises `YamlError`.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        root, restore = _compose(text, first_line=1)
        if root is None:
            return None
        built = _build(root, restore, first_line=1)
    except _Unreadable as problem:
        raise YamlError(problem.message, problem.position.line, problem.position.column) from None
    if built.duplicates:
        position, message = built.duplicates[0]
        raise YamlError(message, position.line, position.column)
    if built.long_numbers:
        position = built.long_numbers[0].position
        raise YamlError(LONG_NUMBER_MESSAGE, position.line, position.column)
    return built.value


class LocatedYaml(NamedTuple):
    """A YAML value with the position of every key and value, as `FrontMatter` has them."""

    value: Any
    keys: dict[FieldPath, Position]
    values: dict[FieldPath, Position]


def load_yaml_located(text: str, first_line: int = 1) -> LocatedYaml:
    """`load_yaml`, with where each key and value is written; ``first_line`` is the line
    number of the text's first line (in the file that holds it), for positions and messages.

    For YAML inside a page (query blocks), read exactly as front matter and
    with the same limits. Raises `YamlError` at the parser's position.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        root, restore = _compose(text, first_line=first_line)
        if root is None:
            return LocatedYaml(None, {}, {})
        builder = _PositionBuilder(restore, first_line=first_line)
        value = builder.build(root, (), 0)
    except _Unreadable as problem:
        raise YamlError(problem.message, problem.position.line, problem.position.column) from None
    if builder.duplicates:
        position, message = builder.duplicates[0]
        raise YamlError(message, position.line, position.column)
    if builder.long_numbers:
        position = builder.long_numbers[0].position
        raise YamlError(LONG_NUMBER_MESSAGE, position.line, position.column)
    return LocatedYaml(value, builder.keys, builder.values)


def _parse(yaml_text: str) -> tuple[FrontMatter | None, list[tuple[Position, str]]]:
    """Read flat front matter, compose and build any other; raise `_Unreadable` on PM100/PM102."""
    if len(yaml_text) * 4 <= MAX_BYTES:
        fields = read_flat(yaml_text, _plain_value, _shared)
        if fields is not None:
            return FrontMatter(fields, yaml_text.encode(), 2), []
    root, restore = _compose(yaml_text, first_line=2)
    if root is None:
        return None, []
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise _Unreadable("PM100", f"front matter is {kind}; it must be a mapping of fields")
    built = _build(root, restore, first_line=2)
    front_matter = FrontMatter(built.value, yaml_text.encode(), 2, built.long_numbers)
    return front_matter, built.duplicates


class _Built(NamedTuple):
    """A value built from nodes, with what the building found wrong in it."""

    value: Any
    duplicates: list[tuple[Position, str]]  # each key written twice: position, message
    long_numbers: tuple[LongNumber, ...] = ()


def _build(root: yaml.Node, restore: dict[int, str] | None, first_line: int) -> _Built:
    """The value of ``root``, the keys written twice and the numbers too long to read.

    Values are built without positions; only a key written twice or a number
    too long (both rare) has them built, to say where they are.
    """
    try:
        return _Built(_Builder(restore, first_line).build(root, (), 0), [])
    except _NeedsPositions:
        builder = _PositionBuilder(restore, first_line)
        value = builder.build(root, (), 0)
        return _Built(value, builder.duplicates, tuple(builder.long_numbers))


def _locate(yaml_text: str, first_line: int) -> _Positions:
    """Where every key and value of ``yaml_text`` is written; raises `_Unreadable`."""
    root, restore = _compose(yaml_text, first_line)
    builder = _PositionBuilder(restore, first_line)
    if root is not None:
        builder.build(root, (), 0)
    return _Positions(builder.keys, builder.values)


def _compose(yaml_text: str, first_line: int) -> tuple[yaml.Node | None, dict[int, str] | None]:
    """Nodes of ``yaml_text`` within the limits; ``first_line`` is the file line of its line 1.

    Raises `_Unreadable` on PM100/PM102.
    """
    size = len(yaml_text) if len(yaml_text) * 4 <= MAX_BYTES else len(yaml_text.encode())
    if size > MAX_BYTES:
        raise _Unreadable(
            "PM102", f"front matter is {size // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB"
        )
    yaml_text, restore = _hide_yaml11_breaks(yaml_text)
    if _could_nest_deeper_than_limit(yaml_text):
        _check_depth(yaml_text, first_line)
    try:
        root = yaml.compose(yaml_text, Loader=_PositionLoader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, yaml_text, first_line) from None
    except yaml.reader.ReaderError as error:
        raise _forbidden_character(error, yaml_text, first_line) from None
    except yaml.YAMLError as error:
        raise _Unreadable("PM100", f"YAML syntax error: {error}") from None
    _refuse_bare_tag(yaml_text, first_line)
    return root, restore


def _refuse_bare_tag(yaml_text: str, first_line: int) -> None:
    """PM100 at a bare tag ``!``, which composes as if no tag were written.

    libyaml resolves ``! 5`` as it does ``5``, so only its scanner sees the
    tag; it scans again only front matter with a ``!`` that could be one.
    """
    if _MAYBE_BARE_TAG.search(yaml_text) is None:
        return
    for token in yaml.scan(yaml_text, Loader=_BaseLoader):
        if isinstance(token, yaml.TagToken) and token.value == (None, "!"):
            message = "explicit tag '!' is not allowed; write a plain value instead"
            raise _Unreadable("PM100", message, _position(token.start_mark, first_line))


def _hide_yaml11_breaks(yaml_text: str) -> tuple[str, dict[int, str] | None]:
    """Stand-ins for NEL, LS and PS, so that libyaml does not read them as line breaks.

    They break lines in YAML 1.1 (libyaml), not in YAML 1.2 nor in editors'
    line numbers: composed as they are, a title holding U+2028 would be a
    syntax error and every later position off by one. Private-use characters
    that the text does not hold stand in while composing; ``restore`` maps
    them back in every key and value.
    """
    if not any(character in yaml_text for character in _YAML11_BREAKS):
        return yaml_text, None
    used = set(yaml_text)
    candidates = itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0x10FFFE))
    free = (chr(code) for code in candidates if chr(code) not in used)
    hide = {ord(character): next(free) for character in _YAML11_BREAKS}
    restore = {ord(stand_in): chr(code) for code, stand_in in hide.items()}
    return yaml_text.translate(hide), restore


def _could_nest_deeper_than_limit(yaml_text: str) -> bool:
    """A cheap upper bound on nesting, so that usual files skip the exact check.

    libyaml's composer recurses in C and crashes the process on very deep
    input, so depth must be known before composing. Flow collections nest
    once per bracket; block collections need at least one more character of
    indentation or ``- ``/``? `` prefix per level (two levels per character
    at most, for a sequence inside a mapping at the same indentation).
    """
    brackets = yaml_text.count("[") + yaml_text.count("{")
    if brackets > MAX_DEPTH // 2:
        return True
    # Deeper than the limit only if brackets + 2 * prefix + 2 > MAX_DEPTH for
    # some line's prefix: one regex search for such a line, not a loop over lines.
    width = (MAX_DEPTH - 2 - brackets) // 2 + 1
    return _prefix_of_width(width).search("\n" + yaml_text) is not None


_PREFIXES: dict[int, re.Pattern[str]] = {}


def _prefix_of_width(width: int) -> re.Pattern[str]:
    """Matches a line break followed by at least ``width`` of `` -?:``.

    Starting with a literal lets the regex engine jump from line break to line
    break; ``^`` with MULTILINE would be tried at every character.
    """
    pattern = _PREFIXES.get(width)
    if pattern is None:
        pattern = _PREFIXES[width] = re.compile(rf"\n[ \-?:]{{{width},}}")
    return pattern


def _check_depth(yaml_text: str, first_line: int) -> None:
    """Measure nesting with libyaml's iterative parser; raise PM102 past the limit."""
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    position = _position(event.start_mark, first_line)
                    message = f"front matter is nested deeper than {MAX_DEPTH} levels"
                    raise _Unreadable("PM102", message, position)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, yaml_text, first_line) from None
    except yaml.reader.ReaderError as error:
        raise _forbidden_character(error, yaml_text, first_line) from None


def _forbidden_character(
    error: yaml.reader.ReaderError, yaml_text: str, first_line: int
) -> _Unreadable:
    """PM100 at the character YAML refuses (a control character), not at line 1.

    libyaml reports the offset in UTF-8 bytes, the pure-Python reader in characters.
    """
    offset = int(error.position)
    if _BaseLoader is not yaml.SafeLoader:
        offset = len(yaml_text.encode()[:offset].decode(errors="ignore"))
    before = yaml_text[:offset]
    line = before.count("\n")
    column = offset - (before.rfind("\n") + 1)
    message = f"{error.reason} in YAML: character #x{error.character:04X}; remove it"
    return _Unreadable("PM100", message, Position(line + first_line, column + 1))


def _syntax_error(error: yaml.MarkedYAMLError, yaml_text: str, first_line: int) -> _Unreadable:
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return _Unreadable("PM100", f"YAML syntax error: {error}")
    position = _position(mark, first_line)
    message = f"YAML syntax error: {error.problem or 'invalid YAML'}"
    context_mark = error.context_mark
    if error.context and context_mark is not None and context_mark.line != mark.line:
        message += f" ({error.context} at line {_position(context_mark, first_line).line})"
    if _character_at(yaml_text, mark.line, mark.column) == "\t":
        message += "; indent with spaces, not tabs"
    elif (error.problem or "").startswith("mapping values are not allowed"):
        message += _quoting_hint(yaml_text, mark.line)
    return _Unreadable("PM100", message, position)


def _quoting_hint(yaml_text: str, line: int) -> str:
    """For ``title: a: b``: a value holding ``: `` reads as a second key unless quoted."""
    lines = yaml_text.split("\n")
    found = _KEY_AND_VALUE.match(lines[line]) if line < len(lines) else None
    if found is None:
        return ""
    quoted = "'" + found["value"].replace("'", "''") + "'"
    return f"; quote a value that holds ': ', as in {found['key']}: {quoted}"


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if line >= len(lines) or column >= len(lines[line]):
        return ""
    return lines[line][column]


_POSITIONS: dict[tuple[int, int], Position] = {}
_POSITIONS_KEPT = 100_000


def _position(mark: Any, first_line: int) -> Position:
    """File position of a libyaml mark; YAML line 0 is the file's ``first_line``.

    In front matter that is line 2, after the opening ``---``. Positions are
    immutable and the same (line, column) pairs recur in every file, so they
    are shared: creating one per key and value was a tenth of ``pmdocs check``.
    """
    key = (mark.line + first_line, mark.column + 1)
    position = _POSITIONS.get(key)
    if position is None:
        position = Position(*key)
        if len(_POSITIONS) < _POSITIONS_KEPT:
            _POSITIONS[key] = position
    return position


_SHARED: dict[str, str] = {}
_SHARED_KEPT = 100_000
_SHARED_LONGEST = 64


def _shared(text: str) -> str:
    """One string object for a short text that recurs from document to document.

    Field names, statuses, owners, tags, dates and linked ids are written
    over and over, and libyaml makes a new string each time: those copies
    were a sixth of a loaded project's memory. Long text seldom recurs.
    """
    if len(text) > _SHARED_LONGEST:
        return text
    shared = _SHARED.get(text)
    if shared is None:
        if len(_SHARED) < _SHARED_KEPT:
            _SHARED[text] = text
        return text
    return shared


class _NeedsPositions(Exception):
    """A key written twice or a number too long, met while building without positions."""


class _NumberTooLong(ValueError):
    """A number with more digits than `MAX_DIGITS`."""


class _Builder:
    """Builds plain values from composed nodes, enforcing the limits.

    Records no positions, so the path is only passed along; raises
    `_NeedsPositions` at a key written twice or a number too long, for
    `_PositionBuilder` to report.
    """

    def __init__(self, restore: dict[int, str] | None, first_line: int) -> None:
        self.restore = restore
        self.first_line = first_line
        self.nodes = 0

    def build(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            message = f"front matter expands to more than {MAX_NODES:,} values (aliases)"
            raise _Unreadable("PM102", message, _position(node.start_mark, self.first_line))
        # The root mapping is level 1, as in `_check_depth`: a collection at depth
        # MAX_DEPTH is one level too deep (reachable through an alias).
        if depth >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            message = f"front matter is nested deeper than {MAX_DEPTH} levels"
            raise _Unreadable("PM102", message, _position(node.start_mark, self.first_line))
        if node.tag != _IMPLICIT:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"explicit tag '{tag}' is not allowed; write a plain value instead"
            raise _Unreadable("PM100", message, _position(node.start_mark, self.first_line))
        if isinstance(node, yaml.ScalarNode):
            text = node.value if self.restore is None else node.value.translate(self.restore)
            if node.style:
                return _shared(text)
            try:
                value = _plain_value(text)
            except _NumberTooLong:
                return self._long_number(text, node, path)
            return _shared(value) if isinstance(value, str) else value
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path, depth)
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, path, depth)

    def _long_number(self, text: str, node: yaml.Node, path: FieldPath) -> str:
        raise _NeedsPositions

    def _key(self, key_node: yaml.Node) -> str:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _IMPLICIT:
            message = "a key must be plain text"
            raise _Unreadable("PM100", message, _position(key_node.start_mark, self.first_line))
        key: str = key_node.value
        return _shared(key if self.restore is None else key.translate(self.restore))

    def _sequence(self, node: yaml.SequenceNode, path: FieldPath, depth: int) -> list[Any]:
        return [self.build(item, path, depth + 1) for item in node.value]

    def _mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in mapping:
                raise _NeedsPositions
            mapping[key] = self.build(value_node, path, depth + 1)
        return mapping


class _PositionBuilder(_Builder):
    """Builds plain values and records the position of every key and value.

    A key written twice is recorded in ``duplicates``, naming the line of the
    first one, and its second value is left out.
    """

    def __init__(self, restore: dict[int, str] | None, first_line: int) -> None:
        super().__init__(restore, first_line)
        self.keys: dict[FieldPath, Position] = {}
        self.values: dict[FieldPath, Position] = {}
        self.duplicates: list[tuple[Position, str]] = []
        self.long_numbers: list[LongNumber] = []

    def _long_number(self, text: str, node: yaml.Node, path: FieldPath) -> str:
        """The text of a number too long to read, recorded with where it is."""
        self.long_numbers.append(LongNumber(path, _position(node.start_mark, self.first_line)))
        return text

    def _sequence(self, node: yaml.SequenceNode, path: FieldPath, depth: int) -> list[Any]:
        items = []
        values, first_line = self.values, self.first_line
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            values[item_path] = _position(item.start_mark, first_line)
            items.append(self.build(item, item_path, depth + 1))
        return items

    def _mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        keys, values, first_line = self.keys, self.values, self.first_line
        for key_node, value_node in node.value:
            key = self._key(key_node)
            key_at = _position(key_node.start_mark, first_line)
            value_path = (*path, key)
            if key in mapping:
                first = keys[value_path]
                message = f"key '{key}' appears twice (first at line {first.line}); keep one"
                self.duplicates.append((key_at, message))
                continue
            keys[value_path] = key_at
            values[value_path] = _position(value_node.start_mark, first_line)
            mapping[key] = self.build(value_node, value_path, depth + 1)
        return mapping


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under the YAML 1.2 core schema.

    Only true/false are booleans; ``010`` is ten; dates and times stay text,
    and so does a number of more than `MAX_DIGITS` digits.
    """
    try:
        return _plain_value(text)
    except _NumberTooLong:
        return text


def _plain_value(text: str) -> Any:
    """`plain_scalar`, raising `_NumberTooLong` for a number of more than `MAX_DIGITS` digits."""
    word = _WORDS.get(text, _NOT_A_WORD)
    if word is not _NOT_A_WORD:
        return word
    if text[0] not in _NUMBER_STARTS:  # most values: names, ids, titles
        return text
    if _INT.match(text):
        # Python refuses to read thousands of digits; pmdocs stops sooner, see MAX_DIGITS.
        if len(text) > MAX_DIGITS:
            return _long_integer(text)
        return int(text)
    if _FLOAT.match(text):
        if len(text) > MAX_DIGITS and _significant_digits(text) > MAX_DIGITS:
            raise _NumberTooLong
        return float(text)
    if _OCT.match(text):
        return _below_limit(int(text[2:], 8))  # powers of two: Python reads any length
    if _HEX.match(text):
        return _below_limit(int(text[2:], 16))
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def _long_integer(text: str) -> int:
    """A decimal integer written with many digits: zero padding does not count."""
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise _NumberTooLong
    value = int(digits or "0")
    return -value if text.startswith("-") else value


def _significant_digits(number: str) -> int:
    """Digits of a decimal number's mantissa, leading zeros left out."""
    mantissa = number.lower().partition("e")[0]
    return len(mantissa.lstrip("+-").replace(".", "").lstrip("0"))


def _below_limit(value: int) -> int:
    if value >= _TOO_LARGE:
        raise _NumberTooLong
    return value
