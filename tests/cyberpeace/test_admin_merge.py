"""Two editors on one record: the second save merges their work instead of clobbering it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orgs.models import Membership


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def again(response) -> dict:
    """What the refused form now holds: saving it again."""
    data = response.context["adminform"].form.data
    return {key: data.getlist(key) for key in data}


@pytest.fixture
def session(client, form_data):
    """An editor's session: open a record's form, post it back with changes."""

    class Session:
        def open(self, record, who) -> dict:
            client.force_login(who)
            return form_data(client.get(change_url(record)))

        def post(self, record, who, data, **changes):
            client.force_login(who)
            return client.post(change_url(record), {**data, **changes})

    return Session()


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["editor first", "alice first"])
def test_two_editors_changing_different_fields_both_keep_their_work(
    session, editor, other_editor, make_organisation, order
):
    organisation = make_organisation(name="Original", city="Geneva", summary="Old summary.")
    one, two = (editor, other_editor) if order == "editor first" else (other_editor, editor)
    first, second = session.open(organisation, one), session.open(organisation, two)
    assert session.post(organisation, one, first, city="Lausanne").status_code == 302

    refused = session.post(organisation, two, second, summary="New summary.")
    assert refused.status_code == 200
    form = refused.context["adminform"].form
    message = form.non_field_errors()[0]
    assert f"changed by {one.username} on" in message
    assert "Their changes are now in the form beside yours (City: Geneva → Lausanne)" in message
    assert (form["city"].value(), form["summary"].value()) == ("Lausanne", "New summary.")
    organisation.refresh_from_db()
    assert organisation.summary == "Old summary."

    assert session.post(organisation, two, again(refused)).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.city, organisation.summary) == ("Lausanne", "New summary.")


@pytest.mark.django_db
def test_a_field_both_changed_asks_for_a_choice_showing_all_three_values(
    session, editor, other_editor, make_organisation
):
    organisation = make_organisation(name="Original")
    mine, theirs = session.open(organisation, editor), session.open(organisation, other_editor)
    session.post(organisation, other_editor, theirs, name="Their name")
    refused = session.post(organisation, editor, mine, name="My name")
    errors = refused.context["adminform"].form.errors["name"]
    assert errors == [
        "Both of you changed this. It was: Original. They wrote: Their name. You wrote: My name "
        "(still below): keep yours or take theirs, then save."
    ]
    assert session.post(organisation, editor, again(refused)).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "My name"


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["editor first", "alice first"])
def test_inline_rows_of_both_editors_survive(
    session, editor, other_editor, make_organisation, make_person, order
):
    organisation = make_organisation()
    chair = Membership.objects.create(
        person=make_person(name="Chair person"), organisation=organisation, role="Chair"
    )
    chair.sources.set(organisation.sources.all())
    gone = Membership.objects.create(
        person=make_person(name="Leaving person"), organisation=organisation, role="Treasurer"
    )
    gone.sources.set(organisation.sources.all())
    newcomer = make_person(name="New person")
    one, two = (editor, other_editor) if order == "editor first" else (other_editor, editor)
    first, second = session.open(organisation, one), session.open(organisation, two)

    # The first editor renames the chair's role, removes a row and adds one.
    rows = {first[f"memberships-{i}-id"]: i for i in range(2)}
    first[f"memberships-{rows[chair.pk]}-role"] = "Chair (acting)"
    first[f"memberships-{rows[gone.pk]}-DELETE"] = "on"
    first.update(
        {
            "memberships-TOTAL_FORMS": "3",
            "memberships-2-person": newcomer.pk,
            "memberships-2-role": "Secretary",
            "memberships-2-sources": [organisation.sources.get().pk],
        }
    )
    assert session.post(organisation, one, first).status_code == 302

    # The second editor changes only the organisation's city.
    refused = session.post(organisation, two, second, city="Bern")
    assert refused.status_code == 200
    message = refused.context["adminform"].form.non_field_errors()[0]
    assert "removed “Leaving person, Treasurer" in message
    assert "added “New person, Secretary" in message
    assert session.post(organisation, two, again(refused)).status_code == 302

    organisation.refresh_from_db()
    assert organisation.city == "Bern"
    assert sorted(organisation.memberships.values_list("person__name", "role")) == [
        ("Chair person", "Chair (acting)"),
        ("New person", "Secretary"),
    ]
