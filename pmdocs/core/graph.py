"""The link graph: resolving link fields, backlinks and dependency cycles (PM200–PM204)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.doctypes import TypeSet
from pmdocs.core.model import Document, Link
from pmdocs.core.natural import natural_key
from pmdocs.core.validate import normal_id

__all__ = ["Graph", "build_graph"]

CYCLE_FIELD = "depends_on"
_SEPARATORS = re.compile(r"[\s_.-]+")
_NUMBER = re.compile(r"([0-9]+)")


@dataclass
class Graph:
    """Documents by id and their resolved links, both ways.

    Every list here is in natural id order, so whatever is rendered from the
    graph is deterministic.
    """

    documents: dict[str, Document]
    # Ids named by files that could not be read (PM100-PM102): the file and its code.
    unread: dict[str, tuple[str, str]] = field(default_factory=dict)
    outgoing: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    incoming: dict[str, list[Link]] = field(default_factory=dict)
    _by_spelling: dict[tuple[str, ...], list[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.documents

    def get(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)

    def links_from(self, doc_id: str) -> dict[str, list[str]]:
        """Target ids by link field, for the fields ``doc_id`` declares."""
        return self.outgoing.get(doc_id, {})

    def links_to(self, doc_id: str) -> list[Link]:
        """Links other documents declare to ``doc_id``, by source id then field."""
        return self.incoming.get(doc_id, [])

    def neighbours(self, doc_id: str, doc_type: str) -> list[Document]:
        """Documents of ``doc_type`` linked with ``doc_id`` in either direction, each once."""
        found = [d for d in self._neighbours(doc_id) if d.type == doc_type]
        return sorted(found, key=lambda d: natural_key(d.id))

    def neighbours_by_type(self, doc_id: str) -> dict[str, list[Document]]:
        """`neighbours` of every type at once, by type."""
        by_type: dict[str, list[Document]] = {}
        for neighbour in sorted(self._neighbours(doc_id), key=lambda d: natural_key(d.id)):
            by_type.setdefault(neighbour.type, []).append(neighbour)
        return by_type

    def _neighbours(self, doc_id: str) -> list[Document]:
        ids = {target for targets in self.links_from(doc_id).values() for target in targets}
        ids.update(link.source for link in self.links_to(doc_id))
        return [self.documents[i] for i in ids]

    def of_type(self, doc_type: str) -> list[Document]:
        return [d for d in self.documents.values() if d.type == doc_type]

    def suggest_id(self, written: str, exclude: str | None = None) -> str | None:
        """The id that ``written`` stands for when it is only written differently.

        Case, separators and zero padding: ``prd-12`` and ``PRD_012`` suggest
        ``PRD-012``. Ids that differ in a digit are other documents, not typos,
        so nothing is suggested for them; nor is ``exclude`` (the linking
        document itself).
        """
        if not self._by_spelling:
            for doc_id in sorted(self.documents, key=natural_key):
                self._by_spelling.setdefault(_spelling(doc_id), []).append(doc_id)
        found = [i for i in self._by_spelling.get(_spelling(written), []) if i != exclude]
        return found[0] if found else None

    def why_missing(self, target_id: str, exclude: str | None = None) -> str:
        """Why no document has ``target_id``: the unreadable file naming it, or a close id."""
        if target_id in self.unread:
            return f"'{target_id}' {self.unread_file(target_id)}"
        suggestion = self.suggest_id(target_id, exclude)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        return f"no document has id '{target_id}'{hint}"

    def unread_file(self, target_id: str) -> str:
        """Where an id of `unread` is: ``is in FILE, which could not be read (CODE)``."""
        file, code = self.unread[target_id]
        return f"is in {file}, which could not be read ({code})"


def _spelling(doc_id: str) -> tuple[str, ...]:
    """What is left of an id once case, separators and zero padding are set aside."""
    parts = _NUMBER.split(_SEPARATORS.sub("", doc_id.upper()))
    # Digits stay text: an id may hold more digits than Python reads as a number.
    return tuple(part.lstrip("0") or "0" if index % 2 else part for index, part in enumerate(parts))


def build_graph(
    documents: Iterable[Document],
    types: TypeSet,
    unread: dict[str, tuple[str, str]] | None = None,
) -> tuple[Graph, list[Diagnostic]]:
    """Index ``documents`` by id and resolve every link, reporting what does not resolve.

    ``unread`` names the files behind ids that no readable document has, to
    say so where a link names one.
    """
    ordered = sorted(documents, key=lambda d: (natural_key(d.id), natural_key(d.path)))
    diagnostics = _duplicate_ids(ordered)
    by_id: dict[str, Document] = {}
    for document in ordered:
        by_id.setdefault(document.id, document)
    graph = Graph(by_id, {i: holder for i, holder in (unread or {}).items() if i not in by_id})
    # by_id is in natural id order: its index sorts ids as natural_key does, for less.
    rank = {doc_id: index for index, doc_id in enumerate(by_id)}
    incoming: dict[str, list[Link]] = defaultdict(list)
    for document in ordered:
        if by_id[document.id] is not document:
            continue  # a duplicate id: its links would be ambiguous
        resolved = _resolve_links(document, graph, types, rank, diagnostics)
        if resolved:
            graph.outgoing[document.id] = resolved
        for field_name, targets in resolved.items():
            for target in targets:
                incoming[target].append(Link(document.id, field_name, target))
    graph.incoming = {
        target: sorted(links, key=lambda link: (rank[link.source], link.field))
        for target, links in sorted(incoming.items())
    }
    diagnostics.extend(_dependency_cycles(graph))
    return graph, diagnostics


def _duplicate_ids(ordered: list[Document]) -> list[Diagnostic]:
    files_by_id: dict[str, list[Document]] = defaultdict(list)
    for document in ordered:
        files_by_id[document.id].append(document)
    diagnostics = []
    for doc_id, holders in files_by_id.items():
        if len(holders) < 2:
            continue
        for document in holders:
            others = ", ".join(other.file for other in holders if other is not document)
            position = document.front_matter.value_position(("id",))
            message = f"id '{doc_id}' is also used by {others}; ids must be unique"
            diagnostics.append(
                Diagnostic.at(position, "PM200", document.file, message, doc_id, "id")
            )
    return diagnostics


def _resolve_links(
    document: Document,
    graph: Graph,
    types: TypeSet,
    rank: dict[str, int],
    diagnostics: list[Diagnostic],
) -> dict[str, list[str]]:
    resolved: dict[str, list[str]] = {}
    for field_name, targets in document.links.items():
        kept: list[str] = []
        for target_id in targets:
            problem = _link_problem(document, field_name, target_id, graph, types)
            if problem:
                code, message = problem
                position = document.front_matter.value_position(
                    _written_at(document, field_name, target_id)
                )
                diagnostics.append(
                    Diagnostic.at(position, code, document.file, message, document.id, field_name)
                )
            elif target_id not in kept:
                kept.append(target_id)
        if kept:
            resolved[field_name] = sorted(kept, key=rank.__getitem__)
    return resolved


def _written_at(document: Document, field_name: str, target_id: str) -> tuple[str | int, ...]:
    """The path of the item of a link field that names ``target_id`` (the field, if not a list).

    The field's ids leave out the items that are no ids, so their index is not the item's.
    """
    written = document.data.get(field_name)
    if isinstance(written, list):
        for index, item in enumerate(written):
            if isinstance(item, str) and normal_id(item) == target_id:
                return (field_name, index)
    return (field_name,)


def _link_problem(
    document: Document, field_name: str, target_id: str, graph: Graph, types: TypeSet
) -> tuple[str, str] | None:
    if target_id == document.id:
        return "PM204", f"'{target_id}' links to itself; remove it from {field_name}"
    target = graph.get(target_id)
    if target is None:
        return "PM201", graph.why_missing(target_id, exclude=document.id)
    spec = types[document.type].links[field_name]
    if not spec.allows(target.type):
        allowed = ", ".join(spec.targets)
        return "PM202", f"'{target_id}' is a {target.type}; {field_name} may link to {allowed}"
    return None


def _dependency_cycles(graph: Graph) -> list[Diagnostic]:
    """One PM203 per cycle of ``depends_on`` links, on its lowest id."""
    edges = {
        doc_id: fields[CYCLE_FIELD]
        for doc_id, fields in graph.outgoing.items()
        if CYCLE_FIELD in fields
    }
    diagnostics = []
    for component in _strongly_connected(edges):
        if len(component) < 2:
            continue
        start = min(component, key=natural_key)
        cycle = _cycle_through(start, edges, set(component))
        document = graph.documents[start]
        position = document.front_matter.key_position((CYCLE_FIELD,))
        message = f"{CYCLE_FIELD} forms a cycle: {' → '.join([*cycle, start])}"
        diagnostics.append(
            Diagnostic.at(position, "PM203", document.file, message, start, CYCLE_FIELD)
        )
    return diagnostics


def _strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so long chains cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in sorted(edges, key=natural_key):
        if root in index:
            continue
        work = [(root, iter(edges.get(root, [])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(edges.get(successor, []))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _cycle_through(start: str, edges: dict[str, list[str]], members: set[str]) -> list[str]:
    """A path from ``start`` back to itself inside one strongly connected component."""
    previous: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for successor in edges.get(node, []):
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return path[::-1]
            if successor in members and successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return [start]
