"""The views that answer each function's question: progress bars, matrices, per-unit totals,
related documents, ``without:`` and dates relative to today, on a small project.

Snapshots are byte for byte; regenerate with ``PMDOCS_UPDATE_SNAPSHOTS=1 python -m
pytest tests/test_function_pages.py`` and review the diff of ``tests/snapshots/functions/``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import assert_snapshot, load_documents

from pmdocs.core.derived import totals_per_unit
from pmdocs.core.project import Project
from pmdocs.core.query import Query, parse_query, run_query
from pmdocs.site.pages import generated_pages
from pmdocs.views import ViewContext
from pmdocs.views.query import render_query

SNAPSHOTS = Path(__file__).parent / "snapshots" / "functions"
TODAY = datetime.date(2026, 11, 27)
HOSTILE = '"<script>alert(1)</script> | pipe"'


def doc(path: str, **fields: object) -> tuple[str, str]:
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return path, f"---\n{lines}---\n\nBody.\n"


DOCUMENTS = dict(
    [
        doc(
            "prd/a.md",
            type="prd",
            id="PRD-001",
            title=HOSTILE,
            status="approved",
            priority="P0",
            kind="user",
            owner="Ana",
            sources="[CN-001]",
        ),
        doc(
            "prd/b.md",
            type="prd",
            id="PRD-002",
            title="Reports",
            status="in-progress",
            priority="P1",
            kind="user",
            owner="Bo",
        ),
        doc(
            "design/a.md",
            type="design",
            id="DES-001",
            title="Reports UI",
            status="draft",
            owner="Ana",
            implements="[PRD-002]",
        ),
        doc(
            "cn/a.md",
            type="customer-note",
            id="CN-001",
            title="Acme wants SSO",
            status="open",
            customer='"Acme | Co"',
            segment="A",
            date="2026-10-01",
            requests="[PRD-001]",
        ),
        doc(
            "cn/b.md",
            type="customer-note",
            id="CN-002",
            title="Beta wants SSO",
            status="closed",
            customer="Beta",
            segment="C",
            date="2026-10-02",
            requests="[PRD-001, PRD-002]",
        ),
        doc(
            "ms/a.md",
            type="milestone",
            id="MS-001",
            title="Late",
            status="at-risk",
            due="2026-11-01",
            owner="Ana",
            covers="[PRD-001]",
        ),
        doc(
            "ms/b.md",
            type="milestone",
            id="MS-002",
            title="Soon",
            status="planned",
            due="2026-12-20",
            owner="Ana",
        ),
        doc(
            "ms/c.md",
            type="milestone",
            id="MS-003",
            title="Far",
            status="planned",
            due="2027-06-01",
            owner="Ana",
        ),
        doc(
            "ms/d.md",
            type="milestone",
            id="MS-004",
            title="Done late",
            status="done",
            due="2026-10-01",
            owner="Ana",
        ),
        doc(
            "met/a.md",
            type="metric",
            id="MET-001",
            title="Rising",
            status="tracking",
            unit="users",
            baseline=100,
            current=150,
            target=200,
        ),
        doc(
            "met/b.md",
            type="metric",
            id="MET-002",
            title="Falling",
            status="tracking",
            unit='"% error"',
            baseline=20,
            current=14,
            target=12,
        ),
        doc(
            "met/c.md",
            type="metric",
            id="MET-003",
            title="No baseline",
            status="tracking",
            unit="'%'",
            current=90,
            target=60,
        ),
        doc(
            "met/d.md",
            type="metric",
            id="MET-004",
            title=HOSTILE,
            status="proposed",
            unit="'<b>'",
            target=5,
        ),
        doc(
            "obj/a.md",
            type="objective",
            id="OBJ-001",
            title="Grow",
            status="active",
            period="2026-Q4",
            key_results='[{text: "<i>Users</i> | all", target: 10, current: 5}, '
            "{text: Over, target: 2, current: 4}, {text: No numbers, target: all, current: some}]",
        ),
        doc(
            "rm/a.md",
            type="roadmap",
            id="RM-001",
            title="Growth work",
            status="in-progress",
            theme="Growth",
            horizon="now",
            supports="[OBJ-001]",
        ),
        doc(
            "bud/a.md",
            type="budget",
            id="BUD-001",
            title="Launch",
            status="approved",
            amount=1000,
            currency="EUR",
            funds="[RM-001]",
        ),
        doc(
            "bud/b.md",
            type="budget",
            id="BUD-002",
            title="Ads",
            status="approved",
            amount=250.5,
            currency="EUR",
        ),
        doc(
            "bud/c.md",
            type="budget",
            id="BUD-003",
            title="China",
            status="draft",
            amount=30000,
            currency="CNY",
            funds="[RM-001]",
        ),
        doc(
            "cmp/a.md",
            type="compliance",
            id="CMP-001",
            title="GDPR",
            status="non-compliant",
            regulation="GDPR",
            jurisdiction="EU",
            applies_to="[PRD-001]",
        ),
        doc(
            "cmp/b.md",
            type="compliance",
            id="CMP-002",
            title="Bookkeeping",
            status="compliant",
            regulation="Bokføringsloven",
            jurisdiction="NO",
        ),
        doc(
            "rel/a.md",
            type="release",
            id="REL-001",
            title="One",
            status="planned",
            version='"1.0"',
            date="2027-01-20",
            includes="[PRD-001, PRD-002]",
        ),
        doc(
            "risk/a.md",
            type="risk",
            id="RISK-001",
            title=HOSTILE,
            status="open",
            owner="Bo",
            likelihood=4,
            impact=5,
            threatens="[MS-001]",
        ),
        doc(
            "dec/a.md",
            type="decision",
            id="DEC-001",
            title="Old broker",
            status="superseded",
            decided_on="2026-01-10",
            affects="[PRD-001]",
            superseded_by="[DEC-002]",
        ),
        doc(
            "dec/b.md",
            type="decision",
            id="DEC-002",
            title="New broker",
            status="decided",
            decided_on="2026-06-01",
            affects="[PRD-001]",
        ),
    ]
)

QUERIES = {
    "progress-metrics": "show: progress\ntype: metric\ntitle: {en: Metrics, zh: 指标}",
    "progress-objectives": "show: progress\ntype: objective\nrelated: [roadmap]",
    "matrix": "show: matrix\ntype: prd\ngroup_by: priority\nacross: status",
    "matrix-list-field": "show: matrix\ntype: customer-note\ngroup_by: requests\nacross: segment",
    "totals": "show: totals\ntype: budget\nsum: amount\nunit: currency\ngroup_by: status",
    "totals-by-link": "show: totals\ntype: budget\nsum: amount\nunit: currency\ngroup_by: funds",
    "related-table": "type: prd\ncolumns: [id, title, demand]\nrelated: [design, customer-note]",
    "related-list": "show: list\ntype: decision\nsort: [-decided_on]\nrelated: [prd]",
    "release-notes": "show: list\ntype: release\nrelated: [prd, prd/design, risk]",
    "due-soon": (
        "type: milestone\nwhere:\n  status: {not: [done, missed]}\n  due: {before: today+31d}\n"
        "sort: [-overdue, due]\ncolumns: [id, title, due, overdue]"
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project: Project = load_documents(tmp_path_factory.mktemp("functions"), DOCUMENTS)
    return project


def query(project: Project, text: str) -> Query:
    found, diagnostics = parse_query(text, project.types, "q")
    assert diagnostics == [] and found is not None, diagnostics
    return found


def ids(project: Project, text: str) -> list[str]:
    return [d.id for d in run_query(project, query(project, text)).documents]


def shown(project: Project, name: str, language: str = "en") -> str:
    return render_query(
        ViewContext(project, "index.md", language, TODAY), query(project, QUERIES[name])
    )


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_view_as_snapshot(project: Project, name: str, language: str) -> None:
    assert_snapshot(SNAPSHOTS / f"{name}.{language}.html", shown(project, name, language))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_value_is_escaped(project: Project, name: str) -> None:
    html = shown(project, name)
    assert "<script>" not in html and "<i>" not in html and "<b>" not in html
    assert "\n\n" not in html  # one HTML block through Markdown


def test_dates_relative_to_today(project: Project) -> None:
    # MS-001 is overdue, MS-002 due within 30 days, MS-003 later, MS-004 done.
    assert ids(project, QUERIES["due-soon"]) == ["MS-001", "MS-002"]
    assert ids(project, "type: milestone\nwhere: {due: {after: today-60d, before: today}}") == [
        "MS-001",
        "MS-004",
    ]
    assert ids(project, "type: milestone\nwhere: {due: {on: today+23d}}") == ["MS-002"]


def test_overdue_rows_are_marked(project: Project) -> None:
    html = shown(project, "due-soon")
    assert '<tr data-id="MS-001" class="pmdocs-overdue" data-overdue>' in html
    assert '<tr data-id="MS-002">' in html


def test_without_finds_documents_linked_with_no_document_of_a_type(project: Project) -> None:
    assert ids(project, "type: prd\nwhere: {without: design}") == ["PRD-001"]
    assert ids(project, "type: prd\nwhere: {without: [design, customer-note]}") == []
    assert ids(project, "type: milestone\nwhere: {without: prd}") == ["MS-002", "MS-003", "MS-004"]


def test_progress_bars_hold_the_numbers(project: Project) -> None:
    html = shown(project, "progress-metrics")
    assert 'data-id="MET-001" data-progress="0.5000"' in html  # (150-100)/(200-100)
    assert 'data-id="MET-002" data-progress="0.7500"' in html  # falling: (14-20)/(12-20)
    assert 'data-id="MET-003" data-progress="1.0000"' in html  # 90/60, clamped
    assert 'data-id="MET-004">' in html and "no numbers yet" in html
    objectives = shown(project, "progress-objectives")
    # (0.5 + 1.0) / 2: the key result without numbers is left out, 4 of 2 is clamped.
    assert 'data-id="OBJ-001" data-progress="0.7500"' in objectives
    assert "RM-001" in objectives


def test_totals_never_add_two_currencies(project: Project) -> None:
    html = shown(project, "totals")
    assert '<td data-sort="1250.5">1,250.5</td>' in html
    assert '<td data-sort="30000">30,000</td>' in html
    assert "31,250" not in html


def test_totals_per_unit() -> None:
    assert totals_per_unit([(1, "EUR"), (2.5, "EUR"), (3, "CNY"), ("x", "EUR"), (4, None)]) == {
        "CNY": 3,
        "EUR": 3.5,
    }
    assert totals_per_unit([(True, "EUR"), (float("nan"), "EUR")]) == {}
    assert totals_per_unit([(1, ""), (2, "")]) == {"": 3}


def test_a_superseded_decision_names_what_replaced_it(project: Project) -> None:
    html = shown(project, "related-list")
    assert html.index("DEC-002") < html.index("DEC-001")  # newest first
    pages = generated_pages(project, "en", TODAY)
    log = pages["pm/decision/index.md"]
    row = log[log.index('<tr data-id="DEC-001">') :]
    row = row[: row.index("</tr>")]
    assert "Superseded by" in log and "DEC-002" in row


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize(
    "type_name",
    [
        "prd",
        "design",
        "milestone",
        "metric",
        "objective",
        "budget",
        "compliance",
        "decision",
        "customer-note",
        "research",
        "release",
        "feedback",
        "tech-review",
        "gtm",
        "experiment",
        "team",
    ],
)
def test_each_function_page_as_snapshot(project: Project, type_name: str, language: str) -> None:
    page = generated_pages(project, language, TODAY)[f"pm/{type_name}/index.md"]
    assert "cannot run" not in page and "无法执行" not in page
    assert "<script>" not in page
    assert_snapshot(SNAPSHOTS / f"page-{type_name}.{language}.md", page)


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        ("MET-001", '<dd data-derived="progress">50 %</dd>'),
        ("OBJ-001", '<dd data-derived="progress">75 %</dd>'),
        ("PRD-001", '<dd data-derived="demand">4</dd>'),  # A (3) + C (1), each note once
        ("MS-001", '<dd data-derived="overdue">yes</dd>'),
        ("RISK-001", '<dd data-derived="score">20</dd>'),
        ("RISK-001", '<dd data-derived="band"><span class="pmdocs-band pmdocs-band--critical">'),
    ],
)
def test_cards_carry_the_numbers(project: Project, doc_id: str, expected: str) -> None:
    from pmdocs.views.card import render_card

    document = project.graph.documents[doc_id]
    card = render_card(ViewContext(project, document.path, "en", TODAY), document)
    assert expected in card


def test_a_card_without_numbers_has_none(project: Project) -> None:
    from pmdocs.views.card import render_card

    for doc_id in ("MS-002", "MET-004", "DEC-001"):
        document = project.graph.documents[doc_id]
        card = render_card(ViewContext(project, document.path, "en", TODAY), document)
        assert "pmdocs-card__numbers" not in card


@pytest.mark.parametrize(
    ("language", "type_name", "expected"),
    [
        ("en", "milestone", "1 milestone overdue"),
        ("zh", "milestone", "1 个里程碑已逾期"),
        ("en", "objective", "1 of 1 objective on track"),  # 75 % ≥ 70 %
        ("en", "metric", "3 of 4 metrics halfway to target or further"),
        ("en", "budget", "EUR 1,250.50 approved"),  # the CNY budget is a draft
        ("en", "compliance", "1 non-compliant"),
        ("en", "customer-note", "1 open note"),
        ("en", "prd", "1 P0/P1 requirement without a design"),
        ("en", "feedback", None),  # no documents: no figure
    ],
)
def test_function_map_figures(
    project: Project, language: str, type_name: str, expected: str | None
) -> None:
    from pmdocs.views.figures import type_figure

    assert type_figure(ViewContext(project, "pm/index.md", language, TODAY), type_name) == expected


def test_function_map_shows_the_figures(project: Project) -> None:
    page = generated_pages(project, "en", TODAY)["pm/index.md"]
    assert '<p class="pmdocs-function__figure">1 milestone overdue</p>' in page


def test_related_through_a_type(project: Project) -> None:
    html = shown(project, "release-notes")
    # The designs of the requirements the release includes, one link away.
    assert "Design (through Requirement)" in html
    line = html[html.index('data-type="prd/design"') :]
    assert "DES-001" in line[: line.index("</li>")]
    assert "设计方案（经由需求）" in shown(project, "release-notes", "zh")


def test_relative_dates_stop_at_the_ends_of_the_calendar() -> None:
    from pmdocs.core.query_parse import resolve_date

    end, start = datetime.date(9999, 12, 20), datetime.date(1, 1, 5)
    assert resolve_date("today+31d", end) == datetime.date.max
    assert resolve_date("today-30d", start) == datetime.date.min
    assert resolve_date("today", end) == end
    assert resolve_date("today+1d", TODAY) == datetime.date(2026, 11, 28)
    assert resolve_date("2027-01-01", TODAY) == datetime.date(2027, 1, 1)
