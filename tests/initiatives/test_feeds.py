from __future__ import annotations

import xml.etree.ElementTree as ET
from unittest import mock

import icalendar
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation

from cyberpeace.publishing import Status

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def summaries(response) -> list[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def atom_entries(response) -> list[ET.Element]:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.fixture
def geneva_and_bern(make_event, make_topic):
    ai = make_topic(name="Artificial intelligence", slug="artificial-intelligence")
    geneva = make_event(title="AI for Good", slug="ai-for-good", start="2018-05-15", country="CH")
    geneva.topics.add(ai)
    make_event(title="Paris Peace Forum", start="2018-11-11", end="2018-11-13", country="FR")
    return geneva


def test_one_event_reads_as_icalendar(client, make_event):
    event = make_event(
        title="Geneva Cyber Week", slug="geneva-cyber-week", start="2018-01-24", end="2018-01-25"
    )
    response = client.get(reverse("initiatives:event-ics", args=[event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="geneva-cyber-week.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Geneva Cyber Week"
    assert str(vevent.decoded("dtstart")) == "2018-01-24"
    assert str(vevent.decoded("dtend")) == "2018-01-26"  # exclusive: the day after the last
    assert str(vevent["url"]).endswith("/events/geneva-cyber-week/")


def test_one_event_gives_the_same_vevent_as_the_api(client, make_event):
    event = make_event(title="Geneva Cyber Week", start="2018-01-24")
    page = icalendar.Calendar.from_ical(
        client.get(reverse("initiatives:event-ics", args=[event.slug])).content
    )
    api = icalendar.Calendar.from_ical(client.get("/api/v1/events/?format=ics").content)
    assert page.walk("VEVENT")[0].to_ical() == api.walk("VEVENT")[0].to_ical()


def test_an_invisible_event_has_no_calendar(client, editor, make_event):
    draft = make_event(status=Status.DRAFT)
    url = reverse("initiatives:event-ics", args=[draft.slug])
    assert client.get(url).status_code == 404
    assert client.get(reverse("initiatives:event-ics", args=["no-such-event"])).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_an_event_calendar_in_another_case_redirects_to_its_address(client, make_event):
    make_event(slug="gge-briefing-2019", start="2019-12-02")
    response = client.get("/events/GGE-Briefing-2019.ics")
    assert response.status_code == 301
    assert response["Location"] == "/events/gge-briefing-2019.ics"
    french = client.get("/fr/events/GGE-BRIEFING-2019.ics")
    assert french["Location"] == "/fr/events/gge-briefing-2019.ics"


def test_an_event_calendar_at_a_former_slug_redirects_to_its_address(client, editor, make_event):
    event = make_event(slug="old-briefing", start="2019-12-02")
    event.slug = "gge-briefing-2019"
    event.save()
    response = client.get("/events/old-briefing.ics")
    assert response.status_code == 301
    assert response["Location"] == "/events/gge-briefing-2019.ics"
    assert client.get(response["Location"]).status_code == 200
    # A former slug of an event the reader may not see leads nowhere.
    event.status = Status.DRAFT
    event.save()
    assert client.get("/events/old-briefing.ics").status_code == 404
    client.force_login(editor)
    assert client.get("/events/old-briefing.ics").status_code == 301


@pytest.mark.parametrize(
    ("start", "said"),
    [("2017-05", "only to May 2017"), ("2009", "only to 2009"), (None, "without a date")],
)
def test_an_event_without_a_day_answers_404_saying_a_calendar_needs_one(
    client, make_event, start, said
):
    event = make_event(title="Somewhen summit", start=start)
    response = client.get(reverse("initiatives:event-ics", args=[event.slug]))
    assert response.status_code == 404
    content = response.content.decode()
    assert said in content
    assert "A calendar entry needs a day, and the directory never invents one." in content
    assert f'href="{event.get_absolute_url()}"' in content


def test_the_calendar_feed_lists_every_visible_event_dated_to_the_day(
    client, make_event, geneva_and_bern
):
    make_event(title="Draft meeting", status=Status.DRAFT)
    make_event(title="Some time in May", start="2017-05")
    make_event(title="Undated", start=None)
    response = client.get(reverse("initiatives:event-feed-ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="cyberpeace-events.ics"' in response["Content-Disposition"]
    assert summaries(response) == ["AI for Good", "Paris Peace Forum"]
    # The calendar says what it left out, and why.
    description = str(icalendar.Calendar.from_ical(response.content)["x-wr-caldesc"])
    assert "1 known only to the month or the year, 1 undated" in description


def test_the_calendar_feed_holds_the_latest_events_and_says_so(client, make_event):
    """Subscribers fetch it again and again: the latest events, not the whole history."""
    for year in (2015, 2016, 2017, 2030):
        make_event(title=f"Meeting {year}", start=f"{year}-03-01")
    with mock.patch("initiatives.feeds.CALENDAR_LENGTH", 2):
        response = client.get(reverse("initiatives:event-feed-ics"))
    assert summaries(response) == ["Meeting 2017", "Meeting 2030"]
    description = str(icalendar.Calendar.from_ical(response.content)["x-wr-caldesc"])
    assert description.startswith("The latest 2 events of the cyberpeace directory")


def test_the_calendar_feed_follows_the_lists_filters(client, geneva_and_bern):
    url = reverse("initiatives:event-feed-ics")
    response = client.get(url, {"topic": "artificial-intelligence", "country": "CH"})
    assert summaries(response) == ["AI for Good"]
    assert summaries(client.get(url, {"country": "FR"})) == ["Paris Peace Forum"]
    assert summaries(client.get(url, {"q": "paris"})) == ["Paris Peace Forum"]
    assert summaries(client.get(url, {"starts_after": "2018-06"})) == ["Paris Peace Forum"]


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "no-such-topic"},
        {"country": "XX"},
        {"starts_after": "2018-13"},
        {"kind": "party"},
    ],
)
@pytest.mark.parametrize("name", ["initiatives:event-feed-ics", "initiatives:event-feed"])
def test_an_invalid_filter_answers_400_in_plain_words(client, name, query):
    response = client.get(reverse(name), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("These filters cannot be read:")
    assert next(iter(query)) in response.content.decode()


def test_the_atom_feed_has_an_entry_per_event(client, make_event, geneva_and_bern):
    make_event(
        title="Cyber Week",
        slug="cyber-week",
        start="2017-05",
        venue="Palais des Nations",
        city="Geneva",
        country="CH",
        summary="A week on cyber norms.",
    )
    make_event(title="Draft meeting", status=Status.DRAFT)
    response = client.get(reverse("initiatives:event-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = {e.find(f"{ATOM}title").text: e for e in atom_entries(response)}
    assert sorted(entries) == ["AI for Good", "Cyber Week", "Paris Peace Forum"]
    week = entries["Cyber Week"]
    assert week.find(f"{ATOM}link").get("href") == "http://testserver/events/cyber-week/"
    assert week.find(f"{ATOM}updated").text
    # The date at its precision, never a day nobody gave; then the place.
    assert week.find(f"{ATOM}summary").text == (
        "Conference · May 2017 · Palais des Nations, Geneva, Switzerland. A week on cyber norms."
    )
    assert entries["Paris Peace Forum"].find(f"{ATOM}summary").text == (
        "Conference · 11–13 November 2018 · France."
    )


def test_the_atom_feed_follows_the_lists_filters_and_links_to_that_list(client, geneva_and_bern):
    response = client.get(
        reverse("initiatives:event-feed"), {"topic": "artificial-intelligence", "country": "CH"}
    )
    assert [e.find(f"{ATOM}title").text for e in atom_entries(response)] == ["AI for Good"]
    links = ET.fromstring(response.content).findall(f"{ATOM}link")
    alternate = next(link for link in links if link.get("rel") == "alternate")
    assert alternate.get("href") == (
        "http://testserver/events/?topic=artificial-intelligence&country=CH"
    )


def test_the_atom_feeds_self_link_keeps_its_filter(client, geneva_and_bern):
    response = client.get("/fr/events/feed/", {"kind": "conference", "country": "CH"})
    links = ET.fromstring(response.content).findall(f"{ATOM}link")
    self_link = next(link for link in links if link.get("rel") == "self")
    assert self_link.get("href") == "http://testserver/fr/events/feed/?kind=conference&country=CH"


def test_the_feeds_are_in_french_too(client, geneva_and_bern):
    response = client.get("/fr/events/feed/")
    links = [e.find(f"{ATOM}link").get("href") for e in atom_entries(response)]
    assert "http://testserver/fr/events/ai-for-good/" in links
    calendar = client.get("/fr/events/feed.ics")
    assert calendar.status_code == 200


@pytest.mark.parametrize("name", ["initiatives:event-feed-ics", "initiatives:event-feed"])
def test_the_feeds_query_count_does_not_grow_with_the_events(
    client, make_world, name, django_assert_num_queries
):
    make_world(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name), {"country": "CH"})
    make_world(6)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse(name), {"country": "CH"})
    assert response.status_code == 200


def test_the_feeds_query_counts(client, make_world, django_assert_num_queries):
    make_world(2)
    with django_assert_num_queries(2):  # the events, their sources
        client.get(reverse("initiatives:event-feed-ics"))
    with django_assert_num_queries(1):
        client.get(reverse("initiatives:event-feed"))
    event = client.get(reverse("initiatives:event-list")).context["object_list"][0]
    with django_assert_num_queries(2):
        client.get(reverse("initiatives:event-ics", args=[event.slug]))


@pytest.mark.parametrize(
    "path", ["/events/feed/", "/events/feed.ics", "/events/x.ics", "/sitemap.xml"]
)
def test_the_feeds_run_outside_a_transaction(path):
    with translation.override(settings.LANGUAGE_CODE):
        view = resolve(path).func
    assert "default" in getattr(view, "_non_atomic_requests", set())


def test_the_sitemap_lists_published_records_and_lists_with_french_alternates(
    client, make_organisation, make_event
):
    organisation = make_organisation(slug="itu")
    make_organisation(slug="secret", status=Status.DRAFT)
    make_event(slug="cyber-week")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {url.find(f"{SITEMAP}loc").text: url for url in root.findall(f"{SITEMAP}url")}
    assert "http://testserver/organisations/itu/" in urls
    assert "http://testserver/fr/organisations/itu/" in urls
    assert "http://testserver/events/cyber-week/" in urls
    assert "http://testserver/organisations/" in urls
    assert "http://testserver/fr/events/" in urls
    assert "http://testserver/" in urls
    assert not any("secret" in loc for loc in urls)
    itu = urls["http://testserver/organisations/itu/"]
    alternates = {link.get("hreflang"): link.get("href") for link in itu.findall(f"{XHTML}link")}
    assert alternates == {
        "en-gb": "http://testserver/organisations/itu/",
        "fr": "http://testserver/fr/organisations/itu/",
        "x-default": "http://testserver/organisations/itu/",
    }
    assert itu.find(f"{SITEMAP}lastmod").text == organisation.updated_at.date().isoformat()


def test_the_sitemaps_query_count_does_not_grow_with_the_records(
    client, make_world, django_assert_num_queries
):
    make_world(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    make_world(5)
    with django_assert_num_queries(len(few)):
        client.get("/sitemap.xml")


def test_robots_names_the_sitemap_and_keeps_editors_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    assert "Disallow: /admin/" in text.splitlines()


def test_healthz_answers_ok_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_without_the_database(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "connection refused" not in response.content.decode()


def test_the_events_list_links_its_own_filtered_feeds(client, geneva_and_bern):
    content = client.get("/events/?country=CH&topic=artificial-intelligence").content.decode()
    assert 'href="/events/feed/?country=CH&amp;topic=artificial-intelligence"' in content
    assert 'href="/events/feed.ics?country=CH&amp;topic=artificial-intelligence"' in content
