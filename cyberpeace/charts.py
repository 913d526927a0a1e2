"""Where the bars of a timeline and the nodes of a network go: geometry only, no models.

The templates (`includes/timeline.html`, `includes/network.html`) draw what
these functions place, as inline SVG. Everything is in SVG user units, which
are CSS pixels: the drawing keeps its natural size and scrolls sideways on a
narrow screen, so its labels never shrink below their 13px.

Dates are drawn at their precision and no further: a programme dated "2017"
covers the whole year, an end nobody knows fades out instead of stopping.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cyberpeace.partialdate import PartialDate, format_range

PROGRAMME, EVENT = "programme", "event"

FONT_SIZE = 13
# A generous width per character of a 13px sans-serif label, so that what we
# reserve for a label is never less than what the browser draws.
CHAR_WIDTH = 7.5
LABEL_CHARS = 44
MARGIN = 24
LABEL_GAP = 6
LANE_GAP = 10
LANE_HEIGHT = 26
BAR_HEIGHT = 12
BAND_HEADING = 24
LEGEND_HEIGHT = 4
AXIS_HEIGHT = 24
MIN_BAR = 8
OPEN_TAIL = 48
PLOT_WIDTH = 880
TICK_SPACING = 44


@dataclass(frozen=True)
class TimelineItem:
    """Something to draw on a timeline: a programme (a bar) or an event (a short bar)."""

    label: str
    url: str
    start: PartialDate | None
    end: PartialDate | None = None
    kind: str = PROGRAMME
    note: str = ""


@dataclass(frozen=True)
class Node:
    """An organisation or programme in a network: its name, its page and a word on it."""

    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class NetworkLink:
    """A partner of the centre and the programmes (Nodes, noted with the partner's role)
    they share."""

    partner: Node
    programmes: tuple[Node, ...]


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def is_open(item) -> bool:
    """A programme with a start and no end: it may run on, or have ended unrecorded."""
    return item.kind == PROGRAMME and item.start is not None and item.end is None


def when(item) -> str:
    """The dates of an item in words, at their precision, saying when the end is unknown."""
    if item.start is None:
        if item.end is not None:
            return _("date not known, until %(end)s") % {"end": item.end.display()}
        return _("date not known")
    if is_open(item):
        return _("from %(start)s, end not known") % {"start": item.start.display()}
    return format_range(item.start, item.end)


def sort_key(item) -> tuple:
    first = item.start.first_day if item.start else datetime.date.max
    last = (item.end or item.start).last_day if item.start else datetime.date.max
    return (first, last, item.label.casefold())


@dataclass
class Bar:
    item: object
    lane: int
    x: float
    width: float
    tail: float
    label: str
    label_x: float
    anchor: str
    y: float = 0
    when: str = ""

    @property
    def left(self) -> float:
        """The leftmost point of the bar with its label: what must not overlap another."""
        if self.anchor == "end":
            return self.label_x - text_width(self.label)
        return self.x

    @property
    def right(self) -> float:
        if self.anchor == "end":
            return self.x + self.width + self.tail
        return self.label_x + text_width(self.label)

    @property
    def open_x(self) -> float:
        """Where the fading tail of an open end begins."""
        return round(self.x + self.width, 1)

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35

    @property
    def is_open(self) -> bool:
        return self.tail > 0

    @property
    def kind(self) -> str:
        return self.item.kind


@dataclass
class Band:
    kind: str
    heading: str
    y: float
    bars: list[Bar]
    lanes: int


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    width: float
    height: float
    plot_top: float
    bands: list[Band]
    ticks: list[Tick]
    dated: list
    undated: list
    today_x: float | None = None
    first_year: int = 0
    last_year: int = 0
    rows: list = field(default_factory=list)

    @property
    def bars(self) -> list[Bar]:
        return [bar for band in self.bands for bar in band.bars]

    @property
    def kinds(self) -> set[str]:
        return {band.kind for band in self.bands}

    @property
    def has_open(self) -> bool:
        return any(bar.is_open for bar in self.bars)


class Axis:
    """Maps days to x, from 1 January of ``first_year`` to 31 December of ``last_year``."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.first_year, self.last_year = first_year, last_year
        years = last_year - first_year + 1
        self.per_year = min(120.0, max(PLOT_WIDTH / years, 14.0))
        self.origin = datetime.date(first_year, 1, 1)
        self.left = MARGIN
        self.right = self.x(datetime.date(last_year, 12, 31)) + self.per_year / 365.25

    def x(self, day: datetime.date) -> float:
        return self.left + (day - self.origin).days * self.per_year / 365.25

    def ticks(self) -> list[Tick]:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if s * self.per_year >= TICK_SPACING)
        first = self.first_year + (-self.first_year) % step
        return [
            Tick(round(self.x(datetime.date(year, 1, 1)), 1), str(year))
            for year in range(first, self.last_year + 1, step)
        ]


def place_bar(item, axis: Axis, today: datetime.date) -> Bar:
    """The bar of one dated item, its open tail, and its label beside it.

    The label goes after the bar, or before it when that would leave the axis.
    """
    x = axis.x(item.start.first_day)
    end = (item.end or item.start).last_day
    width = max(axis.x(end) + axis.per_year / 365.25 - x, MIN_BAR)
    tail = 0.0
    if is_open(item):
        reach = axis.x(max(today, item.start.last_day))
        tail = max(reach - (x + width), OPEN_TAIL)
    label = shorten(item.label)
    bar_end = x + width + tail
    if bar_end + LABEL_GAP + text_width(label) > axis.right and (
        x - LABEL_GAP - text_width(label) >= MARGIN
    ):
        label_x, anchor = x - LABEL_GAP, "end"
    else:
        label_x, anchor = bar_end + LABEL_GAP, "start"
    x, width, tail, label_x = (round(value, 1) for value in (x, width, tail, label_x))
    return Bar(item, 0, x, width, tail, label, label_x, anchor, when=when(item))


def pack(bars: list[Bar]) -> int:
    """Give each bar the first lane where it (with its label) overlaps nothing; return the
    number of lanes. First fit by left edge uses as few lanes as there must be."""
    lane_ends: list[float] = []
    for bar in sorted(bars, key=lambda bar: (bar.left, sort_key(bar.item))):
        free = [n for n, lane_end in enumerate(lane_ends) if lane_end + LANE_GAP <= bar.left]
        if free:
            lane = free[0]
        else:
            lane = len(lane_ends)
            lane_ends.append(0.0)
        bar.lane = lane
        lane_ends[lane] = bar.right
    return len(lane_ends)


BAND_HEADINGS = {PROGRAMME: gettext_lazy("Programmes"), EVENT: gettext_lazy("Events")}


def layout_timeline(items, today: datetime.date | None = None) -> Timeline:
    """Place ``items`` (TimelineItems, or anything with their attributes) on a time axis.

    Programmes come in one band and events in another, each packed into as few
    lanes as their bars and labels allow. Items with no start are not drawn:
    they come back in ``undated``, for the page to list as "date not known".
    """
    today = today or timezone.localdate()
    dated = sorted((item for item in items if item.start is not None), key=sort_key)
    undated = sorted(
        (item for item in items if item.start is None), key=lambda i: i.label.casefold()
    )
    rows = [(item, when(item)) for item in dated + undated]
    if not dated:
        return Timeline(0, 0, 0, [], [], dated, undated, rows=rows)

    first_year = min(item.start.year for item in dated)
    last_year = max((item.end or item.start).year for item in dated)
    if any(is_open(item) for item in dated):
        last_year = max(last_year, today.year)
    axis = Axis(first_year, last_year)

    y = LEGEND_HEIGHT + AXIS_HEIGHT
    plot_top = y
    bands, right = [], axis.right
    for kind in (PROGRAMME, EVENT):
        bars = [place_bar(item, axis, today) for item in dated if item.kind == kind]
        if not bars:
            continue
        lanes = pack(bars)
        top = y + BAND_HEADING
        for bar in bars:
            bar.y = top + bar.lane * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2
        bars.sort(key=lambda bar: sort_key(bar.item))
        bands.append(Band(kind, str(BAND_HEADINGS[kind]), y, bars, lanes))
        right = max([right, *(bar.right for bar in bars)])
        y = top + lanes * LANE_HEIGHT

    today_x = round(axis.x(today), 1) if first_year <= today.year <= last_year else None
    return Timeline(
        width=math.ceil(right + MARGIN),
        height=math.ceil(y + MARGIN / 2),
        plot_top=plot_top,
        bands=bands,
        ticks=axis.ticks(),
        dated=dated,
        undated=undated,
        today_x=today_x,
        first_year=first_year,
        last_year=last_year,
        rows=rows,
    )


@dataclass
class PlacedNode:
    link: NetworkLink
    x: float
    y: float
    label: str
    via: str
    label_x: float
    label_y: float
    anchor: str
    edge_width: float

    @property
    def via_y(self) -> float:
        return self.label_y + LINE_HEIGHT


@dataclass
class Network:
    width: float
    height: float
    cx: float
    cy: float
    centre: Node
    centre_label: str
    centre_width: float
    nodes: list[PlacedNode]
    links: list[NetworkLink]
    drawn: int
    total: int

    @property
    def centre_x(self) -> float:
        return round(self.cx - self.centre_width / 2, 1)

    @property
    def centre_y(self) -> float:
        return round(self.cy - 14, 1)

    @property
    def centre_text_y(self) -> float:
        return round(self.cy + FONT_SIZE * 0.35, 1)


NETWORK_LABEL_CHARS = 28
NETWORK_MAX_NODES = 24
NODE_LABEL_GAP = 12
NODE_SPACING = 36
LINE_HEIGHT = 15


def order_links(links) -> list[NetworkLink]:
    """The partners sharing most programmes first, then by name."""
    return sorted(links, key=lambda link: (-len(link.programmes), link.partner.label.casefold()))


def layout_network(centre: Node, links, limit: int = NETWORK_MAX_NODES) -> Network:
    """The centre in the middle, its ``limit`` closest partners on a circle around it.

    Labels sit outside the circle, on the side of their node, so they run away
    from the edges; the partners beyond ``limit`` are only listed.
    """
    links = order_links(links)
    drawn = links[:limit]
    count = len(drawn)
    # Half the partners on the right of the circle, half on the left, spaced
    # evenly from top to bottom: each label (two lines) then has its own
    # height, and runs outwards, away from the edges and the other side.
    right = math.ceil(count / 2)
    radius = max(150.0, NODE_SPACING * right / 2)
    label_room = max(
        [
            text_width(shorten(text, NETWORK_LABEL_CHARS))
            for link in drawn
            for text in (link.partner.label, *(p.label for p in link.programmes[:1]))
        ]
        or [0]
    )
    cx = MARGIN + label_room + NODE_LABEL_GAP + radius
    cy = MARGIN + LINE_HEIGHT * 2 + radius
    nodes = []
    for index, link in enumerate(drawn):
        side, place = (1, index) if index < right else (-1, count - 1 - index)
        rows = right if side == 1 else count - right
        y = cy - radius + (place + 0.5) * 2 * radius / rows
        x = cx + side * math.sqrt(max(radius**2 - (y - cy) ** 2, 0.0))
        if side == 1:
            anchor, label_x = "start", x + NODE_LABEL_GAP
        else:
            anchor, label_x = "end", x - NODE_LABEL_GAP
        label_y = y - 1
        if len(link.programmes) == 1:
            via = shorten(link.programmes[0].label, NETWORK_LABEL_CHARS)
        else:
            via = _("%(count)d programmes") % {"count": len(link.programmes)}
        nodes.append(
            PlacedNode(
                link=link,
                x=round(x, 1),
                y=round(y, 1),
                label=shorten(link.partner.label, NETWORK_LABEL_CHARS),
                via=via,
                label_x=round(label_x, 1),
                label_y=round(label_y, 1),
                anchor=anchor,
                edge_width=1.5 + min(len(link.programmes), 4),
            )
        )
    centre_label = shorten(centre.label, 36)
    return Network(
        width=math.ceil(2 * cx),
        height=math.ceil(2 * cy),
        cx=round(cx, 1),
        cy=round(cy, 1),
        centre=centre,
        centre_label=centre_label,
        centre_width=text_width(centre_label) + 20,
        nodes=nodes,
        links=links,
        drawn=count,
        total=len(links),
    )
