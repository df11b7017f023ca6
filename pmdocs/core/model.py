"""The data model: PM documents and the links between them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pmdocs.core.frontmatter import FrontMatter

__all__ = ["Document", "Link"]


@dataclass(frozen=True, slots=True)
class Document:
    """A PM document: a Markdown file whose front matter has a known ``type``.

    ``path`` is relative to ``docs_dir`` (the MkDocs source path); ``file`` is
    relative to the folder holding ``mkdocs.yml`` (what diagnostics name).
    ``links`` holds the ids each link field lists, as written.
    """

    id: str
    type: str
    title: str
    status: str
    path: str
    file: str
    data: Mapping[str, Any] = field(compare=False, repr=False)
    links: Mapping[str, tuple[str, ...]] = field(compare=False, repr=False)
    front_matter: FrontMatter = field(compare=False, repr=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def owner(self) -> str:
        owner = self.data.get("owner")
        return owner if isinstance(owner, str) else ""


@dataclass(frozen=True, order=True, slots=True)
class Link:
    """One resolved link: ``source`` lists ``target`` in its ``field``."""

    source: str
    field: str
    target: str
