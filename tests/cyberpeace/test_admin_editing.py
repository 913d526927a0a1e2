"""Editing in the admin: roles, no lost edits, history, bad input."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cyberpeace.models import Source
from cyberpeace.publishing import Status
from initiatives.models import Event, EventRole
from orgs.models import Membership, Organisation, Topic


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def add_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


# Roles


@pytest.mark.django_db
def test_a_contributor_can_add_a_draft_but_not_publish_it(
    contributor_client, contributor, form_data, make_source
):
    response = contributor_client.get(add_url(Topic))
    data = form_data(
        response,
        name="Artificial intelligence",
        slug="ai",
        status="published",
        sources=[make_source().pk],
    )
    refused = contributor_client.post(add_url(Topic), data)
    assert refused.status_code == 200
    assert (
        "Status: only an editor may make" in refused.context["adminform"].form.non_field_errors()[0]
    )
    assert not Topic.objects.exists()
    del data["status"]
    response = contributor_client.post(add_url(Topic), data)
    assert response.status_code == 302
    topic = Topic.objects.get(slug="ai")
    assert topic.status == Status.DRAFT
    assert topic.created_by == contributor


@pytest.mark.django_db
def test_a_record_needs_a_source(editor_client, form_data):
    data = form_data(editor_client.get(add_url(Topic)), name="Artificial intelligence", slug="ai")
    response = editor_client.post(add_url(Topic), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sources"] == ["This field is required."]
    assert response.context["adminform"].form["name"].value() == "Artificial intelligence"
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_a_contributor_can_change_their_draft(
    contributor_client, contributor, form_data, make_topic
):
    topic = make_topic(status=Status.DRAFT, name="Old", created_by=contributor)
    data = form_data(contributor_client.get(change_url(topic)), name="New")
    assert contributor_client.post(change_url(topic), data).status_code == 302
    topic.refresh_from_db()
    assert topic.name == "New"
    assert topic.status == Status.DRAFT


@pytest.mark.django_db
def test_a_contributor_sees_a_published_record_read_only(contributor_client, make_topic):
    topic = make_topic(name="Published")
    response = contributor_client.get(change_url(topic))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert contributor_client.post(change_url(topic), {"name": "Changed"}).status_code == 403
    topic.refresh_from_db()
    assert topic.name == "Published"


@pytest.mark.django_db
def test_a_contributor_deletes_their_own_draft_and_nothing_else(
    contributor_client, contributor, other_editor, make_topic
):
    own = make_topic(status=Status.DRAFT, created_by=contributor)
    published = make_topic(created_by=contributor)
    theirs = make_topic(status=Status.DRAFT, created_by=other_editor)
    for topic in (published, theirs):
        url = reverse("admin:orgs_topic_delete", args=[topic.pk])
        assert contributor_client.post(url, {"post": "yes"}).status_code in (302, 403)
        assert Topic.objects.filter(pk=topic.pk).exists()
    url = reverse("admin:orgs_topic_delete", args=[own.pk])
    assert contributor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Topic.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_a_contributor_has_no_publish_action(contributor_client, contributor, make_topic):
    topic = make_topic(status=Status.DRAFT, created_by=contributor)
    changelist = reverse("admin:orgs_topic_changelist")
    response = contributor_client.get(changelist)
    assert "Publish the selected" not in response.content.decode()
    contributor_client.post(changelist, {"action": "publish", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.status == Status.DRAFT


@pytest.mark.django_db
def test_a_contributor_cannot_publish_by_reverting_to_a_published_version(
    editor_client, contributor_client, contributor, form_data, make_topic
):
    topic = make_topic(status=Status.PUBLISHED, name="Once published", created_by=contributor)
    topic.status = Status.DRAFT
    topic.save()
    published_version = topic.history.order_by("history_date").first()
    url = reverse("admin:orgs_topic_simple_history", args=[topic.pk, published_version.pk])
    data = form_data(contributor_client.get(url))
    assert contributor_client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.status == Status.DRAFT


# The linking rule, on every path


@pytest.fixture
def own_draft_event(contributor, make_event):
    return make_event(title="Submitted event", status=Status.DRAFT, created_by=contributor)


@pytest.mark.django_db
def test_a_contributor_links_their_draft_to_a_published_record_through_the_inline(
    contributor_client, own_draft_event, form_data, make_organisation
):
    host = make_organisation(name="Published host")
    url = change_url(own_draft_event)
    data = form_data(contributor_client.get(url))
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-0-organisation": host.pk,
            "roles-0-role": "host",
            "roles-0-sources": [host.sources.get().pk],
        }
    )
    assert contributor_client.post(url, data).status_code == 302
    assert EventRole.objects.filter(event=own_draft_event, organisation=host).exists()


@pytest.mark.django_db
def test_a_contributor_links_their_draft_to_a_published_record_through_the_links_form(
    contributor_client, own_draft_event, make_organisation
):
    host = make_organisation(name="Published host")
    data = {
        "event": own_draft_event.pk,
        "organisation": host.pk,
        "role": "host",
        "sources": [host.sources.get().pk],
    }
    assert contributor_client.post(add_url(EventRole), data).status_code == 302
    link = EventRole.objects.get(event=own_draft_event, organisation=host)
    change = reverse("admin:initiatives_eventrole_change", args=[link.pk])
    assert contributor_client.get(change).context["has_change_permission"] is True


@pytest.mark.django_db
def test_a_contributor_cannot_link_two_published_records_on_any_path(
    contributor_client, form_data, make_event, make_organisation
):
    event, host = make_event(title="Published event"), make_organisation(name="Published host")
    data = {"event": event.pk, "organisation": host.pk, "role": "host"}
    data["sources"] = [host.sources.get().pk]
    response = contributor_client.post(add_url(EventRole), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["event"] == [
        "Neither “Published event (2018-01-24)” nor “Published host” is a draft of yours: only "
        "an editor links records that are published or another's."
    ]
    inline = {"roles-TOTAL_FORMS": "1", "roles-0-organisation": host.pk, "roles-0-role": "host"}
    assert contributor_client.post(change_url(event), inline).status_code == 403
    assert not EventRole.objects.exists()


@pytest.mark.django_db
def test_a_contributor_cannot_change_or_remove_a_link_of_published_records(
    contributor_client, make_event, make_organisation
):
    link = EventRole.objects.create(
        event=make_event(), organisation=make_organisation(), role="host"
    )
    change = reverse("admin:initiatives_eventrole_change", args=[link.pk])
    assert contributor_client.get(change).context["has_change_permission"] is False
    assert contributor_client.post(change, {"role": "sponsor"}).status_code == 403
    delete = reverse("admin:initiatives_eventrole_delete", args=[link.pk])
    assert contributor_client.post(delete, {"post": "yes"}).status_code == 403
    link.refresh_from_db()
    assert link.role == "host"


@pytest.mark.django_db
def test_a_faked_status_is_refused_and_nothing_is_written(
    contributor_client, own_draft_event, form_data
):
    url = change_url(own_draft_event)
    data = form_data(contributor_client.get(url), status="published", title="Renamed")
    response = contributor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()[0] == (
        "Status: only an editor may make “Submitted event (2018-01-24)” published; "
        "nothing was saved."
    )
    own_draft_event.refresh_from_db()
    assert (own_draft_event.title, own_draft_event.status) == ("Submitted event", Status.DRAFT)


@pytest.mark.django_db
def test_the_editors_publish_action_records_who_published(editor_client, editor, make_topic):
    topic = make_topic(status=Status.DRAFT)
    response = editor_client.post(
        reverse("admin:orgs_topic_changelist"),
        {"action": "publish", "_selected_action": [topic.pk]},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == Status.PUBLISHED
    latest = topic.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Published"


# No lost edits


@pytest.mark.django_db
def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(
    client, editor, other_editor, form_data, make_organisation
):
    organisation = make_organisation(name="Original name", city="Geneva")
    client.force_login(editor)
    mine = form_data(client.get(change_url(organisation)))

    client.force_login(other_editor)
    theirs = form_data(client.get(change_url(organisation)), city="Lausanne")
    assert client.post(change_url(organisation), theirs).status_code == 302

    client.force_login(editor)
    mine["name"] = "My new name"
    response = client.post(change_url(organisation), mine)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "changed by alice on" in errors[0]
    assert "your changes have not been saved" in errors[0]
    assert response.context["adminform"].form["name"].value() == "My new name"
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city) == ("Original name", "Lausanne")


@pytest.mark.django_db
def test_saving_again_after_the_warning_is_a_deliberate_overwrite(
    client, editor, other_editor, form_data, make_organisation
):
    organisation = make_organisation(name="Original name")
    client.force_login(editor)
    mine = form_data(client.get(change_url(organisation)), name="My new name")
    organisation.city = "Lausanne"
    organisation.save()

    refused = client.post(change_url(organisation), mine)
    assert refused.status_code == 200
    again = form_data(refused)
    assert client.post(change_url(organisation), again).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "My new name"


@pytest.mark.django_db
def test_an_unchanged_record_saves_normally(editor_client, form_data, make_organisation):
    organisation = make_organisation(name="Name")
    data = form_data(editor_client.get(change_url(organisation)), name="Better name")
    assert editor_client.post(change_url(organisation), data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Better name"


# History


@pytest.mark.django_db
def test_history_records_the_user_and_reverting_restores_a_version(
    editor_client, editor, form_data, make_topic
):
    topic = make_topic(name="First name")
    for name in ["Second name", "Third name"]:
        data = form_data(editor_client.get(change_url(topic)), name=name)
        assert editor_client.post(change_url(topic), data).status_code == 302

    # The last three versions: as made (with its source), then the editor's two saves.
    history = list(topic.history.order_by("history_date"))[-3:]
    assert [h.name for h in history] == ["First name", "Second name", "Third name"]
    assert [h.history_user for h in history[1:]] == [editor, editor]

    page = editor_client.get(reverse("admin:orgs_topic_history", args=[topic.pk]))
    assert page.status_code == 200
    # Each version shows what changed from the one before it.
    changes = [
        [(c["field"], c["old"], c["new"]) for c in record.history_delta_changes]
        for record in page.context["page_obj"].object_list[:2]
    ]
    assert changes == [
        [("Name", "Second name", "Third name")],
        [("Name", "First name", "Second name")],
    ]

    url = reverse("admin:orgs_topic_simple_history", args=[topic.pk, history[0].pk])
    assert editor_client.post(url, form_data(editor_client.get(url))).status_code == 302
    topic.refresh_from_db()
    assert topic.name == "First name"
    assert topic.history.first().history_user == editor


# Bad input


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("founded", "2017-02-30", "February 2017 has no day 30"),
        ("founded", "2017-13", "13 is not a month"),
        ("founded", "May 2017", "is not a date of the form"),
        ("website", "not a url", "Enter a valid URL"),
        ("email", "nobody", "Enter a valid email address"),
        ("slug", "Not a slug!", "Enter a valid “slug”"),
        ("name", "x" * 201, "at most 200 characters"),
        ("sources", "a rumour", "“a rumour” is not a valid value"),
        ("acronyms", "OK, " + "X" * 31, "longer than 30 characters"),
    ],
)
def test_bad_input_names_the_field_and_keeps_the_text(
    editor_client, field, value, message, form_data
):
    response = editor_client.get(add_url(Organisation))
    data = form_data(
        response, name="A new organisation", slug="a-new-organisation", stakeholder_group="ngo"
    )
    data[field] = value
    response = editor_client.post(add_url(Organisation), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    assert form[field].value() == value or form.data[field] == value
    assert not Organisation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("taken", "“taken” is already the address of “Taken one”: choose another."),
        ("Taken", "“taken” is already the address of “Taken one”: choose another."),
        ("feed", "“feed” is a word the site's addresses use: choose another."),
    ],
    ids=["same", "another case", "a route's word"],
)
def test_a_slug_is_one_of_a_kind_whatever_the_case(
    editor_client, form_data, make_organisation, slug, message
):
    make_organisation(slug="taken", name="Taken one")
    data = form_data(
        editor_client.get(add_url(Organisation)),
        name="Another",
        slug=slug,
        stakeholder_group="ngo",
    )
    response = editor_client.post(add_url(Organisation), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [message]
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_slug_is_stored_in_lower_case(make_organisation):
    organisation = make_organisation(slug="Mixed-Case")
    organisation.refresh_from_db()
    assert organisation.slug == "mixed-case"


@pytest.mark.django_db
def test_an_end_before_the_start_is_a_form_error_on_the_end(editor_client, form_data, make_event):
    event = make_event(start="2018-01-24")
    data = form_data(editor_client.get(change_url(event)), end="2018-01-23")
    response = editor_client.post(change_url(event), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["end"]
    assert errors == ["The end (2018-01-23) cannot be before the start (2018-01-24)."]
    assert response.context["adminform"].form["end"].value() == "2018-01-23"
    assert Event.objects.get(pk=event.pk).end is None


@pytest.mark.django_db
def test_an_inline_end_before_start_is_an_error_in_the_inline(
    editor_client, form_data, make_organisation, make_person
):
    organisation = make_organisation()
    person = make_person()
    data = form_data(editor_client.get(change_url(organisation)))
    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-person": person.pk,
            "memberships-0-role": "President",
            "memberships-0-start": "2019",
            "memberships-0-end": "2018-12",
        }
    )
    response = editor_client.post(change_url(organisation), data)
    assert response.status_code == 200
    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "memberships"
    )
    assert "cannot be before the start" in str(inline.formset.forms[0].errors["end"])
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_an_organisation_cannot_be_its_own_ancestor(editor_client, form_data, make_organisation):
    parent = make_organisation()
    child = make_organisation(parent=parent)
    data = form_data(editor_client.get(change_url(parent)), parent=child.pk)
    response = editor_client.post(change_url(parent), data)
    assert response.status_code == 200
    assert "loop" in " ".join(response.context["adminform"].form.errors["parent"])


@pytest.mark.django_db
def test_view_on_site_leads_to_the_public_page(editor_client, make_organisation):
    organisation = make_organisation()
    content_type = ContentType.objects.get_for_model(Organisation)
    shortcut = reverse("admin:view_on_site", args=[content_type.pk, organisation.pk])
    assert shortcut in editor_client.get(change_url(organisation)).content.decode()
    response = editor_client.get(shortcut)
    assert response.status_code == 302
    assert response["Location"].endswith(organisation.get_absolute_url())
    assert editor_client.get(organisation.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_history_keeps_the_topics_of_each_version(editor_client, form_data, make_event, make_topic):
    event = make_event()
    first, second = make_topic(name="First topic"), make_topic(name="Second topic")
    for topic in [first, second]:
        data = form_data(editor_client.get(change_url(event)), topics=[topic.pk])
        assert editor_client.post(change_url(event), data).status_code == 302

    versions = event.history.order_by("history_date")
    kept = [[row.topic.name for row in version.topics.all()] for version in versions]
    assert kept[-1] == ["Second topic"]
    assert ["First topic"] in kept


# Who sees what, in the admin too


@pytest.mark.django_db
def test_a_contributor_lists_and_picks_only_what_they_may_see(
    contributor_client, contributor, other_editor, make_organisation, make_source
):
    make_organisation(name="Published body")
    make_organisation(name="My draft", status=Status.DRAFT, created_by=contributor)
    make_organisation(name="Their draft", status=Status.DRAFT, created_by=other_editor)
    make_source(title="Their draft source", status=Status.DRAFT, created_by=other_editor)
    page = contributor_client.get(reverse("admin:orgs_organisation_changelist")).content.decode()
    assert "Published body" in page
    assert "My draft" in page
    assert "Their draft" not in page
    found = contributor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "draft",
            "app_label": "orgs",
            "model_name": "organisation",
            "field_name": "sources",
        },
    )
    assert found.json()["results"] == []


# A published record shows its sources


@pytest.mark.django_db
def test_a_published_record_needs_a_published_source(editor_client, form_data, make_source):
    draft_source = make_source(status=Status.DRAFT)
    data = form_data(
        editor_client.get(add_url(Topic)),
        name="Artificial intelligence",
        slug="ai",
        status="published",
        sources=[draft_source.pk],
    )
    response = editor_client.post(add_url(Topic), data)
    assert response.status_code == 200
    assert "needs at least one published source" in " ".join(
        response.context["adminform"].form.errors["sources"]
    )
    data["status"] = "draft"
    assert editor_client.post(add_url(Topic), data).status_code == 302


@pytest.mark.django_db
def test_the_publish_action_leaves_records_without_a_published_source_as_drafts(
    editor_client, make_topic, make_source
):
    sourced = make_topic(name="Sourced", status=Status.DRAFT)
    unsourced = make_topic(
        name="Unsourced", status=Status.DRAFT, sources=[make_source(status=Status.DRAFT)]
    )
    response = editor_client.post(
        reverse("admin:orgs_topic_changelist"),
        {"action": "publish", "_selected_action": [sourced.pk, unsourced.pk]},
        follow=True,
    )
    assert "Not published, for want of a published source: Unsourced." in response.content.decode()
    assert Topic.objects.get(pk=sourced.pk).status == Status.PUBLISHED
    assert Topic.objects.get(pk=unsourced.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_a_cited_source_cannot_be_deleted(editor_client, make_source, make_topic):
    cited, idle = make_source(), make_source()
    make_topic(sources=[cited])
    url = reverse("admin:cyberpeace_source_delete", args=[cited.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [cited.pk, idle.pk], "post": "yes"}
    changelist = reverse("admin:cyberpeace_source_changelist")
    assert editor_client.post(changelist, bulk).status_code == 403
    assert set(Source.objects.values_list("pk", flat=True)) >= {cited.pk, idle.pk}
    reverse_url = reverse("admin:cyberpeace_source_delete", args=[idle.pk])
    assert editor_client.post(reverse_url, {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(pk=idle.pk).exists()


# Rows that say the same twice in one save


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "rows", "field", "message"),
    [
        (
            "cyberpeace-identifier-content_type-object_id",
            [{"scheme": "wikidata", "value": "Q1"}, {"scheme": "wikidata", "value": "Q2"}],
            "scheme",
            "a record has one value per scheme",
        ),
        (
            "relations",
            [{"kind": "member_of", "object": "OTHER"}, {"kind": "member_of", "object": "OTHER"}],
            "object",
            "gives this relation from this start already",
        ),
    ],
    ids=["identifiers", "relations"],
)
def test_two_rows_saying_the_same_are_a_form_error_not_a_crash(
    editor_client, form_data, make_organisation, prefix, rows, field, message
):
    organisation, other = make_organisation(), make_organisation()
    url = change_url(organisation)
    data = form_data(editor_client.get(url))
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{i}-{name}"] = other.pk if value == "OTHER" else value
        data[f"{prefix}-{i}-sources"] = [organisation.sources.get().pk]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix
    )
    assert message in str(inline.formset.forms[1].errors[field])


@pytest.mark.django_db
def test_a_contributors_post_to_a_published_record_is_refused_naming_it(
    contributor_client, make_organisation, make_person
):
    organisation = make_organisation(name="Published body")
    data = {
        "name": "Renamed",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-person": make_person().pk,
        "memberships-0-role": "Chair",
    }
    response = contributor_client.post(change_url(organisation), data)
    assert response.status_code == 403
    assert (
        "“Published body” is published: only an editor may change it" in response.content.decode()
    )
    organisation.refresh_from_db()
    assert organisation.name == "Published body"
    assert not organisation.memberships.exists()
