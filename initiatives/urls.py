from __future__ import annotations

from django.urls import path

from initiatives import timeline, views

app_name = "initiatives"
urlpatterns = [
    path("programmes/", views.ProgrammeList.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetail.as_view(), name="programme-detail"),
    path("events/", views.EventList.as_view(), name="event-list"),
    # replaced by the feeds
    path("events/feed.ics", views.EventList.as_view(), name="event-feed-ics"),
    path("events/feed/", views.EventList.as_view(), name="event-feed"),
    path("events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    # replaced by the feeds
    path("events/<slug:slug>.ics", views.EventDetail.as_view(), name="event-ics"),
    path("timeline/", timeline.TimelineView.as_view(), name="timeline"),
]
