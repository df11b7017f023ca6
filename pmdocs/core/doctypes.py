"""Document types: the 18 built-in ones and the user's own, read from YAML files.

Each type is one file in the format of SPEC section 2. The built-in files ship
inside the package; a project's `schemas` folder may add types or replace
built-in ones. A broken type file is a `ConfigError` that names the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from pmdocs.core.frontmatter import YamlError, load_yaml
from pmdocs.core.i18n import status_label as common_status_label
from pmdocs.core.plain_schema import Check, certain_check, plain_matcher

__all__ = [
    "COMMON_FIELDS",
    "FUNCTIONS",
    "RESERVED_TYPE_NAMES",
    "ConfigError",
    "DocType",
    "Function",
    "Labels",
    "LinkSpec",
    "TypeSet",
    "allowed_values",
    "check_type_pages",
    "compile_schema",
    "field_resource",
    "id_validator",
    "load_types",
    "refuse_retrieval",
    "uses_references",
]


class ConfigError(Exception):
    """A configuration problem that stops the build: names the file at fault."""

    def __init__(self, file: str, message: str) -> None:
        file, message = _printable(file), _printable(message)
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message

    def __reduce__(self) -> tuple[type[ConfigError], tuple[str, str]]:
        # As it was made: `pmdocs stage` raises it in a worker process.
        return (ConfigError, (self.file, self.message))


def _printable(text: str) -> str:
    """``text`` on one line, with line breaks and control characters written as escapes.

    Messages quote what a file says; a line break in a name would split the
    one-line error, and a terminal would act on an escape sequence.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class Labels(NamedTuple):
    """A text in English and Simplified Chinese."""

    en: str
    zh: str

    def __call__(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


class Function(NamedTuple):
    key: str
    labels: Labels


FUNCTIONS: tuple[Function, ...] = tuple(
    Function(key, Labels(en, zh))
    for key, en, zh in (
        ("market-research", "Market research", "市场调研"),
        ("product-planning", "Product planning", "产品规划"),
        ("requirements", "Requirements analysis", "需求分析"),
        ("product-design", "Product design", "产品设计"),
        ("project-management", "Project management", "项目管理"),
        ("product-launch", "Product launch", "产品发布"),
        ("data-analysis", "Data analysis & optimisation", "数据分析与优化"),
        ("collaboration", "Cross-functional collaboration", "跨部门协作"),
        ("user-feedback", "User experience & feedback", "用户体验与反馈"),
        ("technology", "Technology management", "技术管理"),
        ("marketing-sales", "Marketing & sales", "市场推广与销售"),
        ("iteration", "Iteration & innovation", "迭代与创新"),
        ("team", "Team building & management", "团队建设与管理"),
        ("risk", "Risk management", "风险管理"),
        ("strategy", "Strategy & execution", "战略规划与执行"),
        ("cost", "Cost management", "成本管理"),
        ("legal-compliance", "Legal & compliance", "法律与合规管理"),
        ("customer-relationship", "Customer relationship management", "客户关系管理"),
    )
)
_FUNCTION_ORDER = {function.key: index for index, function in enumerate(FUNCTIONS)}

# Fields every document may have; `type`, `id` and `title` are checked by code.
COMMON_FIELDS: dict[str, dict[str, Any]] = {
    "type": {"type": "string"},
    "id": {"type": "string"},
    "title": {"type": "string", "minLength": 1},
    "status": {"type": "string"},
    "owner": {"type": "string", "minLength": 1},
    "tags": {"type": "array", "items": {"type": "string"}},
    "created": {"type": "string", "format": "date"},
    "updated": {"type": "string", "format": "date"},
    "review_by": {"type": "string", "format": "date"},
    "url": {"type": "string", "format": "uri"},
}
COMMON_REQUIRED = ("type", "id", "title", "status")
# The common fields a card shows after the type's own; `url` is its own button.
CARD_COMMON_FIELDS = ("owner", "tags", "created", "updated")

_FILE_KEYS = {
    "type", "labels", "plural", "function", "id_pattern", "statuses", "status_labels",
    "value_labels",
    "fields", "required", "links", "columns", "page",
}  # fmt: skip
_FILE_REQUIRED_KEYS = ("type", "labels", "function", "id_pattern", "statuses")
_LINK_KEYS = {"targets", "label", "reverse"}
LANGUAGES = ("en", "zh")
# Values a label can be given for: what YAML reads an enum's items as.
_LABELLED_VALUES = (str, int, float, bool)
# A type's name is a folder of the site (`pm/<name>/index.md`) and a file name
# for `pmdocs new`: lowercase ASCII words joined by hyphens, of a sane length.
_TYPE_NAME = re.compile(r"[a-z][a-z0-9-]{0,63}\Z")
# Names whose page would be one pmdocs generates (`pm/traceability.md`, the
# function map, the export `pm/pmdocs.json`, the guides and the changes page).
RESERVED_TYPE_NAMES = frozenset({"any", "index", "traceability", "guide", "changes", "pmdocs"})
# Keywords that make a JSON Schema validator look elsewhere: a type file says
# everything itself, and nothing is ever fetched.
_REMOTE_KEYWORDS = frozenset({"$schema", "$id", "$vocabulary"})
_REFERENCE_KEYWORDS = frozenset({"$ref", "$dynamicRef", "$recursiveRef"})
# Keywords whose values are data, not schemas; and those that map names to schemas.
_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples"})
_NAMED_SCHEMAS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)


def _asks_for_uri(schema: Any) -> bool:
    """Whether ``format: uri`` appears anywhere in ``schema``."""
    if isinstance(schema, Mapping):
        if schema.get("format") == "uri":
            return True
        return any(_asks_for_uri(value) for value in schema.values())
    if isinstance(schema, list):
        return any(_asks_for_uri(item) for item in schema)
    return False


class LinkSpec(NamedTuple):
    """A link field: which types it may point at, and its labels both ways."""

    name: str
    targets: tuple[str, ...]
    label: Labels
    reverse: Labels

    def allows(self, target_type: str) -> bool:
        return "any" in self.targets or target_type in self.targets


@dataclass(frozen=True)
class DocType:
    """One document type, as read from its YAML file."""

    name: str
    labels: Labels
    function: str
    id_pattern: str
    statuses: tuple[str, ...]
    fields: Mapping[str, Mapping[str, Any]]
    required: tuple[str, ...]
    links: Mapping[str, LinkSpec]
    columns: tuple[str, ...]
    source: str
    # Texts by language, en, zh or both: a status or value without a label in a
    # language shows as written; a description is shown in the language it is given in.
    status_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    value_labels: Mapping[str, Mapping[Any, Mapping[str, str]]] = field(default_factory=dict)
    descriptions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    builtin: bool = field(default=False, compare=False)
    # The type page's sections as queries (SPEC section 8), each as JSON text,
    # which the query reader reads as the YAML it was written as.
    page: tuple[str, ...] = ()
    # The name of many documents of the type, for its page's title; the label without one.
    plural: Labels | None = None

    def plural_label(self, language: str) -> str:
        """``Requirements``, ``需求``: the type's documents as its page names them."""
        return (self.plural or self.labels)(language)

    def status_label(self, status: str, language: str) -> str:
        """A status as readers see it: the type file's label in ``language``, else
        pmdocs' own label of a common status (``draft``, ``done``), else the status."""
        given = self.status_labels.get(status)
        if given is not None and language in given:
            return given[language]
        return common_status_label(status, language)

    def value_label(self, name: str, value: Any, language: str) -> Any:
        """An allowed value of field ``name`` as readers see it: its label in ``language``,
        else the value as written."""
        labels = self.value_labels.get(name)
        if labels is not None and isinstance(value, _LABELLED_VALUES):
            given = labels.get(value)
            if given is not None and language in given:
                return given[language]
        return value

    def description(self, name: str, language: str) -> str:
        """What field ``name`` holds, in ``language`` when the type file says it in both."""
        given = self.descriptions.get(name)
        if not given:
            return ""
        return given.get(language) or given.get("en") or given["zh"]

    @cached_property
    def _id_validator(self) -> Any:
        return id_validator(self.id_pattern)

    @cached_property
    def _plainly_an_id(self) -> Callable[[str], bool] | None:
        return plain_matcher(f"^(?:{self.id_pattern})$")

    def matches_id(self, doc_id: str) -> bool:
        """Whether ``doc_id`` matches the anchored id pattern, as JSON Schema's ``pattern``
        matches it: ``\\d`` is 0-9, not any Unicode digit, and ``$`` is the very end.
        In linear time, whatever the pattern and the id."""
        plainly = self._plainly_an_id
        if plainly is not None and plainly(doc_id):
            return True
        return bool(self._id_validator.is_valid(doc_id))

    @cached_property
    def all_fields(self) -> dict[str, Mapping[str, Any]]:
        """Schemas of every value field: common ones first, then the type's."""
        schemas: dict[str, Mapping[str, Any]] = dict(COMMON_FIELDS)
        schemas["status"] = {"type": "string", "enum": list(self.statuses)}
        schemas.update(self.fields)
        return schemas

    @cached_property
    def known_fields(self) -> frozenset[str]:
        return frozenset(self.all_fields) | frozenset(self.links)

    @cached_property
    def required_fields(self) -> tuple[str, ...]:
        return COMMON_REQUIRED + tuple(
            name for name in self.required if name not in COMMON_REQUIRED
        )

    def fields_with_format(self, format_name: str) -> tuple[str, ...]:
        return tuple(
            name for name, schema in self.all_fields.items() if schema.get("format") == format_name
        )

    @cached_property
    def date_fields(self) -> tuple[str, ...]:
        return self.fields_with_format("date")

    @cached_property
    def url_fields(self) -> tuple[str, ...]:
        return self.fields_with_format("uri")

    @cached_property
    def url_schemas(self) -> dict[str, Mapping[str, Any]]:
        """Schemas of the fields that hold a URL anywhere: ``format: uri`` at the top, for
        list items or for a mapping's values (PM126 looks at every one)."""
        return {name: schema for name, schema in self.all_fields.items() if _asks_for_uri(schema)}

    @cached_property
    def card_fields(self) -> tuple[str, ...]:
        """The value fields a document's card shows when set, in order: the columns,
        the type's other fields, then owner, tags and the dates (links go elsewhere)."""
        shown: dict[str, None] = {}
        for name in (*self.columns, *self.fields, *CARD_COMMON_FIELDS):
            if name not in self.links and name not in ("id", "title", "status"):
                shown[name] = None
        return tuple(shown)

    @cached_property
    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of a document's value fields (links and required aside)."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                # A resource of its own only where needed: it costs every document time.
                name: field_resource(name, schema) if uses_references(schema) else dict(schema)
                for name, schema in self.all_fields.items()
            },
        }

    @cached_property
    def validator(self) -> Any:
        """The JSON Schema library's validator of the value fields, the judge of every error."""
        return compile_schema(self.json_schema)

    @cached_property
    def _plain_checks(self) -> dict[str, Check | None]:
        return {name: certain_check(schema) for name, schema in self.all_fields.items()}

    def certainly_valid(self, values: Mapping[str, Any]) -> bool:
        """Whether every one of ``values`` (value fields by name) plainly fits its schema;
        False means only that `validator` has to look."""
        checks = self._plain_checks
        for name, value in values.items():
            check = checks.get(name)
            if check is None or not check(value):
                return False
        return True


def allowed_values(schema: Mapping[str, Any]) -> list[Any] | None:
    """The values a field may take, when its schema (or its items') is an enum."""
    if "enum" in schema:
        return list(schema["enum"])
    items = schema.get("items")
    if isinstance(items, Mapping) and "enum" in items:
        return list(items["enum"])
    return None


def field_resource(name: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """A field's schema as a resource of its own, as the type file was checked.

    A local reference (``$ref: '#/$defs/code'``) or an ``$anchor`` then
    resolves inside the field's schema, not in the document's schema that
    holds every field. The ``urn:`` base names no place to fetch from.
    """
    return {"$id": f"urn:pmdocs:field:{quote(name, safe='')}", **schema}


def uses_references(schema: Mapping[str, Any]) -> bool:
    """Whether a field's schema refers to a part of itself (``$ref``, ``$dynamicRef``, ...)."""
    return any(keyword in _REFERENCE_KEYWORDS for keyword, _ in _schema_keywords(schema))


def compile_schema(schema: dict[str, Any]) -> Any:
    """The JSON Schema library's validator of ``schema``.

    Formats are annotations (pmdocs checks dates and URLs itself), nothing is
    fetched, and patterns run on a linear-time engine (Rust's `regex`): no
    pattern and no value can make a check run for minutes; lookaround and
    backreferences, which only a backtracking engine matches, are refused.
    The library is imported on first use: a build whose values all pass
    `plain_schema`'s checks never loads its several MiB of code.
    """
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(
        schema,
        validate_formats=False,
        retriever=refuse_retrieval,
        pattern_options=jsonschema_rs.RegexOptions(),
    )


def id_validator(id_pattern: str) -> Any:
    """A validator of strings that match ``id_pattern`` as a whole, in linear time."""
    return compile_schema({"type": "string", "pattern": f"^(?:{id_pattern})$"})


def refuse_retrieval(uri: str) -> Any:
    """The ``retriever`` of every validator: checking never goes to the network.

    Without it, a ``$ref`` to an http(s) URL in a type file is fetched while
    the validator is built, on every check and every build.
    """
    raise ValueError(f"pmdocs does not fetch {uri}; write the schema in the type file")


class TypeSet(Mapping[str, DocType]):
    """The known types by name, iterated in function order, then by name."""

    def __init__(self, types: Mapping[str, DocType]) -> None:
        ordered = sorted(
            types.values(), key=lambda t: (_FUNCTION_ORDER[t.function], not t.builtin, t.name)
        )
        self._types = {doc_type.name: doc_type for doc_type in ordered}

    def __getitem__(self, name: str) -> DocType:
        return self._types[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def in_function(self, key: str) -> list[DocType]:
        return [doc_type for doc_type in self._types.values() if doc_type.function == key]


def load_types(schemas_dir: Path | None = None, display_root: Path | None = None) -> TypeSet:
    """The built-in types, plus or overridden by the files in ``schemas_dir``.

    ``display_root`` is the folder that error messages name files relative to.
    Raises `ConfigError` for a missing folder or a broken type file.
    """
    types = {doc_type.name: doc_type for doc_type in _builtin_types()}
    if schemas_dir is not None:
        if not schemas_dir.is_dir():
            shown = _display(schemas_dir, display_root)
            raise ConfigError(shown, "the schemas folder does not exist")
        for path in sorted(schemas_dir.iterdir()):
            if path.suffix in {".yml", ".yaml"} and path.is_file():
                doc_type = parse_type_file(path.read_bytes(), _display(path, display_root))
                earlier = types.get(doc_type.name)
                if earlier is not None and not earlier.builtin:
                    # Which file would win is an accident of file names: say so.
                    message = f"type {doc_type.name} is also defined in {earlier.source}"
                    raise ConfigError(doc_type.source, f"{message}; keep one file per type")
                types[doc_type.name] = doc_type
    type_set = TypeSet(types)
    _check_link_targets(type_set)
    check_type_pages(type_set)
    return type_set


_BUILTIN_CACHE: list[DocType] = []


def _builtin_types() -> list[DocType]:
    if not _BUILTIN_CACHE:
        folder = resources.files("pmdocs.core") / "builtin_types"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yml"):
                raw, file = entry.read_bytes(), f"pmdocs/core/builtin_types/{entry.name}"
                # The tests check the built-in field schemas; checking them on every run
                # cost the memory of JSON Schema's meta-schemas (0.7 MiB) for nothing.
                doc_type = parse_type_file(raw, file, check_schemas=False)
                _BUILTIN_CACHE.append(_as_builtin(doc_type))
    return list(_BUILTIN_CACHE)


def _as_builtin(doc_type: DocType) -> DocType:
    return DocType(**{**doc_type.__dict__, "builtin": True})


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def parse_type_file(raw: bytes, file: str, check_schemas: bool = True) -> DocType:
    """Read one type file; raise `ConfigError` naming ``file`` if it is broken.

    ``check_schemas`` checks every field's JSON Schema against the meta-schema.
    """
    # Read as documents' front matter is (YAML 1.2 core), so that `enum: [yes, no]`
    # or `statuses: [on, off]` hold the same text a document's `yes` or `on` does.
    try:
        data = load_yaml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        message = f"the type file is not UTF-8 (byte {error.start}); save it as UTF-8"
        raise ConfigError(file, message) from None
    except YamlError as error:
        raise ConfigError(file, f"cannot read the type file: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(file, "a type file must be a mapping with type, labels, function, ...")
    unknown = sorted(set(map(str, data)) - _FILE_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_FILE_KEYS))
        raise ConfigError(file, f"unknown key {', '.join(unknown)}; allowed keys: {allowed}")
    missing = [key for key in _FILE_REQUIRED_KEYS if key not in data]
    if missing:
        raise ConfigError(file, f"missing key {', '.join(missing)}")
    return _TypeFileReader(file, data, check_schemas).read()


class _TypeFileReader:
    """Checks the parts of one type file and builds the `DocType`."""

    def __init__(self, file: str, data: dict[str, Any], check_schemas: bool) -> None:
        self.file = file
        self.data = data
        self.check_schemas = check_schemas

    def fail(self, message: str) -> ConfigError:
        return ConfigError(self.file, message)

    def read(self) -> DocType:
        name = self.data["type"]
        if not isinstance(name, str) or not _TYPE_NAME.match(name):
            raise self.fail(
                "type must be a lowercase name such as okr-review: a-z, 0-9 and -, "
                "starting with a letter, at most 64 characters"
            )
        if name in RESERVED_TYPE_NAMES:
            raise self.fail(
                f"type {name} is reserved: link targets use any, and pmdocs generates "
                f"its own pages named {', '.join(sorted(RESERVED_TYPE_NAMES - {'any'}))}"
            )
        descriptions = self._descriptions()
        fields = self._fields()
        links = self._links()
        clash = sorted(set(fields) & set(links))
        if clash:
            raise self.fail(f"{', '.join(clash)} is both a field and a link")
        statuses = self._strings("statuses", allow_empty=False)
        return DocType(
            name=name,
            labels=self._labels(self.data["labels"], "labels"),
            plural=self._labels(self.data["plural"], "plural") if "plural" in self.data else None,
            function=self._function(),
            id_pattern=self._id_pattern(),
            statuses=statuses,
            fields=fields,
            required=self._names_of("required", set(fields) | set(COMMON_FIELDS) | set(links)),
            links=links,
            columns=self._names_of("columns", set(fields) | set(COMMON_FIELDS) | set(links)),
            source=self.file,
            status_labels=self._status_labels(statuses),
            value_labels=self._value_labels(fields),
            descriptions=descriptions,
            page=self._page(),
        )

    def _labels(self, value: Any, where: str) -> Labels:
        if not isinstance(value, dict) or not all(
            isinstance(value.get(k), str) for k in ("en", "zh")
        ):
            raise self.fail(f"{where} must give text for both en and zh")
        return Labels(value["en"], value["zh"])

    def _texts(self, value: Any, where: str, example: str) -> dict[str, str]:
        """A text in en, zh or both: ``{en: ..., zh: ...}``."""
        if (
            not isinstance(value, dict)
            or not value
            or not set(value) <= set(LANGUAGES)
            or not all(isinstance(text, str) and text.strip() for text in value.values())
        ):
            raise self.fail(f"{where} must give text for en, zh or both, e.g. {example}")
        return {language: value[language] for language in LANGUAGES if language in value}

    def _status_labels(self, statuses: tuple[str, ...]) -> dict[str, dict[str, str]]:
        given = self._mapping("status_labels", "status to {en, zh}")
        unknown = [str(status) for status in given if status not in statuses]
        if unknown:
            raise self.fail(
                f"status_labels names {', '.join(unknown)}, which is not one of the "
                f"statuses {', '.join(statuses)}"
            )
        return {
            str(status): self._texts(texts, f"status_labels {status}", "{en: Draft, zh: 草稿}")
            for status, texts in given.items()
        }

    def _value_labels(
        self, fields: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, dict[Any, dict[str, str]]]:
        given = self._mapping("value_labels", "field to {value: {en, zh}}")
        labels = {}
        for name, by_value in given.items():
            where = f"value_labels {name}"
            if name == "status":
                raise self.fail(f"{where}: statuses are labelled under status_labels")
            if name not in fields:
                raise self.fail(f"{where}: {name} is not a field of this type")
            allowed = allowed_values(fields[name])
            if allowed is None:
                raise self.fail(f"{where}: field {name} has no allowed values (enum) to label")
            if not isinstance(by_value, dict):
                raise self.fail(f"{where} must be a mapping of value to {{en, zh}}")
            unknown = [str(value) for value in by_value if value not in allowed]
            if unknown:
                shown = ", ".join(map(str, allowed))
                raise self.fail(
                    f"{where} names {', '.join(unknown)}, which is not one of its values {shown}"
                )
            labels[str(name)] = {
                value: self._texts(texts, f"{where} {value}", "{en: Met, zh: 达成}")
                for value, texts in by_value.items()
            }
        return labels

    def _mapping(self, key: str, shape: str) -> dict[Any, Any]:
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a mapping of {shape}")
        return value

    def _descriptions(self) -> dict[str, dict[str, str]]:
        """Each field's ``description``, text or ``{en, zh}``; the field's schema keeps one text.

        JSON Schema allows only text there, and the schema export, editors and
        the English messages read it: the English one when there is one.
        """
        fields = self.data.get("fields")
        descriptions: dict[str, dict[str, str]] = {}
        for name, schema in fields.items() if isinstance(fields, dict) else ():
            if not isinstance(schema, dict) or "description" not in schema:
                continue
            text = schema["description"]
            if isinstance(text, dict):
                texts = self._texts(text, f"field {name}: description", "{en: Kind, zh: 类别}")
                schema["description"] = texts.get("en") or texts["zh"]
            elif isinstance(text, str):
                texts = {"en": text}
            else:
                continue  # not text: the schema check says so
            descriptions[str(name)] = texts
        return descriptions

    def _page(self) -> tuple[str, ...]:
        """The queries under ``page:``, each a mapping, of the file's own type unless it
        says ``type:``; what they say is checked with the other types
        (`check_type_pages`), since a query may name any of them."""
        written = self.data.get("page")
        if written is None:
            return ()
        if not isinstance(written, list):
            raise self.fail(
                "page must be a list of queries such as {show: board, group_by: status}"
            )
        texts = []
        for number, entry in enumerate(written, 1):
            if not isinstance(entry, dict):
                raise self.fail(
                    f"page, query {number}: a query is a mapping such as {{show: table}}"
                )
            try:
                # A type page's query is about that type unless it names others.
                entry = {"type": self.data["type"], **entry} if "type" not in entry else entry
                texts.append(json.dumps(entry, ensure_ascii=False, allow_nan=False))
            except (TypeError, ValueError):
                raise self.fail(f"page, query {number}: a value that is not a number") from None
        return tuple(texts)

    def _function(self) -> str:
        function = self.data["function"]
        if function not in _FUNCTION_ORDER:
            known = ", ".join(f.key for f in FUNCTIONS)
            raise self.fail(f"unknown function '{function}'; known functions: {known}")
        return str(function)

    def _id_pattern(self) -> str:
        pattern = self.data["id_pattern"]
        if not isinstance(pattern, str) or not pattern:
            raise self.fail("id_pattern must be a regular expression such as 'PRD-\\d{3,}'")
        if not self.check_schemas:
            return pattern  # a built-in type's, which the tests compile
        try:
            id_validator(pattern)
            # On its own too: `A)|(B` is only valid inside the anchoring group.
            compile_schema({"pattern": pattern})
        except Exception:  # the Rust core reports a bad pattern as a validation error
            raise self.fail(
                f"id_pattern {pattern!r} is not a valid regular expression ({_PATTERN_RULES})"
            ) from None
        return pattern

    def _strings(self, key: str, allow_empty: bool = True) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f"{key} must be a list of names")
        if not value and not allow_empty:
            raise self.fail(f"{key} must list at least one value")
        return tuple(value)

    def _names_of(self, key: str, known: set[str]) -> tuple[str, ...]:
        names = self._strings(key)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise self.fail(f"{key} names {', '.join(unknown)}, which is not a field of this type")
        return names

    def _fields(self) -> dict[str, dict[str, Any]]:
        fields = self.data.get("fields") or {}
        if not isinstance(fields, dict):
            raise self.fail("fields must be a mapping of field name to JSON Schema")
        for name, schema in fields.items():
            if name in COMMON_FIELDS:
                raise self.fail(f"field {name} is common to every type; remove it from fields")
            if not isinstance(schema, dict):
                raise self.fail(f"field {name} must be a JSON Schema mapping")
            self._refuse_remote(str(name), schema)
            if self.check_schemas:
                self._check_schema(str(name), schema)
        return {str(name): schema for name, schema in fields.items()}

    def _refuse_remote(self, name: str, schema: Any) -> None:
        """`ConfigError` for a keyword that would make the validator fetch or resolve elsewhere.

        A validator loads the meta-schema a ``$schema`` names, and resolves
        ``$ref`` against the base an ``$id`` sets; only references inside the
        field's own schema (``#...``) are allowed.
        """
        for keyword, value in _schema_keywords(schema):
            refused = keyword in _REMOTE_KEYWORDS or (
                keyword in _REFERENCE_KEYWORDS
                and not (isinstance(value, str) and value.startswith("#"))
            )
            if refused:
                raise self.fail(
                    f"field {name}: {keyword} is not allowed in a type file, since pmdocs "
                    "does not fetch schemas; write the schema in the type file "
                    "(a $ref may point inside it only, '#...')"
                )

    def _check_schema(self, name: str, schema: dict[str, Any]) -> None:
        import jsonschema_rs  # see compile_schema: loaded when a project has types of its own

        full = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        try:
            jsonschema_rs.meta.validate(full)
            compile_schema(full)
        except Exception as error:  # the Rust core reports some problems as other errors
            # One line: the full text goes on to quote the schema and the failing keyword.
            reason = getattr(error, "message", None) or str(error)
            reason = (reason.strip().splitlines() or ["invalid"])[0]
            if 'is not a "regex"' in reason:
                reason = f"{reason} ({_PATTERN_RULES})"
            raise self.fail(f"field {name} is not a valid JSON Schema: {reason}") from None

    def _links(self) -> dict[str, LinkSpec]:
        links = self.data.get("links") or {}
        if not isinstance(links, dict):
            raise self.fail("links must be a mapping of field name to {targets, label, reverse}")
        specs = {}
        for name, spec in links.items():
            if not isinstance(spec, dict) or set(spec) != _LINK_KEYS:
                raise self.fail(f"link {name} must have exactly targets, label and reverse")
            targets = spec["targets"]
            if (
                not isinstance(targets, list)
                or not targets
                or not all(isinstance(t, str) for t in targets)
            ):
                raise self.fail(f"link {name}: targets must be a list of type names or [any]")
            specs[str(name)] = LinkSpec(
                name=str(name),
                targets=tuple(targets),
                label=self._labels(spec["label"], f"link {name} label"),
                reverse=self._labels(spec["reverse"], f"link {name} reverse"),
            )
        return specs


_PATTERN_RULES = "lookaround and backreferences are not supported: patterns match in linear time"


def _schema_keywords(schema: Any) -> Iterator[tuple[str, Any]]:
    """Every (keyword, value) of a schema and of the schemas inside it; data is skipped."""
    if isinstance(schema, list):
        for item in schema:
            yield from _schema_keywords(item)
        return
    if not isinstance(schema, dict):
        return
    for keyword, value in schema.items():
        keyword = str(keyword)
        yield keyword, value
        if keyword in _DATA_KEYWORDS:
            continue
        if keyword in _NAMED_SCHEMAS and isinstance(value, dict):
            for named in value.values():  # the names are data; the values are schemas
                yield from _schema_keywords(named)
        else:
            yield from _schema_keywords(value)


def check_type_pages(types: TypeSet) -> None:
    """Every query a type file lists under ``page:`` read as a query block is; the first
    problem is a configuration error naming the file."""
    # The query reader needs the types, so it is imported once they exist.
    from pmdocs.core.query_parse import parse_query

    for doc_type in types.values():
        if doc_type.builtin:
            # A built-in type's page names other built-in types' values; where a
            # team's override changed them, that section is left out (`render_type_page`).
            continue
        for number, text in enumerate(doc_type.page, 1):
            query, diagnostics = parse_query(text, types, doc_type.source)
            if query is None:
                raise ConfigError(
                    doc_type.source, f"page, query {number}: {diagnostics[0].message}"
                )


def _check_link_targets(types: TypeSet) -> None:
    for doc_type in types.values():
        for link in doc_type.links.values():
            unknown = [t for t in link.targets if t != "any" and t not in types]
            if unknown:
                raise ConfigError(
                    doc_type.source,
                    f"link {link.name} targets unknown type {', '.join(unknown)}",
                )
