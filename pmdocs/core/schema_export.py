"""JSON Schemas (draft 2020-12) of the document types, for editors and other tools.

One schema per type describes a document's front matter as data: the
common fields, the type's own fields as written in its type file, and each
link field as one id or a list of ids. Unknown fields stay allowed (pmdocs
only warns about them), so the schema never rejects what `pmdocs check`
accepts for a valid document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pmdocs.core.authoring import require_type
from pmdocs.core.doctypes import DocType, LinkSpec, TypeSet, field_resource, uses_references
from pmdocs.core.export import make_folder, write_text

__all__ = ["DRAFT", "schema_file_name", "schemas_json", "type_schema", "write_schemas"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_COMMON_DESCRIPTIONS = {
    "type": "Document type.",
    "title": "Title shown on the site; not empty.",
    "owner": "Person or team responsible.",
    "tags": "Free-form tags.",
    "created": "Date the document was created (YYYY-MM-DD).",
    "updated": "Date the document was last updated (YYYY-MM-DD).",
    "url": "Link to the artefact elsewhere: http(s), mailto or relative.",
}


def type_schema(doc_type: DocType, types: TypeSet) -> dict[str, Any]:
    """The JSON Schema of the front matter of a ``doc_type`` document."""
    properties: dict[str, Any] = {}
    for name, schema in doc_type.all_fields.items():
        # A field's local references resolve in its own schema, as pmdocs checks them.
        own = field_resource(name, schema) if uses_references(schema) else dict(schema)
        properties[name] = _with_description(name, own)
    properties["type"] = {"const": doc_type.name, "description": _COMMON_DESCRIPTIONS["type"]}
    properties["id"] = {
        "type": "string",
        "pattern": f"^(?:{doc_type.id_pattern})$",
        "description": f"Unique id across the site, matching {doc_type.id_pattern}.",
    }
    properties["status"] = {
        "type": "string",
        "enum": list(doc_type.statuses),
        "description": "Status: " + ", ".join(doc_type.statuses) + ".",
    }
    for name, link in doc_type.links.items():
        properties[name] = _link_schema(link, types)
    return {
        "$schema": DRAFT,
        "title": f"pmdocs {doc_type.name}: {doc_type.labels.en} / {doc_type.labels.zh}",
        "description": (
            f"Front matter of a pmdocs document of type {doc_type.name} "
            f"({doc_type.labels.en}, {doc_type.labels.zh})."
        ),
        "type": "object",
        "properties": properties,
        "required": list(doc_type.required_fields),
        "additionalProperties": True,
    }


def _with_description(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("format") == "uri":
        schema["format"] = "uri-reference"  # pmdocs accepts relative URLs too
    if "description" not in schema and name in _COMMON_DESCRIPTIONS:
        schema["description"] = _COMMON_DESCRIPTIONS[name]
    return schema


def _link_schema(link: LinkSpec, types: TypeSet) -> dict[str, Any]:
    """One id or a list of ids; each id must match the id pattern of a type it may link to."""
    item: dict[str, Any] = {"type": "string", "minLength": 1}
    if "any" not in link.targets:
        patterns = [types[target].id_pattern for target in link.targets if target in types]
        item["pattern"] = "^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$"
    targets = "any type" if "any" in link.targets else ", ".join(link.targets)
    return {
        "description": (
            f"{link.label.en}: ids of {targets}; shown on each target as "
            f"'{link.reverse.en}' ({link.reverse.zh})."
        ),
        "anyOf": [item, {"type": "array", "items": item}],
    }


def schema_file_name(type_name: str) -> str:
    return f"{type_name}.schema.json"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def schemas_json(types: TypeSet, type_name: str | None = None) -> str:
    """One type's schema, or every type's as one object keyed by type name (function order)."""
    if type_name is not None:
        return _dump(type_schema(require_type(types, type_name), types))
    return _dump({name: type_schema(doc_type, types) for name, doc_type in types.items()})


def write_schemas(types: TypeSet, folder: Path, type_name: str | None = None) -> list[Path]:
    """Write ``<type>.schema.json`` files into ``folder`` (created if missing); return the paths."""
    chosen = [require_type(types, type_name)] if type_name else list(types.values())
    make_folder(folder)
    written = []
    for doc_type in chosen:
        path = folder / schema_file_name(doc_type.name)
        write_text(path, _dump(type_schema(doc_type, types)))
        written.append(path)
    return written
