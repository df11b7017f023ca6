"""Site URLs of source files, computed the way MkDocs 1.6 computes them."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

__all__ = ["page_url", "page_url_from", "relative_url"]

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
