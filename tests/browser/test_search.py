"""Material's search box finds a PM document by its id and by its owner's name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .helpers import MAIN_PAGES, REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Browse

RESULTS = ".md-search-result__item > a.md-search-result__link"


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type ``query`` into the search box as a reader does; the results' paths, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    # Material searches as the reader types: wait for the results of the whole query,
    # whose links carry its terms to highlight (``?h=prd+001``), not of a part of it.
    terms = "+".join(re.split(r"[\s\-]+", query.lower()))
    page.wait_for_function(
        """(terms) => {
            const link = document.querySelector(".md-search-result__item > a");
            if (link === null) return false;
            const highlight = new URL(link.href).searchParams.get("h");
            return highlight !== null && highlight.split(" ").join("+") === terms;
        }""",
        arg=terms,
    )
    hrefs: list[str] = page.eval_on_selector_all(
        RESULTS, "(links) => links.map((link) => link.href)"
    )
    # With search.highlight the links carry the terms to highlight (``?h=prd+001``).
    return [href.removeprefix(site_url).split("?")[0] for href in hrefs]


def pages_owned_by(name: str) -> set[str]:
    """The example site's pages of the documents whose owner is ``name``."""
    return {
        f"{path.relative_to(REPO / 'content').with_suffix('').as_posix()}/"
        for path in (REPO / "content").rglob("*.md")
        if f"\nowner: {name}\n" in path.read_text(encoding="utf-8")
    }


def test_searching_an_id_puts_its_document_first(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["function-map"])
    results = search(page, browse.site.url, "PRD-001")
    assert results[:1] == ["requirements/sso/"], results


def test_searching_an_owner_finds_the_documents_they_own(browse: Browse) -> None:
    owned = pages_owned_by("Daniel Okafor")
    assert len(owned) >= 2  # the example must give the owner documents to find
    page = browse.open(MAIN_PAGES["function-map"])
    results = search(page, browse.site.url, "Okafor")
    assert results and results[0] in owned, results
    assert owned <= set(results), owned - set(results)
