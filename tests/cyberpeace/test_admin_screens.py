"""Every changelist and change form opens for an editor, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cyberpeace.models import Source
from initiatives.models import Event, EventLink, EventRole, Partnership, Programme, Speaker
from orgs.models import (
    Membership,
    Organisation,
    OrganisationTopic,
    Person,
    Relation,
    SocialAccount,
    Topic,
)

# model: (changelist, change form, add form) queries for a signed-in editor:
# session, user, whether they turned on two-factor sign-in, permissions, then the
# screen's own.
SCREENS = {
    Source: (10, 21, 7),
    Relation: (9, 14, 7),
    Topic: (9, 11, 7),
    Organisation: (11, 22, 7),
    OrganisationTopic: (10, 14, 7),
    SocialAccount: (9, 12, 7),
    Person: (9, 13, 7),
    Membership: (9, 14, 7),
    Programme: (10, 18, 7),
    Partnership: (9, 14, 7),
    Event: (11, 19, 7),
    EventLink: (9, 10, 7),
    EventRole: (9, 14, 7),
    Speaker: (9, 15, 7),
}


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def richest(model):
    """The record of ``model`` with the most linked rows, so that its inlines are full."""
    related = [
        relation.get_accessor_name()
        for relation in model._meta.related_objects
        if (relation.one_to_many or relation.many_to_many) and not relation.hidden
    ]
    return max(
        model._default_manager.order_by("pk"),
        key=lambda obj: sum(getattr(obj, name).count() for name in related),
    )


@pytest.fixture
def warm(editor_client):
    # The first request of a test also fills caches (content types) that
    # later requests reuse; counts are pinned for the steady state.
    editor_client.get(reverse("admin:index"))
    return editor_client


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCREENS, ids=lambda m: m.__name__)
def test_each_screen_opens_in_a_pinned_number_of_queries(warm, model, make_world):
    make_world(2)
    changelist, change, add = SCREENS[model]
    obj = richest(model)
    warm.get(url(model, "change", obj.pk))  # caches the model's content type

    assert (
        count_queries(warm, url(model, "changelist")),
        count_queries(warm, url(model, "change", obj.pk)),
        count_queries(warm, url(model, "add")),
    ) == (changelist, change, add)


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCREENS, ids=lambda m: m.__name__)
def test_the_count_does_not_grow_with_the_rows(warm, model, make_world):
    make_world(1)
    obj = richest(model)
    before = (
        count_queries(warm, url(model, "changelist")),
        count_queries(warm, url(model, "change", obj.pk)),
    )
    make_world(6)
    after = (
        count_queries(warm, url(model, "changelist")),
        count_queries(warm, url(model, "change", obj.pk)),
    )
    assert after == before


@pytest.mark.django_db
def test_an_inline_with_more_rows_costs_no_more_queries(
    warm, make_world, make_person, make_topic, make_organisation, make_source
):
    make_world(1)
    organisation = richest(Organisation)
    programme = richest(Programme)
    # One row in every inline first: an empty inline needs no query for its rows' sources.
    Relation.objects.create(subject=make_organisation(), kind="member_of", object=organisation)
    organisation.identifiers.create(scheme="other", value="X0")
    programme.identifiers.create(scheme="other", value="Y0")
    before = (
        count_queries(warm, url(Organisation, "change", organisation.pk)),
        count_queries(warm, url(Programme, "change", programme.pk)),
    )
    for n in range(8):
        source = make_source()
        other = make_organisation()
        membership = Membership.objects.create(
            person=make_person(), organisation=organisation, role="Member"
        )
        membership.sources.add(source)
        OrganisationTopic.objects.create(organisation=organisation, topic=make_topic())
        organisation.social_accounts.create(platform="other", handle=f"@account{n}")
        Relation.objects.create(subject=organisation, kind="partner_of", object=other)
        Relation.objects.create(subject=other, kind="member_of", object=organisation)
        Partnership.objects.create(programme=programme, organisation=other, role="partner")
    after = (
        count_queries(warm, url(Organisation, "change", organisation.pk)),
        count_queries(warm, url(Programme, "change", programme.pk)),
    )
    assert after == before


@pytest.mark.django_db
def test_the_admin_says_what_it_is(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert b"cyberpeace directory" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (Organisation, "UIT", "International Telecommunication Union"),
        (Organisation, "telecommunication-union", "International Telecommunication Union"),
        (Organisation, "Geneva", "International Telecommunication Union"),
    ],
)
def test_search_finds_names_acronyms_and_slugs(
    editor_client, model, term, expected, make_organisation
):

    make_organisation(
        name="International Telecommunication Union",
        slug="international-telecommunication-union",
        acronyms=["ITU", "UIT"],
        city="Geneva",
    )
    make_organisation(name="Someone else", slug="someone-else", acronyms=["SE"])
    response = editor_client.get(url(model, "changelist"), {"q": term})
    assert expected in response.content.decode()
    assert "Someone else" not in response.content.decode()
