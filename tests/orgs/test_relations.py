"""Relations between organisations: refused to itself and twice, on both databases and in the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from orgs.models import Relation


@pytest.fixture
def pair(make_organisation):
    return make_organisation(name="ITU"), make_organisation(
        name="Emergency Telecommunications Cluster"
    )


@pytest.mark.django_db
def test_an_organisation_cannot_relate_to_itself(pair):
    itu, _ = pair
    relation = Relation(subject=itu, kind="member_of", object=itu)
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert error.value.message_dict["object"] == [
        "An organisation cannot relate to itself: choose another one."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


@pytest.mark.django_db
@pytest.mark.parametrize("start", [None, "2019"])
def test_the_same_relation_is_refused_twice_even_without_a_start(pair, start):
    itu, etc = pair
    Relation.objects.create(subject=itu, kind="member_of", object=etc, start=start)
    again = Relation(subject=itu, kind="member_of", object=etc, start=start)
    with pytest.raises(ValidationError, match="already recorded as member of"):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


@pytest.mark.django_db
def test_the_same_relation_from_another_start_is_another_relation(pair):
    itu, etc = pair
    Relation.objects.create(subject=itu, kind="member_of", object=etc, start="2015")
    Relation.objects.create(subject=itu, kind="member_of", object=etc, end="2014")
    Relation(subject=itu, kind="member_of", object=etc, start="2019").full_clean()


@pytest.mark.django_db
def test_a_relation_cannot_end_before_it_starts(pair):
    itu, etc = pair
    relation = Relation(subject=itu, kind="partner_of", object=etc, start="2020", end="2019")
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert list(error.value.message_dict) == ["end"]


@pytest.mark.django_db
def test_the_admin_refuses_a_relation_to_itself_naming_the_field(editor_client, pair, make_source):
    itu, _ = pair
    data = {
        "subject": itu.pk,
        "kind": "member_of",
        "object": itu.pk,
        "note": "Joined in 2019",
        "sources": [make_source().pk],
    }
    response = editor_client.post(reverse("admin:orgs_relation_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "cannot relate to itself" in " ".join(form.errors["object"])
    assert form["note"].value() == "Joined in 2019"
    assert not Relation.objects.exists()


@pytest.mark.django_db
def test_an_organisation_form_edits_its_relations_inline(editor_client, pair, form_data):
    itu, etc = pair
    url = reverse("admin:orgs_organisation_change", args=[itu.pk])
    data = form_data(editor_client.get(url))
    data.update(
        {
            "relations-TOTAL_FORMS": "1",
            "relations-0-kind": "member_of",
            "relations-0-object": etc.pk,
            "relations-0-start": "2019",
            "relations-0-sources": [itu.sources.get().pk],
        }
    )
    assert editor_client.post(url, data).status_code == 302
    relation = Relation.objects.get()
    assert (relation.subject, relation.object, str(relation.start)) == (itu, etc, "2019")
    assert list(relation.sources.all()) == list(itu.sources.all())
