from __future__ import annotations

from django.db import transaction
from django.urls import path

from initiatives import feeds, timeline, views

app_name = "initiatives"
urlpatterns = [
    path("programmes/", views.ProgrammeList.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetail.as_view(), name="programme-detail"),
    path("events/", views.EventList.as_view(), name="event-list"),
    # Before events/<slug>/: "feed" is no event's slug.
    path(
        "events/feed.ics",
        transaction.non_atomic_requests(feeds.event_feed_ics),
        name="event-feed-ics",
    ),
    path("events/feed/", transaction.non_atomic_requests(feeds.EventFeed()), name="event-feed"),
    path(
        "events/<slug:slug>.ics",
        transaction.non_atomic_requests(feeds.event_ics),
        name="event-ics",
    ),
    path("events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    path("timeline/", timeline.TimelineView.as_view(), name="timeline"),
]
