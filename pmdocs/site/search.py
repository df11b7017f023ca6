"""What site search reads of a PM document's page beyond its own text.

The card joins the page after search has indexed it (its nested markup was
the largest cost pmdocs added to a build), so the id, type, status and owner
it shows would not be found. Instead, just before search reads the page, the
id goes in front of the heading's text (search weighs the page's first
title a thousand times its text, so the document's page comes first for its
id) and one short line of type, status and owner goes where the card will
be; both leave the page once search has read it.
"""

from __future__ import annotations

from typing import NamedTuple

from pmdocs.core.model import Document
from pmdocs.views import ViewContext
from pmdocs.views.html import escape_text

__all__ = ["SearchText", "search_text", "searchable", "unsearchable"]


class SearchText(NamedTuple):
    """The HTML search reads of a document's page: in the heading, and where the card goes."""

    heading: str
    summary: str


def search_text(ctx: ViewContext, document: Document, marker: str) -> SearchText:
    """The document's id for its heading, and its type label, status and owner as one line.

    ``marker`` makes both unique in the page, so that they leave it exactly.
    """
    doc_type = ctx.project.types[document.type]
    parts = [ctx.type_label(doc_type), ctx.status_label(document.status, doc_type)]
    owner = document.get("owner")
    if isinstance(owner, str) and owner.strip():
        parts.append(owner.strip())
    summary = " · ".join(escape_text(part) for part in parts)
    return SearchText(
        heading=f'<span class="{marker}">{escape_text(document.id)} </span>',
        summary=f'<p class="{marker}">{summary}</p>\n',
    )


def searchable(html: str, place: str, text: SearchText) -> str:
    """The page's HTML as search should read it: ``text`` in its first heading and at ``place``.

    A page without a first-level heading, or without the card's place, is left as it is.
    """
    start = html.find("<h1")
    opened = html.find(">", start) + 1
    card = html.find(place, opened)
    if start < 0 or not opened or card < 0:
        return html
    return f"{html[:opened]}{text.heading}{html[opened:card]}{text.summary}{html[card:]}"


def unsearchable(html: str, text: SearchText) -> str:
    """The page's HTML without what `searchable` added."""
    return html.replace(text.heading, "", 1).replace(text.summary, "", 1)
