from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from initiatives.models import EARLIEST_FIRST, Event, EventRole, Partnership, Programme, Speaker


@pytest.mark.django_db
@pytest.mark.parametrize(("maker", "model"), [("make_programme", Programme), ("make_event", Event)])
def test_slugs_are_unique(request, maker, model):
    maker = request.getfixturevalue(maker)
    maker(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        maker(slug="same")


@pytest.mark.django_db
@pytest.mark.parametrize("maker", ["make_programme", "make_event"])
def test_an_end_before_the_start_is_refused_by_validation_and_database(request, maker):
    maker = request.getfixturevalue(maker)
    record = maker(start="2018-01-25")
    record.end = "2018-01-24"
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert list(error.value.message_dict) == ["end"]
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


@pytest.mark.django_db
def test_a_partnership_cannot_end_before_it_starts(make_organisation, make_programme):
    partnership = Partnership(
        programme=make_programme(), organisation=make_organisation(), role="lead",
        start="2017", end="2016-12-31",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="cannot be before the start"):
        partnership.full_clean()


@pytest.mark.django_db
def test_a_programme_cannot_contain_itself(make_programme):
    outer = make_programme()
    inner = make_programme(parent=outer)
    outer.parent = inner
    with pytest.raises(ValidationError, match="loop"):
        outer.full_clean()
    outer.parent = outer
    with pytest.raises(IntegrityError), transaction.atomic():
        outer.save()


@pytest.mark.django_db
def test_links_are_found_by_natural_keys(
    make_event, make_organisation, make_person, make_programme
):
    event = make_event(slug="launch")
    organisation = make_organisation(slug="un")
    person = make_person(slug="someone")
    programme = make_programme(slug="tat")
    role = EventRole.objects.create(event=event, organisation=organisation, role="host")
    speaker = Speaker.objects.create(event=event, person=person, role="keynote")
    partnership = Partnership.objects.create(
        programme=programme, organisation=organisation, role="funder"
    )
    link = event.links.create(title="Webcast", url="https://example.org/w")

    assert EventRole.objects.get_by_natural_key("launch", "un", "host") == role
    assert Speaker.objects.get_by_natural_key("launch", "someone", "keynote") == speaker
    assert Partnership.objects.get_by_natural_key("tat", "un", "funder") == partnership
    assert type(link).objects.get_by_natural_key("launch", "https://example.org/w") == link


@pytest.mark.django_db
def test_an_organisation_has_a_role_at_an_event_once(make_event, make_organisation):
    event, organisation = make_event(), make_organisation()
    EventRole.objects.create(event=event, organisation=organisation, role="host")
    with pytest.raises(ValidationError, match="already has this role"):
        EventRole(event=event, organisation=organisation, role="host").full_clean()


@pytest.mark.django_db
def test_undated_events_come_after_dated_ones_whichever_the_order(make_event):
    make_event(title="Undated", start=None)
    make_event(title="Earlier", start="2017-05")
    make_event(title="Later", start="2018-01-24")
    assert [e.title for e in Event.objects.all()] == ["Later", "Earlier", "Undated"]
    oldest_first = Event.objects.order_by(*EARLIEST_FIRST)
    assert [e.title for e in oldest_first] == ["Earlier", "Later", "Undated"]


@pytest.mark.django_db
def test_an_event_may_be_undated_and_its_attendance_unknown(make_event):
    event = make_event(start=None, attendance="")
    event.full_clean()
    event.refresh_from_db()
    assert (event.start, event.attendance) == (None, "")
    assert str(event) == event.title


@pytest.mark.django_db
def test_a_programme_cannot_continue_itself_directly_or_in_a_loop(make_programme):
    first = make_programme()
    second = make_programme(follows=first)
    first.follows = second
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert "loop" in error.value.message_dict["follows"][0]
    first.follows = first
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


@pytest.mark.django_db
def test_a_programme_keeps_its_countries_as_codes(make_programme):
    programme = make_programme(scope="regional", countries=["KR", "TH"])
    programme.refresh_from_db()
    assert [c.code for c in programme.countries] == ["KR", "TH"]
    programme.countries = ["XX"]
    with pytest.raises(ValidationError):
        programme.full_clean()


@pytest.mark.django_db
def test_an_event_with_an_end_needs_a_start(make_event):
    event = make_event(start=None)
    event.end = "2018-01-25"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert list(error.value.message_dict) == ["start"]
