"""What pmdocs adds to a site: generated pages, decorated documents, linked references.

Pure functions of a loaded `Project`; the MkDocs plugin only moves their
results in and out of MkDocs.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources

from pmdocs.model import Document
from pmdocs.project import Project
from pmdocs.references import Reference, replace_references
from pmdocs.views import ViewContext, function_map, risk, roadmap, traceability, type_index
from pmdocs.views.card import render_card
from pmdocs.views.guide import render_guide
from pmdocs.views.html import escape_jinja, escape_markdown

__all__ = [
    "anchor_ids",
    "document_card",
    "document_markdown",
    "generated_pages",
    "iter_generated_pages",
    "link_references",
    "linked_markdown",
    "marker_line",
    "put_back_html",
    "put_back_links",
    "script",
    "set_aside_html",
    "split_heading",
    "stylesheet",
]

_LEADING_HEADING = re.compile(r"\A\s*#\s[^\n]*(?:\n|\Z)")
_ATX_HEADING = re.compile(r" {0,3}#")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})", re.MULTILINE)
# Attribute values in pmdocs' HTML are escaped, so `"` only ever delimits them.
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')


def _with_title(title: str, markdown: str, wide: bool = False) -> str:
    """A generated page with its title in front matter (JSON is valid YAML).

    The title is escaped, as a PM document's is: MkDocs and the theme write a
    page's title into the navigation and the header as it is, and a type's
    label comes from a type file. A wide page (a timeline, a wide table)
    hides Material's table of contents to give its content the room.
    mkdocs-macros, which would read the documents' values on the page as its
    own Jinja, leaves the page alone.
    """
    hide = "hide: [toc]\n" if wide else ""
    shown = json.dumps(escape_jinja(html.escape(title)), ensure_ascii=False)
    return f"---\ntitle: {shown}\nrender_macros: false\n{hide}---\n\n{markdown}"


def generated_pages(project: Project, language: str, today: datetime.date) -> dict[str, str]:
    """Docs path → Markdown of every page pmdocs generates, under the prefix."""
    return dict(iter_generated_pages(project, language, today))


def iter_generated_pages(
    project: Project, language: str, today: datetime.date
) -> Iterator[tuple[str, str]]:
    """(docs path, Markdown) of every generated page, one at a time.

    The index pages and the traceability table grow with the number of
    documents; a build writes each away before the next is made.
    """
    base = ViewContext(project, f"{project.settings.prefix}/index.md", language, today)
    yield base.page, _with_title(base.t("pm"), function_map.render_page(base))
    for type_name in project.types:
        if project.documents_of(type_name):
            ctx = base.for_page(base.generated(f"{type_name}/index.md"))
            title = _type_title(ctx, type_name)
            yield ctx.page, _with_title(title, _type_page(ctx, type_name), type_name == "roadmap")
    ctx = base.for_page(base.generated("traceability.md"))
    title = traceability.LABELS("title", language)
    yield ctx.page, _with_title(title, traceability.render_page(ctx), wide=True)


def _type_title(ctx: ViewContext, type_name: str) -> str:
    if type_name == "roadmap":
        return roadmap.CATALOG("roadmap", ctx.language)
    if type_name == "risk":
        return risk.LABELS("title", ctx.language)
    return ctx.type_label(ctx.project.types[type_name])


def _type_page(ctx: ViewContext, type_name: str) -> str:
    """A type's index page, ending with how to write a document of the type.

    The roadmap's page is its timeline, the risks' their register; the
    others list their documents.
    """
    if type_name == "roadmap":
        page = roadmap.render_page(ctx)
    elif type_name == "risk":
        page = risk.render_page(ctx)
    else:
        page = type_index.render_page(ctx, type_name)
    guide = render_guide(ctx, ctx.project.types[type_name])
    return f"{page}\n{guide}"


def split_heading(document: Document, body: str) -> tuple[str, str]:
    """The page's heading (the document's own ``#`` heading, else its title) and the rest."""
    written = _LEADING_HEADING.match(body)
    if written:  # the document's own heading stays the page heading, above the card
        return written.group(0).strip(), body[written.end() :]
    return f"# {escape_markdown(document.title)}", body


def document_markdown(
    project: Project, document: Document, marker: str, body: str | None = None
) -> tuple[str, list[str]]:
    """A PM document's page Markdown: its heading, then its body with `[[ID]]` linked.

    ``body`` is the Markdown other plugins made of the document's body, if
    they changed it. Returns the Markdown and the links' HTML, as
    `link_references` does.
    """
    if body is None:
        body = project.sources[document.path].body
    heading, body = split_heading(document, body)
    return link_references(project, document.path, f"{heading}\n\n{body}", marker)


def document_card(project: Project, document: Document, language: str, today: datetime.date) -> str:
    """The HTML of a PM document's metadata card."""
    return render_card(ViewContext(project, document.path, language, today), document)


def set_aside_html(markdown: str, marker: str) -> tuple[str, list[str]]:
    """A generated page's Markdown with each block of HTML replaced by a marker line.

    Generated pages hold their HTML in blocks of their own, between blank
    lines and starting with a tag (code fences aside). Markdown would parse
    every tag of them only to copy them out unchanged; `put_back_html` puts
    the blocks returned here into the page's HTML instead.
    """
    kept: list[str] = []
    blocks: list[str] = []
    fenced = False
    for block in markdown.split("\n\n"):
        if not fenced and block.startswith("<"):
            kept.append(marker_line(marker, len(blocks)))
            blocks.append(block.rstrip("\n"))
            continue
        kept.append(block)
        if len(_FENCE.findall(block)) % 2:
            fenced = not fenced
    return "\n\n".join(kept), blocks


def marker_line(marker: str, index: int) -> str:
    """The line that stands in for block ``index`` set aside under ``marker``."""
    return f"{marker}x{index}x"


def put_back_html(text: str, marker: str, blocks: Sequence[str]) -> str:
    """The page's HTML with every marker line replaced by its block, as Markdown writes raw HTML."""
    if not blocks:
        return text

    def block(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return blocks[int(match.group(2))]
        # The marker's own paragraph: Markdown ends a raw block with a line
        # break, and the whole page without one.
        end = "" if match.end() == len(text) else "\n"
        return f"{blocks[int(match.group(1))]}{end}"

    return re.sub(rf"<p>{marker}x(\d+)x</p>|{marker}x(\d+)x", block, text)


def anchor_ids(blocks: Iterable[str]) -> set[str]:
    """The ``id`` attributes in blocks of pmdocs' HTML (values are always double-quoted)."""
    return {html.unescape(value) for block in blocks for value in _ID_ATTRIBUTE.findall(block)}


def link_references(
    project: Project, page_path: str, markdown: str, marker: str
) -> tuple[str, list[str]]:
    """Every ``[[ID]]`` outside code linked, showing id and title (or the given text).

    Returns the Markdown and the links' HTML. A link's URL is made relative
    to the page by pmdocs, which knows it: as a Markdown link, Markdown would
    parse it and MkDocs resolve its path again on every page; as an HTML tag,
    Markdown would still parse the tag. So outside headings a word,
    ``_link_token(marker, index)``, stands in for link ``index`` until
    `put_back_links` puts it in the page's HTML. In a heading, whose text also
    makes the table of contents and the anchor, the tag is written in place.
    """
    if "[[" not in markdown:
        return markdown, []
    graph = project.graph
    urls = project.urls
    lines = markdown.split("\n")
    links: list[str] = []

    def render(reference: Reference) -> str | None:
        target = graph.get(reference.id)
        if target is None:
            return None  # reported as PM210; left as written
        text = reference.text if reference.text is not None else f"{target.id} {target.title}"
        href = urls.between(target.path, page_path)
        if _is_heading(lines, reference.line):
            return f'<a href="{html.escape(href)}">{escape_markdown(text)}</a>'
        links.append(f'<a href="{html.escape(href)}">{html.escape(text)}</a>')
        return _link_token(marker, len(links) - 1)

    return replace_references(markdown, render), links


def linked_markdown(markdown: str, marker: str, links: Sequence[str]) -> str:
    """``markdown`` with each link token back as the link's HTML, for Markdown read again."""
    if not links:
        return markdown
    return re.sub(rf"{marker}r(\d+)x", lambda match: links[int(match.group(1))], markdown)


def _link_token(marker: str, index: int) -> str:
    """The word that stands in for link ``index`` of a page until it is HTML."""
    return f"{marker}r{index}x"


def put_back_links(html_text: str, marker: str, links: Sequence[str]) -> str:
    """The page's HTML with every link token replaced by its link."""
    if not links:
        return html_text
    return re.sub(rf"{marker}r(\d+)x", lambda match: links[int(match.group(1))], html_text)


def _is_heading(lines: Sequence[str], index: int) -> bool:
    """Whether line ``index`` may be a heading: a ``#`` line, or a line above ``===``/``---``.

    Taking a line for a heading when it is not costs nothing but speed.
    """
    line = lines[index]
    if _ATX_HEADING.match(line):
        return True
    following = index + 1
    return (
        following < len(lines)
        and bool(line.strip())
        and bool(_SETEXT_UNDERLINE.match(lines[following]))
    )


def stylesheet() -> str:
    """pmdocs' CSS: every stylesheet of the package, in name order, as one file."""
    folder = resources.files("pmdocs") / "assets"
    sheets = [entry for entry in folder.iterdir() if entry.name.endswith(".css")]
    # The base sheet defines the variables the others use, so it comes first.
    sheets.sort(key=lambda entry: (entry.name != "pmdocs.css", entry.name))
    return "\n".join(entry.read_text(encoding="utf-8") for entry in sheets)


def script() -> str:
    """pmdocs' JavaScript: sortable, filterable tables; the site works without it."""
    return (resources.files("pmdocs") / "assets" / "pmdocs.js").read_text(encoding="utf-8")
