from __future__ import annotations

from django.urls import path

from initiatives import timeline, views

app_name = "initiatives"
urlpatterns = [
    path("programmes/", views.ProgrammeList.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetail.as_view(), name="programme-detail"),
    path("events/", views.EventList.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    path("timeline/", timeline.TimelineView.as_view(), name="timeline"),
]
