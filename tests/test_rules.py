"""Team rules (PM300, PM301): the option's format, its errors, and what `pmdocs check` reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import TODAY, WriteProject

from pmdocs.cli import main
from pmdocs.core.config import settings_from_options
from pmdocs.core.diagnostics import Severity
from pmdocs.core.doctypes import ConfigError
from pmdocs.core.rules import Rule, parse_rules


def doc(doc_type: str, doc_id: str, title: str, status: str, **fields: object) -> str:
    """A PM document whose front matter holds ``fields`` (JSON values are YAML too)."""
    data = {"type": doc_type, "id": doc_id, "title": title, "status": status, **fields}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def prd(doc_id: str, priority: str, **fields: object) -> str:
    return doc("prd", doc_id, f"Requirement {doc_id}", "approved",
               priority=priority, kind="user", owner="Ann", **fields)  # fmt: skip


def risk(doc_id: str, status: str, **fields: object) -> str:
    return doc("risk", doc_id, f"Risk {doc_id}", status, owner="Di", likelihood=2, impact=3,
               **fields)  # fmt: skip


FILES = {
    "docs/prd/covered.md": prd("PRD-001", "P0"),
    "docs/prd/half.md": prd("PRD-002", "P1"),
    "docs/prd/bare.md": prd("PRD-003", "P0", tags=["security"]),
    "docs/prd/low.md": prd("PRD-004", "P2"),
    # PRD-001 is covered from the other side: the design and the release declare the links.
    "docs/design/one.md": doc("design", "DES-001", "Design", "draft", owner="Bo",
                              implements=["PRD-001", "PRD-002"]),
    "docs/release/one.md": doc("release", "REL-001", "1.0", "planned", version="1.0",
                               date="2026-12-01", includes=["PRD-001"]),
    "docs/risk/open.md": risk("RISK-001", "open"),
    "docs/risk/blank.md": risk("RISK-002", "open", mitigation="  "),
    "docs/risk/ok.md": risk("RISK-003", "open", mitigation="Pair up."),
    "docs/risk/closed.md": risk("RISK-004", "closed"),
}  # fmt: skip

TEAM_RULES = [
    {"type": "prd", "where": {"priority": ["P0", "P1"]}, "require": ["design", "release"]},
    {
        "name": "open risks are mitigated",
        "type": "risk",
        "where": {"status": "open"},
        "require_fields": ["mitigation"],
        "severity": "warning",
    },
]


def config_with(rules: Any) -> dict[str, Any]:
    return {"plugins": ["search", {"pmdocs": {"today": TODAY, "rules": rules}}]}


def check(root: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["check", "-f", str(root / "mkdocs.yml"), *options])


def test_check_reports_each_missing_link_and_field(make_site: WriteProject) -> None:
    result = check(make_site(FILES, config_with(TEAM_RULES)))
    assert result.output.splitlines() == [
        "docs/prd/bare.md:1:1: error PM300 [PRD-003] no linked design;"
        " rule 1 (prd where priority is P0 or P1) requires at least one",
        "docs/prd/bare.md:1:1: error PM300 [PRD-003] no linked release;"
        " rule 1 (prd where priority is P0 or P1) requires at least one",
        "docs/prd/half.md:1:1: error PM300 [PRD-002] no linked release;"
        " rule 1 (prd where priority is P0 or P1) requires at least one",
        "docs/risk/blank.md:1:1: warning PM301 [RISK-002] mitigation: 'mitigation' is missing"
        " or empty; rule 'open risks are mitigated' requires it",
        "docs/risk/open.md:1:1: warning PM301 [RISK-001] mitigation: 'mitigation' is missing"
        " or empty; rule 'open risks are mitigated' requires it",
        "pmdocs: 10 documents, 3 errors, 2 warnings",
    ]
    assert result.exit_code == 1


def test_warning_rules_fail_only_with_strict(make_site: WriteProject) -> None:
    root = make_site(FILES, config_with(TEAM_RULES[1:]))
    assert check(root).exit_code == 0
    assert check(root, "--strict").exit_code == 1


def test_json_output_carries_code_id_and_field(make_site: WriteProject) -> None:
    result = check(make_site(FILES, config_with(TEAM_RULES[1:])), "--format", "json")
    report = json.loads(result.output)
    assert report["diagnostics"][0] == {
        "severity": "warning",
        "code": "PM301",
        "file": "docs/risk/blank.md",
        "line": 1,
        "column": 1,
        "id": "RISK-002",
        "field": "mitigation",
        "message": "'mitigation' is missing or empty; rule 'open risks are mitigated' requires it",
    }


def test_without_rules_the_same_documents_pass(make_site: WriteProject) -> None:
    result = check(make_site(FILES))
    assert result.output == "pmdocs: 10 documents, 0 errors, 0 warnings\n"
    assert result.exit_code == 0


def test_rule_without_where_covers_every_document_of_the_type(make_site: WriteProject) -> None:
    rules = [{"type": "prd", "require_fields": ["sources"]}]
    files = {
        "docs/a.md": prd("PRD-001", "P3", sources=[]),
        "docs/b.md": prd("PRD-002", "P3", sources=["RES-001"]),
        "docs/r.md": doc("research", "RES-001", "Survey", "done", method="mixed"),
    }
    result = check(make_site(files, config_with(rules)))
    assert result.output.splitlines()[:-1] == [
        "docs/a.md:1:1: error PM301 [PRD-001] sources: 'sources' is missing or empty;"
        " rule 1 (every prd) requires it",
    ]


def test_where_matches_any_item_of_a_list_field(make_site: WriteProject) -> None:
    rules = [{"type": "prd", "where": {"tags": "security"}, "require": "design"}]
    result = check(make_site(FILES, config_with(rules)))
    assert [line.split(":")[0] for line in result.output.splitlines()[:-1]] == ["docs/prd/bare.md"]
    assert "rule 1 (prd where tags is security)" in result.output


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("prd", "pmdocs rules must be a list of rules, each a mapping"),
        (["prd"], "rule 1: must be a mapping with type and require or require_fields"),
        ([{"type": "prd", "requires": ["design"]}], "rule 1: unknown key requires (did you mean"
                                                    " 'require'?); keys: name, type, where,"),
        ([{"require": ["design"]}], "rule 1: type must name a document type, e.g. type: prd"),
        ([{"type": "prd"}], "rule 1: needs require (types to link) or require_fields"),
        ([{"type": "prd", "require": [1]}], "rule 1: require must be a list of names"),
        ([{"type": "prd", "require": "design", "severity": "fatal"}],
         "rule 1: severity must be error or warning, not 'fatal'"),
        ([{"type": "prd", "require": "design", "where": ["P0"]}],
         "rule 1: where must map fields to allowed values"),
        ([{"type": "prd", "require": "design", "where": {"priority": [["P0"]]}}],
         "rule 1: where.priority must be a value or a list of values"),
    ],
)  # fmt: skip
def test_malformed_rules_are_configuration_errors(rules: Any, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_options(Path("/site"), Path("/site/docs"), {"rules": rules})
    assert caught.value.file == "mkdocs.yml"
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"type": "prq", "require": ["design"]},
         "rule 1: type names unknown type 'prq' (did you mean 'prd'?); types: research,"),
        ({"type": "prd", "require": ["desing"]},
         "rule 1: require names unknown type 'desing' (did you mean 'design'?)"),
        ({"type": "prd", "require": ["budget"]},
         "rule 1: require names budget, but no link field connects prd and budget"),
        ({"type": "prd", "where": {"priorty": "P0"}, "require": ["design"]},
         "rule 1: where names 'priorty', not a field of prd (did you mean 'priority'?)"),
        ({"type": "prd", "where": {"priority": ["P0", "P5"]}, "require": ["design"]},
         "rule 1: where.priority: 'P5' is not one of P0, P1, P2, P3"),
        ({"type": "risk", "where": {"status": "opened"}, "require_fields": ["mitigation"]},
         "rule 1: where.status: 'opened' is not one of open, mitigating, accepted, closed"),
        ({"type": "compliance", "where": {"jurisdiction": False}, "require": ["prd"]},
         "rule 1: where.jurisdiction: YAML read a value as true/false; quote it, e.g. 'NO'"),
        ({"type": "risk", "require_fields": ["mitigaton"]},
         "rule 1: require_fields names 'mitigaton', not a field of risk (did you mean"),
    ],
)  # fmt: skip
def test_rules_the_types_refute_stop_check_with_exit_2(
    make_site: WriteProject, rule: dict[str, Any], message: str
) -> None:
    result = check(make_site(FILES, config_with([rule])))
    assert result.exit_code == 2
    assert result.output.startswith("pmdocs: error: mkdocs.yml: pmdocs rules, ")
    assert message in result.output


def test_parsed_rules_keep_their_place_and_defaults() -> None:
    rules = parse_rules(
        [
            {"type": "prd", "require": "design"},
            {
                "type": "risk",
                "where": {"likelihood": [4, 5]},
                "require_fields": ["mitigation"],
                "severity": "warning",
                "name": " likely risks ",
            },
        ]
    )
    assert rules == (
        Rule(index=1, type="prd", require=("design",)),
        Rule(
            index=2,
            type="risk",
            where=(("likelihood", (4, 5)),),
            require_fields=("mitigation",),
            severity=Severity.WARNING,
            name="likely risks",
        ),
    )
    assert rules[0].label == "rule 1 (every prd)"
    assert rules[1].label == "rule 'likely risks'"
    assert parse_rules(None) == ()


def test_where_compares_numbers(make_site: WriteProject) -> None:
    rules = [{"type": "risk", "where": {"impact": 3}, "require_fields": ["mitigation"]}]
    files = {"docs/r.md": risk("RISK-001", "open"), "docs/s.md": risk("RISK-002", "open")}
    files["docs/s.md"] = files["docs/s.md"].replace("impact: 3", "impact: 1")
    result = check(make_site(files, config_with(rules)))
    assert [line.split(":")[0] for line in result.output.splitlines()[:-1]] == ["docs/r.md"]
