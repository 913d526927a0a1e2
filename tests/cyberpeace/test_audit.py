"""The audit log: every change through the admin or the API, with who and when, for editors."""

from __future__ import annotations

import logging

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from orgs.models import Topic

AUDIT = reverse("admin:admin_logentry_changelist")


def token_client(user) -> APIClient:
    _, key = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def change_url(record) -> str:
    return reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
    )


@pytest.mark.django_db
def test_an_admin_change_is_in_the_audit_log_with_its_editor_and_time(
    editor_client, editor, form_data, make_topic
):
    topic = make_topic(name="Old name")
    before = timezone.now()
    data = form_data(editor_client.get(change_url(topic)), name="New name")
    assert editor_client.post(change_url(topic), data).status_code == 302
    entry = LogEntry.objects.get(object_id=str(topic.pk), action_flag=CHANGE)
    assert entry.user == editor
    assert entry.action_time >= before
    assert "Name" in entry.get_change_message()
    # The record's own history says the same.
    assert topic.history.latest().history_user == editor


@pytest.mark.django_db
def test_api_writes_are_in_the_audit_log_with_their_partner(editor, make_source):
    make_source(slug="a-source")
    api = token_client(editor)
    created = api.post(
        "/api/v1/topics/",
        {"name": "Cyber norms", "slug": "cyber-norms", "sources": ["a-source"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (
        api.patch("/api/v1/topics/cyber-norms/", {"name": "Norms"}, format="json").status_code
        == 200
    )
    topic = Topic.objects.get(slug="cyber-norms")
    assert api.delete("/api/v1/topics/cyber-norms/").status_code == 204

    entries = LogEntry.objects.filter(object_id=str(topic.pk)).order_by("pk")
    assert [(e.action_flag, e.user, e.get_change_message()) for e in entries] == [
        (ADDITION, editor, "Added through the API."),
        (CHANGE, editor, "Changed name through the API."),
        (DELETION, editor, "Deleted through the API."),
    ]
    assert {e.object_repr for e in entries} == {"Cyber norms", "Norms"}


@pytest.mark.django_db
def test_editors_read_the_audit_log_and_nobody_edits_it(
    editor_client, editor, contributor, make_source
):
    make_source(slug="a-source")
    token_client(editor).post(
        "/api/v1/topics/",
        {"name": "Cyber norms", "slug": "cyber-norms", "sources": ["a-source"]},
        format="json",
    )
    page = editor_client.get(AUDIT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cyber norms" in html
    assert "Added through the API." in html
    assert ">editor<" in html
    assert f'href="{change_url(Topic.objects.get())}"' in html
    entry = LogEntry.objects.get()
    # Read-only: no add, change or delete, for anyone.
    assert editor_client.get(reverse("admin:admin_logentry_add")).status_code == 403
    response = editor_client.post(
        reverse("admin:admin_logentry_change", args=[entry.pk]), {"change_message": "forged"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.change_message == "Added through the API."
    assert (
        editor_client.post(reverse("admin:admin_logentry_delete", args=[entry.pk])).status_code
        == 403
    )
    # Contributors work on their own drafts; the whole log is not theirs to read.
    other = Client()
    other.force_login(contributor)
    assert other.get(AUDIT).status_code == 403


@pytest.mark.django_db
def test_the_audit_log_filters_by_user_and_action(editor_client, editor, other_editor, make_source):
    make_source(slug="a-source")
    for user, slug in ((editor, "one"), (other_editor, "two")):
        token_client(user).post(
            "/api/v1/topics/",
            {"name": slug.title(), "slug": slug, "sources": ["a-source"]},
            format="json",
        )
    html = editor_client.get(AUDIT, {"user__id__exact": other_editor.pk}).content.decode()
    assert ">Two<" in html
    assert ">One<" not in html
    token_client(editor).delete("/api/v1/topics/one/")
    response = editor_client.get(AUDIT, {"action_flag__exact": DELETION})
    assert response.status_code == 200
    assert [entry.object_repr for entry in response.context["cl"].result_list] == ["One"]


@pytest.mark.django_db
def test_refused_api_writes_are_logged(contributor, make_topic, caplog):
    make_topic(slug="published-topic")
    api = token_client(contributor)
    with caplog.at_level(logging.WARNING, logger="cyberpeace.security"):
        bad = api.post("/api/v1/topics/", {"name": ""}, format="json")
        anonymous = APIClient().delete("/api/v1/topics/published-topic/", REMOTE_ADDR="203.0.113.9")
    assert bad.status_code == 400
    assert anonymous.status_code == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "cyberpeace.security"]
    assert "API write refused: POST /api/v1/topics/ answered 400, user contributor" in lines[0]
    assert lines[1] == (
        "API write refused: DELETE /api/v1/topics/published-topic/ answered 401, "
        "user anonymous, address 203.0.113.9"
    )
    assert Topic.objects.filter(slug="published-topic").exists()
    # A read that fails is no refused write.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cyberpeace.security"):
        APIClient().get("/api/v1/topics/no-such-topic/")
    assert not [r for r in caplog.records if r.name == "cyberpeace.security"]
