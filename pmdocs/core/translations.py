"""Sites in several languages (mkdocs-static-i18n): which files make each language's pages.

A page and its translations are one page in as many languages:
``prd/sso.md`` and ``prd/sso.zh.md`` with the ``suffix`` layout,
``en/prd/sso.md`` and ``zh/prd/sso.md`` with the ``folder`` layout. The
site is built once per language from that language's files, falling back
to the default language's where a translation is missing; pmdocs checks
each language's set as its build does, so a document and its translation
are never two documents with one id.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["Translations"]


class Translations(NamedTuple):
    """How a site's files are split by language."""

    structure: str  # "suffix" or "folder"
    languages: tuple[str, ...]  # the default language first
    fallback: bool = True  # a page with no translation shows the default language's

    @property
    def default(self) -> str:
        return self.languages[0]

    def pages_of(self, language: str, paths: Iterable[str]) -> list[str]:
        """The docs paths that make ``language``'s pages, in the order given."""
        chosen: dict[str, str] = {}
        for path in paths:
            locale, page = self.locale_of(path)
            if locale == language:
                chosen[page] = path
            elif locale == self.default and self.fallback:
                chosen.setdefault(page, path)
        picked = set(chosen.values())
        return [path for path in paths if path in picked]

    def locale_of(self, path: str) -> tuple[str, str]:
        """The language a docs path is written in, and the page it is a version of."""
        if self.structure == "folder":
            top, _, rest = path.partition("/")
            if rest and top in self.languages:
                return top, rest
            return self.default, path
        folder, name = posixpath.split(path)
        stem, extension = posixpath.splitext(name)
        base, dot, locale = stem.rpartition(".")
        if dot and locale in self.languages:
            return locale, posixpath.join(folder, base + extension)
        return self.default, path
