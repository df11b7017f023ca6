"""The numbers the views compute (SPEC section 4), the same in pages, queries and exports.

- `risk_score` and `score_band`: a risk's likelihood × impact and its band;
- `key_result_progress`, `objective_progress`, `metric_progress`: progress
  from 0 to 1;
- `requirement_demand`: the segment weights of the customer notes linked
  with a requirement, each note once;
- `is_overdue`: a milestone due before today and neither done nor missed;
- `budget_totals`: sums per currency, never across currencies.

`derived_values(project, document)` gives a document's derived fields by
name (only those of its type, `DERIVED_FIELDS`); they are computed once per
project, on first use, and shared by every caller.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pmdocs.core.model import Document
from pmdocs.core.validate import parse_date

if TYPE_CHECKING:
    from pmdocs.core.project import Project

__all__ = [
    "BANDS",
    "DEFAULT_SEGMENT_WEIGHTS",
    "DERIVED_FIELDS",
    "LEVELS",
    "budget_totals",
    "derived_values",
    "is_overdue",
    "key_result_progress",
    "level",
    "metric_progress",
    "objective_progress",
    "requirement_demand",
    "risk_score",
    "score_band",
    "totals_per_unit",
]

LEVELS = (1, 2, 3, 4, 5)
# Score bands: (name, lowest score, highest score), from the most severe down.
BANDS: tuple[tuple[str, int, int], ...] = (
    ("critical", 20, 25),
    ("high", 10, 16),
    ("medium", 5, 9),
    ("low", 1, 4),
)
DEFAULT_SEGMENT_WEIGHTS: Mapping[str, float] = {"A": 3, "B": 2, "C": 1}
# The derived fields of each type, in the order exports list them.
DERIVED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "risk": ("score", "band"),
    "objective": ("progress",),
    "metric": ("progress",),
    "prd": ("demand",),
    "milestone": ("overdue",),
}
CLOSED_MILESTONE_STATUSES = frozenset({"done", "missed"})
CUSTOMER_NOTE = "customer-note"


def _number(value: Any) -> float | int | None:
    """A finite number as written, or None (``true`` is no number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _clamped(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def level(value: Any) -> int | None:
    """A likelihood or impact from 1 to 5, or None for anything else (even ``true``)."""
    if isinstance(value, int) and not isinstance(value, bool) and value in LEVELS:
        return value
    return None


def risk_score(document: Document) -> int | None:
    """Likelihood × impact, or None without valid levels."""
    likelihood, impact = level(document.get("likelihood")), level(document.get("impact"))
    if likelihood is None or impact is None:
        return None
    return likelihood * impact


def score_band(score: int) -> str:
    """The band a score falls in: low (1–4), medium (5–9), high (10–16), critical (20–25)."""
    for name, lowest, _ in BANDS:
        if score >= lowest:
            return name
    return "low"


def key_result_progress(key_result: Any) -> float | None:
    """``current / target`` clamped to 0–1, when both are numbers and the target is not 0."""
    if not isinstance(key_result, Mapping):
        return None
    current, target = _number(key_result.get("current")), _number(key_result.get("target"))
    if current is None or target is None or target == 0:
        return None
    return _clamped(current / target)


def objective_progress(document: Document) -> float | None:
    """The mean progress of the key results that have numbers; None when none has."""
    key_results = document.get("key_results")
    if not isinstance(key_results, list):
        return None
    found = [p for p in map(key_result_progress, key_results) if p is not None]
    return sum(found) / len(found) if found else None


def metric_progress(document: Document) -> float | None:
    """``(current − baseline) / (target − baseline)`` clamped to 0–1, or ``current / target``.

    A target below the baseline is a falling one: the value falling towards
    it is progress, which the formula gives as it stands. Without a current
    value, or when target and baseline (or a target without baseline) leave
    nothing to divide by, there is no progress.
    """
    current, target = _number(document.get("current")), _number(document.get("target"))
    if current is None or target is None:
        return None
    baseline = _number(document.get("baseline"))
    if baseline is None:
        return None if target == 0 else _clamped(current / target)
    if target == baseline:
        return None
    return _clamped((current - baseline) / (target - baseline))


def is_overdue(document: Document, today: datetime.date) -> bool | None:
    """Due before ``today`` and neither done nor missed; None without a valid ``due`` date."""
    due = document.get("due")
    date = parse_date(due) if isinstance(due, str) else None
    if date is None:
        return None
    return date < today and document.status not in CLOSED_MILESTONE_STATUSES


def requirement_demand(
    project: Project, document: Document, weights: Mapping[str, float] | None = None
) -> float:
    """The weights of the segments of the customer notes linked with ``document``.

    Links count in either direction (the note's ``requests``, the
    requirement's ``sources``), each note once; a note of another segment
    counts 0.
    """
    weights = DEFAULT_SEGMENT_WEIGHTS if weights is None else weights
    total: float = 0
    for note in project.graph.neighbours(document.id, CUSTOMER_NOTE):
        segment = note.get("segment")
        if isinstance(segment, str):
            total += weights.get(segment, 0)
    return total


def budget_totals(documents: Iterable[Document]) -> dict[str, float]:
    """The sum of ``amount`` per ``currency``, currencies in alphabetical order.

    Documents without a number amount or a currency are left out; amounts
    in two currencies are never added together.
    """
    return totals_per_unit((d.get("amount"), d.get("currency") or None) for d in documents)


def totals_per_unit(pairs: Iterable[tuple[Any, Any]]) -> dict[str, float]:
    """The sum of the numbers per unit, of (number, unit) pairs; units in alphabetical order.

    A pair without a number, or whose unit is no text (``""`` is the unit of
    numbers that have none), is left out: two units are never added together.
    """
    totals: dict[str, float] = {}
    for value, unit in pairs:
        amount = _number(value)
        if amount is not None and isinstance(unit, str):
            totals[unit] = totals.get(unit, 0) + amount
    return {unit: totals[unit] for unit in sorted(totals)}


def derived_values(project: Project, document: Document) -> dict[str, Any]:
    """The derived fields of ``document``'s type with their values (None: cannot be computed)."""
    return _all_derived(project).get(document.path, {})


def _all_derived(project: Project) -> dict[str, dict[str, Any]]:
    """Derived values of every document by docs path, computed once per project."""
    return project.memo("derived", lambda: _compute(project))


def _compute(project: Project) -> dict[str, dict[str, Any]]:
    from pmdocs.core.config import resolve_today  # config imports the project module

    today = resolve_today(project.settings.today)
    weights = dict(project.settings.segment_weights)
    found: dict[str, dict[str, Any]] = {}
    for document in project.documents:
        kind = document.type
        if kind == "risk":
            score = risk_score(document)
            found[document.path] = {
                "score": score,
                "band": None if score is None else score_band(score),
            }
        elif kind == "objective":
            found[document.path] = {"progress": objective_progress(document)}
        elif kind == "metric":
            found[document.path] = {"progress": metric_progress(document)}
        elif kind == "prd":
            found[document.path] = {"demand": requirement_demand(project, document, weights)}
        elif kind == "milestone":
            found[document.path] = {"overdue": is_overdue(document, today)}
    return found
