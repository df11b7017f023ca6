"""The one figure per built-in type that the function map shows beside its counts
("2 milestones overdue", "3 of 5 objectives on track").

Each figure is a query (or two: what it counts, and of how many), run by the
query engine, so it means exactly what the type's page shows. A type whose
file a team overrode so that a figure's query no longer reads gets no figure.
"""

from __future__ import annotations

from typing import NamedTuple

from pmdocs.core.derived import totals_per_unit
from pmdocs.core.query import Query, parse_query, run_query
from pmdocs.views import ViewContext

__all__ = ["FIGURES", "ON_TRACK", "type_figure"]

# An objective is on track when its progress is at least this share (the
# "green" of common OKR practice); the function map says so in its words.
ON_TRACK = 0.7


class Figure(NamedTuple):
    """What a type's figure counts (``counted``), of how many (``of``, optional), and its
    words: English singular and plural, Chinese; ``{n}`` and ``{m}`` are the numbers."""

    counted: str
    of: str | None
    one: str
    other: str
    chinese: str


_OPEN_MILESTONE = "status: {not: [done, missed]}"
FIGURES: dict[str, Figure] = {
    "research": Figure(
        "type: research\nwhere: {with: prd}",
        "type: research",
        "{n} of {m} study cited by a requirement",
        "{n} of {m} studies cited by a requirement",
        "{m} 份调研中 {n} 份被需求引用",
    ),
    "roadmap": Figure(
        "type: roadmap\nwhere: {horizon: now, status: {not: [done, dropped]}}",
        None,
        "{n} item in Now",
        "{n} items in Now",
        "{n} 个事项在“现在”",
    ),
    "prd": Figure(
        "type: prd\nwhere: {priority: [P0, P1], status: {not: [rejected]}, without: design}",
        None,
        "{n} P0/P1 requirement without a design",
        "{n} P0/P1 requirements without a design",
        "{n} 篇 P0/P1 需求没有设计",
    ),
    "design": Figure(
        "type: prd\nwhere: {status: approved, without: design}",
        None,
        "{n} approved requirement without a design",
        "{n} approved requirements without a design",
        "{n} 篇已批准需求没有设计",
    ),
    "milestone": Figure(
        "type: milestone\nwhere: {overdue: true}",
        None,
        "{n} milestone overdue",
        "{n} milestones overdue",
        "{n} 个里程碑已逾期",
    ),
    "release": Figure(
        "type: release\nwhere: {status: planned}",
        None,
        "{n} release planned",
        "{n} releases planned",
        "{n} 个版本已计划",
    ),
    "metric": Figure(
        "type: metric\nwhere: {progress: {min: 0.5}}",
        "type: metric\nwhere: {status: {not: [retired]}}",
        "{n} of {m} metric halfway to target or further",
        "{n} of {m} metrics halfway to target or further",
        "{m} 个指标中 {n} 个已完成一半以上",
    ),
    "decision": Figure(
        "type: decision\nwhere: {status: proposed}",
        None,
        "{n} decision awaiting",
        "{n} decisions awaiting",
        "{n} 项决策待定",
    ),
    "feedback": Figure(
        "type: feedback\nwhere: {status: new}",
        None,
        "{n} untriaged",
        "{n} untriaged",
        "{n} 条未分诊",
    ),
    "tech-review": Figure(
        "type: prd\nwhere: {status: in-progress, without: tech-review}",
        None,
        "{n} requirement in progress without a review",
        "{n} requirements in progress without a review",
        "{n} 篇进行中的需求未经评审",
    ),
    "gtm": Figure(
        "type: release\nwhere: {status: {not: [cancelled]}, without: gtm}",
        None,
        "{n} release without a plan",
        "{n} releases without a plan",
        "{n} 个版本没有推广计划",
    ),
    "experiment": Figure(
        "type: experiment\nwhere: {result: validated}",
        "type: experiment\nwhere: {status: concluded}",
        "{n} of {m} concluded experiment validated",
        "{n} of {m} concluded experiments validated",
        "{m} 个已结束实验中 {n} 个得到验证",
    ),
    "team": Figure(
        "type: roadmap\nwhere: {status: {not: [done, dropped]}, without: team}",
        None,
        "{n} roadmap item no team owns",
        "{n} roadmap items no team owns",
        "{n} 个路线图事项无团队负责",
    ),
    "risk": Figure(
        "type: risk\nwhere: {band: [high, critical], status: {not: [closed]}}",
        None,
        "{n} risk high or critical",
        "{n} risks high or critical",
        "{n} 项高或严重风险",
    ),
    "objective": Figure(
        f"type: objective\nwhere: {{progress: {{min: {ON_TRACK}}}, status: [active, achieved]}}",
        "type: objective\nwhere: {status: [active, achieved]}",
        "{n} of {m} objective on track",
        "{n} of {m} objectives on track",
        "{m} 个目标中 {n} 个进展顺利",
    ),
    "compliance": Figure(
        "type: compliance\nwhere: {status: non-compliant}",
        None,
        "{n} non-compliant",
        "{n} non-compliant",
        "{n} 项不合规",
    ),
    "customer-note": Figure(
        "type: customer-note\nwhere: {status: open}",
        None,
        "{n} open note",
        "{n} open notes",
        "{n} 条待跟进记录",
    ),
}


def _count(ctx: ViewContext, text: str) -> int | None:
    query, _ = parse_query(text, ctx.project.types, "")
    if query is None:
        return None
    return run_query(ctx.project, query).total


def type_figure(ctx: ViewContext, type_name: str) -> str | None:
    """The figure of a built-in type for the function map, in the page's language;
    None for a custom type, a type without documents, or a figure that cannot run."""
    doc_type = ctx.project.types.get(type_name)
    if doc_type is None or not doc_type.builtin or not ctx.project.documents_of(type_name):
        return None
    if type_name == "budget":
        return _budget_figure(ctx)
    figure = FIGURES.get(type_name)
    if figure is None:
        return None
    counted = _count(ctx, figure.counted)
    total = _count(ctx, figure.of) if figure.of is not None else None
    if counted is None or (figure.of is not None and total is None):
        return None
    if figure.of is not None and not total:
        return None  # "0 of 0" says nothing
    if ctx.language == "zh":
        return figure.chinese.format(n=counted, m=total)
    many = total if figure.of is not None else counted
    return (figure.one if many == 1 else figure.other).format(n=counted, m=total)


def _budget_figure(ctx: ViewContext) -> str | None:
    """Approved budgets, totalled per currency (never across currencies)."""
    query: Query | None
    query, _ = parse_query(
        "show: totals\ntype: budget\nsum: amount\nunit: currency\nwhere: {status: approved}",
        ctx.project.types,
        "",
    )
    if query is None:
        return None
    documents = run_query(ctx.project, query).documents
    totals = totals_per_unit((d.get("amount"), d.get("currency") or None) for d in documents)
    if not totals:
        return None
    amounts = " · ".join(f"{unit} {_amount(value)}" for unit, value in totals.items())
    return f"{amounts} 已批准" if ctx.language == "zh" else f"{amounts} approved"


def _amount(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
