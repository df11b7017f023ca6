"""What site search reads of a PM document's page beyond its own text.

The card joins the page after search has indexed it (its nested markup was
the largest cost pmdocs added to a build), so the id, type, status and owner
it shows would not be found. Instead, just before search reads the page, the
id goes in front of the heading's text (search weighs the page's first
title a thousand times its text, so the document's page comes first for its
id) and one short line of type, status and owner goes where the card will
be; both leave the page once search has read it.

Search reads no more of a link than its text, and parses each tag at a
cost: a link with nothing but an address and plain text (as pmdocs makes
them) is its text alone in what search reads, which indexes the page the
same for a fifth less parsing. The search text is bare text and one
paragraph for the same reason.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pmdocs.core.model import Document
from pmdocs.views import ViewContext
from pmdocs.views.html import escape_text

__all__ = ["SearchText", "search_text", "searchable", "unsearchable"]

# A link that holds text alone, its one attribute the address.
_PLAIN_LINK = re.compile(r'<a href="[^"<>]*">([^<]*)</a>')


class SearchText(NamedTuple):
    """The HTML search reads of a document's page: in the heading, and where the card goes."""

    heading: str
    summary: str


def search_text(ctx: ViewContext, document: Document) -> SearchText:
    """The document's id for its heading, and its type label, status and owner as one line."""
    doc_type = ctx.project.types[document.type]
    parts = [ctx.type_label(doc_type), ctx.status_label(document.status, doc_type)]
    owner = document.get("owner")
    if isinstance(owner, str) and owner.strip():
        parts.append(owner.strip())
    summary = " · ".join(escape_text(part) for part in parts)
    return SearchText(heading=f"{escape_text(document.id)} ", summary=f"<p>{summary}</p>\n")


def searchable(html: str, place: str, text: SearchText) -> str:
    """The page's HTML as search should read it: ``text`` in its first heading and at ``place``.

    Plain links are their text. A page without a first-level heading, or
    without the card's place, gets no ``text``.
    """
    opened = _first_heading_text(html)
    card = html.find(place, opened)
    if opened >= 0 and card >= 0:
        html = f"{html[:opened]}{text.heading}{html[opened:card]}{text.summary}{html[card:]}"
    return _PLAIN_LINK.sub(r"\1", html)


def unsearchable(html: str, place: str, text: SearchText) -> str:
    """The page's HTML without the ``text`` that `searchable` added before ``place``."""
    html = html.replace(f"{text.summary}{place}", place, 1)
    opened = _first_heading_text(html)
    if opened >= 0 and html.startswith(text.heading, opened):
        html = html[:opened] + html[opened + len(text.heading) :]
    return html


def _first_heading_text(html: str) -> int:
    """Where the text of the page's first first-level heading starts, or -1."""
    start = html.find("<h1")
    return -1 if start < 0 else html.find(">", start) + 1 or -1
