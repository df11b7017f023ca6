"""Checking one document's front matter against its type (PM110–PM126)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from pmdocs.core.diagnostics import (
    Diagnostic,
    Severity,
    closest,
    describe_value,
    did_you_mean,
)
from pmdocs.core.doctypes import DocType, TypeSet
from pmdocs.core.frontmatter import (
    LONG_NUMBER_MESSAGE,
    FieldPath,
    FrontMatter,
    Position,
    SourceText,
)
from pmdocs.core.model import Document
from pmdocs.core.theme_meta import THEME_KEYS, ThemeFolders, theme_meta_problems

# Page keys that the plugins real sites run read from a page's front matter:
# mkdocs-macros, Material's blog (a PM document may be a post), redirects,
# git-revision-date and i18n. A document that sets one is not mistaken.
PLUGIN_KEYS = frozenset(
    {
        "render_macros",
        "date",
        "categories",
        "slug",
        "authors",
        "draft",
        "pin",
        "links",
        "readtime",
        "redirect_from",
        "locale",
    }
)

__all__ = ["check_document", "describe_value", "is_safe_url", "normal_id"]

# [0-9], not \d (which takes any Unicode digit), and \Z, not $ (which allows a final newline).
_SEPARATORS = re.compile(r"[\s_-]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# What a browser ignores in a URL (WHATWG URL standard): tabs and line breaks
# anywhere, C0 controls and spaces at either end.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(code) for code in range(0x21))
_KIND_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}
_RANGE_WORDS = {
    "Minimum": "at least",
    "Maximum": "at most",
    "ExclusiveMinimum": "greater than",
    "ExclusiveMaximum": "less than",
}


def is_safe_url(url: object) -> bool:
    """True for http(s), mailto and relative URLs; false for ``javascript:`` and the like.

    Anything but text is no URL at all: false.
    """
    if not isinstance(url, str):
        return False
    # Judge the URL as a browser reads it: a tab inside "java<TAB>script:" is
    # dropped, and a backslash is a slash (two of them start another site).
    seen = _URL_IGNORED.sub("", url).strip(_URL_EDGES).replace("\\", "/")
    if _SAFE_URL.match(seen):
        return True
    return not _SCHEME.match(seen) and not seen.startswith("//")


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def check_document(
    source: SourceText, types: TypeSet, docs_path: str, theme: ThemeFolders | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Validate a readable source with a ``type``; return the document and its problems.

    Returns no document when the file is not a PM document (no ``type``) or
    its type is unknown (PM110). The keys the theme reads (`THEME_KEYS`) are
    checked against ``theme``'s folders when they are known.
    """
    front_matter = source.front_matter
    if front_matter is None or "type" not in front_matter.data:
        return None, []
    checker = _Checker(source, front_matter)
    type_name = front_matter.data["type"]
    doc_type = types.get(type_name) if isinstance(type_name, str) else None
    if doc_type is None:
        checker.unknown_type(type_name, types)
        return None, checker.diagnostics
    checker.check(doc_type)
    checker.theme_keys(theme)
    return checker.document(doc_type, docs_path), checker.diagnostics


class _Checker:
    def __init__(self, source: SourceText, front_matter: FrontMatter) -> None:
        self.source = source
        self.front_matter = front_matter
        self.data = front_matter.data
        # Numbers too long to read are kept as their text, but they are not text:
        # one PM124 each, and no other check looks at them.
        self.long_numbers = {number.path: number.position for number in front_matter.long_numbers}
        raw_id = self.data.get("id")
        is_id = isinstance(raw_id, str) and raw_id and ("id",) not in self.long_numbers
        self.doc_id = normal_id(raw_id) if is_id and isinstance(raw_id, str) else None
        self.diagnostics: list[Diagnostic] = []
        self.links: dict[str, tuple[str, ...]] = {}
        self.missing: set[str] = set()

    def report(
        self,
        code: str,
        position: Position,
        message: str,
        field: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        at_long_number = self.long_numbers and position in self.long_numbers.values()
        if at_long_number and (code, message) != ("PM124", LONG_NUMBER_MESSAGE):
            return
        self.diagnostics.append(
            Diagnostic.at(position, code, self.source.path, message, self.doc_id, field, severity)
        )

    def unknown_type(self, type_name: Any, types: TypeSet) -> None:
        suggestion = suggest_type(type_name, types) if isinstance(type_name, str) else None
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        message = f"unknown type {describe_value(type_name)}{hint}; known types: {', '.join(types)}"
        position = self.front_matter.value_position(("type",))
        self.report("PM110", position, message, "type", Severity.WARNING)

    def check(self, doc_type: DocType) -> None:
        for path, position in self.long_numbers.items():
            self.report("PM124", position, LONG_NUMBER_MESSAGE, str(path[0]))
        self._required(doc_type)
        self._unknown_fields(doc_type)
        self._schema(doc_type)
        self._id(doc_type)
        self._dates(doc_type)
        self._urls(doc_type)
        self._date_order(doc_type)
        self._link_values(doc_type)

    def _required(self, doc_type: DocType) -> None:
        for name in doc_type.required_fields:
            value = self.data.get(name)
            if value is None or value == "" or value == []:
                self.missing.add(name)
                message = f"required field '{name}' is missing"
                if name == "status":
                    message += f"; allowed: {', '.join(doc_type.statuses)}"
                self.report("PM120", Position(1, 1), message, name)

    def theme_keys(self, theme: ThemeFolders | None) -> None:
        for problem in theme_meta_problems(self.data, theme):
            field_name = str(problem.path[0])
            position = self.front_matter.value_position(problem.path)
            self.report(problem.code, position, problem.message, field_name, problem.severity)

    def _unknown_fields(self, doc_type: DocType) -> None:
        for name in self.data:
            if (
                name not in doc_type.known_fields
                and name not in THEME_KEYS
                and name not in PLUGIN_KEYS
            ):
                hint = did_you_mean(name, doc_type.known_fields)
                message = f"unknown field '{name}' for type {doc_type.name}{hint}"
                position = self.front_matter.key_position((name,))
                self.report("PM125", position, message, name, Severity.WARNING)

    def _schema(self, doc_type: DocType) -> None:
        # A required field written empty is PM120 already, not also "must not be empty".
        present = {
            k: v
            for k, v in self.data.items()
            if v is not None and k in doc_type.all_fields and k not in self.missing
        }
        if doc_type.certainly_valid(present):
            return
        for error in doc_type.validator.iter_errors(present):
            self._schema_error(doc_type, error)

    def _schema_error(self, doc_type: DocType, error: Any) -> None:
        path: FieldPath = tuple(error.instance_path)
        if not path:
            return  # top-level `required` and the like are pmdocs' own checks
        field_name = str(path[0])
        instance = _value_at(self.data, path)
        schema = _failed_schema(doc_type, field_name, tuple(error.schema_path)[:-1])
        kind = type(error.kind).__name__
        code, message = _explain(kind, instance, schema, error.message)
        where = ".".join(str(part) for part in path)
        if where != field_name:
            message = f"{where}: {message}"
        self.report(code, self.front_matter.value_position(path), message, field_name)

    def _id(self, doc_type: DocType) -> None:
        if self.doc_id is not None and not doc_type.matches_id(self.doc_id):
            example = _example_id(doc_type.id_pattern)
            pattern = doc_type.id_pattern
            message = f"id '{self.doc_id}' does not match {pattern} (for example {example})"
            self.report("PM123", self.front_matter.value_position(("id",)), message, "id")

    def _dates(self, doc_type: DocType) -> None:
        for name in doc_type.date_fields:
            value = self.data.get(name)
            if isinstance(value, str) and parse_date(value) is None:
                message = f"{value!r} is not a valid date; write YYYY-MM-DD, e.g. 2026-03-31"
                self.report("PM121", self.front_matter.value_position((name,)), message, name)

    def _urls(self, doc_type: DocType) -> None:
        for name, schema in doc_type.url_schemas.items():
            value = self.data.get(name)
            if value is None:
                continue
            for path, url in _unsafe_urls(value, [schema], (name,)):
                message = f"{url!r} is not allowed; use an http(s), mailto or relative URL"
                self.report("PM126", self.front_matter.value_position(path), message, name)

    def _date_order(self, doc_type: DocType) -> None:
        if "start" not in doc_type.date_fields or "end" not in doc_type.date_fields:
            return
        start, end = self.data.get("start"), self.data.get("end")
        start_date = parse_date(start) if isinstance(start, str) else None
        end_date = parse_date(end) if isinstance(end, str) else None
        if start_date and end_date and end_date < start_date:
            message = f"end {end} is before start {start}; end must be on or after start"
            self.report("PM124", self.front_matter.value_position(("end",)), message, "end")

    def _link_values(self, doc_type: DocType) -> None:
        for name in doc_type.links:
            value = self.data.get(name)
            if value is None:
                continue
            if isinstance(value, str) and (name,) not in self.long_numbers:
                self.links[name] = (normal_id(value),)
            elif isinstance(value, list):
                self.links[name] = tuple(self._link_items(name, value))
            else:
                message = f"{describe_value(value)} is not a list of ids; write [ID, ...]"
                self.report("PM121", self.front_matter.value_position((name,)), message, name)

    def _link_items(self, name: str, items: list[Any]) -> Iterator[str]:
        for index, item in enumerate(items):
            if isinstance(item, str) and item and (name, index) not in self.long_numbers:
                yield normal_id(item)
            else:
                message = f"{describe_value(item)} is not an id; a link lists ids such as PRD-001"
                if isinstance(item, list) and item and all(isinstance(i, str) for i in item):
                    # `[[CN-001]]` as in a page's body: one pair of brackets too many.
                    message = f"a list inside the list is not an id; write [{', '.join(item)}]"
                self.report("PM121", self.front_matter.value_position((name, index)), message, name)

    def document(self, doc_type: DocType, docs_path: str) -> Document | None:
        if self.doc_id is None:
            return None
        title = self.data.get("title")
        status = self.data.get("status")
        return Document(
            id=self.doc_id,
            type=doc_type.name,
            title=title if isinstance(title, str) else str(title or ""),
            status=status if isinstance(status, str) else "",
            path=docs_path,
            file=self.source.path,
            data=self.data,
            links=self.links,
            front_matter=self.front_matter,
        )


def suggest_type(written: str, types: TypeSet) -> str | None:
    """The type ``written`` stands for: its name or label in any case (``PRD``, ``需求``), or a close one."""
    by_spelling: dict[str, str] = {}
    for doc_type in types.values():
        for spelling in (doc_type.name, doc_type.labels.en, doc_type.labels.zh):
            by_spelling.setdefault(_spelling(spelling), doc_type.name)
    exact = by_spelling.get(_spelling(written))
    if exact is not None:
        return exact
    close = closest(_spelling(written), by_spelling)
    return by_spelling[close] if close is not None else None


def _quote_hint(instance: Any) -> str:
    """For ``title: 2027``: YAML reads a bare number or true/false as one, not as text."""
    if isinstance(instance, bool):
        return f"; quote it to make it text: '{describe_value(instance)}'"
    if isinstance(instance, (int, float)):
        return f"; quote it to make it text: '{instance}'"
    return ""


def _allowed_hint(instance: Any, allowed: list[Any]) -> str:
    """`` (did you mean 'P1'?)`` for a value that is an allowed one written differently."""
    if not isinstance(instance, str):
        return ""
    by_spelling = {_spelling(value): value for value in allowed if isinstance(value, str)}
    suggestion = by_spelling.get(_spelling(instance))
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


def _spelling(text: str) -> str:
    """``text`` with case and separators set aside: ``In progress`` and ``in-progress`` agree."""
    return _SEPARATORS.sub("-", text.strip().casefold())


def normal_id(written: str) -> str:
    """An id as pmdocs knows it: in Unicode's NFKC form.

    Ids that read the same are the same id: ``é`` composed or as ``e`` and an
    accent, fullwidth ``００１`` or ``001``. Most ids are ASCII, which is NFKC already.
    """
    return written if written.isascii() else unicodedata.normalize("NFKC", written)


def parse_date(text: str) -> datetime.date | None:
    """The date written as ``YYYY-MM-DD``, or None if it is not one or impossible."""
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _unsafe_urls(
    value: Any, schemas: list[Mapping[str, Any]], path: FieldPath
) -> Iterator[tuple[FieldPath, str]]:
    """Every text in ``value`` that its schema calls a URL and that is not a safe one.

    ``schemas`` are the schemas ``value`` answers to; ``anyOf``, ``oneOf`` and
    ``allOf`` add their branches, list items answer to ``items`` (or to the
    list's own ``format: uri``) and a mapping's values to their ``properties``.
    """
    schemas = _with_branches(schemas)
    if isinstance(value, str):
        if any(schema.get("format") == "uri" for schema in schemas) and not is_safe_url(value):
            yield path, value
    elif isinstance(value, list):
        items = [_items_schema(schema) for schema in schemas]
        for index, item in enumerate(value):
            yield from _unsafe_urls(item, [s for s in items if s], (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            children = [_property_schema(schema, key) for schema in schemas]
            yield from _unsafe_urls(item, [s for s in children if s], (*path, key))


def _with_branches(schemas: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    pending = list(schemas)
    while pending:
        schema = pending.pop()
        found.append(schema)
        for key in ("anyOf", "oneOf", "allOf"):
            branches = schema.get(key)
            if isinstance(branches, list):
                pending += [branch for branch in branches if isinstance(branch, Mapping)]
    return found


def _items_schema(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    items = schema.get("items")
    if isinstance(items, Mapping):
        return items
    return schema if schema.get("format") == "uri" else None  # a list where a URL is asked


def _property_schema(schema: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    properties = schema.get("properties")
    if isinstance(properties, Mapping) and isinstance(properties.get(key), Mapping):
        found: Mapping[str, Any] = properties[key]
        return found
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, Mapping) else None


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _failed_schema(doc_type: DocType, field_name: str, path: tuple[Any, ...]) -> Mapping[str, Any]:
    """The schema that failed: ``path`` leads there from the document's schema, or,
    past a ``$ref``, from the field's own schema (a resource of its own)."""
    for root in (doc_type.json_schema, doc_type.all_fields.get(field_name, {})):
        found = _schema_at(root, path)
        if found is not None:
            return found
    return {}


def _schema_at(schema: Any, path: tuple[Any, ...]) -> Mapping[str, Any] | None:
    for part in path:
        try:
            schema = schema[part] if isinstance(schema, Mapping) else schema[int(part)]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return schema if isinstance(schema, Mapping) else None


def _explain(kind: str, instance: Any, schema: Mapping[str, Any], fallback: str) -> tuple[str, str]:
    """The code and a message saying what was found and what is allowed."""
    found = describe_value(instance)
    if kind == "Type":
        hint = _quote_hint(instance) if "string" in _as_list(schema.get("type")) else ""
        return "PM121", f"{found} is not {_kinds(schema.get('type'))}{_bounds(schema)}{hint}"
    if kind in {"Enum", "Const"}:
        allowed = schema.get("enum", [schema.get("const")])
        hint = _allowed_hint(instance, allowed)
        return "PM122", f"{found} is not one of {', '.join(map(str, allowed))}{hint}"
    if kind in {"AnyOf", "OneOf"}:
        branches = schema.get("anyOf") or schema.get("oneOf") or []
        kinds = {k for branch in branches for k in _as_list(branch.get("type"))}
        if (
            kinds
            and _json_kind(instance) not in kinds
            and not (_json_kind(instance) == "integer" and "number" in kinds)
        ):
            return "PM121", f"{found} is not {_kinds(sorted(kinds))}"
        return "PM124", f"{found} is not allowed: {schema.get('description') or fallback}"
    if kind in _RANGE_WORDS:
        limit = schema.get(kind[0].lower() + kind[1:])
        return "PM124", f"{found} is out of range; it must be {_RANGE_WORDS[kind]} {limit}"
    if kind == "Pattern":
        return "PM124", f"{found} does not match the pattern {schema.get('pattern')}"
    if kind == "MinLength" and schema.get("minLength") == 1:
        return "PM124", "must not be empty"
    if kind == "Required":
        return "PM120", fallback
    return "PM124", fallback


def _bounds(schema: Mapping[str, Any]) -> str:
    if "minimum" in schema and "maximum" in schema:
        return f" from {schema['minimum']} to {schema['maximum']}"
    if "enum" in schema:
        return f"; allowed: {', '.join(map(str, schema['enum']))}"
    return ""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _kinds(kinds: Any) -> str:
    names = [_KIND_NAMES.get(kind, kind) for kind in _as_list(kinds)]
    return " or ".join(names) if names else "of the expected kind"


def _example_id(pattern: str) -> str:
    """A plausible id for a pattern such as ``PRD-\\d{3,}``: ``PRD-001``."""
    return re.sub(r"\\d\{(\d{1,3}),?\d*\}", lambda m: "0" * (int(m.group(1)) - 1) + "1", pattern)
