"""The query blocks of a page, each replaced by what it shows (SPEC section 8).

Shared by the plugin and whatever else writes pages: it takes a page's
Markdown as the other plugins left it, finds the ```` ```pmdocs ```` fences
in it (not those inside other code blocks), and puts a marker line in place
of each. The blocks' HTML goes back into the page once it is HTML
(`pmdocs.site.pages.put_back_html`), so that Markdown neither parses nor
changes it, whether the fence stood at the top level, in a list item or in a
quote.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.project import Project
from pmdocs.core.query import PageQuery, find_query_blocks, may_hold_query_blocks, parse_query
from pmdocs.site.pages import marker_line
from pmdocs.views import ViewContext
from pmdocs.views.query import render_page_query

__all__ = ["PageQueries", "query_marker", "replace_query_blocks"]


class PageQueries(NamedTuple):
    """A page's Markdown with markers for its query blocks, their HTML, and the PM400s the
    project did not have (blocks that other plugins brought into the page)."""

    markdown: str
    blocks: list[str]
    diagnostics: list[Diagnostic]


def query_marker(marker: str) -> str:
    """The marker of query blocks: apart from the page's other blocks set aside under ``marker``."""
    return f"{marker}q"


def replace_query_blocks(
    project: Project,
    path: str,
    markdown: str,
    language: str,
    today: datetime.date,
    marker: str,
) -> PageQueries:
    """Every query block of the page at ``path`` replaced by a line of ``query_marker(marker)``.

    The queries the project read from the page's file are used as they are
    (their PM400s are among the project's diagnostics already); a block the
    file does not have, which another plugin added, is read here.
    """
    if not may_hold_query_blocks(markdown):
        return PageQueries(markdown, [], [])
    found = find_query_blocks(markdown)
    if not found:
        return PageQueries(markdown, [], [])
    known: dict[str, list[PageQuery]] = {}
    for page_query in project.queries_of(path):
        known.setdefault(page_query.block.yaml, []).append(page_query)
    document = project.document_at(path)
    this_id = document.id if document is not None else None
    ctx = ViewContext(project, path, language, today)
    own = query_marker(marker)
    parts: list[str] = []
    blocks: list[str] = []
    added: list[Diagnostic] = []
    done = 0
    for block in found:
        same = known.get(block.yaml)
        if same:
            page_query = same.pop(0)
        else:
            source = project.sources.get(path)
            shown = source.path if source is not None else path  # as the project names files
            query, diagnostics = parse_query(
                block, project.types, shown, 0, document, graph=project.graph
            )
            page_query = PageQuery(block, query, tuple(diagnostics))
            added.extend(diagnostics)
        blocks.append(render_page_query(ctx, page_query, this_id))
        # Blank lines around the marker make it a paragraph of its own, even where
        # the fence interrupted one; the prefix keeps it in its quote or list item.
        prefix = block.indent
        blank = prefix.rstrip()
        parts += (
            markdown[done : block.start],
            f"\n{blank}\n{prefix}{marker_line(own, len(blocks) - 1)}\n{blank}\n{prefix}",
        )
        done = block.end
    parts.append(markdown[done:])
    return PageQueries("".join(parts), blocks, added)
