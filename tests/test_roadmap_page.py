"""The roadmap page (``pm/roadmap/index.md``) rendered from a small project.

Each HTML fragment of the page is parsed as XML, so the tests read the page
the way a browser would, and the SVG is compared byte for byte with
``tests/snapshots/roadmap.svg`` (``PMDOCS_UPDATE_SNAPSHOTS=1`` rewrites it).
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from pmdocs.core.project import Settings, load_project
from pmdocs.views import ViewContext
from pmdocs.views.roadmap import render_page, render_timeline

TODAY = datetime.date(2026, 11, 27)
SNAPSHOTS = Path(__file__).parent / "snapshots"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"  # chart links: see templates/roadmap.html


def roadmap(doc_id: str, title: str, status: str, theme: str, horizon: str, dates: str = "") -> str:
    return (
        f"---\ntype: roadmap\nid: {doc_id}\ntitle: {title}\nstatus: {status}\n"
        f"theme: {theme}\nhorizon: {horizon}\n{dates}---\n\nBody.\n"
    )


DOCS = {
    "roadmap/sso.md": roadmap(
        "RM-001", "Enterprise identity (SSO)", "done", "Enterprise", "now",
        "start: 2026-07-01\nend: 2026-10-15\n",
    ),
    "roadmap/audit.md": roadmap(
        "RM-002", "Access control and audit", "in-progress", "Enterprise", "now",
        "start: 2026-10-01\nend: 2027-01-31\n",
    ),
    "roadmap/forecast.md": roadmap(
        "RM-003", "Forecasting v2", "in-progress", "Insights", "now",
        "start: 2026-09-01\nend: 2027-02-28\n",
    ),
    "roadmap/alerts.md": roadmap(
        "RM-004", "Alerts and scheduled reports", "planned", "Insights", "next",
        "start: 2027-02-01\nend: 2027-05-31\n",
    ),
    "roadmap/china.md": roadmap(
        "RM-010", "中国区上线：本地化与企业微信", "proposed", "China region", "next",
        "start: 2027-03-01\nend: 2027-09-30\n",
    ),
    "roadmap/tablet.md": roadmap("RM-008", "Tablet layout", "proposed", "Mobile", "later"),
    "roadmap/sdk.md": roadmap(
        "RM-009", "Embedded analytics SDK", "dropped", "Insights", "later", "start: 2027-06-01\n"
    ),
    "milestones/ga.md": (
        "---\ntype: milestone\nid: MS-001\ntitle: SSO generally available\nstatus: done\n"
        "due: 2026-10-15\nowner: Dana\ncovers: [RM-001]\n---\n"
    ),
    "milestones/beta.md": (
        "---\ntype: milestone\nid: MS-002\ntitle: 中国区公测\nstatus: at-risk\n"
        "due: 2027-05-31\nowner: 王磊\n---\n"
    ),
    "releases/r24.md": (
        "---\ntype: release\nid: REL-001\ntitle: Lumen 2.4\nstatus: released\n"
        "version: '2.4'\ndate: 2026-10-14\n---\n"
    ),
}  # fmt: skip


def context(root: Path, docs: dict[str, str], language: str = "en") -> ViewContext:
    for name, text in docs.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    project = load_project(Settings(root=root, docs_dir=root / "docs", language=language))
    return ViewContext(project, "pm/roadmap/index.md", language, TODAY)


@pytest.fixture()
def ctx(tmp_path: Path) -> ViewContext:
    built = context(tmp_path, DOCS)
    assert built.project.errors == []
    return built


def blocks(page: str) -> list[str]:
    """The page's blocks: Markdown headings and HTML fragments, split at blank lines."""
    return page.rstrip("\n").split("\n\n")


def fragment(page: str, css_class: str) -> ET.Element:
    """The HTML fragment whose first element has ``css_class``, parsed as XML."""
    for block in blocks(page):
        if block.startswith("<") and css_class in block.split(">", 1)[0]:
            return ET.fromstring(block)
    raise AssertionError(f"no fragment with class {css_class}")


def svg_of(figure: str) -> str:
    return figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")]


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


# The shape of the page -------------------------------------------------------------


def test_page_is_a_heading_then_block_level_fragments_without_blank_lines(
    ctx: ViewContext,
) -> None:
    page = render_page(ctx)
    parts = blocks(page)
    assert parts[0] == "# Roadmap"
    headings = [part for part in parts if part.startswith("#")]
    assert headings == [
        "# Roadmap",
        "## Unscheduled",
        "## Now / Next / Later",
        "## Items and dates",
    ]
    for part in parts:
        assert part.startswith(("#", "<figure", "<div")), part[:40]
        assert "" not in part.split("\n")
        if part.startswith("<"):
            ET.fromstring(part)  # every fragment is well-formed


def test_markdown_passes_the_fragments_through_untouched(ctx: ViewContext) -> None:
    page = render_page(ctx)
    html = markdown.markdown(page, extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert svg_of(html) == svg_of(page)
    assert '<h2 id="now-next-later">Now / Next / Later</h2>' in html
    assert "<p><svg" not in html and "<p><a" not in html


def test_same_input_gives_the_same_page(ctx: ViewContext) -> None:
    assert render_page(ctx) == render_page(ctx)


# The timeline ------------------------------------------------------------------------


def test_svg_is_well_formed_and_matches_the_snapshot(ctx: ViewContext) -> None:
    svg = svg_of(render_timeline(ctx))
    ET.fromstring(svg)
    snapshot = SNAPSHOTS / "roadmap.svg"
    if os.environ.get("PMDOCS_UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_bytes(svg.encode("utf-8") + b"\n")
    assert svg + "\n" == snapshot.read_bytes().decode("utf-8")


def test_chart_shows_dated_items_lanes_by_theme_and_marker_rows(ctx: ViewContext) -> None:
    svg = ET.fromstring(svg_of(render_timeline(ctx)))
    ids = sorted(e.get("data-id") or "" for e in svg.iter() if e.get("data-id"))
    assert ids == ["MS-001", "MS-002", "REL-001", "RM-001", "RM-002", "RM-003", "RM-004", "RM-010"]
    lanes = [e for e in svg.iter(f"{SVG}text") if "__lane-label" in (e.get("class") or "")]
    titles = [lane.findtext(f"{SVG}title") for lane in lanes]
    assert titles == ["Key dates", "China region", "Enterprise", "Insights"]
    shown = [title.tail for lane in lanes for title in lane.iter(f"{SVG}title")]
    assert shown == titles  # short enough to be shown whole
    bar = next(e for e in svg.iter(f"{SVG}a") if e.get("data-id") == "RM-001")
    assert bar.get(f"{XLINK}href") == "../../roadmap/sso/"
    assert bar.findtext(f"{SVG}title") == (
        "RM-001 Enterprise identity (SSO) · Enterprise · done · 2026-07-01 to 2026-10-15"
    )
    assert "pmdocs-tl--done" in (bar.get("class") or "")
    marker = next(e for e in svg.iter(f"{SVG}a") if e.get("data-id") == "MS-002")
    assert marker.findtext(f"{SVG}title") == "MS-002 中国区公测 · Milestone · at risk · 2027-05-31"
    assert "pmdocs-tl--warning" in (marker.get("class") or "")


def test_axis_has_months_quarters_and_today(ctx: ViewContext) -> None:
    svg = ET.fromstring(svg_of(render_timeline(ctx)))
    texts = [text(e) for e in svg.iter(f"{SVG}text")]
    assert {"Jul", "Dec", "Jan", "Q4 2026", "Q1 2027", "Today 2026-11-27"} <= set(texts)
    assert [e.get("data-today") for e in svg.iter() if e.get("data-today")] == ["2026-11-27"]


def test_legend_names_each_status_on_the_chart_and_the_symbols(ctx: ViewContext) -> None:
    legend = fragment(render_page(ctx), "pmdocs-timeline").find("figcaption")
    assert legend is not None
    items = [text(li) for li in legend.iter("li")]
    assert items == [
        "proposed", "planned", "in progress", "done", "at risk", "released",
        "Milestone", "Release", "Today 2026-11-27",
    ]  # fmt: skip


def test_nothing_dated_gives_a_note_instead_of_an_empty_chart(tmp_path: Path) -> None:
    built = context(tmp_path, {"r.md": roadmap("RM-001", "Idea", "proposed", "Core", "later")})
    page = render_page(built)
    assert "<svg" not in page
    assert "No roadmap item, milestone or release has dates yet." in page
    assert 'data-today="2026-11-27"' in page


def test_empty_project_still_renders_every_section(tmp_path: Path) -> None:
    page = render_page(context(tmp_path, {}))
    assert "## Unscheduled" not in page
    board = fragment(page, "pmdocs-board")
    assert [text(h) for h in board.iter("h3")] == ["Now 0", "Next 0", "Later 0"]
    assert "No roadmap items, milestones or releases yet." in page


# Unscheduled, board and table --------------------------------------------------------


def test_items_without_both_dates_are_listed_as_unscheduled(ctx: ViewContext) -> None:
    listing = fragment(render_page(ctx), "pmdocs-tl-unscheduled")
    rows = {li.get("data-id"): text(li) for li in listing.iter("li")}
    assert list(rows) == ["RM-008", "RM-009"]
    assert rows["RM-008"] == "RM-008 Tablet layout proposed Roadmap item · Mobile · Later"
    assert rows["RM-009"].endswith("· Insights · Later · from 2027-06-01")


def test_board_has_now_next_later_columns_of_cards(ctx: ViewContext) -> None:
    board = fragment(render_page(ctx), "pmdocs-board")
    columns = board.findall("section")
    assert [c.get("data-horizon") for c in columns] == ["now", "next", "later"]
    cards = {c.get("data-horizon"): [li.get("data-id") for li in c.iter("li")] for c in columns}
    # RM-001 is done and RM-009 dropped: neither is still to do now.
    assert cards == {
        "now": ["RM-003", "RM-002"],
        "next": ["RM-004", "RM-010"],
        "later": ["RM-008"],
    }
    assert [text(h) for h in board.iter("h3")] == ["Now 2", "Next 2", "Later 1"]
    first = next(li for li in board.iter("li") if li.get("data-id") == "RM-002")
    assert text(first) == (
        "RM-002 Access control and audit in progress Enterprise 2026-10-01 to 2027-01-31"
    )
    link = first.find(".//a")
    assert link is not None and link.get("href") == "../../roadmap/audit/"


def test_board_puts_items_delivering_higher_priorities_first_then_earlier_starts(
    tmp_path: Path,
) -> None:
    def prd(doc_id: str, priority: str) -> str:
        return (
            f"---\ntype: prd\nid: {doc_id}\ntitle: R {doc_id}\nstatus: draft\n"
            f"priority: {priority}\nkind: user\nowner: Dana\n---\n"
        )

    docs = {
        "a.md": roadmap("RM-001", "A", "planned", "T", "next", "start: 2027-03-01\nend: 2027-04-01\ndelivers: [PRD-002]\n"),
        "b.md": roadmap("RM-002", "B", "planned", "T", "next", "start: 2027-01-01\nend: 2027-02-01\n"),
        "c.md": roadmap("RM-003", "C", "planned", "T", "next", "start: 2027-05-01\nend: 2027-06-01\ndelivers: [PRD-001, PRD-002]\n"),
        "d.md": roadmap("RM-004", "D", "planned", "T", "next", "start: 2027-02-01\nend: 2027-03-01\n"),
        "p1.md": prd("PRD-001", "P0"),
        "p2.md": prd("PRD-002", "P2"),
    }  # fmt: skip
    board = fragment(render_page(context(tmp_path, docs)), "pmdocs-board")
    column = next(c for c in board.findall("section") if c.get("data-horizon") == "next")
    assert [li.get("data-id") for li in column.iter("li")] == [
        "RM-003",
        "RM-001",
        "RM-002",
        "RM-004",
    ]


def test_table_lists_every_item_milestone_and_release_by_date(ctx: ViewContext) -> None:
    table = fragment(render_page(ctx), "pmdocs-table-wrap")
    headers = [text(th) for th in table.iter("th")]
    assert headers == ["Dates", "Kind", "Item", "Status", "Theme", "Horizon"]
    rows = [[text(td) for td in tr.iter("td")] for tr in table.iter("tr") if tr.get("data-id")]
    assert [row[0] for row in rows] == [
        "2026-07-01 to 2026-10-15",
        "2026-09-01 to 2027-02-28",
        "2026-10-01 to 2027-01-31",
        "2026-10-14",
        "2026-10-15",
        "2027-02-01 to 2027-05-31",
        "2027-03-01 to 2027-09-30",
        "2027-05-31",
        "from 2027-06-01",
        "—",
    ]
    assert rows[3] == ["2026-10-14", "Release", "REL-001 Lumen 2.4", "released", "—", "—"]
    assert rows[0][1:] == [
        "Roadmap item",
        "RM-001 Enterprise identity (SSO)",
        "done",
        "Enterprise",
        "Now",
    ]


# Chinese -----------------------------------------------------------------------------


def test_chinese_labels_everywhere(tmp_path: Path) -> None:
    built = context(tmp_path, DOCS, "zh")
    page = render_page(built)
    headings = [part for part in blocks(page) if part.startswith("#")]
    assert headings == ["# 路线图", "## 未排期", "## 现在 / 下一步 / 以后", "## 条目与日期"]
    svg = ET.fromstring(svg_of(page))
    texts = {text(e) for e in svg.iter(f"{SVG}text")}
    assert {"7月", "12月", "1月", "今天 2026-11-27"} <= texts
    lanes = [
        e.findtext(f"{SVG}title")
        for e in svg.iter(f"{SVG}text")
        if e.find(f"{SVG}title") is not None
    ]
    assert lanes[:2] == ["关键日期", "China region"]
    assert any(t.startswith("2026 年第四季度") or t == "2026 Q4" for t in texts)
    assert svg.findtext(f"{SVG}title") == "路线图时间线"
    board = fragment(page, "pmdocs-board")
    assert [text(h) for h in board.iter("h3")] == ["现在 2", "下一步 2", "以后 1"]
    table = fragment(page, "pmdocs-table-wrap")
    assert [text(th) for th in table.iter("th")] == [
        "日期",
        "类别",
        "条目",
        "状态",
        "主题",
        "时间范围",
    ]
    first = [text(td) for td in next(tr for tr in table.iter("tr") if tr.get("data-id")).iter("td")]
    assert first == [
        "2026-07-01 至 2026-10-15",
        "路线图条目",
        "RM-001 Enterprise identity (SSO)",
        "已完成",
        "Enterprise",
        "现在",
    ]
    marker = next(e for e in svg.iter(f"{SVG}a") if e.get("data-id") == "MS-002")
    assert marker.findtext(f"{SVG}title") == "MS-002 中国区公测 · 里程碑 · 有风险 · 2027-05-31"


# 500 items ---------------------------------------------------------------------------


def five_hundred_items() -> dict[str, str]:
    docs = {}
    for number in range(1, 501):
        start = datetime.date(2026, 6, 1) + datetime.timedelta(days=(number * 37) % 450)
        end = start + datetime.timedelta(days=(number * 13) % 120)
        docs[f"rm/{number}.md"] = roadmap(
            f"RM-{number:03}", f"Item {number} 第{number}项", "planned", f"Theme {number % 9}",
            "next", f"start: {start}\nend: {end}\n",
        )  # fmt: skip
    return docs


def with_window(built: ViewContext, window: tuple[int, int] | None) -> ViewContext:
    settings = dataclasses.replace(built.project.settings, roadmap_window=window)
    return built._replace(project=dataclasses.replace(built.project, settings=settings))


def left_off_counts(svg: ET.Element) -> list[int]:
    """The "+N more" counts of the lanes that had no room for every item."""
    return [
        int(re.sub(r"\D", "", text(e)))
        for e in svg.iter(f"{SVG}text")
        if "pmdocs-tl__more" in (e.get("class") or "")
    ]


def test_500_items_stay_within_the_height_budget_and_each_is_drawn_counted_or_listed(
    tmp_path: Path,
) -> None:
    page = render_page(context(tmp_path, five_hundred_items()))
    svg = ET.fromstring(svg_of(page))
    width, height = (float(v) for v in (svg.get("viewBox") or "").split()[2:])
    # Drawn at most as wide as a 1366 px window, the chart is at most 3,000 px tall there.
    assert height * 1366 / width <= 3000
    drawn = {e.get("data-id") for e in svg.iter(f"{SVG}a") if e.get("data-id")}
    beyond = fragment(page, "pmdocs-tl-unscheduled")
    listed = {li.get("data-id") for li in beyond.iter("li")}
    assert drawn and listed and left_off_counts(svg)
    assert len(drawn) + sum(left_off_counts(svg)) + len(listed) == 500
    lane_tops = sorted(
        float(e.get("y1") or 0)
        for e in svg.iter(f"{SVG}line")
        if "lane-rule" in (e.get("class") or "")
    )
    heights = [b - a for a, b in itertools.pairwise(lane_tops)]
    assert max(heights) <= 16 * 24 + 10  # a theme takes one screen at most


def test_500_items_over_every_date_draw_or_count_each(tmp_path: Path) -> None:
    built = with_window(context(tmp_path, five_hundred_items()), None)
    svg = ET.fromstring(svg_of(render_timeline(built)))
    bars = [e for e in svg.iter(f"{SVG}a") if e.get("data-id")]
    assert len(bars) + sum(left_off_counts(svg)) == 500


def test_the_window_runs_from_the_quarter_before_today_to_four_quarters_after(
    ctx: ViewContext,
) -> None:
    svg = ET.fromstring(svg_of(render_timeline(ctx)))
    quarters = [text(e) for e in svg.iter(f"{SVG}text") if e.get("class") == "pmdocs-tl__quarter"]
    assert quarters == ["Q3 2026", "Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"]
    wide = ET.fromstring(svg_of(render_timeline(with_window(ctx, (0, 1)))))
    quarters = [text(e) for e in wide.iter(f"{SVG}text") if e.get("class") == "pmdocs-tl__quarter"]
    assert quarters == ["Q4 2026", "Q1 2027"]
    page = render_page(with_window(ctx, (0, 1)))
    beyond = fragment(page, "pmdocs-tl-unscheduled")
    assert [li.get("data-id") for li in beyond.iter("li")] == ["MS-002"]


def test_markers_sit_on_the_lane_of_the_item_they_cover_dropped_items_are_not_drawn(
    tmp_path: Path,
) -> None:
    docs = {
        **DOCS,
        "roadmap/old.md": roadmap(
            "RM-011",
            "Old idea",
            "dropped",
            "Insights",
            "later",
            "start: 2026-12-01\nend: 2027-01-31\n",
        ),
    }
    svg = ET.fromstring(svg_of(render_timeline(context(tmp_path, docs))))
    ids = {e.get("data-id") for e in svg.iter(f"{SVG}a")}
    assert "RM-011" not in ids
    enterprise_top = next(
        float(e.get("y") or 0)
        for e in svg.iter(f"{SVG}text")
        if e.findtext(f"{SVG}title") == "Enterprise"
    )
    insights_top = next(
        float(e.get("y") or 0)
        for e in svg.iter(f"{SVG}text")
        if e.findtext(f"{SVG}title") == "Insights"
    )
    covering = next(e for e in svg.iter(f"{SVG}a") if e.get("data-id") == "MS-001")
    marker_y = float((covering.find(f"{SVG}path").get("d") or "M0 0").split()[1].split("L")[0])  # type: ignore[union-attr]
    assert enterprise_top - 12 < marker_y < insights_top  # on the lane of RM-001, which it covers
    done = next(e for e in svg.iter(f"{SVG}a") if e.get("data-id") == "RM-001")
    assert (
        "pmdocs-tl__item--roadmap" in (done.get("class") or "")
        and done.get("data-status") == "done"
    )


def test_items_table_sorts_and_filters_like_the_index_tables(ctx: ViewContext) -> None:
    table = fragment(render_page(ctx), "pmdocs-table-wrap").find("table")
    assert table is not None and table.get("data-pmdocs-interactive") == ""
    filtered = [text(th) for th in table.iter("th") if th.get("data-filter") is not None]
    assert filtered == ["Kind", "Status", "Theme", "Horizon"]
    first_days = [
        td.get("data-sort") for td in table.iter("td") if "dates" in (td.get("class") or "")
    ]
    assert first_days[:3] == ["2026-07-01", "2026-09-01", "2026-10-01"] and first_days[-1] == "9999"


# Filters, zoom levels and the edges kept in view --------------------------------------


def figure_of(built: ViewContext) -> ET.Element:
    return ET.fromstring(render_timeline(built))


def charts(figure: ET.Element) -> dict[str, ET.Element]:
    """Each zoom level's canvas: the one shown, and those waiting in templates."""
    return {c.get("data-zoom") or "": c for c in figure.iter("div") if c.get("data-zoom")}


def quarters_of(canvas: ET.Element) -> list[str]:
    svg = canvas.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    return [text(e) for e in svg.iter(f"{SVG}text") if e.get("class") == "pmdocs-tl__quarter"]


def test_controls_are_hidden_without_javascript_and_list_what_is_drawn(ctx: ViewContext) -> None:
    figure = figure_of(ctx)
    controls = next(e for e in figure.iter("div") if e.get("class") == "pmdocs-tl-controls")
    assert controls.get("hidden") == "hidden"
    selects = {s.get("data-tl-filter"): s for s in controls.iter("select")}
    assert list(selects) == ["theme", "status", "owner"]
    options = {
        key: [(o.get("value"), text(o)) for o in s.iter("option")] for key, s in selects.items()
    }
    assert options["theme"] == [
        ("*", "Theme: all"), ("China region", "China region"), ("Enterprise", "Enterprise"),
        ("Insights", "Insights"), ("", "No theme"),
    ]  # fmt: skip
    assert options["status"][0] == ("*", "Status: all")
    assert ("in-progress", "in progress") in options["status"]
    assert "dropped" not in [value for value, _ in options["status"]]  # never drawn
    assert options["owner"] == [("*", "Owner: all"), ("Dana", "Dana"), ("王磊", "王磊")]
    zooms = [
        (b.get("data-tl-zoom"), b.get("aria-pressed"), text(b)) for b in controls.iter("button")
    ]
    assert zooms == [
        ("quarter", "false", "Quarter"), ("year", "false", "Year"),
        ("window", "true", "Default"), ("all", "false", "All dates"),
    ]  # fmt: skip


def test_each_bar_and_marker_carries_what_the_filters_match(ctx: ViewContext) -> None:
    svg = ET.fromstring(svg_of(render_timeline(ctx)))
    items = {e.get("data-id"): e for e in svg.iter(f"{SVG}a") if e.get("data-id")}
    assert items["RM-003"].get("data-theme") == "Insights"
    assert items["RM-003"].get("data-status") == "in-progress"
    assert items["MS-001"].get("data-theme") == "Enterprise"  # the lane of RM-001, it covers
    assert items["MS-001"].get("data-owner") == "Dana"
    assert items["MS-002"].get("data-theme") == ""  # on the shared row


def test_zoom_levels_are_charts_of_their_own_waiting_in_templates(ctx: ViewContext) -> None:
    figure = figure_of(ctx)
    shown = figure.find("div[@class='pmdocs-timeline__scroll']")
    assert shown is not None and [c.get("data-zoom") for c in shown] == ["window"]
    templates = [t.get("data-zoom") for t in figure.iter("template")]
    assert templates == ["quarter", "year", "all"]
    canvases = charts(figure)
    assert quarters_of(canvases["quarter"]) == ["Q4 2026"]
    assert quarters_of(canvases["year"]) == ["Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027"]
    assert quarters_of(canvases["window"])[0] == "Q3 2026"
    assert len(quarters_of(canvases["all"])) >= len(quarters_of(canvases["window"]))


def test_the_roadmap_window_chooses_the_zoom_level_shown_first(ctx: ViewContext) -> None:
    year = figure_of(with_window(ctx, (0, 3)))
    buttons = [(b.get("data-tl-zoom"), b.get("aria-pressed")) for b in year.iter("button")]
    assert buttons == [("quarter", "false"), ("year", "true"), ("all", "false")]
    assert year.get("data-zoom") == "year"
    every = figure_of(with_window(ctx, None))
    assert every.get("data-zoom") == "all"
    assert [t.get("data-zoom") for t in every.iter("template")] == ["quarter", "year"]


def test_the_edges_kept_in_view_repeat_the_axis_and_the_lane_names(ctx: ViewContext) -> None:
    canvas = charts(figure_of(ctx))["window"]
    chart, axis, names = (
        canvas.find(f"{SVG}svg"),
        canvas.find("div[@class='pmdocs-timeline__axis']"),
        canvas.find("div[@class='pmdocs-timeline__names']"),
    )
    assert chart is not None and axis is not None and names is not None
    assert axis.get("aria-hidden") == "true" and names.get("aria-hidden") == "true"

    def lane_names(svg: ET.Element) -> list[tuple[str, str | None]]:
        return [
            (text(e), e.get("y"))
            for e in svg.iter(f"{SVG}text")
            if "pmdocs-tl__lane-label" in (e.get("class") or "")
        ]

    edge = names.find(f"{SVG}svg")
    assert edge is not None and lane_names(edge) == lane_names(chart)
    header = axis.find(f"{SVG}svg")
    assert header is not None and quarters_of_edge(header) == quarters_of(canvas)
    # The name column is as wide as its longest name needs, in a share of the chart.
    width = float((edge.get("viewBox") or "").split()[2])
    share = float(re.sub(r"[^\d.]", "", (names.get("style") or "").split(":")[1]))
    chart_width = float((chart.get("viewBox") or "").split()[2])
    assert width < 164 and share == pytest.approx(100 * width / chart_width, abs=0.01)


def quarters_of_edge(svg: ET.Element) -> list[str]:
    return [text(e) for e in svg.iter(f"{SVG}text") if e.get("class") == "pmdocs-tl__quarter"]


def test_zh_controls_are_in_chinese(tmp_path: Path) -> None:
    figure = figure_of(context(tmp_path, DOCS, "zh"))
    labels = [text(b) for b in figure.iter("button")]
    assert labels == ["季度", "一年", "默认", "全部日期"]
    first = [text(next(s.iter("option"))) for s in figure.iter("select")]
    assert first == ["主题: 全部", "状态: 全部", "负责人: 全部"]
    count = next(e for e in figure.iter("span") if "__count" in (e.get("class") or ""))
    assert count.get("data-text") == "显示 {shown} / {total} 项"


def test_500_items_every_zoom_level_keeps_the_height_budget(tmp_path: Path) -> None:
    built = context(tmp_path, five_hundred_items())
    for zoom, canvas in charts(figure_of(built)).items():
        svg = canvas.find(f"{SVG}svg")
        assert svg is not None
        width, height = (float(v) for v in (svg.get("viewBox") or "").split()[2:])
        assert height * max(1.0, 1366 / width) <= 3000, zoom
    every = charts(figure_of(built))["all"]
    drawn = {e.get("data-id") for e in every.iter(f"{SVG}a")}
    beyond = fragment(render_page(built), "pmdocs-tl-unscheduled")
    assert {li.get("data-id") for li in beyond.iter("li")} & drawn  # all dates shows them


def test_each_lane_is_a_group_with_its_height_so_a_filter_can_close_it_up(
    ctx: ViewContext,
) -> None:
    svg = ET.fromstring(svg_of(render_timeline(ctx)))
    lanes = [g for g in svg.findall(f"{SVG}g") if g.get("class") == "pmdocs-tl__lane"]
    assert len(lanes) == 4
    heights = [float(g.get("data-height") or 0) for g in lanes]
    tops = [
        float(next(e for e in g if "lane-rule" in (e.get("class") or "")).get("y1") or 0)
        for g in lanes
    ]
    for index in range(len(lanes) - 1):  # lanes follow each other without gaps
        assert tops[index + 1] == pytest.approx(tops[index] + heights[index])
    for lane in lanes:  # a lane holds its own items only
        ids = {a.get("data-id") for a in lane.iter(f"{SVG}a")}
        title = lane.find(f".//{SVG}text/{SVG}title")
        assert title is not None
        if title.text == "Insights":
            assert ids == {"RM-003", "RM-004"}
