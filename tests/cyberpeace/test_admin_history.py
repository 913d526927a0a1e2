"""Text is stored as typed, an unchanged save writes no version, history tells the truth."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orgs.models import Organisation


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def as_a_browser_posts(data: dict) -> dict:
    """Browsers send the line breaks of a textarea as CRLF."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


@pytest.mark.django_db
def test_crlf_input_is_stored_with_plain_line_breaks(editor_client, form_data, make_organisation):
    organisation = make_organisation()
    data = form_data(
        editor_client.get(change_url(organisation)), description="First line\r\nSecond line\r\n"
    )
    assert editor_client.post(change_url(organisation), data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "First line\nSecond line"


@pytest.mark.django_db
def test_saving_an_unchanged_form_writes_no_version(editor_client, form_data, make_organisation):
    organisation = make_organisation(
        description="A paragraph.\n\n- a list\n- of two", summary="One line."
    )
    versions = organisation.history.count()
    updated = organisation.updated_at
    data = as_a_browser_posts(form_data(editor_client.get(change_url(organisation))))
    assert "\r\n" in data["description"]
    assert editor_client.post(change_url(organisation), data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.history.count() == versions
    assert organisation.updated_at == updated


@pytest.mark.django_db
def test_history_shows_only_real_changes_and_no_none(editor_client, form_data, make_organisation):
    organisation = make_organisation(description="Line one\nLine two")
    data = as_a_browser_posts(
        form_data(editor_client.get(change_url(organisation)), name="A better name")
    )
    assert editor_client.post(change_url(organisation), data).status_code == 302
    page = editor_client.get(reverse("admin:orgs_organisation_history", args=[organisation.pk]))
    latest = page.context["page_obj"].object_list[0]
    assert [change["field"] for change in latest.history_delta_changes] == ["Name"]
    content = page.content.decode()
    assert "<td>None</td>" not in content
    assert "style=" not in content.split('id="change-history"')[1]


@pytest.mark.django_db
def test_the_model_stores_text_the_same_way_whoever_saves(make_organisation):
    organisation = make_organisation(description="Typed\r\non Windows\r\n\r\n")
    organisation.refresh_from_db()
    assert organisation.description == "Typed\non Windows"
    organisation.full_clean()
    assert Organisation.objects.get(pk=organisation.pk).description == "Typed\non Windows"


@pytest.mark.django_db
def test_a_revert_says_which_version_and_whose(editor_client, editor, form_data, make_topic):
    topic = make_topic(name="First name")
    data = form_data(editor_client.get(change_url(topic)), name="Second name")
    assert editor_client.post(change_url(topic), data).status_code == 302
    first = topic.history.filter(name="First name").earliest("history_date")
    url = reverse("admin:orgs_topic_simple_history", args=[topic.pk, first.pk])
    response = editor_client.post(url, form_data(editor_client.get(url)), follow=True)
    topic.refresh_from_db()
    assert topic.name == "First name"
    reason = topic.history.first().history_change_reason
    assert reason.startswith("Reverted to the version of ")
    assert reason.endswith(" by an unknown editor")
    message = str(next(iter(response.context["messages"])))
    assert message.startswith("“First name” reverted to the version of ")
    second = topic.history.filter(name="Second name").first()
    url = reverse("admin:orgs_topic_simple_history", args=[topic.pk, second.pk])
    editor_client.post(url, form_data(editor_client.get(url)))
    assert topic.history.first().history_change_reason.endswith(" by editor")
