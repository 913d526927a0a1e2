from __future__ import annotations

from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("organisations/", views.OrganisationList.as_view(), name="list"),
    path("organisations/<slug:slug>/", views.OrganisationDetail.as_view(), name="detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetail.as_view(), name="person-detail"),
]
