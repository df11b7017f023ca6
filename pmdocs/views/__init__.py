"""Generated views: each module turns the project into one kind of page or fragment.

Views are pure functions of a `ViewContext`; they return Markdown whose HTML
parts come from the package templates, with every value escaped.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from pmdocs.core.doctypes import DocType
from pmdocs.core.i18n import UI, count_of, field_label
from pmdocs.core.model import Document
from pmdocs.core.project import Project

__all__ = ["ViewContext", "status_tone"]

_TONES = {
    "done": "done", "shipped": "done", "released": "done", "achieved": "done",
    "compliant": "done", "closed": "done", "decided": "done", "concluded": "done",
    "approved": "done", "followed-up": "done",
    "in-progress": "active", "review": "active", "running": "active", "tracking": "active",
    "mitigating": "active", "active": "active", "triaged": "active",
    "planned": "planned", "proposed": "planned", "draft": "planned", "new": "planned",
    "at-risk": "warning", "open": "warning", "non-compliant": "danger",
    "missed": "danger", "rejected": "danger", "cancelled": "muted", "dropped": "muted",
    "superseded": "muted", "retired": "muted", "waived": "muted", "archived": "muted",
    "accepted": "muted",
}  # fmt: skip


def status_tone(status: str) -> str:
    """The colour family of a status badge: done, active, planned, warning, danger, muted."""
    return _TONES.get(status, "neutral")


class ViewContext(NamedTuple):
    """What a view needs: the project, the page being written, language and today."""

    project: Project
    page: str
    language: str
    today: datetime.date

    @property
    def prefix(self) -> str:
        return self.project.settings.prefix

    def url_to(self, docs_path: str) -> str:
        """The URL of the page built from ``docs_path``, relative to this page."""
        return self.project.urls.between(docs_path, self.page)

    def href(self, document: Document) -> str:
        return self.url_to(document.path)

    def generated(self, name: str) -> str:
        """The docs path of a generated page, e.g. ``pm/prd/index.md``."""
        return f"{self.prefix}/{name}"

    def t(self, key: str, **values: object) -> str:
        text = UI(key, self.language)
        return text.format(**values) if values else text

    def count_of(self, count: int, noun: str) -> str:
        """``1 document``, ``2 documents``, ``2 篇文档``."""
        return count_of(count, noun, self.language)

    def field_label(self, name: str) -> str:
        return field_label(name, self.language)

    def status_label(self, status: str, doc_type: DocType) -> str:
        return doc_type.status_label(status, self.language)

    def type_label(self, doc_type: DocType) -> str:
        return doc_type.labels(self.language)

    def type_plural(self, doc_type: DocType) -> str:
        """The title of a type's page: ``Requirements``, ``需求``."""
        return doc_type.plural_label(self.language)

    def for_page(self, page: str) -> ViewContext:
        return ViewContext(self.project, page, self.language, self.today)
