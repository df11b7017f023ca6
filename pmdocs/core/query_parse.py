"""Reading one query block's YAML into a checked `Query`, or PM400 diagnostics.

The YAML is read exactly as front matter is (YAML 1.2 core, dates stay
text, no explicit tags, the same limits), with the position of every key
and value, so that each problem is reported at its key (or at the value, for
a value outside the allowed ones) in the page. Whatever the YAML holds, the
result is a query or diagnostics, never an exception.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from pmdocs.core.derived import BANDS, DERIVED_FIELDS
from pmdocs.core.diagnostics import Diagnostic, Severity, closest, describe_value, did_you_mean
from pmdocs.core.doctypes import DocType, TypeSet, allowed_values
from pmdocs.core.frontmatter import FieldPath, Position, YamlError, load_yaml_located
from pmdocs.core.model import Document
from pmdocs.core.query_blocks import QueryBlock, find_query_blocks
from pmdocs.core.validate import normal_id, parse_date, suggest_type

if TYPE_CHECKING:
    from pmdocs.core.graph import Graph

__all__ = [
    "BASE_FIELDS",
    "CODE",
    "KEYS",
    "LINKED",
    "OPERATORS",
    "SHOWS",
    "THIS",
    "WITH",
    "WITHOUT",
    "Condition",
    "FieldKind",
    "PageQuery",
    "Query",
    "field_kinds",
    "page_queries",
    "parse_query",
    "resolve_date",
]

CODE = "PM400"
KEYS = (
    "show",
    "type",
    "where",
    "sort",
    "columns",
    "group_by",
    "limit",
    # pmdocs' own, beyond SPEC section 8 (README, "Queries"):
    "title",
    "related",
    "across",
    "sum",
    "unit",
)
SHOWS = ("table", "list", "count", "board", "chart", "progress", "matrix", "totals")
# Which shows take which of pmdocs' own keys.
RELATED_SHOWS = ("table", "list", "progress")
_KEY_SHOWS: Mapping[str, tuple[str, ...]] = {
    "related": RELATED_SHOWS,
    "across": ("matrix",),
    "sum": ("totals",),
    "unit": ("totals",),
}
OPERATORS = ("not", "before", "after", "on", "min", "max")
DATE_OPERATORS = ("before", "after", "on")
NUMBER_OPERATORS = ("min", "max")
LINKED = "linked"
WITHOUT = "without"
WITH = "with"
THIS = "this"
# A relative date: `today`, `today+30d`, `today-7d`.
RELATIVE_DATE = re.compile(r"^today(?:([+-])([0-9]{1,5})d)?$")
DEFAULT_GROUP = "status"  # board and chart without group_by
# Fields of every document besides its type's: the record's own, then the
# common front-matter fields the types' schemas may not list.
BASE_FIELDS = ("id", "type", "title", "status", "path")
_EXTRA_COMMON: Mapping[str, Mapping[str, Any]] = {"review_by": {"type": "string", "format": "date"}}
_DERIVED_SCHEMAS: Mapping[str, Mapping[str, Any]] = {
    "score": {"type": "integer"},
    "band": {"type": "string", "enum": [name for name, _, _ in reversed(BANDS)]},
    "progress": {"type": "number"},
    "demand": {"type": "number"},
    "overdue": {"type": "boolean"},
}


@dataclass(frozen=True)
class Condition:
    """One condition of ``where``: every condition of a query must hold.

    ``operator`` is ``in`` (the value is one of ``values``; on a list field,
    an item is), ``not`` (none of them), ``before``/``after``/``on`` (a
    date, one value) or ``min``/``max`` (a number, inclusive). ``values``
    may hold None, which stands for "no value". The field ``linked`` holds
    ids (or ``this``): linked with one of them in either direction.
    """

    field: str
    operator: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Query:
    """A checked query, ready for `run_query`."""

    show: str = "table"
    types: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    sort: tuple[tuple[str, bool], ...] = ()  # (field, descending)
    columns: tuple[str, ...] = ()
    group_by: str | None = None
    limit: int | None = None
    # pmdocs' own keys: a heading per language, linked types listed with each
    # document, the matrix's columns, the totals' number and unit fields.
    title: tuple[tuple[str, str], ...] = ()
    related: tuple[str, ...] = ()
    across: str | None = None
    sum: str | None = None
    unit: str | None = None

    def heading(self, language: str) -> str | None:
        """The query's ``title`` in ``language`` (else English, else any); None without one."""
        texts = dict(self.title)
        return texts.get(language) or texts.get("en") or next(iter(texts.values()), None)


@dataclass(frozen=True)
class FieldKind:
    """What the queried types say a field holds.

    ``allowed`` lists the allowed values in the types' order, when every
    queried type with the field restricts it; ``date``, ``number`` and
    ``boolean`` say whether any of them takes such a value.
    """

    allowed: tuple[Any, ...] | None
    date: bool
    number: bool
    boolean: bool
    is_list: bool


def _schema_kinds(schema: Mapping[str, Any]) -> set[str]:
    """The JSON types a schema names, its ``anyOf``/``oneOf`` branches and list items included."""
    found: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, str):
        found.add(declared)
    elif isinstance(declared, list):
        found.update(item for item in declared if isinstance(item, str))
    for key in ("anyOf", "oneOf", "allOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            for branch in branches:
                if isinstance(branch, Mapping):
                    found |= _schema_kinds(branch)
    items = schema.get("items")
    if isinstance(items, Mapping):
        found |= {f"item-{kind}" for kind in _schema_kinds(items)}
    return found


def _type_schemas(doc_type: DocType) -> dict[str, Mapping[str, Any]]:
    """Every field a query may name for documents of ``doc_type``, with its schema."""
    schemas: dict[str, Mapping[str, Any]] = {
        "id": {"type": "string"},
        "type": {"type": "string", "enum": [doc_type.name]},
        "title": {"type": "string"},
        "path": {"type": "string"},
    }
    schemas.update(doc_type.all_fields)
    for name, schema in _EXTRA_COMMON.items():
        schemas.setdefault(name, schema)
    for name in doc_type.links:
        schemas[name] = {"type": "array", "items": {"type": "string"}}
    for name in DERIVED_FIELDS.get(doc_type.name, ()):
        schemas[name] = _DERIVED_SCHEMAS[name]
    return schemas


def field_kinds(types: TypeSet, names: Iterable[str]) -> dict[str, FieldKind]:
    """The fields a query of the types ``names`` may use, and what each holds."""
    collected: dict[str, list[Mapping[str, Any]]] = {}
    for name in names:
        for field_name, schema in _type_schemas(types[name]).items():
            collected.setdefault(field_name, []).append(schema)
    kinds = {}
    for field_name, schemas in collected.items():
        allowed: list[Any] | None = []
        is_date = is_number = is_boolean = is_list = False
        for schema in schemas:
            values = allowed_values(schema)
            if values is None or allowed is None:
                allowed = None
            else:
                allowed.extend(v for v in values if not any(_same(v, a) for a in allowed))
            declared = _schema_kinds(schema)
            is_date |= schema.get("format") == "date" or _items_format(schema) == "date"
            is_number |= bool(declared & {"number", "integer", "item-number", "item-integer"})
            is_boolean |= bool(declared & {"boolean", "item-boolean"})
            is_list |= "array" in declared
        kinds[field_name] = FieldKind(
            None if allowed is None else tuple(allowed), is_date, is_number, is_boolean, is_list
        )
    return kinds


def _items_format(schema: Mapping[str, Any]) -> Any:
    items = schema.get("items")
    return items.get("format") if isinstance(items, Mapping) else None


def _same(a: Any, b: Any) -> bool:
    """Equal as query values are: ``true`` is not ``1``."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def parse_query(
    block: QueryBlock | str,
    types: TypeSet,
    file: str,
    first_line_offset: int = 0,
    this_document: Document | None = None,
    *,
    graph: Graph | None = None,
) -> tuple[Query | None, list[Diagnostic]]:
    """The query of ``block`` and its PM400 diagnostics; no query when there is one.

    ``block`` is a `QueryBlock` of a page or the YAML text itself (line 1,
    no indentation). Diagnostics name ``file`` at the line of the page:
    ``first_line_offset`` is added to the block's lines (the body of a PM
    document starts after its front matter). ``this_document`` is the page's
    own PM document, for ``linked: this``; with ``graph``, ids that ``linked``
    names must be documents' ids.
    """
    if isinstance(block, str):
        block = QueryBlock(block, 1, 1, 1, 0, len(block), "", ())
    reader = _Reader(block, types, file, first_line_offset, this_document, graph)
    query = reader.read()
    return (None if reader.diagnostics else query), reader.diagnostics


class _Reader:
    def __init__(
        self,
        block: QueryBlock,
        types: TypeSet,
        file: str,
        first_line_offset: int,
        this_document: Document | None,
        graph: Graph | None,
    ) -> None:
        self.block = block
        self.types = types
        self.file = file
        self.offset = first_line_offset
        self.this = this_document
        self.graph = graph
        self.first_line = first_line_offset + block.line  # the page's line of YAML line 1
        self.diagnostics: list[Diagnostic] = []
        self.keys: dict[FieldPath, Position] = {}
        self.values: dict[FieldPath, Position] = {}
        self.kinds: dict[str, FieldKind] = {}
        self.type_names: tuple[str, ...] = ()

    # --- positions and reports

    def _page(self, position: Position) -> Position:
        """A position of the YAML (lines already the page's) with the column the page has:
        each line's indentation, taken off the YAML, added back."""
        index = position.line - self.first_line
        shifts = self.block.shifts
        shift = shifts[index] if 0 <= index < len(shifts) else (shifts[-1] if shifts else 0)
        return Position(position.line, position.column + shift)

    def _key_at(self, path: FieldPath) -> Position:
        return self.keys.get(path) or self._value_at(path)

    def _value_at(self, path: FieldPath) -> Position:
        while path:
            found = self.values.get(path)
            if found:
                return found
            path = path[:-1]
        return Position(self.first_line, 1)

    def report(self, position: Position, message: str) -> None:
        at = self._page(position)
        self.diagnostics.append(
            Diagnostic(
                Severity.ERROR,
                CODE,
                self.file,
                at.line,
                at.column,
                message,
                self.this.id if self.this is not None else None,
            )
        )

    # --- the query

    def read(self) -> Query | None:
        try:
            located = load_yaml_located(self.block.yaml, self.first_line)
        except YamlError as error:
            # The limits are front matter's, and so are the words: say "query" instead.
            problem = error.problem.replace("front matter", "the query")
            self.report(Position(error.line, error.column), problem)
            return None
        self.keys, self.values = located.keys, located.values
        data = located.value
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.report(
                Position(self.first_line, 1),
                f"a query is a mapping of {', '.join(KEYS)}, not {describe_value(data)}",
            )
            return None
        for key in data:
            if key not in KEYS:
                self.report(
                    self._key_at((key,)),
                    f"unknown query key {key!r}{did_you_mean(key, KEYS)}; "
                    f"a query has {', '.join(KEYS)}",
                )
        show = self._show(data)
        self.type_names = self._types(data)
        self.kinds = field_kinds(self.types, self.type_names)
        where = self._where(data.get("where")) if "where" in data else ()
        sort = self._sort(data.get("sort")) if "sort" in data else ()
        columns = self._columns(data.get("columns")) if "columns" in data else ()
        group_by = self._field_name(("group_by",), data.get("group_by"), "group_by")
        if group_by is None and show in ("board", "chart") and "group_by" not in data:
            group_by = DEFAULT_GROUP
        limit = self._limit(data) if "limit" in data else None
        for key, shows in _KEY_SHOWS.items():
            if key in data and show is not None and show not in shows:
                self.report(
                    self._key_at((key,)),
                    f"{key} applies to show: {', '.join(shows)}, not to show: {show}",
                )
        across = self._field_name(("across",), data.get("across"), "across")
        if show == "matrix" and "across" not in data:
            self.report(
                self._value_at(("show",)),
                "show: matrix needs across: a field whose values make its columns",
            )
        if show == "matrix" and group_by is None and "group_by" not in data:
            group_by = DEFAULT_GROUP
        total = self._number_field(data) if "sum" in data else None
        if show == "totals" and "sum" not in data:
            self.report(self._value_at(("show",)), "show: totals needs sum: a number field")
        if show == "progress" and "progress" not in self.kinds:
            self.report(
                self._value_at(("show",)),
                f"show: progress needs a type with progress (objective, metric), "
                f"not {self._subject()}",
            )
        return Query(
            show=show or "table",
            types=self.type_names,
            where=where,
            sort=sort,
            columns=columns or self._default_columns(),
            group_by=group_by,
            limit=limit,
            title=self._title(data.get("title")) if "title" in data else (),
            related=self._related(data.get("related")) if "related" in data else (),
            across=across,
            sum=total,
            unit=self._field_name(("unit",), data.get("unit"), "unit"),
        )

    def _title(self, written: Any) -> tuple[tuple[str, str], ...]:
        """``title: Overdue`` or ``title: {en: Overdue, zh: 已逾期}``."""
        if isinstance(written, str) and written.strip():
            return (("en", written),)
        if isinstance(written, dict) and written:
            found = []
            for language, text in written.items():
                if language not in ("en", "zh"):
                    self.report(
                        self._key_at(("title", language)),
                        f"title: unknown language {describe_value(language)}; languages: en, zh",
                    )
                elif not isinstance(text, str) or not text.strip():
                    self.report(
                        self._value_at(("title", language)),
                        f"title: {language}: a text, not {describe_value(text)}",
                    )
                else:
                    found.append((str(language), text))
            return tuple(found)
        self.report(
            self._value_at(("title",)),
            f"title: a text or {{en: ..., zh: ...}}, not {describe_value(written)}",
        )
        return ()

    def _related(self, written: Any) -> tuple[str, ...]:
        """The types whose linked documents are listed with each document; ``prd/design``
        names the designs linked with the requirements linked with it."""
        items = written if isinstance(written, list) else [written]
        found: list[str] = []
        for index, item in enumerate(items):
            path: FieldPath = ("related", index) if isinstance(written, list) else ("related",)
            if not isinstance(item, str):
                self.report(
                    self._value_at(path),
                    f"related: a type name or a list of them, not {describe_value(item)}",
                )
            elif item.count("/") > 1:
                self.report(
                    self._value_at(path),
                    f"related: {item!r} goes through more than one type; "
                    "write a type, or TYPE/TYPE (designs of the linked requirements: prd/design)",
                )
            elif any(part not in self.types for part in item.split("/")):
                part = next(part for part in item.split("/") if part not in self.types)
                suggestion = suggest_type(part, self.types)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
                self.report(self._value_at(path), f"related: unknown type {part!r}{hint}")
            elif item not in found:
                found.append(item)
        return tuple(found)

    def _number_field(self, data: dict[str, Any]) -> str | None:
        name = self._field_name(("sum",), data.get("sum"), "sum")
        if name is not None and not self.kinds[name].number:
            self.report(self._value_at(("sum",)), f"sum: {name} is not a number field")
            return None
        return name

    def _show(self, data: dict[str, Any]) -> str | None:
        if "show" not in data:
            return "table"
        show = data["show"]
        if show not in SHOWS or not isinstance(show, str):
            hint = did_you_mean(show, SHOWS) if isinstance(show, str) else ""
            self.report(
                self._value_at(("show",)),
                f"show: {describe_value(show)} is not one of {', '.join(SHOWS)}{hint}",
            )
            return None
        return show

    def _types(self, data: dict[str, Any]) -> tuple[str, ...]:
        every = tuple(self.types)
        if "type" not in data:
            return every
        written = data["type"]
        items: list[tuple[FieldPath, Any]]
        if isinstance(written, list):
            items = [(("type", index), item) for index, item in enumerate(written)]
            if not items:
                self.report(self._value_at(("type",)), "type: an empty list names no type")
                return every
        else:
            items = [(("type",), written)]
        names: list[str] = []
        for path, item in items:
            if not isinstance(item, str):
                self.report(
                    self._value_at(path),
                    f"type: a type name or a list of them, not {describe_value(item)}",
                )
            elif item not in self.types:
                suggestion = suggest_type(item, self.types)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
                self.report(self._value_at(path), f"type: unknown type {item!r}{hint}")
            elif item not in names:
                names.append(item)
        return tuple(names) if names else every

    def _default_columns(self) -> tuple[str, ...]:
        if len(self.type_names) == 1:
            doc_type = self.types[self.type_names[0]]
            columns = dict.fromkeys(("id", "title", "status", *doc_type.columns))
            return tuple(columns)
        return ("id", "title", "type", "status")

    def _subject(self) -> str:
        names = self.type_names
        if len(names) == len(self.types) and len(names) > 3:
            return "any type"
        return ", ".join(names)

    def _known_field(self, path: FieldPath, name: Any, where: str, at_key: bool) -> str | None:
        """``name`` when it is a field of the queried types, else a PM400 (None)."""
        position = self._key_at(path) if at_key else self._value_at(path)
        if not isinstance(name, str):
            self.report(position, f"{where}: a field name, not {describe_value(name)}")
            return None
        if name not in self.kinds:
            self.report(
                position,
                f"{where}: unknown field {name!r} for {self._subject()}"
                f"{did_you_mean(name, self.kinds)}",
            )
            return None
        return name

    def _field_name(self, path: FieldPath, name: Any, where: str) -> str | None:
        if name is None:
            return None
        return self._known_field(path, name, where, at_key=False)

    def _columns(self, written: Any) -> tuple[str, ...]:
        items = written if isinstance(written, list) else [written]
        paths = [("columns", i) for i in range(len(items))] if isinstance(written, list) else None
        found = []
        for index, item in enumerate(items):
            path = paths[index] if paths else ("columns",)
            name = self._known_field(path, item, "columns", at_key=False)
            if name is not None and name not in found:
                found.append(name)
        return tuple(found)

    def _sort(self, written: Any) -> tuple[tuple[str, bool], ...]:
        items = written if isinstance(written, list) else [written]
        found: list[tuple[str, bool]] = []
        for index, item in enumerate(items):
            path: FieldPath = ("sort", index) if isinstance(written, list) else ("sort",)
            descending = isinstance(item, str) and item.startswith("-")
            name = item[1:] if descending else item
            if descending and not name:
                self.report(self._value_at(path), "sort: '-' needs a field name after it")
                continue
            known = self._known_field(path, name, "sort", at_key=False)
            if known is not None and all(known != seen for seen, _ in found):
                found.append((known, descending))
        return tuple(found)

    def _limit(self, data: dict[str, Any]) -> int | None:
        limit = data["limit"]
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            self.report(
                self._value_at(("limit",)),
                f"limit: a positive whole number, not {describe_value(limit)}",
            )
            return None
        return limit

    # --- where

    def _where(self, where: Any) -> tuple[Condition, ...]:
        if where is None:
            return ()
        if not isinstance(where, dict):
            self.report(
                self._value_at(("where",)),
                f"where: a mapping of field: condition, not {describe_value(where)}",
            )
            return ()
        conditions: list[Condition] = []
        for name, condition in where.items():
            path: FieldPath = ("where", name)
            if name == LINKED and LINKED not in self.kinds:
                conditions.extend(self._linked(path, condition))
                continue
            if name in (WITH, WITHOUT) and name not in self.kinds:
                conditions.extend(self._linked_types(path, name, condition))
                continue
            known = self._known_field(path, name, "where", at_key=True)
            if known is not None:
                conditions.extend(self._condition(path, known, condition))
        return tuple(conditions)

    def _condition(self, path: FieldPath, name: str, written: Any) -> list[Condition]:
        kind = self.kinds[name]
        if isinstance(written, dict):
            if not written:
                self.report(
                    self._value_at(path),
                    f"where: {name}: an empty mapping; give an operator ({', '.join(OPERATORS)})",
                )
                return []
            found = []
            for operator, value in written.items():
                condition = self._operator((*path, operator), name, kind, operator, value)
                if condition is not None:
                    found.append(condition)
            return found
        values = self._values(path, name, kind, written)
        return [] if values is None else [Condition(name, "in", values)]

    def _operator(
        self,
        path: FieldPath,
        name: str,
        kind: FieldKind,
        operator: Any,
        value: Any,
    ) -> Condition | None:
        if operator not in OPERATORS or not isinstance(operator, str):
            hint = did_you_mean(operator, OPERATORS) if isinstance(operator, str) else ""
            self.report(
                self._key_at(path),
                f"where: {name}: unknown operator {describe_value(operator)}{hint}; "
                f"operators: {', '.join(OPERATORS)}",
            )
            return None
        if operator == "not":
            values = self._values(path, name, kind, value)
            return None if values is None else Condition(name, "not", values)
        if operator in DATE_OPERATORS:
            if not kind.date:
                self.report(
                    self._key_at(path),
                    f"where: {name}: {', '.join(DATE_OPERATORS[:-1])} and {DATE_OPERATORS[-1]} "
                    f"apply to dates; {name} is not a date field",
                )
                return None
            if not isinstance(value, str) or (
                parse_date(value) is None and not RELATIVE_DATE.match(value)
            ):
                self.report(
                    self._value_at(path),
                    f"where: {name}: {operator} needs a date YYYY-MM-DD, today or today+30d, "
                    f"not {describe_value(value)}",
                )
                return None
            return Condition(name, operator, (value,))
        if not kind.number:
            self.report(
                self._key_at(path),
                f"where: {name}: min and max apply to numbers; {name} is not a number field",
            )
            return None
        if not _is_number(value):
            self.report(
                self._value_at(path),
                f"where: {name}: {operator} needs a number, not {describe_value(value)}",
            )
            return None
        return Condition(name, operator, (value,))

    def _values(
        self, path: FieldPath, name: str, kind: FieldKind, written: Any
    ) -> tuple[Any, ...] | None:
        """The values a field must (or must not) be one of; None after a PM400."""
        if isinstance(written, list):
            items = [((*path, index), item) for index, item in enumerate(written)]
        else:
            items = [(path, written)]
        values = []
        ok = True
        for item_path, item in items:
            if isinstance(item, (dict, list)):
                self.report(
                    self._value_at(item_path),
                    f"where: {name}: a value or a list of values, not a list holding "
                    f"{describe_value(item)}",
                )
                ok = False
            elif item is not None and not self._allowed(item_path, name, kind, item):
                ok = False
            else:
                values.append(item)
        return tuple(values) if ok else None

    def _allowed(self, path: FieldPath, name: str, kind: FieldKind, value: Any) -> bool:
        if kind.boolean and not kind.number and kind.allowed is None:
            if not isinstance(value, bool):
                self.report(
                    self._value_at(path),
                    f"where: {name}: true or false, not {describe_value(value)}",
                )
                return False
            return True
        allowed = kind.allowed
        if allowed is None or any(_same(value, a) for a in allowed):
            return True
        self.report(
            self._value_at(path),
            f"where: {name}: {describe_value(value)} is not one of "
            f"{', '.join(describe_allowed(a) for a in allowed)}{_allowed_hint(value, allowed)}",
        )
        return False

    def _linked(self, path: FieldPath, written: Any) -> list[Condition]:
        operator = "in"
        if isinstance(written, dict):
            unknown = [key for key in written if key != "not"]
            for key in unknown:
                self.report(
                    self._key_at((*path, key)),
                    f"where: linked: unknown operator {describe_value(key)}"
                    f"{did_you_mean(key, ('not',)) if isinstance(key, str) else ''}; "
                    "linked takes an id, a list of ids or not",
                )
            if unknown or "not" not in written:
                if not written:
                    self.report(self._value_at(path), "where: linked: an empty mapping")
                return []
            operator, path, written = "not", (*path, "not"), written["not"]
        items = (
            [((*path, index), item) for index, item in enumerate(written)]
            if isinstance(written, list)
            else [(path, written)]
        )
        ids: list[str] = []
        for item_path, item in items:
            if not isinstance(item, str) or not item:
                self.report(
                    self._value_at(item_path),
                    f"where: linked: an id, 'this' or a list of ids, not {describe_value(item)}",
                )
                continue
            if item == THIS:
                if self.this is None:
                    self.report(
                        self._value_at(item_path),
                        "where: linked: 'this' is the page's own document, and this page "
                        "is not a PM document",
                    )
                    continue
                ids.append(THIS)
                continue
            doc_id = normal_id(item)
            if self.graph is not None and doc_id not in self.graph:
                exclude = self.this.id if self.this is not None else None
                self.report(
                    self._value_at(item_path),
                    f"where: linked: {self.graph.why_missing(doc_id, exclude=exclude)}",
                )
                continue
            ids.append(doc_id)
        if len(ids) < len(items):
            return []
        return [Condition(LINKED, operator, tuple(ids))]

    def _linked_types(self, path: FieldPath, key: str, written: Any) -> list[Condition]:
        """``without: design``: linked (either direction) with no document of these types;
        ``with: design``: with at least one."""
        items = (
            [((*path, index), item) for index, item in enumerate(written)]
            if isinstance(written, list)
            else [(path, written)]
        )
        names: list[str] = []
        for item_path, item in items:
            if not isinstance(item, str):
                self.report(
                    self._value_at(item_path),
                    f"where: {key}: a type name or a list of them, not {describe_value(item)}",
                )
            elif item not in self.types:
                suggestion = suggest_type(item, self.types)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
                self.report(self._value_at(item_path), f"where: {key}: unknown type {item!r}{hint}")
            else:
                names.append(item)
        if not names or len(names) < len(items):
            if not items or (isinstance(written, list) and not written):
                self.report(self._value_at(path), f"where: {key}: an empty list names no type")
            return []
        return [Condition(key, "in", tuple(names))]


def resolve_date(text: str, today: datetime.date) -> datetime.date | None:
    """A date bound as a query writes it: ``2027-01-01``, ``today``, ``today+30d``."""
    relative = RELATIVE_DATE.match(text)
    if relative is None:
        return parse_date(text)
    sign, days = relative.groups()
    if days is None:
        return today
    step = datetime.timedelta(days=int(days) * (-1 if sign == "-" else 1))
    try:
        return today + step
    except OverflowError:  # past the calendar's ends (a `today` of 9999-12-31): its end
        return datetime.date.max if sign != "-" else datetime.date.min


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not (isinstance(value, float) and math.isnan(value))


def describe_allowed(value: Any) -> str:
    """An allowed value as the message lists it: ``P0``, ``1``, ``true``."""
    return describe_value(value) if not isinstance(value, str) else value


def _allowed_hint(value: Any, allowed: tuple[Any, ...]) -> str:
    """`` (did you mean 'P1'?)``: the allowed value written differently, or a close one."""
    texts = [a for a in allowed if isinstance(a, str)]
    if not isinstance(value, str):
        value = str(value) if not isinstance(value, bool) else describe_value(value)
    folded = {a.casefold().replace("_", "-").replace(" ", "-"): a for a in texts}
    same = folded.get(value.casefold().replace("_", "-").replace(" ", "-"))
    suggestion = same or closest(value, texts)
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


class PageQuery(NamedTuple):
    """One query block of a page, with its query (None when it cannot run) and its PM400s."""

    block: QueryBlock
    query: Query | None
    diagnostics: tuple[Diagnostic, ...]


def page_queries(
    body: str,
    body_line: int,
    types: TypeSet,
    file: str,
    this_document: Document | None = None,
    graph: Graph | None = None,
) -> list[PageQuery]:
    """Every query block of a page's ``body`` (which starts at line ``body_line`` of ``file``)."""
    found = []
    for block in find_query_blocks(body):
        query, diagnostics = parse_query(
            block, types, file, body_line - 1, this_document, graph=graph
        )
        found.append(PageQuery(block, query, tuple(diagnostics)))
    return found
