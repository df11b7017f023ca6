"""The roadmap timeline's layout as pure functions, and the SVG it becomes.

Geometry is checked from the layout itself (boxes, rows, axis), so "labels
never overlap" is computed, not eyeballed; the SVG is checked as parsed XML.
"""

from __future__ import annotations

import datetime
import itertools
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pmdocs.core.project import Settings, load_project
from pmdocs.views import ViewContext
from pmdocs.views.roadmap import axis_text, render_timeline
from pmdocs.views.timeline import (
    BASE_WIDTH,
    MIN_BAR_WIDTH,
    MIN_MONTH_WIDTH,
    Box,
    Label,
    LaneInput,
    Layout,
    Point,
    Span,
    fit_axis,
    lane_order,
    layout_timeline,
    month_ticks,
    pack_rows,
    place_label,
    quarter_bands,
    text_width,
    truncate,
)

D = datetime.date
TODAY = D(2026, 11, 27)
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"  # chart links: see templates/roadmap.html
EN = axis_text("en", TODAY)


# Text measurement -----------------------------------------------------------------


def test_cjk_characters_count_about_twice_a_latin_letter() -> None:
    assert text_width("中文标题") >= 1.6 * text_width("abcd")
    assert text_width("") == 0


def test_truncate_keeps_short_text_and_ellipsises_long_text() -> None:
    assert truncate("Short", 200) == "Short"
    shortened = truncate("A rather long roadmap item title", 80)
    assert shortened.endswith("…")
    assert text_width(shortened) <= 80
    assert truncate("Anything", 1) == ""


# The axis -------------------------------------------------------------------------


def test_axis_fits_every_date_in_whole_months_with_a_margin() -> None:
    axis = fit_axis([D(2026, 7, 1), D(2027, 10, 1)], TODAY)
    assert axis.start == D(2026, 6, 1)
    assert axis.end == D(2027, 11, 1)
    assert (D(2026, 7, 1) - axis.start).days >= 14
    assert (axis.end - D(2027, 10, 1)).days >= 14


def test_axis_includes_today_and_spans_at_least_six_months() -> None:
    axis = fit_axis([D(2027, 3, 10)], TODAY)
    assert axis.start <= TODAY < axis.end
    months = (axis.end.year - axis.start.year) * 12 + axis.end.month - axis.start.month
    assert months >= 6
    short = fit_axis([], D(2026, 5, 20))
    assert (short.end.year - short.start.year) * 12 + short.end.month - short.start.month == 6


def test_axis_keeps_the_base_width_for_a_year_and_widens_for_long_ranges() -> None:
    year = fit_axis([D(2026, 7, 1), D(2027, 6, 30)], TODAY)
    assert year.right + 12 == pytest.approx(BASE_WIDTH)
    decade = fit_axis([D(2024, 1, 1), D(2033, 12, 31)], TODAY)
    assert decade.right > 3 * BASE_WIDTH
    assert min(tick.width for tick in month_ticks(decade)) >= MIN_MONTH_WIDTH * 28 / 30.44


def test_month_ticks_and_quarter_bands_cover_the_axis() -> None:
    axis = fit_axis([D(2026, 8, 15), D(2027, 2, 1)], TODAY)
    ticks = month_ticks(axis)
    assert ticks[0].day == axis.start and ticks[0].x == axis.left
    assert [t.day.day for t in ticks] == [1] * len(ticks)
    assert ticks[-1].x + ticks[-1].width == pytest.approx(axis.right)
    bands = quarter_bands(axis)
    assert bands[0].x == axis.left
    assert bands[-1].x + bands[-1].width == pytest.approx(axis.right)
    assert [(b.year, b.quarter) for b in bands][:2] == [(2026, 3), (2026, 4)]


def test_quarter_labels_fall_back_to_short_form_in_a_narrow_quarter() -> None:
    layout = layout_timeline(
        [LaneInput("T", "theme", spans=(Span("RM-1", "x", D(2026, 9, 20), D(2028, 11, 1)),))],
        TODAY,
        EN,
    )
    texts = [band.label.text for band in layout.quarters if band.label]
    assert texts[0] == "Q3"  # only September of Q3 2026 is on the axis
    assert texts[1:3] == ["Q4 2026", "Q1 2027"]


# Rows and labels ------------------------------------------------------------------


def test_pack_rows_puts_overlapping_extents_on_separate_rows() -> None:
    assert pack_rows([(0, 100), (50, 150), (120, 200), (300, 400)]) == [0, 1, 0, 0]
    assert pack_rows([(0, 100), (104, 200)], gap=8) == [0, 1]
    assert pack_rows([(0, 100), (108, 200)], gap=8) == [0, 0]
    assert pack_rows([]) == []


def test_pack_rows_uses_as_many_rows_as_the_deepest_overlap() -> None:
    rng = random.Random(7)
    extents = []
    for _ in range(300):
        left = rng.uniform(0, 1000)
        extents.append((left, left + rng.uniform(5, 200)))
    rows = pack_rows(extents, gap=0)
    deepest = max(sum(1 for a, b in extents if a <= x < b) for x, _ in extents)
    assert max(rows) + 1 == deepest
    for row in set(rows):
        on_row = sorted(e for e, r in zip(extents, rows, strict=True) if r == row)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(on_row))


def test_label_goes_inside_a_long_bar_and_beside_a_short_one() -> None:
    long_bar = Box(100, 0, 300, 16)
    inside = place_label("Single sign-on", long_bar, 0, 1000, True)
    assert long_bar.x < inside.box.x and inside.box.right < long_bar.right
    short_bar = Box(100, 0, 20, 16)
    beside = place_label("Single sign-on", short_bar, 0, 1000, True)
    assert beside.box.x > short_bar.right
    near_edge = Box(950, 0, 20, 16)
    left = place_label("Single sign-on", near_edge, 0, 1000, True)
    assert left.box.right < near_edge.x
    cramped = place_label("Single sign-on for every customer", Box(40, 0, 20, 16), 0, 120, True)
    assert cramped.text.endswith("…") and cramped.box.right <= 120


def test_overlapping_items_of_a_theme_go_on_separate_rows() -> None:
    lane = LaneInput(
        "Enterprise",
        "theme",
        spans=(
            Span("RM-1", "SSO", D(2026, 7, 1), D(2026, 10, 31)),
            Span("RM-2", "Audit", D(2026, 10, 1), D(2027, 1, 31)),
            Span("RM-3", "Later", D(2027, 3, 1), D(2027, 4, 30)),
        ),
    )
    layout = layout_timeline([lane], TODAY, EN)
    rows = {bar.span.id: bar.row for bar in layout.bars}
    assert rows["RM-1"] != rows["RM-2"]
    assert rows["RM-3"] == 0
    assert layout.lanes[0].rows == 2


def test_markers_get_rows_of_their_own_when_labels_would_touch() -> None:
    lane = LaneInput(
        "Milestones",
        "milestone",
        points=(
            Point("MS-1", "Enterprise SSO generally available", D(2026, 10, 15)),
            Point("MS-2", "Beta", D(2026, 10, 20)),
        ),
    )
    layout = layout_timeline([lane], TODAY, EN)
    assert sorted(m.row for m in layout.markers) == [0, 1]
    first = layout.markers[0]
    assert first.x == pytest.approx(layout.axis.x(D(2026, 10, 15)) + layout.axis.scale / 2)


def test_lanes_sort_by_name_naturally_and_case_insensitively() -> None:
    names = ["beta", "Theme 10", "Alpha", "Theme 2", "中文"]
    assert sorted(names, key=lane_order) == ["Alpha", "beta", "Theme 2", "Theme 10", "中文"]


def test_lane_titles_too_long_for_the_column_are_shortened() -> None:
    title = "A theme name far too long for the lane label column"
    layout = layout_timeline(
        [LaneInput(title, "theme", spans=(Span("RM-1", "x", D(2026, 9, 1), D(2026, 12, 1)),))],
        TODAY,
        EN,
    )
    lane = layout.lanes[0]
    assert lane.title == title
    assert lane.label.text.endswith("…")
    assert lane.label.box.right <= layout.axis.left


def test_today_line_sits_on_today() -> None:
    layout = layout_timeline([], TODAY, EN)
    assert layout.today.day == TODAY
    assert layout.axis.x(TODAY) <= layout.today.x <= layout.axis.x(TODAY + datetime.timedelta(1))
    assert layout.today.label.text == "Today 2026-11-27"


# 500 items -------------------------------------------------------------------------

_WORDS = [
    "sync",
    "export",
    "audit",
    "alerts",
    "billing",
    "search",
    "企业微信",
    "数据驻留",
    "本地化",
    "offline",
    "SSO",
    "API",
]


def generated_lanes(count: int, seed: int = 500) -> list[LaneInput]:
    """``count`` roadmap items in 12 themes over 18 months, with milestones and releases."""
    rng = random.Random(seed)
    themes: dict[str, list[Span]] = {}
    for number in range(1, count + 1):
        start = D(2026, 6, 1) + datetime.timedelta(days=rng.randrange(0, 480))
        end = start + datetime.timedelta(days=rng.choice([0, 3, 20, 45, 90, 150]))
        words = rng.sample(_WORDS, rng.randint(1, 5))
        theme = f"Theme {rng.randint(1, 12)}" if number % 17 else "主题 中文"
        themes.setdefault(theme, []).append(Span(f"RM-{number:03}", " ".join(words), start, end))
    points = [
        Point(
            f"MS-{n:03}",
            f"Milestone {n} " + rng.choice(_WORDS),
            D(2026, 6, 1) + datetime.timedelta(days=rng.randrange(0, 500)),
        )
        for n in range(1, 41)
    ]
    lanes = [LaneInput("Milestones", "milestone", points=tuple(points))]
    for theme in sorted(themes, key=lane_order):
        lanes.append(LaneInput(theme, "theme", spans=tuple(themes[theme])))
    return lanes


def overlapping_pairs(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    """Every pair of named boxes that share area (a sweep over x)."""
    ordered = sorted(boxes, key=lambda item: item[1].x)
    found = []
    for index, (name, box) in enumerate(ordered):
        for other_name, other in ordered[index + 1 :]:
            if other.x >= box.right:
                break
            if box.overlaps(other):
                found.append((name, other_name))
    return found


@pytest.fixture(scope="module")
def big_layout() -> Layout:
    return layout_timeline(generated_lanes(500), TODAY, EN)


def test_500_items_no_two_labels_overlap(big_layout: Layout) -> None:
    labels: list[Label] = big_layout.labels()
    given = sum(len(lane.spans) + len(lane.points) for lane in generated_lanes(500))
    left_off = sum(len(lane.left_off) for lane in big_layout.lanes)
    assert all(bar.label.text for bar in big_layout.bars)
    assert len(big_layout.bars) + len(big_layout.markers) + left_off == given
    assert overlapping_pairs([(label.text, label.box) for label in labels]) == []


def test_500_items_no_label_covers_another_items_bar_or_marker(big_layout: Layout) -> None:
    named: list[tuple[str, Box]] = []
    for bar in big_layout.bars:
        named.append((f"bar {bar.span.id}", bar.box))
        if bar.label.text and not bar.inside:
            named.append((f"label {bar.span.id}", bar.label.box))
    for marker in big_layout.markers:
        named += [
            (f"bar {marker.point.id}", marker.box),
            (f"label {marker.point.id}", marker.label.box),
        ]
    clashes = [(a, b) for a, b in overlapping_pairs(named) if a.split()[1] != b.split()[1]]
    assert clashes == []


def test_500_items_stay_inside_the_chart_which_grows_in_height(big_layout: Layout) -> None:
    spans = [span for lane in generated_lanes(500) for span in lane.spans]
    first, last = min(s.start for s in spans), max(s.end for s in spans)
    two = [
        LaneInput("T", "theme", spans=(Span("A", "a", first, first), Span("B", "b", last, last)))
    ]
    assert big_layout.width == layout_timeline(two, TODAY, EN).width  # set by time, not count
    assert big_layout.height > 40 * 24
    for label in big_layout.labels():
        assert label.box.x >= 0 and label.box.right <= big_layout.width
        assert label.box.y >= 0 and label.box.bottom <= big_layout.height
    for lane, following in itertools.pairwise(big_layout.lanes):
        assert lane.bottom == following.top
        for bar in lane.bars:
            assert lane.top < bar.box.y and bar.box.bottom < lane.bottom
    assert len(big_layout.month_labels) == 2 * len(big_layout.months)  # repeated below


# The SVG -----------------------------------------------------------------------------

HOSTILE_TITLE = "</text><script>alert(1)</script>"
HOSTILE_THEME = '"><svg onload=alert(1)>'


def write_docs(root: Path, docs: dict[str, str]) -> ViewContext:
    for name, text in docs.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = load_project(Settings(root=root, docs_dir=root / "docs"))
    return ViewContext(project, "pm/roadmap/index.md", "en", TODAY)


def roadmap_doc(doc_id: str, title: str, theme: str, start: str = "", end: str = "") -> str:
    dates = f"start: {start}\nend: {end}\n" if start else ""
    return (
        f"---\ntype: roadmap\nid: {doc_id}\ntitle: '{title}'\nstatus: planned\n"
        f"theme: '{theme}'\nhorizon: now\n{dates}---\nBody.\n"
    )


@pytest.fixture()
def hostile_svg(tmp_path: Path) -> ET.Element:
    ctx = write_docs(
        tmp_path,
        {
            "rm/a.md": roadmap_doc(
                "RM-001", HOSTILE_TITLE, HOSTILE_THEME, "2026-10-01", "2027-01-31"
            ),
            "rm/b.md": roadmap_doc("RM-002", "Plain", "Core", "2026-12-01", "2026-12-20"),
            "ms/a.md": (
                "---\ntype: milestone\nid: MS-001\ntitle: '\"><svg onload=alert(2)>'\n"
                "status: planned\ndue: 2026-12-15\nowner: Ann\n---\n"
            ),
            "rel/a.md": (
                "---\ntype: release\nid: REL-001\ntitle: 'R & <b>D</b>'\nstatus: planned\n"
                "version: '1.0'\ndate: 2027-01-10\n---\n"
            ),
        },
    )
    assert ctx.project.errors == []
    figure = render_timeline(ctx)
    assert "<script" not in figure and "<svg onload" not in figure and "<b>" not in figure
    start = figure.index("<svg")
    return ET.fromstring(figure[start : figure.index("</svg>") + len("</svg>")])


def test_hostile_titles_and_themes_come_out_as_text(hostile_svg: ET.Element) -> None:
    texts = {
        "".join(element.itertext())
        for element in hostile_svg.iter()
        if element.tag in (f"{SVG}text", f"{SVG}title")
    }
    assert HOSTILE_THEME in texts  # the lane's tooltip shows the theme in full
    assert any(HOSTILE_TITLE in text for text in texts)
    assert any('"><svg onload=alert(2)>' in text for text in texts)
    assert [e for e in hostile_svg.iter() if e.tag in (f"{SVG}script", "script")] == []
    assert [e for e in hostile_svg.iter() if e.tag == f"{SVG}svg"] == [hostile_svg]
    assert [e for e in hostile_svg.iter() if e.get("onload")] == []


def test_every_bar_and_marker_has_its_id_a_link_and_a_tooltip(hostile_svg: ET.Element) -> None:
    marked = [e for e in hostile_svg.iter() if e.get("data-id")]
    assert sorted(e.get("data-id") or "" for e in marked) == [
        "MS-001",
        "REL-001",
        "RM-001",
        "RM-002",
    ]
    for element in marked:
        assert element.tag == f"{SVG}a"
        assert element.get(f"{XLINK}href", "").startswith("../../")
        tooltip = element.find(f"{SVG}title")
        assert tooltip is not None and tooltip.text
        assert tooltip.text.startswith(element.get("data-id", ""))
        assert "planned" in tooltip.text
    plain = next(e for e in marked if e.get("data-id") == "RM-002")
    assert (
        plain.findtext(f"{SVG}title") == "RM-002 Plain · Core · planned · 2026-12-01 to 2026-12-20"
    )


def test_svg_has_role_title_desc_and_the_today_line(hostile_svg: ET.Element) -> None:
    assert hostile_svg.get("role") == "img"
    assert hostile_svg.findtext(f"{SVG}title") == "Roadmap timeline"
    assert "Today: 2026-11-27" in (hostile_svg.findtext(f"{SVG}desc") or "")
    today = [e for e in hostile_svg.iter() if e.get("data-today")]
    assert len(today) == 1 and today[0].get("data-today") == "2026-11-27"
    assert today[0].tag == f"{SVG}line"


KIND_CLASSES = (
    "pmdocs-tl__item--roadmap",
    "pmdocs-tl__item--milestone",
    "pmdocs-tl__item--release",
)


def test_bars_take_colour_from_css_classes_not_fixed_fills(hostile_svg: ET.Element) -> None:
    for element in hostile_svg.iter():
        assert element.get("fill") is None and element.get("style") is None
    classes = {e.get("class") for e in hostile_svg.iter() if e.get("data-id")}
    assert {c.replace(kind, "") for c in classes for kind in KIND_CLASSES if kind in c} == {
        "pmdocs-tl__item  pmdocs-tl--planned"
    }
    css = (Path(__file__).parents[1] / "pmdocs" / "views" / "assets" / "roadmap.css").read_text()
    assert "fill: var(--pmdocs-tone" in css and "--pmdocs-tone: var(--pmdocs-done)" in css


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_month_of_a_long_range_keeps_its_label(language: str) -> None:
    spans = (Span("RM-1", "x", D(2025, 1, 1), D(2029, 12, 31)),)
    layout = layout_timeline(
        [LaneInput("T", "theme", spans=spans)], TODAY, axis_text(language, TODAY)
    )
    assert len(layout.month_labels) == len(layout.months) == 62
    assert layout.month_labels[-1].text == ("1月" if language == "zh" else "Jan")


# The window and the ends of the calendar ------------------------------------------------------


def test_axis_reaches_no_further_than_forty_quarters_from_today() -> None:
    axis = fit_axis([D(2, 1, 1), D(9000, 12, 31)], TODAY)
    assert axis.start == D(2016, 10, 1) and axis.end == D(2037, 1, 1)
    assert len(month_ticks(axis)) == 243


@pytest.mark.parametrize(
    "today", [D(1, 1, 1), D(1, 1, 15), D(2, 3, 4), D(9998, 12, 31), D(9999, 12, 20), D.max]
)
def test_axis_and_layout_stay_inside_the_calendar(today: datetime.date) -> None:
    """Dates at the calendar's ends are laid out, never an OverflowError."""
    spans = (
        Span("RM-1", "first", D.min, D(1, 1, 31)),
        Span("RM-2", "last", D(9999, 1, 1), D.max),
        Span("RM-3", "all", D(2, 1, 1), D(9000, 12, 31)),
    )
    points = (Point("MS-1", "end", D.max), Point("REL-1", "start", D.min))
    lanes = [LaneInput("M", "milestone", points=points), LaneInput("T", "theme", spans=spans)]
    layout = layout_timeline(lanes, today, axis_text("en", today))
    assert layout.axis.start <= layout.axis.end
    assert len(layout.months) <= 243
    assert layout.axis.left <= layout.today.x <= layout.axis.right
    drawn = [bar.span.id for bar in layout.bars] + [m.point.id for m in layout.markers]
    shown = [s.id for s in spans if layout.axis.shows(s.start, s.end)]
    shown += [p.id for p in points if layout.axis.shows(p.day, p.day)]
    assert drawn and sorted(drawn) == sorted(shown)
    for bar in layout.bars:  # cut to the axis
        assert layout.axis.left <= bar.box.x and bar.box.right <= layout.axis.right + MIN_BAR_WIDTH
    for marker in layout.markers:
        assert layout.axis.start <= marker.point.day < layout.axis.end


def test_lanes_of_items_beyond_the_axis_are_left_out() -> None:
    spans = (Span("RM-1", "ancient", D(1500, 1, 1), D(1500, 2, 1)),)
    near = (Span("RM-2", "near", D(2026, 12, 1), D(2027, 1, 1)),)
    lanes = [LaneInput("Old", "theme", spans=spans), LaneInput("New", "theme", spans=near)]
    layout = layout_timeline(lanes, TODAY, EN)
    assert [lane.title for lane in layout.lanes] == ["New"]
