"""The metadata card at the top of every PM document's page.

Built in Python rather than from a template: a site renders one card per
document, and a Jinja macro call per field and per link made the cards a
large part of a big site's build.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple
from urllib.parse import urlsplit

from pmdocs.core.derived import derived_values
from pmdocs.core.doctypes import DocType, Labels
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.validate import is_safe_url
from pmdocs.views import ViewContext
from pmdocs.views.changes import history_line
from pmdocs.views.html import badge, doc_link, escape_text, value_html
from pmdocs.views.render import squeeze
from pmdocs.views.risk import band_label

__all__ = ["LinkGroup", "backlink_groups", "card_fields", "outgoing_groups", "render_card"]

RELATED_OPEN = 4  # related documents shown without a click; more stay behind "Related (N)"


class LinkGroup(NamedTuple):
    """Linked documents under one label (a link field, or a reverse label)."""

    label: Labels
    documents: tuple[Document, ...]


def card_fields(document: Document, doc_type: DocType) -> list[str]:
    """The fields the card shows: the type's card fields that the document sets."""
    get = document.data.get
    return [name for name in doc_type.card_fields if get(name) not in (None, "", [])]


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
    grouped: dict[Labels, dict[str, Document]] = defaultdict(dict)  # sources by id
    for link in graph.links_to(document.id):
        source = graph.documents[link.source]
        label = ctx.project.types[source.type].links[link.field].reverse
        grouped[label][source.id] = source
    groups = [
        LinkGroup(label, tuple(sources[i] for i in sorted(sources, key=natural_key)))
        for label, sources in grouped.items()
    ]
    return sorted(groups, key=lambda group: group.label(ctx.language))


def render_card(ctx: ViewContext, document: Document) -> str:
    """The card: type, id, status and URL, then the fields, the links and the backlinks."""
    doc_type = ctx.project.types[document.type]
    parts = [_head(ctx, document), history_line(ctx, document)]
    fields = card_fields(document, doc_type)
    if fields:
        # Each field a chip of name and value, side by side: the body starts high on the page.
        parts.append('<dl class="pmdocs-card__fields">\n')
        data = document.data
        parts += (
            f'<div class="pmdocs-card__field"><dt>{escape_text(ctx.field_label(name))}</dt>'
            f"<dd>{value_html(ctx, doc_type, name, data[name])}</dd></div>"
            for name in fields
        )
        parts.append("</dl>\n")
    numbers = _numbers(ctx, document)
    if numbers:
        parts.append(numbers)
    outgoing = outgoing_groups(ctx, document)
    backlinks = backlink_groups(ctx, document)
    if outgoing or backlinks:
        parts.append(_related(ctx, outgoing, backlinks))
    parts.append("</div>")
    # Values may hold line breaks and indentation: lay them out as every fragment is.
    return squeeze("".join(parts))


def _numbers(ctx: ViewContext, document: Document) -> str:
    """The numbers SPEC section 4 computes for the document's type, as pages and exports
    give them: a risk's score and band, a progress, a requirement's demand, overdue."""
    values = derived_values(ctx.project, document)
    entries = []
    for name, value in values.items():
        if value is None or (name == "overdue" and value is False):
            continue
        if name == "band":
            shown = escape_text(band_label(value, ctx.language))
            entries.append(
                f"<dt>{escape_text(ctx.field_label(name))}</dt>"
                f'<dd data-derived="band"><span class="pmdocs-band pmdocs-band--{escape_text(value)}">'
                f"{shown}</span></dd>"
            )
            continue
        if name == "progress":
            shown = f"{round(value * 100)} %"
        elif isinstance(value, bool):
            shown = escape_text(ctx.t("yes") if value else ctx.t("no"))
        else:
            shown = escape_text(
                int(value) if isinstance(value, float) and value.is_integer() else value
            )
        entries.append(
            f"<dt>{escape_text(ctx.field_label(name))}</dt>"
            f'<dd data-derived="{escape_text(name)}">{shown}</dd>'
        )
    if not entries:
        return ""
    return f'<dl class="pmdocs-card__fields pmdocs-card__numbers">\n{"".join(entries)}</dl>\n'


def _head(ctx: ViewContext, document: Document) -> str:
    type_name = escape_text(ctx.type_label(ctx.project.types[document.type]))
    type_url = escape_text(ctx.url_to(ctx.generated(f"{document.type}/index.md")))
    url = document.get("url")
    opener = ""
    if url and is_safe_url(url):  # false for anything but text
        # The link says where it goes: the host, not only "Open".
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # a malformed address, e.g. an unclosed [IPv6]
            host = ""
        text = ctx.t("open_url_at", host=host) if host else ctx.t("open_url")
        opener = (
            f'<a class="pmdocs-card__url" href="{escape_text(url)}" rel="noopener">'
            f"{escape_text(text)} ↗</a>"
        )
    return (
        f'<div class="pmdocs-card" data-pmdocs-id="{escape_text(document.id)}" '
        f'data-type="{escape_text(document.type)}">\n'
        '<div class="pmdocs-card__head">\n'
        f'<a class="pmdocs-card__type" href="{type_url}">{type_name}</a>\n'
        f'<span class="pmdocs-card__id">{escape_text(document.id)}</span>\n'
        f"{badge(ctx, document)}\n"
        f"{opener}</div>\n"
    )


def _related(ctx: ViewContext, outgoing: list[LinkGroup], backlinks: list[LinkGroup]) -> str:
    """Links and backlinks in one disclosure, "Related (11)", open when they are few.

    A document linked from many others would push its own text below the
    fold; closed, the card keeps to a few lines and the count says what is
    behind it.
    """
    related = {d.id for group in (*outgoing, *backlinks) for d in group.documents}
    opened = " open" if len(related) <= RELATED_OPEN else ""
    parts = [
        f'<details class="pmdocs-card__related"{opened}>\n'
        f"<summary>{escape_text(ctx.t('related', count=len(related)))}</summary>\n"
    ]
    if outgoing:
        parts.append(_section(ctx, "pmdocs-card__links", ctx.t("links"), outgoing))
    if backlinks:
        parts.append(_section(ctx, "pmdocs-card__backlinks", ctx.t("backlinks"), backlinks))
    parts.append("</details>\n")
    return "".join(parts)


def _section(ctx: ViewContext, kind: str, heading: str, groups: list[LinkGroup]) -> str:
    entries = "".join(
        f"<dt>{escape_text(group.label(ctx.language))}</dt><dd><ul>{_items(ctx, group)}</ul></dd>"
        for group in groups
    )
    return (
        f'<div class="pmdocs-card__section {kind}">\n'
        f'<p class="pmdocs-card__heading">{escape_text(heading)}</p>\n'
        f"<dl>\n{entries}</dl>\n</div>\n"
    )


def _items(ctx: ViewContext, group: LinkGroup) -> str:
    return "".join(
        f"<li>{doc_link(ctx, document)} {badge(ctx, document)}</li>" for document in group.documents
    )
