"""One index page per type (``pm/<type>/index.md``): every document in a table."""

from __future__ import annotations

from pmdocs.render import render
from pmdocs.views import ViewContext

__all__ = ["render_page", "render_table"]


def render_table(ctx: ViewContext, type_name: str) -> str:
    """The table of every document of ``type_name``: id, title, status, the type's columns."""
    doc_type = ctx.project.types[type_name]
    return render(
        "type_index.html",
        ctx=ctx,
        doc_type=doc_type,
        documents=ctx.project.documents_of(type_name),
        columns=[c for c in doc_type.columns if c not in ("id", "title", "status")],
    )


def render_page(ctx: ViewContext, type_name: str) -> str:
    """The whole index page of ``type_name``."""
    doc_type = ctx.project.types[type_name]
    count = len(ctx.project.documents_of(type_name))
    intro = ctx.t("count_documents", count=count)
    return f"# {ctx.type_label(doc_type)}\n\n{intro}\n\n{render_table(ctx, type_name)}\n"
