"""Running a checked `Query` over a project: filter, sort, limit and group.

What every query needs is worked out once per project, on first use, and
kept (`Project.memo`): each field's values and sort keys in the project's
document order, an index from value to documents for ``in``/``not``, and
each document's neighbours for ``linked``. A query then handles positions
(ints) only: over 10,000 documents it runs in about a millisecond.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pmdocs.core.derived import DERIVED_FIELDS, derived_values
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.project import Project
from pmdocs.core.query_parse import (
    BASE_FIELDS,
    LINKED,
    THIS,
    Condition,
    FieldKind,
    Query,
    field_kinds,
)
from pmdocs.core.validate import parse_date

__all__ = ["QueryGroup", "QueryResult", "field_value", "run_query"]


@dataclass(frozen=True)
class QueryGroup:
    """The documents of one ``group_by`` value (None: those without a value)."""

    value: Any
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class QueryResult:
    """What a query found: ``documents`` matched, sorted and limited; ``total`` matched
    before the limit; ``groups`` when the query has ``group_by``."""

    query: Query
    documents: tuple[Document, ...]
    total: int
    groups: tuple[QueryGroup, ...] = ()


def field_value(project: Project, document: Document, name: str) -> Any:
    """``document``'s value of the queryable field ``name``; None when it has none.

    ``id``, ``type``, ``title``, ``status`` and ``path`` are the document's;
    the derived fields of its type (``score``, ``band``, ``progress``,
    ``demand``, ``overdue``) are computed (`pmdocs.core.derived`); a link
    field is the list of ids written; any other name is the front-matter value.
    """
    if name in BASE_FIELDS:
        value: Any = getattr(document, name)
        return value
    if name in DERIVED_FIELDS.get(document.type, ()):
        return derived_values(project, document).get(name)
    if name in document.links:
        return list(document.links[name])
    return document.data.get(name)


def _hashed(value: Any) -> Any:
    """A key under which equal query values meet: ``1`` and ``1.0`` do, ``true`` and ``1`` do not."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    return None if value is None else ("?", id(value))  # mappings: equal to nothing


def _items(value: Any) -> list[Any]:
    """The values a document has for a field: a list's items, else the value; [] when missing."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for item in value if item is not None]
    return [value]


@lru_cache(maxsize=4096)
def _date(text: str) -> datetime.date | None:
    return parse_date(text)


class _Index:
    """Per project: values, sort keys, value indexes and neighbours, each built on first use."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.documents = project.documents
        self.position = {d.path: i for i, d in enumerate(self.documents)}
        self.by_type: dict[str, list[int]] = {}
        for index, document in enumerate(self.documents):
            self.by_type.setdefault(document.type, []).append(index)
        self._columns: dict[str, list[Any]] = {}
        self._sort_keys: dict[str, list[Any]] = {}
        self._inverted: dict[str, dict[Any, list[int]]] = {}
        self._neighbours: dict[str, frozenset[int]] = {}
        self.type_rank = {name: index for index, name in enumerate(project.types)}
        self._kinds: dict[tuple[str, ...], dict[str, FieldKind]] = {}

    def kinds(self, types: tuple[str, ...]) -> dict[str, FieldKind]:
        found = self._kinds.get(types)
        if found is None:
            found = self._kinds[types] = field_kinds(self.project.types, types)
        return found

    def column(self, name: str) -> list[Any]:
        found = self._columns.get(name)
        if found is None:
            project = self.project
            found = [field_value(project, document, name) for document in self.documents]
            self._columns[name] = found
        return found

    def inverted(self, name: str) -> dict[Any, list[int]]:
        """Value (`_hashed`) -> positions holding it; None -> positions without a value."""
        found = self._inverted.get(name)
        if found is None:
            found = {}
            for position, value in enumerate(self.column(name)):
                items = _items(value)
                if not items:
                    found.setdefault(None, []).append(position)
                for key in {_hashed(item) for item in items}:
                    found.setdefault(key, []).append(position)
            self._inverted[name] = found
        return found

    def holding(self, name: str, values: Iterable[Any]) -> set[int]:
        """Positions of the documents whose value (or an item of it) is one of ``values``."""
        inverted = self.inverted(name)
        found: set[int] = set()
        for value in values:
            found.update(inverted.get(_hashed(value), ()))
        return found

    def neighbours(self, doc_id: str) -> frozenset[int]:
        """Positions of the documents linked with ``doc_id`` in either direction."""
        found = self._neighbours.get(doc_id)
        if found is None:
            graph = self.project.graph
            ids = {t for targets in graph.links_from(doc_id).values() for t in targets}
            ids.update(link.source for link in graph.links_to(doc_id))
            found = frozenset(
                self.position[graph.documents[i].path]
                for i in ids
                if i in graph.documents and graph.documents[i].path in self.position
            )
            self._neighbours[doc_id] = found
        return found

    def sort_keys(self, name: str) -> list[Any]:
        """Each document's sort key for ``name``; None for a missing value."""
        found = self._sort_keys.get(name)
        if found is None:
            orders: dict[str, dict[Any, int] | None] = {}
            found = []
            for document, value in zip(self.documents, self.column(name), strict=True):
                if document.type not in orders:
                    orders[document.type] = self._order(document.type, name)
                found.append(self._sort_key(name, value, orders[document.type]))
            self._sort_keys[name] = found
        return found

    def _order(self, type_name: str, name: str) -> dict[Any, int] | None:
        """Allowed value -> rank, for a field whose values the type lists."""
        if name == "type":
            return None
        kind = self.kinds((type_name,)).get(name)
        if kind is None or kind.allowed is None:
            return None
        order: dict[Any, int] = {}
        for index, value in enumerate(kind.allowed):
            order.setdefault(_hashed(value), index)
        return order

    def _sort_key(self, name: str, value: Any, order: dict[Any, int] | None) -> Any:
        if value is None or value == []:
            return None
        if name == "type":
            return (0, self.type_rank.get(value, len(self.type_rank)), value)
        if name in ("id", "path") and isinstance(value, str):
            return (3, natural_key(value))
        if isinstance(value, list):
            return (4, tuple(self._sort_key(name, item, order) or (9,) for item in value))
        if order is not None:
            rank = order.get(_hashed(value))
            if rank is not None:
                return (0, rank)
        return _value_key(value)


def _value_key(value: Any) -> Any:
    """Booleans, then numbers by value, then text in natural order ignoring case."""
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        if value != value:  # NaN: no place among numbers
            return (5, "")
        return (2, value)
    if isinstance(value, str):
        return (3, natural_key(value.casefold()), value)
    return (5, repr(value))


def _index(project: Project) -> _Index:
    return project.memo("query-index", lambda: _Index(project))


def run_query(project: Project, query: Query, this_id: str | None = None) -> QueryResult:
    """The documents of ``project`` that ``query`` finds; ``this_id`` stands for ``this``."""
    index = _index(project)
    positions = _candidates(index, query.types)
    for condition in query.where:
        positions = _filtered(index, positions, condition, this_id)
    positions = _sorted(index, positions, query.sort)
    total = len(positions)
    if query.limit is not None:
        positions = positions[: query.limit]
    documents = tuple(index.documents[p] for p in positions)
    groups: tuple[QueryGroup, ...] = ()
    if query.group_by is not None:
        groups = _groups(index, query, positions)
    return QueryResult(query, documents, total, groups)


def _candidates(index: _Index, types: Sequence[str]) -> list[int]:
    names = [name for name in dict.fromkeys(types) if name in index.by_type]
    if len(names) == len(index.by_type):
        return list(range(len(index.documents)))
    if len(names) == 1:
        return list(index.by_type[names[0]])
    return sorted(p for name in names for p in index.by_type[name])


def _filtered(
    index: _Index, positions: list[int], condition: Condition, this_id: str | None
) -> list[int]:
    operator, values = condition.operator, condition.values
    if condition.field == LINKED:
        linked: set[int] = set()
        for doc_id in values:
            target = this_id if doc_id == THIS else doc_id
            if target is not None:
                linked |= index.neighbours(target)
        if operator == "not":
            return [p for p in positions if p not in linked]
        return [p for p in positions if p in linked]
    if operator in ("in", "not"):
        found = index.holding(condition.field, values)
        if operator == "not":
            return [p for p in positions if p not in found]
        return [p for p in positions if p in found]
    column = index.column(condition.field)
    test = _test(operator, values[0])
    return [p for p in positions if any(map(test, _items(column[p])))]


def _test(operator: str, bound: Any) -> Callable[[Any], bool]:
    """Whether one value passes ``operator`` with ``bound``."""
    if operator in ("before", "after", "on"):
        limit = parse_date(bound)

        def date_test(value: Any) -> bool:
            date = _date(value) if isinstance(value, str) else None
            if date is None or limit is None:
                return False
            if operator == "before":
                return date < limit
            if operator == "after":
                return date > limit
            return date == limit

        return date_test

    def number_test(value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return False
        return bool(value >= bound) if operator == "min" else bool(value <= bound)

    return number_test


def _sorted(index: _Index, positions: list[int], sort: Sequence[tuple[str, bool]]) -> list[int]:
    """Stable passes from the last sort field to the first; missing values always last.

    Positions start in natural id order, which therefore breaks every tie.
    """
    for name, descending in reversed(sort):
        keys = index.sort_keys(name)
        present = [p for p in positions if keys[p] is not None]
        missing = [p for p in positions if keys[p] is None]
        present.sort(key=keys.__getitem__, reverse=descending)
        positions = present + missing
    return positions


def _groups(index: _Index, query: Query, positions: list[int]) -> tuple[QueryGroup, ...]:
    """Groups in the field's order: its allowed values (every one, even when empty) in the
    types' order, then other values in natural order; documents without a value last."""
    name = query.group_by
    assert name is not None
    column = index.column(name)
    kind = index.kinds(query.types).get(name)
    members: dict[Any, list[int]] = {}
    values: dict[Any, Any] = {}
    if kind is not None and kind.allowed is not None:
        for value in kind.allowed:
            key = _hashed(value)
            members.setdefault(key, [])
            values.setdefault(key, value)
    allowed_keys = list(members)
    without: list[int] = []
    for position in positions:
        items = _items(column[position])
        keys = {_hashed(item): item for item in items if not isinstance(item, (dict, list))}
        if not keys:
            without.append(position)
        for key, item in keys.items():
            members.setdefault(key, []).append(position)
            values.setdefault(key, item)
    listed = set(allowed_keys)
    others = sorted((k for k in members if k not in listed), key=lambda k: _value_key(values[k]))
    documents = index.documents
    groups = [
        QueryGroup(values[key], tuple(documents[p] for p in members[key]))
        for key in (*allowed_keys, *others)
    ]
    if without:
        groups.append(QueryGroup(None, tuple(documents[p] for p in without)))
    return tuple(groups)
