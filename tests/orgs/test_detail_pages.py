"""Organisation, person and topic pages: everything they show, only what the reader may see,
at a cost that does not grow with what they show."""

from __future__ import annotations

import json
import re
from unittest import mock

import pytest
from django.utils import translation
from django.utils.dates import MONTHS

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership, Speaker
from orgs.models import Membership, OrganisationTopic, Relation

SCHEMES = ["wikidata", "iati", "gfce"]


def jsonld(page: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def make_hub(make_organisation, make_person, make_topic, make_programme, make_event, make_source):
    """An organisation, a person and a topic with ``n`` links of every kind they show."""

    def make(n: int):
        hub = make_organisation(name="Hub", parent=make_organisation(), founded="2004")
        person, topic = make_person(), make_topic()
        for i in range(n):
            OrganisationTopic.objects.create(
                organisation=hub if i == 0 else make_organisation(), topic=make_topic()
            )
            OrganisationTopic.objects.create(organisation=make_organisation(), topic=topic)
            if i:
                OrganisationTopic.objects.create(organisation=hub, topic=make_topic())
            programme = make_programme(start="2015")
            programme.topics.add(topic)
            Partnership.objects.create(programme=programme, organisation=hub, role="lead")
            event = make_event()
            event.topics.add(topic)
            EventRole.objects.create(event=event, organisation=hub, role="host")
            EventRole.objects.create(event=make_event(), organisation=hub, role="participant")
            Membership.objects.create(person=make_person(), organisation=hub, role="Director")
            Membership.objects.create(person=person, organisation=make_organisation(), role="Chair")
            Speaker.objects.create(event=event, person=person, affiliation=make_organisation())
            Relation.objects.create(subject=hub, kind="member_of", object=make_organisation())
            Relation.objects.create(subject=make_organisation(), kind="supported_by", object=hub)
            make_organisation(parent=hub)
            hub.social_accounts.create(platform="twitter", handle=f"@hub{i}")
            hub.identifiers.create(scheme=SCHEMES[i], value=f"Q{hub.pk}{i}")
            for record in (hub, person, topic):
                record.sources.add(make_source())
        return hub, person, topic

    return make


@pytest.mark.django_db
def test_an_organisation_shows_its_programmes_with_its_role_and_events_by_role(
    client, make_organisation, make_programme, make_event
):
    organisation = make_organisation()
    programme = make_programme(title="Cyber Capacity Programme", start="2015", end="2017")
    Partnership.objects.create(programme=programme, organisation=organisation, role="funder")
    hosted = make_event(title="Geneva Dialogue", start="2018-01-24", end="2018-01-25")
    attended = make_event(title="Paris Peace Forum", start="2019-11")
    undated = make_event(title="Undated workshop", start=None)
    for event, role in ((hosted, "host"), (attended, "participant"), (undated, "participant")):
        EventRole.objects.create(event=event, organisation=organisation, role=role)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert (
        f'<a href="{programme.get_absolute_url()}">Cyber Capacity Programme</a> '
        '<span class="role">Funder</span> <span class="meta">2015–2017</span>'
    ) in page
    events = page[page.index('<h2 id="events">') :]
    assert events.index("<h3>Host</h3>") < events.index("Geneva Dialogue")
    assert events.index("Geneva Dialogue") < events.index("<h3>Participant</h3>")
    assert events.index("<h3>Participant</h3>") < events.index("Paris Peace Forum")
    assert events.index("Paris Peace Forum") < events.index("Undated workshop")
    assert "24–25 January 2018" in events
    assert "November 2019" in events
    assert "date not known" in events


@pytest.mark.django_db
def test_an_organisation_shows_its_topics_with_its_own_text_and_name(
    client, make_organisation, make_topic
):
    organisation = make_organisation()
    topic = make_topic(name="Capacity building")
    OrganisationTopic.objects.create(
        organisation=organisation, topic=topic, text="Trains **diplomats**.", local_name="CCB"
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert f'<a href="{topic.get_absolute_url()}">Capacity building</a>' in page
    assert '<span class="meta">(CCB)</span>' in page
    assert "Trains <strong>diplomats</strong>." in page


@pytest.mark.django_db
def test_an_organisation_shows_its_people_units_parent_accounts_and_identifiers(
    client, make_organisation, make_person
):
    parent = make_organisation(name="United Nations")
    organisation = make_organisation(parent=parent)
    make_organisation(name="Its regional office", parent=organisation)
    Membership.objects.create(
        person=make_person(name="Ada Lovelace"),
        organisation=organisation,
        role="Executive Director",
        start="2019-09",
    )
    organisation.social_accounts.create(platform="twitter", handle="@CyberpeaceInst")
    organisation.identifiers.create(scheme="wikidata", value="Q1129478")
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Ada Lovelace</a>, Executive Director" in page
    assert "September 2019" in page
    assert "Has unit <a href" in page
    assert "Its regional office" in page
    assert f'<dt>Part of</dt><dd><a href="{parent.get_absolute_url()}">United Nations</a>' in page
    assert '<a href="https://x.com/CyberpeaceInst" rel="noopener">' in page
    assert "https://www.wikidata.org/wiki/Q1129478" in page


@pytest.mark.django_db
def test_an_organisation_hides_draft_programmes_and_events_from_the_public(
    client, editor, make_organisation, make_programme, make_event
):
    organisation = make_organisation()
    Partnership.objects.create(
        programme=make_programme(title="Draft programme", status=Status.DRAFT),
        organisation=organisation,
        role="lead",
    )
    EventRole.objects.create(
        event=make_event(title="Draft event", status=Status.DRAFT),
        organisation=organisation,
        role="host",
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Draft programme" not in page
    assert "Draft event" not in page
    client.force_login(editor)
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Draft programme" in page
    assert "Draft event" in page


@pytest.mark.django_db
def test_an_organisation_carries_its_json_ld_and_opengraph_tags(client, make_organisation):
    organisation = make_organisation(
        name="International Telecommunication Union",
        acronyms=["ITU", "UIT"],
        founded="1865-05",
        website="https://www.itu.int/",
        address="Place des Nations",
        city="Geneva",
        country="CH",
        summary="The UN agency for <digital> technologies & more.",
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    data = jsonld(page)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "International Telecommunication Union",
        "alternateName": ["ITU", "UIT"],
        "url": f"http://testserver{organisation.get_absolute_url()}",
        "sameAs": "https://www.itu.int/",
        "foundingDate": "1865-05",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Place des Nations",
            "addressLocality": "Geneva",
            "addressCountry": "CH",
        },
        "description": "The UN agency for <digital> technologies & more.",
    }
    # Escaped in the page: the data cannot close its script element.
    assert "\\u003Cdigital\\u003E technologies \\u0026 more" in page
    assert '<meta property="og:title" content="International Telecommunication Union">' in page
    assert '<meta property="og:description" content="The UN agency for &lt;digital&gt;' in page
    assert '<meta property="og:type" content="profile">' in page


@pytest.mark.django_db
def test_an_organisation_ends_with_its_sources_and_public_change_log(
    client, make_organisation, make_source
):
    source = make_source(title="Annual report 2019", publisher="ITU", published="2019-12")
    organisation = make_organisation(name="Before", sources=[source])
    organisation.name = "After"
    organisation.save()
    page = client.get(organisation.get_absolute_url()).content.decode()
    end = page[page.index('<h2 id="sources">') :]
    assert "Annual report 2019</a>, ITU, December 2019</li>" in end
    assert "Last updated " in end
    changelog = end[end.index('<ul class="changelog">') :]
    assert changelog.index("changed Name") < changelog.index("first published")


@pytest.mark.django_db
def test_a_person_shows_roles_and_appearances_with_title_and_affiliation(
    client, make_person, make_organisation, make_event
):
    person = make_person(name="Jeff Collins", honorific="Dr")
    itu = make_organisation(name="ITU body")
    Membership.objects.create(person=person, organisation=itu, role="Chair", start="2017")
    event = make_event(title="WSIS Forum", start="2018-03")
    Speaker.objects.create(
        event=event, person=person, role="moderator", title="Vice President", affiliation=itu
    )
    Speaker.objects.create(
        event=make_event(title="Draft summit", status=Status.DRAFT), person=person
    )
    page = client.get(person.get_absolute_url()).content.decode()
    assert "<h1>Dr Jeff Collins</h1>" in page
    assert "Chair, <a href" in page
    appearances = page[page.index('<h2 id="appearances">') :]
    assert "WSIS Forum</a>" in appearances
    assert "March 2018" in appearances
    assert "Moderator, Vice President (<a href" in appearances
    assert "Draft summit" not in page
    assert jsonld(page)["@type"] == "Person"
    assert '<meta property="og:type" content="profile">' in page


@pytest.mark.django_db
def test_a_topic_shows_its_organisations_programmes_and_events(
    client, make_topic, make_organisation, make_programme, make_event
):
    topic = make_topic(name="Critical infrastructure")
    OrganisationTopic.objects.create(
        organisation=make_organisation(name="CERT body"), topic=topic, text="Runs **drills**."
    )
    OrganisationTopic.objects.create(
        organisation=make_organisation(name="Draft body", status=Status.DRAFT), topic=topic
    )
    make_programme(title="Resilience programme").topics.add(topic)
    make_event(title="Grid workshop", start="2021-06").topics.add(topic)
    make_event(title="Draft meeting", status=Status.DRAFT).topics.add(topic)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "CERT body</a>" in page
    assert "Runs <strong>drills</strong>." in page
    assert "Resilience programme</a>" in page
    assert "Grid workshop</a>" in page
    assert "June 2021" in page
    assert "Draft body" not in page
    assert "Draft meeting" not in page


@pytest.mark.django_db
def test_a_topic_of_many_events_lists_the_latest_and_links_to_them_all(
    client, make_topic, make_event, make_programme
):
    topic = make_topic(name="Busy topic", slug="busy")
    for day in range(1, 4):
        make_event(title=f"Meeting {day}", start=f"2020-01-0{day}").topics.add(topic)
    make_programme(title="Only programme").topics.add(topic)
    with mock.patch("initiatives.sections.ON_TOPIC", 2):
        page = client.get(topic.get_absolute_url()).content.decode()
    assert "Meeting 3</a>" in page
    assert "Meeting 2</a>" in page
    assert "Meeting 1</a>" not in page
    assert 'href="/events/?topic=busy">All events on this topic</a>' in page
    # One programme of at most two: all shown, no link.
    assert "Only programme</a>" in page
    assert "All programmes on this topic" not in page


@pytest.mark.django_db
def test_the_french_page_answers_with_french_month_names(client, make_organisation):
    organisation = make_organisation(founded="2017-05")
    with translation.override("fr"):
        address = organisation.get_absolute_url()
        may = str(MONTHS[5])
    assert address.startswith("/fr/organisations/")
    response = client.get(address)
    assert response.status_code == 200
    assert f"{may} 2017" in response.content.decode()


@pytest.mark.django_db
def test_a_draft_is_a_404_for_the_public_and_carries_the_banner_for_an_editor(
    client, editor, make_organisation, make_person
):
    for draft in (make_organisation(status=Status.DRAFT), make_person(status=Status.DRAFT)):
        client.logout()
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(editor)
        response = client.get(draft.get_absolute_url())
        assert b'<p class="draft" role="status">' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_the_pages_cost_a_fixed_number_of_queries_whatever_they_show(
    client, editor, make_hub, django_assert_num_queries, reader
):
    if reader == "editor":
        client.force_login(editor)
    # Anonymous: the record, one query per section it prefetches, the sections
    # initiatives adds (organisation: programmes, events, its partnership network
    # (its timeline is drawn from the first two); topic: programmes, events;
    # person: appearances and their affiliations), the change log:
    # organisation 1 + 9 + 3 + 1, topic 1 + 2 + 2 + 1, person 1 + 2 + 2 + 1.
    # An editor adds the session, the user, whether they turned on two-factor sign-in and their
    # permissions.
    expected = {"anonymous": (14, 6, 6), "editor": (19, 11, 11)}[reader]
    for n in (1, 3):
        hub, person, topic = make_hub(n)
        for record, count in zip((hub, topic, person), expected, strict=True):
            with django_assert_num_queries(count):
                assert client.get(record.get_absolute_url()).status_code == 200
