"""Site URLs of source files: as the site gives them, else as MkDocs 1.6 computes them."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import quote

__all__ = ["SiteUrls", "page_url", "page_url_from", "relative_url"]

_INDEX_NAMES = ("index", "README")


@lru_cache(maxsize=65536)
def page_url(docs_path: str, use_directory_urls: bool = True) -> str:
    """The URL of the page built from ``docs_path`` (``prd/sso.md`` → ``prd/sso/``)."""
    parent, filename = posixpath.split(docs_path)
    name = posixpath.splitext(filename)[0]
    if name in _INDEX_NAMES:
        name = "index"
    if not use_directory_urls or name == "index":
        destination = posixpath.join(parent, name + ".html")
    else:
        destination = posixpath.join(parent, name, "index.html")
    directory, filename = posixpath.split(destination)
    if use_directory_urls and filename == "index.html":
        destination = (directory or ".") + "/"
    return quote(destination)


class SiteUrls:
    """The URL of every page of a site.

    Other MkDocs plugins move pages (the blog gives posts dated URLs, i18n
    puts each language under its own folder); the plugin hands over the URLs
    MkDocs settled on in ``known``. A page not among them (the command line
    knows none; pmdocs' own pages are made after the URLs are handed over)
    gets the URL MkDocs' own rules give it, under ``folder`` when the site
    being built is one language's folder of a larger one.
    """

    __slots__ = ("_folder", "_known", "use_directory_urls")

    def __init__(
        self,
        use_directory_urls: bool = True,
        known: Mapping[str, str] | None = None,
        folder: str = "",
    ) -> None:
        self.use_directory_urls = use_directory_urls
        self._known = dict(known or {})
        self._folder = f"{folder}/" if folder else ""

    def of(self, docs_path: str) -> str:
        """The site URL of the page built from ``docs_path``."""
        url = self._known.get(docs_path)
        if url is not None:
            return url
        return self._folder + page_url(docs_path, self.use_directory_urls)

    def between(self, docs_path: str, page: str) -> str:
        """The URL of the page built from ``docs_path``, relative to the page built from ``page``."""
        return relative_url(self.of(docs_path), self.of(page))


def page_url_from(docs_path: str, page: str, use_directory_urls: bool = True) -> str:
    """The URL of the page built from ``docs_path``, relative to the page built from ``page``."""
    return relative_url(page_url(docs_path, use_directory_urls), page_url(page, use_directory_urls))


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (both site URLs), as MkDocs does it."""
    return _relative(url, _folder_parts(other))


# A page's links are written one after another: the last few pages' folders do.
@lru_cache(maxsize=64)
def _folder_parts(url: str) -> tuple[str, ...]:
    """The folders of the page at ``url``, against which its relative URLs are made."""
    directory, _, basename = url.rpartition("/")
    if "." in basename:
        url = directory
    return tuple(_parts(url))


def _relative(url: str, base: tuple[str, ...]) -> str:
    if base and url.partition("/")[0] not in ("", base[0]) and _is_plain(url):
        return "../" * len(base) + url  # no folder in common: most links between types
    url_parts = _parts(url)
    common = 0
    for mine, theirs in zip(base, url_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join((*[".."] * (len(base) - common), *url_parts[common:])) or "."
    return relative + "/" if url.endswith("/") else relative


def _is_plain(url: str) -> bool:
    """No segment to resolve or drop: no ".", "..", or empty segment but a last one."""
    return "." not in url and "//" not in url and not url.startswith("/")


def _parts(url: str) -> list[str]:
    if "." not in url:  # no "." or ".." segment to resolve: most URLs
        return [part for part in url.split("/") if part]
    parts: list[str] = []
    for part in url.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return parts
