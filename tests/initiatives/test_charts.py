"""What the timelines and the partnership network hold: only what the reader may see,
in a fixed number of queries."""

from __future__ import annotations

import pytest

from cyberpeace.publishing import Status
from initiatives.charts import (
    directory_timeline,
    organisation_network,
    organisation_timeline,
    programme_timeline,
)
from initiatives.models import Event, EventRole, Partnership, Programme


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def labels(items) -> set[str]:
    return {item.label for item in items}


@pytest.mark.django_db
def test_an_organisation_timeline_holds_its_programmes_and_events_with_its_roles(
    anonymous, make_organisation, make_programme, make_event
):
    organisation = make_organisation()
    programme = make_programme(title="Cyber capacity", start="2015", end="2017")
    Partnership.objects.create(programme=programme, organisation=organisation, role="lead")
    Partnership.objects.create(programme=programme, organisation=organisation, role="funder")
    event = make_event(title="Launch", start="2015-05-03")
    EventRole.objects.create(event=event, organisation=organisation, role="host")
    make_programme(title="Someone else's")
    items = organisation_timeline(organisation, anonymous)
    assert [(i.label, i.kind, i.note) for i in items] == [
        ("Cyber capacity", "programme", "Funder, Lead"),
        ("Launch", "event", "Host"),
    ]
    assert items[0].url == programme.get_absolute_url()
    assert str(items[0].start) == "2015"


@pytest.mark.django_db
def test_an_organisation_timeline_hides_drafts_from_the_public_not_from_editors(
    anonymous, editor, make_organisation, make_programme, make_event
):
    organisation = make_organisation()
    draft = make_programme(title="Draft programme", status=Status.DRAFT)
    Partnership.objects.create(programme=draft, organisation=organisation, role="partner")
    draft_event = make_event(title="Draft event", status=Status.DRAFT)
    EventRole.objects.create(event=draft_event, organisation=organisation, role="host")
    assert organisation_timeline(organisation, anonymous) == []
    assert labels(organisation_timeline(organisation, editor)) == {"Draft programme", "Draft event"}


def link_organisation(organisation, make_programme, make_event, count: int) -> None:
    for _ in range(count):
        Partnership.objects.create(
            programme=make_programme(start="2016"), organisation=organisation, role="partner"
        )
        EventRole.objects.create(event=make_event(), organisation=organisation, role="host")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 6])
def test_an_organisation_timeline_takes_two_queries_however_many_rows(
    anonymous, django_assert_num_queries, make_organisation, make_programme, make_event, rows
):
    organisation = make_organisation()
    link_organisation(organisation, make_programme, make_event, rows)
    with django_assert_num_queries(2):
        items = organisation_timeline(organisation, anonymous)
    assert len(items) == 2 * rows


@pytest.mark.django_db
def test_a_programme_timeline_holds_its_phases_parts_and_events(
    anonymous, make_programme, make_event
):
    before = make_programme(title="First phase", start="2012", end="2014")
    programme = make_programme(title="Second phase", start="2015", end="2018", follows=before)
    make_programme(title="Third phase", start="2019", follows=programme)
    make_programme(title="A part", start="2016", parent=programme)
    make_programme(title="Draft fourth phase", follows=programme, status=Status.DRAFT)
    make_programme(title="Unrelated")
    make_event(title="Kick-off", start="2015-02", programme=programme)
    make_event(title="Undated meeting", start=None, programme=programme)
    make_event(title="Draft event", programme=programme, status=Status.DRAFT)
    notes = {
        item.label: (item.kind, item.note) for item in programme_timeline(programme, anonymous)
    }
    assert notes == {
        "Second phase": ("programme", "this programme"),
        "First phase": ("programme", "previous phase"),
        "Third phase": ("programme", "next phase"),
        "A part": ("programme", "part of this programme"),
        "Kick-off": ("event", ""),
        "Undated meeting": ("event", ""),
    }


@pytest.mark.django_db
def test_a_programme_timeline_leaves_out_a_draft_previous_phase(anonymous, make_programme):
    before = make_programme(title="Draft first phase", status=Status.DRAFT)
    programme = make_programme(follows=before)
    assert labels(programme_timeline(programme, anonymous)) == {programme.title}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 6])
def test_a_programme_timeline_takes_two_queries_however_many_rows(
    anonymous, django_assert_num_queries, make_programme, make_event, rows
):
    programme = make_programme(follows=make_programme())
    for _ in range(rows):
        make_programme(parent=programme)
        make_programme(follows=programme)
        make_event(programme=programme)
    programme = Programme.objects.get(pk=programme.pk)
    with django_assert_num_queries(2):
        items = programme_timeline(programme, anonymous)
    assert len(items) == 2 + 3 * rows


@pytest.mark.django_db
def test_the_directory_timeline_holds_what_the_reader_may_see(
    anonymous, contributor, make_programme, make_event
):
    make_programme(title="Published programme")
    make_programme(title="Someone's draft", status=Status.DRAFT)
    make_programme(title="My draft", status=Status.DRAFT, created_by=contributor)
    make_event(title="Published event")
    public = directory_timeline(
        anonymous, programmes=Programme.objects.all(), events=Event.objects.all()
    )
    assert labels(public) == {"Published programme", "Published event"}
    mine = directory_timeline(contributor, programmes=Programme.objects.all())
    assert labels(mine) == {"Published programme", "My draft"}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 6])
def test_the_directory_timeline_takes_one_query_per_kind(
    anonymous, django_assert_num_queries, make_programme, make_event, rows
):
    for _ in range(rows):
        make_programme()
        make_event()
    with django_assert_num_queries(2):
        items = directory_timeline(
            anonymous, programmes=Programme.objects.all(), events=Event.objects.all()
        )
    assert len(items) == 2 * rows


@pytest.mark.django_db
def test_the_network_joins_partners_through_shared_programmes(
    anonymous, make_organisation, make_programme
):
    centre = make_organisation(name="Geneva Centre")
    itu = make_organisation(name="ITU")
    unidir = make_organisation(name="UNIDIR")
    make_organisation(name="Stranger")
    gfce, oewg = make_programme(title="GFCE"), make_programme(title="OEWG")
    for programme, organisation, role in [
        (gfce, centre, "partner"),
        (oewg, centre, "member"),
        (gfce, itu, "lead"),
        (oewg, itu, "funder"),
        (oewg, unidir, "member"),
    ]:
        Partnership.objects.create(programme=programme, organisation=organisation, role=role)
    links = organisation_network(centre, anonymous)
    assert [
        (link.partner.label, [(p.label, p.note) for p in link.programmes]) for link in links
    ] == [
        ("ITU", [("GFCE", "Lead"), ("OEWG", "Funder")]),
        ("UNIDIR", [("OEWG", "Member")]),
    ]
    assert links[0].partner.url == itu.get_absolute_url()


@pytest.mark.django_db
def test_the_network_hides_draft_partners_and_draft_programmes(
    anonymous, editor, make_organisation, make_programme
):
    centre = make_organisation()
    published, draft = make_programme(), make_programme(title="Draft", status=Status.DRAFT)
    for programme in (published, draft):
        Partnership.objects.create(programme=programme, organisation=centre, role="lead")
    Partnership.objects.create(
        programme=published,
        organisation=make_organisation(name="Draft partner", status=Status.DRAFT),
        role="partner",
    )
    Partnership.objects.create(
        programme=draft, organisation=make_organisation(name="Public partner"), role="partner"
    )
    assert organisation_network(centre, anonymous) == []
    seen = organisation_network(centre, editor)
    assert {link.partner.label for link in seen} == {"Draft partner", "Public partner"}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 6])
def test_the_network_takes_one_query_however_many_partners(
    anonymous, django_assert_num_queries, make_organisation, make_programme, rows
):
    centre = make_organisation()
    for _ in range(rows):
        programme = make_programme()
        Partnership.objects.create(programme=programme, organisation=centre, role="lead")
        for _ in range(2):
            Partnership.objects.create(
                programme=programme, organisation=make_organisation(), role="partner"
            )
    with django_assert_num_queries(1):
        links = organisation_network(centre, anonymous)
    assert len(links) == 2 * rows
