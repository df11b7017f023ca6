"""What a page's Markdown becomes: shared by the MkDocs plugin and `pmdocs stage`.

`compose_page` takes a page's Markdown as the engine (and its other plugins)
would read it and gives it with pmdocs' work done: a PM document's heading
over its body, ``[[ID]]`` linked, query blocks run, a generated page's HTML
set aside. What is HTML already waits behind markers: the plugin puts it
into the page once MkDocs made the page HTML, `staged_markdown` puts it back
into the Markdown, where an engine without plugins passes it through.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Container, Sequence
from typing import NamedTuple

from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.project import Project
from pmdocs.site.pages import (
    Link,
    allows_links,
    document_markdown,
    link_references,
    put_back_html,
    set_aside_html,
)
from pmdocs.site.queries import query_marker, replace_query_blocks
from pmdocs.views.html import escape_link_text

__all__ = ["PageMarkdown", "compose_page", "staged_markdown"]


class PageMarkdown(NamedTuple):
    """A page's Markdown with markers, and what stands behind them.

    ``links``: each link token's link; ``set_aside``: a generated page's
    HTML blocks; ``queries``: its query blocks as HTML; ``diagnostics``: the
    PM400s of query blocks the project did not read from the page's file.
    """

    markdown: str
    links: list[Link]
    set_aside: list[str]
    queries: list[str]
    diagnostics: list[Diagnostic]


def compose_page(
    project: Project,
    path: str,
    markdown: str,
    language: str,
    today: datetime.date,
    marker: str,
    generated: Container[str],
    prepared: Callable[[], tuple[str, list[Link]]] | None = None,
) -> PageMarkdown:
    """The page at ``path`` as pmdocs makes it, from ``markdown``, the Markdown read of it.

    ``generated`` holds the docs paths of pmdocs' own pages. ``prepared``
    gives a PM document's page Markdown and links made ahead, used when
    ``markdown`` is the document's own body (no other plugin changed it).
    """
    document = project.document_at(path)
    if document is not None:
        if prepared is not None and markdown == project.sources[path].body:
            markdown, links = prepared()
        else:
            markdown, links = document_markdown(project, document, marker, markdown)
        return _with_queries(project, path, markdown, language, today, marker, links)
    if path in generated:
        markdown, set_aside = set_aside_html(markdown, marker)
        markdown, links = link_references(project, path, markdown, marker)
        return PageMarkdown(markdown, links, set_aside, [], [])
    markdown, links = link_references(project, path, markdown, marker)
    return _with_queries(project, path, markdown, language, today, marker, links)


def _with_queries(
    project: Project,
    path: str,
    markdown: str,
    language: str,
    today: datetime.date,
    marker: str,
    links: list[Link],
) -> PageMarkdown:
    """The page's query blocks run, each replaced by a marker until the page is HTML."""
    shown = replace_query_blocks(project, path, markdown, language, today, marker)
    return PageMarkdown(shown.markdown, links, [], shown.blocks, shown.diagnostics)


def staged_markdown(page: PageMarkdown, marker: str, card: str | None = None) -> str:
    """The page's Markdown with pmdocs' HTML in it, for an engine that runs no plugin.

    Links become inline HTML tags whose text is escaped for Markdown (so
    the engine's Markdown gives the HTML the plugin writes); a reference
    where no link can stand comes back as written, as the plugin does. The
    blocks set aside and the query blocks go back as raw HTML blocks, each
    line keeping the quote or list prefix of its marker. A PM document's
    ``card`` goes under its heading, the page's first line.
    """
    markdown = _links_as_html(page.markdown, marker, page.links)
    if page.queries:
        markdown = _blocks_in_markdown(markdown, query_marker(marker), page.queries)
    if page.set_aside:
        markdown = put_back_html(markdown, marker, page.set_aside)
    if card is not None:
        heading, _, rest = markdown.partition("\n\n")
        markdown = f"{heading}\n\n{card.strip()}\n\n{rest}"
    return markdown


def _links_as_html(markdown: str, marker: str, links: Sequence[Link]) -> str:
    if not links:
        return markdown
    allowed = allows_links(_tags_only(markdown))
    parts: list[str] = []
    done = 0
    for match in re.finditer(rf"{marker}r(\d+)x", markdown):
        link = links[int(match.group(1))]
        if allowed(match.start()):
            opening = link.html[: link.html.index(">") + 1]
            shown = f"{opening}{escape_link_text(link.text)}</a>"
        else:
            shown = html.escape(link.written)
        parts += (markdown[done : match.start()], shown)
        done = match.end()
    parts.append(markdown[done:])
    return "".join(parts)


# A `<` that opens no tag in Markdown (``p < 0.01``), and code spans, whose text is no HTML.
_NOT_A_TAG = re.compile(r"<(?![A-Za-z/!?])")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _tags_only(markdown: str) -> str:
    """``markdown`` with what reads as HTML but is not blanked out, offsets kept."""
    if "<" not in markdown:
        return markdown
    text = _NOT_A_TAG.sub(" ", markdown)
    if "`" in text:
        text = _CODE_SPAN.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(1), text)
    return text


def _blocks_in_markdown(markdown: str, marker: str, blocks: Sequence[str]) -> str:
    """Each marker line replaced by its block, every line of it under the marker's prefix."""

    def block(match: re.Match[str]) -> str:
        prefix = match.group(1)
        lines = blocks[int(match.group(2))].split("\n")
        return "\n".join(f"{prefix}{line}" if line else prefix.rstrip() for line in lines)

    return re.sub(rf"^([ \t>]*){marker}x(\d+)x$", block, markdown, flags=re.MULTILINE)
