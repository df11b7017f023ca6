"""Diagnostics as values: every problem pmdocs finds is one `Diagnostic`."""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from pmdocs.core.natural import natural_key

__all__ = [
    "Diagnostic",
    "Severity",
    "closest",
    "describe_value",
    "one_line",
    "sort_diagnostics",
]


# C0 and C1 controls, DEL, and the line and paragraph separators: what ends a
# line or moves the cursor in a terminal, an editor or `str.splitlines`.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {
    code: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(chr(code), f"\\u{code:04x}")
    for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)
}


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Located(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


@dataclass(frozen=True)
class Diagnostic:
    """One problem at a place in a source file.

    ``file`` is relative to the folder holding ``mkdocs.yml``; ``line`` and
    ``column`` are 1-based, line 1 being the opening ``---``.
    """

    severity: Severity
    code: str
    file: str
    line: int
    column: int
    message: str
    id: str | None = None
    field: str | None = None

    @classmethod
    def at(
        cls,
        position: Located,
        code: str,
        file: str,
        message: str,
        id: str | None = None,
        field: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        """A diagnostic at ``position`` (anything with a line and a column)."""
        return cls(severity, code, file, position.line, position.column, message, id, field)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format_text(self) -> str:
        """``file:line:col: severity CODE [ID] field: message``, always one line.

        Control characters and line breaks written in the sources (in a field
        name, an id, a value) are shown escaped, ``\\n`` for a line break:
        written as they are, they would start lines that look like diagnostics
        of their own to a reader or an editor's problem matcher.
        """
        where = f"{self.file}:{self.line}:{self.column}"
        subject = f" [{self.id}]" if self.id else ""
        field = f" {self.field}:" if self.field else ""
        return one_line(
            f"{where}: {self.severity.value} {self.code}{subject}{field} {self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "id": self.id,
            "field": self.field,
            "message": self.message,
        }


def one_line(text: str) -> str:
    """``text`` with its line breaks and other control characters escaped (``\\n``)."""
    return text.translate(_ESCAPES) if _UNPRINTABLE.search(text) else text


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable report order: by file, position, then code."""
    return sorted(
        diagnostics,
        key=lambda d: (natural_key(d.file), d.line, d.column, d.code, d.message),
    )


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, if one is close enough to suggest."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or the empty string."""
    suggestion = closest(word, candidates)
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


def describe_value(value: Any) -> str:
    """A value as a PM wrote it, for messages: ``'high'``, ``7``, ``a list``."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)
