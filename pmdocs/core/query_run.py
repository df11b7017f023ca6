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
from typing import Any, NamedTuple

from pmdocs.core.derived import DERIVED_FIELDS, derived_values
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.project import Project
from pmdocs.core.query_parse import (
    BASE_FIELDS,
    LINKED,
    THIS,
    WITH,
    WITHOUT,
    Condition,
    FieldKind,
    Query,
    field_kinds,
    resolve_date,
)
from pmdocs.core.validate import parse_date

__all__ = ["QueryGroup", "QueryResult", "field_value", "group_documents", "run_query"]


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


class _GroupKeys(NamedTuple):
    groups: list[int | tuple[int, ...]]  # per position
    values: list[Any]  # per group number
    numbers: dict[Any, int]  # `_hashed` value -> group number
    single: bool  # every entry of `groups` an int: no list values


class _Index:
    """The documents of some types: their values, sort keys, value indexes and
    neighbours, each built on first use."""

    def __init__(self, project: Project, types: frozenset[str]) -> None:
        self.project = project
        self.documents = [d for d in project.documents if d.type in types]
        self.position = {d.path: i for i, d in enumerate(self.documents)}
        self._columns: dict[str, list[Any]] = {}
        self._sort_keys: dict[str, list[int | None]] = {}
        self._group_keys: dict[str, _GroupKeys] = {}
        self._sort_ranks: dict[tuple[tuple[str, bool], ...], list[int]] = {}
        self._inverted: dict[str, dict[Any, list[int]]] = {}
        self._neighbours: dict[str, frozenset[int]] = {}
        self._linked_with_type: dict[str, frozenset[int]] = {}
        self.type_rank = {name: index for index, name in enumerate(project.types)}
        self._kinds: dict[tuple[str, ...], dict[str, FieldKind]] = {}
        from pmdocs.core.config import resolve_today  # config imports the project module

        self.today = resolve_today(project.settings.today)

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

    def linked_with_type(self, type_name: str) -> frozenset[int]:
        """Positions of the documents linked (either direction) with a document of ``type_name``:
        one pass over that type's links, kept per type."""
        found = self._linked_with_type.get(type_name)
        if found is None:
            graph = self.project.graph
            position = self.position
            linked: set[int] = set()
            for document in self.project.documents_of(type_name):
                doc_id = document.id
                ids = {t for targets in graph.links_from(doc_id).values() for t in targets}
                ids.update(link.source for link in graph.links_to(doc_id))
                for other in ids:
                    target = graph.documents.get(other)
                    if target is not None and target.path in position:
                        linked.add(position[target.path])
            found = self._linked_with_type[type_name] = frozenset(linked)
        return found

    def sort_keys(self, name: str) -> list[int | None]:
        """Each document's rank for ``name`` (equal values share one); None when missing.

        Ranks are ints: sorting by them is many times faster than by the
        keys (nested tuples of natural keys) they stand for.
        """
        found = self._sort_keys.get(name)
        if found is None:
            orders: dict[str, dict[Any, int] | None] = {}
            keys = []
            for document, value in zip(self.documents, self.column(name), strict=True):
                if document.type not in orders:
                    orders[document.type] = self._order(document.type, name)
                keys.append(self._sort_key(name, value, orders[document.type]))
            rank = {
                key: index for index, key in enumerate(sorted({k for k in keys if k is not None}))
            }
            found = [None if key is None else rank[key] for key in keys]
            self._sort_keys[name] = found
        return found

    def sort_rank(self, sort: tuple[tuple[str, bool], ...]) -> list[int]:
        """Each document's place under ``sort`` as one int, for a single sort of ints.

        Per field, a value's rank (reversed for ``-field``) with missing values
        after every value whatever the direction; fields combine as the digits
        of a number, the first the most significant. Kept per ``sort``: pages
        of one site tend to sort alike.
        """
        found = self._sort_ranks.get(sort)
        if found is None:
            found = [0] * len(self.documents)
            for name, descending in sort:
                keys = self.sort_keys(name)
                top = max((k for k in keys if k is not None), default=0)
                base = top + 2
                missing = top + 1
                found = [
                    combined * base
                    + (missing if key is None else (top - key if descending else key))
                    for combined, key in zip(found, keys, strict=True)
                ]
            self._sort_ranks[sort] = found
        return found

    def group_keys(self, name: str) -> _GroupKeys:
        """Each document's group for ``name`` as a small int (or a tuple of them, for a list;
        -1 without a value), with each group's value: grouping then only appends ints."""
        found = self._group_keys.get(name)
        if found is None:
            ids: dict[Any, int] = {}
            values: list[Any] = []
            groups: list[int | tuple[int, ...]] = []
            for value in self.column(name):
                items = [item for item in _items(value) if not isinstance(item, (dict, list))]
                numbers = []
                for item in items:
                    key = _hashed(item)
                    number = ids.get(key)
                    if number is None:
                        number = ids[key] = len(values)
                        values.append(item)
                    if number not in numbers:
                        numbers.append(number)
                if not numbers:
                    groups.append(-1)
                elif len(numbers) == 1 and not isinstance(value, list):
                    groups.append(numbers[0])
                else:
                    groups.append(tuple(numbers))
            single = all(isinstance(group, int) for group in groups)
            found = self._group_keys[name] = _GroupKeys(groups, values, ids, single)
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


def _index(project: Project, types: Sequence[str]) -> _Index:
    """The index of the documents of ``types``, kept per set of types: a query
    reads (and sorts by) the values of the documents it can find, not of all."""
    scope = frozenset(types)
    return project.memo(("query-index", scope), lambda: _Index(project, scope))


def run_query(project: Project, query: Query, this_id: str | None = None) -> QueryResult:
    """The documents of ``project`` that ``query`` finds; ``this_id`` stands for ``this``."""
    index = _index(project, query.types)
    positions = list(range(len(index.documents)))
    for condition in query.where:
        positions = _filtered(index, positions, condition, this_id)
    positions = _sorted(index, positions, query.sort)
    total = len(positions)
    if query.limit is not None:
        positions = positions[: query.limit]
    documents = tuple(map(index.documents.__getitem__, positions))
    groups: tuple[QueryGroup, ...] = ()
    if query.group_by is not None:
        groups = _groups(index, query, positions)
    return QueryResult(query, documents, total, groups)


def group_documents(
    project: Project, query: Query, documents: Sequence[Document]
) -> tuple[QueryGroup, ...]:
    """``documents`` (of ``query``'s types) grouped by ``query.group_by`` as a query groups
    them: a matrix's columns are the groups of its ``across`` field."""
    index = _index(project, query.types)
    position = index.position
    positions = [position[d.path] for d in documents if d.path in position]
    return _groups(index, query, positions)


def _filtered(
    index: _Index, positions: list[int], condition: Condition, this_id: str | None
) -> list[int]:
    operator, values = condition.operator, condition.values
    if condition.field in (WITH, WITHOUT):
        with_any: set[int] = set()
        for type_name in values:
            with_any |= index.linked_with_type(type_name)
        if condition.field == WITH:
            return [p for p in positions if p in with_any]
        return [p for p in positions if p not in with_any]
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
    test = _test(operator, values[0], index.today)
    return [p for p in positions if any(map(test, _items(column[p])))]


def _test(operator: str, bound: Any, today: datetime.date) -> Callable[[Any], bool]:
    """Whether one value passes ``operator`` with ``bound`` (a date may be ``today+30d``)."""
    if operator in ("before", "after", "on"):
        limit = resolve_date(bound, today)

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
    """``positions`` in the order of ``sort``: one sort by the composite rank of the fields.

    Positions start in natural id order and the sort is stable, so natural
    id order breaks every tie.
    """
    if not sort:
        return positions
    rank = index.sort_rank(tuple(sort))
    return sorted(positions, key=rank.__getitem__)


def _groups(index: _Index, query: Query, positions: list[int]) -> tuple[QueryGroup, ...]:
    """Groups in the field's order: its allowed values (every one, even when empty) in the
    types' order, then other values in natural order; documents without a value last."""
    name = query.group_by
    assert name is not None
    keys = index.group_keys(name)
    groups_of = keys.groups
    # One bucket per group number, and a last one for documents without a value (-1).
    buckets: list[list[int]] = [[] for _ in range(len(keys.values) + 1)]
    if keys.single:
        add = [bucket.append for bucket in buckets]
        for position in positions:
            add[groups_of[position]](position)  # type: ignore[index]
    else:
        for position in positions:
            group = groups_of[position]
            for number in (group,) if isinstance(group, int) else group:
                buckets[number].append(position)
    without = buckets.pop()
    kind = index.kinds(query.types).get(name)
    ordered: list[tuple[Any, list[int]]] = []
    listed: set[int] = set()
    if kind is not None and kind.allowed is not None:
        for value in kind.allowed:
            found = keys.numbers.get(_hashed(value))
            if found is None:
                ordered.append((value, []))
            elif found not in listed:
                listed.add(found)
                ordered.append((value, buckets[found]))
    others = sorted(
        (n for n, bucket in enumerate(buckets) if bucket and n not in listed),
        key=lambda n: _value_key(keys.values[n]),
    )
    ordered.extend((keys.values[n], buckets[n]) for n in others)
    at = index.documents.__getitem__
    groups = [QueryGroup(value, tuple(map(at, members))) for value, members in ordered]
    if without:
        groups.append(QueryGroup(None, tuple(map(at, without))))
    return tuple(groups)
