"""The changes page and the cards' history line as a reader meets them: the example
project in a real git repository, tagged ``v1.0``, then a roadmap item moved, a
requirement started and a requirement added. Checked at desktop and phone width,
light and dark, English and Chinese; screenshots go to ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from gitrepo import GitRepo, prd

from .conftest import Browse, copy_example, serving_in_both_languages
from .helpers import SCHEMES, Site, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
MOVED = "content/delivery/roadmap/alerts-and-scheduled-reports.md"  # RM-004
APPROVED = "content/requirements/scheduled-report-delivery.md"


@pytest.fixture(scope="module")
def changed_site(
    browser_available: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    base = tmp_path_factory.mktemp("changes")
    project, www = base / "project", base / "www"
    copy_example(project)
    repo = GitRepo(project)
    repo.commit("The example product", date="2026-10-01T12:00:00Z")
    repo.git("tag", "v1.0")
    _edit(project / MOVED, "end: 2027-05-31", "end: 2027-06-30")
    _edit(project / APPROVED, re.compile(r"^status: \S+$", re.M), "status: in-progress")
    repo.write({"content/requirements/usage-export.md": prd("PRD-090")})
    repo.commit("Move alerts, start delivery, add an export", date="2026-11-20T12:00:00Z")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"changes_since: \S+", "changes_since: v1.0", config)
    assert "changes_since: v1.0" in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    with serving_in_both_languages(project, www) as served:
        yield served


def _edit(path: Path, old: str | re.Pattern[str], new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new)
    assert changed != text, f"{path}: nothing to change"
    path.write_text(changed, encoding="utf-8")


@pytest.fixture
def browse(browser: Browser, changed_site: Site) -> Iterator[Browse]:
    session = Browse(browser, changed_site)
    yield session
    session.close()
    session.check()


def fits_the_width(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_the_slips_come_first_and_name_the_move(browse: Browse) -> None:
    page = browse.open("pm/changes/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Changes since v1.0"
    row = page.locator(".pmdocs-changes__slips tr[data-id='RM-004']")
    assert row.get_attribute("data-days") == "30"
    assert "30 days later" in row.inner_text()
    added = page.locator(".pmdocs-changes__list li[data-id='PRD-090']")
    assert added.locator(".pmdocs-changes__kind").inner_text() == "added"
    border = added.locator(".pmdocs-changes__kind").evaluate(
        "kind => getComputedStyle(kind).borderTopStyle"
    )
    assert border == "solid", "the kind reads as a tag, not as part of the title"
    details = page.locator(".pmdocs-changes__list li[data-id='PRD-004'] ul")
    assert "Status" in details.inner_text()
    assert details.evaluate("list => getComputedStyle(list).listStyleType") == "none"


def test_the_card_says_when_and_how_far_dates_moved(browse: Browse) -> None:
    page = browse.open("delivery/roadmap/alerts-and-scheduled-reports/")
    history = page.locator(".pmdocs-card .pmdocs-card__history")
    assert "30 days later since v1.0" in history.inner_text()
    size = history.evaluate("line => parseFloat(getComputedStyle(line).fontSize)")
    body = page.locator("article.md-typeset > p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert 12 <= size < body, "a quiet line: smaller than the text, never below 12 px"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_page_fits_a_phone(browse: Browse, scheme: str, language: str) -> None:
    prefix = "" if language == "en" else "zh/"
    page = browse.open(f"{prefix}pm/changes/", scheme)
    screenshot(page, f"changes-desktop-{language}-{scheme}")
    page.set_viewport_size(PHONE)
    assert fits_the_width(page), "the page scrolls sideways on a phone"
    slips = page.locator(".pmdocs-table-wrap:has(.pmdocs-changes__slips)")
    assert slips.evaluate("wrap => wrap.getBoundingClientRect().right") <= PHONE["width"]
    if language == "zh":
        assert page.locator("h1").inner_text().rstrip("¶") == "自 v1.0 以来的变更"
    screenshot(page, f"changes-phone-{language}-{scheme}")
