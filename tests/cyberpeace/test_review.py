"""The review queue: drafts submitted by contributors and partners, for editors to act on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.utils import timezone

from cyberpeace.publishing import Status
from initiatives.models import Event
from orgs.models import Organisation, Topic

QUEUE = "/admin/review/"


@pytest.fixture
def partner(db) -> User:
    """A partner's API user: a contributor who never signs in to the admin."""
    user = User.objects.create_user("partner", password="pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


def aged(record, days: int):
    """``record`` as if created ``days`` ago."""
    when = timezone.now() - timedelta(days=days)
    type(record).objects.filter(pk=record.pk).update(created_at=when, updated_at=when)
    record.refresh_from_db()
    return record


def titles(rows) -> list[str]:
    return [row["submission"].title for row in rows]


def test_it_lists_the_drafts_of_non_editors_oldest_first(
    editor_client, editor, contributor, partner, make_organisation, make_event, make_topic
):
    aged(make_event(title="Partner event", status=Status.DRAFT, created_by=partner), 3)
    aged(make_organisation(name="Oldest", status=Status.DRAFT, created_by=contributor), 9)
    aged(make_topic(name="Newest", status=Status.DRAFT, created_by=contributor), 1)
    make_organisation(name="Editor draft", status=Status.DRAFT, created_by=editor)
    make_organisation(name="Seeded draft", status=Status.DRAFT)
    make_organisation(name="Published", created_by=contributor)
    response = editor_client.get(QUEUE)
    assert response.status_code == 200
    assert titles(response.context["waiting"]) == ["Oldest", "Partner event", "Newest"]
    assert response.context["sent_back"] == []
    first = response.context["waiting"][0]["submission"]
    assert (first.kind, first.submitter) == ("organisation", "contributor")
    page = response.content.decode()
    organisation = Organisation.objects.get(name="Oldest")
    assert f'href="/admin/orgs/organisation/{organisation.pk}/change/"' in page
    assert "Partner event" in page
    assert "Editor draft" not in page


def test_a_superusers_draft_is_no_submission(editor_client, make_organisation):
    boss = User.objects.create_superuser("boss", password="pw")
    make_organisation(name="Boss draft", status=Status.DRAFT, created_by=boss)
    assert editor_client.get(QUEUE).context["waiting"] == []


def test_only_editors_use_the_queue(contributor_client, contributor, make_organisation):
    draft = make_organisation(status=Status.DRAFT, created_by=contributor)
    assert contributor_client.get(QUEUE).status_code == 403
    response = contributor_client.post(
        QUEUE, {"record": f"orgs.organisation:{draft.pk}", "action": "publish"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_anonymous_are_sent_to_sign_in(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_index_links_the_queue_for_editors_only(editor_client, contributor, client):
    assert QUEUE in editor_client.get("/admin/").content.decode()
    client.force_login(contributor)
    assert QUEUE not in client.get("/admin/").content.decode()


def test_it_publishes_a_submitted_draft(editor_client, editor, contributor, make_organisation):
    draft = make_organisation(name="Submitted", status=Status.DRAFT, created_by=contributor)
    Organisation.objects.filter(pk=draft.pk).update(
        review_note="Cite the founding charter.", sent_back_at=timezone.now()
    )
    response = editor_client.post(
        QUEUE, {"record": f"orgs.organisation:{draft.pk}", "action": "publish"}, follow=True
    )
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "1 published" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.review_note, draft.sent_back_at) == (Status.PUBLISHED, "", None)
    latest = draft.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Published")
    assert response.context["waiting"] == []


def test_a_draft_without_a_published_source_stays_a_draft(
    editor_client, contributor, make_organisation, make_source
):
    unchecked = make_source(title="Unchecked", status=Status.DRAFT)
    draft = make_organisation(
        name="Unsourced", status=Status.DRAFT, created_by=contributor, sources=[unchecked]
    )
    response = editor_client.post(
        QUEUE, {"record": f"orgs.organisation:{draft.pk}", "action": "publish"}, follow=True
    )
    assert "Not published, for want of a published source: Unsourced." in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert titles(response.context["waiting"]) == ["Unsourced"]


def test_it_sends_a_draft_back_with_a_reason(editor_client, editor, contributor, make_event):
    draft = make_event(title="Submitted", status=Status.DRAFT, created_by=contributor)
    response = editor_client.post(
        QUEUE,
        {"record": f"initiatives.event:{draft.pk}", "action": "send_back", "reason": "Date?"},
        follow=True,
    )
    assert response.redirect_chain == [(QUEUE, 302)]
    assert f"“{draft}” went back to its submitter." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.review_note == "Date?"
    assert draft.sent_back_at == draft.updated_at
    latest = draft.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Sent back: Date?")
    assert (latest.review_note, latest.sent_back_at) == ("Date?", draft.sent_back_at)
    assert LogEntry.objects.get().get_change_message() == "Sent back: Date?"
    # Sent back and not changed since: it waits on its submitter, not on an editor.
    assert response.context["waiting"] == []
    assert titles(response.context["sent_back"]) == ["Submitted"]


def test_a_draft_changed_since_it_was_sent_back_waits_again(editor_client, contributor, make_event):
    draft = make_event(title="Submitted", status=Status.DRAFT, created_by=contributor)
    editor_client.post(
        QUEUE,
        {"record": f"initiatives.event:{draft.pk}", "action": "send_back", "reason": "Date?"},
    )
    draft.refresh_from_db()
    draft.start = "2018-01-25"
    draft.save()
    response = editor_client.get(QUEUE)
    assert titles(response.context["waiting"]) == ["Submitted"]
    assert "Date?" in response.content.decode()
    assert response.context["sent_back"] == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_sending_back_needs_a_reason(editor_client, contributor, make_event, reason):
    draft = make_event(title="Submitted", status=Status.DRAFT, created_by=contributor)
    versions = draft.history.count()
    response = editor_client.post(
        QUEUE,
        {"record": f"initiatives.event:{draft.pk}", "action": "send_back", "reason": reason},
    )
    assert response.status_code == 200
    [row] = response.context["waiting"]
    assert row["form"].errors == {
        "reason": ["Say why it goes back: the submitter reads this to know what to change."]
    }
    assert "Say why it goes back" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.review_note, draft.sent_back_at) == ("", None)
    assert draft.history.count() == versions


def test_acting_on_a_published_record_changes_nothing(
    editor_client, contributor, make_organisation
):
    published = make_organisation(name="Already out", created_by=contributor)
    response = editor_client.post(
        QUEUE,
        {"record": f"orgs.organisation:{published.pk}", "action": "send_back", "reason": "No"},
        follow=True,
    )
    assert "no longer a draft" in response.content.decode()
    published.refresh_from_db()
    assert (published.status, published.review_note) == (Status.PUBLISHED, "")


def test_an_unknown_record_is_not_found(editor_client):
    response = editor_client.post(QUEUE, {"record": "auth.user:1", "action": "publish"})
    assert response.status_code == 404


def test_actions_need_csrf(editor, contributor, make_organisation):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    draft = make_organisation(status=Status.DRAFT, created_by=contributor)
    response = client.post(QUEUE, {"record": f"orgs.organisation:{draft.pk}", "action": "publish"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_submitter_reads_the_reason_on_the_record(
    editor_client, contributor, client, make_organisation
):
    draft = make_organisation(name="Submitted", status=Status.DRAFT, created_by=contributor)
    editor_client.post(
        QUEUE,
        {
            "record": f"orgs.organisation:{draft.pk}",
            "action": "send_back",
            "reason": "Cite <the charter>.",
        },
    )
    client.force_login(contributor)
    page = client.get(f"/admin/orgs/organisation/{draft.pk}/change/").content.decode()
    assert "Sent back by an editor" in page
    assert "Cite &lt;the charter&gt;." in page
    assert page.index("Sent back by an editor") < page.index('name="name"')


def test_publishing_in_the_changelist_clears_the_reason(editor_client, contributor, make_topic):
    draft = make_topic(status=Status.DRAFT, created_by=contributor)
    Topic.objects.filter(pk=draft.pk).update(review_note="Why?", sent_back_at=timezone.now())
    editor_client.post("/admin/orgs/topic/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.status, draft.review_note, draft.sent_back_at) == (Status.PUBLISHED, "", None)


def make_submissions(count: int, contributor, make_organisation, make_event, make_topic):
    for n in range(count):
        make_organisation(status=Status.DRAFT, created_by=contributor)
        event = make_event(status=Status.DRAFT, created_by=contributor)
        make_topic(status=Status.DRAFT, created_by=contributor)
        Event.objects.filter(pk=event.pk).update(
            review_note=f"Reason {n}", sent_back_at=timezone.now() + timedelta(days=1)
        )


@pytest.mark.parametrize("count", [1, 4])
def test_the_queue_runs_in_a_fixed_number_of_queries(
    editor_client,
    contributor,
    make_organisation,
    make_event,
    make_topic,
    django_assert_num_queries,
    count,
):
    make_submissions(count, contributor, make_organisation, make_event, make_topic)
    # The request's savepoint and its release, session, user, whether they turned
    # on two-factor sign-in, their permissions (two), the queue itself, all kinds
    # of record at once, and the corrections visitors suggested, with their records.
    with django_assert_num_queries(9):
        response = editor_client.get(QUEUE)
    assert len(response.context["waiting"]) == 2 * count
    assert len(response.context["sent_back"]) == count
