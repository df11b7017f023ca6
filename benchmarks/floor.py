"""The floor: the least a checker must do, with the fastest parts available.

For every Markdown file under ``docs_dir``: read, decode, split the front
matter off, parse it with PyYAML's C loader (``yaml.load`` with a
``CSafeLoader``), validate it with a compiled jsonschema-rs validator of its
type, then resolve every link (link fields and inline ``[[ID]]`` references)
against the ids found. No line or column tracking, no YAML 1.2 meaning, no
limits, no messages: what is left is the cost a real checker cannot avoid.

``pmdocs check`` is compared with this per document (see bench_check.py).
Run ``python benchmarks/floor.py FOLDER`` (the folder holding mkdocs.yml) to
time it as a whole process.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

__all__ = ["FloorResult", "run_floor"]

BUILTIN_TYPES = Path(__file__).resolve().parent.parent / "pmdocs" / "builtin_types"
# The fields every type has, as pmdocs' doctypes.COMMON_FIELDS (copied, so the
# floor does not import pmdocs at all).
COMMON_FIELDS: dict[str, dict[str, Any]] = {
    "type": {"type": "string"},
    "id": {"type": "string"},
    "title": {"type": "string", "minLength": 1},
    "status": {"type": "string"},
    "owner": {"type": "string", "minLength": 1},
    "tags": {"type": "array", "items": {"type": "string"}},
    "created": {"type": "string", "format": "date"},
    "updated": {"type": "string", "format": "date"},
    "url": {"type": "string", "format": "uri"},
}
_REFERENCE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|[^\[\]\n]*)?\]\]")


class _Loader(yaml.CSafeLoader):  # type: ignore[misc]
    """The C safe loader, except that dates stay text (JSON Schema has no date type)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


class _Type:
    def __init__(self, data: dict[str, Any]) -> None:
        fields = {**COMMON_FIELDS, "status": {"type": "string", "enum": data["statuses"]}}
        fields.update(data.get("fields") or {})
        self.fields = fields
        self.links = {
            name: set(spec["targets"]) for name, spec in (data.get("links") or {}).items()
        }
        schema = {"type": "object", "properties": fields}
        self.validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=False)


def load_floor_types(folder: Path = BUILTIN_TYPES) -> dict[str, _Type]:
    types = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        types[data["type"]] = _Type(data)
    return types


class FloorResult:
    """What the floor found: counts only."""

    def __init__(self) -> None:
        self.files = 0
        self.documents = 0
        self.schema_errors = 0
        self.broken_links = 0
        self.links = 0


def run_floor(docs_dir: Path, types: dict[str, _Type] | None = None) -> FloorResult:
    """Read, split, parse, validate and resolve every document under ``docs_dir``."""
    types = types or load_floor_types()
    result = FloorResult()
    type_of: dict[str, str] = {}
    pending: list[tuple[str, str, list[str]]] = []  # (source type, field, targets)
    references: list[str] = []
    for path in _markdown_files(docs_dir):
        result.files += 1
        text = path.read_bytes().decode("utf-8-sig")
        if not text.startswith("---\n"):
            references.extend(_REFERENCE.findall(text))
            continue
        end = text.find("\n---\n", 3)
        data = yaml.load(text[4:end], Loader=_Loader)
        references.extend(_REFERENCE.findall(text, end))
        doc_type = types.get(data.get("type")) if isinstance(data, dict) else None
        if doc_type is None:
            continue
        result.documents += 1
        type_of[data["id"]] = data["type"]
        present = {k: v for k, v in data.items() if v is not None and k in doc_type.fields}
        result.schema_errors += sum(1 for _ in doc_type.validator.iter_errors(present))
        for name in doc_type.links:
            value = data.get(name)
            if value is not None:
                targets = [value] if isinstance(value, str) else value
                pending.append((data["type"], name, targets))
                result.links += len(targets)
    for source_type, name, targets in pending:
        allowed = types[source_type].links[name]
        for target in targets:
            target_type = type_of.get(target)
            if target_type is None or ("any" not in allowed and target_type not in allowed):
                result.broken_links += 1
    result.broken_links += sum(1 for ref in references if ref.strip() not in type_of)
    return result


def _markdown_files(docs_dir: Path) -> list[Path]:
    found = []
    for folder, subfolders, names in os.walk(docs_dir):
        subfolders.sort()
        found.extend(Path(folder, name) for name in sorted(names) if name.endswith(".md"))
    return found


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    result = run_floor(folder / "docs")
    print(
        f"floor: {result.documents} documents, {result.links} links, "
        f"{result.schema_errors} schema errors, {result.broken_links} unresolved "
        "(inline references in code included: the floor does not tell code from text)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
