"""The partner API, writing: who may write what, drafts, links, If-Match, history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from cyberpeace.conditional import record_etag
from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership, Programme
from orgs.models import Organisation, OrganisationTopic

CITED = {"sources": ["test-source"]}
RESOURCES = ["organisations", "programmes", "events", "topics", "people", "sources"]


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def as_editor(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def as_contributor(contributor) -> APIClient:
    client = APIClient()
    client.force_authenticate(contributor)
    return client


@pytest.fixture
def one_of_each(make_world) -> dict[str, str]:
    """The slug of one published record of each resource."""
    make_world(1)
    from cyberpeace.models import Source
    from initiatives.models import Event
    from orgs.models import Person, Topic

    models = {
        "organisations": Organisation,
        "programmes": Programme,
        "events": Event,
        "topics": Topic,
        "people": Person,
        "sources": Source,
    }
    return {name: model.objects.first().slug for name, model in models.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_refused_on_every_route(api, one_of_each, resource, method):
    path = f"/api/v1/{resource}/"
    if method != "post":
        path += f"{one_of_each[resource]}/"
    response = getattr(api, method)(path, {"title": "x"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "credentials" in response.json()["detail"]


@pytest.mark.django_db
def test_a_user_without_the_model_permission_may_not_write(api, one_of_each):
    api.force_authenticate(User.objects.create_user("reader"))
    assert api.post("/api/v1/topics/", {"name": "X", "slug": "x"}, format="json").status_code == 403
    slug = one_of_each["topics"]
    assert api.patch(f"/api/v1/topics/{slug}/", {"name": "Y"}, format="json").status_code == 403


def programme_payload(**changes) -> dict:
    return {
        "slug": "cyber-diplomacy",
        "title": "Cyber diplomacy programme",
        "kind": "programme",
        "sources": ["test-source"],
        **changes,
    }


@pytest.mark.django_db
def test_a_contributors_programme_is_a_draft_until_an_editor_publishes_it(
    api, as_contributor, as_editor, contributor, make_source
):
    make_source(slug="test-source")
    response = as_contributor.post("/api/v1/programmes/", programme_payload(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft"
    assert response["Location"] == "http://testserver/api/v1/programmes/cyber-diplomacy/"
    programme = Programme.objects.get(slug="cyber-diplomacy")
    assert (programme.status, programme.created_by) == (Status.DRAFT, contributor)
    assert as_contributor.get("/api/v1/programmes/cyber-diplomacy/").status_code == 200
    assert api.get("/api/v1/programmes/cyber-diplomacy/").status_code == 404
    assert api.get("/api/v1/programmes/").json()["count"] == 0

    published = as_editor.patch(
        "/api/v1/programmes/cyber-diplomacy/", {"status": "published"}, format="json"
    )

    assert published.status_code == 200, published.json()
    assert api.get("/api/v1/programmes/cyber-diplomacy/").json()["status"] == "published"
    assert [p["slug"] for p in api.get("/api/v1/programmes/").json()["results"]] == [
        "cyber-diplomacy"
    ]


@pytest.mark.django_db
def test_a_contributor_may_not_publish(as_contributor, make_source):
    make_source(slug="test-source")
    response = as_contributor.post(
        "/api/v1/programmes/", programme_payload(status="published"), format="json"
    )
    assert response.status_code == 400
    assert "Only an editor" in response.json()["status"][0]
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_a_contributor_may_not_publish_their_own_draft_either(as_contributor, make_source):
    make_source(slug="test-source")
    as_contributor.post("/api/v1/programmes/", programme_payload(), format="json")
    response = as_contributor.patch(
        "/api/v1/programmes/cyber-diplomacy/", {"status": "published"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert Programme.objects.get().status == Status.DRAFT


@pytest.mark.django_db
def test_a_contributors_draft_event_hosted_by_a_published_organisation_is_accepted(
    as_contributor, make_organisation, make_person, make_source
):
    make_source(slug="test-source")
    make_organisation(slug="itu")
    make_person(slug="doreen")
    response = as_contributor.post(
        "/api/v1/events/",
        {
            "slug": "wsis-2025",
            "title": "WSIS Forum 2025",
            "kind": "forum",
            "start": "2025-07-07",
            "end": "2025-07-11",
            "country": "CH",
            "hosts": [{"organisation": "itu", "role": "host", "sources": ["test-source"]}],
            "speakers": [
                {
                    "person": "doreen",
                    "role": "keynote",
                    "affiliation": "itu",
                    "sources": ["test-source"],
                }
            ],
            "links": [{"title": "Webcast", "url": "https://example.org/webcast"}],
            "sources": ["test-source"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    payload = response.json()
    assert payload["status"] == "draft"
    assert [(h["organisation"], h["role"]) for h in payload["hosts"]] == [("itu", "host")]
    assert payload["hosts"][0]["sources"][0]["slug"] == "test-source"
    assert [(s["person"], s["affiliation"]) for s in payload["speakers"]] == [("doreen", "itu")]
    assert payload["links"] == [{"title": "Webcast", "url": "https://example.org/webcast"}]


@pytest.mark.django_db
def test_a_contributor_cannot_change_the_partners_of_a_published_programme(
    as_contributor, contributor, make_organisation, make_programme
):
    programme = make_programme(slug="published")
    lead = make_organisation(slug="lead")
    Partnership.objects.create(programme=programme, organisation=lead, role="lead")
    own_draft = make_organisation(slug="mine", status=Status.DRAFT, created_by=contributor)

    response = as_contributor.patch(
        "/api/v1/programmes/published/",
        {"partners": [{"organisation": "mine", "role": "funder"}]},
        format="json",
    )

    assert response.status_code == 403
    assert "only an editor" in response.json()["detail"]
    assert list(programme.partnerships.values_list("organisation__slug", "role")) == [
        ("lead", "lead")
    ]
    assert not own_draft.partnerships.exists()


@pytest.mark.django_db
def test_a_contributor_cannot_change_the_hosts_of_a_published_event(
    as_contributor, make_event, make_organisation
):
    event = make_event(slug="published")
    EventRole.objects.create(event=event, organisation=make_organisation(slug="host"), role="host")
    response = as_contributor.put(
        "/api/v1/events/published/",
        {"title": event.title, "kind": "forum", "hosts": []},
        format="json",
    )
    assert response.status_code == 403
    assert list(event.roles.values_list("organisation__slug", flat=True)) == ["host"]


@pytest.mark.django_db
def test_a_contributor_cannot_link_to_anothers_draft(
    as_contributor, make_organisation, make_source
):
    make_source(slug="test-source")
    make_organisation(slug="hidden", status=Status.DRAFT)
    response = as_contributor.post(
        "/api/v1/programmes/",
        programme_payload(partners=[{"organisation": "hidden", "role": "lead"}]),
        format="json",
    )
    assert response.status_code == 400
    assert "hidden" in response.json()["partners"]["0"]["organisation"][0]


@pytest.mark.django_db
def test_an_editor_creates_a_published_programme_with_its_partners(
    api, as_editor, editor, make_organisation, make_source, make_topic
):
    source = make_source(slug="test-source", title="Annual report", publisher="GFCE")
    make_organisation(slug="gfce", name="Global Forum on Cyber Expertise")
    make_organisation(slug="itu", name="International Telecommunication Union")
    make_topic(slug="capacity-building")
    response = as_editor.post(
        "/api/v1/programmes/",
        programme_payload(
            status="published",
            start="2015",
            end="2020-06",
            countries=["KE", "TH"],
            topics=["capacity-building"],
            partners=[
                {
                    "organisation": "gfce",
                    "role": "lead",
                    "start": "2015",
                    "sources": ["test-source"],
                },
                {"organisation": "itu", "role": "partner", "note": "Training", **CITED},
            ],
            identifiers=[{"scheme": "wikidata", "value": "Q42"}],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response["ETag"] == record_etag(Programme.objects.get(), editor)

    payload = api.get("/api/v1/programmes/cyber-diplomacy/").json()

    cited = [
        {
            "slug": "test-source",
            "title": "Annual report",
            "publisher": "GFCE",
            "published": None,
            "url": source.url,
        }
    ]
    assert payload["partners"] == [
        {
            "organisation": "gfce",
            "name": "Global Forum on Cyber Expertise",
            "role": "lead",
            "role_label": "Lead",
            "start": "2015",
            "end": None,
            "note": "",
            "sources": cited,
        },
        {
            "organisation": "itu",
            "name": "International Telecommunication Union",
            "role": "partner",
            "role_label": "Partner",
            "start": None,
            "end": None,
            "note": "Training",
            "sources": cited,
        },
    ]
    assert (payload["status"], payload["start"], payload["end"]) == ("published", "2015", "2020-06")
    assert payload["countries"] == ["KE", "TH"]
    assert payload["topics"] == ["capacity-building"]
    assert payload["identifiers"] == [{"scheme": "wikidata", "value": "Q42"}]
    assert payload["sources"] == cited


@pytest.mark.django_db
def test_a_list_given_replaces_the_links_and_a_list_left_out_keeps_them(
    as_editor, make_organisation, make_programme
):
    programme = make_programme(slug="p")
    kept = Partnership.objects.create(
        programme=programme, organisation=make_organisation(slug="a"), role="lead"
    )
    Partnership.objects.create(
        programme=programme, organisation=make_organisation(slug="b"), role="funder"
    )
    make_organisation(slug="c")

    as_editor.patch("/api/v1/programmes/p/", {"title": "Renamed"}, format="json")
    assert programme.partnerships.count() == 2

    response = as_editor.patch(
        "/api/v1/programmes/p/",
        {
            "partners": [
                {"organisation": "a", "role": "lead", "note": "Since the start", **CITED},
                {"organisation": "c", "role": "partner", **CITED},
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    links = programme.partnerships.order_by("organisation__slug")
    assert [(p.organisation.slug, p.role, p.note) for p in links] == [
        ("a", "lead", "Since the start"),
        ("c", "partner", ""),
    ]
    # The link that stays is the same row, changed: its history goes on.
    assert links[0].pk == kept.pk


@pytest.mark.django_db
def test_what_was_read_may_be_sent_back(as_editor, editor, make_world):
    make_world(1)
    programme = Programme.objects.exclude(partnerships=None).get()
    path = f"/api/v1/programmes/{programme.slug}/"
    read = as_editor.get(path)

    response = as_editor.put(
        path, read.json(), format="json", HTTP_IF_MATCH=record_etag(programme, editor)
    )

    assert response.status_code == 200, response.json()
    again = response.json()
    assert {k: v for k, v in again.items() if k != "updated_at"} == {
        k: v for k, v in read.json().items() if k != "updated_at"
    }


@pytest.mark.django_db
def test_a_stale_if_match_is_refused_and_changes_nothing(as_editor, editor, make_programme):
    programme = make_programme(slug="p", title="Before")
    stale = record_etag(programme, editor)
    as_editor.patch("/api/v1/programmes/p/", {"title": "Someone else's"}, format="json")

    response = as_editor.patch(
        "/api/v1/programmes/p/", {"title": "Mine"}, format="json", HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert "changed" in response.json()["detail"]
    assert Programme.objects.get().title == "Someone else's"
    assert as_editor.delete("/api/v1/programmes/p/", HTTP_IF_MATCH=stale).status_code == 412
    assert Programme.objects.exists()


@pytest.mark.django_db
def test_the_current_if_match_succeeds_and_the_answer_carries_the_new_etag(
    as_editor, editor, make_programme
):
    programme = make_programme(slug="p", title="Before")
    response = as_editor.put(
        "/api/v1/programmes/p/",
        {"slug": "p", "title": "After", "kind": "project", **CITED},
        format="json",
        HTTP_IF_MATCH=record_etag(programme, editor),
    )
    assert response.status_code == 200, response.json()
    programme.refresh_from_db()
    assert (programme.title, programme.kind) == ("After", "project")
    assert response["ETag"] == record_etag(programme, editor)
    assert response["ETag"] != record_etag(make_programme(), editor)


@pytest.mark.django_db
def test_history_records_the_partner_who_wrote_through_a_token(api, contributor, make_source):
    make_source(slug="test-source")
    _, token = AuthToken.objects.create(contributor)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api.post("/api/v1/programmes/", programme_payload(), format="json").status_code == 201
    api.patch("/api/v1/programmes/cyber-diplomacy/", {"acronym": "CDP"}, format="json")

    history = Programme.objects.get().history.all()
    assert [(h.history_type, h.history_user) for h in history][-1] == ("+", contributor)
    assert {h.history_user for h in history} == {contributor}
    assert history.first().acronym == "CDP"


@pytest.mark.django_db
def test_a_change_of_links_alone_moves_updated_at(as_editor, make_organisation, make_programme):
    programme = make_programme(slug="p")
    make_organisation(slug="a")
    before = programme.updated_at
    as_editor.patch(
        "/api/v1/programmes/p/",
        {"partners": [{"organisation": "a", "role": "lead", **CITED}]},
        format="json",
    )
    programme.refresh_from_db()
    assert programme.updated_at > before


@pytest.mark.django_db
def test_a_contributor_deletes_their_own_draft_but_not_a_published_record(
    as_contributor, make_programme, make_source
):
    make_source(slug="test-source")
    as_contributor.post("/api/v1/programmes/", programme_payload(), format="json")
    make_programme(slug="published")

    assert as_contributor.delete("/api/v1/programmes/published/").status_code == 403
    assert as_contributor.delete("/api/v1/programmes/cyber-diplomacy/").status_code == 204
    assert list(Programme.objects.values_list("slug", flat=True)) == ["published"]


@pytest.mark.django_db
def test_deleting_what_others_still_need_is_a_conflict(as_editor, make_organisation, make_topic):
    topic = make_topic(slug="ai")
    OrganisationTopic.objects.create(organisation=make_organisation(), topic=topic)

    cited = as_editor.delete("/api/v1/sources/test-source/")
    protected = as_editor.delete("/api/v1/topics/ai/")

    assert cited.status_code == 409
    assert "cited by" in cited.json()["detail"]
    assert protected.status_code == 409
    assert "refer to this one" in protected.json()["detail"]
    assert topic.sources.exists()


@pytest.mark.django_db
def test_markdown_posted_through_the_api_reaches_no_page_as_script(client, as_editor, make_source):
    make_source(slug="test-source")
    response = as_editor.post(
        "/api/v1/programmes/",
        programme_payload(
            status="published",
            description="Hello <script>alert('x')</script> [click](javascript:alert(1))\r\n",
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    programme = Programme.objects.get()
    # Stored as the admin stores text: no "\r", no trailing blanks.
    assert programme.description.endswith("(javascript:alert(1))")

    page = client.get(programme.get_absolute_url()).content.decode()

    assert "Hello" in page
    assert "alert('x')" not in page
    assert "javascript:" not in page


@pytest.mark.django_db
def test_publishing_through_the_api_clears_the_note_a_submitter_was_sent(
    as_editor, contributor, make_programme
):
    make_programme(
        slug="p",
        status="draft",
        created_by=contributor,
        review_note="Cite the annual report.",
        sent_back_at=timezone.now(),
    )
    response = as_editor.patch("/api/v1/programmes/p/", {"status": "published"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["review_note"] == ""
    assert Programme.objects.values_list("review_note", "sent_back_at").get() == ("", None)
