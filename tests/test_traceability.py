"""The traceability page: rows, coverage figures and loose ends, on small projects."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from pathlib import Path

import markdown
import pytest
from conftest import WriteProject, assert_snapshot

from pmdocs.core.config import read_settings
from pmdocs.core.model import Document
from pmdocs.core.project import Project, load_project
from pmdocs.views import ViewContext
from pmdocs.views.traceability import (
    Coverage,
    coverage,
    find_orphans,
    percent_text,
    render_page,
    trace_rows,
)

TODAY = datetime.date(2026, 11, 27)
SNAPSHOTS = Path(__file__).parent / "snapshots"


def doc(doc_type: str, doc_id: str, title: str, status: str, **fields: object) -> str:
    """A PM document whose front matter holds ``fields`` (JSON values are YAML too)."""
    data = {"type": doc_type, "id": doc_id, "title": title, "status": status, **fields}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def prd(doc_id: str, title: str, priority: str, **links: object) -> str:
    return doc(
        "prd", doc_id, title, "approved", priority=priority, kind="user", owner="Ann", **links
    )


FILES = {
    # Requirements, written out of order: the page sorts them naturally.
    "docs/prd/big.md": prd("PRD-1000", "Big numbers", "P2"),
    "docs/prd/sso.md": prd("PRD-001", "Single sign-on", "P0", sources=["RES-001", "CN-003"]),
    "docs/prd/audit.md": prd("PRD-002", "Audit log", "P1"),
    "docs/prd/export.md": prd("PRD-101", "CSV export", "P2", sources="FB-001"),
    # Sources: declared by the requirement, by the source, or both (counted once).
    "docs/research/survey.md": doc("research", "RES-001", "Survey", "done", method="mixed"),
    "docs/customers/acme.md": doc(
        "customer-note", "CN-001", "Acme wants audit", "open",
        customer="Acme", segment="A", date="2026-05-01", requests=["PRD-002"],
    ),
    "docs/customers/lone.md": doc(
        "customer-note", "CN-002", "Nobody asked", "open",
        customer="Lone", segment="C", date="2026-05-02",
    ),
    "docs/customers/both.md": doc(
        "customer-note", "CN-003", "Both ways", "open",
        customer="Both", segment="B", date="2026-05-03", requests=["PRD-001"],
    ),
    "docs/feedback/export.md": doc(
        "feedback", "FB-001", "Export is broken", "new", channel="support", received="2026-06-01",
    ),
    "docs/feedback/release.md": doc(
        "feedback", "FB-002", "Love the release", "new",
        channel="survey", received="2026-06-02", relates_to=["REL-001"],
    ),
    # What delivers, plans, measures and threatens them.
    "docs/design/sso.md": doc("design", "DES-001", "SSO wizard", "approved", owner="Bo",
                              implements=["PRD-001"]),
    "docs/delivery/ms.md": doc("milestone", "MS-001", "Beta", "planned", owner="Cy",
                               due="2026-12-01", covers=["PRD-002", "PRD-001"]),
    "docs/delivery/rel.md": doc("release", "REL-001", "2.0", "planned", version="2.0",
                                date="2026-12-15", includes=["PRD-001", "PRD-1000"]),
    "docs/metrics/adoption.md": doc("metric", "MET-001", "SSO adoption", "tracking", unit="%",
                                    target=60, measures=["PRD-001"]),
    "docs/risks/key.md": doc("risk", "RISK-001", "Key person", "open", owner="Di",
                             likelihood=3, impact=4, threatens=["PRD-001"]),
    "docs/risks/blank.md": doc("risk", "RISK-002", "Blank mitigation", "open", owner="Di",
                               likelihood=2, impact=2, mitigation="   "),
    "docs/risks/done.md": doc("risk", "RISK-003", "Mitigated", "open", owner="Di",
                              likelihood=2, impact=2, mitigation="Pair up."),
    "docs/risks/closed.md": doc("risk", "RISK-004", "Closed", "closed", owner="Di",
                                likelihood=1, impact=1),
}  # fmt: skip


def load(make_site: WriteProject, files: dict[str, str]) -> Project:
    root = make_site(files)
    project = load_project(read_settings(root / "mkdocs.yml"))
    assert project.errors == []
    return project


@pytest.fixture
def project(make_site: WriteProject) -> Project:
    return load(make_site, FILES)


def ids(documents: Iterable[Document]) -> list[str]:
    return [d.id for d in documents]


def test_one_row_per_requirement_in_natural_id_order(project: Project) -> None:
    rows = trace_rows(project)
    assert ids(row.requirement for row in rows) == ["PRD-001", "PRD-002", "PRD-101", "PRD-1000"]


def test_rows_hold_links_declared_on_either_side_once(project: Project) -> None:
    rows = {row.requirement.id: row for row in trace_rows(project)}
    sso = rows["PRD-001"]
    assert ids(sso.sources) == ["RES-001", "CN-003"]  # CN-003 links both ways: shown once
    assert ids(sso.designs) == ["DES-001"]
    assert ids(sso.milestones) == ["MS-001"]
    assert ids(sso.releases) == ["REL-001"]
    assert ids(sso.metrics) == ["MET-001"]
    assert ids(sso.risks) == ["RISK-001"]
    audit = rows["PRD-002"]
    assert ids(audit.sources) == ["CN-001"]  # declared only by the customer note
    assert ids(audit.milestones) == ["MS-001"]
    assert (audit.designs, audit.releases, audit.metrics, audit.risks) == ((), (), (), ())
    assert ids(rows["PRD-101"].sources) == ["FB-001"]
    assert ids(rows["PRD-1000"].releases) == ["REL-001"]
    assert rows["PRD-1000"].sources == ()


def test_coverage_counts_requirements_with_at_least_one(project: Project) -> None:
    figures = coverage(trace_rows(project))
    assert figures == [
        Coverage("designs", "all", 1, 4),
        Coverage("releases", "all", 2, 4),
        Coverage("metrics", "all", 1, 4),
        Coverage("designs", "top", 1, 2),
        Coverage("releases", "top", 1, 2),
        Coverage("metrics", "top", 1, 2),
    ]
    assert [percent_text(f) for f in figures] == ["25%", "50%", "25%", "50%", "50%", "50%"]


def test_percentages_never_round_to_all_or_nothing() -> None:
    assert percent_text(Coverage("designs", "all", 0, 0)) == "—"
    assert percent_text(Coverage("designs", "all", 0, 7)) == "0%"
    assert percent_text(Coverage("designs", "all", 1, 1000)) == "<1%"
    assert percent_text(Coverage("designs", "all", 999, 1000)) == ">99%"
    assert percent_text(Coverage("designs", "all", 2, 3)) == "67%"
    assert percent_text(Coverage("designs", "all", 5, 5)) == "100%"


def test_orphans(project: Project) -> None:
    orphans = find_orphans(project, trace_rows(project))
    assert ids(orphans.requirements_without_source) == ["PRD-1000"]
    assert ids(orphans.unlinked_customer_notes) == ["CN-002"]
    assert ids(orphans.unlinked_feedback) == ["FB-002"]  # linked to a release, not a requirement
    assert ids(orphans.unmitigated_open_risks) == ["RISK-001", "RISK-002"]  # blank is none


def test_empty_project_renders_without_requirements(make_site: WriteProject) -> None:
    project = load(make_site, {"docs/index.md": "# Home\n"})
    page = render_page(ViewContext(project, "pm/traceability.md", "en", TODAY))
    assert "No requirements yet." in page
    assert page.count("None.") == 4
    assert 'data-covered="0" data-total="0"' in page


def test_page_links_every_document_from_its_own_folder(project: Project) -> None:
    page = render_page(ViewContext(project, "pm/traceability.md", "en", TODAY))
    assert (
        '<div class="pmdocs-table-wrap">\n<table class="pmdocs-table pmdocs-trace"'
        ' data-pmdocs-interactive data-language="en">' in page
    )
    assert (
        'href="../../prd/sso/"><span class="pmdocs-ref__id">PRD-001</span> Single sign-on' in page
    )
    row_ids = re.findall(r'<tr data-id="([^"]+)">', page)
    assert row_ids == ["PRD-001", "PRD-002", "PRD-101", "PRD-1000"]


def test_page_is_markdown_with_raw_html_blocks(project: Project) -> None:
    """Headings stay Markdown (for the table of contents); no blank line splits an HTML block."""
    page = render_page(ViewContext(project, "pm/traceability.md", "en", TODAY))
    blocks = page.strip().split("\n\n")
    assert blocks[0] == "# Traceability"
    for block in blocks[1:]:
        assert block.startswith(("## ", "### ", "<div", "<p", "<ul")), block[:40]
    html = markdown.markdown(page, extensions=["toc", "tables"])
    assert '<h2 id="coverage">Coverage</h2>' in html
    assert html.count("<table") == 2


def test_titles_stay_text(make_site: WriteProject) -> None:
    hostile = "<script>alert(1)</script> | a & b"
    project = load(make_site, {
        "docs/prd/x.md": prd("PRD-001", hostile, "P0", sources=["CN-001"]),
        "docs/cn.md": doc("customer-note", "CN-001", "Pipe | <b>bold</b>", "open",
                          customer="X", segment="A", date="2026-01-01"),
    })  # fmt: skip
    page = render_page(ViewContext(project, "pm/traceability.md", "en", TODAY))
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | a &amp; b" in page
    html = markdown.markdown(page, extensions=["tables"])
    assert "<script>" not in html
    row = re.search(r'<tr data-id="PRD-001">(.*?)</tr>', html, re.S)
    assert row is not None and row.group(1).count("<td") == 9  # the pipe split no cell


@pytest.mark.parametrize("language", ["en", "zh"])
def test_page_snapshot(project: Project, language: str) -> None:
    page = render_page(ViewContext(project, "pm/traceability.md", language, TODAY))
    assert_snapshot(SNAPSHOTS / f"traceability.{language}.md", page)
