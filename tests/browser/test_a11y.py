"""Accessibility of the main pages: axe-core finds no serious or critical violation, the
text pmdocs draws has enough contrast in the light and the dark palette, and the roadmap
chart has a title, a description and a table that says the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .helpers import MAIN_PAGES, SCHEMES, contrast, too_low

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .conftest import Views

# Violations that pmdocs cannot fix, each limited to the elements named by a selector.
EXCLUDED = {
    # Material's search overlay is role="dialog" without a name (its own markup).
    "aria-dialog-name": ".md-search",
    # Material tells links in running text apart by colour only, not by underline; this
    # hits every Markdown link an author writes, and the inline references ([[ID]]),
    # which become ordinary Markdown links. pmdocs' own links carry a class.
    "link-in-text-block": ".md-content article :is(p, li) > a:not([class])",
    # Material's syntax-highlighting colours (comments are #717171 on #f5f5f5: 4.47), in
    # the front matter template that index pages show, and its footer line "Made with
    # Material for MkDocs".
    "color-contrast": ".highlight code *, .md-copyright, .md-copyright *",
}


def axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on ``page`` (axe-core comes with axe-playwright-python)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def serious(page: Page, violations: list[dict[str, Any]]) -> list[str]:
    """Serious and critical violations, without the excluded elements; one line per node."""
    found = []
    for violation in violations:
        if violation["impact"] not in ("serious", "critical"):
            continue
        allowed = EXCLUDED.get(violation["id"])
        for node in violation["nodes"]:
            target = node["target"][-1] if isinstance(node["target"][-1], str) else None
            if allowed and target and matches(page, target, allowed):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {node['html'][:160]}")
    return found


def matches(page: Page, target: str, selector: str) -> bool:
    """True when the element axe names by ``target`` matches ``selector``."""
    result: bool = page.evaluate(
        "([target, selector]) => document.querySelector(target)?.matches(selector) ?? false",
        [target, selector],
    )
    return result


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_axe_finds_no_serious_violation(views: Views, name: str, scheme: str) -> None:
    page, _ = views.get(name, scheme)
    problems = serious(page, axe(page))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_text_badges_and_bars_have_enough_contrast(views: Views, name: str, scheme: str) -> None:
    page, _ = views.get(name, scheme)
    entries = contrast(page)
    kinds = {entry["kind"] for entry in entries}
    assert "text" in kinds
    if name in ("function-map", "type-index", "traceability", "risk", "document"):
        assert "badge" in kinds
    if name == "roadmap":
        assert {"svg-text", "svg-shape", "badge"} <= kinds
    failures = too_low(entries)
    assert not failures, "\n".join(failures)


def test_roadmap_chart_has_a_title_a_description_and_a_table_alternative(views: Views) -> None:
    from playwright.sync_api import expect

    page, _ = views.get("roadmap", "light")
    # Named and described the way assistive technology computes it.
    chart = page.get_by_role("img", name="Roadmap timeline")
    expect(chart).to_be_visible()
    description = page.locator("svg.pmdocs-tl").evaluate(
        "svg => document.getElementById(svg.getAttribute('aria-describedby')).textContent"
    )
    assert len(description) > 40, description
    # Every bar and marker is also a row of the table of dates below the chart.
    in_chart = chart.locator("a[data-id]").evaluate_all("links => links.map(a => a.dataset.id)")
    in_table = page.locator("table.pmdocs-roadmap-table tbody tr[data-id]").evaluate_all(
        "rows => rows.map(r => r.dataset.id)"
    )
    assert in_chart and set(in_chart) <= set(in_table)
