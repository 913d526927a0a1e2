"""A record's updated_at moves when anything it shows changes (DESIGN.md), and only then."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cyberpeace.conditional import record_etag
from cyberpeace.publishing import Status
from initiatives.models import EventLink, EventRole, Partnership, Speaker
from orgs.models import Membership, OrganisationTopic, Relation


def stamp(record):
    return (
        type(record)._base_manager.filter(pk=record.pk).values_list("updated_at", flat=True).get()
    )


class Stamps:
    """The updated_at of some records now, to tell after a change which of them moved."""

    def __init__(self, *records) -> None:
        self.records = records
        self.before = [stamp(record) for record in records]

    def moved(self) -> set:
        return {
            record
            for record, before in zip(self.records, self.before, strict=True)
            if stamp(record) != before
        }


@pytest.mark.django_db
def test_a_renamed_partner_moves_every_programme_it_partners_and_their_etags(
    make_organisation, make_programme
):
    partner = make_organisation()
    first, second, other = make_programme(), make_programme(), make_programme()
    for programme in (first, second):
        Partnership.objects.create(programme=programme, organisation=partner, role="lead")
    first.refresh_from_db()
    etag = record_etag(first, None)
    stamps = Stamps(first, second, other)
    partner.name = "A new name"
    partner.save()
    assert stamps.moved() == {first, second}
    first.refresh_from_db()
    assert record_etag(first, None) != etag


@pytest.mark.django_db
def test_a_change_nobody_else_shows_moves_only_the_record(make_organisation, make_programme):
    partner = make_organisation()
    programme = make_programme()
    Partnership.objects.create(programme=programme, organisation=partner, role="lead")
    stamps = Stamps(programme)
    partner.description = "Only its own page shows this."
    partner.save()
    assert stamps.moved() == set()


@pytest.mark.django_db
def test_adding_or_removing_a_host_moves_the_event_and_the_host(make_event, make_organisation):
    event, host = make_event(), make_organisation()
    stamps = Stamps(event, host)
    role = EventRole.objects.create(event=event, organisation=host, role="host")
    assert stamps.moved() == {event, host}
    stamps = Stamps(event, host)
    role.delete()
    assert stamps.moved() == {event, host}


@pytest.mark.django_db
def test_every_kind_of_link_moves_the_records_it_joins(
    make_organisation, make_person, make_topic, make_programme, make_event
):
    organisation, other, person, topic = (
        make_organisation(),
        make_organisation(),
        make_person(),
        make_topic(),
    )
    programme, event = make_programme(), make_event()
    cases = [
        (lambda: Membership.objects.create(person=person, organisation=organisation, role="Chair"),
         [person, organisation]),
        (lambda: Relation.objects.create(subject=organisation, kind="member_of", object=other),
         [organisation, other]),
        (lambda: OrganisationTopic.objects.create(organisation=organisation, topic=topic),
         [organisation, topic]),
        (lambda: organisation.social_accounts.create(platform="twitter", handle="@x"),
         [organisation]),
        (lambda: Partnership.objects.create(programme=programme, organisation=other, role="funder"),
         [programme, other]),
        (lambda: Speaker.objects.create(event=event, person=person), [event, person]),
        (lambda: EventLink.objects.create(event=event, title="Webcast", url="https://x.org/w"),
         [event]),
        (lambda: organisation.identifiers.create(scheme="wikidata", value="Q42"), [organisation]),
    ]  # fmt: skip
    everyone = [organisation, other, person, topic, programme, event]
    for create, joined in cases:
        stamps = Stamps(*everyone)
        link = create()
        assert stamps.moved() == set(joined), link
        stamps = Stamps(*everyone)
        link.delete()
        assert stamps.moved() == set(joined), link


@pytest.mark.django_db
def test_a_link_moved_to_another_record_moves_the_one_it_left(make_organisation, make_person):
    person, left, joined = make_person(), make_organisation(), make_organisation()
    membership = Membership.objects.create(person=person, organisation=left, role="Chair")
    stamps = Stamps(person, left, joined)
    membership.organisation = joined
    membership.save()
    assert stamps.moved() == {person, left, joined}


@pytest.mark.django_db
def test_a_changed_source_moves_the_records_and_links_citing_it(
    make_source, make_organisation, make_person, make_event
):
    source = make_source()
    cited, uncited = make_organisation(sources=[source]), make_organisation()
    person, event = make_person(), make_event()
    Membership.objects.create(person=person, organisation=uncited, role="Chair").sources.add(source)
    stamps = Stamps(cited, uncited, person, event)
    source.title = "A corrected title"
    source.save()
    assert stamps.moved() == {cited, uncited, person}


@pytest.mark.django_db
def test_adding_or_removing_a_source_or_topic_moves_the_record(
    make_source, make_topic, make_programme
):
    programme, source, topic = make_programme(), make_source(), make_topic()
    for change in (
        lambda: programme.sources.add(source),
        lambda: programme.topics.add(topic),
        lambda: topic.programmes.remove(programme),
        lambda: programme.sources.clear(),
    ):
        stamps = Stamps(programme)
        change()
        assert stamps.moved() == {programme}
    # The version history keeps is the version the API shows, updated_at included.
    assert programme.history.first().updated_at == stamp(programme)


@pytest.mark.django_db
def test_a_source_added_to_a_link_moves_the_records_it_joins(
    make_source, make_event, make_organisation
):
    event, host, source = make_event(), make_organisation(), make_source()
    role = EventRole.objects.create(event=event, organisation=host, role="host")
    stamps = Stamps(event, host)
    role.sources.add(source)
    assert stamps.moved() == {event, host}
    stamps = Stamps(event, host)
    source.cited_by_eventrole.remove(role)
    assert stamps.moved() == {event, host}


@pytest.mark.django_db
def test_a_renamed_organisation_moves_every_record_showing_it(
    make_organisation, make_person, make_programme, make_event
):
    parent = make_organisation()
    organisation = make_organisation(parent=parent)
    child, related, relating, bystander = (make_organisation(parent=organisation),
                                           make_organisation(), make_organisation(),
                                           make_organisation())  # fmt: skip
    Relation.objects.create(subject=organisation, kind="member_of", object=related)
    Relation.objects.create(subject=relating, kind="partner_of", object=organisation)
    person, programme = make_person(), make_programme()
    hosted, spoken_at = make_event(), make_event()
    Membership.objects.create(person=person, organisation=organisation, role="Chair")
    Partnership.objects.create(programme=programme, organisation=organisation, role="lead")
    EventRole.objects.create(event=hosted, organisation=organisation, role="host")
    Speaker.objects.create(event=spoken_at, person=make_person(), affiliation=organisation)
    records = [parent, child, related, relating, bystander, person, programme, hosted, spoken_at]
    stamps = Stamps(*records)
    organisation.name = "Renamed"
    organisation.save()
    assert stamps.moved() == {r for r in records if r is not bystander}


@pytest.mark.django_db
def test_a_renamed_person_topic_or_programme_moves_the_records_showing_them(
    make_organisation, make_person, make_topic, make_programme, make_event
):
    organisation, person, topic = make_organisation(), make_person(), make_topic()
    Membership.objects.create(person=person, organisation=organisation, role="Chair")
    OrganisationTopic.objects.create(organisation=organisation, topic=topic)
    predecessor, parent = make_programme(), make_programme()
    programme = make_programme(follows=predecessor, parent=parent)
    successor, child = make_programme(follows=programme), make_programme(parent=programme)
    programme.topics.add(topic)
    event, other_event = make_event(programme=programme), make_event()
    event.topics.add(topic)
    Speaker.objects.create(event=event, person=person)

    stamps = Stamps(organisation, event, other_event, programme)
    person.name = "Renamed"
    person.save()
    assert stamps.moved() == {organisation, event}

    stamps = Stamps(organisation, programme, event, other_event)
    topic.slug = "renamed"
    topic.save()
    assert stamps.moved() == {organisation, programme, event}

    stamps = Stamps(predecessor, parent, successor, child, event, other_event, organisation)
    programme.title = "Renamed"
    programme.save()
    assert stamps.moved() == {predecessor, parent, successor, child, event}


@pytest.mark.django_db
def test_unpublishing_moves_the_records_that_showed_it(make_organisation, make_programme):
    partner, programme = make_organisation(), make_programme()
    Partnership.objects.create(programme=programme, organisation=partner, role="lead")
    stamps = Stamps(programme)
    partner.status = Status.DRAFT
    partner.save()
    assert stamps.moved() == {programme}


@pytest.mark.django_db
def test_an_event_moved_between_programmes_moves_both(make_programme, make_event):
    first, second = make_programme(), make_programme()
    stamps = Stamps(first)
    event = make_event(programme=first)
    assert stamps.moved() == {first}
    stamps = Stamps(first, second)
    event.programme = second
    event.save()
    assert stamps.moved() == {first, second}


@pytest.mark.django_db
def test_a_deleted_record_moves_the_records_that_showed_it(
    make_organisation, make_programme, make_event, make_person
):
    parent = make_organisation()
    organisation = make_organisation(parent=parent)
    programme, event, person = make_programme(), make_event(), make_person()
    Partnership.objects.create(programme=programme, organisation=organisation, role="lead")
    EventRole.objects.create(event=event, organisation=organisation, role="host")
    Speaker.objects.create(event=make_event(), person=person, affiliation=organisation)
    spoken_at = person.appearances.get().event
    stamps = Stamps(parent, programme, event, person, spoken_at)
    organisation.delete()
    # The person's page showed it as the affiliation they spoke for.
    assert stamps.moved() == {parent, programme, event, person, spoken_at}


@pytest.mark.django_db
def test_a_raw_load_moves_nothing(make_organisation, make_programme):
    organisation, programme = make_organisation(), make_programme()
    link = Partnership.objects.create(programme=programme, organisation=organisation, role="lead")
    data = serializers.serialize("json", [link])
    link.delete()
    stamps = Stamps(organisation, programme)
    for item in serializers.deserialize("json", data):
        item.save()
    assert Partnership.objects.count() == 1
    assert stamps.moved() == set()


def queries_for_a_rename(organisation) -> int:
    organisation.name = organisation.name + " renamed"
    with CaptureQueriesContext(connection) as queries:
        organisation.save()
    return len(queries)


@pytest.mark.django_db
def test_a_rename_costs_the_same_number_of_queries_whatever_shows_it(
    make_organisation, make_programme, make_event
):
    organisation = make_organisation()
    Partnership.objects.create(programme=make_programme(), organisation=organisation, role="lead")
    # The former slug, the row before, the save, its history (with its sources),
    # and one update per model showing organisations: organisations, people,
    # topics, programmes, events.
    assert queries_for_a_rename(organisation) == 11
    for _ in range(5):
        Partnership.objects.create(
            programme=make_programme(), organisation=organisation, role="lead"
        )
        EventRole.objects.create(event=make_event(), organisation=organisation, role="host")
    assert queries_for_a_rename(organisation) == 11


@pytest.fixture
def shown_on_pages(make_organisation, make_person, make_topic, make_programme, make_event):
    """A programme and an event as organisation, topic and person pages show them."""
    partner, host, person, topic, bystander = (make_organisation(), make_organisation(),
                                               make_person(), make_topic(), make_organisation())  # fmt: skip
    programme, event = make_programme(), make_event()
    Partnership.objects.create(programme=programme, organisation=partner, role="funder")
    EventRole.objects.create(event=event, organisation=host, role="participant")
    Speaker.objects.create(event=event, person=person)
    programme.topics.add(topic)
    event.topics.add(topic)
    return programme, event, partner, host, person, topic, bystander


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda record: setattr(record, "title", "Renamed") or record.save(),
        lambda record: setattr(record, "start", "2001-02") or record.save(),
        lambda record: setattr(record, "status", Status.DRAFT) or record.save(),
        lambda record: record.delete(),
    ],
    ids=["renamed", "redated", "unpublished", "deleted"],
)
def test_a_changed_programme_moves_the_organisation_and_topic_pages_listing_it(
    shown_on_pages, change
):
    programme, _event, partner, host, person, topic, bystander = shown_on_pages
    stamps = Stamps(partner, host, person, topic, bystander)
    change(programme)
    assert stamps.moved() == {partner, topic}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda record: setattr(record, "title", "Renamed") or record.save(),
        lambda record: setattr(record, "start", "2001-02") or record.save(),
        lambda record: setattr(record, "status", Status.DRAFT) or record.save(),
        lambda record: record.delete(),
    ],
    ids=["renamed", "redated", "unpublished", "deleted"],
)
def test_a_changed_event_moves_the_organisation_topic_and_person_pages_listing_it(
    shown_on_pages, change
):
    _programme, event, partner, host, person, topic, bystander = shown_on_pages
    stamps = Stamps(partner, host, person, topic, bystander)
    change(event)
    assert stamps.moved() == {host, person, topic}


@pytest.mark.django_db
def test_a_topic_given_to_or_taken_from_a_programme_or_event_moves_the_topic(
    make_topic, make_programme, make_event
):
    topic, other = make_topic(), make_topic()
    programme, event = make_programme(), make_event()
    for record, listed in ((programme, topic.programmes), (event, topic.events)):
        stamps = Stamps(topic, other)
        record.topics.add(topic)
        assert stamps.moved() == {topic}
        stamps = Stamps(topic, other)
        listed.remove(record)
        assert stamps.moved() == {topic}


@pytest.mark.django_db
def test_a_renamed_organisation_moves_its_topics_and_the_people_who_spoke_for_it(
    make_organisation, make_topic, make_person, make_event
):
    organisation, topic, person = make_organisation(), make_topic(), make_person()
    OrganisationTopic.objects.create(organisation=organisation, topic=topic)
    Speaker.objects.create(event=make_event(), person=person, affiliation=organisation)
    stamps = Stamps(topic, person)
    organisation.name = "Renamed"
    organisation.save()
    assert stamps.moved() == {topic, person}


@pytest.mark.django_db
def test_a_renamed_organisation_moves_the_organisations_whose_network_names_it(
    make_organisation, make_programme
):
    """An organisation's page draws the partners of its programmes: a partner's new
    name is a change of that page."""
    organisation, partner, stranger = make_organisation(), make_organisation(), make_organisation()
    programme = make_programme()
    Partnership.objects.create(programme=programme, organisation=organisation, role="lead")
    Partnership.objects.create(programme=programme, organisation=partner, role="funder")
    stamps = Stamps(organisation, stranger)
    partner.name = "Renamed partner"
    partner.save()
    assert stamps.moved() == {organisation}
