"""One index page per type (``pm/<type>/index.md``): every document in a table.

Built in Python rather than from a template, as the card is: the table has
a row per document and a cell per column, and a template's calls per cell
made it the largest generated page's cost on a big site.
"""

from __future__ import annotations

from pmdocs.views import ViewContext
from pmdocs.views.html import badge, escape_markdown, escape_text, field_value
from pmdocs.views.render import squeeze

__all__ = ["render_page", "render_table", "start_command"]


def render_table(ctx: ViewContext, type_name: str) -> str:
    """The table of every document of ``type_name``: id, title, status, the type's columns."""
    doc_type = ctx.project.types[type_name]
    columns = [c for c in doc_type.columns if c not in ("id", "title", "status")]
    headings = "".join(
        f'<th scope="col"{" data-filter" if column == "owner" else ""}>'
        f"{escape_text(ctx.field_label(column))}</th>"
        for column in columns
    )
    parts = [
        '<div class="pmdocs-table-wrap">\n'
        f'<table class="pmdocs-table pmdocs-index" data-type="{escape_text(type_name)}" '
        f'data-pmdocs-interactive data-language="{escape_text(ctx.language)}">\n'
        f'<thead><tr><th scope="col">{escape_text(ctx.t("id"))}</th>'
        f'<th scope="col">{escape_text(ctx.t("title"))}</th>'
        f'<th scope="col" data-filter>{escape_text(ctx.t("status"))}</th>{headings}</tr></thead>\n'
        "<tbody>\n"
    ]
    for document in ctx.project.documents_of(type_name):
        doc_id = escape_text(document.id)
        cells = "".join(f"<td>{field_value(ctx, document, column)}</td>" for column in columns)
        parts.append(
            f'<tr data-id="{doc_id}">\n'
            f'<td class="pmdocs-id">{doc_id}</td>\n'
            f'<td><a href="{escape_text(ctx.href(document))}">{escape_text(document.title)}</a></td>\n'
            f"<td>{badge(ctx, document)}</td>\n"
            f"{cells}</tr>\n"
        )
    parts.append("</tbody>\n</table>\n</div>\n")
    # Values may hold line breaks and indentation: lay them out as every fragment is.
    return squeeze("".join(parts))


def render_page(ctx: ViewContext, type_name: str, content: str | None = None) -> str:
    """The whole index page of ``type_name``: its heading, its count, then ``content``
    (the sections its type file lists) or the table of its documents."""
    doc_type = ctx.project.types[type_name]
    count = len(ctx.project.documents_of(type_name))
    if count:
        intro = ctx.count_of(count, "document")
    else:
        # Type names need no escaping.
        intro = ctx.t("no_documents", command=f"`{start_command(ctx, type_name)}`")
    if content is None:
        content = render_table(ctx, type_name)
    return f"# {escape_markdown(ctx.type_plural(doc_type))}\n\n{intro}\n\n{content}\n"


def start_command(ctx: ViewContext, type_name: str) -> str:
    """The command that starts the first document of ``type_name``."""
    return f'pmdocs new {type_name} "{ctx.t("new_title")}"'
