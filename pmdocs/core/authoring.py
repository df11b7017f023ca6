"""Writing new documents: the next free id, a file name, and the type's template.

`pmdocs new` and the "How to write one" section of every type page use the
same template: every required field with a placeholder that passes the
type's checks, the allowed values in a YAML comment, today's date in
``created``, empty link lists to fill in, and a body skeleton of ``##``
sections suited to the type (``pmdocs/core/skeletons/<type>.md``).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from pmdocs.core.doctypes import DocType, TypeSet, compile_schema
from pmdocs.core.frontmatter import MAX_DIGITS, split_source
from pmdocs.core.i18n import Catalog, field_label, status_label
from pmdocs.core.natural import natural_key
from pmdocs.core.plain_schema import certain_check
from pmdocs.core.project import Project, unread_ids
from pmdocs.core.validate import suggest_type

__all__ = [
    "IdScheme",
    "InputError",
    "body_skeleton",
    "create_document",
    "default_folder",
    "display_path",
    "document_text",
    "file_name",
    "front_matter_text",
    "next_id",
    "require_type",
    "slugify",
]

MAX_SLUG = 60
_RESERVED_STEMS = {"index", "readme"}  # MkDocs would make the file its folder's index page

TEXTS = Catalog(
    {
        "placeholder": ("TBD", "待定"),
        "one_of": ("one of: {values}", "可选值：{values}"),
        "id": ("next free id; pattern {pattern}", "下一个可用编号；格式 {pattern}"),
        "owner": ("person or team responsible", "责任人（个人或团队）"),
        "created": ("date YYYY-MM-DD", "日期 YYYY-MM-DD"),
        "date": ("date YYYY-MM-DD", "日期 YYYY-MM-DD"),
        "tags": ("list of tags", "标签列表"),
        "links": ("ids of {targets}", "填写 {targets} 的编号"),
        "any_type": ("any type", "任意类型"),
        "optional": ("optional", "可选"),
        "range": ("{kind} from {low} to {high}", "{kind}，{low} 到 {high}"),
        "at_least": ("{kind}, at least {low}", "{kind}，不小于 {low}"),
        "pattern": ("must match {pattern}", "须匹配 {pattern}"),
        "integer": ("integer", "整数"),
        "number": ("number", "数字"),
    }
)

# Placeholders people would pick for the built-in fields; each is used only if
# it passes the field's schema, so a project that overrides a type stays valid.
_PREFERRED: dict[str, Any] = {
    "priority": "P2",
    "kind": "user",
    "method": "qualitative",
    "horizon": "next",
    "feasibility": "medium",
    "result": "pending",
    "segment": "B",
    "likelihood": 3,
    "impact": 3,
    "currency": "USD",
    "version": "1.0.0",
    "unit": "%",
}


class InputError(Exception):
    """Bad input from the command line: shown as one line, exit status 2."""


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it lies inside it, else absolute."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def require_type(types: TypeSet, name: str) -> DocType:
    """The type called ``name``, or `InputError` suggesting the closest known one."""
    doc_type = types.get(name)
    if doc_type is None:
        suggestion = suggest_type(name, types)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        raise InputError(f"unknown type {name!r}{hint}; known types: {', '.join(types)}")
    return doc_type


# --- ids -------------------------------------------------------------------------------------

_LITERAL = r"(?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9])*"
_ID_PATTERN = re.compile(
    rf"^\^?(?P<prefix>{_LITERAL})(?:\\d|\[0-9\])"
    r"(?P<quantifier>\{(?P<low>\d+)(?P<comma>,(?P<high>\d*))?\}|\+|\*)?"
    rf"(?P<suffix>{_LITERAL})\$?$"
)


class IdScheme(NamedTuple):
    """An id pattern of the form literal prefix, a run of digits, literal suffix."""

    prefix: str
    width: int
    suffix: str

    @classmethod
    def parse(cls, pattern: str) -> IdScheme | None:
        """``PRD-\\d{3,}`` → prefix ``PRD-``, width 3; None for any other shape."""
        match = _ID_PATTERN.match(pattern)
        if not match:
            return None
        low = (match.group("low") or "1").lstrip("0") or "0"
        if len(low) > len(str(MAX_DIGITS)) or int(low) > MAX_DIGITS:
            return None  # wider than any number pmdocs reads
        width = int(low)
        return cls(
            _unescape(match.group("prefix")), max(width, 1), _unescape(match.group("suffix"))
        )

    def number(self, doc_id: str) -> int | None:
        """The number in ``doc_id`` if it has this scheme's prefix and suffix."""
        if not (doc_id.startswith(self.prefix) and doc_id.endswith(self.suffix)):
            return None
        digits = doc_id[len(self.prefix) : len(doc_id) - len(self.suffix)]
        if not (digits.isascii() and digits.isdigit()) or len(digits.lstrip("0")) > MAX_DIGITS:
            return None  # too long for Python to read: no id pmdocs wrote
        return int(digits)

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}{self.suffix}"


def _unescape(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal)


def next_id(doc_type: DocType, existing: Iterable[str]) -> str:
    """The id after the highest one in use with the type's prefix (``PRD-001`` when none).

    Raises `InputError` when the id pattern has no numbered form pmdocs can
    count up, or when the pattern allows no more numbers.
    """
    scheme = IdScheme.parse(doc_type.id_pattern)
    if scheme is None:
        raise InputError(
            f"cannot number documents of type {doc_type.name}: its id pattern "
            f"{doc_type.id_pattern!r} is not a prefix followed by digits"
        )
    prefixed = [doc_id for doc_id in existing if doc_id.startswith(scheme.prefix)]
    numbers = [n for n in map(scheme.number, prefixed) if n is not None]
    candidate = scheme.format(max(numbers, default=0) + 1)
    if not doc_type.matches_id(candidate):
        raise InputError(f"no free id left for type {doc_type.name} ({doc_type.id_pattern})")
    return candidate


# --- file names ------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """A readable file name stem: lower case, words joined by ``-``, any script kept.

    ``Single sign-on (SSO)`` → ``single-sign-on-sso``; ``单点登录`` → ``单点登录``.
    Returns the empty string when the title has no letter or digit.
    """
    text = unicodedata.normalize("NFKC", title).lower()
    kept: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LN" or (category[0] == "M" and kept and kept[-1] != "-"):
            kept.append(char)
        elif kept and kept[-1] != "-":
            kept.append("-")
    slug = "".join(kept).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        boundary = cut.rfind("-")
        slug = (cut[:boundary] if boundary > MAX_SLUG // 2 else cut).strip("-")
    return slug


def file_name(title: str, doc_id: str) -> str:
    """``<slug>.md``; `InputError` when the title gives no usable name."""
    slug = slugify(title)
    if not slug:
        raise InputError(
            f"the title {title!r} gives an empty file name; use at least one letter or digit"
        )
    if slug in _RESERVED_STEMS:
        slug = f"{slugify(doc_id)}-{slug}"
    return f"{slug}.md"


def clean_title(title: str) -> str:
    """The title on one line, without surrounding or repeated white space."""
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InputError("the title is empty; give the document a title")
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:  # bytes from a terminal that is not UTF-8
        raise InputError("the title is not valid UTF-8 text; type it in a UTF-8 terminal") from None
    return cleaned


# --- the template ----------------------------------------------------------------------------


class _Line(NamedTuple):
    key: str
    value: Any
    comment: str = ""
    commented_out: bool = False

    def render(self) -> str:
        text = f"{yaml_text(self.key, key=True)}: {yaml_value(self.value)}"
        if self.commented_out:
            text = f"# {text}"
        return f"{text}  # {one_line(self.comment)}" if self.comment else text


def front_matter_text(
    doc_type: DocType, doc_id: str, title: str, today: datetime.date, language: str = "en"
) -> str:
    """The front matter block (with its ``---`` lines) that `pmdocs new` writes."""
    lines = [
        "---",
        *(line.render() for line in _template_lines(doc_type, doc_id, title, today, language)),
        "---",
    ]
    return "\n".join(lines) + "\n"


def document_text(
    doc_type: DocType, doc_id: str, title: str, today: datetime.date, language: str = "en"
) -> str:
    """A whole new document: the front matter, then the type's body skeleton."""
    front_matter = front_matter_text(doc_type, doc_id, title, today, language)
    return f"{front_matter}\n{body_skeleton(doc_type.name, language)}"


def _template_lines(
    doc_type: DocType, doc_id: str, title: str, today: datetime.date, language: str
) -> list[_Line]:
    def text(key: str, **values: object) -> str:
        return TEXTS(key, language).format(**values)

    statuses = ", ".join(_status_choice(status, language) for status in doc_type.statuses)
    required = set(doc_type.required_fields)
    owner = placeholder(doc_type.all_fields["owner"], "owner", today, language)
    tags = placeholder(doc_type.all_fields["tags"], "tags", today, language)
    lines = [
        _Line("type", doc_type.name),
        _Line("id", doc_id, text("id", pattern=doc_type.id_pattern)),
        _Line("title", title),
        _Line("status", doc_type.statuses[0], text("one_of", values=statuses)),
        _Line("owner", owner, text("owner")),
        *_value_field_lines(doc_type, today, language),
        _Line("created", today.isoformat(), text("created")),
        _Line("tags", tags if "tags" in required else [], text("tags")),
    ]
    for name, link in doc_type.links.items():
        targets = [text("any_type") if t == "any" else t for t in link.targets]
        lines.append(_Line(name, [], text("links", targets=", ".join(targets))))
    return lines


def _status_choice(status: str, language: str) -> str:
    label = status_label(status, language)
    return f"{status}（{label}）" if language == "zh" and label != status else status


def _value_field_lines(doc_type: DocType, today: datetime.date, language: str) -> list[_Line]:
    """The type's own fields, required ones first; optional ones commented out.

    Then any common field the type requires that the template does not
    already carry (``updated``, ``url``).
    """
    required = set(doc_type.required_fields)
    names = [name for name in doc_type.fields if name not in _COMMON_IN_TEMPLATE]
    names.sort(key=lambda name: name not in required)  # stable: schema order otherwise
    names += [
        name
        for name in doc_type.required_fields
        if name not in _COMMON_IN_TEMPLATE and name not in names and name not in doc_type.links
    ]
    optional = TEXTS("optional", language)
    lines = []
    for name in names:
        schema = doc_type.all_fields.get(name, {})
        comment = _field_comment(name, schema, language)
        if name not in required and optional not in comment.lower():
            comment = f"{optional}; {comment}" if comment else optional
        value = placeholder(schema, name, today, language)
        lines.append(_Line(name, value, comment, commented_out=name not in required))
    return lines


_COMMON_IN_TEMPLATE = frozenset({"type", "id", "title", "status", "owner", "created", "tags"})


def _field_comment(name: str, schema: Mapping[str, Any], language: str) -> str:
    allowed = allowed_text(schema, language)
    if language == "zh":
        label = field_label(name, "zh")
        parts = [label] if label != name.replace("_", " ").capitalize() else []
        return "；".join([*parts, allowed] if allowed else parts)
    description = " ".join(str(schema.get("description") or "").split())
    return " — ".join(part for part in (allowed, description) if part)


def allowed_text(schema: Mapping[str, Any], language: str) -> str:
    """What a field accepts, in a few words: the enum, a range, a pattern or a date."""
    if "enum" in schema:
        values = ", ".join(str(value) for value in schema["enum"])
        return TEXTS("one_of", language).format(values=values)
    if schema.get("format") == "date":
        return TEXTS("date", language)
    kind = schema.get("type")
    if kind in ("integer", "number"):
        kind_text = TEXTS(str(kind), language)
        if "minimum" in schema and "maximum" in schema:
            return TEXTS("range", language).format(
                kind=kind_text, low=schema["minimum"], high=schema["maximum"]
            )
        if "minimum" in schema:
            return TEXTS("at_least", language).format(kind=kind_text, low=schema["minimum"])
        return kind_text
    if "pattern" in schema:
        return TEXTS("pattern", language).format(pattern=schema["pattern"])
    return ""


# --- placeholder values ----------------------------------------------------------------------


def placeholder(
    schema: Mapping[str, Any], name: str, today: datetime.date, language: str = "en"
) -> Any:
    """A value for ``name`` that passes ``schema``: a preferred one, else one derived from it."""
    candidates = []
    if name in _PREFERRED:
        candidates.append(_PREFERRED[name])
    candidates.extend(_derived(schema, today, language))
    # A schema the quick check judges needs no library: a value it is unsure of is
    # passed over, as one that fails is.
    passes = certain_check(schema) or (lambda value: _passes(schema, value))
    for candidate in candidates:
        if passes(candidate):
            return candidate
    return TEXTS("placeholder", language)


def _derived(schema: Mapping[str, Any], today: datetime.date, language: str) -> list[Any]:
    if "const" in schema:
        return [schema["const"]]
    if schema.get("enum"):
        return list(schema["enum"])
    branches = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if branches:
        return [value for branch in branches for value in _derived(branch, today, language)]
    kinds = schema.get("type", "string")
    values: list[Any] = []
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        values.extend(_derived_of_kind(str(kind), schema, today, language))
    return values


def _derived_of_kind(
    kind: str, schema: Mapping[str, Any], today: datetime.date, language: str
) -> list[Any]:
    text = TEXTS("placeholder", language)
    if kind == "string":
        if schema.get("format") == "date":
            return [today.isoformat()]
        if schema.get("format") == "uri":
            return ["https://example.com/"]
        quarter = (today.month - 1) // 3 + 1
        return [text, f"{today.year}-Q{quarter}", str(today.year), today.isoformat(), "USD",
                "A", "a", "1", "v1", "1.0.0", "TBD"]  # fmt: skip
    if kind in ("integer", "number"):
        low = schema.get("minimum", 0)
        if "exclusiveMinimum" in schema:
            low = schema["exclusiveMinimum"] + 1
        high = schema.get("maximum", low)
        return [low, high, 0, 1]
    if kind == "boolean":
        return [False]
    if kind == "array":
        items = schema.get("items")
        item = _derived(items, today, language) if isinstance(items, Mapping) else [text]
        return [[item[0]]] if item else [[]]
    if kind == "object":
        properties = schema.get("properties") or {}
        return [
            {key: placeholder(sub, str(key), today, language) for key, sub in properties.items()}
        ]
    if kind == "null":
        return [None]
    return []


def _passes(schema: Mapping[str, Any], value: Any) -> bool:
    try:
        return bool(_validator(json.dumps(schema, sort_keys=True)).is_valid(value))
    except Exception:  # a schema the validator cannot build: derive nothing from it
        return False


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> Any:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **json.loads(schema_json)}
    return compile_schema(schema)


# --- YAML values -----------------------------------------------------------------------------


def yaml_value(value: Any) -> str:
    """``value`` in flow style on one line, written so that pmdocs reads it back unchanged."""
    written = _flow(value)
    if _reads_back(written, value):
        return written
    return json.dumps(value)  # JSON's escapes are YAML's too


def _flow(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_text(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    return yaml_text(str(value))


# Type files give the same names and values on every page and in every build.
@lru_cache(maxsize=4096)
def yaml_text(text: str, key: bool = False) -> str:
    """``text`` as a one-line YAML scalar (a value, or a mapping ``key``) that reads back as it is.

    Plain where pmdocs reads the plain text as that text (YAML 1.2 core:
    ``on``, ``NO`` and ``2026-01-05`` stay text); otherwise quoted by
    PyYAML's emitter, in single quotes where those do, else in double quotes
    with escapes, which hold any text on one line.
    """
    if _reads_back_text(text, text, key):
        return text
    single = _emitted(text, None)
    return single if _reads_back_text(single, text, key) else _emitted(text, '"')


def _emitted(text: str, style: str | None) -> str:
    """``text`` as PyYAML writes it inside a flow sequence, where ``,[]{}`` need quotes too."""
    dumped = yaml.safe_dump(
        [text], default_flow_style=True, allow_unicode=True, width=sys.maxsize, default_style=style
    )
    return dumped.strip()[1:-1]


def _reads_back_text(written: str, text: str, key: bool) -> bool:
    if not key:
        return _reads_back(written, text)
    read = _read_back(written, key=True)
    return read is not None and read[0] == text


def _reads_back(written: str, value: Any) -> bool:
    read = _read_back(written)
    return bool(read and read[0] == value and type(read[0]) is type(value))


@lru_cache(maxsize=1024)
def _read_back(written: str, key: bool = False) -> tuple[Any] | None:
    """What pmdocs reads from ``value: written`` (or, for a ``key``, the key of ``written: 1``)
    in front matter; None if it reads nothing else."""
    if "\n" in written or "\r" in written:
        return None
    line = f"{written}: 1" if key else f"value: {written}"
    source = split_source("value.md", f"---\n{line}\n---\n")
    if source.front_matter is None or source.diagnostics:
        return None
    data = source.front_matter.data
    if key:
        return (next(iter(data)),) if len(data) == 1 and data.get(next(iter(data))) == 1 else None
    return (data.get("value"),) if list(data) == ["value"] else None


def one_line(comment: str) -> str:
    """A comment on one line: a line break in it would end the comment, and the rest be YAML."""
    return " ".join(comment.split())


# --- body skeletons --------------------------------------------------------------------------


def body_skeleton(type_name: str, language: str = "en") -> str:
    """The ``##`` sections a new document of the type starts with."""
    folder = resources.files("pmdocs.core") / "skeletons"
    suffix = ".zh.md" if language == "zh" else ".md"
    for stem in (type_name, "_generic"):
        for name in dict.fromkeys((stem + suffix, stem + ".md")):
            entry = folder / name
            if entry.is_file():
                return entry.read_text(encoding="utf-8")
    return ""


# --- writing a new document ------------------------------------------------------------------


def default_folder(project: Project, doc_type: DocType) -> Path:
    """Where most documents of the type already live, else ``<docs_dir>/<type>/``."""
    folders = Counter(
        os.path.dirname(document.path) for document in project.documents_of(doc_type.name)
    )
    if not folders:
        return project.settings.docs_dir / doc_type.name
    most = max(folders.values())
    chosen = min((f for f, n in folders.items() if n == most), key=natural_key)
    return project.settings.docs_dir / chosen


def create_document(
    project: Project,
    type_name: str,
    title: str,
    today: datetime.date,
    folder: Path | None = None,
) -> Path:
    """Write a new document of ``type_name`` and return its path; never overwrites.

    ``folder`` must exist and lie inside the docs folder; without it the
    document goes to `default_folder`, created when missing. Raises
    `InputError` for any problem with the input or the target.
    """
    doc_type = require_type(project.types, type_name)
    title = clean_title(title)
    # An id in a file that could not be read is taken: links to it mean that file.
    taken = [
        *(document.id for document in project.documents),
        *unread_ids(project.sources.values()),
    ]
    doc_id = next_id(doc_type, taken)
    target_folder = (
        _checked_folder(project, folder) if folder else default_folder(project, doc_type)
    )
    path = target_folder / file_name(title, doc_id)
    text = document_text(doc_type, doc_id, title, today, project.settings.language)
    _write_new(path, text, create_folder=folder is None)
    return path


def _checked_folder(project: Project, folder: Path) -> Path:
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise InputError(f"{display_path(folder)}: the folder {problem}")
    docs_dir = project.settings.docs_dir.resolve()
    resolved = folder.resolve()
    if resolved != docs_dir and docs_dir not in resolved.parents:
        raise InputError(
            f"{display_path(folder)}: the folder is outside the docs folder "
            f"{display_path(project.settings.docs_dir)}, "
            "where pmdocs reads documents"
        )
    return folder


def _write_new(path: Path, text: str, create_folder: bool) -> None:
    if create_folder:
        make_folder(path.parent)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise InputError(
            f"{display_path(path)} already exists; pmdocs new never overwrites a file "
            "(choose another title, or --dir)"
        ) from None
    except OSError as error:
        raise InputError(
            f"{display_path(path)}: cannot write the file: {error.strerror or error}"
        ) from None


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents when missing; `InputError` when that fails."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{display_path(folder)}: cannot create the folder: a file has its name")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"{display_path(folder)}: cannot create the folder: {error.strerror or error}"
        ) from None
