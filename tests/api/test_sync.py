"""Keeping a copy in sync: conditional GETs (ETag, Last-Modified, 304) and the change feed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from cyberpeace.changes import encode_cursor
from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership

LONG_AGO = "2000-01-01T00:00:00Z"


def reads(queries) -> list[str]:
    """The queries of a request, without the savepoint of its transaction."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def changes(client, since: str = LONG_AGO, **params) -> list[tuple[str, str, str]]:
    page = client.get("/api/v1/changes/", {"since": since, "page_size": 100, **params})
    assert page.status_code == 200, page.content
    return [(c["type"], c["slug"], c["action"]) for c in page.json()["results"]]


# Conditional GETs


@pytest.mark.django_db
def test_a_detail_answers_304_with_no_body_to_its_own_etag(client, make_programme):
    make_programme(slug="oewg")
    first = client.get("/api/v1/programmes/oewg/")
    assert first.status_code == 200
    assert {"Authorization", "Cookie"} <= {v.strip() for v in first["Vary"].split(",")}
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/programmes/oewg/", headers={"if-none-match": first["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    # The record alone: nothing it embeds is read for a 304.
    assert len(reads(queries)) == 1


@pytest.mark.django_db
def test_a_detail_answers_304_when_not_modified_since(client, make_programme):
    programme = make_programme(slug="oewg")
    later = http_date(programme.updated_at.timestamp() + 1)
    answer = client.get("/api/v1/programmes/oewg/", headers={"if-modified-since": later})
    assert answer.status_code == 304
    earlier = http_date(programme.updated_at.timestamp() - 1)
    answer = client.get("/api/v1/programmes/oewg/", headers={"if-modified-since": earlier})
    assert answer.status_code == 200


@pytest.mark.django_db
def test_a_renamed_partner_changes_the_programmes_etag(client, make_programme, make_organisation):
    partner = make_organisation(name="Old name")
    Partnership.objects.create(
        programme=make_programme(slug="oewg"), organisation=partner, role="lead"
    )
    before = client.get("/api/v1/programmes/oewg/")
    partner.name = "New name"
    partner.save()
    after = client.get("/api/v1/programmes/oewg/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["partners"][0]["name"] == "New name"


@pytest.mark.django_db
def test_adding_a_host_changes_the_events_etag(client, make_event, make_organisation):
    event = make_event(slug="summit")
    before = client.get("/api/v1/events/summit/")["ETag"]
    EventRole.objects.create(event=event, organisation=make_organisation(), role="host")
    after = client.get("/api/v1/events/summit/", headers={"if-none-match": before})
    assert after.status_code == 200
    assert after["ETag"] != before


@pytest.mark.django_db
def test_an_editor_and_a_visitor_get_different_etags(client, editor, make_topic):
    make_topic(slug="ai")
    visitor = client.get("/api/v1/topics/ai/")["ETag"]
    client.force_login(editor)
    answer = client.get("/api/v1/topics/ai/", headers={"if-none-match": visitor})
    assert answer.status_code == 200
    assert answer["ETag"] != visitor


@pytest.mark.django_db
def test_a_list_answers_304_until_a_record_in_it_changes_or_goes(client, make_topic):
    first, second = make_topic(), make_topic()
    listing = client.get("/api/v1/topics/")
    assert listing["Last-Modified"] == http_date(second.updated_at.timestamp())
    tag = listing["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/topics/", headers={"if-none-match": tag})
    assert (again.status_code, again.content) == (304, b"")
    assert len(reads(queries)) == 1  # one aggregate: no page, no count, no rows

    # Another query string is another answer.
    assert (
        client.get("/api/v1/topics/?page_size=1", headers={"if-none-match": tag}).status_code == 200
    )

    second.delete()
    gone = client.get("/api/v1/topics/", headers={"if-none-match": tag})
    assert gone.status_code == 200
    assert gone["ETag"] != tag

    first.description = "Changed."
    first.save()
    assert client.get("/api/v1/topics/", headers={"if-none-match": gone["ETag"]}).status_code == 200


@pytest.mark.django_db
def test_a_list_etag_moves_when_an_embedded_record_is_renamed(
    client, make_programme, make_organisation
):
    partner = make_organisation()
    Partnership.objects.create(programme=make_programme(), organisation=partner, role="lead")
    tag = client.get("/api/v1/programmes/")["ETag"]
    partner.name = "Renamed"
    partner.save()
    assert client.get("/api/v1/programmes/", headers={"if-none-match": tag}).status_code == 200


@pytest.mark.django_db
def test_an_older_list_deleted_from_still_changes_its_etag(client, make_topic):
    older, latest = make_topic(), make_topic()
    listing = client.get("/api/v1/topics/")
    older.delete()  # not the latest: max(updated_at) is unchanged, the count is not
    again = client.get("/api/v1/topics/", headers={"if-none-match": listing["ETag"]})
    assert again.status_code == 200
    assert (
        again["Last-Modified"]
        == listing["Last-Modified"]
        == http_date(latest.updated_at.timestamp())
    )


# The change feed


@pytest.mark.django_db
def test_the_feed_lists_a_create_an_edit_an_unpublish_and_a_delete_in_order(
    client, editor, make_organisation
):
    organisation = make_organisation(slug="itu")
    organisation.city = "Geneva"
    organisation.save()
    organisation.status = Status.DRAFT
    organisation.save()
    organisation.delete()
    client.force_login(editor)
    assert [c for c in changes(client) if c[0] == "organisation"] == [
        ("organisation", "itu", "created"),
        ("organisation", "itu", "changed"),  # its sources, set after it was created
        ("organisation", "itu", "changed"),
        ("organisation", "itu", "unpublished"),
        ("organisation", "itu", "deleted"),
    ]


@pytest.mark.django_db
def test_an_entry_reads_whole(client, make_topic):
    topic = make_topic(slug="ai")
    entry = client.get("/api/v1/changes/", {"since": LONG_AGO}).json()["results"][0]
    history = topic.history.earliest("history_date")
    assert entry == {
        "at": history.history_date.isoformat().replace("+00:00", "Z"),
        "type": "topic",
        "slug": "ai",
        "action": "created",
        "api_url": "http://testserver/api/v1/topics/ai/",
        "html_url": "http://testserver/topics/ai/",
    }


@pytest.mark.django_db
def test_visitors_see_no_draft_only_record_but_learn_of_unpublishing(
    client, editor, make_organisation, make_programme
):
    make_organisation(slug="secret", status=Status.DRAFT)
    later = make_programme(slug="later", status=Status.DRAFT)
    later.status = Status.PUBLISHED
    later.save()
    withdrawn = make_organisation(slug="withdrawn")
    withdrawn.slug = "withdrawn-draft"
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    withdrawn.delete()  # a draft when deleted: visitors already learnt it left
    seen = changes(client)
    assert ("organisation", "secret", "created") not in seen
    assert [c for c in seen if c[0] == "programme"] == [("programme", "later", "published")]
    assert [c for c in seen if c[1].startswith("withdrawn")] == [
        ("organisation", "withdrawn", "created"),
        ("organisation", "withdrawn", "changed"),
        ("organisation", "withdrawn", "unpublished"),
    ]
    unpublished = client.get("/api/v1/changes/", {"since": LONG_AGO}).json()["results"][-1]
    assert (unpublished["api_url"], unpublished["html_url"]) == (None, None)
    client.force_login(editor)
    assert ("organisation", "secret", "created") in changes(client)
    assert ("organisation", "withdrawn-draft", "deleted") in changes(client)


@pytest.mark.django_db
def test_since_leaves_out_what_changed_before(client, make_topic):
    make_topic(slug="old")
    since = timezone.now()
    make_topic(slug="new")
    assert {slug for _, slug, _ in changes(client, since.isoformat())} == {"new"}
    # A "+" the client did not encode arrives as a space.
    assert {slug for _, slug, _ in changes(client, since.isoformat().replace("+", " "))} == {"new"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "since", [None, "", "yesterday", "2026-13-01T00:00:00Z", "9999-12-31T23:59:59-01:00"]
)
def test_a_missing_or_unreadable_since_is_refused_naming_it(client, since):
    params = {} if since is None else {"since": since}
    answer = client.get("/api/v1/changes/", params)
    assert answer.status_code == 400
    (message,) = answer.json()["since"]
    assert "ISO 8601" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        "bm90IGEgY3Vyc29y",  # "not a cursor"
        "***",
        encode_cursor((timezone.now(), "topic", 2**70)),
        encode_cursor((timezone.now(), "dragon", 1)),
    ],
)
def test_a_cursor_the_feed_did_not_give_is_refused(client, cursor):
    answer = client.get("/api/v1/changes/", {"since": LONG_AGO, "cursor": cursor})
    assert answer.status_code == 400
    assert "cursor" in answer.json()


@pytest.mark.django_db
def test_deep_pages_follow_the_cursor_without_duplicates_or_gaps(
    client, make_world, make_organisation, make_topic
):
    make_world(2)
    # Changes at the same moment in several models: the order still has one place for each.
    moment = timezone.now()
    for _ in range(3):
        for record in (make_organisation(), make_topic()):
            record._history_date = moment
            record.save()
    everything = changes(client)
    assert len(everything) > 30
    walked, url, pages = [], "/api/v1/changes/", 0
    params = {"since": LONG_AGO, "page_size": 7}
    while url:
        page = client.get(url, params).json()
        walked += [(c["type"], c["slug"], c["action"]) for c in page["results"]]
        url, params, pages = page["next"], {}, pages + 1
    assert walked == everything
    assert pages == -(-len(everything) // 7)


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/changes/", {"since": LONG_AGO, "page_size": 10})
    return len(queries)


@pytest.mark.django_db
def test_a_feed_page_costs_one_query_per_model_whatever_the_rows_or_depth(client, make_world):
    make_world(1)
    assert count_queries(client) == 6
    make_world(6)
    assert count_queries(client) == 6
    first = client.get("/api/v1/changes/", {"since": LONG_AGO, "page_size": 10}).json()
    with CaptureQueriesContext(connection) as queries:
        client.get(first["next"])
    assert len(queries) == 6


@pytest.mark.django_db
def test_the_feed_is_in_the_schema(client):
    schema = client.get("/api/schema/", headers={"accept": "application/json"}).json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"since", "cursor", "page_size"}


@pytest.mark.django_db
def test_a_timestamp_without_a_zone_is_read_as_utc(client, make_topic):
    make_topic(slug="new")
    future = (timezone.now() + datetime.timedelta(hours=1)).replace(tzinfo=None)
    assert changes(client, future.isoformat()) == []
