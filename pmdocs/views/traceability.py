"""The traceability page: every requirement with what it comes from and what delivers it.

One row per requirement (never an N×N matrix, so a thousand requirements
stay readable), a coverage summary and the lists of loose ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pmdocs.core.graph import Graph
from pmdocs.core.i18n import Catalog
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.project import Project
from pmdocs.views import ViewContext
from pmdocs.views.html import badge, doc_link, doc_links, escape_text
from pmdocs.views.render import render, squeeze

__all__ = [
    "ASPECTS",
    "COLUMNS",
    "LABELS",
    "Coverage",
    "Orphans",
    "TraceRow",
    "coverage",
    "find_orphans",
    "has_mitigation",
    "percent_text",
    "render_page",
    "trace_rows",
]

REQUIREMENT = "prd"
TOP_PRIORITIES = ("P0", "P1")

# Column name -> the document types it gathers, in the order they are shown.
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("research", "customer-note", "feedback")),
    ("designs", ("design",)),
    ("milestones", ("milestone",)),
    ("releases", ("release",)),
    ("metrics", ("metric",)),
    ("risks", ("risk",)),
)
# What the coverage summary measures: a requirement is covered by at least one of these.
ASPECTS = ("designs", "releases", "metrics")
SCOPES = ("all", "top")

LABELS = Catalog(
    {
        "title": ("Traceability", "需求追溯"),
        "intro": (
            "Every requirement with its sources and what designs, plans, ships, measures"
            " and threatens it. Links count whichever document declares them.",
            "每条需求的来源，以及对应的设计、里程碑、发布、指标和风险。"
            "无论链接写在哪一方的文档中，都计入且只计一次。",
        ),
        "coverage": ("Coverage", "覆盖率"),
        "requirements": ("Requirements", "需求"),
        "requirement": ("Requirement", "需求"),
        "orphans": ("Loose ends", "待补关联"),
        "all": ("All requirements", "全部需求"),
        "top": ("P0 and P1", "P0 与 P1"),
        "aspect": ("Has at least one", "至少关联一个"),
        "covered": ("{covered} of {total}", "{covered} / {total}"),
        "priority": ("Priority", "优先级"),
        "status": ("Status", "状态"),
        "sources": ("Sources", "来源"),
        "designs": ("Designs", "设计"),
        "milestones": ("Milestones", "里程碑"),
        "releases": ("Releases", "发布"),
        "metrics": ("Metrics", "指标"),
        "risks": ("Risks", "风险"),
        "design": ("Design", "设计"),
        "release": ("Release", "发布"),
        "metric": ("Metric", "指标"),
        "no_requirements": ("No requirements yet.", "尚无需求。"),
        "requirements_without_source": ("Requirements without a source", "没有来源的需求"),
        "unlinked_customer_notes": (
            "Customer notes not linked to any requirement",
            "未关联任何需求的客户记录",
        ),
        "unlinked_feedback": (
            "Feedback not linked to any requirement",
            "未关联任何需求的用户反馈",
        ),
        "unmitigated_open_risks": (
            "Open risks without a mitigation",
            "没有缓解措施的未处理风险",
        ),
        "none_left": ("None.", "无。"),
        "none": ("—", "—"),
    }
)


class TraceRow(NamedTuple):
    """One requirement and the documents linked with it, by column, in natural id order."""

    requirement: Document
    sources: tuple[Document, ...]
    designs: tuple[Document, ...]
    milestones: tuple[Document, ...]
    releases: tuple[Document, ...]
    metrics: tuple[Document, ...]
    risks: tuple[Document, ...]

    @property
    def priority(self) -> str:
        value = self.requirement.get("priority")
        return value if isinstance(value, str) else ""

    @property
    def is_top_priority(self) -> bool:
        return self.priority in TOP_PRIORITIES

    def column(self, name: str) -> tuple[Document, ...]:
        """The documents of column ``name`` (one of `COLUMNS`)."""
        documents: tuple[Document, ...] = getattr(self, name)
        return documents


class Coverage(NamedTuple):
    """How many requirements in ``scope`` have at least one document of ``aspect``."""

    aspect: str
    scope: str
    covered: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 0.0


class Orphans(NamedTuple):
    """Loose ends a review should pick up, each list in natural id order."""

    requirements_without_source: tuple[Document, ...]
    unlinked_customer_notes: tuple[Document, ...]
    unlinked_feedback: tuple[Document, ...]
    unmitigated_open_risks: tuple[Document, ...]

    def lists(self) -> tuple[tuple[str, tuple[Document, ...]], ...]:
        """Each list with its label key, in the order the page shows them."""
        return (
            ("requirements_without_source", self.requirements_without_source),
            ("unlinked_customer_notes", self.unlinked_customer_notes),
            ("unlinked_feedback", self.unlinked_feedback),
            ("unmitigated_open_risks", self.unmitigated_open_risks),
        )


def _sorted_of_type(graph: Graph, doc_type: str) -> list[Document]:
    return sorted(graph.of_type(doc_type), key=lambda d: natural_key(d.id))


def _row(graph: Graph, requirement: Document) -> TraceRow:
    linked = graph.neighbours_by_type(requirement.id)
    columns = (tuple(doc for t in types for doc in linked.get(t, ())) for _, types in COLUMNS)
    return TraceRow(requirement, *columns)


def trace_rows(project: Project) -> list[TraceRow]:
    """One row per requirement, in natural id order; a link counts whichever side declares it."""
    graph = project.graph
    return [_row(graph, requirement) for requirement in _sorted_of_type(graph, REQUIREMENT)]


def coverage(rows: Sequence[TraceRow]) -> list[Coverage]:
    """Coverage of every aspect over all requirements, then over P0 and P1 alone."""
    figures = []
    for scope in SCOPES:
        chosen = [row for row in rows if scope == "all" or row.is_top_priority]
        for aspect in ASPECTS:
            covered = sum(1 for row in chosen if row.column(aspect))
            figures.append(Coverage(aspect, scope, covered, len(chosen)))
    return figures


def has_mitigation(risk: Document) -> bool:
    """Whether a risk states a mitigation (blank text does not count)."""
    mitigation = risk.get("mitigation")
    return isinstance(mitigation, str) and bool(mitigation.strip())


def find_orphans(project: Project, rows: Sequence[TraceRow]) -> Orphans:
    """Requirements without a source, unlinked notes and feedback, unmitigated open risks."""
    graph = project.graph

    def unlinked(doc_type: str) -> tuple[Document, ...]:
        documents = _sorted_of_type(graph, doc_type)
        return tuple(doc for doc in documents if not graph.neighbours(doc.id, REQUIREMENT))

    risks = _sorted_of_type(graph, "risk")
    return Orphans(
        requirements_without_source=tuple(row.requirement for row in rows if not row.sources),
        unlinked_customer_notes=unlinked("customer-note"),
        unlinked_feedback=unlinked("feedback"),
        unmitigated_open_risks=tuple(
            risk for risk in risks if risk.status == "open" and not has_mitigation(risk)
        ),
    )


def percent_text(figure: Coverage) -> str:
    """Whole percent, never rounded up to 100 % or down to 0 % when that would mislead."""
    if not figure.total:
        return "—"
    exact = figure.percent
    if 0 < exact < 1:
        return "<1%"
    if 99 < exact < 100:
        return ">99%"
    return f"{exact:.0f}%"


def _coverage_grid(figures: Sequence[Coverage]) -> list[tuple[str, list[Coverage]]]:
    """The figures as rows by aspect, each with one figure per scope."""
    return [(aspect, [f for f in figures if f.aspect == aspect]) for aspect in ASPECTS]


def render_page(ctx: ViewContext) -> str:
    """The Markdown of ``pm/traceability.md``."""
    rows = trace_rows(ctx.project)
    figures = coverage(rows)
    orphans = find_orphans(ctx.project, rows)
    language = ctx.language

    def part(section: str, **values: object) -> str:
        return render(
            "traceability.html",
            section=section,
            ctx=ctx,
            label=lambda key, **args: LABELS(key, language).format(**args),
            **values,
        )

    blocks = [
        f"# {LABELS('title', language)}",
        part("intro"),
        f"## {LABELS('coverage', language)}",
        part("coverage", grid=_coverage_grid(figures), percent_text=percent_text),
        f"## {LABELS('requirements', language)}",
        _table(ctx, rows),
        f"## {LABELS('orphans', language)}",
    ]
    for key, documents in orphans.lists():
        blocks.append(f"### {LABELS(key, language)} ({len(documents)})")
        blocks.append(part("orphans", key=key, documents=documents))
    return "\n\n".join(blocks) + "\n"


def _table(ctx: ViewContext, rows: Sequence[TraceRow]) -> str:
    """The requirements table, a row per requirement and a cell per column of linked documents.

    Built in Python rather than in the page's template, as the card is: it
    has a cell per requirement and column, thousands on a big site.
    """
    language = ctx.language

    def label(key: str) -> str:
        return escape_text(LABELS(key, language))

    if not rows:
        return f'<p class="pmdocs-empty">{label("no_requirements")}</p>'
    names = [name for name, _ in COLUMNS]
    none = f'<span class="pmdocs-empty">{label("none")}</span>'
    parts = [
        '<div class="pmdocs-table-wrap">\n'
        f'<table class="pmdocs-table pmdocs-trace" data-pmdocs-interactive '
        f'data-language="{escape_text(language)}">\n'
        "<thead>\n<tr>\n"
        f'<th scope="col">{label("requirement")}</th>\n'
        f'<th scope="col">{label("priority")}</th>\n'
        f'<th scope="col" data-filter>{label("status")}</th>\n',
        *(f'<th scope="col">{label(name)}</th>\n' for name in names),
        "</tr>\n</thead>\n<tbody>\n",
    ]
    for row in rows:
        requirement = row.requirement
        parts.append(
            f'<tr data-id="{escape_text(requirement.id)}">\n'
            f"<td>{doc_link(ctx, requirement)}</td>\n"
            f'<td class="pmdocs-trace__priority">{escape_text(row.priority) or label("none")}</td>\n'
            f"<td>{badge(ctx, requirement)}</td>\n"
        )
        for name in names:
            linked = row.column(name)
            cell = doc_links(ctx, linked) if linked else none
            parts.append(f'<td data-count="{len(linked)}">{cell}</td>\n')
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>\n</div>\n")
    # Titles may hold line breaks and indentation: lay them out as every fragment is.
    return squeeze("".join(parts))
