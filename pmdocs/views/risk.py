"""The risk register: every risk by score, and a 5×5 likelihood-by-impact heat map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

# Bands, levels and scores are the core's (SPEC section 4), shared with queries and exports.
from pmdocs.core.derived import BANDS, LEVELS, level, score_band
from pmdocs.core.i18n import Catalog
from pmdocs.core.model import Document
from pmdocs.core.natural import NaturalKey, natural_key
from pmdocs.core.project import Project
from pmdocs.views import ViewContext
from pmdocs.views.render import render

__all__ = [
    "BANDS",
    "LABELS",
    "LEVELS",
    "HeatCell",
    "RiskEntry",
    "band_label",
    "count_risks",
    "heat_map",
    "register",
    "render_page",
    "score_band",
]

RISK = "risk"
THREATENS = "threatens"
TOOLTIP_IDS = 12  # ids named in a heat-map cell's tooltip before "and N more"
# A mitigation longer than this (or of several lines) shows two lines, the rest on demand.
CLAMP_AT = 90


LABELS = Catalog(
    {
        "title": ("Risk register", "风险登记册"),
        "intro": (
            "{risks}, highest score first. Score = likelihood × impact, each from 1 to 5.",
            "共 {risks}，按分值从高到低排列。分值 = 可能性 × 影响程度，各为 1 至 5。",
        ),
        "one_risk": ("1 risk", "1 项风险"),
        "many_risks": ("{count} risks", "{count} 项风险"),
        "heat_map": ("Heat map", "风险热力图"),
        "heat_map_caption": (
            "Risks by likelihood and impact; each cell shows how many risks it holds.",
            "按可能性和影响程度分布的风险，每格显示其中的风险数量。",
        ),
        "register": ("Register", "风险清单"),
        "likelihood": ("Likelihood", "可能性"),
        "impact": ("Impact", "影响程度"),
        "likelihood_1": ("Rare", "罕见"),
        "likelihood_2": ("Unlikely", "不太可能"),
        "likelihood_3": ("Possible", "可能"),
        "likelihood_4": ("Likely", "很可能"),
        "likelihood_5": ("Almost certain", "几乎确定"),
        "impact_1": ("Negligible", "可忽略"),
        "impact_2": ("Minor", "轻微"),
        "impact_3": ("Moderate", "中等"),
        "impact_4": ("Major", "重大"),
        "impact_5": ("Severe", "严重"),
        "band_low": ("Low", "低"),
        "band_medium": ("Medium", "中"),
        "band_high": ("High", "高"),
        "band_critical": ("Critical", "极高"),
        "cell": (
            "Likelihood {likelihood} × impact {impact}: {risks}",
            "可能性 {likelihood} × 影响程度 {impact}：{risks}",
        ),
        "cell_short": (
            "Likelihood {likelihood} × impact {impact}:",
            "可能性 {likelihood} × 影响 {impact}：",
        ),
        "more": ("and {count} more", "等另外 {count} 项"),
        "cells": ("Risks by cell", "各格中的风险"),
        "risk": ("Risk", "风险"),
        "score": ("Score", "分值"),
        "status": ("Status", "状态"),
        "owner": ("Owner", "负责人"),
        "mitigation": ("Mitigation", "缓解措施"),
        "threatens": ("Threatens", "威胁"),
        "sentence_gap": (" ", ""),
        "unscored": (
            "Left off the map and listed last: {risks} without a valid likelihood and impact.",
            "另有 {risks}缺少有效的可能性或影响程度：列在最后，未计入热力图。",
        ),
        "no_risks": ("No risks yet.", "尚无风险。"),
        "none": ("—", "—"),
    }
)


class RiskEntry(NamedTuple):
    """A risk with its levels, score and the documents it threatens.

    ``likelihood``, ``impact`` and ``score`` are None when the document does
    not give valid levels (its own page reports why).
    """

    document: Document
    likelihood: int | None
    impact: int | None
    threatens: tuple[Document, ...]

    @property
    def score(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @property
    def band(self) -> str | None:
        score = self.score
        return None if score is None else score_band(score)

    @property
    def mitigation(self) -> str:
        value = self.document.get("mitigation")
        return value.strip() if isinstance(value, str) else ""


class HeatCell(NamedTuple):
    """One cell of the heat map and the risks in it, highest score first."""

    likelihood: int
    impact: int
    risks: tuple[Document, ...]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return score_band(self.score)

    @property
    def anchor(self) -> str:
        return f"risk-cell-{self.likelihood}-{self.impact}"


def _sort_key(entry: RiskEntry) -> tuple[int, NaturalKey]:
    score = entry.score
    return (-score if score is not None else 1, natural_key(entry.document.id))


def register(project: Project) -> list[RiskEntry]:
    """Every risk, highest score first, ties in natural id order; unscored risks last."""
    graph = project.graph
    entries = []
    for document in graph.of_type(RISK):
        targets = graph.links_from(document.id).get(THREATENS, [])
        entries.append(
            RiskEntry(
                document=document,
                likelihood=level(document.get("likelihood")),
                impact=level(document.get("impact")),
                threatens=tuple(graph.documents[target] for target in targets),
            )
        )
    return sorted(entries, key=_sort_key)


def heat_map(entries: Sequence[RiskEntry]) -> list[list[HeatCell]]:
    """Rows of the map from likelihood 5 down to 1, each with impact 1 to 5."""
    held: dict[tuple[int, int], list[Document]] = {}
    for entry in entries:
        if entry.likelihood is not None and entry.impact is not None:
            held.setdefault((entry.likelihood, entry.impact), []).append(entry.document)
    return [
        [
            HeatCell(likelihood, impact, tuple(held.get((likelihood, impact), ())))
            for impact in LEVELS
        ]
        for likelihood in reversed(LEVELS)
    ]


def _cells_by_score(rows: Sequence[Sequence[HeatCell]]) -> list[HeatCell]:
    """The cells that hold risks, highest score first, then higher likelihood."""
    cells = [cell for row in rows for cell in row if cell.risks]
    return sorted(cells, key=lambda cell: (-cell.score, -cell.likelihood))


def band_label(band: str, language: str) -> str:
    """A score band as readers see it: ``High``, ``高``."""
    return LABELS(f"band_{band}", language)


def count_risks(count: int, language: str) -> str:
    """``1 risk``, ``3 risks``, ``3 项风险``."""
    if count == 1:
        return LABELS("one_risk", language)
    return LABELS("many_risks", language).format(count=count)


def _tooltip(cell: HeatCell, language: str) -> str:
    ids = [risk.id for risk in cell.risks[:TOOLTIP_IDS]]
    rest = len(cell.risks) - len(ids)
    if rest:
        ids.append(LABELS("more", language).format(count=rest))
    return ", ".join(ids)


def render_page(ctx: ViewContext) -> str:
    """The Markdown of ``pm/risk/index.md``."""
    entries = register(ctx.project)
    rows = heat_map(entries)
    language = ctx.language

    def part(section: str, **values: object) -> str:
        return render(
            "risk.html",
            section=section,
            ctx=ctx,
            label=lambda key, **args: LABELS(key, language).format(**args),
            risks=lambda count: count_risks(count, language),
            **values,
        )

    unscored = sum(1 for entry in entries if entry.score is None)
    blocks = [
        f"# {LABELS('title', language)}",
        part("intro", count=len(entries), unscored=unscored),
    ]
    if entries:
        blocks += [
            f"## {LABELS('heat_map', language)}",
            part(
                "heat_map",
                rows=rows,
                levels=LEVELS,
                bands=BANDS,
                cells=_cells_by_score(rows),
                tooltip=lambda cell: _tooltip(cell, language),
            ),
            f"## {LABELS('register', language)}",
            part("register", entries=entries, clamp_at=CLAMP_AT),
        ]
    return "\n\n".join(blocks) + "\n"
