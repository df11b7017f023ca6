"""`pmdocs query`: a page's query blocks or one --query, as text or JSON, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pmdocs.cli import main

PRD = "---\ntype: prd\nid: {id}\ntitle: {title}\nstatus: {status}\nowner: Ana\npriority: {p}\nkind: user\n---\n"
FILES = {
    "docs/index.md": "# Home\n",
    "docs/prd/1.md": PRD.format(id="PRD-001", title="Single sign-on", status="approved", p="P1")
    + "\nRisks here:\n\n```pmdocs\ntype: risk\nwhere: {linked: this}\nshow: list\n```\n",
    "docs/prd/2.md": PRD.format(id="PRD-002", title="Audit log", status="draft", p="P0"),
    "docs/risk/1.md": (
        "---\ntype: risk\nid: RISK-001\ntitle: Outage\nstatus: open\nowner: Bo\n"
        "likelihood: 4\nimpact: 4\nthreatens: [PRD-001]\n---\n"
    ),
    "docs/plan.md": (
        "# Plan\n\n```pmdocs\ntype: prd\nsort: priority\n```\n\n"
        "```pmdocs\ntype: prd\nshow: count\ngroup_by: priority\n```\n"
    ),
    "docs/broken.md": "# Broken\n\n```pmdocs\ntype: prd\nwhere: {priority: P9}\n```\n",
    "README.md": "# Readme\n\n```pmdocs\nshow: count\ntype: risk\n```\n",
}


def pmdocs(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def project(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(FILES)
    monkeypatch.chdir(root)
    return root


def test_text_of_a_page_with_a_table_and_a_count(project: Path) -> None:
    result = pmdocs("query", "docs/plan.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "docs/plan.md:4: table of prd: 2 documents\n"
        "id       title           status    priority  kind  owner\n"
        "PRD-002  Audit log       draft     P0        user  Ana\n"
        "PRD-001  Single sign-on  approved  P1        user  Ana\n"
        "\n"
        "docs/plan.md:9: count of prd: 2 documents\n"
        "2\n"
        "== priority: P0 (1)\n"
        "== priority: P1 (1)\n"
        "== priority: P2 (0)\n"
        "== priority: P3 (0)\n"
        "\n"
    )


def test_a_page_relative_to_the_docs_folder_knows_its_own_document(project: Path) -> None:
    result = pmdocs("query", "prd/1.md")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "docs/prd/1.md:14: list of risk: 1 document",
        "RISK-001  Outage  [open]",
    ]


def test_a_page_outside_the_docs_folder(project: Path) -> None:
    result = pmdocs("query", "README.md", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["queries"][0]["documents"] == ["RISK-001"]


def test_json_shape(project: Path) -> None:
    result = pmdocs("query", "docs/plan.md", "--format", "json")
    assert result.exit_code == 0, result.output
    queries = json.loads(result.stdout)["queries"]
    assert queries[0] == {
        "line": 4,
        "show": "table",
        "total": 2,
        "documents": ["PRD-002", "PRD-001"],
        "groups": [],
        "diagnostics": [],
    }
    assert queries[1]["groups"][:2] == [
        {"value": "P0", "documents": ["PRD-002"]},
        {"value": "P1", "documents": ["PRD-001"]},
    ]


def test_query_option(project: Path) -> None:
    result = pmdocs("query", "--query", "{type: prd, where: {status: draft}}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["queries"][0]["documents"] == ["PRD-002"]


def test_pm400_is_printed_as_check_prints_it_and_exits_1(project: Path) -> None:
    result = pmdocs("query", "docs/broken.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "docs/broken.md:5:19: error PM400 where: priority: 'P9' is not one of P0, P1, P2, P3"
    )
    as_json = json.loads(pmdocs("query", "docs/broken.md", "--format", "json").stdout)
    assert as_json["queries"][0]["show"] is None
    assert as_json["queries"][0]["diagnostics"][0]["code"] == "PM400"
    assert pmdocs("query", "--query", "[1, 2]").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query"], "give a FILE or --query"),
        (["query", "docs/plan.md", "--query", "{}"], "give a FILE or --query"),
        (["query", "docs/missing.md"], "docs/missing.md: no such file"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    result = pmdocs(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_help_lists_the_command(project: Path) -> None:
    assert "query" in pmdocs("--help").stdout
    assert '"queries"' in pmdocs("query", "--help").stdout
