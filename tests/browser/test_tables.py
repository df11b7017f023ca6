"""Index tables as a reader uses them: sort by a column, filter by text, status or owner;
on a page opened directly and on one reached through Material's instant navigation;
and a plain, complete table when JavaScript is off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmdocs.core.natural import natural_key

from .helpers import VIEWPORT, Site, follow_nav

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from .conftest import Browse

# The requirements page's table of every requirement (by demand, after the priority matrix).
TYPE_INDEX = "table.pmdocs-query-table"
TRACE = "table.pmdocs-trace"
REGISTER = "table.pmdocs-register"


def column(page: Page, table: str, index: int) -> list[str]:
    """Texts of column ``index`` in the rows shown, top to bottom."""
    texts: list[str] = page.evaluate(
        """([table, index]) => Array.from(
            document.querySelector(table).tBodies[0].rows,
        ).filter((row) => !row.hidden).map((row) => row.cells[index].textContent.trim())""",
        [table, index],
    )
    return texts


def in_order(page: Page, texts: list[str]) -> bool:
    """True when ``texts`` are in ascending order for a reader (numbers by value)."""
    ordered: bool = page.evaluate(
        """(texts) => texts.every((text, i) => i === 0 ||
            texts[i - 1].localeCompare(text, undefined, {numeric: true, sensitivity: "base"}) <= 0)""",
        texts,
    )
    return ordered


def header(table: str, name: str) -> str:
    """Selector of the header cell ``name`` of ``table``."""
    return f"{table} thead th:has(button.pmdocs-sort:text-is('{name}'))"


def sort_by(page: Page, table: str, name: str) -> str:
    """Click the header ``name``; return the header's aria-sort afterwards."""
    cell = page.locator(header(table, name))
    cell.locator("button").click()
    return cell.get_attribute("aria-sort") or ""


def filter_bar(table: str) -> str:
    """Selector of the filter bar of ``table`` (placed just before its wrapper)."""
    return f".pmdocs-filter:has(+ .pmdocs-table-wrap > {table})"


def shown(page: Page, table: str) -> int:
    """Number of rows shown."""
    return len(column(page, table, 0))


def test_sorting_a_type_index_by_title_and_back(browse: Browse) -> None:
    page = browse.open("pm/prd/")
    ids = column(page, TYPE_INDEX, 0)
    assert len(ids) >= 5 and ids != sorted(ids, key=natural_key)  # highest demand first
    titles = column(page, TYPE_INDEX, 1)
    assert not in_order(page, titles), "the example's titles should not start sorted"

    assert sort_by(page, TYPE_INDEX, "Title") == "ascending"
    ascending = column(page, TYPE_INDEX, 1)
    assert sorted(ascending) == sorted(titles) and in_order(page, ascending)
    assert sort_by(page, TYPE_INDEX, "Title") == "descending"
    assert column(page, TYPE_INDEX, 1) == ascending[::-1]

    assert sort_by(page, TYPE_INDEX, "ID") == "ascending"
    assert column(page, TYPE_INDEX, 0) == sorted(ids, key=natural_key)
    sorts = page.locator(f"{TYPE_INDEX} thead th").evaluate_all(
        "cells => cells.map(c => c.getAttribute('aria-sort'))"
    )
    assert sorts.count("ascending") == 1 and sorts.count("descending") == 0


def test_filtering_a_type_index_by_text_status_and_owner(browse: Browse) -> None:
    page = browse.open("pm/prd/")
    total = shown(page, TYPE_INDEX)
    bar = filter_bar(TYPE_INDEX)
    count = page.locator(f"{bar} .pmdocs-filter__count")
    assert count.inner_text() == f"{total} / {total} shown"

    page.locator(f"{bar} input[type=search]").fill("forecast")
    titles = column(page, TYPE_INDEX, 1)
    assert 0 < len(titles) < total
    assert all("forecast" in t.lower() for t in titles), titles
    assert count.inner_text() == f"{len(titles)} / {total} shown"
    page.locator(f"{bar} input[type=search]").fill("")
    assert shown(page, TYPE_INDEX) == total

    statuses, owners = column(page, TYPE_INDEX, 2), column(page, TYPE_INDEX, 5)
    status = max(sorted(set(statuses)), key=statuses.count)
    page.locator(f"{bar} select[aria-label='Status']").select_option(label=status)
    assert column(page, TYPE_INDEX, 2) == [status] * statuses.count(status)

    owner = next(o for s, o in zip(statuses, owners, strict=True) if s == status)
    page.locator(f"{bar} select[aria-label='Owner']").select_option(label=owner)
    rows = page.evaluate(
        """(table) => Array.from(document.querySelector(table).tBodies[0].rows)
            .filter((row) => !row.hidden)
            .map((row) => [row.cells[2].textContent.trim(), row.cells[5].textContent.trim()])""",
        TYPE_INDEX,
    )
    expected = sum(1 for s, o in zip(statuses, owners, strict=True) if (s, o) == (status, owner))
    assert len(rows) == expected and all(row == [status, owner] for row in rows)


def test_tables_work_after_instant_navigation(browse: Browse) -> None:
    page = browse.open("pm/")
    follow_nav(page, "pm/traceability/", f"{TRACE}[data-pmdocs-ready]")
    requirements = column(page, TRACE, 0)
    assert sort_by(page, TRACE, "Requirement") == "ascending"
    assert sort_by(page, TRACE, "Requirement") == "descending"
    assert column(page, TRACE, 0) == sorted(requirements, key=lambda r: r.split()[0])[::-1]
    bar = filter_bar(TRACE)
    statuses = column(page, TRACE, 2)
    page.locator(f"{bar} select[aria-label='Status']").select_option(label=statuses[0])
    assert column(page, TRACE, 2) == [statuses[0]] * statuses.count(statuses[0])

    follow_nav(page, "pm/risk/", f"{REGISTER}[data-pmdocs-ready]")
    assert sort_by(page, REGISTER, "Score") == "ascending"
    scores = [int(s) for s in column(page, REGISTER, 1) if s.isdigit()]
    assert len(scores) >= 5 and scores == sorted(scores)
    assert sort_by(page, REGISTER, "Score") == "descending"
    scores = [int(s) for s in column(page, REGISTER, 1) if s.isdigit()]
    assert scores == sorted(scores, reverse=True)
    owners = column(page, REGISTER, 5)
    bar = filter_bar(REGISTER)
    page.locator(f"{bar} select[aria-label='Owner']").select_option(label=owners[0])
    assert column(page, REGISTER, 5) == [owners[0]] * owners.count(owners[0])

    # Back to a page seen before: enhanced again, and only once.
    follow_nav(page, "pm/traceability/", f"{TRACE}[data-pmdocs-ready]")
    assert page.locator(".pmdocs-filter").count() == 1
    assert page.locator(f"{TRACE} thead button.pmdocs-sort").count() == len(
        page.locator(f"{TRACE} thead th").all()
    )


def test_without_javascript_the_table_is_plain_and_complete(browser: Browser, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(site.page("pm/prd/"))
        assert page.locator(".pmdocs-filter").count() == 0
        assert page.locator(f"{TYPE_INDEX} button").count() == 0
        rows = page.locator(f"{TYPE_INDEX} tbody tr")
        assert rows.count() >= 5
        assert all(row.is_visible() for row in rows.all())
    finally:
        context.close()
