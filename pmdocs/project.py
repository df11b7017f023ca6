"""Loading a whole docs folder into a checked `Project`.

Every Markdown file is read once; documents are validated against their
types, links are resolved, and inline references are checked on every page.
All problems are collected; none stops the others from being found.
"""

from __future__ import annotations

import datetime
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pmdocs.diagnostics import Diagnostic, Severity, sort_diagnostics
from pmdocs.doctypes import TypeSet, load_types
from pmdocs.frontmatter import Position, SourceText, read_source
from pmdocs.graph import Graph, build_graph
from pmdocs.model import Document
from pmdocs.natural import natural_key
from pmdocs.references import find_references, names_unknown_id
from pmdocs.rules import Rule, check_rules
from pmdocs.translations import Translations
from pmdocs.urls import SiteUrls
from pmdocs.validate import check_document

__all__ = [
    "Project",
    "Settings",
    "SourceCache",
    "find_markdown",
    "load_project",
    "load_site_project",
]


@dataclass(frozen=True)
class Settings:
    """Where the sources are and the plugin options that shape the project."""

    root: Path
    docs_dir: Path
    prefix: str = "pm"
    language: str = "en"
    schemas_dir: Path | None = None
    today: datetime.date | None = None
    use_directory_urls: bool = True
    rules: tuple[Rule, ...] = ()
    exclude_docs: str = ""
    translations: Translations | None = None


@dataclass
class Project:
    """Every source, every PM document, the link graph and every problem."""

    settings: Settings
    types: TypeSet
    sources: dict[str, SourceText]
    documents: list[Document]
    graph: Graph
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Where each page is on the site; the plugin hands over the URLs MkDocs gave them.
    urls: SiteUrls = field(init=False)
    _by_path: dict[str, Document] = field(init=False, repr=False)
    _by_type: dict[str, list[Document]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.urls = SiteUrls(self.settings.use_directory_urls)
        self._by_path = {d.path: d for d in self.documents}
        self._by_type = {}
        for document in self.documents:
            self._by_type.setdefault(document.type, []).append(document)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def unreadable_paths(self) -> set[str]:
        """Docs paths of files with PM100–PM102, left out of the site."""
        return {path for path, source in self.sources.items() if source.unreadable}

    def documents_of(self, type_name: str) -> list[Document]:
        """The documents of a type, in the project's order."""
        return list(self._by_type.get(type_name, ()))

    def document_at(self, docs_path: str) -> Document | None:
        return self._by_path.get(docs_path)


class SourceCache:
    """Parsed sources of one docs folder, reused while size and mtime are unchanged.

    `mkdocs serve` rebuilds the whole site on every change; with the cache
    only the files that changed are read and parsed again. Entries are kept
    by the path diagnostics show, a string every source holds anyway.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[int, int, SourceText]] = {}
        self.hits = 0
        self.misses = 0

    def read(self, path: str | os.PathLike[str], display: str) -> SourceText:
        """The source of the file at ``path``, shown as ``display`` in diagnostics."""
        stat = os.stat(path)
        entry = self._entries.get(display)
        if entry and entry[:2] == (stat.st_size, stat.st_mtime_ns):
            self.hits += 1
            return entry[2]
        self.misses += 1
        with open(path, "rb") as file:
            source = read_source(display, file.read())
        self._entries[source.path] = (stat.st_size, stat.st_mtime_ns, source)
        return source


def find_markdown(docs_dir: Path, exclude_docs: str = "") -> list[str]:
    """Docs paths of every Markdown file MkDocs would build.

    MkDocs leaves out dot-files, ``/templates/`` and the ``exclude_docs``
    patterns (gitignore syntax); so does pmdocs.
    """
    excluded = _exclusion(exclude_docs)
    found = []
    for folder, subfolders, filenames in os.walk(docs_dir):
        subfolders.sort()
        relative = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        for name in filenames:
            path = prefix + name
            if name.endswith((".md", ".markdown")) and not excluded(path):
                found.append(path)
    return sorted(found, key=natural_key)


def _exclusion(exclude_docs: str) -> Callable[[str], bool]:
    """Whether MkDocs leaves out a docs path: its defaults plus ``exclude_docs``.

    Without ``exclude_docs`` the defaults (``.*`` and ``/templates/``) are
    checked directly: pathspec's import alone was a fifth of the start-up of
    ``pmdocs check``.
    """
    if not exclude_docs.strip():
        return _excluded_by_default
    from pathspec.gitignore import GitIgnoreSpec

    spec = GitIgnoreSpec.from_lines([".*", "/templates/", *exclude_docs.splitlines()])
    return spec.match_file


def _excluded_by_default(path: str) -> bool:
    """What ``.*`` and ``/templates/`` exclude: a dot-name anywhere, the top templates folder."""
    return path.startswith((".", "templates/")) or "/." in path


def load_project(
    settings: Settings,
    docs_paths: Iterable[str] | None = None,
    cache: SourceCache | None = None,
    types: TypeSet | None = None,
    given: Mapping[str, bytes] | None = None,
) -> Project:
    """Read, validate and link every Markdown file under ``settings.docs_dir``.

    ``given`` holds the contents of pages that are not files in the docs
    folder (another MkDocs plugin made them), by docs path; they are read
    like the files. Raises `ConfigError` only for a broken type file,
    schemas folder or team rule.
    """
    with _collector_paused():
        return _load_project(settings, docs_paths, cache, types, given or {})


def load_site_project(settings: Settings, types: TypeSet | None = None) -> Project:
    """The project as the site's builds see it: per language, when the site has several.

    Each language is loaded from its own pages (`Translations.pages_of`);
    the result holds every language's documents and problems, each problem
    once. Its graph is the default language's.
    """
    translations = settings.translations
    if translations is None:
        return load_project(settings, types=types)
    if types is None:
        types = load_types(settings.schemas_dir, settings.root)
    paths = find_markdown(settings.docs_dir, settings.exclude_docs)
    cache = SourceCache()
    projects = [
        load_project(settings, translations.pages_of(language, paths), cache, types)
        for language in translations.languages
    ]
    first = projects[0]
    # A document's translations count once, as the default language's version.
    documents = {
        translations.locale_of(d.path)[1]: d
        for project in reversed(projects)
        for d in project.documents
    }
    diagnostics = {d: None for project in projects for d in project.diagnostics}
    sources = {path: s for project in projects for path, s in project.sources.items()}
    return Project(
        settings,
        types,
        sources,
        sorted(documents.values(), key=lambda d: (natural_key(d.id), natural_key(d.path))),
        first.graph,
        sort_diagnostics(diagnostics),
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a project loads.

    Loading creates hundreds of thousands of small objects that stay alive and
    form no reference cycles; the collector would walk the growing heap again
    and again for nothing (a fifth of ``pmdocs check`` on 10,000 documents).
    Whatever the load frees is still freed at once by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything the load allocated is young to the collector, which would
        # walk all of it at its next pass. Freezing then unfreezing moves every
        # tracked object to the oldest generation, left to the rare full passes.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _load_project(
    settings: Settings,
    docs_paths: Iterable[str] | None,
    cache: SourceCache | None,
    types: TypeSet | None,
    given: Mapping[str, bytes],
) -> Project:
    if types is None:
        types = load_types(settings.schemas_dir, settings.root)
    if docs_paths is None:
        paths = find_markdown(settings.docs_dir, settings.exclude_docs)  # sorted already
    else:
        paths = sorted({*docs_paths, *given}, key=natural_key)
    reader = cache or SourceCache()
    docs_dir = os.fspath(settings.docs_dir)
    shown_dir = _display_path(settings.docs_dir, settings.root)
    sources = {
        path: read_source(_shown(shown_dir, path), given[path])
        if path in given
        else _read(docs_dir, shown_dir, path, reader)
        for path in paths
    }
    diagnostics: list[Diagnostic] = []
    documents: list[Document] = []
    for path, source in sources.items():
        diagnostics.extend(source.diagnostics)
        if source.unreadable:
            continue
        document, problems = check_document(source, types, path)
        diagnostics.extend(problems)
        if document is not None:
            documents.append(document)
    graph, link_problems = build_graph(documents, types)
    diagnostics.extend(link_problems)
    diagnostics.extend(_unknown_references(sources, graph))
    diagnostics.extend(check_rules(settings.rules, types, documents, graph))
    documents.sort(key=lambda d: (natural_key(d.id), natural_key(d.path)))
    return Project(settings, types, sources, documents, graph, sort_diagnostics(diagnostics))


def _read(docs_dir: str, shown_dir: str, docs_path: str, cache: SourceCache) -> SourceText:
    """The source at ``docs_path``; ``shown_dir`` is the docs folder as diagnostics name it.

    Plain string paths: pathlib objects per file were a tenth of loading.
    """
    display = _shown(shown_dir, docs_path)
    try:
        return cache.read(os.path.join(docs_dir, docs_path), display)
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        diagnostic = Diagnostic(Severity.ERROR, "PM100", display, 1, 1, message)
        return SourceText(display, None, "", 1, (diagnostic,))


def _shown(shown_dir: str, docs_path: str) -> str:
    """A docs path as diagnostics name it: relative to the folder holding ``mkdocs.yml``."""
    return docs_path if shown_dir == "." else f"{shown_dir}/{docs_path}"


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")


def _unknown_references(sources: dict[str, SourceText], graph: Graph) -> list[Diagnostic]:
    diagnostics = []
    for source in sources.values():
        if source.unreadable or not names_unknown_id(source.body, graph.documents):
            continue
        page_id = source.front_matter.data.get("id") if source.front_matter else None
        for ref in find_references(source.body):
            if ref.id in graph:
                continue
            doc_id = page_id if isinstance(page_id, str) else None
            suggestion = graph.suggest_id(ref.id, exclude=doc_id)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            message = f"[[{ref.id}]] refers to no document{hint}"
            position = Position(source.body_line + ref.line, ref.column + 1)
            diagnostics.append(Diagnostic.at(position, "PM210", source.path, message, doc_id))
    return diagnostics
