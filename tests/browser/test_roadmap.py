"""The roadmap timeline as a stakeholder uses it: filters by theme, status and owner,
zoom presets, lane names and the time axis that stay in view while the chart scrolls,
on the example site and on a generated roadmap of 500 items; at desktop (1366 px) and
phone (390 px) width, light and dark, English and Chinese. Without JavaScript the chart
of the roadmap window is shown, whole. Screenshots go to ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import Browse, serving_in_both_languages
from .helpers import MAIN_PAGES, SCHEMES, SCREENSHOTS, Site, follow_nav, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ROADMAP = MAIN_PAGES["roadmap"]
FIGURE = "figure.pmdocs-timeline"
CHART = f"{FIGURE} .pmdocs-timeline__scroll svg.pmdocs-tl"
THEMES = ["Analytics", "Billing", "China region", "Enterprise", "Growth", "Insights",
          "Mobile", "Platform", "Security"]  # fmt: skip
OWNERS = ["Dana Ito", "Priya Raman", "王磊", "Maya Lindqvist", "Tomás Herrera", "陈静"]
STATUSES = ["proposed", "planned", "planned", "in-progress", "in-progress", "done", "dropped"]
TODAY = datetime.date(2026, 11, 27)


# A roadmap of 500 items -------------------------------------------------------------


def _front(**fields: Any) -> str:
    lines = [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def write_roadmap_project(project: Path, items: int = 500, seed: int = 19) -> None:
    """A site of ``items`` roadmap items over three years, with milestones and releases.

    A short ``nav``: Material's automatic navigation would put every item on every page.
    """
    rng = random.Random(seed)
    docs = project / "docs"
    (docs / "rm").mkdir(parents=True)
    (docs / "ms").mkdir()
    (docs / "rel").mkdir()
    (docs / "index.md").write_text("# Products\n\nSee the roadmap.\n", encoding="utf-8")
    for number in range(1, items + 1):
        start = datetime.date(2025, 7, 1) + datetime.timedelta(days=rng.randrange(900))
        end = start + datetime.timedelta(days=rng.randint(14, 200))
        text = _front(
            type="roadmap", id=f"RM-{number:03}", title=f"Item {number} 第{number}项",
            status=rng.choice(STATUSES), owner=rng.choice(OWNERS), theme=rng.choice(THEMES),
            horizon=rng.choice(["now", "next", "later"]), start=start, end=end,
        )  # fmt: skip
        (docs / "rm" / f"{number}.md").write_text(text, encoding="utf-8")
    for number in range(1, 81):
        covers = f"[RM-{rng.randint(1, items):03}]" if number % 2 else "[]"
        text = _front(
            type="milestone", id=f"MS-{number:03}", title=f"Milestone {number}",
            status=rng.choice(["planned", "done", "at-risk"]), owner=rng.choice(OWNERS),
            due=datetime.date(2025, 9, 1) + datetime.timedelta(days=rng.randrange(800)),
            covers=covers,
        )  # fmt: skip
        (docs / "ms" / f"{number}.md").write_text(text, encoding="utf-8")
    for number in range(1, 31):
        text = _front(
            type="release", id=f"REL-{number:03}", title=f"Release {number}",
            status=rng.choice(["planned", "released"]), owner=rng.choice(OWNERS),
            version=f"'{number}.0'",
            date=datetime.date(2025, 9, 1) + datetime.timedelta(days=rng.randrange(800)),
        )  # fmt: skip
        (docs / "rel" / f"{number}.md").write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Roadmap at scale\n"
        "docs_dir: docs\n"
        "theme:\n  name: material\n  font: false\n  features: [navigation.instant]\n"
        "  palette:\n"
        '    - media: "(prefers-color-scheme: light)"\n      scheme: default\n'
        '    - media: "(prefers-color-scheme: dark)"\n      scheme: slate\n'
        "nav:\n  - Home: index.md\n  - Roadmap: pm/roadmap/index.md\n"
        f"plugins:\n  - search\n  - pmdocs:\n      today: {TODAY.isoformat()}\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def big_site(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The 500-item roadmap, English at the root and Chinese under ``zh/``, on 127.0.0.1."""
    base = tmp_path_factory.mktemp("roadmap500")
    project, www = base / "project", base / "www"
    write_roadmap_project(project)
    with serving_in_both_languages(project, www) as served:
        yield served


# What the tests read on a page --------------------------------------------------------


def open_page(browse: Browse, site: Site, path: str, viewport: dict[str, int], scheme: str) -> Page:
    """``path`` of ``site`` in a fresh page of ``viewport`` size, watched by ``browse``."""
    context = browse.browser.new_context(color_scheme=scheme, viewport=viewport)
    context.set_default_timeout(10_000)
    browse.contexts[f"{scheme}-{viewport['width']}-{len(browse.contexts)}"] = context
    page = context.new_page()
    browse.watch.attach(page)
    response = page.goto(site.page(path), wait_until="load")
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    page.locator(f"{FIGURE}[data-pmdocs-ready]").wait_for(state="attached")
    return page


def shown_items(page: Page) -> list[dict[str, str]]:
    """The bars and markers of the chart on show, with what the filters match."""
    items: list[dict[str, str]] = page.evaluate(
        """(chart) => Array.from(document.querySelectorAll(chart + " a[data-id]"))
            .filter((a) => a.getBoundingClientRect().width > 0)
            .map((a) => ({id: a.dataset.id, theme: a.dataset.theme,
                          status: a.dataset.status, owner: a.dataset.owner}))""",
        CHART,
    )
    return items


def quarters(page: Page) -> list[str]:
    """The quarter labels of the chart on show, left to right."""
    return texts(page, f"{CHART} .pmdocs-tl__quarter")


def texts(page: Page, selector: str) -> list[str]:
    """The text of each ``selector`` match (SVG text has no inner text)."""
    found: list[str] = page.locator(selector).evaluate_all(
        "(els) => els.map((el) => el.textContent.trim())"
    )
    return found


def choose(page: Page, key: str, value: str) -> None:
    page.locator(f'{FIGURE} select[data-tl-filter="{key}"]').select_option(value)


def zoom(page: Page, name: str) -> None:
    button = page.locator(f'{FIGURE} button[data-tl-zoom="{name}"]')
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page.locator(f'{FIGURE} .pmdocs-timeline__canvas[data-zoom="{name}"]').wait_for()


def smallest_font(page: Page) -> float:
    """The smallest text on the timeline figure, in CSS pixels as drawn.

    SVG text is sized in the chart's units: its font size times the chart's scale.
    """
    size: float = page.evaluate(
        """(figure) => {
            const sizes = [];
            for (const el of document.querySelectorAll(figure + " *")) {
                if (el.closest("template")) continue;
                const own = Array.from(el.childNodes).some(
                    (n) => n.nodeType === 3 && n.textContent.trim());
                if (!own || el.getBoundingClientRect().width === 0) continue;
                let size = parseFloat(getComputedStyle(el).fontSize);
                const svg = el.closest("svg");
                if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
                    size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                }
                sizes.push(size);
            }
            return Math.min(...sizes);
        }""",
        FIGURE,
    )
    return size


# Filters and zoom on the example site ---------------------------------------------------


def test_filters_hide_and_show_bars_by_theme_status_and_owner(browse: Browse) -> None:
    page = open_page(browse, browse.site, ROADMAP, DESKTOP, "light")
    controls = page.locator(f"{FIGURE} .pmdocs-tl-controls")
    assert controls.is_visible()
    everything = shown_items(page)
    assert len(everything) >= 10
    count = controls.locator(".pmdocs-tl-controls__count")
    assert count.inner_text() == f"{len(everything)} of {len(everything)} shown"

    choose(page, "theme", "Insights")
    insights = shown_items(page)
    assert insights and len(insights) < len(everything)
    assert {item["theme"] for item in insights} == {"Insights"}
    assert {i["id"] for i in insights} == {i["id"] for i in everything if i["theme"] == "Insights"}
    assert count.inner_text() == f"{len(insights)} of {len(everything)} shown"

    choose(page, "theme", "*")
    choose(page, "status", "in-progress")
    active = shown_items(page)
    assert active and {item["status"] for item in active} == {"in-progress"}

    choose(page, "owner", "Priya Raman")
    both = shown_items(page)
    assert both and all(i["owner"] == "Priya Raman" and i["status"] == "in-progress" for i in both)
    assert len(both) < len(active)

    choose(page, "status", "*")
    choose(page, "owner", "*")
    assert shown_items(page) == everything


def test_zoom_presets_change_the_range_and_all_shows_what_the_window_leaves_off(
    browse: Browse,
) -> None:
    page = open_page(browse, browse.site, ROADMAP, DESKTOP, "light")
    window = quarters(page)
    assert window == ["Q3 2026", "Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]
    default_ids = {item["id"] for item in shown_items(page)}
    assert page.locator('button[data-tl-zoom="window"]').get_attribute("aria-pressed") == "true"

    zoom(page, "quarter")
    assert quarters(page) == ["Q4 2026"]
    months = texts(page, f"{CHART} .pmdocs-tl__month")
    assert months[:3] == ["Oct", "Nov", "Dec"]
    assert {item["id"] for item in shown_items(page)} < default_ids

    zoom(page, "year")
    assert quarters(page) == ["Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027"]

    zoom(page, "all")
    every_date = quarters(page)
    assert len(every_date) > len(window)
    assert default_ids <= {item["id"] for item in shown_items(page)}

    # A filter set before still holds on the chart swapped in.
    choose(page, "theme", "Mobile")
    zoom(page, "window")
    assert quarters(page) == window
    assert {item["theme"] for item in shown_items(page)} == {"Mobile"}


def test_filters_and_zoom_work_after_instant_navigation(browse: Browse) -> None:
    page = browse.open(MAIN_PAGES["function-map"])
    follow_nav(page, ROADMAP, f"{FIGURE}[data-pmdocs-ready]")
    assert page.locator(f"{FIGURE} .pmdocs-tl-controls").is_visible()
    choose(page, "theme", "Enterprise")
    assert {item["theme"] for item in shown_items(page)} == {"Enterprise"}
    zoom(page, "quarter")
    assert quarters(page) == ["Q4 2026"]


def test_without_javascript_the_static_chart_is_shown_whole(browser: Browser, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site.page(ROADMAP), wait_until="load")
        assert not page.locator(f"{FIGURE} .pmdocs-tl-controls").is_visible()
        assert page.locator(f"{FIGURE} svg.pmdocs-tl:visible").count() == 1
        charts = page.locator(f"{FIGURE} .pmdocs-timeline__canvas")
        assert charts.count() == 1 and charts.get_attribute("data-zoom") == "window"
        assert quarters(page)[0] == "Q3 2026"
        drawn = page.locator(f"{CHART} a[data-id]")
        assert drawn.count() == len(shown_items(page)) >= 10
    finally:
        context.close()


# The sticky edges, on 500 items ------------------------------------------------------


def scroll_chart(page: Page, left: int, top: int) -> dict[str, float]:
    """Scroll the chart's box; return how far it went."""
    done: dict[str, float] = page.evaluate(
        """([figure, left, top]) => {
            const box = document.querySelector(figure + " .pmdocs-timeline__scroll");
            box.scrollIntoView({block: "center"});  // clear of Material's header
            box.scrollLeft = left;
            box.scrollTop = top;
            return {left: box.scrollLeft, top: box.scrollTop};
        }""",
        [FIGURE, left, top],
    )
    page.wait_for_timeout(100)
    return done


def on_top(page: Page, selector: str) -> list[str]:
    """Texts of the ``selector`` elements that are drawn on top inside the chart's box."""
    texts: list[str] = page.evaluate(
        """([figure, selector]) => {
            const box = document.querySelector(figure + " .pmdocs-timeline__scroll")
                .getBoundingClientRect();
            return Array.from(document.querySelectorAll(figure + " " + selector)).filter((el) => {
                const r = el.getBoundingClientRect();
                const x = r.left + Math.min(r.width / 2, 6), y = r.top + r.height / 2;
                if (x < box.left || x > box.right || y < box.top || y > box.bottom) return false;
                const hit = document.elementFromPoint(x, y);
                return hit === el || el.contains(hit);
            }).map((el) => (el.lastChild || el).textContent.trim());  // not its <title>
        }""",
        [FIGURE, selector],
    )
    return texts


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_lane_names_and_the_axis_stay_in_view_while_the_chart_scrolls(
    browser: Browser, big_site: Site, viewport: dict[str, int]
) -> None:
    browse = Browse(browser, big_site)
    try:
        page = open_page(browse, big_site, "pm/roadmap/", viewport, "light")
        beyond = set(
            page.locator(".pmdocs-tl-unscheduled li[data-id]").evaluate_all(
                "(items) => items.map((li) => li.dataset.id)"
            )
        )
        # The whole range is wider than either screen: it scrolls both ways.
        zoom(page, "all")
        drawn = {item["id"] for item in shown_items(page)}
        assert beyond & drawn, "all dates draws what the window leaves"
        names = ".pmdocs-timeline__names .pmdocs-tl__lane-label"
        axis = ".pmdocs-timeline__axis .pmdocs-tl__quarter"
        assert on_top(page, names) and on_top(page, axis)
        moved = scroll_chart(page, 600, 700)
        assert moved["left"] >= 500 and moved["top"] >= 600
        box = page.locator(f"{FIGURE} .pmdocs-timeline__scroll").bounding_box()
        column = page.locator(f"{FIGURE} .pmdocs-timeline__canvas .pmdocs-timeline__names")
        header = page.locator(f"{FIGURE} .pmdocs-timeline__canvas .pmdocs-timeline__axis")
        column_box, header_box = column.bounding_box(), header.bounding_box()
        assert box is not None and column_box is not None and header_box is not None
        assert abs(column_box["x"] - box["x"] - 1) <= 1  # inside the 1 px border
        assert abs(header_box["y"] - box["y"] - 1) <= 1
        assert column_box["width"] <= box["width"] / 2
        lanes, labels = on_top(page, names), on_top(page, axis)
        assert lanes and all(label for label in lanes), "no lane name in view after scrolling"
        assert labels, "no quarter label in view after scrolling"
        # What is on top is the edge: the chart's own lane names have scrolled away.
        assert not on_top(page, "svg.pmdocs-tl .pmdocs-tl__lane-label")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"roadmap-500-scrolled-{viewport['width']}.png"
        page.locator(FIGURE).screenshot(path=str(shot))  # the page itself is 500 rows long
    finally:
        browse.close()
    browse.check()


def test_a_theme_filter_closes_up_the_lanes_it_leaves_empty(
    browser: Browser, big_site: Site
) -> None:
    browse = Browse(browser, big_site)
    try:
        page = open_page(browse, big_site, "pm/roadmap/", DESKTOP, "light")
        chart = page.locator(CHART)
        full = chart.bounding_box()
        choose(page, "theme", "Mobile")
        closed = chart.bounding_box()
        assert full is not None and closed is not None
        assert closed["height"] < full["height"] / 4
        shown_lanes = texts(
            page, f"{CHART} > g.pmdocs-tl__lane:not([style*='none']) .pmdocs-tl__lane-label title"
        )
        assert shown_lanes == ["Mobile"]
        names = on_top(
            page,
            ".pmdocs-timeline__names g.pmdocs-tl__lane:not([style*='none']) .pmdocs-tl__lane-label",
        )
        assert names == ["Mobile"]  # the edge closed up the same way, in view at once
        bars = page.locator(f"{CHART} a[data-id]:not(.pmdocs-tl__item--filtered)")
        first = bars.first.bounding_box()
        assert first is not None and first["y"] < closed["y"] + closed["height"]
        choose(page, "theme", "*")
        again = chart.bounding_box()
        assert again is not None and again["height"] == pytest.approx(full["height"], abs=1)
    finally:
        browse.close()
    browse.check()


# The height budget, fonts and phones ----------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_500_items_keep_the_timeline_within_budget_at_1366(
    browser: Browser, big_site: Site, language: str
) -> None:
    browse = Browse(browser, big_site)
    try:
        prefix = "zh/" if language == "zh" else ""
        page = open_page(browse, big_site, f"{prefix}pm/roadmap/", DESKTOP, "light")
        chart = page.locator(CHART).bounding_box()
        figure = page.locator(FIGURE).bounding_box()
        assert chart is not None and figure is not None
        assert chart["height"] <= 3000, f"the chart is {chart['height']:.0f} px tall"
        assert figure["height"] <= 3000
        lanes: list[float] = page.evaluate(
            """(chart) => {
                const svg = document.querySelector(chart);
                const k = svg.getBoundingClientRect().height / svg.viewBox.baseVal.height;
                const tops = Array.from(svg.querySelectorAll(":scope > g > .pmdocs-tl__lane-rule"),
                    (line) => line.y1.baseVal.value).sort((a, b) => a - b);
                return tops.slice(1).map((top, i) => (top - tops[i]) * k);
            }""",
            CHART,
        )
        assert lanes and max(lanes) <= DESKTOP["height"], "a theme takes more than a screen"
        assert smallest_font(page) >= 12
        print(
            f"\n500 items, {language}, 1366 px: chart {chart['height']:.0f} px, figure "
            f"{figure['height']:.0f} px, tallest lane {max(lanes):.0f} px, smallest text "
            f"{smallest_font(page):.1f} px"
        )
    finally:
        browse.close()
    browse.check()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_500_items_on_a_phone_scroll_inside_the_chart_not_the_page(
    browser: Browser, big_site: Site, language: str
) -> None:
    browse = Browse(browser, big_site)
    try:
        prefix = "zh/" if language == "zh" else ""
        page = open_page(browse, big_site, f"{prefix}pm/roadmap/", PHONE, "light")
        figure = page.locator(FIGURE).bounding_box()
        assert figure is not None and figure["height"] <= PHONE["height"], "over a screen"
        for name in ("window", "all", "quarter"):
            zoom(page, name)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= PHONE["width"], f"{name}: the page is {overflow} px wide"
            assert smallest_font(page) >= 12, name
    finally:
        browse.close()
    browse.check()


# Screenshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_roadmap_screenshots(
    browse: Browse, language: str, viewport: dict[str, int], scheme: str
) -> None:
    prefix = "zh/" if language == "zh" else ""
    page = open_page(browse, browse.site, f"{prefix}{ROADMAP}", viewport, scheme)
    assert smallest_font(page) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Today is in view, clear of the lane names, with room for what comes after it, even
    # where the chart is wider than its box (a phone).
    today, names, box = (
        page.locator(selector).bounding_box()
        for selector in (
            f"{CHART} [data-today]",
            f"{FIGURE} .pmdocs-timeline__scroll .pmdocs-timeline__names",
            f"{FIGURE} .pmdocs-timeline__scroll",
        )
    )
    assert today is not None and names is not None and box is not None
    names_right, box_right = names["x"] + names["width"], box["x"] + box["width"]
    assert names_right < today["x"] < names_right + 0.6 * (box_right - names_right)
    name = "desktop" if viewport is DESKTOP else "phone"
    screenshot(page, f"roadmap-{language}-{name}-{scheme}")


def test_printed_the_chart_is_whole_and_the_controls_are_left_out(
    browser: Browser, big_site: Site
) -> None:
    browse = Browse(browser, big_site)
    try:
        page = open_page(browse, big_site, "pm/roadmap/", DESKTOP, "light")
        page.emulate_media(media="print")
        clipped = page.evaluate(
            """(figure) => {
                const box = document.querySelector(figure + " .pmdocs-timeline__scroll");
                return box.scrollHeight - box.clientHeight;
            }""",
            FIGURE,
        )
        assert clipped == 0
        assert not page.locator(f"{FIGURE} .pmdocs-tl-controls").is_visible()
    finally:
        browse.close()
    browse.check()
