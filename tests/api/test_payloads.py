"""Each detail endpoint read whole: every field, its form, what is embedded."""

from __future__ import annotations

import pytest

from cyberpeace.models import Identifier
from initiatives.models import Partnership
from orgs.models import Membership, OrganisationTopic, Relation

pytestmark = pytest.mark.django_db

SOURCE = {
    "slug": "report",
    "title": "Annual report",
    "publisher": "The Institute",
    "published": "2017-05",
    "url": "https://example.org/report",
}


@pytest.fixture
def source(make_source):
    return make_source(
        slug="report",
        title="Annual report",
        publisher="The Institute",
        published="2017-05",
        url="https://example.org/report",
    )


def read(client, path) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    payload = response.json()
    assert payload.pop("updated_at")
    return payload


def test_an_organisation_reads_whole(client, source, make_organisation, make_topic, make_person):
    parent = make_organisation(slug="un", name="United Nations", sources=[source])
    other = make_organisation(slug="gfce", name="Global Forum on Cyber Expertise")
    itu = make_organisation(
        slug="itu",
        name="International Telecommunication Union",
        acronyms=["ITU", "UIT"],
        stakeholder_group="intergovernmental",
        founded="1865-05-17",
        city="Geneva",
        country="CH",
        website="https://www.itu.int/",
        summary="The UN agency for digital technologies.",
        description="*Connecting* the world.",
        parent=parent,
        sources=[source],
    )
    topic = make_topic(slug="ai", name="Artificial intelligence")
    OrganisationTopic.objects.create(
        organisation=itu, topic=topic, text="AI for Good.", local_name="AI"
    ).sources.add(source)
    itu.social_accounts.create(platform="twitter", handle="ITU", url="").sources.add(source)
    Identifier.objects.create(record=itu, scheme="wikidata", value="Q7809")
    Relation.objects.create(subject=itu, kind="member_of", object=other, start="2015").sources.add(
        source
    )
    Relation.objects.create(subject=other, kind="partner_of", object=itu).sources.add(source)
    Membership.objects.create(
        person=make_person(slug="doreen", name="Doreen Bogdan-Martin"),
        organisation=itu,
        role="Secretary-General",
        start="2023",
    ).sources.add(source)
    assert read(client, "/api/v1/organisations/itu/") == {
        "slug": "itu",
        "name": "International Telecommunication Union",
        "acronyms": ["ITU", "UIT"],
        "stakeholder_group": "intergovernmental",
        "stakeholder_group_label": "International and regional organisations",
        "founded": "1865-05-17",
        "address": "",
        "city": "Geneva",
        "country": "CH",
        "website": "https://www.itu.int/",
        "email": "",
        "summary": "The UN agency for digital technologies.",
        "description": "*Connecting* the world.",
        "parent": "un",
        "topics": [
            {
                "topic": "ai",
                "name": "Artificial intelligence",
                "local_name": "AI",
                "text": "AI for Good.",
                "sources": [SOURCE],
            }
        ],
        "social_accounts": [
            {
                "platform": "twitter",
                "handle": "ITU",
                "url": "https://x.com/ITU",
                "sources": [SOURCE],
            }
        ],
        "identifiers": [{"scheme": "wikidata", "value": "Q7809"}],
        "relations": [
            {
                "kind": "member_of",
                "organisation": "gfce",
                "start": "2015",
                "end": None,
                "note": "",
                "sources": [SOURCE],
            }
        ],
        "inverse_relations": [
            {
                "kind": "partner_of",
                "organisation": "gfce",
                "start": None,
                "end": None,
                "note": "",
                "sources": [SOURCE],
            }
        ],
        "people": [
            {
                "person": "doreen",
                "name": "Doreen Bogdan-Martin",
                "role": "Secretary-General",
                "start": "2023",
                "end": None,
                "sources": [SOURCE],
            }
        ],
        "sources": [SOURCE],
        "status": "published",
        "review_note": "",
        "html_url": "http://testserver/organisations/itu/",
        "api_url": "http://testserver/api/v1/organisations/itu/",
    }


def test_a_programme_reads_whole(client, source, make_organisation, make_programme, make_topic):
    phase_one = make_programme(slug="phase-1", title="Phase one")
    programme = make_programme(
        slug="phase-2",
        title="Cyber capacity building, phase two",
        acronym="CCB2",
        kind="project",
        state="active",
        start="2019-01",
        end="2021",
        scope="regional",
        countries=["TH", "KH"],
        summary="A second phase.",
        follows=phase_one,
        website="https://example.org/ccb",
        sources=[source],
    )
    make_programme(slug="phase-3", title="Phase three", follows=programme)
    programme.topics.add(make_topic(slug="capacity", name="Capacity building"))
    Partnership.objects.create(
        programme=programme,
        organisation=make_organisation(slug="ict4peace", name="ICT4Peace Foundation"),
        role="lead",
        start="2019",
    ).sources.add(source)
    Partnership.objects.create(
        programme=programme,
        organisation=make_organisation(slug="ch-fdfa", name="Swiss FDFA"),
        role="funder",
        note="Through its Human Security Division.",
    ).sources.add(source)
    Identifier.objects.create(record=programme, scheme="iati", value="CH-4-2019001")
    assert read(client, "/api/v1/programmes/phase-2/") == {
        "slug": "phase-2",
        "title": "Cyber capacity building, phase two",
        "acronym": "CCB2",
        "kind": "project",
        "kind_label": "Project",
        # Stored as active, but its end (2021) is past: completed, by the one rule.
        "state": "completed",
        "start": "2019-01",
        "end": "2021",
        "scope": "regional",
        "countries": ["KH", "TH"],
        "summary": "A second phase.",
        "description": "",
        "parent": None,
        "follows": "phase-1",
        "successors": ["phase-3"],
        "topics": ["capacity"],
        "website": "https://example.org/ccb",
        "partners": [
            {
                "organisation": "ch-fdfa",
                "name": "Swiss FDFA",
                "role": "funder",
                "role_label": "Funder",
                "start": None,
                "end": None,
                "note": "Through its Human Security Division.",
                "sources": [SOURCE],
            },
            {
                "organisation": "ict4peace",
                "name": "ICT4Peace Foundation",
                "role": "lead",
                "role_label": "Lead",
                "start": "2019",
                "end": None,
                "note": "",
                "sources": [SOURCE],
            },
        ],
        "identifiers": [{"scheme": "iati", "value": "CH-4-2019001"}],
        "sources": [SOURCE],
        "status": "published",
        "review_note": "",
        "html_url": "http://testserver/programmes/phase-2/",
        "api_url": "http://testserver/api/v1/programmes/phase-2/",
    }


def test_a_topic_a_person_and_a_source_read_whole(
    client, source, make_topic, make_person, make_organisation
):
    make_topic(
        slug="ai",
        name="Artificial intelligence",
        description="Machines that *learn*.",
        sources=[source],
    )
    person = make_person(
        slug="doreen", name="Doreen Bogdan-Martin", honorific="H.E.", sources=[source]
    )
    Membership.objects.create(
        person=person,
        organisation=make_organisation(slug="itu"),
        role="Secretary-General",
        start="2023",
    ).sources.add(source)
    assert read(client, "/api/v1/topics/ai/") == {
        "slug": "ai",
        "name": "Artificial intelligence",
        "description": "Machines that *learn*.",
        "sources": [SOURCE],
        "status": "published",
        "review_note": "",
        "html_url": "http://testserver/topics/ai/",
        "api_url": "http://testserver/api/v1/topics/ai/",
    }
    assert read(client, "/api/v1/people/doreen/") == {
        "slug": "doreen",
        "name": "Doreen Bogdan-Martin",
        "honorific": "H.E.",
        "roles": [
            {
                "organisation": "itu",
                "role": "Secretary-General",
                "start": "2023",
                "end": None,
                "sources": [SOURCE],
            }
        ],
        "sources": [SOURCE],
        "status": "published",
        "review_note": "",
        "html_url": "http://testserver/people/doreen/",
        "api_url": "http://testserver/api/v1/people/doreen/",
    }
    assert read(client, "/api/v1/sources/report/") == {
        **SOURCE,
        "kind": "web_page",
        "last_checked": None,
        "status": "published",
        "review_note": "",
        # Sources have no page of their own: records show them where they cite them.
        "html_url": "",
        "api_url": "http://testserver/api/v1/sources/report/",
    }
