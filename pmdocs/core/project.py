"""Loading a whole docs folder into a checked `Project`.

Every Markdown file is read once; documents are validated against their
types, links are resolved, and inline references are checked on every page.
All problems are collected; none stops the others from being found.
"""

from __future__ import annotations

import datetime
import gc
import os
import stat
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pmdocs.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from pmdocs.core.doctypes import TypeSet, load_types
from pmdocs.core.frontmatter import Position, SourceText, read_source
from pmdocs.core.graph import Graph, build_graph
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.query_blocks import may_hold_query_blocks
from pmdocs.core.query_parse import PageQuery, page_queries
from pmdocs.core.references import find_references, names_unknown_id
from pmdocs.core.rules import Rule, check_rules
from pmdocs.core.staleness import Staleness, check_staleness
from pmdocs.core.theme_meta import ThemeFolders
from pmdocs.core.translations import Translations
from pmdocs.core.urls import SiteUrls
from pmdocs.core.validate import check_document, normal_id

__all__ = [
    "MARKDOWN_SUFFIXES",
    "MAX_FILE_BYTES",
    "DocsFiles",
    "Project",
    "Settings",
    "SourceCache",
    "files_taken_by_build",
    "find_docs_files",
    "load_project",
    "load_site_project",
    "not_regular_files",
    "taken_by_build",
]


T = TypeVar("T")

# MkDocs' `utils.markdown_extensions`: the files it builds as pages (case matters).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
# The largest Markdown file pmdocs reads. Far above any page a person writes
# (front matter alone stops at 256 KiB); it bounds what one file can cost.
MAX_FILE_BYTES = 16 * 1024 * 1024
# Opening a named pipe for reading waits for a writer unless it is non-blocking;
# regular files read the same either way.
_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)


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
    draft_docs: str = ""
    theme: ThemeFolders | None = None  # where template and icon values must be found
    translations: Translations | None = None
    # Weight of each customer segment in a requirement's demand (SPEC section 4),
    # as pairs: settings stay hashable.
    segment_weights: tuple[tuple[str, float], ...] = (("A", 3), ("B", 2), ("C", 1))
    # Quarters before and after today's that the roadmap timeline shows; None: every date.
    roadmap_window: tuple[int, int] | None = (-1, 4)
    # pm/changes.md and the cards compare with this revision: a tag, a commit
    # or a duration (``30d``); None for the latest tag.
    changes_since: str | None = None
    staleness: Staleness | None = None  # PM310/PM311, off when None


@dataclass
class Project:
    """Every source, every PM document, the link graph and every problem."""

    settings: Settings
    types: TypeSet
    sources: dict[str, SourceText]
    documents: list[Document]
    graph: Graph
    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_regular: tuple[str, ...] = ()  # docs paths of copied files left out of the site
    # The query blocks of the pages that have any, by docs path (see `queries_of`).
    queries: dict[str, list[PageQuery]] = field(default_factory=dict)
    # Where each page is on the site; the plugin hands over the URLs MkDocs gave them.
    urls: SiteUrls = field(init=False)
    _by_path: dict[str, Document] = field(init=False, repr=False)
    _by_type: dict[str, list[Document]] = field(init=False, repr=False)
    # What is worked out from the project once and reused by every page of a
    # build (derived numbers, query indexes, the docs folder's git history), by name.
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False)

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
        """Docs paths of Markdown files with PM100–PM102, left out of the site."""
        return {path for path, source in self.sources.items() if source.unreadable}

    def documents_of(self, type_name: str) -> list[Document]:
        """The documents of a type, in the project's order."""
        return list(self._by_type.get(type_name, ()))

    def document_at(self, docs_path: str) -> Document | None:
        return self._by_path.get(docs_path)

    def queries_of(self, docs_path: str) -> list[PageQuery]:
        """The query blocks of the page at ``docs_path``, each with its query or PM400s.

        Parsed once, when the project loads, for every page that has one; a
        page given later (another plugin's) is parsed on first use.
        """
        found = self.queries.get(docs_path)
        if found is None:
            source = self.sources.get(docs_path)
            if source is None or source.unreadable or not may_hold_query_blocks(source.body):
                return []
            found = _queries_of_source(source, self.types, self.graph, self.document_at(docs_path))
            self.queries[docs_path] = found
        return list(found)

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """What ``build()`` returns, built on the first call for ``key`` and kept.

        For what is computed from the whole project and asked for many
        times (derived numbers, query indexes): the project does not change
        once loaded.
        """
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    def kept(self, key: str) -> Any:
        """What was kept under ``key`` while the project was loaded, or None."""
        return self._memo.get(key)


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
        """The source of the file at ``path``, shown as ``display`` in diagnostics.

        Only a regular file is read, and never more than `MAX_FILE_BYTES`:
        a named pipe would wait for a writer forever, a link to ``/dev/zero``
        would fill the memory.
        """
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return _not_regular(display, status.st_mode)
        entry = self._entries.get(display)
        if entry and entry[:2] == (status.st_size, status.st_mtime_ns):
            self.hits += 1
            return entry[2]
        self.misses += 1
        with open(path, "rb", opener=_open_non_blocking) as file:
            status = os.fstat(file.fileno())  # the file opened, not the name checked above
            if not stat.S_ISREG(status.st_mode):
                return _not_regular(display, status.st_mode)
            raw = _read_at_most(file, status.st_size, MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return _too_large(display, max(len(raw), status.st_size))
        source = read_source(display, raw)
        self._entries[source.path] = (status.st_size, status.st_mtime_ns, source)
        return source


def _read_at_most(file: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` of them; ``size`` is what the file system says it holds.

    Asking for ``limit`` bytes at once would make Python set aside that much
    for every file; a file that holds more than it says (it grew, or lives
    in /proc) is read on, to the limit.
    """
    raw = file.read(min(size, limit - 1) + 1)
    if len(raw) > size and len(raw) < limit:
        raw += file.read(limit - len(raw))
    return raw


def _open_non_blocking(path: str, flags: int) -> int:
    return os.open(path, flags | _NON_BLOCKING)


def not_regular_files(docs_dir: Path, docs_paths: Iterable[str]) -> list[str]:
    """The docs paths among ``docs_paths`` that are not regular files (or not there)."""
    found = []
    for path in docs_paths:
        try:
            regular = stat.S_ISREG(os.stat(os.path.join(docs_dir, path)).st_mode)
        except OSError:
            regular = False
        if not regular:
            found.append(path)
    return found


def _not_regular(display: str, mode: int) -> SourceText:
    return _unreadable(display, "PM100", _not_regular_message(_file_kind(mode)))


def _not_regular_message(kind: str) -> str:
    return f"the file is {kind}, not a regular file; pmdocs reads only regular files"


def _too_large(display: str, size: int) -> SourceText:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    message = f"the file is over {limit} MiB ({size:,} bytes); the limit is {limit} MiB"
    return _unreadable(display, "PM102", message)


def _unreadable(display: str, code: str, message: str) -> SourceText:
    diagnostic = Diagnostic(Severity.ERROR, code, display, 1, 1, message)
    return SourceText(display, None, "", 1, (diagnostic,))


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "of another kind"


@dataclass(frozen=True)
class DocsFiles:
    """What a build takes from a docs folder, found without MkDocs.

    ``documents``: the Markdown files it reads as pages, in natural order.
    ``not_regular``: the other files it would copy that are not regular
    files (a named pipe, a link to a device), which would hang or flood it.
    """

    documents: list[str]
    not_regular: list[str]


def find_docs_files(
    docs_dir: Path, exclude_docs: str = "", draft_docs: str = "", use_directory_urls: bool = True
) -> DocsFiles:
    """The files ``mkdocs build`` takes from ``docs_dir``, chosen by MkDocs 1.6's rules.

    As MkDocs' ``get_files``: every folder, linked folders too; the Markdown
    suffixes of `MARKDOWN_SUFFIXES`; dot-files, ``/templates/`` and
    ``exclude_docs`` (gitignore syntax) left out, and ``draft_docs``, which
    only ``mkdocs serve`` shows; of two files in one folder with the same
    destination (``README.md`` beside ``index.md``), the later in MkDocs'
    order unless it is left out.
    """
    taken = _taken(exclude_docs, draft_docs)
    kept: dict[str, bool] = {}  # docs path -> regular file, for the files the build takes
    for folder, entries in _walk(os.fspath(docs_dir)):
        if _may_share_a_destination([name for name, _ in entries]):
            _take_one_per_destination(folder, entries, taken, use_directory_urls, kept)
            continue
        for name, regular in entries:
            if taken(folder + name):
                kept[folder + name] = regular
    documents = [path for path in kept if path.endswith(MARKDOWN_SUFFIXES)]
    # A Markdown file that is not regular is reported when it is read.
    others = [p for p, regular in kept.items() if not regular and not p.endswith(MARKDOWN_SUFFIXES)]
    return DocsFiles(sorted(documents, key=natural_key), sorted(others, key=natural_key))


def files_taken_by_build(docs_dir: Path, exclude_docs: str = "", draft_docs: str = "") -> list[str]:
    """Every file of ``docs_dir`` that ``mkdocs build`` reads or copies, in natural order.

    Markdown files and the others, regular or not, by MkDocs' exclusion rules.
    """
    taken = _taken(exclude_docs, draft_docs)
    found = [
        folder + name
        for folder, entries in _walk(os.fspath(docs_dir))
        for name, _ in entries
        if taken(folder + name)
    ]
    return sorted(found, key=natural_key)


def taken_by_build(exclude_docs: str = "", draft_docs: str = "") -> Callable[[str], bool]:
    """Whether ``mkdocs build`` takes a docs path, by MkDocs' exclusion rules alone."""
    return _taken(exclude_docs, draft_docs)


def _taken(exclude_docs: str, draft_docs: str) -> Callable[[str], bool]:
    """Whether ``mkdocs build`` takes a docs path: neither excluded nor a draft."""
    excluded = _exclusion(exclude_docs)
    drafted = _pattern(draft_docs)
    if drafted is None:
        return lambda path: not excluded(path)
    return lambda path: not excluded(path) and not drafted(path)


def _may_share_a_destination(names: list[str]) -> bool:
    """Whether two of one folder's files could go to one place; when not, that is certain.

    Files go to one place only with one stem (``foo.md``, ``foo.mdown``,
    ``foo.html``) or as ``README`` and ``index``. Stems by ``rsplit`` cost
    a third of exact destinations, which the rare folder with a match gets.
    """
    stems = {os.path.splitext(n)[0] if n[0] == "." else n.rsplit(".", 1)[0] for n in names}
    return len(stems) < len(names) or ("README" in stems and "index" in stems)


def _take_one_per_destination(
    folder: str,
    entries: list[tuple[str, bool]],
    taken: Callable[[str], bool],
    use_directory_urls: bool,
    kept: dict[str, bool],
) -> None:
    """MkDocs' rule for files of one folder that go to one place (``README.md`` and ``index.md``).

    In MkDocs' order, a later file replaces the first one unless the later
    one is left out (MkDocs warns when it drops a file that was not).
    """
    first_by_destination: dict[str, str] = {}
    for name, regular in sorted(entries, key=_mkdocs_order):
        path = folder + name
        first = first_by_destination.setdefault(_destination(name, use_directory_urls), path)
        if not taken(path):
            continue
        if first != path:
            kept.pop(first, None)
        kept[path] = regular


def _walk(top: str) -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    """Each folder under ``top`` (as a docs path prefix) with its files, and whether each is regular.

    What ``os.walk(top, followlinks=True)`` visits, in its order. The
    directory entries tell regular files without a ``stat`` each; Markdown
    files count as regular here, since reading them checks again.
    """
    pending = [(top, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as scanned:
                entries = list(scanned)
        except OSError:
            continue  # os.walk skips a folder it cannot list
        files, subfolders = [], []
        for entry in entries:
            if _is_folder(entry):
                subfolders.append(entry.name)
            else:
                name = entry.name
                files.append((name, name.endswith(MARKDOWN_SUFFIXES) or _is_regular(entry)))
        yield prefix, files
        for name in sorted(subfolders, reverse=True):
            pending.append((os.path.join(folder, name), f"{prefix}{name}/"))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _mkdocs_order(entry: tuple[str, bool]) -> tuple[bool, str]:
    """MkDocs' order of the files in one folder: ``index`` and ``README`` first, then by name."""
    name = entry[0]
    return (os.path.splitext(name)[0] not in ("index", "README"), name)


def _destination(name: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the file ``name`` (``File.dest_uri``), relative to its folder."""
    if not name.endswith(MARKDOWN_SUFFIXES):
        return name
    dot = name.rfind(".")
    stem = name[:dot] if name[:dot].strip(".") else name  # as splitext, blind to leading dots
    stem = "index" if stem == "README" else stem
    if not use_directory_urls or stem == "index":
        return f"{stem}.html"
    return f"{stem}/index.html"


def _exclusion(exclude_docs: str) -> Callable[[str], bool]:
    """Whether MkDocs leaves out a docs path: its defaults plus ``exclude_docs``.

    Without ``exclude_docs`` the defaults (``.*`` and ``/templates/``) are
    checked directly: pathspec's import alone was a fifth of the start-up of
    ``pmdocs check``.
    """
    if not exclude_docs.strip():
        return _excluded_by_default
    return _gitignore([".*", "/templates/", *exclude_docs.splitlines()])


def _pattern(lines: str) -> Callable[[str], bool] | None:
    """The paths gitignore-style ``lines`` match, as MkDocs reads ``draft_docs``; None when blank."""
    return _gitignore(lines.splitlines()) if lines.strip() else None


def _gitignore(lines: list[str]) -> Callable[[str], bool]:
    from pathspec.gitignore import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines).match_file


def _excluded_by_default(path: str) -> bool:
    """What ``.*`` and ``/templates/`` exclude: a dot-name anywhere, the top templates folder."""
    return path.startswith((".", "templates/")) or "/." in path


def load_project(
    settings: Settings,
    docs_paths: Iterable[str] | None = None,
    cache: SourceCache | None = None,
    types: TypeSet | None = None,
    copied_paths: Iterable[str] = (),
    given: Mapping[str, bytes] | None = None,
) -> Project:
    """Read, validate and link every Markdown file under ``settings.docs_dir``.

    Without ``docs_paths``, the files are those ``mkdocs build`` would take
    (`find_docs_files`); with them, ``copied_paths`` names the other files
    the build copies, so that those that are not regular files are reported.
    ``given`` holds the contents of pages that are not files in the docs
    folder (another MkDocs plugin made them), by docs path; they are read
    like the files. Raises `ConfigError` only for a broken type file,
    schemas folder or team rule.
    """
    with _collector_paused():
        return _load_project(settings, docs_paths, cache, types, copied_paths, given or {})


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
    found = find_docs_files(
        settings.docs_dir, settings.exclude_docs, settings.draft_docs, settings.use_directory_urls
    )
    cache = SourceCache()
    projects = [
        load_project(settings, translations.pages_of(language, found.documents), cache, types)
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
    docs_dir, shown_dir = (
        os.fspath(settings.docs_dir),
        _display_path(settings.docs_dir, settings.root),
    )
    for path in found.not_regular:
        diagnostics[_not_regular_copy(docs_dir, shown_dir, path)] = None
    sources = {path: s for project in projects for path, s in project.sources.items()}
    queries = {path: q for project in projects for path, q in project.queries.items()}
    return Project(
        settings,
        types,
        sources,
        sorted(documents.values(), key=lambda d: (natural_key(d.id), natural_key(d.path))),
        first.graph,
        sort_diagnostics(diagnostics),
        tuple(found.not_regular),
        queries,
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
    copied_paths: Iterable[str],
    given: Mapping[str, bytes],
) -> Project:
    if types is None:
        types = load_types(settings.schemas_dir, settings.root)
    if docs_paths is None:
        found = find_docs_files(
            settings.docs_dir,
            settings.exclude_docs,
            settings.draft_docs,
            settings.use_directory_urls,
        )
        paths, not_regular = found.documents, found.not_regular  # sorted already
    else:
        paths = sorted({*docs_paths, *given}, key=natural_key)
        not_regular = sorted(not_regular_files(settings.docs_dir, copied_paths), key=natural_key)
    reader = cache or SourceCache()
    docs_dir = os.fspath(settings.docs_dir)
    shown_dir = _display_path(settings.docs_dir, settings.root)
    sources = {
        path: read_source(_shown(shown_dir, path), given[path])
        if path in given
        else _read(docs_dir, shown_dir, path, reader)
        for path in paths
    }
    diagnostics = [_not_regular_copy(docs_dir, shown_dir, path) for path in not_regular]
    documents: list[Document] = []
    for path, source in sources.items():
        diagnostics.extend(source.diagnostics)
        if source.unreadable:
            continue
        document, problems = check_document(source, types, path, settings.theme)
        diagnostics.extend(problems)
        if document is not None:
            documents.append(document)
    graph, link_problems = build_graph(documents, types, unread_ids(sources.values()))
    diagnostics.extend(link_problems)
    diagnostics.extend(_unknown_references(sources, graph))
    by_path = {document.path: document for document in documents}
    queries = _all_queries(sources, types, graph, by_path)
    diagnostics.extend(d for found in queries.values() for q in found for d in q.diagnostics)
    diagnostics.extend(check_rules(settings.rules, types, documents, graph))
    memo: dict[str, Any] = {}
    if settings.staleness is not None:
        diagnostics.extend(_stale_documents(settings, settings.staleness, documents, memo))
    documents.sort(key=lambda d: (natural_key(d.id), natural_key(d.path)))
    diagnostics = sort_diagnostics(diagnostics)
    project = Project(
        settings, types, sources, documents, graph, diagnostics, tuple(not_regular), queries
    )
    project._memo.update(memo)
    return project


def _all_queries(
    sources: dict[str, SourceText],
    types: TypeSet,
    graph: Graph,
    documents: Mapping[str, Document],
) -> dict[str, list[PageQuery]]:
    """The query blocks of every page, PM document or not, that holds one (PM400 in each)."""
    found = {}
    for path, source in sources.items():
        if source.unreadable or not may_hold_query_blocks(source.body):
            continue
        found[path] = _queries_of_source(source, types, graph, documents.get(path))
    return found


def _queries_of_source(
    source: SourceText, types: TypeSet, graph: Graph, document: Document | None
) -> list[PageQuery]:
    return page_queries(source.body, source.body_line, types, source.path, document, graph)


def _stale_documents(
    settings: Settings, staleness: Staleness, documents: list[Document], memo: dict[str, Any]
) -> list[Diagnostic]:
    """PM310 and PM311; the git history read for PM311 is kept in ``memo`` for the cards."""
    from pmdocs.core.config import resolve_today  # config reads Settings from this module
    from pmdocs.core.git import GitError, find_repository

    last_changed: Mapping[str, int] = {}
    if staleness.stale_after is not None:
        try:
            repository = find_repository(settings.docs_dir)
            last_changed = repository.last_changes()
            memo["repository"] = repository
        except GitError as error:
            memo["repository"] = error  # no history: no document is stale
    return check_staleness(staleness, documents, resolve_today(settings.today), last_changed)


def unread_ids(sources: Iterable[SourceText]) -> dict[str, tuple[str, str]]:
    """The ids that files which could not be read name: id -> (file, its first problem's code).

    Such an id is taken: `pmdocs new` must not give it to another document,
    and a link to it is not to "no document".
    """
    found: dict[str, tuple[str, str]] = {}
    for source in sources:
        if not source.unreadable:
            continue
        named = source.front_matter.data.get("id") if source.front_matter else source.claimed_id
        if isinstance(named, str) and named:
            found.setdefault(normal_id(named), (source.path, source.diagnostics[0].code))
    return found


def _shown(shown_dir: str, docs_path: str) -> str:
    return docs_path if shown_dir == "." else f"{shown_dir}/{docs_path}"


def _not_regular_copy(docs_dir: str, shown_dir: str, docs_path: str) -> Diagnostic:
    """PM100 for a file other than Markdown that the build would copy and cannot."""
    try:
        message = _not_regular_message(
            _file_kind(os.stat(os.path.join(docs_dir, docs_path)).st_mode)
        )
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
    return Diagnostic(Severity.ERROR, "PM100", _shown(shown_dir, docs_path), 1, 1, message)


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
            if ref.id in graph.unread:
                message = f"[[{ref.id}]] {graph.unread_file(ref.id)}"
            else:
                suggestion = graph.suggest_id(ref.id, exclude=doc_id)
                hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
                message = f"[[{ref.id}]] refers to no document{hint}"
            position = Position(source.body_line + ref.line, ref.column + 1)
            diagnostics.append(Diagnostic.at(position, "PM210", source.path, message, doc_id))
    return diagnostics
