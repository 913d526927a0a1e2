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
# session, user and permissions, then the screen's own.
SCREENS = {
    Source: (9, 20, 6),
    Relation: (8, 13, 6),
    Topic: (8, 10, 6),
    Organisation: (9, 16, 6),
    OrganisationTopic: (9, 13, 6),
    SocialAccount: (8, 11, 6),
    Person: (8, 12, 6),
    Membership: (8, 13, 6),
    Programme: (9, 13, 6),
    Partnership: (8, 13, 6),
    Event: (9, 18, 6),
    EventLink: (8, 9, 6),
    EventRole: (8, 13, 6),
    Speaker: (8, 14, 6),
}


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def richest(model):
    """The record of ``model`` with the most linked rows, so inlines are full."""
    return model._default_manager.order_by("pk").first()


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
def test_an_inline_with_more_rows_costs_no_more_queries(warm, make_person, make_topic, make_world):

    make_world(1)
    organisation = Organisation.objects.filter(memberships__isnull=False).first()
    before = count_queries(warm, url(Organisation, "change", organisation.pk))
    for _ in range(8):
        Membership.objects.create(person=make_person(), organisation=organisation, role="Member")
        OrganisationTopic.objects.create(organisation=organisation, topic=make_topic())
        organisation.social_accounts.create(platform="other", handle=f"@account{_}")
    assert count_queries(warm, url(Organisation, "change", organisation.pk)) == before


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
