"""Events to follow elsewhere: one event or a filtered list as iCalendar, and an Atom feed.

The feeds take the events list's own filters (`EventFilterSet`), so a page's
"follow these events" links carry its query unchanged; a filter they cannot
read answers 400 with the reason, in plain text. Calendars come from
`cyberpeace.calendar`, as the API's ``?format=ics`` does, so both give the same
file. A calendar needs a day: an event dated only to the month or the year is
left out of the list's calendar (its description says how many), and its own
``.ics`` answers 404 with a page saying why and linking to the event.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from cyberpeace.calendar import event_component, events_calendar
from cyberpeace.export import attachment
from cyberpeace.models import FormerSlug, visible_sources
from cyberpeace.partialdate import format_range
from initiatives.filtersets import EventFilterSet
from initiatives.models import Event

FEED_LENGTH = 50
# A subscribed calendar is fetched again every few hours by every subscriber: it
# holds the latest events of its filter (future ones first), not the whole
# history, which the API's ?format=ics exports.
CALENDAR_LENGTH = 100


def event_filterset(request: HttpRequest, queryset=None) -> EventFilterSet:
    queryset = Event.objects.visible_to(request.user) if queryset is None else queryset
    return EventFilterSet(request.GET, queryset=queryset, request=request)


def invalid_filter(filterset: EventFilterSet) -> HttpResponseBadRequest:
    lines = [gettext("These filters cannot be read:")]
    for name, errors in filterset.errors.items():
        lines += [f"{name}: {error}" for error in errors]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def calendar_response(calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    return attachment(response, filename)


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One event as iCalendar, or a 404 page explaining that its date lacks a day.

    Its address follows the event page's: one in another case, or with a slug
    the event had before, answers 301 with today's.
    """
    if slug != slug.lower():
        return HttpResponsePermanentRedirect(reverse("initiatives:event-ics", args=[slug.lower()]))
    user = request.user
    events = Event.objects.visible_to(user).prefetch_related(visible_sources(user))
    try:
        event = get_object_or_404(events, slug=slug)
    except Http404:
        moved = FormerSlug.find(Event, slug)
        record = Event.objects.visible_to(user).filter(pk=moved).first() if moved else None
        if record is None:
            raise
        return HttpResponsePermanentRedirect(reverse("initiatives:event-ics", args=[record.slug]))
    base_url = request.build_absolute_uri("/")
    if event_component(event, base_url=base_url) is None:
        return render(request, "initiatives/event_no_calendar.html", {"event": event}, status=404)
    calendar = events_calendar([event], base_url=base_url, name=event.title)
    return calendar_response(calendar, f"{event.slug}.ics")


@require_GET
def event_feed_ics(request: HttpRequest) -> HttpResponse:
    """The latest ``CALENDAR_LENGTH`` events of the list's filter that are dated to the day."""
    user = request.user
    queryset = Event.objects.visible_to(user).prefetch_related(visible_sources(user))
    filterset = event_filterset(request, queryset)
    if not filterset.is_valid():
        return invalid_filter(filterset)
    calendar = events_calendar(
        filterset.qs[:CALENDAR_LENGTH],
        base_url=request.build_absolute_uri("/"),
        latest=CALENDAR_LENGTH,
    )
    return calendar_response(calendar, "cyberpeace-events.ics")


class EventFeed(Feed):
    """The latest events of the list's filter (Atom), each with its date as precise as known."""

    feed_type = Atom1Feed
    title = gettext_lazy("cyberpeace directory: events")
    subtitle = gettext_lazy(
        "Conferences, meetings and other events on peace and security in cyberspace."
    )

    def __call__(self, request, *args, **kwargs):
        filterset = event_filterset(request)
        if not filterset.is_valid():
            return invalid_filter(filterset)
        return super().__call__(request, *args, filterset=filterset, **kwargs)

    def get_object(self, request, *args, filterset: EventFilterSet, **kwargs):
        return filterset

    def link(self, filterset: EventFilterSet) -> str:
        query = filterset.data.urlencode()
        return reverse("initiatives:event-list") + (f"?{query}" if query else "")

    def feed_url(self, filterset: EventFilterSet) -> str:
        # The feed's own address with its filter, so that a reader subscribes to these
        # events and not to all of them. The FilterSet holds this request, not the shared Feed.
        return filterset.request.build_absolute_uri()

    def items(self, filterset: EventFilterSet):
        return filterset.qs[:FEED_LENGTH]

    def item_title(self, event: Event) -> str:
        return event.title

    def item_description(self, event: Event) -> str:
        when = format_range(event.start, event.end) if event.start else gettext("date not known")
        place = ", ".join(
            part
            for part in [event.venue, event.city, event.country.name if event.country else ""]
            if part
        )
        facts = " · ".join(part for part in [event.get_kind_display(), when, place] if part)
        return f"{facts}. {event.summary}" if event.summary else f"{facts}."

    def item_pubdate(self, event: Event):
        return event.created_at

    def item_updateddate(self, event: Event):
        return event.updated_at
