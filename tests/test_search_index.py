"""Site search finds a PM document by its id, title, type, status and owner (SPEC section 4).

Each site is built with MkDocs and its search index read as the search box reads it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Build, WriteProject

TODAY = "2026-11-27"


def prd(id_: str, title: str, owner: str, body: str, status: str = "approved") -> str:
    return (
        f"---\ntype: prd\nid: {id_}\ntitle: '{title}'\nstatus: {status}\npriority: P1\n"
        f"kind: user\nowner: '{owner}'\n---\n\n{body}\n"
    )


FILES = {
    "docs/index.md": "# Home\n\nThe requirements.\n",
    "docs/requirements/sso.md": prd(
        "PRD-012", "Single sign-on", "Daniel Okafor", "## Problem\n\nPasswords everywhere.\n"
    ),
    # Mentions PRD-012 more often than PRD-012's own page does.
    "docs/requirements/rbac.md": prd(
        "PRD-013", "Roles", "Mei Chen", "Builds on [[PRD-012]], PRD-012 and PRD-012 again."
    ),
    "docs/requirements/escaped.md": prd(
        "PRD-014", "Export <b>& import</b>", "Ana <i>& Co</i>", "# Export, its own heading\n\nText."
    ),
}


def index_of(site: Path) -> dict[str, dict[str, Any]]:
    """The search index's entries by location."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {entry["location"]: entry for entry in data["docs"]}


def built(root: Path, build: Build) -> Path:
    """The site under ``root``, built strict."""
    result = build(root, strict=True)
    assert result.returncode == 0, result.stderr
    return root / "site"


def config(theme: str) -> dict[str, Any]:
    material = {"name": "material", "font": False}
    return {
        "theme": material if theme == "material" else {"name": theme},
        "markdown_extensions": [{"toc": {"permalink": True}}],
    }


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, write_project: WriteProject, build: Build
) -> Path:
    """The site built with Material and its search."""
    root = write_project(tmp_path_factory.mktemp("search"), FILES, config("material"))
    return built(root, build)


def test_a_document_page_entry_holds_its_id_type_status_and_owner(site: Path) -> None:
    entry = index_of(site)["requirements/sso/"]
    assert entry["title"].startswith("PRD-012 Single sign-on")
    for words in ("Requirement", "approved", "Daniel Okafor"):
        assert words in entry["text"], entry


def test_mkdocs_own_search_finds_the_id_and_owner_too(
    make_site: WriteProject, build: Build
) -> None:
    # MkDocs' search titles its entries from the table of contents, so the id is text there.
    site = built(make_site(FILES, config("mkdocs")), build)
    entry = index_of(site)["requirements/sso/"]
    for words in ("PRD-012", "Requirement", "approved", "Daniel Okafor"):
        assert words in entry["text"], entry


def test_the_id_is_in_its_own_page_title_only(site: Path) -> None:
    # Search weighs titles far above text: the id in no other title puts its page first.
    titles = {location: entry["title"] for location, entry in index_of(site).items()}
    assert [location for location, title in titles.items() if "PRD-012" in title] == [
        "requirements/sso/"
    ]


def test_a_heading_of_the_documents_own_gets_the_id_too(site: Path) -> None:
    entry = index_of(site)["requirements/escaped/"]
    assert entry["title"].startswith("PRD-014 Export, its own heading")


def test_markup_in_title_and_owner_is_text_in_the_index(site: Path) -> None:
    entry = index_of(site)["requirements/escaped/"]
    assert "Ana &lt;i&gt;&amp; Co&lt;/i&gt;" in entry["text"]
    assert "<i>" not in entry["text"] and "<b>" not in entry["title"]


def test_the_page_shows_its_heading_and_card_without_the_search_line(site: Path) -> None:
    page = (site / "requirements" / "sso" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert heading is not None and re.sub(r"<a .*?</a>", "", heading.group(1)) == "Single sign-on"
    assert page.count('data-pmdocs-id="PRD-012"') == 1
    assert "Requirement · approved · Daniel Okafor" not in page
    assert not re.search(r"pmdocs[0-9a-f]{16}", page), "a marker was left in the page"


def test_search_reads_a_links_text_and_the_page_keeps_the_link(site: Path) -> None:
    entry = index_of(site)["requirements/rbac/"]
    assert "Builds on PRD-012 Single sign-on, PRD-012 and" in entry["text"]
    page = (site / "requirements" / "rbac" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../sso/">PRD-012 Single sign-on</a>' in page


# Changes a page after pmdocs gave search its text, before the theme writes it.
STAMP_HOOK = """
def on_page_context(context, page, config, nav):
    page.content += "<p>stamped by a hook</p>"
    return context
"""


def test_a_plugin_that_changes_the_page_meanwhile_keeps_its_change(
    make_site: WriteProject, build: Build
) -> None:
    root = make_site(
        {**FILES, "stamp.py": STAMP_HOOK}, {**config("material"), "hooks": ["stamp.py"]}
    )
    site = built(root, build)
    page = (site / "requirements" / "rbac" / "index.html").read_text(encoding="utf-8")
    assert "<p>stamped by a hook</p>" in page
    assert "Requirement · approved · Mei Chen" not in page
    assert "PRD-013 Roles" not in re.sub(r"<[^>]+>", "", page.split("<h1", 1)[1].split("</h1>")[0])
    assert "Builds on PRD-012 Single sign-on" in index_of(site)["requirements/rbac/"]["text"]


def test_chinese_sites_index_the_chinese_labels(make_site: WriteProject, build: Build) -> None:
    root = make_site(
        {"docs/sso.md": FILES["docs/requirements/sso.md"]},
        {"plugins": ["search", {"pmdocs": {"today": TODAY, "language": "zh"}}]},
    )
    assert build(root, strict=True).returncode == 0
    entry = index_of(root / "site")["sso/"]
    assert entry["title"].startswith("PRD-012 ")
    assert "需求 · 已批准 · Daniel Okafor" in entry["text"]
