"""Who sees what (DESIGN.md): one rule, `visible_to(user)`, for records and the links between them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from cyberpeace.publishing import Status
from initiatives.models import Partnership
from orgs.models import Organisation, Relation


@pytest.fixture
def records(make_organisation, contributor, other_editor):
    return {
        "published": make_organisation(name="Published"),
        "own draft": make_organisation(
            name="Own draft", status=Status.DRAFT, created_by=contributor
        ),
        "other draft": make_organisation(
            name="Other draft", status=Status.DRAFT, created_by=other_editor
        ),
    }


def visible_names(user) -> set[str]:
    return set(Organisation.objects.visible_to(user).values_list("name", flat=True))


@pytest.mark.django_db
def test_anonymous_visitors_see_published_records(records):
    assert visible_names(AnonymousUser()) == {"Published"}


@pytest.mark.django_db
def test_contributors_see_published_records_and_their_own_drafts(records, contributor):
    assert visible_names(contributor) == {"Published", "Own draft"}


@pytest.mark.django_db
def test_editors_see_every_draft(records, editor):
    assert visible_names(editor) == {"Published", "Own draft", "Other draft"}


@pytest.mark.django_db
def test_staff_without_the_publish_right_do_not_see_others_drafts(records, django_user_model):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    assert visible_names(staff) == {"Published"}


@pytest.mark.django_db
def test_a_link_is_visible_only_where_both_ends_are(records, make_programme, contributor, editor):
    programme = make_programme()
    for organisation in records.values():
        Partnership.objects.create(programme=programme, organisation=organisation, role="partner")
    for name in ("own draft", "other draft"):
        Relation.objects.create(
            subject=records["published"], kind="partner_of", object=records[name]
        )

    def partners(user) -> set[str]:
        links = Partnership.objects.visible_to(user)
        return set(links.values_list("organisation__name", flat=True))

    def related(user) -> set[str]:
        return set(Relation.objects.visible_to(user).values_list("object__name", flat=True))

    assert partners(AnonymousUser()) == {"Published"}
    assert partners(contributor) == {"Published", "Own draft"}
    assert partners(editor) == {"Published", "Own draft", "Other draft"}
    assert related(AnonymousUser()) == set()
    assert related(contributor) == {"Own draft"}
    programme.status = Status.DRAFT
    programme.save()
    assert partners(AnonymousUser()) == set()
