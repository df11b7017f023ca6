"""What a query block shows, byte for byte: each ``show`` in English and Chinese, and the
promises around them (escaping, board order, the chart's numbers, empty and limited results).

Regenerate the snapshots with ``PMDOCS_UPDATE_SNAPSHOTS=1 python -m pytest
tests/test_query_views.py`` and review the diff of ``tests/snapshots/query/``.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from conftest import assert_snapshot, load_documents

from pmdocs.core.project import Project
from pmdocs.core.query import Query, parse_query
from pmdocs.site.queries import query_marker, replace_query_blocks
from pmdocs.views import ViewContext
from pmdocs.views.query import count_text, render_query

SNAPSHOTS = Path(__file__).parent / "snapshots" / "query"
TODAY = datetime.date(2026, 11, 27)


def prd(number: int, title: str, status: str, priority: str, owner: str = "Ana") -> str:
    return (
        f"---\ntype: prd\nid: PRD-{number:03}\ntitle: {title}\nstatus: {status}\n"
        f"priority: {priority}\nkind: user\nowner: {owner}\n---\n\nBody.\n"
    )


DOCUMENTS = {
    "prd/sso.md": prd(1, "Single sign-on", "approved", "P0", "Ana Silva"),
    "prd/audit.md": prd(2, '"<script>alert(1)</script> & | audit"', "draft", "P1", "Bo"),
    "prd/reports.md": prd(3, "单点登录报表", "in-progress", "P0", "李雷"),
    "prd/export.md": prd(10, "CSV export", "review", "P2"),
    "prd/mobile.md": prd(4, "Mobile", "draft", "P3"),
    "release/r1.md": (
        "---\ntype: release\nid: REL-001\ntitle: Release one\nstatus: planned\n"
        'version: "1.0"\ndate: 2027-01-20\nincludes: [PRD-001, PRD-003]\n---\n'
    ),
    "risk/r1.md": (
        "---\ntype: risk\nid: RISK-001\ntitle: Slow IdP\nstatus: open\nowner: Bo\n"
        "likelihood: 4\nimpact: 4\nthreatens: [REL-001]\n---\n"
    ),
    "risk/r2.md": (
        "---\ntype: risk\nid: RISK-002\ntitle: Late audit\nstatus: closed\nowner: Bo\n"
        "likelihood: 1\nimpact: 2\nthreatens: [REL-001]\n---\n"
    ),
    "index.md": "# Home\n",
}

QUERIES = {
    "table": "type: prd\nsort: [priority]\ncolumns: [id, title, status, priority, owner]",
    "table-grouped": "type: prd\ngroup_by: priority\ncolumns: [id, title, status]",
    "list": "show: list\ntype: prd\nwhere:\n  status: {not: [approved]}",
    "list-grouped": "show: list\ntype: [prd, risk]\ngroup_by: type",
    "count": "show: count\ntype: prd\nwhere:\n  priority: [P0, P1]",
    "board": "show: board\ntype: prd\ngroup_by: status",
    "chart": "show: chart\ntype: prd\ngroup_by: priority",
    "empty": "show: table\ntype: prd\nwhere:\n  owner: Nobody",
    "limited": "show: list\ntype: prd\nsort: [-priority]\nlimit: 2",
    "risks": "show: table\ntype: risk\nsort: [-score]\ncolumns: [id, title, status, score, band]",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project: Project = load_documents(tmp_path_factory.mktemp("queries"), DOCUMENTS)
    return project


def query(project: Project, text: str) -> Query:
    found, diagnostics = parse_query(text, project.types, "q")
    assert diagnostics == [] and found is not None
    return found


def shown(project: Project, name: str, language: str = "en", page: str = "index.md") -> str:
    ctx = ViewContext(project, page, language, TODAY)
    return render_query(ctx, query(project, QUERIES[name]))


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_show_as_snapshot(project: Project, name: str, language: str) -> None:
    assert_snapshot(SNAPSHOTS / f"{name}.{language}.html", shown(project, name, language))


def test_a_script_in_a_title_stays_text(project: Project) -> None:
    for name in ("table", "list", "board", "table-grouped"):
        html = shown(project, name)
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; | audit" in html


def test_no_blank_line_breaks_the_html_block(project: Project) -> None:
    for name in QUERIES:
        assert "\n\n" not in shown(project, name)


def test_links_are_relative_to_the_page(project: Project) -> None:
    assert 'href="prd/sso/"' in shown(project, "table")
    assert 'href="../prd/sso/"' in shown(project, "table", page="notes/index.md")


def test_the_board_has_a_column_per_status_in_lifecycle_order(project: Project) -> None:
    html = shown(project, "board")
    columns = re.findall(r'pmdocs-board__column" data-value="([^"]*)"', html)
    assert columns == list(project.types["prd"].statuses)
    approved = html.split('data-value="approved"', 1)[1].split("</section>", 1)[0]
    assert 'data-id="PRD-001"' in approved and 'data-id="PRD-002"' not in approved
    rejected = html.split('data-value="rejected"', 1)[1].split("</section>", 1)[0]
    assert 'pmdocs-board__count">0<' in rejected


def test_the_chart_draws_and_tables_the_same_numbers(project: Project) -> None:
    html = shown(project, "chart")
    bars = dict(re.findall(r'data-value="(P\d)" data-count="(\d+)"', html))
    assert bars == {"P0": "2", "P1": "1", "P2": "1", "P3": "1"}
    table = html.split('<table class="pmdocs-chart__numbers">', 1)[1]
    rows = dict(re.findall(r'<th scope="row">([^<]*)</th><td>(\d+)</td>', table))
    assert rows == bars
    assert '<svg class="pmdocs-chart__svg" role="img"' in html and "<title>" in html
    assert 'font-size="13"' in html  # never below 12 px: the chart is drawn at its own size


def test_score_bands_read_in_the_page_language(project: Project) -> None:
    english, chinese = shown(project, "risks"), shown(project, "risks", "zh")
    assert "<td>High</td>" in english and "<td>Low</td>" in english
    assert "<td>高</td>" in chinese and "<td>低</td>" in chinese
    ctx = ViewContext(project, "index.md", "zh", TODAY)
    chart = render_query(ctx, query(project, "show: chart\ntype: risk\ngroup_by: band"))
    assert '<th scope="row">高</th>' in chart and ">high<" not in chart


def test_an_empty_result_says_so(project: Project) -> None:
    assert "No documents match this query." in shown(project, "empty")
    assert "没有符合此查询的文档。" in shown(project, "empty", "zh")
    assert "<table" not in shown(project, "empty")


def test_a_limited_result_says_how_many_it_shows(project: Project) -> None:
    html = shown(project, "limited")
    assert html.count("<li ") == 2
    assert "Showing 2 of 5." in html
    assert "显示 5 篇中的 2 篇。" in shown(project, "limited", "zh")


def test_counts_say_what_they_count(project: Project) -> None:
    ctx = ViewContext(project, "index.md", "en", TODAY)
    zh = ctx._replace(language="zh")
    assert count_text(ctx, 12, ["prd"]) == "12 requirements"
    assert count_text(ctx, 1, ["prd"]) == "1 requirement"
    assert count_text(zh, 12, ["prd"]) == "12 篇需求"
    assert count_text(ctx, 3, ["prd", "risk"]) == "3 documents"
    assert count_text(zh, 3, ["prd", "risk"]) == "3 篇文档"
    assert '>3</span> <span class="pmdocs-count__what">requirements<' in shown(project, "count")


def test_the_table_is_the_interactive_index_table(project: Project) -> None:
    html = shown(project, "table")
    assert '<table class="pmdocs-table pmdocs-query-table" data-pmdocs-interactive' in html
    assert '<th scope="col" data-filter>Priority</th>' in html


def test_fences_become_markers_and_code_examples_stay(project: Project) -> None:
    markdown = (
        "# Page\n\nText\n```pmdocs\ntype: prd\nshow: count\n```\n\n"
        "````markdown\n```pmdocs\ntype: prd\n```\n````\n\n"
        "- item\n\n  ```pmdocs\n  show: count\n  type: risk\n  ```\n"
    )
    result = replace_query_blocks(project, "index.md", markdown, "en", TODAY, "M")
    assert len(result.blocks) == 2 and result.diagnostics == []
    marker = query_marker("M")
    assert f"\n\n{marker}x0x\n\n" in result.markdown
    assert f"\n\n  {marker}x1x\n\n" in result.markdown  # still in the list item
    assert "````markdown\n```pmdocs\ntype: prd\n```\n````" in result.markdown
    assert 'number">5</span> <span class="pmdocs-count__what">requirements' in result.blocks[0]
    assert 'number">2</span> <span class="pmdocs-count__what">risks' in result.blocks[1]


def test_a_block_that_cannot_run_becomes_an_error_box(project: Project) -> None:
    markdown = "# Page\n\n```pmdocs\ntype: prd\nwhere:\n  priority: P9\n```\n"
    result = replace_query_blocks(project, "index.md", markdown, "en", TODAY, "M")
    assert [d.code for d in result.diagnostics] == ["PM400"]
    assert result.diagnostics[0].line == 6
    box = result.blocks[0]
    assert box.startswith('<div class="admonition failure pmdocs-query-error"')
    assert "This query cannot run" in box and "&#39;P9&#39; is not one of P0, P1, P2, P3" in box


def test_linked_this_is_the_page_document(project: Project) -> None:
    markdown = "```pmdocs\nshow: list\ntype: risk\nwhere:\n  linked: this\n  status: open\n```\n"
    result = replace_query_blocks(project, "release/r1.md", markdown, "en", TODAY, "M")
    assert 'data-id="RISK-001"' in result.blocks[0]
    assert "RISK-002" not in result.blocks[0]
