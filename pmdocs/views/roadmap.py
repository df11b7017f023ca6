"""The roadmap page: timeline, Now / Next / Later board and a plain table of dates.

`render_page` writes ``pm/roadmap/index.md``. The timeline's geometry comes
from `pmdocs.views.timeline` (pure functions); the SVG and every HTML fragment come
from autoescaped templates, so every title and theme is text by construction.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from pmdocs.core.doctypes import allowed_values
from pmdocs.core.i18n import Catalog
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.validate import parse_date
from pmdocs.views import ViewContext, status_tone
from pmdocs.views.render import render
from pmdocs.views.timeline import (
    LANE_LABEL_LEFT,
    PLOT_LEFT,
    Axis,
    AxisText,
    LaneInput,
    Layout,
    Point,
    Span,
    lane_order,
    layout_timeline,
    timeline_axis,
)

__all__ = ["CATALOG", "Entry", "axis_text", "collect_entries", "render_page", "render_timeline"]

CATALOG = Catalog(
    {
        "roadmap": ("Roadmap", "路线图"),
        "timeline": ("Roadmap timeline", "路线图时间线"),
        "timeline_desc": (
            "Roadmap items: {items} in {themes}. Milestones: {milestones}. "
            "Releases: {releases}. From {start} to {end}. Today: {today}.",
            "路线图条目 {items} 个，分属 {themes}；里程碑 {milestones} 个；"
            "版本发布 {releases} 个；时间范围 {start} 至 {end}；今天：{today}。",
        ),
        "nothing_dated": (
            "No roadmap item, milestone or release has dates yet.",
            "尚无带日期的路线图条目、里程碑或版本发布。",
        ),
        "legend": ("Legend", "图例"),
        "today": ("Today", "今天"),
        "today_at": ("Today {date}", "今天 {date}"),
        "events": ("Key dates", "关键日期"),
        "milestones": ("Milestones", "里程碑"),
        "releases": ("Releases", "版本发布"),
        "milestone": ("Milestone", "里程碑"),
        "release": ("Release", "版本发布"),
        "no_theme": ("No theme", "未分主题"),
        "more": ("+{count} more, in the table", "另有 {count} 项，见下表"),
        "unscheduled": ("Unscheduled", "未排期"),
        "unscheduled_intro": (
            "Without start and end dates, these are not on the timeline.",
            "以下条目缺少开始和结束日期，未显示在时间线上。",
        ),
        "outside": ("Beyond the timeline", "时间线范围之外"),
        "outside_intro": (
            "The timeline shows {start} to {end}; these are dated wholly before or after.",
            "时间线显示 {start} 至 {end}；以下条目的日期完全在此范围之前或之后。",
        ),
        "board": ("Now / Next / Later", "现在 / 下一步 / 以后"),
        "empty_column": ("Nothing here yet.", "暂无条目。"),
        "all_dates": ("Items and dates", "条目与日期"),
        "item": ("Item", "条目"),
        "kind": ("Kind", "类别"),
        "dates": ("Dates", "日期"),
        "no_items": (
            "No roadmap items, milestones or releases yet.",
            "尚无路线图条目、里程碑或版本发布。",
        ),
        "to": ("to", "至"),
        "from_date": ("from {date}", "{date} 起"),
        "until_date": ("until {date}", "截至 {date}"),
        "all": ("all", "全部"),
        "zoom": ("Zoom", "缩放"),
        "zoom_quarter": ("Quarter", "季度"),
        "zoom_year": ("Year", "一年"),
        "zoom_window": ("Default", "默认"),
        "zoom_all": ("All dates", "全部日期"),
        "shown": ("{shown} of {total} shown", "显示 {shown} / {total} 项"),
    }
)

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "zh": tuple(f"{month}月" for month in range(1, 13)),
}
_ZH_QUARTERS = ("一", "二", "三", "四")
HORIZONS = ("now", "next", "later")
KINDS = ("roadmap", "milestone", "release")
# The chart never shrinks below its own size: its 12 px text stays at least 12 px on
# a phone, where the chart scrolls sideways instead.
MIN_SCALE = 1.0
# The zoom presets of the timeline besides the roadmap window, in quarters around
# today's: today's quarter alone, and the year that starts with it; `None` is every date.
ZOOMS: tuple[tuple[str, tuple[int, int] | None], ...] = (
    ("quarter", (0, 0)),
    ("year", (0, 3)),
    ("all", None),
)
_SPACES = re.compile(r"\s+")


def axis_text(language: str, today: datetime.date) -> AxisText:
    """Month names, quarter labels and the today label in ``language``."""
    if language == "zh":
        return AxisText(
            months=_MONTHS["zh"],
            quarter=lambda year, quarter: f"{year} 年第{_ZH_QUARTERS[quarter - 1]}季度",
            # A narrow quarter drops the year, as `Q3` does in English: no `2027 Q2`
            # beside `2027 年第一季度`.
            quarter_short=lambda year, quarter: f"第{_ZH_QUARTERS[quarter - 1]}季度",
            today=CATALOG("today_at", "zh").format(date=today.isoformat()),
            more=lambda count: CATALOG("more", "zh").format(count=count),
        )
    return AxisText(
        months=_MONTHS["en"],
        quarter=lambda year, quarter: f"Q{quarter} {year}",
        quarter_short=lambda year, quarter: f"Q{quarter}",
        today=CATALOG("today_at", "en").format(date=today.isoformat()),
        more=lambda count: CATALOG("more", "en").format(count=count),
    )


class Entry(NamedTuple):
    """A roadmap item, milestone or release as the page shows it.

    ``start`` and ``end`` are the dates that parse (a milestone's ``due`` and a
    release's ``date`` are both its start and end); ``scheduled`` says whether
    it appears on the timeline.
    """

    doc: Document
    start: datetime.date | None
    end: datetime.date | None
    theme: str
    horizon: str

    @property
    def kind(self) -> str:
        return self.doc.type

    @property
    def scheduled(self) -> bool:
        return self.start is not None and self.end is not None and self.start <= self.end

    @property
    def single_day(self) -> bool:
        return self.kind != "roadmap"


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def _text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return _SPACES.sub(" ", str(value)).strip()
    return ""


def _entry(doc: Document) -> Entry:
    if doc.type == "roadmap":
        start, end = _date(doc.get("start")), _date(doc.get("end"))
    else:
        start = end = _date(doc.get("due" if doc.type == "milestone" else "date"))
    horizon = doc.get("horizon")
    return Entry(doc, start, end, _text(doc.get("theme")), horizon if horizon in HORIZONS else "")


def collect_entries(documents: Iterable[Document]) -> list[Entry]:
    """Every roadmap item, milestone and release, in natural id order."""
    entries = [_entry(doc) for doc in documents if doc.type in KINDS]
    return sorted(entries, key=lambda e: (natural_key(e.doc.id), natural_key(e.doc.path)))


def render_page(ctx: ViewContext) -> str:
    """The Markdown of ``pm/roadmap/index.md`` in ``ctx.language``."""
    entries = collect_entries(ctx.project.documents)
    language = ctx.language
    parts = [f"# {CATALOG('roadmap', language)}", render_timeline(ctx, entries)]
    outside, axis = _beyond_the_axis(ctx, entries)
    if outside and axis is not None:
        intro = CATALOG("outside_intro", language).format(
            start=axis.start.strftime("%Y-%m"), end=_last_month(axis).strftime("%Y-%m")
        )
        parts += [f"## {CATALOG('outside', language)}", _unscheduled(ctx, outside, intro)]
    unscheduled = [entry for entry in entries if not entry.scheduled]
    if unscheduled:
        intro = CATALOG("unscheduled_intro", language)
        parts += [f"## {CATALOG('unscheduled', language)}", _unscheduled(ctx, unscheduled, intro)]
    parts += [f"## {CATALOG('board', language)}", _board(ctx, entries)]
    parts += [f"## {CATALOG('all_dates', language)}", _table(ctx, entries)]
    return "\n\n".join(parts) + "\n"


# The timeline -----------------------------------------------------------------


class _Mark(NamedTuple):
    """What the template needs about one bar or marker besides its geometry.

    ``theme``, ``status`` and ``owner`` are what the timeline's filters match.
    """

    href: str
    tooltip: str
    tone: str
    status: str
    theme: str = ""
    owner: str = ""


class _View(NamedTuple):
    """One zoom level of the timeline: its layout and the sizes of its sticky edges."""

    zoom: str
    layout: Layout
    desc: str
    min_width: int
    names_width: float  # the lane-name column kept in view, in chart units
    names_share: str  # ... as a share of the chart's width, in per cent


def number(value: float) -> str:
    """A coordinate as SVG text: one decimal at most, no ``-0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _lanes(ctx: ViewContext, entries: Sequence[Entry]) -> list[LaneInput]:
    """One lane per theme, its bars and the markers of what covers or ships them.

    A milestone or release goes on the lane of a roadmap item it is linked
    with (a milestone covering the item or one of its requirements, a
    release including one of them), else on one shared row above the themes.
    Dropped items are not drawn.
    """
    drawn = [e for e in entries if e.scheduled and e.start and e.end and e.doc.status != "dropped"]
    items = [e for e in drawn if e.kind == "roadmap"]
    theme_of = {e.doc.id: e.theme for e in items}
    themes: dict[str, list[Span]] = {}
    for e in items:
        span = Span(e.doc.id, _text(e.doc.title), e.start, e.end, key=e.doc.path)  # type: ignore[arg-type]
        themes.setdefault(e.theme, []).append(span)
    points: dict[str | None, list[Point]] = {}
    for e in drawn:
        if e.kind != "roadmap":
            point = Point(e.doc.id, _text(e.doc.title), e.start, e.doc.path, e.kind)  # type: ignore[arg-type]
            points.setdefault(_marker_theme(ctx, e.doc, theme_of), []).append(point)
    lanes = []
    if None in points:
        lanes.append(
            LaneInput(CATALOG("events", ctx.language), "events", points=tuple(points[None]))
        )
    for theme in sorted((t for t in themes if t), key=lane_order):
        lanes.append(LaneInput(theme, "theme", tuple(themes[theme]), tuple(points.get(theme, ()))))
    if "" in themes:
        title = CATALOG("no_theme", ctx.language)
        lanes.append(LaneInput(title, "theme", tuple(themes[""]), tuple(points.get("", ()))))
    return lanes


def _marker_theme(ctx: ViewContext, doc: Document, theme_of: dict[str, str]) -> str | None:
    """The theme of the first roadmap item (in natural id order) a marker belongs with, if any."""
    graph = ctx.project.graph
    linked = {target for targets in graph.links_from(doc.id).values() for target in targets}
    linked |= {link.source for link in graph.links_to(doc.id)}
    items = {i for i in linked if i in theme_of}
    for requirement in (i for i in linked if i not in theme_of):
        items |= {link.source for link in graph.links_to(requirement) if link.source in theme_of}
    if not items:
        return None
    return theme_of[min(items, key=natural_key)]


def _dates_text(ctx: ViewContext, entry: Entry) -> str:
    start = entry.start.isoformat() if entry.start else ""
    end = entry.end.isoformat() if entry.end else ""
    if entry.single_day or start == end:
        return start or end
    if start and end:
        return f"{start} {CATALOG('to', ctx.language)} {end}"
    if start:
        return CATALOG("from_date", ctx.language).format(date=start)
    return CATALOG("until_date", ctx.language).format(date=end) if end else ""


def _mark(ctx: ViewContext, entry: Entry, theme: str) -> _Mark:
    doc = entry.doc
    parts = [f"{doc.id} {_text(doc.title)}"]
    if entry.single_day:
        parts.append(CATALOG(entry.kind, ctx.language))
    elif entry.theme:
        parts.append(entry.theme)
    parts += [ctx.status_label(doc.status, ctx.project.types[doc.type]), _dates_text(ctx, entry)]
    tone = status_tone(doc.status)
    return _Mark(ctx.href(doc), " · ".join(parts), tone, doc.status, theme, _text(doc.get("owner")))


def _legend_statuses(ctx: ViewContext, entries: Sequence[Entry]) -> list[tuple[str, str]]:
    """Statuses on the chart with their labels, in the order their types list them (each
    once, labelled by the first type that lists it)."""
    present = {e.doc.status for e in entries if e.scheduled}
    labels: dict[str, str] = {}
    for doc_type in (ctx.project.types[kind] for kind in KINDS if kind in ctx.project.types):
        for status in doc_type.statuses:
            if status in present and status not in labels:
                labels[status] = ctx.status_label(status, doc_type)
    for entry in sorted(entries, key=lambda e: natural_key(e.doc.status)):
        status = entry.doc.status
        if entry.scheduled and status not in labels:
            labels[status] = ctx.status_label(status, ctx.project.types[entry.doc.type])
    return list(labels.items())


def _description(ctx: ViewContext, entries: Sequence[Entry], layout: Layout) -> str:
    scheduled = [e for e in entries if e.scheduled]
    last_month = _last_month(layout.axis)
    return CATALOG("timeline_desc", ctx.language).format(
        items=sum(e.kind == "roadmap" for e in scheduled),
        themes=ctx.count_of(sum(lane.kind == "theme" for lane in layout.lanes), "theme"),
        milestones=sum(e.kind == "milestone" for e in scheduled),
        releases=sum(e.kind == "release" for e in scheduled),
        start=layout.axis.start.strftime("%Y-%m"),
        end=last_month.strftime("%Y-%m"),
        today=ctx.today.isoformat(),
    )


def render_timeline(ctx: ViewContext, entries: Sequence[Entry] | None = None) -> str:
    """The timeline figure: the SVG chart, its filters and zoom levels, and its legend.

    The chart of the roadmap window is the page's; the other zoom levels are
    laid out the same way and wait in ``<template>`` elements for pmdocs.js.
    """
    if entries is None:
        entries = collect_entries(ctx.project.documents)
    scheduled = [e for e in entries if e.scheduled]
    if not scheduled:
        return render(
            "roadmap_note.html", text=CATALOG("nothing_dated", ctx.language), today=ctx.today
        )
    window = ctx.project.settings.roadmap_window
    lanes = _lanes(ctx, entries)
    text = axis_text(ctx.language, ctx.today)
    views = [
        _view(ctx, entries, zoom, layout_timeline(lanes, ctx.today, text, window=zoom_window))
        for zoom, zoom_window in _zooms(window)
    ]
    themes = _filter_themes(ctx, scheduled)
    statuses = _legend_statuses(ctx, entries)
    return render(
        "roadmap.html",
        ctx=ctx,
        views=views,
        default_zoom=_default_zoom(window),
        marks={e.doc.path: _mark(ctx, e, themes.get(e.doc.path, "")) for e in scheduled},
        statuses=statuses,
        controls={"filters": _filters(ctx, scheduled, themes, statuses)},
        title=CATALOG("timeline", ctx.language),
        today=ctx.today,
        label=lambda key: CATALOG(key, ctx.language),
        n=number,
    )


def _zooms(window: tuple[int, int] | None) -> list[tuple[str, tuple[int, int] | None]]:
    """The zoom levels, narrowest first: a quarter, a year, the roadmap window (when it
    is neither of those nor every date) and every date."""
    zooms = list(ZOOMS)
    if window is not None and all(window != preset for _, preset in ZOOMS):
        zooms.insert(len(zooms) - 1, ("window", window))
    return zooms


def _default_zoom(window: tuple[int, int] | None) -> str:
    """The zoom level the page shows: the one of the roadmap window."""
    return next((zoom for zoom, preset in ZOOMS if preset == window), "window")


def _view(ctx: ViewContext, entries: Sequence[Entry], zoom: str, layout: Layout) -> _View:
    # The lane names kept in view take what their longest name needs, not the whole
    # column the chart leaves them: on a phone that is more room for the bars.
    rights = [lane.label.box.right for lane in layout.lanes]
    rights += [lane.more.box.right for lane in layout.lanes if lane.more]
    names_width = min(PLOT_LEFT, max(rights, default=0.0) + LANE_LABEL_LEFT)
    return _View(
        zoom=zoom,
        layout=layout,
        desc=_description(ctx, entries, layout),
        min_width=math.ceil(layout.width * MIN_SCALE),
        names_width=names_width,
        names_share=f"{100 * names_width / layout.width:.3f}".rstrip("0").rstrip("."),
    )


def _filter_themes(ctx: ViewContext, scheduled: Sequence[Entry]) -> dict[str, str]:
    """The theme each drawn entry is filtered by: a roadmap item's own, a marker's lane's.

    A marker on the shared row has no theme (""), as roadmap items without one.
    """
    drawn = [e for e in scheduled if e.doc.status != "dropped"]
    theme_of = {e.doc.id: e.theme for e in drawn if e.kind == "roadmap"}
    themes = {}
    for e in drawn:
        if e.kind == "roadmap":
            themes[e.doc.path] = e.theme
        else:
            themes[e.doc.path] = _marker_theme(ctx, e.doc, theme_of) or ""
    return themes


def _filters(
    ctx: ViewContext,
    scheduled: Sequence[Entry],
    themes: dict[str, str],
    statuses: Sequence[tuple[str, str]],
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The timeline's filters: (key, label, [(value, label)]) for theme, status and owner,
    each listing the values of what is drawn; a filter with no value is left out."""
    drawn = [e for e in scheduled if e.doc.status != "dropped"]
    present = {themes.get(e.doc.path, "") for e in drawn}
    theme_options = [(t, t) for t in sorted((t for t in present if t), key=lane_order)]
    if "" in present:
        theme_options.append(("", CATALOG("no_theme", ctx.language)))
    drawn_statuses = {e.doc.status for e in drawn}
    status_options = [(s, label) for s, label in statuses if s in drawn_statuses]
    owners = {_text(e.doc.get("owner")) for e in drawn} - {""}
    owner_options = [(o, o) for o in sorted(owners, key=lane_order)]
    filters = [
        ("theme", ctx.field_label("theme"), theme_options),
        ("status", ctx.field_label("status"), status_options),
        ("owner", ctx.field_label("owner"), owner_options),
    ]
    return [f for f in filters if f[2]]


# The other sections -------------------------------------------------------------


def _beyond_the_axis(ctx: ViewContext, entries: Sequence[Entry]) -> tuple[list[Entry], Axis | None]:
    """The dated entries the timeline leaves off, wholly outside its axis, and the axis."""
    scheduled = [e for e in entries if e.scheduled and e.start is not None and e.end is not None]
    if not scheduled:
        return [], None
    axis = timeline_axis(
        _lanes(ctx, entries), ctx.today, window=ctx.project.settings.roadmap_window
    )
    outside = [e for e in scheduled if e.start and e.end and not axis.shows(e.start, e.end)]
    return [e for e in outside if e.doc.status != "dropped"], axis


def _last_month(axis: Axis) -> datetime.date:
    return axis.end - datetime.timedelta(days=1)


def _unscheduled(ctx: ViewContext, entries: Sequence[Entry], intro: str) -> str:
    return render(
        "roadmap_unscheduled.html",
        ctx=ctx,
        entries=entries,
        intro=intro,
        dates=lambda entry: _dates_text(ctx, entry),
        kind=lambda entry: _kind_label(ctx, entry),
        horizon=lambda entry: _horizon_label(ctx, entry.horizon),
    )


def _horizon_label(ctx: ViewContext, horizon: str) -> str:
    """A horizon as the roadmap type labels it; empty for none."""
    doc_type = ctx.project.types.get("roadmap")
    if not horizon or doc_type is None:
        return horizon
    return str(doc_type.value_label("horizon", horizon, ctx.language))


def _board(ctx: ViewContext, entries: Sequence[Entry]) -> str:
    """Now / Next / Later: what is still to do, most important first.

    Dropped items are on no column, done ones not in Now. Each column runs by
    priority (the highest of the requirements an item delivers, P0 first;
    items delivering none after), then start date, then id.
    """
    items = [e for e in entries if e.kind == "roadmap" and e.doc.status != "dropped"]
    columns = []
    for horizon in HORIZONS:
        column = [e for e in items if e.horizon == horizon]
        if horizon == "now":
            column = [e for e in column if e.doc.status != "done"]
        column.sort(key=lambda e: _board_order(ctx, e))
        columns.append((horizon, _horizon_label(ctx, horizon), column))
    return render(
        "roadmap_board.html",
        ctx=ctx,
        columns=columns,
        empty=CATALOG("empty_column", ctx.language),
        dates=lambda entry: _dates_text(ctx, entry),
    )


def _board_order(ctx: ViewContext, entry: Entry) -> tuple[Any, ...]:
    project = ctx.project
    prd_type = project.types.get("prd")
    schema = prd_type.fields.get("priority") if prd_type else None
    priorities = (allowed_values(schema) or []) if schema is not None else []
    delivered = project.graph.links_from(entry.doc.id).get("delivers", [])
    ranks = [
        priorities.index(priority)
        for target in delivered
        if (requirement := project.graph.get(target)) is not None
        and (priority := requirement.get("priority")) in priorities
    ]
    rank = min(ranks, default=len(priorities))
    start = entry.start or datetime.date.max
    return (rank, start, natural_key(entry.doc.id), entry.doc.path)


def _kind_label(ctx: ViewContext, entry: Entry) -> str:
    doc_type = ctx.project.types.get(entry.kind)
    return ctx.type_label(doc_type) if doc_type else entry.kind


def _chronological(entry: Entry) -> tuple[Any, ...]:
    """Dated entries by first date, then the undated; ties in natural id order."""
    first = entry.start or entry.end
    return (first is None, first or datetime.date.min, natural_key(entry.doc.id), entry.doc.path)


def _table(ctx: ViewContext, entries: Sequence[Entry]) -> str:
    language = ctx.language
    headers = [
        CATALOG("dates", language),
        CATALOG("kind", language),
        CATALOG("item", language),
        ctx.field_label("status"),
        ctx.field_label("theme"),
        ctx.field_label("horizon"),
    ]
    return render(
        "roadmap_table.html",
        ctx=ctx,
        headers=headers,
        entries=sorted(entries, key=_chronological),
        empty=CATALOG("no_items", language),
        dates=lambda entry: _dates_text(ctx, entry),
        kind=lambda entry: _kind_label(ctx, entry),
        horizon=lambda entry: _horizon_label(ctx, entry.horizon),
    )
