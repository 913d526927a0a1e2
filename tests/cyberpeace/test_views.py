from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from cyberpeace.publishing import Status


@pytest.mark.django_db
def test_home_says_what_the_directory_holds(client, make_organisation, make_world):
    make_world(2)
    make_organisation(status=Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    # Each world has an organisation, its parent and a partner; the draft is not counted.
    assert response.context["counts"]["organisations"] == 6
    assert response.context["counts"]["events"] == 2


@pytest.mark.django_db
def test_home_lists_upcoming_and_latest_events(client, make_event):
    make_event(title="Long ago", start="2018-01-24")
    make_event(title="Still to come", start="2999-05")
    response = client.get("/")
    assert [e.title for e in response.context["upcoming"]] == ["Still to come"]
    assert [e.title for e in response.context["latest"]] == ["Long ago"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "maker", ["make_organisation", "make_programme", "make_event", "make_topic"]
)
def test_drafts_are_hidden_from_the_public_and_shown_to_editors(client, editor, request, maker):
    maker = request.getfixturevalue(maker)
    draft = maker(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert b"Draft: the public will see this page once an editor publishes it." in response.content


@pytest.mark.django_db
def test_description_markdown_is_sanitised_on_the_page(client, make_organisation):
    organisation = make_organisation(description="Hello <script>alert(1)</script> **world**")
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "<strong>world</strong>" in content


@pytest.mark.django_db
def test_healthz_and_robots(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_the_favicon_is_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/organisations/", "/events/x/", "/programmes/x/", "/topics/x/"]
)
def test_reading_pages_run_outside_a_transaction(path):
    # So that, on SQLite, reading never waits for the write lock an editor holds.
    assert "default" in getattr(resolve(path).func, "_non_atomic_requests", set())


@pytest.mark.django_db
def test_an_address_in_another_case_redirects_to_the_canonical_one(client, make_organisation):
    organisation = make_organisation(slug="itu")
    response = client.get("/organisations/ITU/")
    assert response.status_code == 301
    assert response["Location"] == organisation.get_absolute_url()


@pytest.mark.django_db
def test_a_renamed_records_old_address_redirects_for_good(client, make_programme):
    programme = make_programme(slug="tat")
    programme.slug = "tech-against-terrorism"
    programme.save()
    programme.slug = "tech-against-terrorism-platform"
    programme.save()
    for old in ("tat", "tech-against-terrorism"):
        response = client.get(f"/programmes/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/programmes/tech-against-terrorism-platform/"
    assert client.get("/programmes/never-was/").status_code == 404


@pytest.mark.django_db
def test_an_old_address_of_a_draft_does_not_reveal_it(client, make_event):
    event = make_event(slug="old-name", status=Status.DRAFT)
    event.slug = "new-name"
    event.save()
    assert client.get("/events/old-name/").status_code == 404


@pytest.mark.django_db
def test_a_record_that_takes_its_old_address_back_answers_there(client, make_topic):
    topic = make_topic(slug="ai")
    topic.slug = "artificial-intelligence"
    topic.save()
    topic.slug = "ai"
    topic.save()
    assert client.get("/topics/ai/").status_code == 200
    assert client.get("/topics/artificial-intelligence/").status_code == 301
