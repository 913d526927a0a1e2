"""The partner API, reading: whole payloads, who sees what, pages, a fixed number of queries."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Speaker

RESOURCES = ["organisations", "programmes", "events", "topics", "people", "sources"]


@pytest.mark.django_db
def test_the_root_lists_every_resource(client):
    assert set(client.get("/api/v1/").json()) == {*RESOURCES, "licence"}


@pytest.mark.django_db
def test_an_event_reads_whole(client, make_event, make_organisation, make_person, make_source):
    source = make_source(
        slug="bangkok",
        title="Report of the 2nd Asia ICT and CT Dialogue",
        publisher="",
        url="https://example.org/bangkok",
    )
    host = make_organisation(slug="mfa-th", name="Ministry of Foreign Affairs of Thailand")
    event = make_event(
        slug="bangkok-2018",
        title="2nd Asia ICT and CT Dialogue",
        kind="workshop",
        start="2018-01-24",
        end="2018-01-25",
        city="Bangkok",
        country="TH",
        sources=[source],
    )
    EventRole.objects.create(event=event, organisation=host, role="co_host").sources.add(source)
    speaker = Speaker.objects.create(
        event=event, person=make_person(slug="kovalenko", name="Andrei Kovalenko"), title="Director"
    )
    speaker.sources.add(source)
    payload = client.get("/api/v1/events/bangkok-2018/").json()
    cited = [
        {
            "slug": "bangkok",
            "title": "Report of the 2nd Asia ICT and CT Dialogue",
            "publisher": "",
            "published": None,
            "url": "https://example.org/bangkok",
        }
    ]
    assert payload == {
        "slug": "bangkok-2018",
        "title": "2nd Asia ICT and CT Dialogue",
        "kind": "workshop",
        "kind_label": "Workshop",
        "start": "2018-01-24",
        "end": "2018-01-25",
        "venue": "",
        "city": "Bangkok",
        "country": "TH",
        "attendance": "",
        "programme": None,
        "topics": [],
        "summary": "",
        "description": "",
        "hosts": [
            {
                "organisation": "mfa-th",
                "name": "Ministry of Foreign Affairs of Thailand",
                "role": "co_host",
                "sources": cited,
            }
        ],
        "speakers": [
            {
                "person": "kovalenko",
                "name": "Andrei Kovalenko",
                "role": "speaker",
                "affiliation": None,
                "title": "Director",
                "sources": cited,
            }
        ],
        "links": [],
        "sources": cited,
        "status": "published",
        "review_note": "",
        "html_url": "http://testserver/events/bangkok-2018/",
        "api_url": "http://testserver/api/v1/events/bangkok-2018/",
        "updated_at": payload["updated_at"],
    }
    assert re.match(r"^\d{4}-\d\d-\d\dT", payload["updated_at"])


@pytest.mark.django_db
def test_anonymous_readers_see_no_draft_nor_draft_links(client, make_organisation, make_programme):
    programme = make_programme(slug="public")
    programme.partnerships.create(
        organisation=make_organisation(name="Draft partner", status=Status.DRAFT), role="funder"
    )
    make_programme(slug="hidden", status=Status.DRAFT)
    listing = client.get("/api/v1/programmes/").json()
    assert [p["slug"] for p in listing["results"]] == ["public"]
    assert listing["results"][0]["partners"] == []
    assert client.get("/api/v1/programmes/hidden/").status_code == 404


@pytest.mark.django_db
def test_an_editor_reads_drafts_too(client, editor, make_programme):
    make_programme(slug="hidden", status=Status.DRAFT)
    client.force_login(editor)
    assert client.get("/api/v1/programmes/hidden/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_writes_are_refused(client, resource):
    assert client.post(f"/api/v1/{resource}/", {}, content_type="application/json").status_code in (
        401,
        403,
    )


@pytest.mark.django_db
def test_pages_hold_at_most_a_hundred(client, make_topic):
    for _ in range(3):
        make_topic()
    page = client.get("/api/v1/topics/", {"page_size": 2}).json()
    assert (page["count"], len(page["results"])) == (3, 2)
    assert page["next"].endswith("page=2&page_size=2")
    assert client.get("/api/v1/topics/", {"page_size": 1000}).status_code == 200


@pytest.mark.django_db
def test_the_schema_is_valid_and_the_docs_load_nothing_from_elsewhere(client):
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())
    docs = client.get("/api/docs/").content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert addresses
    assert all(address.startswith("/") for address in addresses), addresses


@pytest.mark.django_db
def test_an_error_answer_leaves_the_next_request_working(client, editor, make_topic):
    # Reading runs outside a transaction: its 404, 400 or 405 must not mark an
    # enclosing one (here the test's) as broken.
    make_topic(slug="ai")
    assert client.get("/api/v1/topics/nope/").status_code == 404
    assert client.get("/api/v1/topics/?ordering=nope").status_code == 400
    assert client.get("/api/v1/changes/").status_code == 400
    client.force_login(editor)
    assert client.generic("QUERY", "/api/v1/changes/?since=2000-01-01T00:00:00Z").status_code == 405
    assert client.get("/api/v1/topics/ai/").status_code == 200
