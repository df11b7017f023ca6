"""Running queries (SPEC section 8): every operator, sort rule, group and field kind."""

from __future__ import annotations

import json

import pytest

from pmdocs.core.config import read_settings
from pmdocs.core.project import Project, load_project
from pmdocs.core.query import QueryResult, field_value, find_query_blocks, parse_query, run_query


def doc(type_name: str, doc_id: str, status: str, **fields: object) -> str:
    lines = [f"type: {type_name}", f"id: {doc_id}", f"status: {status}"]
    fields.setdefault("title", f"{doc_id} title")
    lines += [f"{name}: {json.dumps(value)}" for name, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def prd(doc_id: str, status: str, priority: str, **fields: object) -> str:
    fields.setdefault("owner", "Ana")
    return doc("prd", doc_id, status, priority=priority, kind="user", **fields)


FILES = {
    "docs/index.md": "# Home\n",
    "docs/prd/1.md": prd("PRD-001", "approved", "P2", tags=["security", "data"], created="2026-01-10", title="beta"),
    "docs/prd/2.md": prd("PRD-002", "draft", "P0", owner="Daniel Okafor", created="2026-03-01", title="Alpha"),
    "docs/prd/10.md": prd("PRD-010", "in-progress", "P1", tags=["data"], title="gamma", depends_on=["PRD-002"]),
    "docs/prd/3.md": prd("PRD-003", "shipped", "P0", tags=["ux"], created="2026-02-01", title="alpha"),
    "docs/risk/1.md": doc("risk", "RISK-001", "open", owner="Bo", likelihood=4, impact=4, threatens=["PRD-001"]),
    "docs/risk/2.md": doc("risk", "RISK-002", "closed", owner="Bo", likelihood=1, impact=2),
    "docs/risk/3.md": doc("risk", "RISK-003", "open", owner="Bo", likelihood=5, impact=3),
    "docs/ms/1.md": doc("milestone", "MS-001", "planned", owner="A", due="2026-11-01", covers=["PRD-001"]),
    "docs/ms/2.md": doc("milestone", "MS-002", "done", owner="A", due="2026-10-01"),
    "docs/ms/3.md": doc("milestone", "MS-003", "planned", owner="A", due="2027-01-15"),
    "docs/des/1.md": doc("design", "DES-001", "review", owner="Cy", implements=["PRD-001", "PRD-003"]),
}  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory, write_project) -> Project:
    root = write_project(tmp_path_factory.mktemp("engine"), FILES)
    return load_project(read_settings(root / "mkdocs.yml"))


def run(project: Project, text: str, this: str | None = None) -> QueryResult:
    this_document = project.graph.documents.get(this) if this else None
    query, problems = parse_query(
        text, project.types, "page.md", this_document=this_document, graph=project.graph
    )
    assert query is not None, [p.format_text() for p in problems]
    return run_query(project, query, this)


def ids(project: Project, text: str, this: str | None = None) -> list[str]:
    return [d.id for d in run(project, text, this).documents]


def test_every_type_in_natural_id_order_by_default(project: Project) -> None:
    assert ids(project, "type: prd") == ["PRD-001", "PRD-002", "PRD-003", "PRD-010"]
    assert ids(project, "{}")[:3] == ["DES-001", "MS-001", "MS-002"]
    assert ids(project, "type: [risk, prd]")[0] == "PRD-001"


def test_scalar_list_and_not(project: Project) -> None:
    assert ids(project, "where: {priority: P0}") == ["PRD-002", "PRD-003"]
    assert ids(project, "where: {status: [approved, in-progress]}") == ["PRD-001", "PRD-010"]
    assert ids(project, "type: prd\nwhere: {owner: {not: [Daniel Okafor]}}") == [
        "PRD-001", "PRD-003", "PRD-010",
    ]  # fmt: skip
    assert ids(project, "type: prd\nwhere: {priority: {not: P0}}") == ["PRD-001", "PRD-010"]


def test_every_condition_must_hold(project: Project) -> None:
    assert ids(project, "where: {priority: P0, status: shipped}") == ["PRD-003"]


def test_list_fields_match_when_any_item_does(project: Project) -> None:
    assert ids(project, "where: {tags: data}") == ["PRD-001", "PRD-010"]
    assert ids(project, "where: {tags: [ux, security]}") == ["PRD-001", "PRD-003"]
    # A document without tags has none of them.
    assert ids(project, "type: prd\nwhere: {tags: {not: [data]}}") == ["PRD-002", "PRD-003"]


def test_dates_before_after_exclusive_and_on(project: Project) -> None:
    assert ids(project, "where: {due: {before: 2026-11-01}}") == ["MS-002"]
    assert ids(project, "where: {due: {after: 2026-11-01}}") == ["MS-003"]
    assert ids(project, "where: {due: {on: 2026-11-01}}") == ["MS-001"]
    text = "where: {due: {after: 2026-09-30, before: 2027-01-01}}"
    assert ids(project, text) == ["MS-001", "MS-002"]


def test_numbers_min_max_inclusive_and_derived_score(project: Project) -> None:
    assert ids(project, "where: {score: {min: 15}}") == ["RISK-001", "RISK-003"]
    assert ids(project, "where: {score: {min: 2, max: 15}}") == ["RISK-002", "RISK-003"]
    assert ids(project, "where: {likelihood: {max: 1}}") == ["RISK-002"]
    assert ids(project, "where: {band: high}") == ["RISK-001", "RISK-003"]


def test_booleans_and_overdue(project: Project) -> None:
    assert ids(project, "where: {overdue: true}") == ["MS-001"]
    assert ids(project, "where: {overdue: false}") == ["MS-002", "MS-003"]


def test_linked_in_either_direction(project: Project) -> None:
    # RISK-001, MS-001 and DES-001 link to PRD-001; nothing that PRD-001 links to.
    assert ids(project, "where: {linked: PRD-001}") == ["DES-001", "MS-001", "RISK-001"]
    # PRD-010 declares depends_on PRD-002; PRD-002 declares nothing.
    assert ids(project, "where: {linked: PRD-002}") == ["PRD-010"]
    assert ids(project, "where: {linked: PRD-010}") == ["PRD-002"]
    assert ids(project, "type: prd\nwhere: {linked: {not: [DES-001]}}") == ["PRD-002", "PRD-010"]


def test_linked_this_is_the_page_document(project: Project) -> None:
    assert ids(project, "type: risk\nwhere: {linked: this}", this="PRD-001") == ["RISK-001"]
    assert ids(project, "where: {linked: this}", this="PRD-003") == ["DES-001"]


def test_sort_enum_order_descending_and_ties_by_natural_id(project: Project) -> None:
    assert ids(project, "type: prd\nsort: priority") == ["PRD-002", "PRD-003", "PRD-010", "PRD-001"]
    assert ids(project, "type: prd\nsort: -priority") == [
        "PRD-001",
        "PRD-010",
        "PRD-002",
        "PRD-003",
    ]
    # Statuses in lifecycle order: draft, review, approved, in-progress, shipped.
    assert ids(project, "type: prd\nsort: status") == ["PRD-002", "PRD-001", "PRD-010", "PRD-003"]


def test_sort_missing_values_last_in_both_directions(project: Project) -> None:
    assert ids(project, "type: prd\nsort: created") == ["PRD-001", "PRD-003", "PRD-002", "PRD-010"]
    assert ids(project, "type: prd\nsort: -created") == ["PRD-002", "PRD-003", "PRD-001", "PRD-010"]


def test_sort_text_ignores_case_and_numbers_by_value(project: Project) -> None:
    assert ids(project, "type: prd\nsort: title") == ["PRD-002", "PRD-003", "PRD-001", "PRD-010"]
    assert ids(project, "type: risk\nsort: [-score]") == ["RISK-001", "RISK-003", "RISK-002"]
    assert ids(project, "type: prd\nsort: [-id]") == ["PRD-010", "PRD-003", "PRD-002", "PRD-001"]


def test_several_sort_fields(project: Project) -> None:
    assert ids(project, "type: prd\nsort: [priority, -id]") == [
        "PRD-003", "PRD-002", "PRD-010", "PRD-001",
    ]  # fmt: skip


def test_limit_after_sort_and_total_before(project: Project) -> None:
    result = run(project, "type: prd\nsort: -priority\nlimit: 2")
    assert [d.id for d in result.documents] == ["PRD-001", "PRD-010"]
    assert result.total == 4


def test_groups_in_the_field_order_with_missing_last(project: Project) -> None:
    result = run(project, "type: prd\ngroup_by: priority")
    assert [(g.value, [d.id for d in g.documents]) for g in result.groups] == [
        ("P0", ["PRD-002", "PRD-003"]),
        ("P1", ["PRD-010"]),
        ("P2", ["PRD-001"]),
        ("P3", []),
    ]
    tagged = run(project, "type: prd\ngroup_by: tags")
    assert [(g.value, [d.id for d in g.documents]) for g in tagged.groups] == [
        ("data", ["PRD-001", "PRD-010"]),
        ("security", ["PRD-001"]),
        ("ux", ["PRD-003"]),
        (None, ["PRD-002"]),
    ]


def test_board_groups_by_status_by_default(project: Project) -> None:
    result = run(project, "type: milestone\nshow: board")
    assert result.query.group_by == "status"
    assert [g.value for g in result.groups] == ["planned", "at-risk", "done", "missed"]


def test_a_query_that_matches_nothing_is_no_error(project: Project) -> None:
    result = run(project, "where: {priority: P3}")
    assert result.documents == () and result.total == 0


def test_default_columns(project: Project) -> None:
    assert run(project, "type: prd").query.columns == (
        "id", "title", "status", "priority", "kind", "owner",
    )  # fmt: skip
    assert run(project, "type: [prd, risk]").query.columns == ("id", "title", "type", "status")
    assert run(project, "columns: [id, score]").query.columns == ("id", "score")


def test_field_value_covers_record_derived_links_and_fields(project: Project) -> None:
    risk = project.graph.documents["RISK-001"]
    assert field_value(project, risk, "score") == 16
    assert field_value(project, risk, "threatens") == ["PRD-001"]
    assert field_value(project, risk, "path") == "risk/1.md"
    assert field_value(project, risk, "owner") == "Bo"
    assert field_value(project, risk, "mitigation") is None


def test_blocks_inside_other_fences_do_not_run() -> None:
    page = (
        "````markdown\n```pmdocs\nshow: list\n```\n````\n\n"
        "    ```pmdocs\n    indented code\n    ```\n\n"
        "- item\n\n  ```pmdocs\n  show: count\n  ```\n\n"
        "> ~~~pmdocs\n> type: prd\n> ~~~\n"
        "```python\nprint()\n```\n"
    )
    blocks = find_query_blocks(page)
    assert [(b.line, b.yaml, b.indent) for b in blocks] == [
        (14, "show: count\n", "  "),
        (18, "type: prd\n", "> "),
    ]
    first = blocks[0]
    assert page[first.start : first.end] == "```pmdocs\n  show: count\n  ```"


def test_finding_blocks_is_linear() -> None:
    import time

    page = "```pmdocs\nshow: count\n```\n" * 20_000 + "````\n" + "```pmdocs\n" * 20_000
    start = time.perf_counter()
    assert len(find_query_blocks(page)) == 20_000
    assert time.perf_counter() - start < 5  # quadratic would take minutes
