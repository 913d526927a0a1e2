"""Events as iCalendar (RFC 5545), for the API's ``?format=ics`` and the public pages' .ics.

A calendar shows an event on days. Our events are dated only as precisely as
their sources (DESIGN.md, "Partial dates"), so only an event whose start is
known to the day becomes a VEVENT: an all-day event (VALUE=DATE) from its
first day to the day after its last (DTEND is exclusive). An event known only
to the month or the year, or not dated at all, is left out rather than put on
a day nobody gave; the calendar's description (X-WR-CALDESC) says so and how
many were left out. An event whose start is known to the day but whose end is
known only to the month or year gets no DTEND, and its description gives the
dates as the sources do.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext

from cyberpeace.export import licence_text
from cyberpeace.partialdate import format_range

PRODID = "-//cyberpeace directory//events//EN"


def uid_host() -> str:
    """The site's own host, so an event keeps its UID whichever address served it."""
    return urlsplit(settings.SITE_URL).hostname or "cyberpeace"


def _source_text(source) -> str:
    parts = [source.title, source.publisher, source.published.display() if source.published else ""]
    text = ", ".join(part for part in parts if part)
    return f"{text}: {source.url}" if source.url else text


def _description(event) -> str:
    paragraphs = []
    if event.summary:
        paragraphs.append(event.summary)
    if event.end is not None and event.end.precision != "day":
        paragraphs.append(
            gettext("When: %(dates)s.") % {"dates": format_range(event.start, event.end)}
        )
    sources = list(event.sources.all())
    if sources:
        paragraphs.append(
            gettext("Sources:") + "\n" + "\n".join(f"- {_source_text(s)}" for s in sources)
        )
    return "\n\n".join(paragraphs)


def _location(event) -> str:
    place = [event.venue, event.city, event.country.name if event.country else ""]
    text = ", ".join(part for part in place if part)
    return text or (gettext("Online") if event.attendance == "online" else "")


def event_component(event, *, base_url: str) -> icalendar.Event | None:
    """The VEVENT of ``event``, or None when its start is not known to the day.

    ``event.sources`` should hold only the sources the reader may see, as
    ``Event.objects.visible_to(user).for_detail(user)`` prefetches them.
    """
    start = event.start
    if start is None or start.precision != "day":
        return None
    component = icalendar.Event()
    component.add("uid", f"{event.slug}@{uid_host()}")
    component.add("summary", event.title)
    component.add("dtstart", start.first_day)
    if event.end is None:
        component.add("dtend", start.first_day + datetime.timedelta(days=1))
    elif event.end.precision == "day":
        component.add("dtend", event.end.first_day + datetime.timedelta(days=1))
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("created", event.created_at)
    component.add("url", urljoin(base_url, event.get_absolute_url()))
    component.add("categories", [event.get_kind_display()])
    if location := _location(event):
        component.add("location", location)
    if description := _description(event):
        component.add("description", description)
    return component


def events_calendar(
    events: Iterable,
    *,
    base_url: str,
    name: str = "cyberpeace directory: events",
    latest: int | None = None,
) -> icalendar.Calendar:
    """A calendar of ``events`` (see `event_component`), saying which it leaves out and why.

    ``base_url`` is the site's address as the reader reached it
    (``request.build_absolute_uri("/")``), for each event's URL. ``latest``: the
    events are the latest so many of a longer list, which the description says.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # No METHOD: without one, RFC 5545 reads DTSTAMP as when the event was last
    # revised (its updated_at), and the file is the same until an event changes.
    calendar.add("x-wr-calname", name)
    undated = imprecise = 0
    for event in events:
        component = event_component(event, base_url=base_url)
        if component is not None:
            calendar.add_component(component)
        elif event.start is None:
            undated += 1
        else:
            imprecise += 1
    left_out = [
        f"{count} {what}"
        for count, what in (
            (imprecise, "known only to the month or the year"),
            (undated, "undated"),
        )
        if count
    ]
    calendar.add(
        "x-wr-caldesc",
        (f"The latest {latest} events" if latest else "Events")
        + " of the cyberpeace directory, on the days their sources give. Events known only "
        "to the month or the year, and undated ones, are left out, as a calendar cannot show "
        "them without inventing a day"
        + (f" (here: {', '.join(left_out)})" if left_out else "")
        + "; the directory's pages and API list them. "
        + licence_text(),
    )
    return calendar
