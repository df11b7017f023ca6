"""PM400 for query blocks, as data (``tests/cases/queries/pm400.yml``), and through ``pmdocs check``.

Each case is a page with query blocks, in a site that also holds PRD-001 and
RISK-001; the PM400 diagnostics on that page must be exactly the ones listed,
as ``line:col PM400 message`` (line and column in the page's file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.project import load_project

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "queries" / "pm400.yml").read_text(encoding="utf-8")
)
BASE = {
    "docs/prd/one.md": (
        "---\ntype: prd\nid: PRD-001\ntitle: One\nstatus: draft\nowner: A\n"
        "priority: P1\nkind: user\n---\n"
    ),
    "docs/risk/one.md": (
        "---\ntype: risk\nid: RISK-001\ntitle: R\nstatus: open\nowner: A\n"
        "likelihood: 2\nimpact: 2\nthreatens: [PRD-001]\n---\n"
    ),
}
# A PM document whose body holds the case's page: its body starts at line 10.
DOCUMENT = (
    "---\ntype: prd\nid: PRD-900\ntitle: Page\nstatus: draft\nowner: A\n"
    "priority: P2\nkind: user\n---\n"
)


def page_text(case: dict[str, Any]) -> str:
    text: str = case["page"]
    for token, spec in (case.get("page_expand") or {}).items():
        text = text.replace(token, spec["repeat"] * spec["times"])
    return (DOCUMENT if case.get("document") else "") + text


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_pm400_case(make_site, case: dict[str, Any]) -> None:
    root = make_site({**BASE, "docs/page.md": page_text(case)})
    project = load_project(read_settings(root / "mkdocs.yml"))
    found = [
        f"{d.line}:{d.column} {d.code}{f' [{d.id}]' if d.id else ''} {d.message}"
        for d in project.diagnostics
        if d.file == "docs/page.md"
    ]
    assert found == case["expected"]
    assert all(d.code == "PM400" for d in project.diagnostics if d.file == "docs/page.md")
    failing = [q for q in project.queries_of("page.md") if q.diagnostics]
    assert all(q.query is None for q in failing)


def test_every_case_has_a_distinct_name() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)) and len(names) >= 20


def test_check_reports_pm400_in_an_ordinary_page(make_site, monkeypatch) -> None:
    page = "# Notes\n\nSome text.\n\n```pmdocs\ntype: prd\nwhere: {stauts: draft}\n```\n"
    root = make_site({**BASE, "docs/notes/plan.md": page})
    monkeypatch.chdir(root)
    text = CliRunner().invoke(main, ["check"])
    assert text.exit_code == 1
    assert text.stdout.splitlines()[0] == (
        "docs/notes/plan.md:7:9: error PM400 where: unknown field 'stauts' for prd "
        "(did you mean 'status'?)"
    )
    report = json.loads(CliRunner().invoke(main, ["check", "--format", "json"]).stdout)
    assert [(d["code"], d["file"], d["line"], d["column"]) for d in report["diagnostics"]] == [
        ("PM400", "docs/notes/plan.md", 7, 9)
    ]
    github = CliRunner().invoke(main, ["check", "--format", "github"]).stdout
    assert github.startswith("::error file=docs/notes/plan.md,line=7,col=9,title=PM400::")


def test_a_valid_query_gives_check_nothing_to_say(make_site, monkeypatch) -> None:
    page = "```pmdocs\ntype: prd\nwhere: {status: draft}\nsort: [-priority]\n```\n"
    root = make_site({**BASE, "docs/notes/plan.md": page})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.stdout
