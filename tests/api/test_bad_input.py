"""The partner API, bad input: always a 400 (or 413) naming the field and the reason, never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cyberpeace.models import Identifier, Source
from cyberpeace.publishing import Status
from initiatives.models import Event, Programme


@pytest.fixture
def as_editor(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def existing(make_organisation, make_programme, make_source) -> Programme:
    """A source, an organisation and a programme (with a Wikidata item) to refer to."""
    make_source(slug="test-source")
    make_source(slug="draft-source", status=Status.DRAFT)
    make_organisation(slug="itu")
    programme = make_programme(slug="existing-programme")
    Identifier.objects.create(record=programme, scheme="wikidata", value="Q7")
    return programme


CITED = {"sources": ["test-source"]}
PROGRAMME = {"slug": "new-programme", "title": "A new programme", "kind": "programme"} | CITED
EVENT = {"slug": "new-event", "title": "A new event", "kind": "forum", "start": "2024"} | CITED
SOURCE = {"slug": "new-source", "title": "A report", "kind": "report", "url": "https://a.org/"}
ORGANISATION = {"slug": "new-org", "name": "A new organisation", "stakeholder_group": "ngo"} | CITED

CASES = [
    # wrong types
    ("programmes", PROGRAMME | {"title": ["A list"]}, "title", "valid string"),
    ("programmes", PROGRAMME | {"title": 42}, "title", "valid string"),
    ("programmes", PROGRAMME | {"topics": "security"}, "topics", "list"),
    ("programmes", PROGRAMME | {"partners": {"organisation": "itu"}}, "partners", "list"),
    ("programmes", PROGRAMME | {"parent": 7}, "parent", "slug"),
    ("organisations", ORGANISATION | {"acronyms": "ITU"}, "acronyms", "list"),
    ("organisations", ORGANISATION | {"acronyms": ["A" * 31]}, "acronyms", "30 characters"),
    # keys that are no field
    ("programmes", PROGRAMME | {"colour": "blue"}, "colour", "not a field"),
    ("programmes", PROGRAMME | {"partners": [{"organisation": "itu", "role": "lead", "sources": ["test-source"], "x": 1}]},
     "partners", "not a field"),
    # slugs of nothing
    ("programmes", PROGRAMME | {"parent": "nope"}, "parent", "“nope”"),
    ("programmes", PROGRAMME | {"topics": ["nope"]}, "topics", "“nope”"),
    ("programmes", PROGRAMME | {"sources": ["nope"]}, "sources", "“nope”"),
    ("programmes", PROGRAMME | {"partners": [{"organisation": "nope", "role": "lead", "sources": ["test-source"]}]},
     "partners", "“nope”"),
    ("events", EVENT | {"speakers": [{"person": "nobody"}]}, "speakers", "“nobody”"),
    # a NUL byte, which no slug holds (and PostgreSQL refuses in any text)
    ("programmes", PROGRAMME | {"sources": ["test\x00source"]}, "sources", "slug"),
    ("programmes", PROGRAMME | {"parent": "a\x00b"}, "parent", "slug"),
    ("programmes", PROGRAMME | {"partners": [{"organisation": "i\x00tu", "role": "lead", "sources": ["test-source"]}]},
     "partners", "slug"),
    # partial dates
    ("programmes", PROGRAMME | {"start": "2017-13"}, "start", "not a month"),
    ("programmes", PROGRAMME | {"start": "2019-02-29"}, "start", "no day 29"),
    ("programmes", PROGRAMME | {"start": "May 2017"}, "start", "YYYY-MM"),
    ("programmes", PROGRAMME | {"start": 2017}, "start", "as text"),
    ("sources", SOURCE | {"published": "2017-00"}, "published", "not a month"),
    # an end before its start
    ("programmes", PROGRAMME | {"start": "2018-05", "end": "2018-04-30"}, "end", "before"),
    ("events", EVENT | {"start": "2018-01-25", "end": "2018-01-24"}, "end", "before"),
    ("events", EVENT | {"start": None, "end": "2018-01-24"}, "start", "needs its start"),
    ("programmes", PROGRAMME | {"partners": [
        {"organisation": "itu", "role": "lead", "sources": ["test-source"], "start": "2020", "end": "2019"}]},
     "partners", "before"),
    # slugs taken, whatever their case, or reserved
    ("programmes", PROGRAMME | {"slug": "existing-programme"}, "slug", "already"),
    ("programmes", PROGRAMME | {"slug": "Existing-Programme"}, "slug", "already"),
    ("programmes", PROGRAMME | {"slug": "feed"}, "slug", "addresses use"),
    ("programmes", PROGRAMME | {"slug": "no spaces"}, "slug", "slug"),
    # identifiers
    ("programmes", PROGRAMME | {"identifiers": [{"scheme": "wikidata", "value": "Q7"}]},
     "identifiers", "already names"),
    ("programmes", PROGRAMME | {"identifiers": [
        {"scheme": "wikidata", "value": "Q8"}, {"scheme": "wikidata", "value": "Q9"}]},
     "identifiers", "one value per scheme"),
    ("programmes", PROGRAMME | {"identifiers": [{"scheme": "wikidata", "value": "X1"}]},
     "identifiers", "not a Wikidata item"),
    # links twice in one list
    ("programmes", PROGRAMME | {"partners": [
        {"organisation": "itu", "role": "lead", "sources": ["test-source"]}, {"organisation": "itu", "role": "lead", "sources": ["test-source"]}]},
     "partners", "twice"),
    # over-long text
    ("programmes", PROGRAMME | {"title": "x" * 251}, "title", "250"),
    ("programmes", PROGRAMME | {"summary": "x" * 1001}, "summary", "1000"),
    ("programmes", PROGRAMME | {"partners": [{"organisation": "itu", "role": "lead", "sources": ["test-source"], "note": "x" * 501}]},
     "partners", "500"),
    # web addresses
    ("programmes", PROGRAMME | {"website": "ftp://example.org/"}, "website", "https://"),
    ("programmes", PROGRAMME | {"website": "javascript:alert(1)"}, "website", "https://"),
    ("sources", SOURCE | {"url": "example.org"}, "url", "https://"),
    ("sources", SOURCE | {"url": ""}, "url", "address"),
    ("events", EVENT | {"links": [{"title": "Webcast", "url": "data:text/html,x"}]}, "links",
     "https://"),
    ("organisations", ORGANISATION | {"email": "not-an-address"}, "email", "email"),
    # choices and codes
    ("programmes", PROGRAMME | {"kind": "party"}, "kind", "not a valid choice"),
    ("programmes", PROGRAMME | {"status": "archived"}, "status", "not a valid choice"),
    ("programmes", PROGRAMME | {"partners": [{"organisation": "itu", "role": "boss"}]},
     "partners", "not a valid choice"),
    ("programmes", PROGRAMME | {"countries": ["ZZ"]}, "countries", "ISO 3166"),
    ("events", EVENT | {"country": "Switzerland"}, "country", "ISO 3166"),
    ("events", EVENT | {"attendance": "maybe"}, "attendance", "not a valid choice"),
    # what is required
    ("programmes", {"slug": "new-programme", "kind": "programme"}, "title", "required"),
    # a published record shows a published source
    ("programmes", PROGRAMME | {"status": "published", "sources": ["draft-source"]}, "sources",
     "published source"),
    # every record and link cites a source
    ("programmes", PROGRAMME | {"sources": []}, "sources", "at least one source"),
    ("programmes", PROGRAMME | {"sources": {}}, "sources", "list of source slugs"),
    ("events", {k: v for k, v in EVENT.items() if k != "sources"}, "sources", "required"),
    ("events", EVENT | {"hosts": [{"organisation": "itu", "role": "host"}]}, "hosts", "required"),
    ("programmes", PROGRAMME | {"status": "published", "sources": ["draft-source"]}, "sources",
     "published source"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource", "payload", "field", "reason"),
    CASES,
    ids=[f"{case[2]}-{i}" for i, case in enumerate(CASES)],
)
def test_bad_input_is_a_400_naming_the_field_and_the_reason(
    as_editor, existing, resource, payload, field, reason
):
    response = as_editor.post(f"/api/v1/{resource}/", payload, format="json")

    assert response.status_code == 400, response.json()
    errors = response.json()
    assert field in errors, errors
    assert reason.lower() in str(errors[field]).lower(), errors
    assert not Programme.objects.filter(slug="new-programme").exists()
    assert not Event.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"parent": "existing-programme"}, "parent", "loop"),
        ({"follows": "existing-programme"}, "follows", "loop"),
        ({"slug": "EXISTING-programme"}, "slug", None),
        ({"end": "1999"}, "end", "before"),
    ],
)
def test_a_change_is_checked_as_the_model_checks_it(
    as_editor, existing, make_programme, change, field, reason
):
    make_programme(slug="other", start="2001")
    response = as_editor.patch(
        "/api/v1/programmes/existing-programme/" if field != "end" else "/api/v1/programmes/other/",
        change,
        format="json",
    )
    if reason is None:
        # Its own slug in another case is no clash: it is stored lower case.
        assert response.status_code == 200, response.json()
        return
    assert response.status_code == 400, response.json()
    assert reason in str(response.json()[field])


@pytest.mark.django_db
def test_a_name_taken_by_another_topic_is_refused(as_editor, make_topic):
    make_topic(name="Cybersecurity")
    response = as_editor.post(
        "/api/v1/topics/", {"slug": "cyber", "name": "Cybersecurity"}, format="json"
    )
    assert response.status_code == 400
    assert "already exists" in response.json()["name"][0]


@pytest.mark.django_db
def test_malformed_json_is_a_400(as_editor):
    response = as_editor.post(
        "/api/v1/programmes/", '{"title": "A', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[]", '"a programme"', "null", "42"])
def test_a_body_that_is_no_object_is_a_400(as_editor, body):
    response = as_editor.post("/api/v1/programmes/", body, content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


@pytest.mark.django_db
def test_a_form_encoded_body_is_refused(as_editor):
    response = as_editor.post("/api/v1/programmes/", {"title": "x"})
    assert response.status_code == 415


@pytest.mark.django_db
def test_an_oversized_body_is_a_413(as_editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = as_editor.post(
        "/api/v1/programmes/", PROGRAMME | {"description": "x" * 2000}, format="json"
    )
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_a_constraint_the_checks_missed_is_a_409_not_a_500(as_editor, monkeypatch, make_source):
    make_source(slug="test-source")
    # As if two writes raced past the check: the database's constraint decides.
    monkeypatch.setattr(Source, "validate_unique", lambda self, exclude=None: None)
    payload = {"slug": "test-source", "title": "Again", "kind": "report", "url": "https://a.org/"}
    monkeypatch.setattr(
        "rest_framework.validators.UniqueValidator.__call__", lambda self, value, field: None
    )

    response = as_editor.post("/api/v1/sources/", payload, format="json")

    assert response.status_code == 409
    assert "conflicts" in response.json()["detail"]
    assert Source.objects.filter(slug="test-source").count() == 1


ODD_VALUES = [None, 0, True, "", "x" * 5000, "ünï ✓", [], [None], [1], [{}], {}, {"slug": 1}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "resource", ["organisations", "programmes", "events", "topics", "people", "sources"]
)
def test_no_value_in_any_field_is_a_500(as_editor, make_world, resource):
    make_world(1)
    slug = as_editor.get(f"/api/v1/{resource}/").json()["results"][0]["slug"]
    fields = as_editor.options(f"/api/v1/{resource}/").json()
    writable = [name for name, f in fields["actions"]["POST"].items() if not f["read_only"]]
    assert "sources" in writable or resource == "sources"
    for name in writable:
        for value in ODD_VALUES:
            response = as_editor.patch(f"/api/v1/{resource}/{slug}/", {name: value}, format="json")
            assert response.status_code in (200, 400), (name, value, response.content[:300])
            slug = as_editor.get(f"/api/v1/{resource}/").json()["results"][0]["slug"]


def test_a_body_too_large_for_django_is_a_413_too():
    from django.core.exceptions import RequestDataTooBig

    from cyberpeace.api_write import exception_handler

    response = exception_handler(RequestDataTooBig("too big"), {})
    assert response.status_code == 413
    assert "bytes" in response.data["detail"]


@pytest.mark.django_db
def test_a_list_given_in_a_patch_needs_whole_rows(as_editor, existing):
    response = as_editor.patch(
        "/api/v1/programmes/existing-programme/",
        {"partners": [{"organisation": "itu"}], "identifiers": [{"value": "Q9"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "partners": {
            "0": {"role": ["This field is required."], "sources": ["This field is required."]}
        },
        "identifiers": {"0": {"scheme": ["This field is required."]}},
    }


NUL_READS = [
    "/api/v1/programmes/?organisation=i%00tu",
    "/api/v1/programmes/?topic=a%00b",
    "/api/v1/events/?programme=a%00b",
    "/api/v1/organisations/?q=gen%00eva",
    "/api/v1/organisations/?city=gen%00eva",
    "/api/v1/changes/?since=2020%00",
    "/organisations/?topic=a%00b&q=x%00y",
    "/programmes/?organisation=i%00tu",
    "/events/?programme=a%00b&organisation=b%00c",
    "/search/?q=gen%00eva",
    "/timeline/?organisation=a%00b&topic=c%00d",
    "/events/feed/?organisation=a%00b",
    "/events/feed.ics?topic=a%00b",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", NUL_READS)
def test_a_nul_byte_in_a_parameter_is_no_server_error(client, existing, path):
    """PostgreSQL refuses NUL in any text it is sent: such a value must never reach it."""
    response = client.get(path)

    assert response.status_code in (200, 400), response.content[:300]
