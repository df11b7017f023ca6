"""End-to-end: ``[[ID]]`` in every place Markdown can put it, built with MkDocs + Material.

A reference is linked where a link can stand, and left as written elsewhere;
pmdocs' markers never reach the output, and two builds are byte-identical.
"""

from __future__ import annotations

import gc
import gzip
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Build, WriteProject
from test_site_build import Built, article, build_site, links, output, prd

from pmdocs.core.config import read_settings
from pmdocs.core.project import load_project
from pmdocs.site.pages import link_references, put_back_links

EXTENSIONS = [
    "admonition",
    "attr_list",
    "pymdownx.superfences",
    {"toc": {"permalink": True}},
]
CONFIG = {"markdown_extensions": EXTENSIONS, "site_url": "https://example.com/"}
SSO = "PRD-001 Single sign-on"
# A page's headings, each as written with the reference and as plain text.
HEADINGS = """\
> ## See {ref}

- ## {ref}

!!! note
    ### About {ref}

> - #### {ref}, again
"""
HOSTILE = """\
# Home

![see [[PRD-001]]](x.png)

[x]([[PRD-001]]) and [about [[PRD-001]]](https://e.com)

<span title="[[PRD-001]]">t</span> <code>[[PRD-001]]</code> <!-- [[PRD-001]] -->

<pre>[[PRD-001]]</pre>

A span `a [[PRD-001]]
b` over two lines.

Escaped \\[[PRD-001]] and blank text [[PRD-001|]] and angled <[[PRD-001]]>.
"""
FILES: dict[str, str | bytes] = {
    "docs/prd/sso.md": prd("PRD-001", "Single sign-on"),
    "docs/headings.md": "# Headings\n\n" + HEADINGS.format(ref="[[PRD-001]]"),
    "docs/plain.md": "# Headings\n\n" + HEADINGS.format(ref=SSO),
    "docs/hostile.md": HOSTILE,
    "docs/x.png": b"\x89PNG\r\n\x1a\n",
}
MARKER = re.compile(r"pmdocs[0-9a-f]{16}")


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Built:
    built = build_site(
        tmp_path_factory.mktemp("refs"), FILES, write_project, build, strict=True, config=CONFIG
    )
    assert built.result.returncode == 0, output(built.result)
    return built


def heading_ids(page_html: str) -> list[tuple[str, str]]:
    """(tag, id) of each heading of the article, in order."""
    return re.findall(r'<(h[1-6]) id="([^"]*)"', article(page_html))


def test_references_in_headings_of_quotes_lists_and_admonitions_are_links(site: Built) -> None:
    page = article(site.read("headings/index.html"))
    sso_links = [text for href, text in links(page) if href == "../prd/sso/"]
    assert sso_links == [SSO] * 4


def test_such_headings_get_the_anchor_of_their_plain_text(site: Built) -> None:
    linked, plain = site.read("headings/index.html"), site.read("plain/index.html")
    assert heading_ids(linked) == heading_ids(plain)
    assert ("h2", "see-prd-001-single-sign-on") in heading_ids(linked)
    toc = re.compile(
        r'<a href="(#[^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', re.S
    )
    assert toc.findall(linked) == toc.findall(plain)


def test_search_indexes_such_headings_as_their_plain_text(site: Built) -> None:
    index = json.loads(site.read("search/search_index.json"))
    entries = {entry["location"]: entry["title"] for entry in index["docs"]}
    linked = {loc.partition("#")[2]: t for loc, t in entries.items() if loc.startswith("headings/")}
    plain = {loc.partition("#")[2]: t for loc, t in entries.items() if loc.startswith("plain/")}
    assert linked == plain
    assert linked["see-prd-001-single-sign-on"] == f"See {SSO}"


def test_no_marker_reaches_any_file_of_the_site(site: Built) -> None:
    for path in sorted(site.site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert not MARKER.search(data.decode("utf-8", "replace")), path


def test_two_builds_are_byte_identical(site: Built, build: Build) -> None:
    again = site.project / "site-again"
    result = build(site.project, site_dir=again)
    assert result.returncode == 0, output(result)
    first = sorted(p.relative_to(site.site) for p in site.site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    for path in first:
        assert (site.site / path).read_bytes() == (again / path).read_bytes(), path


@pytest.mark.parametrize(
    "fragment",
    [
        '<img alt="see [[PRD-001]]" src="../x.png" />',
        '<a href="[[PRD-001]]">x</a>',
        '<a href="https://e.com">about [[PRD-001]]</a>',
        '<span title="[[PRD-001]]">t</span>',
        "<code>[[PRD-001]]</code>",
        "<!-- [[PRD-001]] -->",
        "<pre>[[PRD-001]]</pre>",
        "<code>a [[PRD-001]]\nb</code>",
        "Escaped [[PRD-001]] and",
    ],
)
def test_references_where_no_link_stands_are_left_as_written(site: Built, fragment: str) -> None:
    assert fragment in article(site.read("hostile/index.html"))


def test_blank_text_and_angle_brackets_still_link(site: Built) -> None:
    page = article(site.read("hostile/index.html"))
    assert [text for href, text in links(page) if href == "../prd/sso/"] == [SSO, SSO]
    assert f'&lt;<a href="../prd/sso/">{SSO}</a>&gt;' in page


class _Nesting(HTMLParser):
    """Links inside links or code, and tags in attribute values, of a fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and {"a", "code", "pre"} & set(self.open):
            self.problems.append(f"<a> inside {self.open}")
        self.problems += [
            f"{tag} {name}={value!r}" for name, value in attrs if "<" in (value or "")
        ]
        if tag not in ("img", "br", "hr", "input", "meta", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


@pytest.mark.parametrize("page", ["headings/index.html", "hostile/index.html"])
def test_no_link_nests_in_a_link_or_code_and_no_tag_in_an_attribute(site: Built, page: str) -> None:
    parser = _Nesting()
    parser.feed(article(site.read(page)))
    assert parser.problems == []


@pytest.mark.parametrize(
    "piece", ["`code` [[PRD-001]] ", "# [[PRD-001]] `a` ", "[[PRD-001]] x\n---\n"]
)
def test_linking_time_is_linear(piece: str, tmp_path: Path, write_project: WriteProject) -> None:
    """Four times the references take about four times the time, not sixteen (CPU time)."""
    project_dir = write_project(tmp_path, {"docs/prd/sso.md": prd("PRD-001", "Single sign-on")})
    project = load_project(read_settings(project_dir / "mkdocs.yml"))

    def link_time(times: int) -> float:
        markdown = piece * times
        best = float("inf")
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                start = time.process_time()
                page, tokens = link_references(project, "index.md", markdown, "m")
                put_back_links(page, "m", tokens)
                best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        return best

    assert link_time(8_000) < 8 * link_time(2_000)
