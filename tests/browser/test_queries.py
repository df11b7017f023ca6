"""Query blocks as a reader meets them on the example site's launch review page: the
table sorts and filters like an index table (also after instant navigation), the
board and chart are readable, and screenshots at desktop and phone width, light and
dark, English and Chinese, go to ``test-artifacts/screenshots``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .helpers import SCHEMES, follow_nav, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Browse

PAGE = "launch-review/"
TABLE = "table.pmdocs-query-table >> nth=0"
PHONE = {"width": 390, "height": 844}


def column(page: Page, index: int) -> list[str]:
    texts: list[str] = page.evaluate(
        """(index) => Array.from(
            document.querySelector("table.pmdocs-query-table").tBodies[0].rows,
        ).filter((row) => !row.hidden).map((row) => row.cells[index].textContent.trim())""",
        index,
    )
    return texts


def sort_by(page: Page, name: str) -> str:
    cell = page.locator(f"{TABLE} >> thead th:has(button.pmdocs-sort:text-is('{name}'))")
    cell.locator("button").click()
    return cell.get_attribute("aria-sort") or ""


def test_a_query_table_sorts_and_filters(browse: Browse) -> None:
    page = browse.open(PAGE)
    ids = column(page, 0)
    assert len(ids) >= 3 and all(i.startswith("PRD-") for i in ids)
    assert column(page, 3) == sorted(column(page, 3)), "the query sorts by priority"

    assert sort_by(page, "ID") == "ascending"
    assert column(page, 0) == sorted(ids, key=lambda i: int(i.split("-")[1]))
    assert sort_by(page, "Priority") == "ascending"
    assert sort_by(page, "Priority") == "descending"
    assert column(page, 3) == sorted(column(page, 3), reverse=True)

    bar = page.locator(".pmdocs-filter").first
    count = bar.locator(".pmdocs-filter__count")
    assert count.inner_text() == f"{len(ids)} / {len(ids)} shown"
    shown = column(page, 2)
    status = shown[0]
    bar.locator("select[aria-label='Status']").select_option(label=status)
    statuses = column(page, 2)
    assert statuses and set(statuses) == {status}
    assert count.inner_text() == f"{shown.count(status)} / {len(ids)} shown"
    bar.locator("select[aria-label='Status']").select_option(index=0)
    bar.locator("input[type=search]").fill("forecast")
    titles = column(page, 1)
    assert titles and all("forecast" in t.lower() for t in titles)


def test_a_query_table_works_after_instant_navigation(browse: Browse) -> None:
    page = browse.open("")
    follow_nav(page, PAGE, ready=".pmdocs-query .pmdocs-filter")
    assert sort_by(page, "ID") == "ascending"


def test_board_and_chart_are_readable(browse: Browse) -> None:
    page = browse.open(PAGE)
    columns = page.locator(".pmdocs-query-board .pmdocs-board__column")
    assert columns.count() == 6  # every status of a requirement, in lifecycle order
    assert columns.first.get_attribute("data-value") == "draft"
    sizes = page.locator(".pmdocs-chart__svg text").evaluate_all(
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 12
    fill = page.locator(".pmdocs-chart__bar").first.evaluate("bar => getComputedStyle(bar).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")
    # The numbers table is there for screen readers, out of sight.
    assert page.locator(".pmdocs-chart__numbers").count() == 1


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_screenshots_of_the_launch_review(browse: Browse, scheme: str, language: str) -> None:
    path = PAGE if language == "en" else f"zh/{PAGE}"
    page = browse.open(path, scheme, settle=True)
    screenshot(page, f"launch-review-{language}-{scheme}-desktop")
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"
    screenshot(page, f"launch-review-{language}-{scheme}-phone")
