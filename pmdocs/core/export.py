"""Exporting every document with its fields, links and backlinks, as JSON or CSV.

The JSON shape is the one SPEC section 5 gives; the plugin writes the same
text into the built site as ``pm/pmdocs.json``. Everything is in a fixed
order (documents by natural id, keys sorted) and carries no timestamp, so
the same input always gives the same bytes.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pmdocs.core.authoring import InputError, display_path, make_folder, require_type
from pmdocs.core.derived import DERIVED_FIELDS, derived_values
from pmdocs.core.doctypes import DocType
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.project import Project

__all__ = [
    "CsvColumn",
    "backlink_labels",
    "csv_columns",
    "csv_row",
    "document_record",
    "export_csv",
    "export_json",
    "export_json_parts",
    "indented_json",
    "make_folder",
    "write_csv_folder",
    "write_text",
]

# Shown at the top of each record, so not repeated in its ``fields``.
TOP_LEVEL = ("type", "id", "title", "status")
CSV_BASE = ("id", "type", "title", "status", "path", "page_url")
_RECORD_KEYS = {"page_url": "url"}  # CSV headers named otherwise than in the JSON record
LIST_SEPARATOR = "; "
# What some reader takes for the end of a line: CSV readers and spreadsheets
# split records at CR and LF; Python's ``str.splitlines``, editors and
# line-based tools also at these others (NEL, the Unicode line and paragraph
# separators, ...). A cell holding any of them is quoted, so that it stays one
# cell of one record for every reader that honours quotes.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NEEDS_QUOTES = re.compile(f'[",{_LINE_BREAKS}]')
# A cell starting with one of these is read as a formula: OWASP's list
# (= + - @ tab CR), LF like CR, and the fullwidth forms of the four signs,
# which spreadsheets in CJK locales may take for the ASCII ones.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Open flags of an export file: no following a link (not on Windows, where links need
# privileges), and bytes as written (Windows' C library would add a CR before each LF).
_WRITE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_TRUNC
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)
_SCALARS = (str, int, float, type(None))
_encode_scalar = json.JSONEncoder(ensure_ascii=False).encode
_encode_string = json.encoder.encode_basestring  # what the encoder above does with a str


def export_json(project: Project, type_name: str | None = None) -> str:
    """``{"documents": [...]}`` as indented JSON text ending with a newline."""
    return "".join(export_json_parts(project, type_name))


def export_json_parts(project: Project, type_name: str | None = None) -> Iterator[str]:
    """The text of `export_json` in parts, one document at a time.

    This is the text the plugin writes into the built site as
    ``pm/pmdocs.json``, without holding all of it: it grows with the number
    of documents. The same text as ``json.dumps`` of the whole, with
    ``indent=2``: each record sits two levels deep.
    """
    if type_name is not None:
        require_type(project.types, type_name)
    documents = [d for d in project.documents if type_name is None or d.type == type_name]
    if not documents:
        yield '{\n  "documents": []\n}\n'
        return
    yield '{\n  "documents": [\n'
    for index, document in enumerate(documents):
        record = indented_json(document_record(project, document), "    ")
        separator = ",\n" if index < len(documents) - 1 else "\n"
        yield f"    {record}{separator}"
    yield "  ]\n}\n"


def indented_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, its lines after the first indented.

    The same text, written faster: with ``indent``, `json` leaves its C
    encoder for a Python one, which made the export a visible part of a big
    site's build. Here only the nesting is Python; every scalar goes through
    the C encoder.
    """
    if type(value) is str:
        return _encode_string(value)
    if isinstance(value, dict) and value and all(type(key) is str for key in value):
        inner = indent + "  "
        items = f",\n{inner}".join(
            [f"{_encode_string(key)}: {indented_json(item, inner)}" for key, item in value.items()]
        )
        return f"{{\n{inner}{items}\n{indent}}}"
    if isinstance(value, (list, tuple)) and value:
        inner = indent + "  "
        if all(type(item) is str for item in value):  # ids, tags: most lists
            items = f",\n{inner}".join(map(_encode_string, value))
        else:
            items = f",\n{inner}".join([indented_json(item, inner) for item in value])
        return f"[\n{inner}{items}\n{indent}]"
    if isinstance(value, _SCALARS) or value in ({}, []):
        return _encode_scalar(value)
    # Mappings with keys json has to convert, and anything else json knows.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def document_record(project: Project, document: Document) -> dict[str, Any]:
    """``{"id", "type", "title", "status", "path", "url", "fields", "links", "backlinks",
    "derived"}``; ``derived`` holds the numbers of SPEC section 4 of the document's type
    (empty for the other types; null where one cannot be computed)."""
    doc_type = project.types[document.type]
    return {
        "id": document.id,
        "type": document.type,
        "title": document.title,
        "status": document.status,
        "path": document.path,
        "url": project.urls.of(document.path),
        "fields": _fields(document, doc_type),
        "links": _links(document, doc_type),
        "backlinks": _backlinks(project, document),
        "derived": dict(derived_values(project, document)),
    }


def _fields(document: Document, doc_type: DocType) -> dict[str, Any]:
    """Every front-matter value that is not a link or a top-level key, unknown ones included."""
    names = sorted(
        name for name in document.data if name not in TOP_LEVEL and name not in doc_type.links
    )
    return {name: _json_safe(document.data[name]) for name in names}


def _links(document: Document, doc_type: DocType) -> dict[str, list[str]]:
    """Every link field of the type with the ids written in it (none: an empty list)."""
    return {name: _ids(document.links.get(name, ())) for name in sorted(doc_type.links)}


def _backlinks(project: Project, document: Document) -> dict[str, list[str]]:
    """Ids of the documents linking here, grouped by the link's reverse label in English."""
    grouped: dict[str, list[str]] = {}
    for link in project.graph.links_to(document.id):
        source = project.graph.documents[link.source]
        label = project.types[source.type].links[link.field].reverse.en
        grouped.setdefault(label, []).append(link.source)
    return {label: _ids(grouped[label]) for label in sorted(grouped)}


def _ids(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=natural_key)


def _json_safe(value: Any) -> Any:
    """Values as JSON can hold them: ``.inf`` and ``.nan`` become text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    return value


# --- CSV ---------------------------------------------------------------------------------------


def backlink_labels(project: Project, doc_type: DocType) -> list[str]:
    """The reverse labels (English) of every link field that may point at ``doc_type``."""
    labels = {
        link.reverse.en
        for other in project.types.values()
        for link in other.links.values()
        if link.allows(doc_type.name)
    }
    return sorted(labels)


class CsvColumn(NamedTuple):
    """A CSV column: its header, and where its value sits in a document's `document_record`."""

    header: str
    part: str  # "record" (the top-level keys), "fields", "links", "derived" or "backlinks"
    key: str

    def value(self, record: dict[str, Any]) -> Any:
        return record[self.key] if self.part == "record" else record[self.part].get(self.key)


def csv_columns(project: Project, doc_type: DocType) -> list[CsvColumn]:
    """id, type, title, status, path, page_url, the fields, the links, the derived
    numbers of the type (``score``, ``band``, ``progress``, ...), the backlink labels.

    Fields are the type's own in schema order, then any unknown field some
    document of the type carries, by name. A field or link whose name another
    column has (an unknown field ``path``, a field named like a backlink
    label) is headed ``fields.<name>`` or ``links.<name>``: it is never
    dropped, and no header is there twice.
    """
    known = [name for name in doc_type.all_fields if name not in TOP_LEVEL]
    extra = sorted(
        {
            name
            for document in project.documents_of(doc_type.name)
            for name in document.data
            if name not in doc_type.known_fields
        }
    )
    labels = backlink_labels(project, doc_type)
    named = [("fields", name) for name in (*known, *extra)]
    named += [("links", name) for name in doc_type.links]
    named += [("derived", name) for name in DERIVED_FIELDS.get(doc_type.name, ())]
    headers = _headers(named, reserved={*CSV_BASE, *labels})
    return [
        *(CsvColumn(name, "record", _RECORD_KEYS.get(name, name)) for name in CSV_BASE),
        *(
            CsvColumn(header, part, name)
            for header, (part, name) in zip(headers, named, strict=True)
        ),
        *(CsvColumn(label, "backlinks", label) for label in labels),
    ]


def _headers(named: list[tuple[str, str]], reserved: set[str]) -> list[str]:
    """A header per (part, name): the name, or ``part.name`` when another column has it.

    Every name no other column has keeps its header, whatever else the
    documents hold; a prefixed one takes one more prefix until it is unique.
    """
    plain = {name for _, name in named} - reserved
    taken = reserved | plain
    headers = []
    for part, name in named:
        header = name
        if name not in plain:
            header = f"{part}.{name}"
            while header in taken:
                header = f"{part}.{header}"
            taken.add(header)
        headers.append(header)
    return headers


def export_csv(project: Project, type_name: str) -> str:
    """Every document of ``type_name`` as CSV: a header row, then one row per document."""
    doc_type = require_type(project.types, type_name)
    columns = csv_columns(project, doc_type)
    rows = [csv_row(column.header for column in columns)]
    for document in project.documents_of(doc_type.name):
        record = document_record(project, document)
        rows.append(csv_row(column.value(record) for column in columns))
    return "".join(rows)


def csv_row(values: Iterable[Any]) -> str:
    """One CSV record ending with ``\\n``: each value as spreadsheet text, quoted when it must be.

    Written here rather than by `csv.writer`, which quotes only the line
    terminator's characters: with ``\\n`` as terminator a bare CR stays
    unquoted, and spreadsheets start a new row there.
    """
    return ",".join([_quoted(_cell(value)) for value in values]) + "\n"


def _quoted(text: str) -> str:
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _cell(value: Any) -> str:
    """A value as spreadsheet text; text that would start a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(_is_scalar(item) for item in value):
        text = LIST_SEPARATOR.join(_cell(item) for item in value)
    elif isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    else:
        text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def write_csv_folder(project: Project, folder: Path) -> list[Path]:
    """Write ``<type>.csv`` for every type that has documents into ``folder``; return the paths.

    The folder is created when missing; `InputError` when it cannot be.
    """
    make_folder(folder)
    written = []
    for doc_type in project.types.values():
        if project.documents_of(doc_type.name):
            path = folder / f"{doc_type.name}.csv"
            write_text(path, export_csv(project, doc_type.name))
            written.append(path)
    return written


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with ``\\n`` line ends; `InputError` when that fails.

    A symbolic link is refused rather than written through: a link committed
    into the repository (a pull request checked in CI) could point at any
    file the job may write, or create one anywhere with a dangling target.
    """
    if path.is_symlink():
        raise InputError(
            f"{display_path(path)}: is a symbolic link; pmdocs writes no file through one"
        )
    if path.is_dir():
        raise InputError(f"{display_path(path)}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise InputError(f"{display_path(path.parent)}: the folder does not exist")
    try:
        # O_NOFOLLOW: a link put in its place after the check above is refused too.
        descriptor = os.open(path, _WRITE_FLAGS, 0o666)
        with open(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as error:
        raise InputError(
            f"{display_path(path)}: cannot write the file: {error.strerror or error}"
        ) from None
