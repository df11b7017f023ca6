"""`pmdocs schema`: draft 2020-12 schemas that editors and other tools can use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from pmdocs.cli import main
from pmdocs.core.frontmatter import split_source

OKR_REVIEW_TYPE = r"""type: okr-review
labels: {en: OKR review, zh: OKR 复盘}
function: strategy
id_pattern: 'OKRR-\d{3,}'
statuses: [draft, final]
fields:
  quarter: {type: string, pattern: '^[0-9]{4}-Q[1-4]$'}
  score: {type: number, minimum: 0, maximum: 1}
required: [quarter, score]
links:
  reviews:
    targets: [objective]
    label: {en: Reviews, zh: 复盘对象}
    reverse: {en: Reviewed in, zh: 被复盘于}
"""


def pmdocs(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), *args])


@pytest.fixture
def project(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/okr-review.yml": OKR_REVIEW_TYPE},
        {"plugins": [{"pmdocs": {"today": "2026-11-27", "schemas": "schemas"}}]},
    )
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def schemas(project: Path) -> dict[str, Any]:
    result = pmdocs(project, "schema")
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def front_matter(path: Path) -> dict[str, Any]:
    source = split_source(path.name, path.read_text(encoding="utf-8"))
    assert source.front_matter is not None
    return source.front_matter.data


def test_every_schema_is_valid_draft_2020_12(schemas: dict[str, Any]) -> None:
    assert len(schemas) == 19  # the 18 built-in types and the project's own
    assert list(schemas)[:3] == ["research", "roadmap", "prd"]  # function order
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_document_pmdocs_new_writes_is_accepted(project: Path, schemas) -> None:
    for type_name, schema in schemas.items():
        path = project / pmdocs(project, "new", type_name, f"A {type_name}").stdout.strip()
        data = front_matter(path)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
        assert errors == [], (type_name, errors)


def test_a_filled_in_document_is_accepted(schemas: dict[str, Any]) -> None:
    document = {
        "type": "prd",
        "id": "PRD-012",
        "title": "Single sign-on",
        "status": "approved",
        "owner": "Ana",
        "priority": "P0",
        "kind": "business",
        "sources": ["RES-001", "CN-004"],
        "depends_on": "PRD-003",
        "tags": ["identity"],
        "created": "2026-06-12",
        "url": "../designs/sso.pdf",
        "custom_note": "unknown fields stay allowed",
    }
    jsonschema.validate(document, schemas["prd"], cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("change", "keyword"),
    [
        ({"status": "done"}, "enum"),
        ({"priority": "P5"}, "enum"),
        ({"id": "PRD-12"}, "pattern"),
        ({"id": "XPRD-012"}, "pattern"),
        ({"type": "design"}, "const"),
        ({"sources": ["PRD-001"]}, "anyOf"),  # a prd is no source of a prd
        ({"tags": "identity"}, "type"),
        ({"owner": None}, "type"),
    ],
)
def test_a_bad_document_is_rejected(schemas, change: dict[str, Any], keyword: str) -> None:
    document = {
        "type": "prd",
        "id": "PRD-012",
        "title": "Single sign-on",
        "status": "draft",
        "owner": "Ana",
        "priority": "P0",
        "kind": "user",
    }
    errors = list(jsonschema.Draft202012Validator(schemas["prd"]).iter_errors(document | change))
    assert [error.validator for error in errors] == [keyword]


def test_a_missing_required_field_is_rejected(schemas: dict[str, Any]) -> None:
    risk = {"type": "risk", "id": "RISK-001", "title": "Churn", "status": "open", "impact": 3}
    errors = jsonschema.Draft202012Validator(schemas["risk"]).iter_errors(risk)
    assert sorted(error.message for error in errors) == [
        "'likelihood' is a required property",
        "'owner' is a required property",
    ]


def test_custom_types_keep_their_own_fields(schemas: dict[str, Any]) -> None:
    schema = schemas["okr-review"]
    assert schema["properties"]["quarter"] == {"type": "string", "pattern": "^[0-9]{4}-Q[1-4]$"}
    assert schema["required"] == ["type", "id", "title", "status", "quarter", "score"]
    assert "Reviewed in" in schema["properties"]["reviews"]["description"]


def test_one_type_prints_that_schema(project: Path, schemas) -> None:
    result = pmdocs(project, "schema", "risk")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schemas["risk"]


def test_output_folder_gets_one_file_per_type(project: Path, schemas) -> None:
    result = pmdocs(project, "schema", "-o", "editor/schemas")
    assert result.exit_code == 0, result.output
    written = result.stdout.splitlines()
    assert written[0] == "editor/schemas/research.schema.json" and len(written) == 19
    for type_name, schema in schemas.items():
        path = project / "editor" / "schemas" / f"{type_name}.schema.json"
        assert json.loads(path.read_text(encoding="utf-8")) == schema
    one = pmdocs(project, "schema", "prd", "-o", "one")
    assert one.stdout == "one/prd.schema.json\n"


def test_bad_input_is_one_line_and_exit_2(project: Path) -> None:
    (project / "taken").write_text("a file\n")
    for args, message in (
        (["schema", "prd-x"], "unknown type 'prd-x' (did you mean 'prd'?)"),
        (["schema", "-o", "taken"], "taken: cannot create the folder: a file has its name"),
    ):
        result = pmdocs(project, *args)
        assert result.exit_code == 2 and result.stdout == "", args
        assert result.stderr.startswith(f"pmdocs: error: {message}")
        assert len(result.stderr.splitlines()) == 1


def test_a_schema_file_that_is_a_symbolic_link_is_refused(project: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (project / "editor").mkdir()
    (project / "editor" / "prd.schema.json").symlink_to(victim)
    for args in (["schema", "-o", "editor"], ["schema", "prd", "-o", "editor"]):
        result = pmdocs(project, *args)
        assert result.exit_code == 2, args
        assert result.stderr == (
            "pmdocs: error: editor/prd.schema.json: is a symbolic link; "
            "pmdocs writes no file through one\n"
        )
    assert victim.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("name", ["../escape", "a/b", "/tmp/escape", "..", "x/../../escape"])
def test_a_type_name_cannot_write_outside_the_schema_folder(make_site, name: str) -> None:
    hostile = OKR_REVIEW_TYPE.replace("type: okr-review", f"type: {json.dumps(name)}")
    root = make_site(
        {"docs/index.md": "# Home\n", "schemas/hostile.yml": hostile},
        {"plugins": [{"pmdocs": {"schemas": "schemas"}}]},
    )
    result = pmdocs(root, "schema", "-o", str(root / "out" / "schemas"))
    assert result.exit_code == 2
    assert result.stderr.startswith("pmdocs: error: ")
    assert "schemas/hostile.yml: type must be a lowercase name" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["docs", "mkdocs.yml", "schemas"]
    assert not Path("/tmp/escape.schema.json").exists()
