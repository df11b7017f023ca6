"""The metadata card at the top of every PM document's page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pmdocs.doctypes import Labels
from pmdocs.model import Document
from pmdocs.natural import natural_key
from pmdocs.render import render
from pmdocs.views import ViewContext

__all__ = ["LinkGroup", "backlink_groups", "card_fields", "outgoing_groups", "render_card"]

_CARD_COMMON = ("owner", "tags", "created", "updated")


@dataclass(frozen=True)
class LinkGroup:
    """Linked documents under one label (a link field, or a reverse label)."""

    label: Labels
    documents: tuple[Document, ...]


def card_fields(ctx: ViewContext, document: Document) -> list[str]:
    """The fields the card shows: the type's columns first, then its other fields present."""
    doc_type = ctx.project.types[document.type]
    ordered = [*doc_type.columns, *doc_type.fields, *_CARD_COMMON]
    shown: list[str] = []
    for name in ordered:
        if name in shown or name in doc_type.links or name in ("id", "title", "status"):
            continue
        if document.get(name) not in (None, "", []):
            shown.append(name)
    return shown


def outgoing_groups(ctx: ViewContext, document: Document) -> list[LinkGroup]:
    """Resolved outgoing links, one group per link field in the type's order."""
    graph = ctx.project.graph
    declared = graph.links_from(document.id)
    doc_type = ctx.project.types[document.type]
    return [
        LinkGroup(spec.label, tuple(graph.documents[i] for i in declared[name]))
        for name, spec in doc_type.links.items()
        if declared.get(name)
    ]


def backlink_groups(ctx: ViewContext, document: Document) -> list[LinkGroup]:
    """Incoming links grouped by the reverse label of the field that declares them."""
    graph = ctx.project.graph
    grouped: dict[Labels, list[Document]] = defaultdict(list)
    for link in graph.links_to(document.id):
        source = graph.documents[link.source]
        label = ctx.project.types[source.type].links[link.field].reverse
        if source not in grouped[label]:
            grouped[label].append(source)
    groups = [
        LinkGroup(label, tuple(sorted(docs, key=lambda d: natural_key(d.id))))
        for label, docs in grouped.items()
    ]
    return sorted(groups, key=lambda group: group.label(ctx.language))


def render_card(ctx: ViewContext, document: Document) -> str:
    return render(
        "card.html",
        ctx=ctx,
        doc=document,
        doc_type=ctx.project.types[document.type],
        fields=card_fields(ctx, document),
        outgoing=outgoing_groups(ctx, document),
        backlinks=backlink_groups(ctx, document),
    )
