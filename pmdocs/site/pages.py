"""What pmdocs adds to a site: generated pages, decorated documents, linked references.

Pure functions of a loaded `Project`; the MkDocs plugin only moves their
results in and out of MkDocs.
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import Any, NamedTuple
from urllib.parse import quote

from pmdocs.core.i18n import CHANGES
from pmdocs.core.model import Document
from pmdocs.core.project import Project
from pmdocs.core.references import Reference, replace_references
from pmdocs.core.theme_meta import ThemeFolders, theme_safe_meta
from pmdocs.views import (
    ViewContext,
    changes,
    function_map,
    query,
    risk,
    roadmap,
    traceability,
    type_index,
)
from pmdocs.views.card import render_card
from pmdocs.views.guide import GUIDE, render_guide
from pmdocs.views.html import escape_jinja, escape_markdown

__all__ = [
    "SCRIPT_PATH",
    "STYLESHEET_PATH",
    "Link",
    "allows_links",
    "anchor_ids",
    "document_card",
    "document_markdown",
    "document_meta",
    "export_path",
    "generated_page_paths",
    "generated_pages",
    "guide_page_path",
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

# pmdocs' stylesheet and script, as files of the site.
STYLESHEET_PATH = "assets/pmdocs/pmdocs.css"
SCRIPT_PATH = "assets/pmdocs/pmdocs.js"

_LEADING_HEADING = re.compile(r"\A\s*#\s[^\n]*(?:\n|\Z)")
# A setext underline, also in a quote, a list item or an indented block.
_SETEXT_UNDERLINE = re.compile(r"[ \t>]*(?:[*+-][ \t]+)?(?:=+|-+)[ \t]*$")
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
        ctx = base.for_page(base.generated(f"{type_name}/index.md"))
        title = _type_title(ctx, type_name)
        yield ctx.page, _with_title(title, _type_page(ctx, type_name), type_name == "roadmap")
    ctx = base.for_page(base.generated("traceability.md"))
    title = traceability.LABELS("title", language)
    yield ctx.page, _with_title(title, traceability.render_page(ctx), wide=True)
    ctx = base.for_page(base.generated("changes.md"))
    yield ctx.page, _with_title(CHANGES("title", language), changes.render_page(ctx))
    for type_name in project.types:
        ctx = base.for_page(guide_page_path(project.settings.prefix, type_name))
        title = _guide_title(ctx, type_name)
        yield ctx.page, _with_title(title, _guide_page(ctx, type_name, title))


def generated_page_paths(types: Iterable[str], prefix: str) -> list[str]:
    """The docs paths of the pages `iter_generated_pages` makes, in its order.

    They depend on the types alone, so the site can hold them before the
    documents are read: one page and one writing guide per type, with
    documents or not.
    """
    names = list(types)
    return [
        f"{prefix}/index.md",
        *(f"{prefix}/{type_name}/index.md" for type_name in names),
        f"{prefix}/traceability.md",
        f"{prefix}/changes.md",
        *(guide_page_path(prefix, type_name) for type_name in names),
    ]


def export_path(prefix: str) -> str:
    """The docs path of the site's JSON export of every document."""
    return f"{prefix}/pmdocs.json"


def guide_page_path(prefix: str, type_name: str) -> str:
    """The docs path of a type's writing guide (``guide`` is no type's name)."""
    return f"{prefix}/guide/{type_name}.md"


def _type_title(ctx: ViewContext, type_name: str) -> str:
    if type_name == "roadmap":
        return roadmap.CATALOG("roadmap", ctx.language)
    if type_name == "risk":
        return risk.LABELS("title", ctx.language)
    return ctx.type_plural(ctx.project.types[type_name])


def _type_page(ctx: ViewContext, type_name: str) -> str:
    """A type's index page, with a link to its writing guide under the heading.

    The roadmap's page is its timeline, the risks' their register; a type
    whose file lists queries under ``page:`` shows them; the others list
    their documents. How to write one is a page of its own:
    stakeholders read these.
    """
    queries = query.render_type_page(ctx, type_name)
    if queries is not None:
        # A type file's `page:` makes the page of its queries, after the heading and the count.
        page = type_index.render_page(ctx, type_name, queries)
    elif type_name == "roadmap":
        page = roadmap.render_page(ctx)
    elif type_name == "risk":
        page = risk.render_page(ctx)
    else:
        page = type_index.render_page(ctx, type_name)
    heading, _, rest = page.partition("\n\n")
    guide = ctx.url_to(guide_page_path(ctx.prefix, type_name))
    link = f'<a href="{html.escape(guide)}">{html.escape(GUIDE("guide_link", ctx.language))}</a>'
    line = html.escape(GUIDE("guide_line", ctx.language)).format(link=link)
    line = f'<p class="pmdocs-guide-link">{line}</p>'
    return f"{heading}\n\n{line}\n\n{rest}"


def _guide_title(ctx: ViewContext, type_name: str) -> str:
    label = ctx.type_label(ctx.project.types[type_name])
    return GUIDE("page_title", ctx.language).format(type=label)


def _guide_page(ctx: ViewContext, type_name: str, title: str) -> str:
    """A type's writing guide, with a link to the type's page."""
    doc_type = ctx.project.types[type_name]
    page = html.escape(ctx.url_to(ctx.generated(f"{type_name}/index.md")))
    label = html.escape(ctx.type_plural(doc_type))
    documents = html.escape(GUIDE("documents", ctx.language)).format(
        link=f'<a href="{page}">{label}</a>'
    )
    return (
        f"# {escape_markdown(title)}\n\n"
        f'<p class="pmdocs-guide-link">{documents}</p>\n\n'
        f"{render_guide(ctx, doc_type)}"
    )


def split_heading(document: Document, body: str) -> tuple[str, str]:
    """The page's heading (the document's own ``#`` heading, else its title) and the rest."""
    written = _LEADING_HEADING.match(body)
    if written:  # the document's own heading stays the page heading, above the card
        return written.group(0).strip(), body[written.end() :]
    return f"# {escape_markdown(document.title)}", body


def document_markdown(
    project: Project, document: Document, marker: str, body: str | None = None
) -> tuple[str, list[Link]]:
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


def document_meta(document: Document, theme: ThemeFolders | None) -> dict[str, Any]:
    """The page meta of a PM document: its front matter, read as pmdocs reads it.

    What the theme writes into HTML as it is (the title, the description,
    the tags) is escaped, and a theme key the theme could not take is left
    out (it is a diagnostic already). ``status`` is left out too, since
    Material would show it as its own page-status icon where the card shows
    pmdocs' badge.
    """
    meta = theme_safe_meta(document.data, theme)
    meta.pop("status", None)
    meta["title"] = escape_jinja(html.escape(document.title))
    return meta


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


class Link(NamedTuple):
    """A reference's link: its HTML, and the reference as written, for where no link can stand.

    ``target`` (the linked page's docs path) and ``text`` make the link again
    as Markdown, for a plugin that renders the page's Markdown once more.
    """

    html: str
    written: str
    target: str
    text: str


def link_references(
    project: Project, page_path: str, markdown: str, marker: str, first: int = 0
) -> tuple[str, list[Link]]:
    """Every ``[[ID]]`` reference linked, showing id and title (or the given text).

    ``first`` is the number of the page's first new link, when the page has
    links already.

    Returns the Markdown and the links. A link's URL is made relative to the
    page by pmdocs, which knows it: as a Markdown link, Markdown would parse
    it and MkDocs resolve its path again on every page; as an HTML tag,
    Markdown would still parse the tag. So outside headings a word,
    ``_link_token(marker, index)``, stands in for link ``index`` until
    `put_back_links` puts it in the page's HTML. In a heading, whose text also
    makes the table of contents, the anchor and the search entry, the tag is
    written in place: a token there would end up in all three; so it is
    right after ``<``, where a token would read as a tag.
    """
    if "[[" not in markdown:
        return markdown, []
    graph = project.graph
    urls = project.urls
    lines = markdown.split("\n")
    headings = _HeadingLines(lines)
    links: list[Link] = []

    def render(reference: Reference) -> str | None:
        target = graph.get(reference.id)
        if target is None:
            return None  # reported as PM210; left as written
        text = reference.text if reference.text is not None else f"{target.id} {target.title}"
        href = html.escape(urls.between(target.path, page_path))
        if headings.may_be_heading(reference.line) or _follows_tag_opening(lines, reference):
            return f'<a href="{href}">{escape_markdown(text)}</a>'
        written = _written(reference)
        links.append(Link(f'<a href="{href}">{html.escape(text)}</a>', written, target.path, text))
        return _link_token(marker, first + len(links) - 1)

    return replace_references(markdown, render), links


def linked_markdown(markdown: str, page_path: str, marker: str, links: Sequence[Link]) -> str:
    """``markdown`` with each link token as a Markdown link to its page's source file.

    Material's blog renders a post's Markdown again for its excerpts on the
    blog's index, archive and category pages; a link to the source file is
    resolved there for each of those pages, as any link a user writes.
    """
    if not links:
        return markdown
    folder = posixpath.dirname(page_path) or "."

    def link(match: re.Match[str]) -> str:
        target = links[int(match.group(1))]
        return (
            f"[{escape_markdown(target.text)}]({quote(posixpath.relpath(target.target, folder))})"
        )

    return re.sub(rf"{marker}r(\d+)x", link, markdown)


def _follows_tag_opening(lines: Sequence[str], reference: Reference) -> bool:
    """Whether the reference follows ``<`` or ``</``: a token, a word, would make a tag of them."""
    column = reference.column
    return lines[reference.line][max(column - 2, 0) : column].endswith(("<", "</"))


def _written(reference: Reference) -> str:
    """A reference as Markdown shows it when left as written (its id's spaces aside)."""
    return (
        f"[[{reference.id}]]" if reference.text is None else f"[[{reference.id}|{reference.text}]]"
    )


def _link_token(marker: str, index: int) -> str:
    """The word that stands in for link ``index`` of a page until it is HTML."""
    return f"{marker}r{index}x"


def allows_links(text: str) -> Callable[[int], bool]:
    """Whether a link can stand at an offset of ``text``, read in order as `put_back_links` does."""
    return _HtmlContext(text).allows_link_at


def put_back_links(html_text: str, marker: str, links: Sequence[Link]) -> str:
    """The page's HTML with every link token replaced by its link.

    Where Markdown carried a token where no link can stand (in a tag, a
    comment, or an element such as ``<a>`` or ``<code>``, through syntax the
    reference scan does not follow), the reference comes back as written.
    """
    if not links:
        return html_text
    context = _HtmlContext(html_text)
    parts: list[str] = []
    done = 0
    for match in re.finditer(rf"{marker}r(\d+)x", html_text):
        link = links[int(match.group(1))]
        linkable = context.allows_link_at(match.start())
        parts += (
            html_text[done : match.start()],
            link.html if linkable else html.escape(link.written),
        )
        done = match.end()
    parts.append(html_text[done:])
    return "".join(parts)


# Elements of a page's HTML inside which a link cannot stand.
_LINKLESS_ELEMENTS = frozenset(
    {"a", "button", "code", "kbd", "pre", "samp", "script", "style", "textarea", "title"}
)
# A comment, or the opening or closing tag of a link-less element (its name
# ends at a space, "/" or ">", so that <a> is not <abbr>).
_LINKLESS_OPENING = re.compile(
    r"<!--|<(/?)(" + "|".join(sorted(_LINKLESS_ELEMENTS)) + r")(?=[\s/>])", re.IGNORECASE
)


class _HtmlContext:
    """Open comments, tags and link-less elements, read along a page's HTML up to each token.

    Each part of the page is read once, and only up to the last token; a
    ``<`` is looked at with a plain search and an anchored match, which
    keeps the cost near that of finding the tokens.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._read_up_to = 0
        self._comment_end = -1  # where the comment open at the point read ends
        self._inside_tag = False
        self._depths: dict[str, int] = {}
        self._open = 0  # the sum of the depths

    def allows_link_at(self, at: int) -> bool:
        self._read(at)
        return not (self._inside_tag or self._comment_end > at or self._open)

    def _read(self, at: int) -> None:
        text, position = self._text, self._read_up_to
        if position < at:
            opened, closed = text.rfind("<", position, at), text.rfind(">", position, at)
            if opened >= 0 or closed >= 0:
                self._inside_tag = opened > closed
        position = max(position, self._comment_end)
        while position < at:
            # Only comments and link-less elements matter: one search skips every other tag.
            found = _LINKLESS_OPENING.search(text, position, at)
            if found is None:
                break
            position = self._take(found, at)
        self._read_up_to = at

    def _take(self, found: re.Match[str], token: int) -> int:
        """Take in the comment or tag ``found`` before a token; the offset to read on from."""
        text = self._text
        if found.group(2) is None:  # a comment
            end = text.find("-->", found.start() + 4)
            self._comment_end = len(text) if end < 0 else end + 3
            return self._comment_end
        element = found.group(2).lower()
        if not _self_closing(text, found.end(), token):
            depth = self._depths.get(element, 0)
            if found.group(1):
                if depth:
                    self._depths[element] = depth - 1
                    self._open -= 1
            else:
                self._depths[element] = depth + 1
                self._open += 1
        return found.end()


def _self_closing(text: str, after_name: int, limit: int) -> bool:
    """Whether the tag whose name ends at ``after_name`` ends with ``/>`` (looked for up to ``limit``)."""
    end = text.find(">", after_name, limit)
    return end > 0 and text[end - 1] == "/"


class _HeadingLines:
    """Which lines of a page may be headings, each looked at once."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines
        self._known: dict[int, bool] = {}

    def may_be_heading(self, index: int) -> bool:
        """A line with a ``#`` (ATX headings, in any block, even after an HTML tag), or above ``===``/``---``.

        Taking a line for a heading when it is not costs nothing but speed.
        """
        known = self._known.get(index)
        if known is None:
            known = self._known[index] = self._look(index)
        return known

    def _look(self, index: int) -> bool:
        line = self._lines[index]
        if "#" in line:
            return True
        following = index + 1
        return (
            following < len(self._lines)
            and bool(line.strip())
            and bool(_SETEXT_UNDERLINE.match(self._lines[following]))
        )


def stylesheet() -> str:
    """pmdocs' CSS: every stylesheet of the package, in name order, as one file."""
    folder = resources.files("pmdocs.views") / "assets"
    sheets = [entry for entry in folder.iterdir() if entry.name.endswith(".css")]
    # The base sheet defines the variables the others use, so it comes first.
    sheets.sort(key=lambda entry: (entry.name != "pmdocs.css", entry.name))
    return "\n".join(entry.read_text(encoding="utf-8") for entry in sheets)


def script() -> str:
    """pmdocs' JavaScript: sortable, filterable tables; the site works without it."""
    return (resources.files("pmdocs.views") / "assets" / "pmdocs.js").read_text(encoding="utf-8")
