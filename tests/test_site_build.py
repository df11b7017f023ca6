"""End-to-end: small sites built with MkDocs + Material, read as a stakeholder reads them."""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import Build, WriteProject

from pmdocs.core.config import read_settings
from pmdocs.core.export import export_json
from pmdocs.core.project import load_project

TODAY = "2026-11-27"
IMG_TITLE = "<img src=x onerror=alert(1)>"
SCRIPT_TITLE = "</title><script>alert(1)</script>"
PIPE_TITLE = "Export | import | sync"
MARKDOWN_EXTENSIONS = ["admonition", "tables", "pymdownx.superfences", {"toc": {"permalink": True}}]


def prd(id_: str, title: str, *extra: str, status: str = "approved") -> str:
    """A valid requirement; ``extra`` lines go at the end of the front matter."""
    lines = [
        "---",
        "type: prd",
        f"id: {id_}",
        f"title: {title}",
        f"status: {status}",
        "priority: P1",
        "kind: user",
        "owner: Ana",
        *extra,
        "---",
        "",
        f"Body of {id_}.",
        "",
    ]
    return "\n".join(lines)


ORDINARY_PAGES = {
    "docs/about.md": """---
title: About the team
description: Who we are.
---

# About the team

We build **the product**; see the [home page](index.md).

!!! note "Working agreement"
    Decisions are written down.

## Members

| Name | Role |
|---|---|
| Ana | PM |
| Bo | Design |

- one
- two

```python
print("[[PRD-001]]")
```
""",
    "docs/guide/code.md": """# Writing references

Write `[[PRD-001]]` to link a requirement, or `[[PRD-001|some text]]`;
``a span with ` and [[PRD-001]]`` too.

```text
[[PRD-002]] fenced code
```

~~~~
[[PRD-003]] tilde fence
~~~~
""",
    "docs/guide/nested-code.md": """# Code inside blocks

Indented code:

    [[PRD-001]] indented code

- A list item with a fence:

    ```text
    [[PRD-001]] fenced in a list
    ```

!!! example "A fence in an admonition"
    ```text
    [[PRD-001]] fenced in an admonition
    ```
""",
}

SITE_FILES: dict[str, str | bytes] = {
    **ORDINARY_PAGES,
    "docs/index.md": """# Home

Start with [[PRD-001]], then read [[PRD-002|the audit requirement]].
Escaped titles inline: [[PRD-002]] and [[PRD-004]].

Literal: `[[PRD-001]]`

```
[[PRD-001]] in a block
```

| Requirement | Note |
|---|---|
| [[PRD-003]] | pipes in the title |
| [[PRD-002]] | markup in the title |

## Next: [[PRD-010]]
""",
    "docs/prd/sso.md": prd("PRD-001", "Single sign-on", "sources: [RES-001]"),
    "docs/prd/audit.md": prd("PRD-002", f"'{IMG_TITLE}'", status="draft"),
    "docs/prd/sync.md": prd("PRD-003", f"'{PIPE_TITLE}'", status="review"),
    "docs/prd/script.md": prd("PRD-004", f"'{SCRIPT_TITLE}'", status="draft"),
    "docs/prd/reports.md": prd("PRD-010", "Reports", "depends_on: [PRD-001]"),
    "docs/design/login.md": """---
type: design
id: DES-001
title: Login screen
status: review
owner: Cy
implements: [PRD-001, PRD-002, PRD-003, PRD-004]
---

Implements [[PRD-001]].
""",
    "docs/prd/own-heading.md": prd("PRD-011", "Offline mode").replace(
        "Body of PRD-011.", "# Offline mode, in short\n\nBody of PRD-011."
    ),
    "docs/research/interviews.md": """---
type: research
id: RES-001
title: Admin interviews
status: done
method: qualitative
---

Twelve interviews.
""",
}

CONFIG = {"markdown_extensions": MARKDOWN_EXTENSIONS}
DOCUMENT_PAGES = {
    "PRD-001": "prd/sso/index.html",
    "PRD-002": "prd/audit/index.html",
    "PRD-003": "prd/sync/index.html",
    "PRD-004": "prd/script/index.html",
    "PRD-010": "prd/reports/index.html",
    "PRD-011": "prd/own-heading/index.html",
    "DES-001": "design/login/index.html",
    "RES-001": "research/interviews/index.html",
}
# The generated pages this site must have; later features may add more under pm/.
GENERATED_PAGES = [
    "pm/index.html",
    "pm/research/index.html",
    "pm/prd/index.html",
    "pm/design/index.html",
]


# ---------------------------------------------------------------- reading the site


@dataclass
class NavItem:
    """One entry of Material's primary navigation: a page (href) or a section (children)."""

    title: str = ""
    href: str | None = None
    children: list[NavItem] = field(default_factory=list)

    def walk(self) -> Any:
        for child in self.children:
            yield child
            yield from child.walk()


class _NavParser(HTMLParser):
    """Material's primary navigation as a tree of `NavItem`, the table of contents left out."""

    def __init__(self) -> None:
        super().__init__()
        self.root = NavItem()
        self._items = [self.root]
        self._nav_depth = 0  # inside the primary nav, counting nested <nav>
        self._skip_depth = 0  # inside the table of contents
        self._capturing = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            if self._nav_depth == 0 and "md-nav--primary" not in classes:
                return
            self._nav_depth += 1
            if "md-nav--secondary" in classes or self._skip_depth:
                self._skip_depth += 1
            return
        if not self._nav_depth or self._skip_depth:
            return
        if tag == "li" and "md-nav__item" in classes:
            item = NavItem()
            self._items[-1].children.append(item)
            self._items.append(item)
        elif tag in ("a", "label") and "md-nav__link" in classes and len(self._items) > 1:
            item = self._items[-1]
            if tag == "a" and item.href is None:
                item.href = dict(attrs).get("href")
            self._capturing = not item.title

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
            self._skip_depth = max(0, self._skip_depth - 1)
        elif not self._nav_depth or self._skip_depth:
            return
        elif tag == "li" and len(self._items) > 1:
            self._items.pop()
        elif tag in ("a", "label"):
            self._capturing = False

    def handle_data(self, data: str) -> None:
        if self._capturing:
            item = self._items[-1]
            item.title = " ".join(f"{item.title} {data}".split())


def navigation(page_html: str) -> NavItem:
    parser = _NavParser()
    parser.feed(page_html)
    return parser.root


class _LinkParser(HTMLParser):
    """Every ``<a href>`` with its text (entities decoded, spaces collapsed)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append([dict(attrs).get("href") or ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, *text = self._open.pop()
            self.links.append((href, " ".join("".join(text).split())))

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link.append(data)


def links(fragment: str) -> list[tuple[str, str]]:
    parser = _LinkParser()
    parser.feed(fragment)
    return parser.links


class _TableParser(HTMLParser):
    """The number of cells in each row of each table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append(0)
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1] += 1


def table_shapes(fragment: str) -> list[list[int]]:
    parser = _TableParser()
    parser.feed(fragment)
    return parser.tables


def article(page_html: str) -> str:
    """The page's content as Material writes it, ``<article ...>...</article>``."""
    found = re.search(r"<article\b.*?</article>", page_html, re.S)
    assert found, "the page has no <article>"
    return found.group(0)


def headings(page_html: str, unescape: bool = True) -> list[str]:
    """The ``<h1>`` of the page's article as written (or as read), permalink left out."""
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", article(page_html), re.S)
    written = [re.sub(r'<a class="headerlink".*?</a>', "", text).strip() for text in found]
    return [html.unescape(text) for text in written] if unescape else written


def resolve(site: Path, page: str, href: str) -> Path | None:
    """The file a relative link on ``page`` opens, or None when nothing is there."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"{page}: {href} leaves the site"
    if not parts.path:
        return site / page
    folder = site if parts.path.startswith("/") else (site / page).parent
    target = (folder / unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() and target.is_relative_to(site.resolve()) else None


def docs_hashes(docs: Path) -> dict[str, str]:
    return {
        path.relative_to(docs).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(docs.rglob("*"))
        if path.is_file()
    }


def output(result: Any) -> str:
    return f"{result.stdout}\n{result.stderr}"


@dataclass
class Built:
    project: Path
    site: Path
    result: Any
    hashes_before: dict[str, str]

    def read(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")

    def html_pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def generated(self) -> set[Path]:
        """Every page built under the ``pm`` prefix."""
        return {path.resolve() for path in (self.site / "pm").rglob("*.html")}


def build_site(
    root: Path,
    files: dict[str, str | bytes],
    write_project: WriteProject,
    build: Build,
    strict: bool = False,
    config: dict[str, Any] | None = None,
) -> Built:
    project = write_project(root, files, {**CONFIG, **(config or {})})
    hashes = docs_hashes(project / "docs")
    result = build(project, strict=strict)
    return Built(project, project / "site", result, hashes)


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Built:
    """One valid site, built with ``--strict``, shared by the tests of this module."""
    built = build_site(
        tmp_path_factory.mktemp("good"), SITE_FILES, write_project, build, strict=True
    )
    assert built.result.returncode == 0, output(built.result)
    return built


# ---------------------------------------------------------------- generated pages, nav


def test_valid_site_builds_strict_without_pmdocs_warnings(site: Built) -> None:
    assert "WARNING" not in output(site.result)
    assert "pmdocs" not in output(site.result)


def test_generated_pages_exist(site: Built) -> None:
    for page in GENERATED_PAGES:
        assert (site.site / page).is_file(), page
    assert "<h1" in site.read("pm/index.html")
    assert "Requirement" in site.read("pm/prd/index.html")
    # A type without documents gets its page too, saying how to start one.
    assert "pmdocs new budget" in site.read("pm/budget/index.html")
    assert "pmdocs new" not in site.read("pm/design/index.html").split("How to write one")[0]


def test_generated_pages_are_one_nav_section_on_an_ordinary_page(site: Built) -> None:
    page = "guide/code/index.html"
    nav = navigation(site.read(page))
    sections = [item for item in nav.walk() if item.title == "Product management" and item.children]
    assert len(sections) == 1, [item.title for item in nav.walk()]
    section = sections[0]
    # The pages stakeholders read, then the writing guides in one subsection at the end.
    *pages, guides = section.children
    assert guides.title == "Writing guides" and guides.href is None
    assert all(child.href is not None and not child.children for child in guides.children)
    assert len(guides.children) == len(list((site.site / "pm/guide").glob("*/index.html"))) >= 18
    hrefs = [child.href for child in [*pages, *guides.children]]
    assert all(href is not None for href in hrefs)
    targets = {resolve(site.site, page, href or "") for href in hrefs}
    assert targets == site.generated()
    guide_pages = {resolve(site.site, page, child.href or "") for child in guides.children}
    assert guide_pages == {path for path in targets if path.parent.parent.name == "guide"}
    assert {(site.site / p).resolve() for p in GENERATED_PAGES} <= targets
    # The function map comes first; generated pages appear nowhere else in the nav.
    assert resolve(site.site, page, hrefs[0] or "") == (site.site / "pm/index.html").resolve()
    elsewhere = [
        item
        for item in nav.walk()
        if item not in [*pages, *guides.children] and item.href and "pm/" in item.href
    ]
    assert elsewhere == []
    # The ordinary pages and the documents are still in the nav.
    titles = {item.title for item in nav.walk()}
    assert {"Home", "About the team", "Single sign-on", "Login screen"} <= titles


def test_generated_section_follows_the_home_page_with_one_roadmap(site: Built) -> None:
    """MkDocs sorts folders by name; a reader finds the product overview right after home."""
    page = "guide/code/index.html"
    top = navigation(site.read(page)).children
    titles = [item.title for item in top]
    assert titles[:2] == ["Home", "Product management"], titles
    # The user's own pages and folders come after it, in MkDocs' order.
    rest = [title for item in top[2:] for title in (item.title, *(i.title for i in item.walk()))]
    assert "About the team" in rest and "Product management" not in rest
    section = top[1]
    assert [child.title for child in section.children].count("Roadmap") == 1


@pytest.mark.parametrize(
    "config",
    [
        {"plugins": ["search", {"pmdocs": {"today": TODAY, "language": "zh"}}]},
        {"theme": {"name": "material", "font": False, "language": "zh"}},
    ],
    ids=["language-option", "theme-language"],
)
def test_chinese_section_title(
    config: dict[str, Any], tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    files = {k: v for k, v in SITE_FILES.items() if k in ("docs/index.md", "docs/prd/sso.md")}
    files["docs/prd/sso.md"] = prd("PRD-001", "单点登录")
    files["docs/index.md"] = "# 首页\n\n见 [[PRD-001]]。\n"
    built = build_site(tmp_path, files, write_project, build, config=config)
    assert built.result.returncode == 0, output(built.result)
    nav = navigation(built.read("index.html"))
    section = [item for item in nav.walk() if item.children and item.title == "产品管理"]
    assert len(section) == 1, [item.title for item in nav.walk()]
    titles = {child.title for child in section[0].children}
    assert {"产品管理", "需求"} <= titles
    assert "Requirement" not in titles
    assert "Product management" not in built.read("pm/index.html")
    assert headings(built.read("pm/prd/index.html")) == ["需求"]


# ---------------------------------------------------------------- cards and backlinks


def card_groups(page_html: str, section: str) -> dict[str, list[tuple[str, str]]]:
    """Label → links of the card's ``links`` or ``backlinks`` section."""
    found = re.search(
        rf'<div class="pmdocs-card__section pmdocs-card__{section}">(.*?)</dl>', page_html, re.S
    )
    if not found:
        return {}
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", found.group(1), re.S)
    return {html.unescape(label): links(body) for label, body in pairs}


def test_backlinks_grouped_by_reverse_label(site: Built) -> None:
    page = DOCUMENT_PAGES["PRD-001"]
    groups = card_groups(site.read(page), "backlinks")
    assert set(groups) == {"Implemented by", "Required by"}
    [(href, text)] = groups["Implemented by"]
    assert text == "DES-001 Login screen"
    assert resolve(site.site, page, href) == (site.site / DOCUMENT_PAGES["DES-001"]).resolve()
    [(href, text)] = groups["Required by"]
    assert text == "PRD-010 Reports"
    assert resolve(site.site, page, href) == (site.site / DOCUMENT_PAGES["PRD-010"]).resolve()


def test_backlink_on_a_source_declared_from_the_other_side(site: Built) -> None:
    page = DOCUMENT_PAGES["RES-001"]
    groups = card_groups(site.read(page), "backlinks")
    [(href, text)] = groups["Source for"]
    assert text == "PRD-001 Single sign-on"
    assert resolve(site.site, page, href) == (site.site / DOCUMENT_PAGES["PRD-001"]).resolve()


def test_outgoing_links_on_the_card(site: Built) -> None:
    page = DOCUMENT_PAGES["DES-001"]
    groups = card_groups(site.read(page), "links")
    texts = [text for _, text in groups["Implements"]]
    assert texts == [
        "PRD-001 Single sign-on",
        f"PRD-002 {IMG_TITLE}",
        f"PRD-003 {PIPE_TITLE}",
        f"PRD-004 {SCRIPT_TITLE}",
    ]
    for href, _ in groups["Implements"]:
        assert resolve(site.site, page, href) is not None, href


def test_card_on_every_document_page(site: Built) -> None:
    for id_, page in DOCUMENT_PAGES.items():
        content = article(site.read(page))
        assert content.count('class="pmdocs-card"') == 1, page
        assert f'data-pmdocs-id="{id_}"' in content, page
        if id_.startswith("PRD"):
            assert content.index("pmdocs-card") < content.index(f"Body of {id_}"), page
    assert "pmdocs-card" not in site.read("about/index.html")


def test_card_follows_the_page_heading(site: Built) -> None:
    for id_, page in DOCUMENT_PAGES.items():
        if id_ == "PRD-011":
            continue
        content = article(site.read(page))
        assert content.index("<h1") < content.index("pmdocs-card"), page


def test_card_follows_a_heading_written_in_the_document(site: Built) -> None:
    content = article(site.read(DOCUMENT_PAGES["PRD-011"]))
    assert headings(site.read(DOCUMENT_PAGES["PRD-011"])) == ["Offline mode, in short"]
    assert content.index("<h1") < content.index("pmdocs-card")


def test_every_link_in_generated_and_document_pages_resolves(site: Built) -> None:
    generated = [path.relative_to(site.site.resolve()).as_posix() for path in site.generated()]
    pages = [*sorted(generated), *DOCUMENT_PAGES.values(), "index.html"]
    for page in pages:
        for href, text in links(article(site.read(page))):
            if href.startswith("#"):
                continue
            assert resolve(site.site, page, href) is not None, f"{page}: {href} ({text})"


# ---------------------------------------------------------------- inline references


def test_reference_becomes_a_link_with_id_and_title(site: Built) -> None:
    found = links(article(site.read("index.html")))
    by_text = {text: href for href, text in found}
    href = by_text["PRD-001 Single sign-on"]
    assert resolve(site.site, "index.html", href) == (site.site / "prd/sso/index.html").resolve()


def test_reference_with_text_shows_the_text(site: Built) -> None:
    by_text = {text: href for href, text in links(article(site.read("index.html")))}
    href = by_text["the audit requirement"]
    assert resolve(site.site, "index.html", href) == (site.site / "prd/audit/index.html").resolve()


def test_reference_in_a_heading_links_and_names_the_heading(site: Built) -> None:
    home = site.read("index.html")
    heading = re.search(r'<h2 id="([^"]+)">(.*?)</h2>', article(home))
    assert heading is not None
    assert heading.group(1) == "next-prd-010-reports"
    [href] = [href for href, text in links(heading.group(2)) if text == "PRD-010 Reports"]
    assert (
        resolve(site.site, "index.html", href) == (site.site / "prd/reports/index.html").resolve()
    )
    assert 'href="#next-prd-010-reports"' in home  # the table of contents names it too


def test_references_in_code_stay_literal(site: Built) -> None:
    home = article(site.read("index.html"))
    assert "<code>[[PRD-001]]</code>" in home
    assert "[[PRD-001]] in a block" in home
    guide = article(site.read("guide/code/index.html"))
    assert "<code>[[PRD-001]]</code>" in guide
    assert "<code>[[PRD-001|some text]]</code>" in guide
    assert "<code>a span with ` and [[PRD-001]]</code>" in guide
    assert "[[PRD-002]] fenced code" in guide
    assert "[[PRD-003]] tilde fence" in guide
    assert not [text for _, text in links(guide) if "PRD" in text]


def test_references_work_on_document_pages(site: Built) -> None:
    page = DOCUMENT_PAGES["DES-001"]
    # The body follows the card, which ends with its related documents' disclosure.
    body = article(site.read(page)).split("</details>\n</div>", 1)[-1]
    [(href, text)] = [link for link in links(body) if "PRD" in link[1]]
    assert text == "PRD-001 Single sign-on"
    assert resolve(site.site, page, href) == (site.site / DOCUMENT_PAGES["PRD-001"]).resolve()


# ---------------------------------------------------------------- escaping


def test_markup_in_titles_never_reaches_the_html(site: Built) -> None:
    # Material shows search results from the index as HTML, so it counts too.
    for path in [*site.html_pages(), site.site / "search/search_index.json"]:
        text = path.read_text(encoding="utf-8")
        assert "<img src=x onerror" not in text, path
        assert "<script>alert(1)" not in text, path


@pytest.mark.parametrize("id_,title", [("PRD-002", IMG_TITLE), ("PRD-004", SCRIPT_TITLE)])
def test_markup_title_is_text_in_title_heading_and_nav(site: Built, id_: str, title: str) -> None:
    escaped = html.escape(title, quote=False)
    page = site.read(DOCUMENT_PAGES[id_])
    assert f"<title>{escaped} - Test product</title>" in page
    assert headings(page, unescape=False) == [escaped]
    topic = re.search(
        r'data-md-component="header-topic">\s*<span class="md-ellipsis">(.*?)</span>', page, re.S
    )
    assert topic and topic.group(1).strip() == escaped
    # In the navigation of another page, the title is the item's text, not markup.
    nav_titles = [item.title for item in navigation(site.read("about/index.html")).walk()]
    assert title in nav_titles


def test_markup_title_is_text_in_tables_and_references(site: Built) -> None:
    index = article(site.read("pm/prd/index.html"))
    assert html.escape(IMG_TITLE, quote=False) in index
    assert html.escape(SCRIPT_TITLE, quote=False) in index
    home_links = [text for _, text in links(article(site.read("index.html")))]
    assert f"PRD-002 {IMG_TITLE}" in home_links
    assert f"PRD-004 {SCRIPT_TITLE}" in home_links


def test_pipe_in_titles_keeps_tables_whole(site: Built) -> None:
    index = article(site.read("pm/prd/index.html"))
    # The priority × status matrix, then every requirement by demand.
    shape = table_shapes(index)[1]
    requirements = [id_ for id_ in DOCUMENT_PAGES if id_.startswith("PRD")]
    assert len(shape) == 1 + len(requirements)  # the header, then one row per requirement
    assert len(set(shape)) == 1, shape
    assert f">{PIPE_TITLE}</a>" in index
    home = article(site.read("index.html"))
    [shape] = table_shapes(home)
    assert shape == [2, 2, 2]
    assert f"PRD-003 {PIPE_TITLE}" in [text for _, text in links(home)]


# ---------------------------------------------------------------- sources and output


def test_docs_dir_is_byte_identical_after_the_build(site: Built) -> None:
    assert docs_hashes(site.project / "docs") == site.hashes_before


def test_two_builds_give_byte_identical_generated_pages(site: Built, build: Build) -> None:
    again = site.project / "site-again"
    result = build(site.project, site_dir=again)
    assert result.returncode == 0, output(result)
    first = sorted(p.relative_to(site.site) for p in (site.site / "pm").rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in (again / "pm").rglob("*") if p.is_file())
    assert first == second
    assert {Path(page) for page in GENERATED_PAGES} <= set(first)
    for path in first:
        assert (site.site / path).read_bytes() == (again / path).read_bytes(), path


@pytest.fixture(scope="module")
def plain(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Built:
    """The same sources built without pmdocs."""
    built = build_site(
        tmp_path_factory.mktemp("plain"),
        SITE_FILES,
        write_project,
        build,
        config={"plugins": ["search"]},
    )
    assert built.result.returncode == 0, output(built.result)
    return built


@pytest.mark.parametrize(
    "page",
    [
        "about/index.html",
        "guide/code/index.html",
        "guide/nested-code/index.html",
    ],
)
def test_ordinary_pages_are_unchanged_by_pmdocs(site: Built, plain: Built, page: str) -> None:
    assert article(site.read(page)) == article(plain.read(page))


def test_stylesheet_is_linked_and_shipped(site: Built) -> None:
    for path in site.html_pages():
        page = path.relative_to(site.site).as_posix()
        hrefs = re.findall(
            r'<link rel="stylesheet" href="([^"]*pmdocs[^"]*\.css)"', path.read_text()
        )
        assert len(hrefs) == 1, page
        sheet = resolve(site.site, page, hrefs[0])
        assert sheet is not None, f"{page}: {hrefs[0]}"
    css = (site.site / "assets/pmdocs/pmdocs.css").read_text(encoding="utf-8")
    assert ".pmdocs-card" in css
    assert ".pmdocs-badge" in css


def test_nothing_is_loaded_from_the_network(site: Built) -> None:
    external = re.compile(r"""^(https?:)?//""", re.I)
    for path in site.html_pages():
        for tag in re.findall(r"<(?:link|script)\b[^>]*>", path.read_text(encoding="utf-8")):
            for url in re.findall(r"""\b(?:href|src)=["']?([^"'\s>]+)""", tag):
                assert not external.match(url), f"{path}: {tag}"
    for sheet in (site.site / "assets/pmdocs").glob("*"):
        assert not re.search(r"(url\(|@import)\s*['\"]?(https?:)?//", sheet.read_text()), sheet


# ---------------------------------------------------------------- broken documents

BROKEN_LINK = prd("PRD-020", "Broken link", "depends_on: [PRD-999]")  # PRD-999 on line 9
BROKEN_YAML = prd("PRD-021", "Broken: yaml")  # a second ': ' on line 4, column 14
NOT_UTF8 = "# Café notes\n\nWritten in Latin-1.\n".encode("latin-1")

BROKEN_FILES: dict[str, str | bytes] = {
    "docs/index.md": "# Home\n\nSee [[PRD-001]].\n",
    "docs/about.md": ORDINARY_PAGES["docs/about.md"],
    "docs/prd/sso.md": prd("PRD-001", "Single sign-on"),
    "docs/prd/broken-link.md": BROKEN_LINK,
    "docs/prd/broken-yaml.md": BROKEN_YAML,
    "docs/notes/latin1.md": NOT_UTF8,
}


@pytest.mark.parametrize(
    "name,content,located",
    [
        ("docs/prd/broken-link.md", BROKEN_LINK, "docs/prd/broken-link.md:9:14: error PM201"),
        ("docs/prd/broken-yaml.md", BROKEN_YAML, "docs/prd/broken-yaml.md:4:14: error PM100"),
        ("docs/notes/latin1.md", NOT_UTF8, "docs/notes/latin1.md:1:1: error PM100"),
    ],
    ids=["PM201-broken-link", "PM100-broken-yaml", "PM100-not-utf8"],
)
def test_strict_build_fails_at_file_and_line(
    name: str,
    content: str | bytes,
    located: str,
    tmp_path: Path,
    write_project: WriteProject,
    build: Build,
) -> None:
    files = {"docs/index.md": "# Home\n", "docs/prd/sso.md": prd("PRD-001", "SSO"), name: content}
    built = build_site(tmp_path, files, write_project, build, strict=True)
    assert built.result.returncode != 0
    assert located in output(built.result)


@pytest.fixture(scope="module")
def broken(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Built:
    """A site with a broken link, broken YAML and a Latin-1 file, built without ``--strict``."""
    return build_site(tmp_path_factory.mktemp("broken"), BROKEN_FILES, write_project, build)


def test_non_strict_build_reports_and_goes_on(broken: Built) -> None:
    assert broken.result.returncode == 0, output(broken.result)
    text = output(broken.result)
    assert "docs/prd/broken-link.md:9:14: error PM201" in text
    assert "docs/prd/broken-yaml.md:4:14: error PM100" in text
    assert "docs/notes/latin1.md:1:1: error PM100" in text
    assert "Traceback" not in text
    for page in [
        "index.html",
        "about/index.html",
        "prd/sso/index.html",
        "prd/broken-link/index.html",
        "pm/index.html",
        "pm/prd/index.html",
    ]:
        assert (broken.site / page).is_file(), page


def test_unreadable_files_are_left_out(broken: Built) -> None:
    assert not (broken.site / "prd/broken-yaml/index.html").exists()
    assert not (broken.site / "notes/latin1/index.html").exists()
    nav = navigation(broken.read("about/index.html"))
    assert not [
        item for item in nav.walk() if item.href and ("latin1" in item.href or "yaml" in item.href)
    ]
    index = article(broken.read("pm/prd/index.html"))
    table = index.split("</table>", 1)[0]  # the index, before the writing guide
    assert "PRD-020" in table and "PRD-021" not in table


def test_health_section_lists_the_problems(broken: Built) -> None:
    page = broken.read("pm/index.html")
    health = article(page).split('id="pmdocs-health"', 1)[1]
    rows = re.findall(r"<tr class=\"pmdocs-severity-row--(\w+)\">(.*?)</tr>", health, re.S)
    by_file = {re.sub(r"<[^>]+>", "", cells).split()[0]: cells for _, cells in rows}
    assert {severity for severity, _ in rows} == {"error"}
    assert len(rows) == 3
    link_row = next(c for f, c in by_file.items() if f.startswith("docs/prd/broken-link.md"))
    assert "PM201" in link_row and "9:14" in link_row and "PRD-999" in link_row
    [(href, _)] = links(link_row)
    assert (
        resolve(broken.site, "pm/index.html", href)
        == (broken.site / "prd/broken-link/index.html").resolve()
    )
    for name in ("docs/prd/broken-yaml.md", "docs/notes/latin1.md"):
        row = next(c for f, c in by_file.items() if f.startswith(name))
        assert "PM100" in row and "left out of the site" in row
        assert links(row) == []


def test_docs_dir_is_byte_identical_after_a_build_with_errors(broken: Built) -> None:
    assert docs_hashes(broken.project / "docs") == broken.hashes_before


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "config,generated",
    [
        ({"use_directory_urls": False}, ["pm/index.html", "pm/prd/index.html"]),
        (
            {"plugins": ["search", {"pmdocs": {"today": TODAY, "prefix": "product"}}]},
            ["product/index.html", "product/prd/index.html"],
        ),
    ],
    ids=["no-directory-urls", "prefix"],
)
def test_links_resolve_with_other_url_settings(
    config: dict[str, Any],
    generated: list[str],
    tmp_path: Path,
    write_project: WriteProject,
    build: Build,
) -> None:
    built = build_site(tmp_path, SITE_FILES, write_project, build, strict=True, config=config)
    assert built.result.returncode == 0, output(built.result)
    for page in generated:
        assert (built.site / page).is_file(), page
    checked = 0
    for path in built.html_pages():
        page = path.relative_to(built.site).as_posix()
        for href, text in links(article(path.read_text(encoding="utf-8"))):
            if not href.startswith("#"):
                assert resolve(built.site, page, href) is not None, f"{page}: {href} ({text})"
                checked += 1
    assert checked > 20


def test_explicit_nav_lists_generated_pages_by_path(
    tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    nav = [
        {"Home": "index.md"},
        {"All requirements": "pm/prd/index.md"},
        {"Overview": "pm/index.md"},
        {"About": "about.md"},
    ]
    built = build_site(tmp_path, SITE_FILES, write_project, build, strict=True, config={"nav": nav})
    assert built.result.returncode == 0, output(built.result)
    items = navigation(built.read("about/index.html")).children
    assert [item.title for item in items] == ["Home", "All requirements", "Overview", "About"]
    assert (
        resolve(built.site, "about/index.html", items[1].href or "")
        == (built.site / "pm/prd/index.html").resolve()
    )
    # Pages left out of the nav are still built.
    assert (built.site / "pm/design/index.html").is_file()
    assert (built.site / "prd/sso/index.html").is_file()


# ---------------------------------------------------------------- ProperDocs


def test_properdocs_builds_the_same_site(
    site: Built, tmp_path: Path, write_project: WriteProject, build: Build
) -> None:
    project = write_project(tmp_path, SITE_FILES, CONFIG)
    result = build(project, strict=True, tool="properdocs")
    assert result.returncode == 0, output(result)
    built = project / "site"
    for page in [*GENERATED_PAGES, *DOCUMENT_PAGES.values(), "index.html", "about/index.html"]:
        ours = (built / page).read_text(encoding="utf-8")
        assert article(ours) == article(site.read(page)), page
    nav = navigation((built / "about/index.html").read_text(encoding="utf-8"))
    assert [item for item in nav.walk() if item.title == "Product management" and item.children]


def test_site_carries_the_export_of_every_document(site: Built) -> None:
    exported = (site.site / "pm/pmdocs.json").read_text(encoding="utf-8")
    assert exported == export_json(load_project(read_settings(site.project / "mkdocs.yml")))
    ids = [record["id"] for record in json.loads(exported)["documents"]]
    assert {"PRD-001", "PRD-011", "DES-001"} <= set(ids)
