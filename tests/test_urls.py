"""pmdocs writes links between pages itself; they must be the URLs MkDocs would write."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from pmdocs.core.urls import SiteUrls, page_url, page_url_from, relative_url

SEGMENTS = ["prd", "pm", "risk", "a b", "中文", "index", "README", "x.y", "sso"]
docs_paths = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4).map(
    lambda parts: "/".join(parts) + ".md"
)


def mkdocs_file(path: str, use_directory_urls: bool) -> File:
    return File(path, "docs", "site", use_directory_urls)


@settings(max_examples=300, deadline=None)
@given(docs_paths, st.booleans())
def test_page_url_is_mkdocs_url(path: str, use_directory_urls: bool) -> None:
    assert page_url(path, use_directory_urls) == mkdocs_file(path, use_directory_urls).url


@settings(max_examples=300, deadline=None)
@given(docs_paths, docs_paths, st.booleans())
def test_url_from_a_page_is_mkdocs_relative_url(
    target: str, page: str, use_directory_urls: bool
) -> None:
    expected = mkdocs_file(target, use_directory_urls).url_relative_to(
        mkdocs_file(page, use_directory_urls)
    )
    assert page_url_from(target, page, use_directory_urls) == expected


site_urls = st.builds(
    lambda parts, end: "/".join(parts) + end,
    st.lists(st.sampled_from([*SEGMENTS, ".", ".."]), min_size=1, max_size=4),
    st.sampled_from(["/", "", ".html", "/index.html"]),
)


@settings(max_examples=500, deadline=None)
@given(site_urls, site_urls)
def test_relative_url_is_mkdocs_relative_url(url: str, other: str) -> None:
    assert relative_url(url, other) == get_relative_url(url, other)


def test_site_urls_prefer_the_urls_the_site_gave_its_pages() -> None:
    urls = SiteUrls(True, {"blog/posts/launch.md": "blog/2026/11/01/launch/"})
    assert urls.of("blog/posts/launch.md") == "blog/2026/11/01/launch/"
    assert urls.of("prd/sso.md") == "prd/sso/"
    assert urls.between("prd/sso.md", "blog/posts/launch.md") == "../../../../../prd/sso/"


def test_pages_the_site_does_not_know_yet_go_under_its_language_folder() -> None:
    urls = SiteUrls(False, {"prd/sso.zh.md": "zh/prd/sso.html"}, folder="zh")
    assert urls.of("pm/index.md") == "zh/pm/index.html"
    assert urls.between("prd/sso.zh.md", "pm/index.md") == "../prd/sso.html"
