"""Programme and event pages: partners and hosts by role, phases, events in order, speakers,
calendar, JSON-LD, at a cost that does not grow with what they show."""

from __future__ import annotations

import json
import re

import pytest

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership, Speaker


def jsonld(page: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def make_hubs(make_organisation, make_person, make_topic, make_programme, make_event, make_source):
    """A programme and an event with ``n`` links of every kind they show."""

    def make(n: int):
        programme = make_programme(
            parent=make_programme(), follows=make_programme(), start="2015", scope="global"
        )
        event = make_event(programme=programme)
        for i in range(n):
            make_programme(parent=programme)
            make_programme(follows=programme)
            programme.topics.add(make_topic())
            event.topics.add(make_topic())
            for role in ("lead", "funder"):
                Partnership.objects.create(
                    programme=programme, organisation=make_organisation(), role=role
                )
            make_event(programme=programme, start=f"201{i}")
            scheme = ["wikidata", "iati", "gfce"][i]
            programme.identifiers.create(scheme=scheme, value=f"Q{programme.pk}{i}")
            for role in ("host", "participant"):
                EventRole.objects.create(event=event, organisation=make_organisation(), role=role)
            Speaker.objects.create(
                event=event, person=make_person(), affiliation=make_organisation(), title="Chair"
            )
            event.links.create(title=f"Link {i}", url=f"https://example.org/{event.pk}/{i}")
            for record in (programme, event):
                record.sources.add(make_source())
        return programme, event

    return make


@pytest.mark.django_db
def test_a_programme_groups_its_partners_by_role_lead_first(
    client, make_programme, make_organisation
):
    programme = make_programme()
    for name, role in (
        ("Member body", "member"),
        ("Funding body", "funder"),
        ("Co-leading body", "co_lead"),
        ("Leading body", "lead"),
        ("Partner body", "partner"),
        ("Host body", "host"),
    ):
        Partnership.objects.create(
            programme=programme, organisation=make_organisation(name=name), role=role
        )
    page = client.get(programme.get_absolute_url()).content.decode()
    partners = page[page.index('<h2 id="partners">') :]
    order = ["Lead", "Co-lead", "Partner", "Funder", "Host", "Member"]
    positions = [partners.index(f"<h3>{label}</h3>") for label in order]
    assert positions == sorted(positions)
    assert partners.index("<h3>Funder</h3>") < partners.index("Funding body")
    assert partners.index("Funding body") < partners.index("<h3>Host</h3>")


@pytest.mark.django_db
def test_a_programme_lists_its_events_in_date_order_undated_last(
    client, make_programme, make_event
):
    programme = make_programme(start="2015-09", end="2017")
    make_event(title="Undated meeting", start=None, programme=programme)
    make_event(title="Second", start="2017-05", programme=programme)
    make_event(title="First", start="2016", programme=programme)
    make_event(title="Hidden draft", status=Status.DRAFT, programme=programme)
    page = client.get(programme.get_absolute_url()).content.decode()
    events = page[page.index('<h2 id="events">') :]
    assert events.index("First") < events.index("Second") < events.index("Undated meeting")
    assert "May 2017" in events
    assert "date not known" in events
    assert "Hidden draft" not in page
    assert "September 2015 – 2017" in page


@pytest.mark.django_db
def test_a_programme_shows_its_phases_parts_and_topics(client, make_programme, make_topic):
    first = make_programme(title="First phase", start="2015", end="2017")
    programme = make_programme(title="Second phase", follows=first, parent=make_programme())
    make_programme(title="Third phase", follows=programme)
    make_programme(title="A part of it", parent=programme)
    programme.topics.add(make_topic(name="Capacity building"))
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "<dt>Continues</dt>" in page
    assert "First phase</a> <span" in page
    assert "2015–2017" in page
    assert "<dt>Continued by</dt>" in page
    assert "Third phase</a>" in page
    assert "A part of it</a>" in page
    assert "Capacity building</a>" in page
    assert '<meta property="og:title" content="Second phase">' in page


@pytest.mark.django_db
def test_an_event_groups_hosts_by_role_and_names_speakers_with_title_and_affiliation(
    client, make_event, make_organisation, make_person
):
    event = make_event(start="2018-01-24", end="2018-01-25")
    for name, role in (("A sponsor", "sponsor"), ("The host", "host"), ("A guest", "participant")):
        EventRole.objects.create(event=event, organisation=make_organisation(name=name), role=role)
    Speaker.objects.create(
        event=event,
        person=make_person(name="Jeff Collins"),
        role="keynote",
        title="Vice President",
        affiliation=make_organisation(name="Cyber Institute"),
    )
    event.links.create(title="Webcast", url="https://example.org/webcast")
    page = client.get(event.get_absolute_url()).content.decode()
    hosts = page[page.index('<h2 id="hosts">') :]
    assert (
        hosts.index("<h3>Host</h3>")
        < hosts.index("The host")
        < hosts.index("<h3>Participant</h3>")
        < hosts.index("<h3>Sponsor</h3>")
    )
    assert "Jeff Collins</a>, Vice President (<a href" in page
    assert 'Cyber Institute</a>) <span class="meta">Keynote speaker</span>' in page
    assert '<a href="https://example.org/webcast" rel="noopener">Webcast</a>' in page
    assert "24–25 January 2018" in page


@pytest.mark.django_db
def test_only_an_event_dated_to_the_day_offers_add_to_calendar(client, make_event):
    day = make_event(slug="summit", start="2018-01-24")
    page = client.get(day.get_absolute_url()).content.decode()
    assert '<a href="/events/summit.ics" type="text/calendar" download>Add to calendar</a>' in page
    month = make_event(start="2017-05")
    page = client.get(month.get_absolute_url()).content.decode()
    assert "Add to calendar" not in page
    assert "month or year, not its days" in page
    undated = make_event(start=None)
    page = client.get(undated.get_absolute_url()).content.decode()
    assert "Add to calendar" not in page
    assert "do not date this event" in page


@pytest.mark.django_db
def test_an_event_carries_its_json_ld(client, make_event, make_organisation):
    event = make_event(
        title="Geneva Dialogue </script>",
        start="2018-01",
        venue="Palais des Nations",
        city="Geneva",
        country="CH",
        attendance="hybrid",
        summary="Talks.",
    )
    host = make_organisation(name="Host body")
    EventRole.objects.create(event=event, organisation=host, role="host")
    EventRole.objects.create(event=event, organisation=make_organisation(), role="participant")
    EventRole.objects.create(
        event=event, organisation=make_organisation(status=Status.DRAFT), role="co_host"
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert jsonld(page) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Geneva Dialogue </script>",
        "startDate": "2018-01",
        "location": {
            "@type": "Place",
            "name": "Palais des Nations",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Geneva",
                "addressCountry": "CH",
            },
        },
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "organizer": [
            {
                "@type": "Organization",
                "name": "Host body",
                "url": f"http://testserver{host.get_absolute_url()}",
            }
        ],
        "description": "Talks.",
        "url": f"http://testserver{event.get_absolute_url()}",
    }
    assert '<meta property="og:title" content="Geneva Dialogue &lt;/script&gt;">' in page


@pytest.mark.django_db
def test_an_undated_event_gets_no_invented_date_in_its_json_ld(client, make_event):
    event = make_event(start=None, attendance="")
    data = jsonld(client.get(event.get_absolute_url()).content.decode())
    assert "startDate" not in data
    assert "eventAttendanceMode" not in data


@pytest.mark.django_db
def test_a_programme_and_an_event_end_with_sources_and_change_log(
    client, make_programme, make_event, make_source
):
    source = make_source(title="Programme report", publisher="GFCE", published="2020-03-02")
    for record in (make_programme(sources=[source]), make_event(sources=[source])):
        record.summary = "Now with a summary."
        record.save()
        page = client.get(record.get_absolute_url()).content.decode()
        assert "Programme report</a>, GFCE, 2 March 2020</li>" in page
        assert "Last updated " in page
        assert "changed Summary" in page


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_the_pages_cost_a_fixed_number_of_queries_whatever_they_show(
    client, editor, make_hubs, django_assert_num_queries, reader
):
    if reader == "editor":
        client.force_login(editor)
    # Anonymous: the record, one query per section it prefetches (programme:
    # parent, parts, previous phase, next phases, topics, partners, events,
    # identifiers, sources; event: programme, topics, hosts, speakers and their
    # affiliations, links, sources), the change log. An editor adds the
    # session, the user, whether they turned on two-factor sign-in and their
    # permissions.
    expected = {"anonymous": (11, 9), "editor": (16, 14)}[reader]
    for n in (1, 3):
        programme, event = make_hubs(n)
        for record, count in zip((programme, event), expected, strict=True):
            with django_assert_num_queries(count):
                assert client.get(record.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_programme_with_only_a_start_is_shown_as_begun_not_as_one_date(client, make_programme):
    programme = make_programme(title="AI for road safety", start="2021-10", end=None)

    page = client.get(programme.get_absolute_url()).content.decode()
    listed = client.get("/programmes/").content.decode()

    assert "from October 2021" in page
    assert "from October 2021" in listed
