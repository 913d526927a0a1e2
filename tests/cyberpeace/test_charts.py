"""Where the bars and nodes go (cyberpeace.charts), and what the chart tags draw."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.template import Context, Template

from cyberpeace.charts import (
    EVENT,
    LANE_GAP,
    PROGRAMME,
    NetworkLink,
    Node,
    TimelineItem,
    layout_network,
    layout_timeline,
)
from cyberpeace.partialdate import PartialDate

TODAY = datetime.date(2026, 6, 15)


def item(label, start=None, end=None, kind=PROGRAMME, note=""):
    return TimelineItem(
        label=label,
        url=f"/{kind}s/{label.lower().replace(' ', '-')}/",
        start=PartialDate.parse(start) if start else None,
        end=PartialDate.parse(end) if end else None,
        kind=kind,
        note=note,
    )


def render(source: str, **context) -> str:
    return Template("{% load charts %}" + source).render(Context(context))


def bar_of(chart, label):
    return next(bar for bar in chart.bars if bar.item.label == label)


def test_it_orders_items_by_start_then_end():
    chart = layout_timeline(
        [
            item("Later", "2019"),
            item("Long", "2015", "2020"),
            item("Short", "2015", "2015"),
            item("March", "2015-03"),
        ],
        today=TODAY,
    )
    assert [i.label for i in chart.dated] == ["Short", "Long", "March", "Later"]


def test_a_programme_dated_by_its_year_spans_the_whole_year():
    chart = layout_timeline(
        [
            item("Year", "2017", "2017"),
            item("Day", "2017-01-01", "2017-01-01"),
            item("Next", "2018", "2018"),
        ],
        today=TODAY,
    )
    year, day = bar_of(chart, "Year"), bar_of(chart, "Day")
    assert year.x == day.x
    next_year = next(tick for tick in chart.ticks if tick.label == "2018")
    assert year.x + year.width == pytest.approx(next_year.x, abs=0.2)


def test_a_month_spans_its_month_and_starts_where_it_begins():
    chart = layout_timeline(
        [item("May", "2017-05", "2017-05"), item("All 2017", "2017", "2017")], today=TODAY
    )
    may, year = bar_of(chart, "May"), bar_of(chart, "All 2017")
    assert may.x == pytest.approx(year.x + year.width * 120 / 365, abs=0.5)
    assert may.width == pytest.approx(year.width * 31 / 365, abs=0.5)


def test_an_unknown_end_fades_out_until_today_and_says_so():
    chart = layout_timeline([item("Open", "2019")], today=TODAY)
    bar = bar_of(chart, "Open")
    assert bar.is_open
    assert bar.x + bar.width + bar.tail == pytest.approx(chart.today_x, abs=0.2)
    assert bar.when == "from 2019, end not known"
    assert chart.last_year == 2026


def test_an_event_without_an_end_is_not_open_ended():
    chart = layout_timeline([item("Talk", "2018-01-24", kind=EVENT)], today=TODAY)
    assert not bar_of(chart, "Talk").is_open
    assert chart.last_year == 2018


def test_undated_items_are_kept_apart_and_not_drawn():
    chart = layout_timeline(
        [item("Dated", "2018", kind=EVENT), item("Undated", kind=EVENT)], today=TODAY
    )
    assert [i.label for i in chart.undated] == ["Undated"]
    assert [bar.item.label for bar in chart.bars] == ["Dated"]


def test_bars_and_their_labels_never_overlap_in_a_lane():
    items = [item(f"Programme number {n}", f"{2000 + n % 7}", f"{2003 + n % 9}") for n in range(40)]
    items += [item(f"Event {n}", f"201{n % 10}-0{1 + n % 9}", kind=EVENT) for n in range(40)]
    chart = layout_timeline(items, today=TODAY)
    for band in chart.bands:
        lanes: dict[int, list] = {}
        for bar in band.bars:
            lanes.setdefault(bar.lane, []).append(bar)
        assert len(lanes) == band.lanes > 1
        for bars in lanes.values():
            bars.sort(key=lambda bar: bar.left)
            for before, after in itertools.pairwise(bars):
                assert before.right + LANE_GAP <= after.left
    assert all(bar.right <= chart.width for bar in chart.bars)


def test_lanes_go_down_the_page_programmes_above_events():
    chart = layout_timeline(
        [item("P1", "2010", "2020"), item("P2", "2011", "2012"), item("E", "2015", kind=EVENT)],
        today=TODAY,
    )
    programmes, events = chart.bands
    assert (programmes.kind, events.kind) == (PROGRAMME, EVENT)
    assert programmes.lanes == 2
    assert max(bar.y for bar in programmes.bars) < min(bar.y for bar in events.bars)
    assert chart.height > max(bar.y for bar in chart.bars)


def test_year_ticks_thin_out_over_a_long_span():
    short = layout_timeline([item("Short", "2015", "2018")], today=TODAY)
    assert [tick.label for tick in short.ticks] == ["2015", "2016", "2017", "2018"]
    long = layout_timeline([item("Long", "1900", "2020")], today=TODAY)
    years = [int(tick.label) for tick in long.ticks]
    assert len(years) < 30
    assert all(year % 5 == 0 for year in years)


def test_the_timeline_svg_names_itself_and_links_each_bar():
    items = [item("Phase one", "2015", "2017"), item("Launch", "2016-03-08", kind=EVENT)]
    page = render('{% timeline items title="Our work" id="ours" %}', items=items)
    # The drawing is for the eye; screen readers get its figcaption and its table
    # (axe forbids links inside role="img").
    assert '<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true"' in page
    assert 'aria-labelledby="ours-caption"' in page
    assert '<title id="ours-title">Our work</title>' in page
    assert "<desc" in page
    assert "from 2015 to 2017" in page
    assert '<a href="/programmes/phase-one/"' in page
    assert ">Phase one</text>" in page
    assert "<title>Launch: 8 March 2016</title>" in page
    assert 'role="region" tabindex="0"' in page


def test_the_table_carries_the_same_items_as_the_drawing():
    items = [
        item("Phase one", "2015", "2017"),
        item("Open one", "2019-05"),
        item("Launch", "2016-03-08", kind=EVENT, note="Host"),
        item("Undated meeting", kind=EVENT),
    ]
    page = render("{% timeline items %}", items=items)
    table = page[page.index("<table>") : page.index("</table>")]
    for entry in items:
        assert f'<a href="{entry.url}">{entry.label}</a>' in table
    assert "2015–2017" in table
    assert "from May 2019, end not known" in table
    assert "Host" in table
    undated = page[page.index("Date not known:") : page.index("<details")]
    assert "Undated meeting" in undated
    assert "Undated meeting" not in page[page.index("<svg") : page.index("</svg>")]


def test_long_labels_are_shortened_in_the_drawing_but_whole_in_the_table():
    label = "A programme whose title runs on far longer than any label should " * 2
    page = render("{% timeline items %}", items=[item(label.strip(), "2015", "2016")])
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "…</text>" in svg
    assert label.strip() in page[page.index("<table>") :]


def test_svg_numbers_keep_their_decimal_point_in_french():
    from django.utils import translation

    with translation.override("fr"):
        page = render("{% timeline items %}", items=[item("Phase", "2015-05", "2016")])
    assert re.search(r'x="\d+\.\d"', page)
    assert not re.search(r'x="\d+,\d"', page)
    assert "mai 2015" in page


def test_no_items_draw_nothing():
    assert render("{% timeline items %}", items=[]).strip() == ""
    assert render("{% network centre links %}", centre=Node("A", "/a/"), links=[]).strip() == ""


def network_links(count: int) -> list[NetworkLink]:
    return [
        NetworkLink(
            Node(f"Partner {n}", f"/organisations/partner-{n}/"),
            tuple(
                Node(f"Programme {p}", f"/programmes/p-{p}/", "Partner") for p in range(n % 3 + 1)
            ),
        )
        for n in range(count)
    ]


def test_the_network_puts_the_centre_in_the_middle_and_partners_on_a_circle():
    chart = layout_network(Node("Centre", "/c/"), network_links(8))
    assert (chart.cx, chart.cy) == (chart.width / 2, chart.height / 2)
    distances = {round(((n.x - chart.cx) ** 2 + (n.y - chart.cy) ** 2) ** 0.5) for n in chart.nodes}
    assert len(distances) == 1
    assert all(0 <= n.x <= chart.width and 0 <= n.y <= chart.height for n in chart.nodes)


def test_the_network_draws_the_closest_partners_first_and_lists_them_all():
    chart = layout_network(Node("Centre", "/c/"), network_links(30), limit=24)
    assert (chart.drawn, chart.total) == (24, 30)
    counts = [len(node.link.programmes) for node in chart.nodes]
    assert counts == sorted(counts, reverse=True)
    assert chart.nodes[0].via == "3 programmes"


def test_the_network_svg_links_partners_and_programmes_and_lists_them():
    links = [
        NetworkLink(
            Node("UNIDIR", "/organisations/unidir/"), (Node("OEWG", "/programmes/oewg/", "Member"),)
        ),
        NetworkLink(
            Node("ITU", "/organisations/itu/"),
            (Node("GFCE", "/programmes/gfce/", "Lead"), Node("CBI", "/programmes/cbi/", "Funder")),
        ),
    ]
    page = render(
        "{% network centre links %}",
        centre=Node("Geneva Centre", "/organisations/gc/"),
        links=links,
    )
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'aria-hidden="true"' in svg
    assert '<title id="network-title">Partnership network</title>' in svg
    assert '<a href="/organisations/unidir/"' in svg
    assert '<a href="/programmes/oewg/"' in svg
    assert ">2 programmes</text>" in svg
    assert "Geneva Centre – ITU: GFCE (Lead); CBI (Funder)" in svg
    listing = page[page.index("<details") :]
    assert '<a href="/organisations/itu/">ITU</a>' in listing
    assert '<a href="/programmes/cbi/">CBI</a> <span class="meta">(Funder)</span>' in listing


def test_network_labels_on_one_side_never_share_a_line():
    chart = layout_network(Node("Centre", "/c/"), network_links(24))
    for anchor in ("start", "end"):
        ys = sorted(node.label_y for node in chart.nodes if node.anchor == anchor)
        assert len(ys) == 12
        # Each label has two lines: the partner and its programmes.
        assert all(b - a >= 30 for a, b in itertools.pairwise(ys))
