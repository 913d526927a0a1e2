"""The lists' FilterSets, as the API and the HTML lists use them."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership, Programme, programme_state


def in_order(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def slugs(client, url) -> list[str]:
    return sorted(in_order(client, url))


@pytest.fixture
def funding(make_organisation, make_programme):
    """X is a partner of "shared", where Y is the funder; X funds "funded"."""
    x = make_organisation(slug="x")
    y = make_organisation(slug="y")
    shared = make_programme(slug="shared")
    Partnership.objects.create(programme=shared, organisation=x, role="partner")
    Partnership.objects.create(programme=shared, organisation=y, role="funder")
    funded = make_programme(slug="funded")
    Partnership.objects.create(programme=funded, organisation=x, role="funder")
    return x, y


def test_organisation_and_role_hold_on_one_partnership(client, funding):
    assert slugs(client, "/api/v1/programmes/?organisation=x&role=funder") == ["funded"]
    assert slugs(client, "/api/v1/programmes/?organisation=y&role=funder") == ["shared"]
    assert slugs(client, "/api/v1/programmes/?organisation=x") == ["funded", "shared"]
    assert slugs(client, "/api/v1/programmes/?role=funder") == ["funded", "shared"]
    assert slugs(client, "/api/v1/programmes/?organisation=y&role=partner") == []


def test_a_draft_partner_neither_matches_nor_is_named(client, make_organisation, make_programme):
    hidden = make_organisation(slug="hidden", status=Status.DRAFT)
    programme = make_programme(slug="p")
    Partnership.objects.create(programme=programme, organisation=hidden, role="funder")
    assert slugs(client, "/api/v1/programmes/?role=funder") == []
    response = client.get("/api/v1/programmes/?organisation=hidden")
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_organisation_and_event_role_hold_on_one_event_role(client, make_organisation, make_event):
    x = make_organisation(slug="x")
    y = make_organisation(slug="y")
    both = make_event(slug="both")
    EventRole.objects.create(event=both, organisation=x, role="participant")
    EventRole.objects.create(event=both, organisation=y, role="host")
    hosted = make_event(slug="hosted")
    EventRole.objects.create(event=hosted, organisation=x, role="host")
    assert slugs(client, "/api/v1/events/?organisation=x&event_role=host") == ["hosted"]
    assert slugs(client, "/api/v1/events/?organisation=x") == ["both", "hosted"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("starts_after=2017&starts_before=2017", ["year", "month", "day"]),
        ("starts_after=2017-06", ["year", "day", "later"]),
        ("starts_before=2017-05", ["year", "month", "earlier"]),
        ("active_on=2017-06-15", ["year", "day"]),
        ("active_on=2017-05", ["year", "month"]),
        ("active_on=2016", ["earlier"]),
    ],
)
def test_date_filters_respect_partial_dates(client, make_event, query, expected):
    make_event(slug="year", start="2017")
    make_event(slug="month", start="2017-05")
    make_event(slug="day", start="2017-06-15")
    make_event(slug="earlier", start="2016-12-31")
    make_event(slug="later", start="2018")
    make_event(slug="undated", start=None)
    assert slugs(client, f"/api/v1/events/?{query}") == sorted(expected)


def test_a_programme_dated_2017_is_active_on_a_day_of_2017(client, make_programme):
    make_programme(slug="dated", start="2017", end="2017")
    make_programme(slug="running", start="2015")
    make_programme(slug="over", start="2010", end="2016-12")
    make_programme(slug="undated")
    assert slugs(client, "/api/v1/programmes/?active_on=2017-06-15") == ["dated", "running"]


def test_state_follows_the_dates_where_they_settle_it(client, make_programme):
    today = timezone.localdate()
    make_programme(slug="ended", state="active", start="2010", end="2012")
    make_programme(slug="ahead", state="active", start=str(today.year + 1))
    make_programme(slug="running", state="active", start="2010")
    make_programme(slug="this-year", state="completed", end=str(today.year))
    make_programme(slug="unknown", state="")
    assert slugs(client, "/api/v1/programmes/?state=completed") == ["ended", "this-year"]
    assert slugs(client, "/api/v1/programmes/?state=planned") == ["ahead"]
    assert slugs(client, "/api/v1/programmes/?state=active") == ["running"]
    shown = {p["slug"]: p["state"] for p in client.get("/api/v1/programmes/").json()["results"]}
    assert shown == {
        "ahead": "planned",
        "ended": "completed",
        "running": "active",
        "this-year": "completed",
        "unknown": "",
    }


@pytest.mark.parametrize(
    ("start", "end", "stored", "expected"),
    [
        ("2017", "2017", "active", "completed"),
        ("2026", None, "planned", "planned"),
        ("2026-12", None, "active", "planned"),
        ("2026-11-29", None, "", "planned"),
        ("2026-11-28", None, "planned", "planned"),
        (None, "2026-11", "active", "active"),
        (None, "2026-10", "active", "completed"),
        (None, "2026-11-27", "", "completed"),
        (None, None, "active", "active"),
    ],
)
def test_the_state_rule_reads_dates_at_their_precision(start, end, stored, expected, db):
    from cyberpeace.partialdate import PartialDate

    today = datetime.date(2026, 11, 28)
    start = PartialDate.parse(start) if start else None
    end = PartialDate.parse(end) if end else None
    assert programme_state(start, end, stored, today) == expected
    # The database's half of the rule agrees.
    programme = Programme.objects.create(
        slug="p", title="P", kind="programme", start=start, end=end, state=stored
    )
    computed = Programme.objects.with_current_state(today).filter(pk=programme.pk)
    assert list(computed.filter(current_state=expected)) == [programme]


def test_search_ignores_case_and_accents_and_finds_acronyms(client, make_organisation):
    make_organisation(slug="geneve", name="Université de Genève", city="Genève")
    make_organisation(
        slug="itu", name="International Telecommunication Union", acronyms=["ITU", "UIT"]
    )
    make_organisation(slug="other", name="Other")
    assert slugs(client, "/api/v1/organisations/?q=geneve") == ["geneve"]
    assert slugs(client, "/api/v1/organisations/?q=UNIVERSITE%20gen") == ["geneve"]
    assert slugs(client, "/api/v1/organisations/?q=uit") == ["itu"]
    assert slugs(client, "/api/v1/organisations/?q=%25") == []


def test_facets_combine_and_repeat(client, make_organisation, make_topic):
    from orgs.models import OrganisationTopic

    topic = make_topic(slug="ai")
    ch = make_organisation(slug="ch-ngo", country="CH", stakeholder_group="ngo")
    make_organisation(slug="ch-gov", country="CH", stakeholder_group="government")
    make_organisation(slug="fr-ngo", country="FR", stakeholder_group="ngo")
    OrganisationTopic.objects.create(organisation=ch, topic=topic)
    assert slugs(client, "/api/v1/organisations/?country=CH&stakeholder_group=ngo") == ["ch-ngo"]
    assert slugs(client, "/api/v1/organisations/?country=CH&country=FR&stakeholder_group=ngo") == [
        "ch-ngo",
        "fr-ngo",
    ]
    assert slugs(client, "/api/v1/organisations/?topic=ai") == ["ch-ngo"]


def test_programme_countries_match_one_code(client, make_programme):
    make_programme(slug="both", countries=["CH", "FR"])
    make_programme(slug="one", countries=["FR"])
    assert slugs(client, "/api/v1/programmes/?country=CH") == ["both"]
    assert slugs(client, "/api/v1/programmes/?country=FR") == ["both", "one"]


def test_a_country_repeated_hundreds_of_times_is_one_condition(client, make_programme):
    make_programme(slug="swiss", countries=["CH"])
    make_programme(slug="french", countries=["FR"])
    query = "&".join(["country=CH"] * 500)
    assert slugs(client, f"/api/v1/programmes/?{query}") == ["swiss"]
    response = client.get(f"/programmes/?{query}")
    assert response.status_code == 200
    assert [programme.slug for programme in response.context["object_list"]] == ["swiss"]


def test_ordering_puts_undated_last_both_ways(client, make_event):
    make_event(slug="a", start="2017")
    make_event(slug="b", start="2019")
    make_event(slug="c", start=None)
    assert in_order(client, "/api/v1/events/?ordering=start") == ["a", "b", "c"]
    assert in_order(client, "/api/v1/events/?ordering=-start") == ["b", "a", "c"]


def test_updated_since_keeps_records_changed_since(client, make_topic):
    old = make_topic(slug="old")
    type(old).objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=2)
    )
    make_topic(slug="new")
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert slugs(client, f"/api/v1/topics/?updated_since={since}") == ["new"]


def test_a_contributor_asks_for_their_own_drafts(client, contributor, editor, make_topic):
    make_topic(slug="mine", status=Status.DRAFT, created_by=contributor)
    make_topic(slug="theirs", status=Status.DRAFT, created_by=editor)
    make_topic(slug="public")
    client.force_login(contributor)
    assert slugs(client, "/api/v1/topics/?status=draft") == ["mine"]
    client.logout()
    assert slugs(client, "/api/v1/topics/?status=draft") == []


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/events/?starts_after=2017-13", "starts_after"),
        ("/api/v1/programmes/?active_on=last%20year", "active_on"),
        ("/api/v1/organisations/?founded_before=2017-02-30", "founded_before"),
        ("/api/v1/events/?kind=party", "kind"),
        ("/api/v1/programmes/?state=dormant", "state"),
        ("/api/v1/programmes/?role=boss", "role"),
        ("/api/v1/events/?event_role=boss", "event_role"),
        ("/api/v1/organisations/?country=XX", "country"),
        ("/api/v1/organisations/?topic=unknown", "topic"),
        ("/api/v1/events/?programme=unknown", "programme"),
        ("/api/v1/events/?ordering=venue", "ordering"),
        ("/api/v1/topics/?updated_since=yesterday", "updated_since"),
        ("/api/v1/sources/?status=archived", "status"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(client, db, url, field):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field][0]


def test_the_html_list_uses_the_same_filterset(client, funding):
    response = client.get("/programmes/?organisation=x&role=funder")
    assert response.status_code == 200
    assert [p.slug for p in response.context["object_list"]] == ["funded"]
    # A bad value is left out, and the page says which and why.
    response = client.get("/programmes/?role=boss")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 2
    [notice] = response.context["notices"]
    assert str(notice).startswith("Role: ")


def test_empty_values_filter_nothing(client, make_event):
    make_event(slug="one")
    empty = "topic=&organisation=&kind=&country=&event_role=&starts_after=&ordering=&status="
    assert slugs(client, f"/api/v1/events/?{empty}") == ["one"]


@pytest.mark.parametrize("size", ["0", "-3", "ten", "1.5"])
def test_a_bad_page_size_is_a_400(client, db, size):
    response = client.get(f"/api/v1/topics/?page_size={size}")
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


FILTERED = {
    "organisations": "q=organisation&stakeholder_group=ngo&status=published&ordering=-name",
    "programmes": "role=lead&state=completed&active_on=2016&kind=programme&ordering=start",
    "events": "event_role=host&country=CH&starts_after=2018&starts_before=2018&ordering=-start",
    "topics": "q=topic&ordering=name",
    "people": "q=person&updated_since=2000-01-01T00:00:00Z",
    "sources": "q=source&kind=web_page&status=published",
}


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("resource", list(FILTERED))
def test_a_filtered_list_costs_the_same_whatever_its_rows(client, make_world, resource):
    make_world(1)
    path = f"/api/v1/{resource}/?{FILTERED[resource]}"
    before, found = count(client, path)
    assert found >= 1
    make_world(4)
    after, found_after = count(client, path)
    assert found_after > found
    assert after == before


@pytest.mark.parametrize(
    "since", ["7432-05-01T02:51:04%2B23:15", "2026-11-28T09:00:00%2B05:30", "2026-11-28T09:00:00Z"]
)
def test_updated_since_takes_any_offset_to_utc(client, make_topic, since):
    make_topic(slug="ai")
    assert client.get(f"/api/v1/topics/?updated_since={since}").status_code == 200


def test_updated_since_past_year_one_is_a_400(client, db):
    response = client.get("/api/v1/topics/?updated_since=0001-01-01T00:30:00%2B23:00")
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


def test_an_empty_page_size_is_the_default(client, make_topic):
    make_topic()
    assert client.get("/api/v1/topics/?page_size=").status_code == 200
