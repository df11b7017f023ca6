"""What changed in the PM documents between two revisions of the docs folder (SPEC section 9).

A revision's files are read from git (`pmdocs.core.git`) and parsed with the
same front-matter reader and types as `pmdocs check`; the working tree is
the project as loaded. Two snapshots, keyed by document id, are compared
field by field: a document that moved to another file keeps its id and is
changed, not removed and added.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pmdocs.core.doctypes import TypeSet
from pmdocs.core.frontmatter import SourceText, read_source
from pmdocs.core.git import GitError, Repository, find_repository
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.project import (
    MARKDOWN_SUFFIXES,
    Project,
    Settings,
    load_project,
    taken_by_build,
)
from pmdocs.core.staleness import parse_days
from pmdocs.core.validate import check_document, normal_id, parse_date

__all__ = [
    "DATE_FIELDS",
    "ROADMAP_TYPES",
    "Comparison",
    "DocumentChange",
    "FieldChange",
    "LinkChange",
    "SiteHistory",
    "Slip",
    "Snapshot",
    "Unreadable",
    "compare",
    "compare_revisions",
    "site_history",
    "snapshot_at",
    "snapshot_of_files",
    "snapshot_of_project",
]

# Date fields whose move a comparison counts in days, whatever a type's schema says.
DATE_FIELDS = ("start", "end", "due", "date")
# The types whose dates make the roadmap: their moves are its slips.
ROADMAP_TYPES = ("roadmap", "milestone", "release")


@dataclass(frozen=True)
class Unreadable:
    """A Markdown file that could not be read at one side of a comparison."""

    file: str
    side: str  # "from" or "to"
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "at": self.side, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Snapshot:
    """The PM documents at one revision, by id, with their bodies and the files that failed."""

    documents: Mapping[str, Document]
    bodies: Mapping[str, str]
    unreadable: tuple[Unreadable, ...] = ()
    # Ids that unreadable files name: such a document is not gone, only unread.
    unread_ids: frozenset[str] = frozenset()


def snapshot_of_files(
    files: Mapping[str, bytes],
    types: TypeSet,
    shown_dir: str,
    side: str,
    known: Mapping[str, tuple[SourceText, Document | None]] | None = None,
) -> Snapshot:
    """The documents in ``files`` (docs path → bytes), read as `pmdocs check` reads them.

    ``known`` holds files already read (docs path → source and document),
    whose bytes are the same at this side. Of two files with one id, the
    first in natural path order counts, as in the link graph.
    """
    known = known or {}
    documents: dict[str, Document] = {}
    bodies: dict[str, str] = {}
    unreadable: list[Unreadable] = []
    unread: set[str] = set()
    for path in sorted({*files, *known}, key=natural_key):
        display = path if shown_dir in ("", ".") else f"{shown_dir}/{path}"
        if path in known:
            source, document = known[path]
        else:
            source, document = read_source(display, files[path]), None
        if source.unreadable:
            first = source.diagnostics[0]
            unreadable.append(Unreadable(display, side, first.code, first.message))
            named = source.claimed_id
            if isinstance(named, str) and named:
                unread.add(normal_id(named))
            continue
        if path not in known:
            document, _ = check_document(source, types, path)
        if document is not None and document.id not in documents:
            documents[document.id] = document
            bodies[document.id] = source.body
    return Snapshot(documents, bodies, tuple(unreadable), frozenset(unread))


def snapshot_of_project(project: Project, side: str = "to") -> Snapshot:
    """The documents of a loaded project (the working tree): no file is read again."""
    documents: dict[str, Document] = {}
    bodies: dict[str, str] = {}
    for document in project.documents:  # natural order: the first of an id counts
        if document.id not in documents:
            documents[document.id] = document
            bodies[document.id] = project.sources[document.path].body
    unreadable = []
    unread = set()
    for path in sorted(project.unreadable_paths(), key=natural_key):
        source = project.sources[path]
        first = source.diagnostics[0]
        unreadable.append(Unreadable(source.path, side, first.code, first.message))
        if source.claimed_id:
            unread.add(normal_id(source.claimed_id))
    return Snapshot(documents, bodies, tuple(unreadable), frozenset(unread))


def snapshot_at(
    repository: Repository,
    commit: str,
    settings: Settings,
    types: TypeSet,
    side: str,
    work_tree: Project | None = None,
) -> Snapshot:
    """The documents of the docs folder at ``commit``: its Markdown files the build would take.

    With ``work_tree`` (the project loaded from the working tree), a file
    git finds unchanged since ``commit`` is not read again: its document is
    the project's. Between revisions a few hundred commits apart most files
    are unchanged, and reading and parsing them was most of the changes
    page's cost in a build.
    """
    taken = taken_by_build(settings.exclude_docs, settings.draft_docs)
    listed = repository.list_files(commit)
    wanted = {p: b for p, b in listed.items() if p.endswith(MARKDOWN_SUFFIXES) and taken(p)}
    known: dict[str, tuple[SourceText, Document | None]] = {}
    if work_tree is not None:
        changed = repository.changed_in_work_tree(commit)
        by_path = {document.path: document for document in work_tree.documents}
        for path in wanted:
            source = work_tree.sources.get(path)
            if source is not None and path not in changed:
                known[path] = (source, by_path.get(path))
    unread = {p: b for p, b in wanted.items() if p not in known}
    files = repository.read_blobs(unread)
    return snapshot_of_files(files, types, _shown_dir(settings), side, known)


def _shown_dir(settings: Settings) -> str:
    try:
        return settings.docs_dir.relative_to(settings.root).as_posix()
    except ValueError:
        return os.path.relpath(settings.docs_dir, settings.root).replace(os.sep, "/")


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value (None when unset); ``days`` for a date that moved."""

    before: Any
    after: Any
    days: int | None = None

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"from": self.before, "to": self.after}
        if self.days is not None:
            shown["days"] = self.days
        return shown


@dataclass(frozen=True)
class LinkChange:
    """Ids a link field gained and lost, in natural order."""

    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class DocumentChange:
    """A document at both revisions, and what differs."""

    before: Document
    after: Document
    fields: Mapping[str, FieldChange]
    links: Mapping[str, LinkChange]
    body: bool

    @property
    def id(self) -> str:
        return self.after.id

    @property
    def type(self) -> str:
        return self.after.type

    @property
    def title(self) -> str:
        return self.after.title

    def date_moves(self) -> dict[str, FieldChange]:
        """The schedule's dates that moved (`DATE_FIELDS`), with the days they moved by.

        Other dates carry their days in ``fields`` too, but ``updated`` moving
        on with every edit, or a new ``review_by``, is not a slip.
        """
        return {
            name: change
            for name, change in self.fields.items()
            if change.days is not None and name in DATE_FIELDS
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "fields": {name: change.as_dict() for name, change in self.fields.items()},
            "links": {
                name: {"added": list(change.added), "removed": list(change.removed)}
                for name, change in self.links.items()
            },
            "body": self.body,
        }


@dataclass(frozen=True)
class Slip:
    """A roadmap item, milestone or release whose dates moved."""

    change: DocumentChange
    moves: Mapping[str, FieldChange]


@dataclass(frozen=True)
class Comparison:
    """What changed from revision ``since`` to ``until`` (None: the working tree)."""

    since: str | None
    until: str | None
    added: tuple[Document, ...]
    removed: tuple[Document, ...]
    changed: tuple[DocumentChange, ...]
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def slips(self) -> list[Slip]:
        """Roadmap items, milestones and releases whose dates moved, in natural id order."""
        return [
            Slip(change, change.date_moves())
            for change in self.changed
            if change.type in ROADMAP_TYPES and change.date_moves()
        ]

    def added_to_roadmap(self) -> list[Document]:
        return [d for d in self.added if d.type == "roadmap" and d.status != "dropped"]

    def dropped_from_roadmap(self) -> list[Document]:
        """Roadmap items removed, or whose status became ``dropped``, in natural id order."""
        dropped = [d for d in self.removed if d.type == "roadmap"]
        dropped += [
            c.after
            for c in self.changed
            if c.type == "roadmap" and c.after.status == "dropped" and c.before.status != "dropped"
        ]
        return sorted(dropped, key=lambda d: natural_key(d.id))

    def change_of(self, doc_id: str) -> DocumentChange | None:
        return self._by_id.get(doc_id)

    @cached_property
    def _by_id(self) -> dict[str, DocumentChange]:  # one card per document asks
        return {change.id: change for change in self.changed}

    def as_json(self) -> dict[str, Any]:
        """SPEC's shape; ``unreadable`` only when a file could not be read."""
        shown: dict[str, Any] = {
            "from": self.since,
            "to": self.until,
            "added": [d.id for d in self.added],
            "removed": [d.id for d in self.removed],
            "changed": [change.as_dict() for change in self.changed],
        }
        if self.unreadable:
            shown["unreadable"] = [u.as_dict() for u in self.unreadable]
        return shown


def compare(
    before: Snapshot, after: Snapshot, types: TypeSet, since: str | None, until: str | None
) -> Comparison:
    """Every difference between two snapshots, each list in natural id order."""
    unread = before.unread_ids | after.unread_ids
    ids_before, ids_after = set(before.documents), set(after.documents)
    added = [after.documents[i] for i in ids_after - ids_before if i not in unread]
    removed = [before.documents[i] for i in ids_before - ids_after if i not in unread]
    changed = []
    for doc_id in sorted(ids_before & ids_after, key=natural_key):
        change = _compare_document(
            before.documents[doc_id],
            after.documents[doc_id],
            before.bodies[doc_id] != after.bodies[doc_id],
            types,
        )
        if change is not None:
            changed.append(change)
    return Comparison(
        since,
        until,
        tuple(sorted(added, key=lambda d: natural_key(d.id))),
        tuple(sorted(removed, key=lambda d: natural_key(d.id))),
        tuple(changed),
        before.unreadable + after.unreadable,
    )


def _compare_document(
    before: Document, after: Document, body: bool, types: TypeSet
) -> DocumentChange | None:
    link_names = _link_fields(before, types) | _link_fields(after, types)
    order = _field_order(after, types)
    names = [n for n in {**before.data, **after.data} if n not in link_names and n != "id"]
    names.sort(key=lambda n: (order.get(n, len(order)), n))
    date_names = (
        set(DATE_FIELDS) | set(_date_fields(before, types)) | set(_date_fields(after, types))
    )
    fields: dict[str, FieldChange] = {}
    for name in names:
        old, new = before.data.get(name), after.data.get(name)
        if old == new and type(old) is type(new):
            continue
        fields[name] = FieldChange(old, new, _days(old, new) if name in date_names else None)
    if before.path != after.path:
        fields["path"] = FieldChange(before.path, after.path)
    links: dict[str, LinkChange] = {}
    for name in sorted(link_names, key=lambda n: (order.get(n, len(order)), n)):
        old_ids, new_ids = set(before.links.get(name, ())), set(after.links.get(name, ()))
        if old_ids != new_ids:
            links[name] = LinkChange(
                tuple(sorted(new_ids - old_ids, key=natural_key)),
                tuple(sorted(old_ids - new_ids, key=natural_key)),
            )
    if not (fields or links or body):
        return None
    return DocumentChange(before, after, fields, links, body)


def _link_fields(document: Document, types: TypeSet) -> set[str]:
    doc_type = types.get(document.type)
    return set(doc_type.links) if doc_type is not None else set(document.links)


def _date_fields(document: Document, types: TypeSet) -> tuple[str, ...]:
    doc_type = types.get(document.type)
    return doc_type.date_fields if doc_type is not None else ()


def _field_order(document: Document, types: TypeSet) -> dict[str, int]:
    doc_type = types.get(document.type)
    names = [*doc_type.all_fields, *doc_type.links] if doc_type is not None else []
    return {name: index for index, name in enumerate(names)}


def _days(old: Any, new: Any) -> int | None:
    """How many days a date moved (later is positive), when both values are dates."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return None
    start, end = parse_date(old), parse_date(new)
    return (end - start).days if start and end else None


def compare_revisions(
    settings: Settings, types: TypeSet, since: str | None, until: str | None
) -> Comparison:
    """`pmdocs diff`: revision ``since`` (None: the latest tag) to ``until`` (None: the working tree).

    Raises `GitError` with a one-line reason for a revision git cannot read,
    one that starts with ``-``, or no git history.
    """
    for revision in (since, until):
        if revision is not None and revision.startswith("-"):
            raise GitError(f"{revision!r} is not a revision (a revision never starts with '-')")
    repository = find_repository(settings.docs_dir)
    if since is None:
        since = repository.latest_tag()
        if since is None:
            raise GitError("the repository has no tag: name the revision to compare with (A..B)")
    commit = repository.resolve(since)
    if until is None:
        project = load_project(settings, types=types)
        before = snapshot_at(repository, commit, settings, types, "from", project)
        after = snapshot_of_project(project, "to")
    else:
        before = snapshot_at(repository, commit, settings, types, "from")
        after = snapshot_at(repository, repository.resolve(until), settings, types, "to")
    return compare(before, after, types, since, until)


@dataclass(frozen=True)
class SiteHistory:
    """What a build knows from git: the comparison for ``pm/changes.md`` and the cards.

    ``problem`` says why there is no comparison: ``no_git``, ``no_tag``,
    ``no_revision`` (``since`` is not in this clone) or ``too_young`` (no
    commit is as old as the duration). ``last_changed`` maps docs paths to
    the time of the last commit that changed them.
    """

    since: str | None
    comparison: Comparison | None = None
    problem: str | None = None
    shallow: bool = False
    last_changed: Mapping[str, int] = field(default_factory=dict)

    def changed_on(self, docs_path: str) -> datetime.date | None:
        """The day (UTC) of the last commit that changed the file, if git knows one."""
        seconds = self.last_changed.get(docs_path)
        if seconds is None:
            return None
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date()


def site_history(project: Project, today: datetime.date) -> SiteHistory:
    """The project's history for this build, worked out once and kept on the project."""
    return project.memo("history", lambda: _site_history(project, today))


def _site_history(project: Project, today: datetime.date) -> SiteHistory:
    settings = project.settings
    option = settings.changes_since
    repository = project.kept("repository")
    if isinstance(repository, GitError):
        return SiteHistory(option, problem="no_git")
    if not isinstance(repository, Repository):
        try:
            repository = find_repository(settings.docs_dir)
        except GitError:
            return SiteHistory(option, problem="no_git")
    try:
        last_changed = repository.last_changes()
    except GitError:
        return SiteHistory(option, problem="no_git")
    shallow = repository.shallow
    since, commit, problem = _since(repository, option, today)
    if commit is None:
        return SiteHistory(since, None, problem, shallow, last_changed)
    try:
        before = snapshot_at(repository, commit, settings, project.types, "from", project)
    except GitError:
        return SiteHistory(since, None, "no_revision", shallow, last_changed)
    after = snapshot_of_project(project)
    comparison = compare(before, after, project.types, since, None)
    return SiteHistory(since, comparison, None, shallow, last_changed)


def _since(
    repository: Repository, option: str | None, today: datetime.date
) -> tuple[str | None, str | None, str | None]:
    """(the revision as shown, its commit, the problem) for ``changes_since``."""
    if option is None:
        tag = repository.latest_tag()
        if tag is None:
            return None, None, "no_tag"
        option = tag
    days = parse_days(option)
    if days is not None:
        # The last commit at least that old: made on that day or before, in UTC.
        day = today - datetime.timedelta(days=days)
        end = datetime.datetime.combine(day, datetime.time(23, 59, 59), datetime.timezone.utc)
        commit = repository.commit_before(end)
        return option, commit, None if commit else "too_young"
    try:
        return option, repository.resolve(option), None
    except GitError:
        return option, None, "no_revision"
