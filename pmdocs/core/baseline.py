"""Baselines: accept today's problems, fail only on new ones.

A team adopting pmdocs on an existing docs folder records the current
diagnostics with ``pmdocs check --write-baseline FILE`` and from then on runs
``pmdocs check --baseline FILE``, which fails only on problems the baseline
does not hold. A problem is known by its file, code, document id and field —
never by its line — so editing above it keeps the match. Each key carries a
count: two identical problems need two entries, and a third one is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.doctypes import ConfigError
from pmdocs.core.frontmatter import MAX_DIGITS
from pmdocs.core.natural import natural_key

__all__ = ["FORMAT_VERSION", "Baseline", "BaselineKey", "BaselineMatch", "read_baseline"]

FORMAT_VERSION = 1
_FORMAT_KEY = "pmdocs_baseline"

BaselineKey = tuple[str, str, str | None, str | None]


def key_of(diagnostic: Diagnostic) -> BaselineKey:
    """What identifies a problem across edits: file, code, id and field (not the line)."""
    return (diagnostic.file, diagnostic.code, diagnostic.id, diagnostic.field)


@dataclass(frozen=True)
class BaselineMatch:
    """Diagnostics split into the new ones and those the baseline accepts."""

    new: list[Diagnostic]
    known: list[Diagnostic]
    fixed: int  # baseline entries (counted) that no longer occur


@dataclass(frozen=True)
class Baseline:
    """Accepted problems: how many of each key."""

    counts: Mapping[BaselineKey, int] = field(default_factory=dict)

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> Baseline:
        """The baseline that accepts exactly ``diagnostics``."""
        return cls(dict(Counter(key_of(d) for d in diagnostics)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def match(self, diagnostics: Iterable[Diagnostic]) -> BaselineMatch:
        """Which diagnostics are new: beyond the count the baseline holds for their key.

        Within a key the first ones in report order are the known ones.
        """
        remaining = Counter(self.counts)
        new: list[Diagnostic] = []
        known: list[Diagnostic] = []
        for diagnostic in diagnostics:
            key = key_of(diagnostic)
            if remaining[key] > 0:
                remaining[key] -= 1
                known.append(diagnostic)
            else:
                new.append(diagnostic)
        return BaselineMatch(new, known, sum(remaining.values()))

    def tightened(self, diagnostics: Iterable[Diagnostic]) -> Baseline:
        """This baseline without what has been fixed since: never more than it held."""
        current = Baseline.of(diagnostics).counts
        counts = {
            key: min(count, current[key]) for key, count in self.counts.items() if key in current
        }
        return Baseline(counts)

    def to_json(self) -> str:
        """The baseline file's text: entries sorted by file, code, id and field."""
        entries = [
            {"file": file, "code": code, "id": doc_id, "field": field_name, "count": count}
            for (file, code, doc_id, field_name), count in sorted(
                self.counts.items(), key=lambda item: _sort_key(item[0])
            )
        ]
        document = {_FORMAT_KEY: FORMAT_VERSION, "problems": entries}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        """Write the baseline file; `ConfigError` naming it when that fails."""
        try:
            with path.open("w", encoding="utf-8", newline="\n") as stream:
                stream.write(self.to_json())
        except OSError as error:
            raise ConfigError(
                str(path), f"cannot write the baseline: {error.strerror or error}"
            ) from None


def _sort_key(key: BaselineKey) -> tuple[Any, ...]:
    file, code, doc_id, field_name = key
    return (natural_key(file), code, natural_key(doc_id or ""), field_name or "")


def read_baseline(path: Path) -> Baseline:
    """The baseline in ``path``; `ConfigError` naming the file when it is missing or wrong."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(
            str(path), f"cannot read the baseline: {error.strerror or error}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(
            str(path), f"the baseline is not UTF-8 (byte {error.start}: {error.reason})"
        ) from None
    return Baseline(_parse_counts(_json_value(text, str(path)), str(path)))


def _json_value(text: str, file: str) -> Any:
    """The JSON value of a baseline file; `ConfigError` when it is not one pmdocs reads."""
    try:
        return json.loads(text, parse_int=_small_int)
    except json.JSONDecodeError as error:
        raise ConfigError(
            file, f"the baseline is not valid JSON (line {error.lineno}): {error.msg}"
        ) from None
    except RecursionError:
        raise ConfigError(
            file, "the baseline is nested too deeply to be a pmdocs baseline"
        ) from None
    except ValueError as error:  # from _small_int
        raise ConfigError(file, f"the baseline holds {error}") from None


def _small_int(digits: str) -> int:
    """A JSON integer; Python refuses to read thousands of digits, a count never has them."""
    if len(digits.lstrip("-").lstrip("0")) > MAX_DIGITS:
        raise ValueError(f"a number of more than {MAX_DIGITS} digits")
    return int(digits)


def _parse_counts(data: Any, file: str) -> dict[BaselineKey, int]:
    if not isinstance(data, dict) or data.get(_FORMAT_KEY) != FORMAT_VERSION:
        raise ConfigError(
            file, "not a pmdocs baseline; write one with pmdocs check --write-baseline FILE"
        )
    entries = data.get("problems")
    if not isinstance(entries, list):
        raise ConfigError(file, "the baseline has no list of problems")
    counts: Counter[BaselineKey] = Counter()
    for number, entry in enumerate(entries, start=1):
        counts[_parse_entry(entry, file, number)] += _count(entry, file, number)
    return dict(counts)


def _parse_entry(entry: Any, file: str, number: int) -> BaselineKey:
    if not isinstance(entry, dict):
        raise ConfigError(file, f"problem {number} of the baseline is not an object")
    where, code, doc_id, field_name = (entry.get(k) for k in ("file", "code", "id", "field"))
    if (
        isinstance(where, str)
        and isinstance(code, str)
        and (doc_id is None or isinstance(doc_id, str))
        and (field_name is None or isinstance(field_name, str))
    ):
        return (where, code, doc_id, field_name)
    raise ConfigError(
        file,
        f"problem {number} of the baseline: file and code must be text, id and field text or null",
    )


def _count(entry: dict[str, Any], file: str, number: int) -> int:
    count = entry.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ConfigError(file, f"problem {number} of the baseline: count must be 1 or more")
    return count
