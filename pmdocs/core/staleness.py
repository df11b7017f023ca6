"""Documents that need looking at again: ``review_by`` passed (PM310), no change for long (PM311).

Both depend on the date, and PM311 on git's history, so both are off unless
the ``staleness`` option turns them on.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pmdocs.core.diagnostics import Diagnostic, Severity
from pmdocs.core.doctypes import ConfigError
from pmdocs.core.model import Document
from pmdocs.core.validate import parse_date

__all__ = [
    "WORKING_STATUSES",
    "Staleness",
    "check_staleness",
    "parse_days",
    "parse_staleness",
]

# Statuses of a document someone is still working on: one that stays in
# them without a change has likely been forgotten. Finished, parked and
# waiting statuses (approved, planned, at-risk, accepted, ...) are left out:
# a plan or an accepted risk may rightly stand still for months.
WORKING_STATUSES = frozenset(
    {
        "draft",
        "review",
        "in-progress",
        "open",
        "proposed",
        "running",
        "mitigating",
        "new",
        "triaged",
    }
)
_DURATION = re.compile(r"([0-9]{1,5})d\Z")


@dataclass(frozen=True)
class Staleness:
    """The ``staleness`` option: PM310 on or off, and PM311's limit in days (None: off)."""

    review_by: bool = True
    stale_after: int | None = None


def parse_days(value: Any) -> int | None:
    """The number of days a duration such as ``30d`` stands for, or None when it is not one."""
    match = _DURATION.match(value.strip()) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def parse_staleness(value: Any, config_name: str) -> Staleness | None:
    """The ``staleness`` option, checked: a mapping of ``review_by`` and ``stale_after``."""
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        raise ConfigError(
            config_name,
            "pmdocs staleness must be a mapping such as {review_by: true, stale_after: 90d}, "
            f"not {value!r}",
        )
    unknown = sorted(map(str, set(value) - {"review_by", "stale_after"}))
    if unknown:
        raise ConfigError(
            config_name,
            f"unknown key {', '.join(unknown)} in pmdocs staleness; keys: review_by, stale_after",
        )
    review_by = value.get("review_by", True)
    if not isinstance(review_by, bool):
        raise ConfigError(
            config_name, f"pmdocs staleness.review_by must be true or false, not {review_by!r}"
        )
    stale_after = value.get("stale_after")
    days = None
    if stale_after is not None and stale_after is not False:
        days = parse_days(stale_after)
        if days is None or days < 1:
            raise ConfigError(
                config_name,
                f"pmdocs staleness.stale_after must be a number of days such as 90d, "
                f"not {stale_after!r}",
            )
    return Staleness(review_by, days)


def check_staleness(
    staleness: Staleness,
    documents: Iterable[Document],
    today: datetime.date,
    last_changed: Mapping[str, int],
) -> list[Diagnostic]:
    """PM310 for a ``review_by`` date before ``today``; PM311 for a document in a
    working status whose file's last commit (``last_changed``: docs path → epoch
    seconds) is older than ``stale_after`` days. A file git does not know
    (new, uncommitted) is never stale."""
    found = []
    for document in documents:
        if staleness.review_by:
            found.extend(_review_passed(document, today))
        if staleness.stale_after is not None and document.status in WORKING_STATUSES:
            changed = last_changed.get(document.path)
            if changed is not None:
                found.extend(_unchanged(document, today, changed, staleness.stale_after))
    return found


def _review_passed(document: Document, today: datetime.date) -> list[Diagnostic]:
    written = document.get("review_by")
    review_by = parse_date(written) if isinstance(written, str) else None
    if review_by is None or review_by >= today:
        return []
    days = (today - review_by).days
    message = (
        f"the review date {written} has passed ({_days(days)} ago); "
        "look at the document again and move review_by"
    )
    position = document.front_matter.value_position(("review_by",))
    return [
        Diagnostic.at(
            position, "PM310", document.file, message, document.id, "review_by", Severity.WARNING
        )
    ]


def _unchanged(
    document: Document, today: datetime.date, changed: int, limit: int
) -> list[Diagnostic]:
    changed_on = datetime.datetime.fromtimestamp(changed, datetime.timezone.utc).date()
    days = (today - changed_on).days
    if days <= limit:
        return []
    message = (
        f"the document is {document.status!r} and its file has not changed in git for "
        f"{_days(days)} (since {changed_on.isoformat()}; stale_after is {limit}d)"
    )
    position = document.front_matter.value_position(("status",))
    return [
        Diagnostic.at(
            position, "PM311", document.file, message, document.id, "status", Severity.WARNING
        )
    ]


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
