"""The MkDocs plugin's event handlers: thin glue between MkDocs and pmdocs' site and core."""

from __future__ import annotations

import dataclasses
import datetime
import html
import os
import re
import secrets
import tempfile
import zlib
from collections.abc import Container, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from pmdocs.core.changes import SiteHistory
from pmdocs.core.config import language_of_theme, resolve_today, settings_from_options
from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.doctypes import ConfigError, TypeSet, load_types
from pmdocs.core.export import export_json_parts
from pmdocs.core.i18n import CHANGES
from pmdocs.core.model import Document
from pmdocs.core.project import Project, Settings, SourceCache, load_project, not_regular_files
from pmdocs.core.theme_meta import ThemeFolders
from pmdocs.core.urls import SiteUrls
from pmdocs.plugin.config import PmdocsConfig
from pmdocs.site.batches import MadeAhead
from pmdocs.site.compose import compose_page
from pmdocs.site.pages import (
    SCRIPT_PATH,
    STYLESHEET_PATH,
    Link,
    anchor_ids,
    document_card,
    document_markdown,
    document_meta,
    export_path,
    generated_page_paths,
    guide_page_path,
    iter_generated_pages,
    link_references,
    linked_markdown,
    put_back_html,
    put_back_links,
    script,
    stylesheet,
)
from pmdocs.site.queries import query_marker
from pmdocs.site.search import SearchText, search_text, searchable, unsearchable
from pmdocs.views import ViewContext
from pmdocs.views.guide import GUIDE

log = get_plugin_logger("pmdocs")

STYLESHEET = STYLESHEET_PATH
SCRIPT = SCRIPT_PATH

# `mkdocs serve` builds a new plugin instance on every rebuild; the cache of
# parsed sources outlives them so unchanged files are not parsed again.
_CACHES: dict[str, SourceCache] = {}
# Plugins that build the navigation the user wrote, in place of MkDocs' own.
_NAV_PLUGINS = ("awesome-nav", "literate-nav", "awesome-pages")
# A title without these reads the same escaped or not.
_HTML_SPECIAL = re.compile(r"[&<>\"']")
_Made = TypeVar("_Made")


class PmdocsPlugin(BasePlugin[PmdocsConfig]):
    """Checks the PM documents, adds the generated pages and decorates every page."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.project: Project | None = None
        self.generated: list[str] = []
        self.types: TypeSet | None = None
        self.rendering: str | None = None  # the page Markdown is reading now
        self.today = datetime.date.today()
        # pmdocs' HTML skips Markdown and search: marker lines and words stand in
        # for it until the page is HTML, then comments until search has read the page.
        self.marker = f"pmdocs{secrets.token_hex(8)}"
        self.set_aside: dict[str, list[str]] = {}
        self.packed: dict[str, list[bytes]] = {}
        self.links: dict[str, list[Link]] = {}
        self.queries: dict[str, list[str]] = {}  # each page's query blocks, as HTML
        self.indexed: str | None = None  # the content of the page being written, as search saw it
        self.searched: _Searched | None = None  # the page being written, as search reads it
        self.scratch: tempfile.TemporaryDirectory[str] | None = None
        # Each PM document's page Markdown and links, and its card.
        self.pages: MadeAhead[tuple[str, list[Link]]] | None = None
        self.cards: MadeAhead[str] | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Absolute without resolving links, as MkDocs makes docs_dir.
        root = Path(os.path.abspath(config.config_file_path or "mkdocs.yml")).parent
        options = {key: value for key, value in self.config.items() if value is not None}
        try:
            self.settings = settings_from_options(
                root=root,
                docs_dir=Path(config.docs_dir),
                options=options,
                theme_language=config.theme.get("language"),
                use_directory_urls=config.use_directory_urls,
                config_name=Path(config.config_file_path or "mkdocs.yml").name,
            )
            self.today = resolve_today(self.settings.today)
        except ConfigError as error:
            raise PluginError(f"pmdocs: {error}") from None
        theme = ThemeFolders(config.theme.dirs)
        self.settings = dataclasses.replace(self.settings, theme=theme)
        if _includes_snippets(config) and not any(
            isinstance(e, _IncludedReferences) for e in config.markdown_extensions
        ):
            # MkDocs hands the list to Markdown, which takes extension objects too.
            config.markdown_extensions.append(_IncludedReferences(self))  # type: ignore[arg-type]
        # mkdocs-static-i18n runs the whole build again for each language.
        if STYLESHEET not in map(str, config.extra_css):
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(SCRIPT)
        return config

    # Before the plugins that take stock of the site's pages (redirects checks
    # its targets against them): pmdocs' pages are there from the start, and
    # get their content once the documents are read.
    @event_priority(100)
    def _hold_pages(self, files: Files, config: MkDocsConfig) -> Files:
        if "i18n" not in config.plugins:
            self._hold(files, config, folder="")
        return files

    # After the plugins that add, remove or move pages (the blog, gen-files,
    # exclude), so that the documents are the pages the site will have and
    # their URLs are final; before literate-nav, which reads the pages to
    # build the navigation the user wrote.
    @event_priority(-90)
    def _fill_pages(self, files: Files, config: MkDocsConfig) -> Files:
        if "i18n" not in config.plugins:
            self._load_and_fill(files, config, folder="")
        return files

    # mkdocs-static-i18n (at -100) keeps one language's pages a build and
    # drops what is not a file of the docs folder: pmdocs' pages come after
    # it, under that language's folder of the site.
    @event_priority(-110)
    def _pages_per_language(self, files: Files, config: MkDocsConfig) -> Files:
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            folder = "" if getattr(i18n, "is_default_language_build", True) else _language(i18n)
            self._hold(files, config, folder)
            self._load_and_fill(files, config, folder)
        return files

    on_files = CombinedEvent(_hold_pages, _fill_pages, _pages_per_language)

    def _hold(self, files: Files, config: MkDocsConfig, folder: str) -> None:
        """pmdocs' files in the site, each page empty until `_load_and_fill`.

        Which pages there are depends on the types alone: one per type.
        """
        settings = self._settings()
        try:
            self.types = load_types(settings.schemas_dir, settings.root)
        except ConfigError as error:
            raise PluginError(f"pmdocs: {error}") from None
        self.generated = generated_page_paths(self.types, settings.prefix)
        for path in [*self.generated, self._export_path()]:
            self._add(files, config, path, [], folder)
        self._add(files, config, STYLESHEET, [stylesheet()])
        self._add(files, config, SCRIPT, [script()])

    def _load_and_fill(self, files: Files, config: MkDocsConfig, folder: str) -> None:
        settings = self.settings = self._build_settings(config)
        cache = _CACHES.setdefault(str(settings.docs_dir), SourceCache())
        own = {*self.generated, self._export_path(), STYLESHEET, SCRIPT}
        on_disk, given = _markdown_sources(files, settings.docs_dir, own)
        copied = [
            f.src_uri
            for f in files
            if not f.generated_by
            and f.src_dir == config.docs_dir
            and not f.is_documentation_page()
            and _built(f)
        ]
        try:
            project = load_project(
                settings, on_disk, cache, self.types, copied_paths=copied, given=given
            )
        except ConfigError as error:
            raise PluginError(f"pmdocs: {error}") from None
        project.urls = SiteUrls(
            config.use_directory_urls,
            {file.src_uri: file.url for file in _site_pages(files)},
            folder=folder,
        )
        self.project = project
        _report(project.diagnostics)
        # Drafts are read by `mkdocs serve` only: one that is not a regular
        # file would hang it, and `mkdocs build` would not show it anyway.
        drafts = [
            f.src_uri for f in files if not f.generated_by and f.inclusion is InclusionLevel.DRAFT
        ]
        left_out = project.unreadable_paths().union(
            project.not_regular, not_regular_files(settings.docs_dir, drafts)
        )
        for path in left_out:
            files.remove(files.get_file_from_path(path))  # type: ignore[arg-type]
        for path, content in iter_generated_pages(project, settings.language, self.today):
            self._write(path, [content])
        _report_history(project)
        self._write(self._export_path(), export_json_parts(project))

    def _export_path(self) -> str:
        return export_path(self._settings().prefix)

    def _build_settings(self, config: MkDocsConfig) -> Settings:
        """The settings as this build's other plugins left MkDocs' config.

        mkdocs-static-i18n sets the theme's language for each language's
        build, and Material's offline plugin turns directory URLs off, both
        after pmdocs has read its options.
        """
        settings = self._settings()
        language = self.config.language or language_of_theme(config.theme.get("language"))
        return dataclasses.replace(
            settings, language=language, use_directory_urls=config.use_directory_urls
        )

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if _navigation_is_automatic(config):
            settings = self._settings()
            index = f"{settings.prefix}/index.md"
            section = _section_of(nav.items, index)
            if section is not None:
                guides = Section(GUIDE("guides", settings.language), [])
                guide_paths = {guide_page_path(settings.prefix, name) for name in self.types or ()}
                _flatten(section, self._view(index).t("pm"), self.generated, guides, guide_paths)
                _after_home_page(nav.items, section)
                nav.pages = list(_pages_in(nav.items))
                _link_in_order(nav.pages)
        # The order in which MkDocs reads, then writes, the pages; MkDocs
        # builds its navigation before it reads any page.
        project = self._project()
        pages = [file.src_uri for file in files.documentation_pages()]
        self._make_ahead([path for path in pages if project.document_at(path) is not None])
        return nav

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """A PM document's body, read and split already: MkDocs need not parse its YAML again."""
        project = self._project()
        if project.document_at(page.file.src_uri) is None:
            return None
        return project.sources[page.file.src_uri].body

    # First, so that every plugin that reads a page's meta (macros'
    # `render_macros`, Material's `.meta.yml`, the blog) finds a PM
    # document's front matter there, as it finds any page's.
    @event_priority(200)
    def _set_meta(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
        document = self._project().document_at(page.file.src_uri)
        if document is not None:
            page.meta = {**document_meta(document, self._settings().theme), **page.meta}

    # Last, on the Markdown every other plugin has made of the page
    # (included files, macros' output): what they added is linked too.
    @event_priority(-100)
    def _link_page(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.src_uri
        self.rendering = path
        composed = compose_page(
            self._project(),
            path,
            markdown,
            self._settings().language,
            self.today,
            self.marker,
            self.generated,
            prepared=lambda: _ahead(self.pages).take(path),
        )
        self.links[path] = composed.links
        if composed.set_aside:
            self.set_aside[path] = composed.set_aside
        if composed.queries:
            self.queries[path] = composed.queries
        # PM400s of blocks another plugin brought in; the file's own were reported with the project.
        _report(composed.diagnostics)
        return composed.markdown

    on_page_markdown = CombinedEvent(_set_meta, _link_page)

    def link_included(self, markdown: str) -> str:
        """``[[ID]]`` that Markdown extensions brought into the page being rendered, linked.

        pymdownx.snippets includes its files while Markdown reads the page,
        after every plugin's ``on_page_markdown``. Markdown that is rendered
        outside a page of the site (the blog's excerpts) is left alone.
        """
        path = self.rendering
        if path is None or "[[" not in markdown:
            return markdown
        links = self.links.setdefault(path, [])
        markdown, added = link_references(
            self._project(), path, markdown, self.marker, first=len(links)
        )
        links.extend(added)
        return markdown

    @event_priority(100)  # before any other plugin looks at the page's HTML
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Comments in place of pmdocs' markers; its HTML joins the page once search has read it.

        It is HTML already: through Markdown it would be parsed twice (by
        Python-Markdown and by MkDocs' anchor finder) only to come out as it
        went in. It joins the page in `on_page_context`, after search has
        indexed the page: cards and index tables repeat what the documents'
        own pages say, and indexing their nested markup was the largest cost
        pmdocs added to a build.
        """
        project = self._project()
        path = page.file.src_uri
        self.rendering = None
        links = self.links.pop(path, [])
        html = put_back_links(html, self.marker, links)
        queries = self.queries.pop(path, [])
        if queries:
            html = put_back_html(html, query_marker(self.marker), queries)
        self._leave_markdown(page, links, queries)
        if project.document_at(path) is not None:
            # The card goes under the page heading, which is the document's first.
            return html.replace("</h1>", f"</h1>\n{self._place(0)}\n", 1)
        blocks = self.set_aside.get(path)
        if not blocks:
            return html
        if page.present_anchor_ids is not None:  # links to #anchors in them still check
            page.present_anchor_ids.update(anchor_ids(blocks))
        places = [self._place(index) for index in range(len(blocks))]
        # MkDocs renders every page before it writes any: the generated pages' tables
        # wait until then, packed (HTML packs about tenfold; a few MiB at 5,000 documents).
        self.packed[path] = [zlib.compress(block.encode(), 1) for block in blocks]
        del self.set_aside[path]
        return put_back_html(html, self.marker, places)

    def _leave_markdown(self, page: Page, links: list[Link], queries: list[str]) -> None:
        """The page's Markdown for what reads it after MkDocs: links in it, never pmdocs' tokens.

        Material's blog renders a post's Markdown again for its excerpts. A
        PM document's page Markdown that no one reads again is the
        document's own (kept by the source cache anyway), not a copy.
        """
        path = page.file.src_uri
        project = self._project()
        if project.document_at(path) is not None and not _is_blog_page(page.file):
            page.markdown = project.sources[path].body
        elif page.markdown is not None:
            if links:
                page.markdown = linked_markdown(page.markdown, path, self.marker, links)
            if queries:
                # Raw HTML, which Markdown rendering the page again passes through.
                page.markdown = put_back_html(page.markdown, query_marker(self.marker), queries)

    @event_priority(50)  # before search indexes the page
    def _show_search(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """A PM document's id, type, status and owner for search to read, its plain links as text."""
        document = self._project().document_at(page.file.src_uri)
        if document is not None and page.content is not None:
            text, place = search_text(self._view(document.path), document), self._place(0)
            read = searchable(page.content, place, text)
            self.searched = _Searched(page.content, read, place, text)
            page.content = read
        return context

    @event_priority(-100)  # after search has indexed the page
    def _put_back(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """pmdocs' HTML in place of its comments, in the content the theme writes."""
        path = page.file.src_uri
        content = page.content
        if self._project().document_at(path) is not None:
            blocks = [_ahead(self.cards).take(path)]
            if self.searched is not None and content is not None:
                content, self.searched = self.searched.written_for(content), None
        else:
            blocks = [zlib.decompress(block).decode() for block in self.packed.pop(path, [])]
        if blocks and content is not None:
            self.indexed = content
            for index, block in enumerate(blocks):
                content = content.replace(self._place(index), block, 1)
            page.content = content
        return context

    on_page_context = CombinedEvent(_show_search, _put_back)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.indexed is not None:
            # MkDocs keeps every page's content until the build ends; the cards
            # and tables, which repeat the project, need not stay (5 MiB of
            # cards at 1,000 documents).
            page.content, self.indexed = self.indexed, None
        title = self._title_of(page)
        # Material writes `page.title | striptags` into <title>, which undoes the escaping.
        if title is None or not _HTML_SPECIAL.search(title):
            return output
        unescaped = Markup(html.escape(title)).striptags()
        if unescaped == html.escape(unescaped):
            return output
        return output.replace(f"<title>{unescaped}", f"<title>{html.escape(unescaped)}", 1)

    def _title_of(self, page: Page) -> str | None:
        """The title as written, of a page whose title pmdocs gives MkDocs escaped."""
        path = page.file.src_uri
        document = self._project().document_at(path)
        if document is not None:
            return document.title
        if path in self.generated and page.title is not None:
            return html.unescape(page.title)
        return None

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._drop_scratch()

    def on_build_error(self, error: Exception) -> None:
        self._drop_scratch()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        schemas_dir = self._settings().schemas_dir
        if schemas_dir is not None and schemas_dir.is_dir():
            server.watch(str(schemas_dir))
        return server

    def _settings(self) -> Settings:
        if self.settings is None:
            raise PluginError("pmdocs: the plugin was not configured")
        return self.settings

    def _project(self) -> Project:
        if self.project is None:
            raise PluginError("pmdocs: the documents were not loaded")
        return self.project

    def _make_ahead(self, order: list[str]) -> None:
        """Each document's page Markdown, links and card, made in batches along ``order``."""
        project, language = self._project(), self._settings().language

        def page(path: str) -> tuple[str, list[Link]]:
            return document_markdown(project, _document(project, path), self.marker)

        def card(path: str) -> str:
            return document_card(project, _document(project, path), language, self.today)

        self.pages = MadeAhead(page, order)
        self.cards = MadeAhead(card, order)

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        parts: Iterable[str],
        folder: str = "",
    ) -> None:
        """A generated file added to the site, in ``folder`` of it when given.

        In a language's folder the file keeps its docs path, as
        mkdocs-static-i18n's pages do, so Markdown links to it still resolve.
        """
        file = File.generated(config, src_uri, abs_src_path=self._write(src_uri, parts))
        if folder:
            file.dest_uri = f"{folder}/{file.dest_uri}"
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.warning(f"pmdocs generates {src_uri}, which replaces the file of that name")
            files.remove(existing)
        not_in_nav = config.not_in_nav
        if not_in_nav is not None and not_in_nav.match_file(src_uri):
            file.inclusion = InclusionLevel.NOT_IN_NAV
        else:
            file.inclusion = InclusionLevel.INCLUDED
        files.append(file)

    def _write(self, src_uri: str, parts: Iterable[str]) -> str:
        """A generated file written to a scratch folder, so that MkDocs does not hold its content.

        MkDocs keeps every in-memory file's content for the whole build; the
        index pages, the traceability table and the export grow with the
        number of documents, and MkDocs reads each once.
        """
        try:
            if self.scratch is None:
                self.scratch = tempfile.TemporaryDirectory(prefix="pmdocs-")
            target = Path(self.scratch.name, *src_uri.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8", newline="\n") as stream:
                stream.writelines(parts)
        except OSError as error:
            message = f"cannot write {src_uri} to a temporary folder: {error.strerror or error}"
            raise PluginError(f"pmdocs: {message}") from None
        return str(target)

    def _drop_scratch(self) -> None:
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None

    def _place(self, index: int) -> str:
        """Where block ``index`` of a page goes once the page is written."""
        return f"<!-- {self.marker} {index} -->"

    def _view(self, page: str) -> ViewContext:
        return ViewContext(self._project(), page, self._settings().language, self.today)


class _Searched(NamedTuple):
    """A document's page as the theme writes it and as search reads it."""

    written: str
    read: str
    place: str  # of the card
    text: SearchText

    def written_for(self, content: str) -> str:
        """The page to write, given its ``content`` after search.

        A plugin that changed the page in between keeps its change; only
        the search text leaves it then, and its links stay text.
        """
        return (
            self.written if content is self.read else unsearchable(content, self.place, self.text)
        )


class _IncludedReferences(Extension):
    """Links the ``[[ID]]`` of text that pymdownx.snippets includes, right after it does."""

    def __init__(self, plugin: PmdocsPlugin) -> None:
        super().__init__()
        self.plugin = plugin

    def extendMarkdown(self, md: Markdown) -> None:
        # pymdownx.snippets runs at 32; fences are set aside at 25.
        md.preprocessors.register(_LinkIncluded(md, self.plugin), "pmdocs_included", 31)


class _LinkIncluded(Preprocessor):
    def __init__(self, md: Markdown, plugin: PmdocsPlugin) -> None:
        super().__init__(md)
        self.plugin = plugin

    def run(self, lines: list[str]) -> list[str]:
        if self.plugin.rendering is None:
            return lines
        text = "\n".join(lines)
        linked = self.plugin.link_included(text)
        return lines if linked is text else linked.split("\n")


def _includes_snippets(config: MkDocsConfig) -> bool:
    """Whether the site's Markdown includes files while it reads a page (pymdownx.snippets)."""
    return "pymdownx.snippets" in config.markdown_extensions


def _ahead(made: MadeAhead[_Made] | None) -> MadeAhead[_Made]:
    if made is None:
        raise PluginError("pmdocs: the documents were not loaded")
    return made


def _document(project: Project, path: str) -> Document:
    document = project.document_at(path)
    if document is None:
        raise PluginError(f"pmdocs: {path} is not a PM document")
    return document


def _report(diagnostics: list[Diagnostic]) -> None:
    """Errors as warnings (so `--strict` fails), warnings at info level."""
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            log.warning(diagnostic.format_text())
        else:
            log.info(diagnostic.format_text())


def _report_history(project: Project) -> None:
    """Why pm/changes.md has nothing to compare: never a warning, the build goes on.

    At info level for a revision that cannot be found (no tag, a shallow
    clone); a site outside git is no problem at all, and says so at debug level.
    """
    history = project.kept("history")
    if isinstance(history, SiteHistory) and history.problem is not None:
        reason = CHANGES(history.problem, "en").format(since=history.since or "")
        level = log.debug if history.problem == "no_git" else log.info
        level(f"pm/changes.md shows no changes: {reason}")


def _markdown_sources(
    files: Files, docs_dir: Path, own: Container[str]
) -> tuple[list[str], dict[str, bytes]]:
    """The site's Markdown pages: docs paths of files in the docs folder, contents of the rest.

    Other plugins make pages that are no file of the docs folder
    (gen-files); pmdocs reads those from MkDocs, as MkDocs does. Its ``own``
    pages are left out.
    """
    on_disk: list[str] = []
    given: dict[str, bytes] = {}
    folder = os.path.join(os.fspath(docs_dir), "")
    for file in _site_pages(files):
        if file.src_uri in own:
            continue
        source = file.abs_src_path
        if file.generated_by is None and source is not None and source.startswith(folder):
            on_disk.append(file.src_uri)
        else:
            try:
                given[file.src_uri] = file.content_bytes
            except OSError as error:
                log.warning(f"pmdocs cannot read {file.src_uri}: {error.strerror or error}")
    return on_disk, given


def _site_pages(files: Files) -> list[File]:
    """The Markdown pages the site will have.

    Material's blog marks its posts and views excluded while it sorts them,
    until its ``on_nav``; they are pages of the site all the same.
    """
    return [
        file
        for file in files
        if file.is_documentation_page() and (_built(file) or _is_blog_page(file))
    ]


def _is_blog_page(file: File) -> bool:
    return type(file.page).__module__.startswith("material.plugins.blog")


def _navigation_is_automatic(config: MkDocsConfig) -> bool:
    """Whether MkDocs made the navigation from the files, with no `nav` the user wrote."""
    return config.nav is None and not any(name in config.plugins for name in _NAV_PLUGINS)


def _language(i18n: Any) -> str:
    """The language mkdocs-static-i18n builds now, as its folder in the site."""
    return str(getattr(i18n, "current_language", "") or "")


def _built(file: File) -> bool:
    """Whether ``mkdocs build`` reads the file (drafts and excluded files it does not)."""
    return bool(file.inclusion.is_included())


def _section_of(items: list[Any], index_path: str) -> Section | None:
    """The navigation section that holds the generated function map."""
    for item in items:
        if isinstance(item, Section):
            children = item.children
            if any(
                isinstance(child, Page) and child.file.src_uri == index_path for child in children
            ):
                return item
            found = _section_of(children, index_path)
            if found is not None:
                return found
    return None


def _flatten(
    section: Section, title: str, order: list[str], guides: Section, guide_paths: Container[str]
) -> None:
    """One level of generated pages, in the order pmdocs generated them, the guides in ``guides``.

    The writing guides, one per type, are for those who write the documents:
    one subsection at the end keeps them from crowding the pages stakeholders read.
    """
    rank = {path: index for index, path in enumerate(order)}
    pages = sorted(_pages_in(section.children), key=lambda p: rank.get(p.file.src_uri, len(rank)))
    guides.children = [page for page in pages if page.file.src_uri in guide_paths]
    section.title = title
    section.children = [page for page in pages if page.file.src_uri not in guide_paths]
    for page in section.children:
        page.parent = section
    if guides.children:
        section.children.append(guides)
        guides.parent = section
        for page in guides.children:
            page.parent = guides


def _after_home_page(items: list[Any], section: Section) -> None:
    """Move the generated section, when it is at the top level, to right after the home page.

    MkDocs sorts folders by name, which puts ``pm`` anywhere among the
    user's folders; a reader looks for the overview of the product near the
    top. Only the automatic navigation is reordered, never a `nav` the user
    wrote.
    """
    if section not in items:
        return
    items.remove(section)
    home = next(
        (
            index
            for index, item in enumerate(items)
            if isinstance(item, Page) and item.file.src_uri in ("index.md", "README.md")
        ),
        -1,
    )
    items.insert(home + 1, section)


def _link_in_order(pages: list[Page]) -> None:
    """Previous and next page links in the navigation's order, as MkDocs sets them."""
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None


def _pages_in(items: list[Any]) -> Any:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages_in(item.children)
