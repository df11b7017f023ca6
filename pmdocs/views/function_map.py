"""The function map (``pm/index.md``): the functions in order, their documents, gaps and health."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.doctypes import FUNCTIONS, DocType, Function
from pmdocs.core.i18n import DIAGNOSTIC_CODES
from pmdocs.core.project import Project
from pmdocs.views import ViewContext
from pmdocs.views.dashboard import render_dashboard
from pmdocs.views.figures import type_figure
from pmdocs.views.guide import GUIDE
from pmdocs.views.render import render
from pmdocs.views.type_index import start_command

__all__ = ["FunctionSummary", "HealthRow", "TypeSummary", "health_rows", "render_page", "summarise"]

MAX_HEALTH_ROWS = 500


@dataclass(frozen=True)
class TypeSummary:
    doc_type: DocType
    count: int
    by_status: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class FunctionSummary:
    number: int
    function: Function
    types: tuple[TypeSummary, ...]

    @property
    def count(self) -> int:
        return sum(summary.count for summary in self.types)

    @property
    def is_gap(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class HealthRow:
    """One problem, with the docs path of its page when that page is in the site."""

    diagnostic: Diagnostic
    page: str | None


def summarise(project: Project) -> list[FunctionSummary]:
    """Every function in SPEC order with its types' document counts by status."""
    counts = Counter((d.type, d.status) for d in project.documents)
    summaries = []
    for number, function in enumerate(FUNCTIONS, start=1):
        types = tuple(
            _summarise_type(doc_type, counts)
            for doc_type in project.types.in_function(function.key)
        )
        summaries.append(FunctionSummary(number, function, types))
    return summaries


def _summarise_type(doc_type: DocType, counts: Counter[tuple[str, str]]) -> TypeSummary:
    by_status = tuple(
        (status, counts[(doc_type.name, status)])
        for status in doc_type.statuses
        if counts[(doc_type.name, status)]
    )
    return TypeSummary(doc_type, sum(n for _, n in by_status), by_status)


def health_rows(project: Project) -> list[HealthRow]:
    """Every diagnostic with the page it concerns, errors first."""
    pages = {source.path: docs_path for docs_path, source in project.sources.items()}
    left_out = {project.sources[path].path for path in project.unreadable_paths()}
    rows = [
        HealthRow(d, None if d.file in left_out else pages.get(d.file)) for d in project.diagnostics
    ]
    return sorted(rows, key=lambda row: not row.diagnostic.is_error)


def render_page(ctx: ViewContext) -> str:
    project = ctx.project
    rows = health_rows(project)
    pages_with_problems = len({row.diagnostic.file for row in rows})
    html = render(
        "function_map.html",
        ctx=ctx,
        functions=summarise(project),
        rows=rows[:MAX_HEALTH_ROWS],
        hidden_rows=max(0, len(rows) - MAX_HEALTH_ROWS),
        errors=len(project.errors),
        warnings=len(project.warnings),
        pages_with_problems=pages_with_problems,
        guide_link=GUIDE("heading", ctx.language),
        start_command=start_command,
        figure_of=lambda type_name: type_figure(ctx, type_name),
        describe=lambda code: DIAGNOSTIC_CODES.get(code, ctx.language, code),
    )
    dashboard = render_dashboard(ctx)
    return (
        f"# {ctx.t('pm')}\n\n{dashboard}\n\n"
        f"## {ctx.t('function_map')}\n\n{ctx.t('function_map_intro')}\n\n{html}\n"
    )
