"""The function pages' own views in Chromium, light and dark, English and Chinese:
progress bars drawn to their share and visible against their track, matrices and totals
laid out as tables, the overdue milestone marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .helpers import SCHEMES

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Browse


def colour(page: Page, selector: str, prop: str) -> str:
    """The computed CSS ``prop`` of the first element matching ``selector``."""
    value: str = page.evaluate(
        "([s, p]) => getComputedStyle(document.querySelector(s))[p]", [selector, prop]
    )
    return value


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_progress_bars_show_their_share(browse: Browse, scheme: str, prefix: str) -> None:
    page = browse.open(f"{prefix}pm/metric/", scheme)
    item = '.pmdocs-progress__item[data-id="MET-002"]'  # a falling target, half way
    track = page.locator(f"{item} .pmdocs-bar").first.bounding_box()
    fill = page.locator(f"{item} .pmdocs-bar__fill").first.bounding_box()
    assert track is not None and fill is not None and track["width"] > 100
    assert fill["width"] == pytest.approx(track["width"] * 0.5, abs=1.5)
    assert colour(page, f"{item} .pmdocs-bar__fill", "backgroundColor") != colour(
        page, f"{item} .pmdocs-bar", "backgroundColor"
    )
    objectives = browse.open(f"{prefix}pm/objective/", scheme)
    assert objectives.locator(".pmdocs-progress__kr .pmdocs-bar").count() >= 6
    browse.check()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_matrix_totals_and_overdue_milestone(browse: Browse, scheme: str) -> None:
    compliance = browse.open("pm/compliance/", scheme)
    cell = compliance.locator('table.pmdocs-matrix tr[data-value="EU"] td[data-count="1"]')
    assert cell.count() >= 1 and cell.first.is_visible()
    budget = browse.open("pm/budget/", scheme)
    units = budget.locator("table.pmdocs-totals").first.locator("thead th[data-unit]")
    assert units.all_inner_texts() == ["CNY", "EUR"]
    milestones = browse.open("zh/pm/milestone/", scheme)
    overdue = milestones.locator('tr.pmdocs-overdue[data-id="MS-004"]').first
    assert overdue.is_visible()
    assert "已逾期" in milestones.locator("article").inner_text()
    browse.check()
