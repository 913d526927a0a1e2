from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cyberpeace.publishing import Status

pytestmark = pytest.mark.django_db


def test_home_offers_a_prominent_labelled_search_box(client):
    content = client.get("/").content.decode()
    assert '<form role="search" class="search search-big" action="/search/"' in content
    assert '<label for="home-q">Search the directory</label>' in content


def test_home_counts_link_to_the_lists(client, make_organisation, make_person):
    make_organisation()
    make_organisation()
    make_organisation(status=Status.DRAFT)
    make_person()
    content = client.get("/").content.decode()
    assert '<a href="/organisations/">2 organisations</a>' in content
    assert '<a href="/people/">1 person</a>' in content
    assert '<a href="/events/">0 events</a>' in content


def test_an_event_this_month_known_only_to_the_month_is_still_upcoming(client, make_event):
    today = timezone.localdate()
    make_event(title="This month", start=today.strftime("%Y-%m"))
    make_event(title="Last year", start=str(today.year - 1))
    make_event(title="Undated", start=None)
    response = client.get("/")
    assert [e.title for e in response.context["upcoming"]] == ["This month"]
    assert [e.title for e in response.context["latest"]] == ["Last year"]


def test_home_shows_upcoming_events_soonest_first(client, make_event):
    today = timezone.localdate()
    later = (today + datetime.timedelta(days=400)).isoformat()
    sooner = (today + datetime.timedelta(days=10)).isoformat()
    make_event(title="Later", start=later)
    make_event(title="Sooner", start=sooner)
    make_event(title="Draft", start=sooner, status=Status.DRAFT)
    content = client.get("/").content.decode()
    assert content.index("Sooner") < content.index("Later")
    assert "Draft" not in content


def test_home_links_the_event_feeds(client):
    content = client.get("/").content.decode()
    assert 'href="/events/feed/" type="application/atom+xml"' in content
    assert 'href="/events/feed.ics" type="text/calendar"' in content


def test_home_runs_a_fixed_number_of_queries(client, make_world, django_assert_num_queries):
    make_world(1)
    # Five counts, upcoming and latest events, topics.
    with django_assert_num_queries(8):
        client.get("/")


def test_homes_query_count_does_not_grow_with_the_rows(
    client, make_world, django_assert_num_queries
):
    make_world(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    make_world(6)
    with django_assert_num_queries(len(few)):
        client.get("/")
