"""The dashboard at the top of ``pm/index.md``: what matters today, before the function map.

Each panel is a selection of documents made from numbers other views
compute already (overdue milestones and risk scores from the core, coverage
from the traceability page, horizons from the roadmap), so the dashboard and
those pages never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, NamedTuple

from pmdocs.core.derived import is_overdue
from pmdocs.core.i18n import Catalog
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.project import Project
from pmdocs.core.validate import parse_date
from pmdocs.views import ViewContext
from pmdocs.views.guide import GUIDE
from pmdocs.views.render import render
from pmdocs.views.risk import RiskEntry, band_label, register
from pmdocs.views.roadmap import collect_entries
from pmdocs.views.traceability import Coverage, coverage, percent_text, trace_rows

__all__ = [
    "LABELS",
    "SHOWN",
    "DatedDocument",
    "coverage_gaps",
    "milestones_due",
    "next_releases",
    "now_items",
    "recently_updated",
    "render_dashboard",
    "top_risks",
]

SHOWN = 8  # documents a panel lists before "and N more"
TOP_RISKS = 5
NEXT_RELEASES = 3
RECENT = 5
DUE_WITHIN = 30  # days; counted, not added, so that a today near 9999-12-31 holds
CLOSED_RISK = "closed"
CLOSED_RELEASES = frozenset({"released", "cancelled"})
OFF_THE_BOARD = frozenset({"done", "dropped"})

LABELS = Catalog(
    {
        "dashboard": ("At a glance", "概览"),
        "now": ("Now", "现在"),
        "milestones": ("Milestones due", "临近的里程碑"),
        "risks": ("Highest risks", "最高风险"),
        "releases": ("Next releases", "即将发布"),
        "coverage": ("Coverage gaps", "覆盖缺口"),
        "recent": ("Recently updated", "最近更新"),
        "empty_now": ("Nothing in Now.", "“现在”中没有条目。"),
        "empty_milestones": (
            "No milestone overdue or due in the next 30 days.",
            "没有逾期或 30 天内到期的里程碑。",
        ),
        "empty_risks": ("No open risks with a score.", "没有带分值的未关闭风险。"),
        "empty_releases": ("No release planned.", "没有计划中的发布。"),
        "empty_coverage": (
            "Every requirement has a design, a release and a metric.",
            "每条需求都有设计、发布和指标。",
        ),
        "empty_recent": (
            "No document gives an updated date yet.",
            "尚无文档填写更新日期。",
        ),
        "overdue": ("Overdue", "已逾期"),
        "late": ("Late", "已延期"),
        "no_date": ("No date", "无日期"),
        "score": ("Score {score}", "分值 {score}"),
        "gap_designs": (
            "{count} of {total} requirements without a design",
            "{total} 条需求中有 {count} 条没有设计",
        ),
        "gap_releases": (
            "{count} of {total} requirements in no release",
            "{total} 条需求中有 {count} 条未列入发布",
        ),
        "gap_metrics": (
            "{count} of {total} requirements without a metric",
            "{total} 条需求中有 {count} 条没有指标",
        ),
        "covered": ("({all} covered)", "（覆盖率 {all}）"),
        "covered_top": ("({all} covered, P0 and P1 {top})", "（覆盖率 {all}，P0 与 P1 {top}）"),
        "more": ("and {count} more", "另有 {count} 项"),
        "see_all": ("See all", "查看全部"),
        "traceability": ("Traceability", "需求追溯"),
        "changes": ("What changed", "变更记录"),
        "roadmap": ("Roadmap", "路线图"),
        "risk_register": ("Risk register", "风险登记册"),
    }
)


class DatedDocument(NamedTuple):
    """A document with the date a panel shows it by, and whether that date has passed."""

    document: Document
    date: datetime.date | None
    late: bool = False


class Gap(NamedTuple):
    """An aspect some requirements lack: its coverage over all of them and over P0/P1."""

    aspect: str
    all: Coverage
    top: Coverage


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def _by_date(item: DatedDocument) -> tuple[Any, ...]:
    """Dated first, earliest first; ties and the undated in natural id order."""
    date = item.date
    return (date is None, date or datetime.date.min, natural_key(item.document.id))


def now_items(project: Project) -> list[DatedDocument]:
    """Roadmap items in the Now horizon still to finish, by start date, then id.

    As on the roadmap's board: done and dropped items are out of Now.
    """
    items = [
        DatedDocument(entry.doc, entry.start)
        for entry in collect_entries(project.graph.of_type("roadmap"))
        if entry.horizon == "now" and entry.doc.status not in OFF_THE_BOARD
    ]
    return sorted(items, key=_by_date)


def milestones_due(project: Project, today: datetime.date) -> list[DatedDocument]:
    """Overdue milestones (marked late), then those due within 30 days, each by due date."""
    overdue, soon = [], []
    for document in project.graph.of_type("milestone"):
        due = _date(document.get("due"))
        if due is None:
            continue
        if is_overdue(document, today):
            overdue.append(DatedDocument(document, due, late=True))
        elif 0 <= (due - today).days <= DUE_WITHIN and document.status not in ("done", "missed"):
            soon.append(DatedDocument(document, due))
    return sorted(overdue, key=_by_date) + sorted(soon, key=_by_date)


def top_risks(project: Project, count: int = TOP_RISKS) -> list[RiskEntry]:
    """The highest-scored risks not closed, as the register orders them."""
    scored = [e for e in register(project) if e.score is not None]
    return [e for e in scored if e.document.status != CLOSED_RISK][:count]


def next_releases(
    project: Project, today: datetime.date, count: int = NEXT_RELEASES
) -> list[DatedDocument]:
    """Releases neither released nor cancelled, by date; one whose date has passed is late."""
    releases = []
    for document in project.graph.of_type("release"):
        if document.status in CLOSED_RELEASES:
            continue
        date = _date(document.get("date"))
        releases.append(DatedDocument(document, date, late=date is not None and date < today))
    return sorted(releases, key=_by_date)[:count]


def coverage_gaps(project: Project) -> list[Gap]:
    """The aspects (designs, releases, metrics) that some requirements lack, as traceability counts them."""
    figures = coverage(trace_rows(project))
    gaps = []
    for figure in figures:
        if figure.scope != "all" or figure.covered == figure.total:
            continue
        top = next(f for f in figures if f.scope == "top" and f.aspect == figure.aspect)
        gaps.append(Gap(figure.aspect, figure, top))
    return gaps


def recently_updated(project: Project, count: int = RECENT) -> list[DatedDocument]:
    """The documents with the newest ``updated`` dates, newest first, ties by id."""
    dated = [
        DatedDocument(document, date)
        for document in project.documents
        if (date := _date(document.get("updated"))) is not None
    ]
    dated.sort(key=lambda item: natural_key(item.document.id))
    dated.sort(key=lambda item: item.date or datetime.date.min, reverse=True)
    return dated[:count]


def _more(items: Sequence[Any]) -> int:
    return max(0, len(items) - SHOWN)


def render_dashboard(ctx: ViewContext) -> str:
    """The dashboard's HTML, one panel per question a reader brings to the site."""
    project, today, language = ctx.project, ctx.today, ctx.language
    now = now_items(project)
    due = milestones_due(project, today)
    guides = [
        (ctx.type_label(doc_type), ctx.url_to(ctx.generated(f"guide/{name}.md")))
        for name, doc_type in project.types.items()
    ]
    return render(
        "dashboard.html",
        ctx=ctx,
        label=lambda key, **values: LABELS(key, language).format(**values),
        band_label=lambda band: band_label(band, language),
        percent=percent_text,
        now=now[:SHOWN],
        now_more=_more(now),
        milestones=due[:SHOWN],
        milestones_more=_more(due),
        risks=top_risks(project),
        releases=next_releases(project, today),
        gaps=coverage_gaps(project),
        recent=recently_updated(project),
        guides=guides,
        guides_label=GUIDE("guides", language),
        roadmap_page=ctx.url_to(ctx.generated("roadmap/index.md")),
        risk_page=ctx.url_to(ctx.generated("risk/index.md")),
        trace_page=ctx.url_to(ctx.generated("traceability.md")),
        changes_page=ctx.url_to(ctx.generated("changes.md")),
    )
