"""Every public page and endpoint answers in a fixed number of queries, whatever its rows.

Each path is fetched anonymously twice: over one set of linked records, then
after five more sets, each linked to the same hub records (so every relation a
hub's page or answer embeds holds several rows) and to records of their own (so
every list holds several pages' worth of relations). The count must not move,
and must be the figure pinned here: a change that adds a query shows up as a
failing figure to update on purpose, never as a page that slows with the data.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cyberpeace.models import Identifier
from initiatives.models import EventRole, Partnership, Speaker
from orgs.models import Membership, OrganisationTopic, Relation

SINCE = "2000-01-01T00:00:00Z"


@pytest.fixture
def hubs(make_organisation, make_person, make_topic, make_programme, make_event, make_source):
    """Records with the slug "hub", and a function adding one more of every link they show."""
    organisation = make_organisation(slug="hub", parent=make_organisation())
    person, topic = make_person(slug="hub"), make_topic(slug="hub")
    programme = make_programme(slug="hub", parent=make_programme(), follows=make_programme())
    event = make_event(slug="hub", programme=programme, country="CH")
    schemes = iter(Identifier._meta.get_field("scheme").choices)

    def link_once() -> None:
        source = make_source()
        other, fellow = make_organisation(parent=organisation), make_person()
        Relation.objects.create(subject=organisation, kind="member_of", object=other)
        Relation.objects.create(subject=other, kind="partner_of", object=organisation)
        OrganisationTopic.objects.create(organisation=organisation, topic=make_topic())
        OrganisationTopic.objects.create(organisation=other, topic=topic)
        organisation.social_accounts.create(platform="twitter", handle=f"@hub{other.pk}")
        if (scheme := next(schemes, None)) is not None:
            organisation.identifiers.create(scheme=scheme[0], value=f"Q{other.pk}")
            programme.identifiers.create(scheme=scheme[0], value=f"P{other.pk}")
        Membership.objects.create(person=fellow, organisation=organisation, role="Director")
        Membership.objects.create(person=person, organisation=other, role="Chair")
        make_programme(parent=programme, follows=programme).topics.add(topic)
        Partnership.objects.create(programme=programme, organisation=other, role="partner")
        Partnership.objects.create(
            programme=make_programme(), organisation=organisation, role="funder"
        )
        elsewhere = make_event(programme=programme, start="2019")
        elsewhere.topics.add(topic)
        EventRole.objects.create(event=elsewhere, organisation=organisation, role="host")
        EventRole.objects.create(event=event, organisation=other, role="co_host")
        Speaker.objects.create(event=event, person=fellow, affiliation=other)
        Speaker.objects.create(event=elsewhere, person=person, affiliation=organisation)
        event.topics.add(make_topic())
        programme.topics.add(make_topic())
        event.links.create(title="Report", url=f"https://example.org/report/{other.pk}")
        for link_model in (
            Relation,
            OrganisationTopic,
            Membership,
            Partnership,
            EventRole,
            Speaker,
        ):
            for link in link_model.objects.filter(sources=None):
                link.sources.add(source)
        for record in (organisation, person, topic, programme, event):
            record.sources.add(source)

    return link_once


@pytest.fixture
def grow(hubs, make_world):
    def grow(n: int) -> None:
        for _ in range(n):
            hubs()
        make_world(n)

    return grow


def changes_page(client, depth: int) -> str:
    """The address of the change feed's page ``depth``, reached by following its cursor."""
    path = f"/api/v1/changes/?since={SINCE}&page_size=5"
    for _ in range(depth - 1):
        path = client.get(path).json()["next"].removeprefix("http://testserver")
    return path


# (path, queries): a path is fetched as is; a function of the client gives one.
BUDGETS = {
    # Public pages.
    "home": ("/", 8),
    "home in French": ("/fr/", 8),
    "organisations": ("/organisations/", 3),
    "organisations filtered": ("/organisations/?stakeholder_group=ngo&country=CH", 2),
    "organisation": ("/organisations/hub/", 14),
    "programmes": ("/programmes/", 4),
    "programme": ("/programmes/hub/", 11),
    "events": ("/events/", 3),
    "events filtered": ("/events/?kind=conference&topic=hub&organisation=hub", 5),
    "event": ("/events/hub/", 9),
    "topics": ("/topics/", 1),
    "topic": ("/topics/hub/", 6),
    "people": ("/people/", 3),
    "person": ("/people/hub/", 6),
    "search": ("/search/?q=hub", 5),
    "timeline": ("/timeline/", 3),
    "sitemap": ("/sitemap.xml", 5),
    "robots": ("/robots.txt", 2),
    "events feed": ("/events/feed/", 1),
    "events calendar": ("/events/feed.ics", 2),
    "event calendar": ("/events/hub.ics", 2),
    "suggest form": ("/suggest/organisation/hub/", 3),
    # The API.
    "api root": ("/api/v1/", 2),
    "api organisations": ("/api/v1/organisations/", 15),
    "api organisation": ("/api/v1/organisations/hub/", 14),
    "api organisations filtered": ("/api/v1/organisations/?stakeholder_group=ngo", 15),
    "api organisations searched": ("/api/v1/organisations/?q=organisation", 15),
    "api organisations csv": ("/api/v1/organisations/?format=csv", 14),
    "api programmes": ("/api/v1/programmes/", 10),
    "api programme": ("/api/v1/programmes/hub/", 9),
    "api programmes csv": ("/api/v1/programmes/?format=csv", 9),
    "api events": ("/api/v1/events/", 11),
    "api event": ("/api/v1/events/hub/", 10),
    "api events filtered": ("/api/v1/events/?kind=conference&country=CH", 11),
    "api events searched": ("/api/v1/events/?q=event", 11),
    "api events csv": ("/api/v1/events/?format=csv", 10),
    "api events ics": ("/api/v1/events/?format=ics", 10),
    "api topics": ("/api/v1/topics/", 3),
    "api topic": ("/api/v1/topics/hub/", 2),
    "api topics csv": ("/api/v1/topics/?format=csv", 2),
    "api people": ("/api/v1/people/", 5),
    "api person": ("/api/v1/people/hub/", 4),
    "api people csv": ("/api/v1/people/?format=csv", 4),
    "api sources": ("/api/v1/sources/", 2),
    "api source": ("/api/v1/sources/test-source/", 1),
    "api sources csv": ("/api/v1/sources/?format=csv", 1),
    "api changes": (lambda client: changes_page(client, 1), 6),
    "api changes deep": (lambda client: changes_page(client, 4), 6),
}


def queries(client, path) -> int:
    path = path(client) if callable(path) else path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.django_db
def test_every_page_and_endpoint_answers_in_its_pinned_number_of_queries_whatever_the_rows(
    client, grow
):
    # One test over every path (rather than one a path), so the records are made
    # once: a failure lists every figure that moved.
    budgets = {name: budget for name, (_, budget) in BUDGETS.items()}
    grow(1)
    few = {name: queries(client, path) for name, (path, _) in BUDGETS.items()}
    grow(5)
    many = {name: queries(client, path) for name, (path, _) in BUDGETS.items()}
    assert few == budgets
    assert many == budgets
