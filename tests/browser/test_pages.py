"""The main pages in Chromium: they load cleanly and offline, the roadmap's bars lead to
their documents, links in cards and text land where they say, Chinese text renders.

The main pages are checked as loaded (``views``); every other test opens its pages
through the ``browse`` fixture, which fails it if any of them requested another host,
logged a console error, threw or failed a request.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from .helpers import MAIN_PAGES, SCHEMES, follow_nav, lands_on, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Browse, Views

PAGE_TITLES = {
    "function-map": "Product management",
    "type-index": "Requirements",
    "traceability": "Traceability",
    "risk": "Risk register",
    "roadmap": "Roadmap",
    "document": "Single sign-on (SAML 2.0 and OIDC)",
}
ZH_DOCUMENT = "requirements/wecom-integration/"  # PRD-007, written in Chinese
ZH_TITLE = "企业微信登录与消息通知集成"


def heading(page: Page) -> str:
    """The page's first heading, without Material's permalink sign."""
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_page_loads_cleanly(views: Views, name: str, scheme: str) -> None:
    page, watch = views.get(name, scheme)
    assert heading(page) == PAGE_TITLES[name]
    palette = page.locator("body").get_attribute("data-md-color-scheme")
    assert palette == ("slate" if scheme == "dark" else "default")
    assert watch.foreign_requests() == [], "the page loads from other hosts"
    assert watch.problems == []
    screenshot(page, f"{name}-{scheme}")


def test_every_local_request_of_a_page_is_recorded(views: Views) -> None:
    # The offline check means something only if it sees the page's own requests.
    _, watch = views.get("roadmap", "light")
    paths = {re.sub(r"^https?://[^/]+", "", url) for url in watch.requests}
    assert "/pm/roadmap/" in paths
    assert "/assets/pmdocs/pmdocs.css" in paths
    assert "/assets/pmdocs/pmdocs.js" in paths
    assert "/search/search_index.json" in paths  # fetched after the load event


def test_risk_page_lists_every_risk_with_its_heat_map(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["risk"])
    rows = page.locator("table.pmdocs-register tbody tr")
    assert rows.count() >= 5
    cells = page.locator("td.pmdocs-heatmap__cell")
    assert cells.count() == 25
    counted = sum(int(c.get_attribute("data-count") or 0) for c in cells.all())
    scored = page.locator("table.pmdocs-register tbody tr:not([data-score=''])").count()
    assert counted == scored


# The roadmap ----------------------------------------------------------------------


def bar_links(page: Page) -> dict[str, str]:
    """Each bar's and marker's id → the absolute URL its link goes to."""
    links: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(
            Array.from(document.querySelectorAll("svg.pmdocs-tl a[data-id]"), (a) => [
                a.getAttribute("data-id"),
                new URL(a.href.baseVal, document.baseURI).href,
            ]))"""
    )
    return links


def test_roadmap_chart_is_visible_and_every_bar_leads_to_its_document(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["roadmap"])
    chart = page.locator("svg.pmdocs-tl")
    assert chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 100
    assert chart.is_visible()
    links = bar_links(page)
    assert {"RM-001", "MS-001", "REL-001"} <= set(links)
    for item, url in links.items():
        bar = page.locator(f'svg.pmdocs-tl a[data-id="{item}"]')
        shape = bar.locator(".pmdocs-tl__bar, .pmdocs-tl__marker").first.bounding_box()
        assert shape is not None and shape["width"] > 0 and shape["height"] > 0, item
        response = page.request.get(url)
        assert response.ok, f"{item} links to {url}: HTTP {response.status}"
        assert f'data-pmdocs-id="{item}"' in response.text(), f"{item} links to {url}"


def test_clicking_a_bar_after_instant_navigation_opens_its_page(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["function-map"])
    follow_nav(page, MAIN_PAGES["roadmap"], "svg.pmdocs-tl")
    page.locator('svg.pmdocs-tl a[data-id="RM-001"] .pmdocs-tl__bar').click()
    lands_on(page, "delivery/roadmap/enterprise-identity/", "RM-001")
    page.go_back()
    page.wait_for_url("**/pm/roadmap/")
    page.locator('svg.pmdocs-tl a[data-id="MS-001"] .pmdocs-tl__marker').click()
    lands_on(page, "delivery/milestones/enterprise-sso-ga/", "MS-001")


# Links between documents ------------------------------------------------------------


def test_backlink_in_a_card_lands_on_the_linking_document(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["document"])
    lands_on(page, "requirements/sso/", "PRD-001")
    # Eleven related documents: behind "Related (11)", one click away.
    page.locator(".pmdocs-card__related > summary").click()
    groups = page.locator(".pmdocs-card__backlinks dt")
    assert "Implemented by" in groups.all_inner_texts()
    link = page.locator(".pmdocs-card__backlinks a.pmdocs-ref", has_text="DES-001")
    link.click()
    lands_on(page, "design/sso-setup-wizard/", "DES-001")
    # The design's own card links back to the requirement it implements.
    back = page.locator(".pmdocs-card__links a.pmdocs-ref", has_text="PRD-001")
    back.click()
    lands_on(page, "requirements/sso/", "PRD-001")


def test_inline_reference_lands_on_the_document_it_names(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["document"])
    reference = page.locator("article p a", has_text="RES-001").first
    assert "Mid-size retailer analytics survey 2026" in reference.inner_text()
    reference.click()
    lands_on(page, "research/retailer-analytics-survey-2026/", "RES-001")


def test_inline_reference_with_its_own_text_lands_on_the_document(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["document"])
    page.locator("article p a", has_text="Nordhavn Retail").first.click()
    lands_on(page, "customers/nordhavn-retail-sso/", "CN-001")


# Chinese -------------------------------------------------------------------------------


def platform_fonts(page: Page, selector: str) -> list[str]:
    """The fonts Chromium really used to draw the text of the first ``selector`` match."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument", {"depth": 0})
    found = session.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
    )
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": found["nodeId"]})
    session.detach()
    return [font["familyName"] for font in fonts["fonts"] if font["glyphCount"] > 0]


def text_width(page: Page, text: str, near: str) -> tuple[float, float]:
    """Rendered width of ``text`` in the font of the element ``near``, and its font size."""
    width, size = page.evaluate(
        """([text, near]) => {
            const probe = document.createElement("span");
            probe.textContent = text;
            probe.style.whiteSpace = "nowrap";
            document.querySelector(near).appendChild(probe);
            const width = probe.getBoundingClientRect().width;
            const size = parseFloat(getComputedStyle(probe).fontSize);
            probe.remove();
            return [width, size];
        }""",
        [text, near],
    )
    return float(width), float(size)


def assert_drawn_with_a_cjk_font(page: Page, selector: str) -> None:
    fonts = platform_fonts(page, selector)
    assert any(re.search(r"CJK|Hei|Song|Ming|YaHei|PingFang", f) for f in fonts), fonts


def test_chinese_document_renders_with_a_cjk_font(browse: Browse) -> None:
    page = browse.open(ZH_DOCUMENT)
    assert heading(page) == ZH_TITLE
    box = page.locator("article h1").first.bounding_box()
    assert box is not None and box["width"] > 100
    assert_drawn_with_a_cjk_font(page, "article h1")
    # Real glyphs, not boxes: CJK characters are about one em wide each, and the
    # width differs from that of as many characters no font has (drawn as tofu).
    cjk, size = text_width(page, "路线图", "article p")
    assert cjk == pytest.approx(3 * size, rel=0.1)
    tofu, _ = text_width(page, "\uffff" * 3, "article p")
    assert cjk != pytest.approx(tofu, abs=0.5)


def test_chinese_interface_renders_generated_pages(browse: Browse) -> None:
    page = browse.open("zh/pm/roadmap/")
    assert heading(page) == "路线图"
    assert page.locator("html").get_attribute("lang") == "zh"
    assert_drawn_with_a_cjk_font(page, "article h1")
    box = page.locator("article h1").first.bounding_box()
    assert box is not None and box["width"] > 40
    title = page.locator("svg.pmdocs-tl > title").text_content() or ""
    assert re.search(r"[\u4e00-\u9fff]", title), title
    label = page.locator('svg.pmdocs-tl a[data-id="MS-003"] text')
    assert "中国区公测" in (label.text_content() or "")
    assert_drawn_with_a_cjk_font(page, 'svg.pmdocs-tl a[data-id="MS-003"] text')
