"""Relative links of a built site that lead nowhere.

`broken_links(site)` reads every HTML file under ``site`` and returns each
relative ``href``/``src`` (and each ``<meta http-equiv="refresh">`` target)
that does not open a file of the site, with the page it is on. A URL ending
in ``/`` or naming a folder opens that folder's ``index.html`` (as a web
server serves it), unless ``directory_links=False``: a site meant to be
opened from ``file://`` (Material's offline plugin) needs links to the
``.html`` files themselves. Query strings are ignored; a fragment must name
an ``id`` (or ``name``) on the target page. A path from the root (MkDocs'
404 page has them) is read from the site's root. Links to other sites, ``mailto:``
and ``data:`` are not checked; a ``javascript:`` URL is always broken.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["BrokenLink", "broken_links"]

_LINK_ATTRIBUTES = frozenset({"href", "src"})
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's path in the site, e.g. "pm/index.html"
    url: str  # the URL as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url} ({self.reason})"


# Tags of a page, once scripts' and styles' bodies and comments are left out:
# pmdocs' own pages and Material's are well-formed, and a regular expression
# reads them five times as fast as `html.parser`.
_SKIPPED = re.compile(r"<!--.*?-->|(<(script|style)\b[^>]*>).*?</\2\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@dataclass
class _Page:
    """The link URLs and the anchor ids of one page."""

    urls: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def _read(path: Path) -> _Page:
    page = _Page()
    text = _SKIPPED.sub(lambda match: match.group(1) or "", path.read_text(encoding="utf-8"))
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        values = {
            found.group(1).lower(): html.unescape(next(filter(None, found.groups()[1:]), ""))
            for found in _ATTRIBUTE.finditer(tag.group(2))
        }
        if "id" in values:
            page.ids.add(values["id"])
        if name == "a" and "name" in values:
            page.ids.add(values["name"])
        page.urls.extend(values[key] for key in _LINK_ATTRIBUTES if key in values)
        if name == "meta" and values.get("http-equiv", "").lower() == "refresh":
            refresh = _REFRESH_URL.search(values.get("content", ""))
            if refresh:
                page.urls.append(refresh.group(1))
    return page


def broken_links(site: Path, directory_links: bool = True) -> list[BrokenLink]:
    """Every relative link of every HTML page under ``site`` that leads nowhere."""
    pages = {
        path.relative_to(site).as_posix(): _read(path) for path in sorted(site.rglob("*.html"))
    }
    broken: list[BrokenLink] = []
    for page, reader in pages.items():
        for url in reader.urls:
            reason = _why_broken(site, pages, page, url, directory_links)
            if reason is not None:
                broken.append(BrokenLink(page, url, reason))
    return broken


def _why_broken(
    site: Path, pages: dict[str, _Page], page: str, url: str, directory_links: bool
) -> str | None:
    """Why ``url`` on ``page`` leads nowhere, or None when it opens a file of the site."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return "javascript: URL"
    if scheme or parts.netloc:  # another site, mailto:, data:
        return None
    if parts.path.startswith("/"):  # MkDocs' 404 page: the site is served from the root
        target = posixpath.normpath(unquote(parts.path).lstrip("/") or ".")
    elif parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    else:
        target = page  # "#fragment" or "?query": this page
    if target == ".." or target.startswith("../"):
        return "leads out of the site"
    file = site / target
    if file.is_dir() or parts.path.endswith("/"):
        if not directory_links:
            return "link to a folder: does not open from file://"
        target = posixpath.normpath(posixpath.join(target, "index.html"))
        file = site / target
    if not file.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"no id {fragment!r} on {target}"
    return None
