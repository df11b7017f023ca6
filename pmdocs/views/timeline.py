"""Layout of the roadmap timeline: pure geometry, no rendering.

Every position is in SVG viewBox units. The chart is a fixed base width that
the stylesheet scales to the page; a long time range widens it instead of
squeezing the months, and many items make it taller, never denser. Text is
measured approximately (wide East Asian characters count double) and every
label gets a box; items whose bar-plus-label extents would touch go on
separate rows of their lane, so no two label boxes ever overlap.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from pmdocs.core.natural import natural_key

__all__ = [
    "Axis",
    "AxisText",
    "Box",
    "Label",
    "LaneInput",
    "LaneLayout",
    "Layout",
    "MonthTick",
    "PlacedBar",
    "PlacedMarker",
    "Point",
    "QuarterBand",
    "Span",
    "TodayLine",
    "fit_axis",
    "lane_order",
    "lane_rows",
    "layout_timeline",
    "month_ticks",
    "pack_rows",
    "place_label",
    "quarter_bands",
    "text_width",
    "timeline_axis",
    "truncate",
    "window_axis",
]

FONT_SIZE = 12.0
BASE_WIDTH = 800.0
LANE_LABEL_LEFT = 8.0
PLOT_LEFT = 164.0
RIGHT_MARGIN = 12.0
HEADER_HEIGHT = 64.0
QUARTER_ROW = 12.0  # vertical middles of the header's three text rows
MONTH_ROW = 31.0
TODAY_ROW = 50.0
FOOTER_HEIGHT = 24.0
FOOTER_AFTER = 360.0  # plots taller than this repeat the month labels below
ROW_HEIGHT = 24.0
BAR_HEIGHT = 16.0
LABEL_HEIGHT = 14.0
LANE_PADDING = 5.0
LABEL_GAP = 5.0
INSIDE_PADDING = 5.0
ROW_GAP = 8.0
MIN_BAR_WIDTH = 6.0
MARKER_RADIUS = 6.0
MIN_MONTH_WIDTH = 36.0  # room for the widest month label, "12月"
MIN_MONTHS = 6
# The chart's height budget: with many items a lane keeps this many rows at
# most, so that every theme stays in view; what does not fit is counted on the
# lane and listed in the page's table. At most LANE_ROWS rows a lane (one
# screen), and CHART_ROWS in all, shared by the lanes (at least MIN_LANE_ROWS each).
LANE_ROWS = 16
CHART_ROWS = 64
MIN_LANE_ROWS = 2
MARGIN_DAYS = 14
# Quarters before and after today's quarter that the axis may reach: a range of
# centuries would draw every month of it.
WINDOW_QUARTERS = (-40, 40)
ELLIPSIS = "…"

_AVERAGE_MONTH_DAYS = 30.4375
_NARROW = frozenset(" .,:;'|!()[]{}ijlIft-/\\\"`")
_WIDE_LATIN = frozenset("mwMW@%&")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Approximate rendered width of ``text``: a little wide for Latin, CJK as a full em.

    Overestimating is the safe side: a label measured too wide only costs space.
    """
    ems = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += 1.0
        elif char in _NARROW:
            ems += 0.34
        elif char in _WIDE_LATIN:
            ems += 0.92
        elif char.isupper() or char.isdigit():
            ems += 0.68
        else:
            ems += 0.58
    return ems * size


def truncate(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    """``text`` shortened with an ellipsis to fit ``max_width``; empty when nothing fits."""
    if text_width(text, size) <= max_width:
        return text
    room = max_width - text_width(ELLIPSIS, size)
    kept = ""
    for char in text:
        if text_width(kept + char, size) > room:
            break
        kept += char
    kept = kept.rstrip()
    return kept + ELLIPSIS if kept else ""


class Box(NamedTuple):
    """An axis-aligned rectangle."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box) -> bool:
        """True when the two boxes share some area (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


class Label(NamedTuple):
    """A one-line text and the box it occupies; ``anchor`` is SVG's text-anchor."""

    text: str
    box: Box
    anchor: str = "start"
    size: float = FONT_SIZE

    @property
    def x(self) -> float:
        return self.box.x + self.box.width / 2 if self.anchor == "middle" else self.box.x

    @property
    def baseline(self) -> float:
        return self.box.y + self.box.height / 2 + self.size * 0.35


def _label(text: str, x: float, middle_y: float, size: float = FONT_SIZE) -> Label:
    box = Box(x, middle_y - LABEL_HEIGHT / 2, text_width(text, size), LABEL_HEIGHT)
    return Label(text, box, "start", size)


def _centred_label(text: str, centre: float, middle_y: float, lo: float, hi: float) -> Label:
    """A label centred on ``centre`` but kept inside ``lo``..``hi``."""
    width = text_width(text)
    x = min(max(centre - width / 2, lo), hi - width)
    box = Box(x, middle_y - LABEL_HEIGHT / 2, width, LABEL_HEIGHT)
    return Label(text, box, "middle")


# Time axis ------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _month_of(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    return _month_of(_month_index(day) + months)


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _shifted_day(day: datetime.date, days: int) -> datetime.date:
    """``day`` moved by ``days``, stopping at the ends of the calendar."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


# The months an axis may span. It ends on the 1st of the month after its last,
# which must be a date: December 9999 is left off.
_FIRST_MONTH = _month_index(datetime.date.min)
_LAST_MONTH = _month_index(datetime.date.max) - 1


class Axis(NamedTuple):
    """The time axis: ``start`` (a 1st of a month) to ``end`` (exclusive, a 1st of a month)."""

    start: datetime.date
    end: datetime.date
    left: float
    scale: float  # units per day

    def x(self, day: datetime.date) -> float:
        return self.left + (day - self.start).days * self.scale

    @property
    def right(self) -> float:
        return self.x(self.end)

    def shows(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether any day from ``first`` to ``last`` (inclusive) is on the axis."""
        return first < self.end and last >= self.start


def fit_axis(
    days: Iterable[datetime.date],
    today: datetime.date,
    *,
    left: float = PLOT_LEFT,
    min_width: float = BASE_WIDTH - PLOT_LEFT - RIGHT_MARGIN,
    window: tuple[int, int] = WINDOW_QUARTERS,
) -> Axis:
    """The axis that shows every day given and today, in whole months, with a margin.

    The range starts on the 1st of the month at least two weeks before the
    first day and ends on the 1st of the month at least two weeks after the
    last; it spans at least six months, and no further from today's quarter
    than ``window`` quarters either way (days beyond it are left off). Months
    are never narrower than their label needs: a long range gives a wider
    axis rather than crowded months.
    """
    known = [*days, today]
    quarter_start = _month_index(today) // 3 * 3
    lowest = max(quarter_start + 3 * window[0], _FIRST_MONTH)
    highest = min(quarter_start + 3 * (window[1] + 1), _LAST_MONTH + 1)  # exclusive
    first = _month_index(_shifted_day(min(known), -MARGIN_DAYS))
    last = _month_index(_shifted_day(max(known), MARGIN_DAYS)) + 1
    start, end = max(first, lowest), min(last, highest)
    grow_end = True
    while end - start < MIN_MONTHS and (end < highest or start > lowest):
        if (grow_end and end < highest) or start <= lowest:
            end += 1
        else:
            start -= 1
        grow_end = not grow_end
    start_day, end_day = _month_of(start), _month_of(max(end, start + 1))
    span = (end_day - start_day).days
    scale = max(min_width / span, MIN_MONTH_WIDTH / _AVERAGE_MONTH_DAYS)
    return Axis(start_day, end_day, left, scale)


class MonthTick(NamedTuple):
    """The start of a month on the axis, and the width of that month."""

    day: datetime.date
    x: float
    width: float

    @property
    def starts_quarter(self) -> bool:
        return self.day.month % 3 == 1


class QuarterBand(NamedTuple):
    """A calendar quarter, clipped to the axis; ``label`` is None when no text fits."""

    year: int
    quarter: int
    x: float
    width: float
    label: Label | None = None


class AxisText(NamedTuple):
    """The words of the axis in one language."""

    months: tuple[str, ...]
    quarter: Callable[[int, int], str]
    quarter_short: Callable[[int, int], str]
    today: str
    more: Callable[[int], str] = "+{} more".format  # items of a lane left off for room


def month_ticks(axis: Axis) -> list[MonthTick]:
    """One tick per month of the axis, in order."""
    ticks = []
    day = axis.start
    while day < axis.end:
        following = _add_months(day, 1)
        ticks.append(MonthTick(day, axis.x(day), axis.x(following) - axis.x(day)))
        day = following
    return ticks


def quarter_bands(axis: Axis) -> list[QuarterBand]:
    """The calendar quarters the axis touches, clipped to its range."""
    bands = []
    first = datetime.date(axis.start.year, (axis.start.month - 1) // 3 * 3 + 1, 1)
    day = first
    while day < axis.end:
        # Past the axis' end a quarter may start in the year 10000: no date.
        following = _month_of(min(_month_index(day) + 3, _month_index(axis.end)))
        x = axis.x(max(day, axis.start))
        right = axis.x(following)
        bands.append(QuarterBand(day.year, (day.month - 1) // 3 + 1, x, right - x))
        day = following
    return bands


# Lanes, rows and labels -------------------------------------------------------


class Span(NamedTuple):
    """A dated roadmap item: a bar from ``start`` to ``end`` (both inclusive)."""

    id: str
    label: str
    start: datetime.date
    end: datetime.date
    key: str = ""  # tells items with the same id apart (the document's path)


class Point(NamedTuple):
    """A dated event (milestone or release): a marker on one day."""

    id: str
    label: str
    day: datetime.date
    key: str = ""
    kind: str = "milestone"  # or "release": the marker's shape


class LaneInput(NamedTuple):
    """One lane to lay out: a theme's bars and the markers on them, or markers alone."""

    title: str
    kind: str  # "theme", or "events": the markers of no theme
    spans: tuple[Span, ...] = ()
    points: tuple[Point, ...] = ()


class PlacedBar(NamedTuple):
    span: Span
    box: Box
    label: Label
    row: int
    inside: bool


class PlacedMarker(NamedTuple):
    point: Point
    x: float
    y: float  # centre
    box: Box  # the symbol
    label: Label
    row: int


class LaneLayout(NamedTuple):
    title: str
    kind: str
    label: Label
    top: float
    height: float
    rows: int
    bars: tuple[PlacedBar, ...] = ()
    markers: tuple[PlacedMarker, ...] = ()
    more: Label | None = None  # "+N more": the items of the lane left off for room
    left_off: tuple[str, ...] = ()  # their keys

    @property
    def bottom(self) -> float:
        return self.top + self.height


class TodayLine(NamedTuple):
    day: datetime.date
    x: float
    top: float
    bottom: float
    label: Label


class Layout(NamedTuple):
    """The whole chart: size, axis, quarter bands, month ticks, lanes and today."""

    width: float
    height: float
    axis: Axis
    plot_top: float
    plot_bottom: float
    quarters: tuple[QuarterBand, ...]
    months: tuple[MonthTick, ...]
    month_labels: tuple[Label, ...]
    lanes: tuple[LaneLayout, ...]
    today: TodayLine

    @property
    def bars(self) -> list[PlacedBar]:
        return [bar for lane in self.lanes for bar in lane.bars]

    @property
    def markers(self) -> list[PlacedMarker]:
        return [marker for lane in self.lanes for marker in lane.markers]

    def labels(self) -> list[Label]:
        """Every text the chart draws, with its box."""
        texts = [band.label for band in self.quarters if band.label]
        texts += self.month_labels
        texts.append(self.today.label)
        for lane in self.lanes:
            texts.append(lane.label)
            texts += [lane.more] if lane.more else []
            texts += [bar.label for bar in lane.bars if bar.label.text]
            texts += [marker.label for marker in lane.markers if marker.label.text]
        return texts


def lane_order(name: str) -> tuple[object, ...]:
    """Sort key of lane names: case-insensitive natural order, then the exact text."""
    return (natural_key(name.casefold()), name)


def pack_rows(extents: Sequence[tuple[float, float]], gap: float = ROW_GAP) -> list[int]:
    """The row of each horizontal extent so that extents on one row keep ``gap`` apart.

    Extents are taken by their left edge (ties in input order) and each goes on
    the first row where it fits, which uses as few rows as the deepest overlap.
    """
    order = sorted(range(len(extents)), key=lambda index: (extents[index][0], index))
    row_ends: list[float] = []
    rows = [0] * len(extents)
    for index in order:
        left, right = extents[index]
        for row, end in enumerate(row_ends):
            if end + gap <= left:
                row_ends[row] = right
                rows[index] = row
                break
        else:
            rows[index] = len(row_ends)
            row_ends.append(right)
    return rows


def place_label(text: str, mark: Box, lo: float, hi: float, inside_allowed: bool) -> Label:
    """Where a mark's label goes: inside the bar when it fits, else beside it.

    Beside means right of the mark, or left when the right side lacks room;
    when neither side has room the text is shortened to the wider side.
    """
    middle = mark.y + mark.height / 2
    width = text_width(text)
    if inside_allowed and width + 2 * INSIDE_PADDING <= mark.width:
        return _label(text, mark.x + INSIDE_PADDING, middle)
    right_room = hi - (mark.right + LABEL_GAP)
    left_room = (mark.x - LABEL_GAP) - lo
    if width <= right_room:
        return _label(text, mark.right + LABEL_GAP, middle)
    if width <= left_room:
        return _label(text, mark.x - LABEL_GAP - width, middle)
    if right_room >= left_room:
        return _label(truncate(text, right_room), mark.right + LABEL_GAP, middle)
    short = truncate(text, left_room)
    return _label(short, mark.x - LABEL_GAP - text_width(short), middle)


def _extent(mark: Box, label: Label) -> tuple[float, float]:
    if not label.text:
        return mark.x, mark.right
    return min(mark.x, label.box.x), max(mark.right, label.box.right)


def _shifted(label: Label, dy: float) -> Label:
    box = label.box
    return Label(
        label.text, Box(box.x, box.y + dy, box.width, box.height), label.anchor, label.size
    )


def _row_middle(top: float, row: int) -> float:
    return top + LANE_PADDING + row * ROW_HEIGHT + ROW_HEIGHT / 2


def _bar_mark(span: Span, axis: Axis) -> Box:
    """The bar of ``span`` cut to the axis, at height 0."""
    x = axis.x(max(span.start, axis.start))
    right = axis.x(min(_shifted_day(span.end, 1), axis.end))
    return Box(x, 0.0, max(right - x, MIN_BAR_WIDTH), BAR_HEIGHT)


def _marker_mark(point: Point, axis: Axis) -> Box:
    """The symbol of ``point``, centred on its day at height 0."""
    centre = axis.x(point.day) + axis.scale / 2  # the middle of the day
    return Box(centre - MARKER_RADIUS, -MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS)


def lane_rows(lanes: int) -> int:
    """The most rows a lane may take when the chart has ``lanes`` lanes."""
    return min(LANE_ROWS, max(MIN_LANE_ROWS, CHART_ROWS // max(lanes, 1)))


def _layout_lane(
    lane: LaneInput, axis: Axis, top: float, max_rows: int, more: Callable[[int], str]
) -> LaneLayout:
    """Bars and markers of one lane, packed together into as few rows as they need.

    Items that would need a row past ``max_rows`` are left off and counted.
    """
    spans = sorted(
        (s for s in lane.spans if axis.shows(s.start, s.end)),
        key=lambda s: (s.start, s.end, natural_key(s.id)),
    )
    points = sorted(
        (p for p in lane.points if axis.shows(p.day, p.day)),
        key=lambda p: (p.day, natural_key(p.id)),
    )
    bar_marks = [_bar_mark(span, axis) for span in spans]
    point_marks = [_marker_mark(point, axis) for point in points]
    bar_labels = [
        place_label(s.label, m, axis.left, axis.right, True)
        for s, m in zip(spans, bar_marks, strict=True)
    ]
    point_labels = [
        place_label(p.label, m, axis.left, axis.right, False)
        for p, m in zip(points, point_marks, strict=True)
    ]
    marks, labels = bar_marks + point_marks, bar_labels + point_labels
    rows = pack_rows([_extent(m, lab) for m, lab in zip(marks, labels, strict=True)])
    bars: list[PlacedBar] = []
    left_off: list[str] = []
    for span, mark, label, row in zip(
        spans, bar_marks, bar_labels, rows[: len(spans)], strict=True
    ):
        if row >= max_rows:
            left_off.append(span.key)
            continue
        dy = _row_middle(top, row) - BAR_HEIGHT / 2
        box = Box(mark.x, dy, mark.width, mark.height)
        inside = label.box.x >= mark.x and label.box.right <= mark.right and bool(label.text)
        bars.append(PlacedBar(span, box, _shifted(label, dy), row, inside))
    markers = []
    for point, mark, label, row in zip(
        points, point_marks, point_labels, rows[len(spans) :], strict=True
    ):
        if row >= max_rows:
            left_off.append(point.key)
            continue
        middle = _row_middle(top, row)
        box = Box(mark.x, middle - MARKER_RADIUS, mark.width, mark.height)
        x = mark.x + MARKER_RADIUS
        markers.append(PlacedMarker(point, x, middle, box, _shifted(label, middle), row))
    count = min(max(rows, default=0) + 1, max_rows)
    if left_off:
        count = max(count, 2)  # room for the count under the lane's name
    height = count * ROW_HEIGHT + 2 * LANE_PADDING
    room = PLOT_LEFT - LANE_LABEL_LEFT - LABEL_GAP
    title = truncate(lane.title, room, FONT_SIZE * 1.1) or ELLIPSIS
    label = _label(title, LANE_LABEL_LEFT, _row_middle(top, 0), FONT_SIZE * 1.1)
    more_label = None
    if left_off:
        more_label = _label(
            truncate(more(len(left_off)), room), LANE_LABEL_LEFT, _row_middle(top, 1)
        )
    return LaneLayout(
        lane.title,
        lane.kind,
        label,
        top,
        height,
        count,
        tuple(bars),
        tuple(markers),
        more_label,
        tuple(left_off),
    )


def _with_label(band: QuarterBand, text: AxisText) -> QuarterBand:
    """The band with its full label, else its short one, else none: whichever fits."""
    full = text.quarter(band.year, band.quarter)
    short = text.quarter_short(band.year, band.quarter)
    for candidate in (full, short):
        if text_width(candidate) + 8 <= band.width:
            centre = band.x + band.width / 2
            lo, hi = band.x + 4, band.x + band.width - 4
            label = _centred_label(candidate, centre, QUARTER_ROW, lo, hi)
            return QuarterBand(band.year, band.quarter, band.x, band.width, label)
    return band


def _axis_labels(
    axis: Axis, text: AxisText, plot_bottom: float
) -> tuple[list[QuarterBand], list[MonthTick], list[Label]]:
    quarters = [_with_label(band, text) for band in quarter_bands(axis)]
    months = month_ticks(axis)
    rows = [MONTH_ROW]
    if plot_bottom - HEADER_HEIGHT > FOOTER_AFTER:
        rows.append(plot_bottom + FOOTER_HEIGHT / 2)
    month_labels = []
    for tick in months:
        name = text.months[tick.day.month - 1]
        if text_width(name) + 6 <= tick.width:
            month_labels += [_label(name, tick.x + 3, row) for row in rows]
    return quarters, months, month_labels


def window_axis(
    today: datetime.date, window: tuple[int, int], base_width: float = BASE_WIDTH
) -> Axis:
    """The axis of a fixed window: ``window[0]`` quarters before today's to ``window[1]`` after.

    ``(-1, 4)`` is the quarter before today's, today's and the four after it.
    """
    quarter_start = _month_index(today) // 3 * 3
    start = max(quarter_start + 3 * window[0], _FIRST_MONTH)
    end = min(quarter_start + 3 * (window[1] + 1), _LAST_MONTH + 1)
    start_day, end_day = _month_of(start), _month_of(end)
    min_width = base_width - PLOT_LEFT - RIGHT_MARGIN
    scale = max(min_width / (end_day - start_day).days, MIN_MONTH_WIDTH / _AVERAGE_MONTH_DAYS)
    return Axis(start_day, end_day, PLOT_LEFT, scale)


def timeline_axis(
    lanes: Sequence[LaneInput],
    today: datetime.date,
    base_width: float = BASE_WIDTH,
    window: tuple[int, int] | None = None,
) -> Axis:
    """The axis `layout_timeline` draws: the window around today, or fitted to every date."""
    if window is not None:
        return window_axis(today, window, base_width)
    days: list[datetime.date] = []
    for lane in lanes:
        for span in lane.spans:
            days += [span.start, _shifted_day(span.end, 1)]
        days += [point.day for point in lane.points]
    return fit_axis(days, today, min_width=base_width - PLOT_LEFT - RIGHT_MARGIN)


def layout_timeline(
    lanes: Sequence[LaneInput],
    today: datetime.date,
    text: AxisText,
    base_width: float = BASE_WIDTH,
    window: tuple[int, int] | None = None,
) -> Layout:
    """Lay out the whole chart: the axis of `timeline_axis`, lanes top to bottom.

    Lanes keep the order given (the caller puts marker lanes first and themes
    sorted by `lane_order`); within a lane, items that would touch go on
    separate rows. Items beyond the axis are not drawn, nor are lanes of only those.
    """
    axis = timeline_axis(lanes, today, base_width, window)
    top = HEADER_HEIGHT
    placed = []
    shown = [
        lane
        for lane in lanes
        if any(axis.shows(s.start, s.end) for s in lane.spans)
        or any(axis.shows(p.day, p.day) for p in lane.points)
    ]  # a lane whose every item is beyond the axis is not drawn
    max_rows = lane_rows(len(shown))
    for lane in shown:
        lane_layout = _layout_lane(lane, axis, top, max_rows, text.more)
        placed.append(lane_layout)
        top = lane_layout.bottom
    plot_bottom = top
    quarters, months, month_labels = _axis_labels(axis, text, plot_bottom)
    footer = FOOTER_HEIGHT if plot_bottom - HEADER_HEIGHT > FOOTER_AFTER else 0.0
    # Today is on the axis unless it is in the calendar's first or last month.
    today_x = min(max(axis.x(today) + axis.scale / 2, axis.left), axis.right)
    today_label = _centred_label(text.today, today_x, TODAY_ROW, axis.left, axis.right)
    today_top = TODAY_ROW + LABEL_HEIGHT / 2
    today_line = TodayLine(today, today_x, today_top, plot_bottom, today_label)
    return Layout(
        width=axis.right + RIGHT_MARGIN,
        height=plot_bottom + footer + 4.0,
        axis=axis,
        plot_top=HEADER_HEIGHT,
        plot_bottom=plot_bottom,
        quarters=tuple(quarters),
        months=tuple(months),
        month_labels=tuple(month_labels),
        lanes=tuple(placed),
        today=today_line,
    )
