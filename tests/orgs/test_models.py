from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cyberpeace.publishing import Status
from orgs.models import Membership, Organisation, OrganisationTopic, Person, SocialAccount, Topic


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("maker", "model"),
    [("make_topic", Topic), ("make_organisation", Organisation), ("make_person", Person)],
)
def test_slugs_are_unique_in_the_database_and_in_validation(request, maker, model):
    maker = request.getfixturevalue(maker)
    maker(slug="same")
    duplicate = model(**{f: getattr(model.objects.get(), f) for f in ["slug"]})
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        maker(slug="same")


@pytest.mark.django_db
def test_published_hides_drafts(make_organisation):
    shown = make_organisation(status=Status.PUBLISHED)
    make_organisation(status=Status.DRAFT)
    assert list(Organisation.objects.published()) == [shown]


@pytest.mark.django_db
def test_records_are_found_by_their_natural_keys(make_organisation, make_person, make_topic):
    organisation = make_organisation(slug="itu")
    topic = make_topic(slug="cybersecurity")
    person = make_person(slug="doreen-bogdan-martin")
    link = OrganisationTopic.objects.create(organisation=organisation, topic=topic)
    membership = Membership.objects.create(
        person=person, organisation=organisation, role="Secretary-General"
    )
    account = SocialAccount.objects.create(
        organisation=organisation, platform="twitter", url="https://x.com/ITU"
    )

    assert Organisation.objects.get_by_natural_key(*organisation.natural_key()) == organisation
    assert organisation.natural_key() == ("itu",)
    assert OrganisationTopic.objects.get_by_natural_key("itu", "cybersecurity") == link
    assert Membership.objects.get_by_natural_key(*membership.natural_key()) == membership
    assert SocialAccount.objects.get_by_natural_key(*account.natural_key()) == account


@pytest.mark.django_db
def test_a_membership_cannot_end_before_it_starts(make_organisation, make_person):
    membership = Membership(
        person=make_person(), organisation=make_organisation(), role="Chair",
        start="2019-05", end="2019-04-30",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.message_dict == {
        "end": ["The end (2019-04-30) cannot be before the start (2019-05)."]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


@pytest.mark.django_db
def test_an_organisation_cannot_be_its_own_parent_in_the_database(make_organisation):
    organisation = make_organisation()
    organisation.parent = organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()


@pytest.mark.django_db
def test_a_topic_is_linked_once_per_organisation(make_organisation, make_topic):
    organisation, topic = make_organisation(), make_topic()
    OrganisationTopic.objects.create(organisation=organisation, topic=topic)
    with pytest.raises(ValidationError, match="already has this topic"):
        OrganisationTopic(organisation=organisation, topic=topic).full_clean()


@pytest.mark.django_db
def test_timestamps_and_history_follow_each_save(make_topic):
    topic = make_topic(name="One", sources=[])
    created, first_update = topic.created_at, topic.updated_at
    topic.name = "Two"
    topic.save()
    assert topic.created_at == created
    assert topic.updated_at > first_update
    assert [h.name for h in topic.history.order_by("history_date")] == ["One", "Two"]
