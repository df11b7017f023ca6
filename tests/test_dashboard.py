"""The dashboard at the top of the function map, on small projects written as strings."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from conftest import assert_snapshot

from pmdocs.core.project import Project, Settings, load_project
from pmdocs.views import ViewContext, function_map
from pmdocs.views.dashboard import (
    SHOWN,
    coverage_gaps,
    milestones_due,
    next_releases,
    now_items,
    recently_updated,
    render_dashboard,
    top_risks,
)

TODAY = datetime.date(2026, 11, 27)
SNAPSHOTS = Path(__file__).parent / "snapshots"


def doc(doc_type: str, doc_id: str, title: str, status: str, **fields: object) -> str:
    """A PM document whose front matter holds ``fields`` (JSON values are YAML too)."""
    data = {"type": doc_type, "id": doc_id, "title": title, "status": status, "owner": "Ana"}
    data.update(fields)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def item(doc_id: str, status: str, horizon: str, start: str, **fields: object) -> str:
    return doc("roadmap", doc_id, f"Item {doc_id}", status, theme="Core", horizon=horizon,
               start=start, end="2027-06-30", **fields)  # fmt: skip


def milestone(doc_id: str, status: str, due: str) -> str:
    return doc("milestone", doc_id, f"Milestone {doc_id}", status, due=due)


def release(doc_id: str, status: str, date: str) -> str:
    return doc("release", doc_id, f"Release {doc_id}", status, version=doc_id, date=date)


def risk(doc_id: str, status: str, likelihood: int, impact: int) -> str:
    return doc("risk", doc_id, f"Risk {doc_id}", status, likelihood=likelihood, impact=impact)


def prd(doc_id: str, priority: str, **fields: object) -> str:
    return doc("prd", doc_id, f"Requirement {doc_id}", "approved", priority=priority,
               kind="user", **fields)  # fmt: skip


FILES = {
    "roadmap/a.md": item("RM-10", "in-progress", "now", "2026-10-01"),
    "roadmap/b.md": item("RM-2", "planned", "now", "2026-12-01"),
    "roadmap/c.md": item("RM-3", "done", "now", "2026-01-01"),  # done: out of Now
    "roadmap/d.md": item("RM-4", "dropped", "now", "2026-01-01"),  # dropped: out of Now
    "roadmap/e.md": item("RM-5", "planned", "next", "2027-01-01"),
    "roadmap/f.md": item("RM-1", "proposed", "now", "2026-10-01"),  # same start as RM-10
    "ms/a.md": milestone("MS-1", "planned", "2026-12-27"),  # due in exactly 30 days
    "ms/b.md": milestone("MS-2", "at-risk", "2026-11-01"),  # overdue
    "ms/c.md": milestone("MS-3", "planned", "2026-12-28"),  # 31 days: too far
    "ms/d.md": milestone("MS-4", "done", "2026-11-02"),  # past but done
    "ms/e.md": milestone("MS-5", "planned", "2026-11-27"),  # due today
    "ms/f.md": milestone("MS-6", "planned", "2026-10-15"),  # overdue longer
    "ms/g.md": milestone("MS-7", "missed", "2026-10-01"),  # missed: closed
    "rel/a.md": release("REL-1", "released", "2026-10-01"),
    "rel/b.md": release("REL-2", "planned", "2027-03-01"),
    "rel/c.md": release("REL-3", "planned", "2026-11-20"),  # its date has passed
    "rel/d.md": release("REL-4", "cancelled", "2026-12-01"),
    "rel/e.md": release("REL-5", "planned", "2027-05-01"),
    "rel/f.md": release("REL-6", "planned", "2027-09-01"),  # fourth: not shown
    "risk/a.md": risk("RISK-1", "open", 5, 5),
    "risk/b.md": risk("RISK-2", "closed", 5, 4),  # closed: left out
    "risk/c.md": risk("RISK-3", "mitigating", 4, 4),
    "risk/d.md": risk("RISK-4", "open", 2, 2),
    "risk/e.md": risk("RISK-5", "accepted", 3, 3),
    "risk/f.md": risk("RISK-6", "open", 4, 3),
    "risk/g.md": risk("RISK-7", "open", 1, 1),
    "risk/h.md": risk("RISK-8", "open", 4, 4),  # ties RISK-3: natural id order
    "prd/a.md": prd("PRD-1", "P0", updated="2026-11-20"),
    "prd/b.md": prd("PRD-2", "P2", updated="2026-11-25"),
    "prd/c.md": prd("PRD-3", "P1"),
    "design/a.md": doc("design", "DES-1", "Design <one> & \"two\"", "review",
                       implements=["PRD-1", "PRD-2", "PRD-3"], updated="2026-11-25"),
    "metric/a.md": doc("metric", "MET-1", "Adoption", "tracking", measures=["PRD-1"],
                       updated="2026-11-26"),
}  # fmt: skip


def load(root: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_project(Settings(root=root, docs_dir=root / "docs", today=TODAY))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return load(tmp_path_factory.mktemp("dashboard"), FILES)


def ids(items: list) -> list[str]:  # type: ignore[type-arg]
    return [entry.document.id for entry in items]


def test_now_holds_items_still_to_finish_by_start_date_then_natural_id(project: Project) -> None:
    assert ids(now_items(project)) == ["RM-1", "RM-10", "RM-2"]


def test_milestones_overdue_first_and_marked_then_due_within_thirty_days(project: Project) -> None:
    due = milestones_due(project, TODAY)
    assert [(m.document.id, m.late) for m in due] == [
        ("MS-6", True),
        ("MS-2", True),
        ("MS-5", False),
        ("MS-1", False),
    ]


def test_top_risks_are_five_by_score_leaving_closed_out(project: Project) -> None:
    risks = top_risks(project)
    assert [(r.document.id, r.score, r.band) for r in risks] == [
        ("RISK-1", 25, "critical"),
        ("RISK-3", 16, "high"),
        ("RISK-8", 16, "high"),
        ("RISK-6", 12, "high"),
        ("RISK-5", 9, "medium"),
    ]


def test_next_releases_are_unreleased_by_date_the_passed_one_late(project: Project) -> None:
    releases = next_releases(project, TODAY)
    assert [(r.document.id, r.late) for r in releases] == [
        ("REL-3", True),
        ("REL-2", False),
        ("REL-5", False),
    ]


def test_coverage_gaps_are_the_traceability_figures_below_all(project: Project) -> None:
    gaps = coverage_gaps(project)
    # Every requirement has a design; PRD-1 alone a metric; none is in a release.
    found = [(g.aspect, g.all.covered, g.all.total, g.top.covered, g.top.total) for g in gaps]
    assert found == [("releases", 0, 3, 0, 2), ("metrics", 1, 3, 1, 2)]


def test_recently_updated_newest_first_ties_by_natural_id(project: Project) -> None:
    recent = recently_updated(project)
    assert [(r.document.id, str(r.date)) for r in recent] == [
        ("MET-1", "2026-11-26"),
        ("DES-1", "2026-11-25"),
        ("PRD-2", "2026-11-25"),
        ("PRD-1", "2026-11-20"),
    ]


def test_long_panels_list_a_few_and_count_the_rest(tmp_path: Path) -> None:
    files = {f"roadmap/{n}.md": item(f"RM-{n}", "planned", "now", "2026-12-01") for n in range(12)}
    html = render_dashboard(ViewContext(load(tmp_path, files), "pm/index.md", "en", TODAY))
    now = re.search(r'data-panel="now">(.*?)</section>', html, re.S)
    assert now is not None
    assert now.group(1).count('class="pmdocs-ref"') == SHOWN
    assert f"and {12 - SHOWN} more" in now.group(1)
    assert '<span class="pmdocs-dash__count">12</span>' in now.group(1)


def test_empty_project_says_so_in_every_panel(tmp_path: Path) -> None:
    html = render_dashboard(ViewContext(load(tmp_path, {}), "pm/index.md", "en", TODAY))
    assert html.count('class="pmdocs-empty"') == 6
    assert "Nothing in Now." in html


def test_values_are_escaped(project: Project) -> None:
    html = render_dashboard(ViewContext(project, "pm/index.md", "en", TODAY))
    assert "Design &lt;one&gt; &amp; &#34;two&#34;" in html
    assert "<one>" not in html


def test_dashboard_sits_above_the_function_map_and_links_traceability_and_guides(
    project: Project,
) -> None:
    ctx = ViewContext(project, "pm/index.md", "en", TODAY)
    page = function_map.render_page(ctx)
    assert page.index('class="pmdocs-dash"') < page.index("## Function map")
    assert page.index("## Function map") < page.index('class="pmdocs-functions"')
    links = re.search(r'<nav class="pmdocs-dash__links">(.*?)</nav>', page, re.S)
    assert links is not None
    assert f'<a href="{ctx.url_to("pm/traceability.md")}">Traceability</a>' in links.group(1)
    guides = re.search(r'<details class="pmdocs-dash__guides">(.*?)</details>', page, re.S)
    assert guides is not None
    assert guides.group(1).count("<li>") == len(project.types)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_dashboard_snapshot(project: Project, language: str) -> None:
    html = render_dashboard(ViewContext(project, "pm/index.md", language, TODAY))
    assert_snapshot(SNAPSHOTS / f"dashboard.{language}.html", html)


def test_chinese_labels(project: Project) -> None:
    html = render_dashboard(ViewContext(project, "pm/index.md", "zh", TODAY))
    for label in ("现在", "临近的里程碑", "最高风险", "即将发布", "覆盖缺口", "最近更新", "已逾期"):
        assert label in html
    assert "Overdue" not in html and "Highest risks" not in html
