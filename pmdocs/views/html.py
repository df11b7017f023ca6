"""The HTML pieces every pmdocs fragment shares: document links, status badges, field values.

They are plain Python rather than Jinja macros: a page calls them once per
field and per link, thousands of times on a large site, and a macro call costs
more than the markup it writes. They escape every value exactly as Jinja's
autoescape does (see `escape_text`) and return `Markup`, which the templates,
where they are globals, insert as it is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from pmdocs.core.doctypes import DocType
from pmdocs.core.model import Document
from pmdocs.core.validate import is_safe_url
from pmdocs.views import ViewContext, status_tone

__all__ = [
    "badge",
    "doc_link",
    "doc_links",
    "escape_jinja",
    "escape_link_text",
    "escape_markdown",
    "escape_text",
    "field_value",
    "status_badge",
    "value_html",
]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|~])")
# Braces as character references: a backslash does not keep mkdocs-macros'
# Jinja from reading `{{` or `{%` in a value.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def escape_text(value: object) -> str:
    """``value`` as HTML text: the five characters markupsafe (and so Jinja) escapes, escaped.

    The same entities as `markupsafe.escape`, so a value reads byte for byte
    the same here as in the templates; about twice as fast, which counts at one
    call per value on every page.
    """
    text = value if type(value) is str else str(value)
    # Most values have nothing to escape: looking costs less than five replaces.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    return text


def escape_markdown(text: str) -> str:
    """``text`` shown literally by Markdown: HTML escaped, Markdown syntax backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).translate(_BRACES)


def escape_link_text(text: str) -> str:
    """A link's ``text`` in Markdown that shows it as the plugin's HTML does: HTML escaped
    (quotes too), Markdown syntax backslashed, braces left as they are."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text))


def escape_jinja(text: str) -> str:
    """HTML ``text`` with its braces as character references, which no Jinja reads as its own."""
    return text.translate(_BRACES)


def doc_link(ctx: ViewContext, document: Document) -> Markup:
    """A link to a document's page showing its id, then its title."""
    return Markup(
        f'<a class="pmdocs-ref" href="{escape_text(ctx.href(document))}">'
        f'<span class="pmdocs-ref__id">{escape_text(document.id)}</span> '
        f"{escape_text(document.title)}</a>"
    )


def doc_links(ctx: ViewContext, documents: Iterable[Document]) -> Markup:
    """Links to several documents, one per line."""
    return Markup("<br>".join([doc_link(ctx, document) for document in documents]))


def badge(ctx: ViewContext, document: Document) -> Markup:
    """A document's status, labelled in the page's language and coloured by its tone."""
    return status_badge(ctx, ctx.project.types[document.type], document.status)


def status_badge(ctx: ViewContext, doc_type: DocType, status: str) -> Markup:
    """A status of ``doc_type``, labelled as its type file says in the page's language."""
    return _badge(status, doc_type.status_label(status, ctx.language))


# A site has a handful of statuses; each badge is written once per label.
# Typed, so that a status of 1 and one of True keep badges of their own.
@lru_cache(maxsize=1024, typed=True)
def _badge(status: str, label: str) -> Markup:
    # The tone comes from a fixed set of words and needs no escaping.
    return Markup(
        f'<span class="pmdocs-badge pmdocs-badge--{status_tone(status)}" '
        f'data-status="{escape_text(status)}">{escape_text(label)}</span>'
    )


def field_value(ctx: ViewContext, document: Document, name: str) -> Markup:
    """A front matter field as a reader sees it: links, a badge, a URL, text, or a dash.

    Apart from a URL, the value ends with a line break, so that on the page the
    closing tag of its cell starts the next line, as pmdocs has always written it.
    """
    graph = ctx.project.graph
    targets = graph.links_from(document.id).get(name)
    if targets:
        return Markup(f"{doc_links(ctx, [graph.documents[target] for target in targets])}\n")
    return value_html(ctx, ctx.project.types[document.type], name, document.get(name))


def value_html(ctx: ViewContext, doc_type: DocType, name: str, raw: Any) -> Markup:
    """A value field of a ``doc_type`` document as `field_value` writes it."""
    if raw is None or raw == "" or raw == []:
        return Markup(f'<span class="pmdocs-empty">{escape_text(ctx.t("none"))}</span>\n')
    if name in doc_type.url_fields:
        return Markup(_url_html(ctx, raw))
    if name == "status":
        return Markup(f"{status_badge(ctx, doc_type, raw)}\n")
    if isinstance(raw, str) and name in doc_type.date_fields:
        # One piece: a narrow column would break "2026-10-15" at its hyphens.
        return Markup(f'<span class="pmdocs-date">{escape_text(raw)}</span>\n')
    if name in doc_type.value_labels:
        raw = _labelled(ctx, doc_type, name, raw)
    return Markup(f"{_plain(ctx, raw)}\n")


def _labelled(ctx: ViewContext, doc_type: DocType, name: str, raw: Any) -> Any:
    """A value, or each item of a list, as its label in the page's language."""
    if isinstance(raw, list):
        return [doc_type.value_label(name, item, ctx.language) for item in raw]
    return doc_type.value_label(name, raw, ctx.language)


def _url_html(ctx: ViewContext, raw: Any) -> str:
    """A URL field's value: each safe URL in it a link, anything else plain text."""
    if isinstance(raw, list):
        return ", ".join(_url_html(ctx, item) for item in raw)
    if not is_safe_url(raw):
        return _plain(ctx, raw)
    text = escape_text(raw)
    return f'<a href="{text}">{text}</a>'


def _plain(ctx: ViewContext, raw: Any) -> str:
    """A value as text: yes/no, a mapping's values joined by " · ", a list's items by commas.

    A list item that is a mapping is followed by a semicolon instead, so that
    the key results of an objective or the members of a team read apart.
    """
    if isinstance(raw, str):
        return escape_text(raw)
    if isinstance(raw, list):  # before the abstract types below, which cost more to test
        return _plain_items(ctx, raw)
    if isinstance(raw, bool):
        return escape_text(ctx.t("yes") if raw else ctx.t("no"))
    if isinstance(raw, Mapping):
        return " · ".join([escape_text(item) for item in raw.values()])
    if isinstance(raw, Iterable):
        return _plain_items(ctx, raw)
    return escape_text(raw)


def _plain_items(ctx: ViewContext, items: Iterable[Any]) -> str:
    parts: list[str] = []
    separator = ""
    for item in items:
        parts += (separator, _plain(ctx, item))
        separator = ", " if isinstance(item, str) or not isinstance(item, Mapping) else "; "
    return "".join(parts)
