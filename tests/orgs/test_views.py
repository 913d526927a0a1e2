"""An organisation's page: its relations, its sources, and nothing its reader may not see."""

from __future__ import annotations

import pytest

from cyberpeace.publishing import Status
from orgs.models import Relation


@pytest.mark.django_db
def test_the_page_lists_sources_as_title_publisher_and_date(client, make_source, make_organisation):
    report = make_source(
        title="The ICT4Peace Foundation: In Action since 2004",
        publisher="ICT4Peace Foundation",
        published="2019-12",
        url="",
        file="seed/000_f1b0942790790cba.txt",
    )
    site = make_source(
        title="International Telecommunication Union website",
        publisher="International Telecommunication Union",
        url="https://www.itu.int/",
    )
    organisation = make_organisation(sources=[report, site])
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert (
        "<li>The ICT4Peace Foundation: In Action since 2004, ICT4Peace Foundation, December 2019</li>"
        in page
    )
    assert (
        '<a href="https://www.itu.int/" rel="nofollow noopener">International Telecommunication '
        "Union website</a>, International Telecommunication Union</li>" in page
    )
    assert "000_f1b0942790790cba" not in page
    assert ".txt" not in page


@pytest.mark.django_db
def test_a_draft_source_is_not_listed_publicly(client, make_source, make_organisation):
    draft = make_source(title="Unchecked rumour", status=Status.DRAFT)
    organisation = make_organisation(sources=[draft])
    assert "Unchecked rumour" not in client.get(organisation.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_relations_read_both_ways(client, make_organisation):
    itu = make_organisation(name="International Telecommunication Union")
    etc = make_organisation(name="Emergency Telecommunications Cluster")
    Relation.objects.create(subject=itu, kind="member_of", object=etc, start="2019")
    assert "Member of <a href" in client.get(itu.get_absolute_url()).content.decode()
    page = client.get(etc.get_absolute_url()).content.decode()
    assert "Has member <a href" in page
    assert "International Telecommunication Union" in page


@pytest.mark.django_db
def test_drafts_linked_to_a_published_organisation_stay_hidden_from_the_public(
    client, editor, make_organisation, make_person
):
    parent = make_organisation(name="Secret parent", status=Status.DRAFT)
    organisation = make_organisation(name="Public unit", parent=parent)
    partner = make_organisation(name="Draft partner", status=Status.DRAFT)
    supporter = make_organisation(name="Draft supporter", status=Status.DRAFT)
    Relation.objects.create(subject=organisation, kind="partner_of", object=partner)
    Relation.objects.create(subject=organisation, kind="supported_by", object=supporter)
    organisation.memberships.create(
        person=make_person(name="Draft person", status=Status.DRAFT), role="Director"
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    for hidden in ("Secret parent", "Draft partner", "Draft supporter", "Draft person"):
        assert hidden not in page
    assert parent.get_absolute_url() not in page

    client.force_login(editor)
    page = client.get(organisation.get_absolute_url()).content.decode()
    for shown in ("Secret parent", "Draft partner", "Draft supporter", "Draft person"):
        assert shown in page


@pytest.mark.django_db
def test_a_contributor_previews_their_own_draft_but_not_another(
    client, contributor, other_editor, make_organisation
):
    own = make_organisation(status=Status.DRAFT, created_by=contributor)
    other = make_organisation(status=Status.DRAFT, created_by=other_editor)
    client.force_login(contributor)
    response = client.get(own.get_absolute_url())
    assert response.status_code == 200
    assert b"Draft: the public will see this page once an editor publishes it." in response.content
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_persons_page_hides_roles_in_draft_organisations(client, make_person, make_organisation):
    person = make_person()
    person.memberships.create(organisation=make_organisation(name="Public body"), role="Chair")
    person.memberships.create(
        organisation=make_organisation(name="Draft body", status=Status.DRAFT), role="Adviser"
    )
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Public body" in page
    assert "Draft body" not in page
