"""Exports of the API's lists: CSV of every matching row, events as iCalendar, the licence."""

from __future__ import annotations

import csv
import datetime
import io

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership, Speaker
from orgs.api import OrganisationViewSet

RESOURCES = ["organisations", "programmes", "events", "topics", "people", "sources"]
BOM = "\ufeff"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def text_of(response) -> str:
    """The body, read once: a streamed answer cannot be read twice."""
    if not hasattr(response, "body_text"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response.body_text = body.decode("utf-8")
    return response.body_text


def rows_of(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text_of(response).removeprefix(BOM))))


def header_of(response) -> list[str]:
    return next(csv.reader(io.StringIO(text_of(response).removeprefix(BOM))))


def calendar_of(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.django_db
def test_a_csv_export_holds_every_matching_row_not_one_page(api, make_topic):
    for n in range(55):
        make_topic(slug=f"t-{n:02d}", name=f"Topic {n:02d}")
    assert len(api.get("/api/v1/topics/").json()["results"]) == 50
    response = api.get("/api/v1/topics/", {"format": "csv", "page_size": 2})
    assert response.status_code == 200
    assert response.streaming
    assert [row["slug"] for row in rows_of(response)] == [f"t-{n:02d}" for n in range(55)]


@pytest.mark.django_db
def test_it_answers_csv_with_a_file_name_and_the_licence(api, settings, make_organisation):
    make_organisation()
    response = api.get("/api/v1/organisations/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="organisations.csv"'
    assert response["Link"] == f'<{settings.DATA_LICENCE["url"]}>; rel="license"'
    assert response["X-Data-Licence"] == (
        f"{settings.DATA_LICENCE['name']}; attribution: {settings.DATA_LICENCE['attribution']}"
    )
    assert api.get("/api/v1/people/?format=csv")["Content-Disposition"] == (
        'attachment; filename="people.csv"'
    )


@pytest.mark.django_db
def test_it_has_a_column_per_field_with_codes_and_labels(api, make_organisation):
    make_organisation(
        slug="itu",
        name="International Telecommunication Union",
        acronyms=["ITU", "UIT"],
        stakeholder_group="intergovernmental",
        city="Geneva",
        country="CH",
        description="A *long* description.\n\nIn two paragraphs.",
    )
    response = api.get("/api/v1/organisations/", {"format": "csv"})
    assert header_of(response) == [
        "slug", "name", "acronyms", "stakeholder_group", "stakeholder_group_label", "founded",
        "address", "city", "country", "country_label", "website", "email", "summary",
        "description", "parent", "topics", "social_accounts", "identifiers", "relations",
        "inverse_relations", "people", "sources", "status", "status_label", "review_note",
        "html_url", "api_url", "updated_at",
    ]  # fmt: skip
    [row] = rows_of(response)
    assert row["slug"] == "itu"
    assert row["acronyms"] == "ITU; UIT"
    assert row["stakeholder_group"] == "intergovernmental"
    assert row["stakeholder_group_label"] == "International and regional organisations"
    assert (row["country"], row["country_label"]) == ("CH", "Switzerland")
    assert row["description"] == "A *long* description.\n\nIn two paragraphs."
    assert row["founded"] == ""
    assert row["sources"] == "test-source"
    assert row["html_url"] == "http://testserver/organisations/itu/"


@pytest.mark.django_db
def test_it_labels_every_choice_of_events_and_programmes(api, make_event, make_programme):
    make_event(slug="e", kind="workshop", attendance="hybrid", country="TH")
    make_programme(
        slug="p", kind="project", state="active", scope="regional", countries=["KE", "GH"]
    )
    [event] = rows_of(api.get("/api/v1/events/?format=csv"))
    assert {
        key: event[key] for key in ("kind", "kind_label", "attendance", "attendance_label")
    } == {
        "kind": "workshop",
        "kind_label": "Workshop",
        "attendance": "hybrid",
        "attendance_label": "Hybrid",
    }
    assert (event["country"], event["country_label"]) == ("TH", "Thailand")
    [programme] = rows_of(api.get("/api/v1/programmes/?format=csv"))
    assert (programme["state"], programme["state_label"]) == ("active", "Active")
    assert (programme["scope"], programme["scope_label"]) == ("regional", "Regional")
    assert (programme["countries"], programme["countries_label"]) == ("GH; KE", "Ghana; Kenya")


@pytest.mark.django_db
def test_it_joins_lists_with_semicolons(
    api, make_event, make_organisation, make_person, make_programme, make_source, make_topic
):
    sources = [make_source(slug="report"), make_source(slug="press")]
    topics = [make_topic(slug="ai", name="AI"), make_topic(slug="cyber", name="Cyber")]
    unesco = make_organisation(slug="unesco")
    itu = make_organisation(slug="itu")
    programme = make_programme(slug="p", sources=sources)
    programme.topics.set(topics)
    Partnership.objects.create(programme=programme, organisation=unesco, role="lead")
    Partnership.objects.create(programme=programme, organisation=itu, role="funder")
    event = make_event(slug="e", sources=sources)
    EventRole.objects.create(event=event, organisation=itu, role="host")
    Speaker.objects.create(event=event, person=make_person(slug="ada"), role="keynote")
    unesco.identifiers.create(scheme="wikidata", value="Q7809")

    [row] = rows_of(api.get("/api/v1/programmes/?format=csv"))
    assert row["topics"] == "ai; cyber"
    # In the JSON's order, which is the partnerships' own.
    assert row["partners"] == "itu (funder); unesco (lead)"
    assert sorted(row["sources"].split("; ")) == ["press", "report"]
    [row] = rows_of(api.get("/api/v1/events/?format=csv"))
    assert row["hosts"] == "itu (host)"
    assert row["speakers"] == "ada (keynote)"
    rows = {row["slug"]: row for row in rows_of(api.get("/api/v1/organisations/?format=csv"))}
    assert rows["unesco"]["identifiers"] == "wikidata:Q7809"


@pytest.mark.django_db
def test_fields_choose_and_order_the_columns(api, make_organisation):
    make_organisation(slug="itu", name="ITU", stakeholder_group="intergovernmental")
    response = api.get(
        "/api/v1/organisations/",
        {"format": "csv", "fields": "stakeholder_group_label,slug,name"},
    )
    assert text_of(response).splitlines() == [
        "stakeholder_group_label,slug,name",
        "International and regional organisations,itu,ITU",
    ]


@pytest.mark.django_db
def test_an_unknown_field_is_refused_naming_it_and_the_valid_ones(api, make_organisation):
    make_organisation()
    response = api.get("/api/v1/organisations/", {"format": "csv", "fields": "slug,colour"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()
    assert error["unknown"] == ["colour"]
    assert "colour" in error["fields"][0]
    assert "stakeholder_group_label" in error["fields"][0]
    assert error["valid"][:3] == ["slug", "name", "acronyms"]


@pytest.mark.django_db
def test_bom_starts_the_file_with_a_byte_order_mark(api, make_topic):
    make_topic(name="Sécurité")
    with_bom = api.get("/api/v1/topics/", {"format": "csv", "bom": "1"})
    assert b"".join(with_bom.streaming_content).startswith(b"\xef\xbb\xbfslug,")
    without = api.get("/api/v1/topics/", {"format": "csv"})
    body = b"".join(without.streaming_content)
    assert body.startswith(b"slug,")
    assert "Sécurité".encode() in body


@pytest.mark.django_db
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_defused(api, make_organisation):
    make_organisation(
        slug="evil",
        name='=HYPERLINK("https://evil.example","click")',
        acronyms=["@SUM(A1)", "OK"],
        city="+33",
        address="-1+1",
        summary="A plain = sign inside is harmless.",
    )
    [row] = rows_of(api.get("/api/v1/organisations/?format=csv"))
    assert row["name"] == '\'=HYPERLINK("https://evil.example","click")'
    assert row["acronyms"] == "'@SUM(A1); OK"
    assert row["city"] == "'+33"
    assert row["address"] == "'-1+1"
    assert row["summary"] == "A plain = sign inside is harmless."


@pytest.mark.django_db
def test_drafts_are_never_exported_to_anonymous_readers(api, editor, make_organisation):
    make_organisation(slug="public")
    make_organisation(slug="hidden", status=Status.DRAFT)
    assert [row["slug"] for row in rows_of(api.get("/api/v1/organisations/?format=csv"))] == [
        "public"
    ]
    api.force_authenticate(editor)
    slugs = {row["slug"] for row in rows_of(api.get("/api/v1/organisations/?format=csv"))}
    assert slugs == {"public", "hidden"}


@pytest.mark.django_db
def test_exports_follow_the_lists_filters(api, monkeypatch, make_organisation):
    class OnlyItu:
        def filter_queryset(self, request, queryset, view):
            return queryset.filter(slug="itu")

    monkeypatch.setattr(OrganisationViewSet, "filter_backends", [OnlyItu])
    make_organisation(slug="itu")
    make_organisation(slug="unesco")
    assert [row["slug"] for row in rows_of(api.get("/api/v1/organisations/?format=csv"))] == ["itu"]


@pytest.mark.django_db
def test_a_single_record_is_not_exported(api, make_organisation):
    make_organisation(slug="itu")
    assert api.get("/api/v1/organisations/itu/?format=csv").status_code == 404
    assert api.get("/api/v1/organisations/?format=ics").status_code == 404


def export(api, resource: str) -> str:
    return text_of(api.get(f"/api/v1/{resource}/", {"format": "csv"}))


@pytest.mark.django_db
def test_an_organisations_csv_costs_a_fixed_number_of_queries(
    api, make_world, django_assert_num_queries
):
    make_world(2)
    # The records (reading runs outside a transaction), then one query per
    # prefetched relation: parent, topics and their sources, accounts
    # and theirs, identifiers, people and theirs, relations both ways and
    # theirs, sources.
    with django_assert_num_queries(14):
        export(api, "organisations")


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_csv_costs_the_same_number_of_queries_whatever_its_rows(
    api, make_world, django_assert_num_queries, resource
):
    make_world(1)
    with CaptureQueriesContext(connection) as queries:
        export(api, resource)
    make_world(5)
    with django_assert_num_queries(len(queries)):
        export(api, resource)


@pytest.mark.django_db
def test_events_read_as_icalendar_one_vevent_per_day_dated_event(
    api, settings, make_event, make_source
):
    settings.SITE_URL = "https://cyberpeace.example"
    source = make_source(
        slug="bangkok", title="Report of the dialogue", publisher="UNIDIR", url="https://r.example/"
    )
    make_event(
        slug="bangkok-2018",
        title="2nd Asia ICT and CT Dialogue",
        start="2018-01-24",
        end="2018-01-25",
        venue="Centara Grand",
        city="Bangkok",
        country="TH",
        summary="Two days on confidence building.",
        sources=[source],
    )
    make_event(slug="one-day", start="2019-03-05")
    make_event(slug="ends-in-a-month", start="2019-04-29", end="2019-05")
    make_event(slug="may-2017", start="2017-05")
    make_event(slug="in-2009", start="2009")
    make_event(slug="undated", start=None)
    make_event(slug="draft", start="2019-06-01", status=Status.DRAFT)

    response = api.get("/api/v1/events/", {"format": "ics", "page_size": 1})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Link"] == f'<{settings.DATA_LICENCE["url"]}>; rel="license"'
    assert settings.DATA_LICENCE["name"] in response["X-Data-Licence"]
    calendar = calendar_of(response)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "bangkok-2018@cyberpeace.example",
        "one-day@cyberpeace.example",
        "ends-in-a-month@cyberpeace.example",
    }
    bangkok = events["bangkok-2018@cyberpeace.example"]
    assert bangkok["dtstart"].dt == datetime.date(2018, 1, 24)
    assert bangkok["dtstart"].params["VALUE"] == "DATE"
    assert bangkok["dtend"].dt == datetime.date(2018, 1, 26)
    assert str(bangkok["summary"]) == "2nd Asia ICT and CT Dialogue"
    assert str(bangkok["location"]) == "Centara Grand, Bangkok, Thailand"
    assert str(bangkok["url"]) == "http://testserver/events/bangkok-2018/"
    assert str(bangkok["description"]) == (
        "Two days on confidence building.\n\n"
        "Sources:\n- Report of the dialogue, UNIDIR: https://r.example/"
    )
    assert bangkok["dtstamp"].dt == bangkok["last-modified"].dt
    assert bangkok["dtstamp"].dt.tzinfo is not None
    one_day = events["one-day@cyberpeace.example"]
    assert (one_day["dtstart"].dt, one_day["dtend"].dt) == (
        datetime.date(2019, 3, 5),
        datetime.date(2019, 3, 6),
    )
    open_ended = events["ends-in-a-month@cyberpeace.example"]
    assert "dtend" not in open_ended
    assert "When: 29 April 2019 – May 2019." in str(open_ended["description"])

    # DTSTAMP is the event's last change only in a calendar without METHOD (RFC 5545).
    assert "method" not in calendar
    description = str(calendar["x-wr-caldesc"])
    assert "(here: 2 known only to the month or the year, 1 undated)" in description
    assert settings.DATA_LICENCE["url"] in description
    assert settings.DATA_LICENCE["attribution"] in description


@pytest.mark.django_db
def test_the_api_root_states_the_licence(api, settings):
    response = api.get("/api/v1/")
    root = response.json()
    assert root["licence"] == {
        "name": settings.DATA_LICENCE["name"],
        "url": settings.DATA_LICENCE["url"],
        "attribution": settings.DATA_LICENCE["attribution"],
    }
    assert set(root) == {*RESOURCES, "licence"}
    assert root["events"] == "http://testserver/api/v1/events/"
    assert response["Link"] == f'<{settings.DATA_LICENCE["url"]}>; rel="license"'


@pytest.mark.django_db
def test_json_lists_link_to_the_licence(api, settings):
    response = api.get("/api/v1/topics/")
    assert response["Content-Type"] == "application/json"
    assert response["Link"] == f'<{settings.DATA_LICENCE["url"]}>; rel="license"'


@pytest.mark.django_db
def test_the_schema_states_the_licence_and_documents_the_exports(api, settings):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert schema["info"]["license"] == {
        "name": settings.DATA_LICENCE["name"],
        "url": settings.DATA_LICENCE["url"],
    }
    assert settings.DATA_LICENCE["url"] in schema["info"]["description"]
    events = schema["paths"]["/api/v1/events/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in events["parameters"]}
    assert parameters["format"]["schema"]["enum"] == ["csv", "ics", "json"]
    assert parameters["bom"]["schema"]["enum"] == ["0", "1"]
    assert "kind_label" in parameters["fields"]["schema"]["items"]["enum"]
    assert set(events["responses"]["200"]["content"]) == {
        "application/json",
        "text/csv",
        "text/calendar",
    }
    topics = schema["paths"]["/api/v1/topics/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in topics["parameters"]}
    assert parameters["format"]["schema"]["enum"] == ["csv", "json"]
    detail = schema["paths"]["/api/v1/topics/{slug}/"]["get"]
    assert "format" not in {parameter["name"] for parameter in detail["parameters"]}


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), [("bom=2", "bom"), ("fields=nope", "fields")])
def test_export_parameters_are_checked_whatever_the_format(client, query, field):
    response = client.get(f"/api/v1/topics/?{query}")
    assert response.status_code == 400
    assert field in response.json()
