"""`pmdocs stage`: the site's docs folder with pmdocs' work done, for engines without plugins.

Every page goes through `compose_page`, as in the plugin, then has its HTML
put back into the Markdown (`staged_markdown`): the engine's Markdown passes
raw HTML through, so it builds the pages the plugin makes. What the staged
folder holds is listed in a manifest; a second run rewrites only the files
whose content changed and removes those it wrote before that are gone.
"""

from __future__ import annotations

import datetime
import gc
import itertools
import json
import multiprocessing
import os
import posixpath
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from pmdocs.core.config import resolve_today
from pmdocs.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from pmdocs.core.doctypes import ConfigError, TypeSet
from pmdocs.core.export import export_json_parts
from pmdocs.core.project import Project, Settings, files_taken_by_build, load_project
from pmdocs.core.urls import SiteUrls, relative_url
from pmdocs.site.compose import compose_page, staged_markdown
from pmdocs.site.pages import (
    SCRIPT_PATH,
    STYLESHEET_PATH,
    document_card,
    document_meta,
    export_path,
    generated_page_paths,
    iter_generated_pages,
    script,
    stylesheet,
)

__all__ = [
    "CONFIG_LINES",
    "ENGINES",
    "MANIFEST",
    "SourceRelativeUrls",
    "Staged",
    "check_outdir",
    "stage_site",
]

CONFIG_LINES = "pmdocs.yml"
MANIFEST = ".pmdocs-stage.json"  # a dot-file: engines leave it out of the site
# How each engine resolves a relative link written in a page's HTML.
ENGINES = ("zensical", "mkdocs")


class SourceRelativeUrls(SiteUrls):
    """Site URLs relative to each page's source file, where Zensical resolves them.

    Zensical takes every relative link of a page, raw HTML links included,
    as relative to the page's ``.md`` file in the docs folder and rewrites
    it for the page's URL; MkDocs leaves links in raw HTML as written,
    relative to the page's URL.
    """

    __slots__ = ()

    def between(self, docs_path: str, page: str) -> str:
        return relative_url(self.of(docs_path), _quoted(page))


@lru_cache(maxsize=64)
def _quoted(page: str) -> str:
    return quote(page)


@dataclass
class Staged:
    """What a run of `stage_site` did: the docs paths it wrote, removed, and left as they were."""

    project: Project
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check_outdir(outdir: Path, docs_dir: Path) -> None:
    """Refuse a staging folder that is, or is in, or holds the docs folder, or holds other files.

    A folder that holds anything but what an earlier run staged (its
    manifest tells) is refused too: staging never overwrites a file it did not write.
    """
    out, docs = Path(os.path.realpath(outdir)), Path(os.path.realpath(docs_dir))
    shown = os.fspath(outdir)
    if out == docs or docs in out.parents:
        raise ConfigError(shown, "the staging folder must not be the docs folder or inside it")
    if out in docs.parents:
        raise ConfigError(shown, "the staging folder must not hold the docs folder")
    if outdir.exists() or outdir.is_symlink():
        if not outdir.is_dir():
            raise ConfigError(shown, "is not a folder")
        if not (outdir / MANIFEST).is_file() and any(outdir.iterdir()):
            raise ConfigError(
                shown,
                f"is not empty and holds no {MANIFEST} of an earlier `pmdocs stage`; "
                "stage into an empty or new folder",
            )


def stage_site(
    settings: Settings,
    types: TypeSet,
    outdir: Path,
    engine: str = "zensical",
    extra_css: Sequence[str] = (),
    extra_javascript: Sequence[str] = (),
    workers: int | None = None,
) -> Staged:
    """Stage the site into ``outdir`` (checked with `check_outdir` first).

    ``workers`` processes stage the site's own files where the system forks
    safely (Linux): unless given, one for a small site, else as many as the
    machine has processors (at most 4). The staged folder is the same
    whatever their number.
    """
    if settings.translations is not None:
        # Each language needs its own generated pages and links, which i18n's builds make.
        raise ConfigError(
            "mkdocs.yml", "pmdocs stage does not stage a site with mkdocs-static-i18n yet"
        )
    check_outdir(outdir, settings.docs_dir)
    project = load_project(settings, types=types)
    if engine == "zensical":
        project.urls = SourceRelativeUrls(settings.use_directory_urls)
    plan = _Plan.of(project, settings)
    outdir.mkdir(parents=True, exist_ok=True)
    before = _manifest(outdir)
    writer = _Writer(outdir)
    placed = [_not_staged(_shown_dir(settings), path, why) for path, why in plan.not_staged.items()]
    config_lines = _config_lines(engine, extra_css, extra_javascript).encode()
    own = itertools.chain(_generated_files(plan), [(CONFIG_LINES, config_lines)])
    placed += _stage_files(plan, writer, _worker_count(workers, len(plan.sources)), own)
    staged = Staged(project, diagnostics=sort_diagnostics([*project.diagnostics, *placed]))
    written, unchanged = set(writer.written), set(writer.unchanged)
    staged.written = [path for path in plan.order if path in written]
    staged.unchanged = [path for path in plan.order if path in unchanged]
    staged.removed = _remove_stale(outdir, before, written | unchanged)
    return staged


@dataclass(frozen=True)
class _Plan:
    """What a run stages, and how: the same in every process that stages part of it."""

    project: Project
    settings: Settings
    today: datetime.date
    marker: str
    generated: list[str]
    sources: list[str]  # the build's files to stage, in the build's order
    not_staged: dict[str, str]  # docs path → why it is not staged
    order: list[str]  # every staged path, as the run reports them

    @classmethod
    def of(cls, project: Project, settings: Settings) -> _Plan:
        prefix = settings.prefix
        generated = generated_page_paths(project.types, prefix)
        own_files = [*generated, export_path(prefix), STYLESHEET_PATH, SCRIPT_PATH, CONFIG_LINES]
        own = {*own_files, MANIFEST}
        left_out = set(project.unreadable_paths()).union(project.not_regular)
        taken = files_taken_by_build(settings.docs_dir, settings.exclude_docs, settings.draft_docs)
        not_staged = {
            path: f"{path} is not staged: pmdocs makes a file of that name"
            for path in taken
            if path in own
        }
        # Left-out files are reported with the project (PM100-PM102).
        sources = [path for path in taken if path not in own and path not in left_out]
        return cls(
            project,
            settings,
            resolve_today(settings.today),
            f"pmdocs{secrets.token_hex(8)}",
            generated,
            sources,
            not_staged,
            [*sources, *own_files],
        )


def _worker_count(asked: int | None, sources: int) -> int:
    """How many processes stage the sources: one for a small site, or where fork is not safe."""
    if not _can_fork():
        return 1
    if asked is not None:
        return max(asked, 1)
    if sources < _PARALLEL_FROM:
        return 1
    return max(min(len(os.sched_getaffinity(0)), _MOST_WORKERS), 1)


def _can_fork() -> bool:
    # Only Linux forks safely: macOS' system libraries do not survive it, Windows has no fork.
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


# Below this many files, starting processes costs more than it saves.
_PARALLEL_FROM = 400
_MOST_WORKERS = 4
# The plan a forked worker finds: inherited with the process, never pickled.
_SHARED_PLAN: _Plan | None = None


def _stage_files(
    plan: _Plan, writer: _Writer, workers: int, own: Iterator[tuple[str, bytes]]
) -> list[Diagnostic]:
    """Stage the site's files in ``workers`` processes, and pmdocs' ``own`` in this one meanwhile.

    Composing pages and writing files is most of a run: each worker takes
    every ``workers``-th of the site's files. Returns what could not be staged.
    """
    if workers == 1:
        return _stage_here(plan, writer, own)
    global _SHARED_PLAN
    _SHARED_PLAN = plan
    # The project's objects out of the collector's reach: a worker whose
    # collector walked them would copy every memory page they are on.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            shares = [
                pool.submit(_stage_in_worker, os.fspath(writer.outdir), index, workers)
                for index in range(workers)
            ]
            _write_each(writer, own)
            results = [share.result() for share in shares]
    except BrokenProcessPool:
        # A worker was killed (out of memory, say): this process stages what they would
        # have (the files they wrote count as unchanged), and what it had not yet written.
        return _stage_here(plan, writer, own)
    finally:
        gc.unfreeze()
        _SHARED_PLAN = None
    placed: list[Diagnostic] = []
    for written, unchanged, diagnostics in results:
        writer.written.extend(written)
        writer.unchanged.extend(unchanged)
        placed += diagnostics
    return placed


def _stage_here(plan: _Plan, writer: _Writer, own: Iterator[tuple[str, bytes]]) -> list[Diagnostic]:
    """Everything staged in this process: the site's files, then what is left of pmdocs' own."""
    placed = _stage_share(plan, writer, plan.sources)
    _write_each(writer, own)
    return placed


def _write_each(writer: _Writer, files: Iterable[tuple[str, bytes]]) -> None:
    for path, content in files:
        writer.write(path, content)


def _stage_in_worker(
    outdir: str, index: int, workers: int
) -> tuple[list[str], list[str], list[Diagnostic]]:
    plan = _SHARED_PLAN
    assert plan is not None, "a worker is forked from the process that planned the run"
    writer = _Writer(Path(outdir))
    placed = _stage_share(plan, writer, plan.sources[index::workers])
    return writer.written, writer.unchanged, placed


def _stage_share(plan: _Plan, writer: _Writer, paths: Sequence[str]) -> list[Diagnostic]:
    placed: list[Diagnostic] = []
    _write_each(writer, _source_files(plan, paths, placed))
    return placed


def _source_files(
    plan: _Plan, paths: Sequence[str], placed: list[Diagnostic]
) -> Iterator[tuple[str, bytes]]:
    """(docs path, content) of the site's own files among ``paths``, as the staged folder holds them."""
    project, settings = plan.project, plan.settings
    language, today, marker = settings.language, plan.today, plan.marker
    for path in paths:
        source = project.sources.get(path)
        document = project.document_at(path)
        try:
            if source is None:
                yield path, (settings.docs_dir / path).read_bytes()
                continue
            # An ordinary page keeps its own front matter, as it was written.
            raw = _read_text(settings.docs_dir / path) if document is None else ""
        except OSError as error:
            message = f"{path} is not staged: {error.strerror or error}"
            placed.append(_not_staged(_shown_dir(settings), path, message))
            continue
        composed = compose_page(project, path, source.body, language, today, marker, plan.generated)
        if document is None:
            head = raw[: len(raw) - len(source.body)] if raw.endswith(source.body) else ""
            yield path, (head + staged_markdown(composed, marker)).encode()
            continue
        meta = document_meta(document, settings.theme)
        card = document_card(project, document, language, today)
        body = staged_markdown(composed, marker, card)
        yield path, f"{_front_matter(meta)}{body}".encode()


def _generated_files(plan: _Plan) -> Iterator[tuple[str, bytes]]:
    """(docs path, content) of pmdocs' own files: its pages, its export, its CSS and script."""
    project, settings = plan.project, plan.settings
    language, today, marker = settings.language, plan.today, plan.marker
    for path, content in iter_generated_pages(project, language, today):
        composed = compose_page(project, path, content, language, today, marker, plan.generated)
        yield path, staged_markdown(composed, marker).encode()
    yield export_path(settings.prefix), "".join(export_json_parts(project)).encode()
    yield STYLESHEET_PATH, stylesheet().encode()
    yield SCRIPT_PATH, script().encode()


def _read_text(path: Path) -> str:
    """A Markdown file's text as pmdocs reads it: BOM dropped, line ends as ``\\n``."""
    with path.open(encoding="utf-8-sig", newline=None) as stream:
        return stream.read()


# One line of JSON, a YAML flow mapping: one encoder call a page.
_to_json = json.JSONEncoder(ensure_ascii=False, default=str)


def _front_matter(meta: dict[str, object]) -> str:
    """YAML front matter as one JSON object (valid YAML, read alike by every engine)."""
    lines = _to_json.encode({str(key): value for key, value in meta.items()})
    return f"---\n{lines}\n---\n\n"


def _config_lines(engine: str, extra_css: Sequence[str], extra_javascript: Sequence[str]) -> str:
    """What the engine's config needs to show pmdocs' pages: its stylesheet and script."""
    css = [*extra_css, *([] if STYLESHEET_PATH in extra_css else [STYLESHEET_PATH])]
    js = [*extra_javascript, *([] if SCRIPT_PATH in extra_javascript else [SCRIPT_PATH])]
    lines = [
        f"# Written by `pmdocs stage` for {engine}: set docs_dir to this folder and",
        "# put these lines into the engine's config (they keep the config's own entries).",
        "extra_css:",
        *(f"  - {json.dumps(item, ensure_ascii=False)}" for item in css),
        "extra_javascript:",
        *(f"  - {json.dumps(item, ensure_ascii=False)}" for item in js),
    ]
    return "\n".join(lines) + "\n"


def _shown_dir(settings: Settings) -> str:
    try:
        return Path(os.path.relpath(settings.docs_dir, settings.root)).as_posix()
    except ValueError:
        return settings.docs_dir.as_posix()


def _not_staged(shown_dir: str, path: str, message: str) -> Diagnostic:
    file = posixpath.join(shown_dir, path) if shown_dir != "." else path
    return Diagnostic(Severity.WARNING, "PM103", file, 1, 1, message)


class _Writer:
    """Writes the files whose content changed, and keeps which it wrote and which it left."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._top = os.fspath(outdir)
        self._inside = _Inside(outdir)
        self.written: list[str] = []
        self.unchanged: list[str] = []

    def write(self, path: str, content: bytes) -> None:
        target = os.path.join(self._top, *path.split("/"))
        status = _lstat(target)
        if status is not None:
            if stat.S_ISLNK(status.st_mode):
                raise ConfigError(target, "is a link; not written")
            if status.st_size == len(content) and _holds(target, content):
                self.unchanged.append(path)
                return
        folder = os.path.dirname(target)
        self._inside.folder(folder)
        if status is not None:
            # Replaced in one step: an engine's watcher never reads half a file.
            temporary = os.path.join(folder, f".{os.path.basename(target)}.pmdocs-tmp")
            _write(temporary, content)
            os.replace(temporary, target)
        else:
            _write(target, content)
        self.written.append(path)


def _remove_stale(outdir: Path, before: list[str], staged: set[str]) -> list[str]:
    """Remove what an earlier run wrote and this one did not, then list this run's files."""
    top = os.fspath(outdir)
    inside = _Inside(outdir)
    removed = []
    for path in sorted(set(before) - staged):
        target = os.path.join(top, *path.split("/"))
        status = _lstat(target)
        if status is not None and stat.S_ISREG(status.st_mode):
            inside.folder(os.path.dirname(target))
            os.unlink(target)
            removed.append(path)
            _drop_empty_folders(outdir, Path(target).parent)
    manifest = (json.dumps({"files": sorted(staged)}, ensure_ascii=False, indent=0) + "\n").encode()
    if not _holds(os.path.join(top, MANIFEST), manifest):
        _write(os.path.join(top, MANIFEST), manifest)
    return removed


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _write(path: str, content: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(content)


def _holds(path: str, content: bytes) -> bool:
    """Whether the file at ``path`` holds ``content`` already."""
    try:
        with open(path, "rb") as stream:
            return bool(stream.read() == content)
    except OSError:
        return False


def _manifest(outdir: Path) -> list[str]:
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = data.get("files") if isinstance(data, dict) else None
    if not isinstance(found, list):
        return []
    # Only plain relative paths: a manifest edited by hand cannot point outside the folder.
    return [
        path
        for path in found
        if isinstance(path, str)
        and path
        and not path.startswith("/")
        and ".." not in path.split("/")
        and "\\" not in path
    ]


class _Inside:
    """Makes the folders files go into, refusing one that leads out of the staging folder.

    Each folder is looked at once (resolving links costs a system call a part).
    """

    def __init__(self, outdir: Path) -> None:
        self._real = os.path.realpath(outdir)
        self._folders: set[str] = set()

    def folder(self, folder: str) -> None:
        if folder in self._folders:
            return
        os.makedirs(folder, exist_ok=True)
        real = os.path.realpath(folder)
        if os.path.commonpath([self._real, real]) != self._real:
            raise ConfigError(folder, "leads outside the staging folder; not written")
        self._folders.add(folder)


def _drop_empty_folders(outdir: Path, folder: Path) -> None:
    while folder != outdir and outdir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
