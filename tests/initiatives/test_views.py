"""Programme and event pages: lineage both ways, undated events, nothing the reader may not see."""

from __future__ import annotations

import pytest

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership, Speaker


@pytest.mark.django_db
def test_a_programme_shows_the_phase_it_follows_and_the_phases_that_follow_it(
    client, make_programme
):
    first = make_programme(title="Tech Against Terrorism – first phase")
    second = make_programme(title="Knowledge-sharing platform", follows=first)
    assert "Continues" in client.get(second.get_absolute_url()).content.decode()
    assert first.title in client.get(second.get_absolute_url()).content.decode()
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Continued by" in page
    assert second.get_absolute_url() in page


@pytest.mark.django_db
def test_a_programme_shows_its_scope_and_countries(client, make_programme):
    programme = make_programme(scope="regional", countries=["KR", "TH"])
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Regional" in page
    assert "<dd>South Korea, Thailand</dd>" in page


@pytest.mark.django_db
def test_a_programme_hides_draft_partners_and_draft_phases(
    client, make_programme, make_organisation
):
    programme = make_programme()
    Partnership.objects.create(
        programme=programme,
        organisation=make_organisation(name="Draft funder", status=Status.DRAFT),
        role="funder",
    )
    make_programme(title="Draft next phase", follows=programme, status=Status.DRAFT)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Draft funder" not in page
    assert "Draft next phase" not in page
    assert "Continued by" not in page


@pytest.mark.django_db
def test_an_event_hides_a_draft_host_and_a_draft_affiliation_but_keeps_the_speaker(
    client, make_event, make_organisation, make_person
):
    event = make_event()
    EventRole.objects.create(
        event=event,
        organisation=make_organisation(name="Draft host", status=Status.DRAFT),
        role="host",
    )
    Speaker.objects.create(
        event=event,
        person=make_person(name="Jeff Collins"),
        affiliation=make_organisation(name="Draft affiliation", status=Status.DRAFT),
        title="Vice President",
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Jeff Collins" in page
    assert "Draft host" not in page
    assert "Draft affiliation" not in page


@pytest.mark.django_db
def test_an_undated_event_says_so_and_guesses_nothing(client, make_event):
    event = make_event(title="OSCE CVE conference", start=None, attendance="")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Date not known" in page
    assert "in person" not in page.lower()
    listing = client.get("/events/").content.decode()
    assert "date not known" in listing
