"""The public change log: the published versions of a record, what changed, nothing of drafts."""

from __future__ import annotations

import pytest

from cyberpeace.changelog import public_changes
from cyberpeace.publishing import Status


def edit(record, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


@pytest.mark.django_db
def test_it_lists_the_fields_each_published_version_changed_newest_first(make_organisation):
    organisation = make_organisation(name="Old name")
    edit(organisation, name="New name", city="Geneva")
    edit(organisation, summary="What it does.")
    changes = public_changes(organisation)
    assert [change.fields for change in changes] == [("Summary",), ("Name", "City"), ()]
    assert changes[-1].first
    assert changes[0].date >= changes[1].date >= changes[2].date


@pytest.mark.django_db
def test_it_shows_nothing_of_a_record_never_published(make_organisation):
    draft = make_organisation(status=Status.DRAFT)
    edit(draft, name="Renamed while a draft")
    assert public_changes(draft) == []


@pytest.mark.django_db
def test_draft_versions_are_folded_into_the_publication_that_follows(make_organisation):
    organisation = make_organisation(status=Status.DRAFT)
    edit(organisation, city="Paris")
    edit(organisation, city="Geneva", summary="Checked.")
    edit(organisation, status=Status.PUBLISHED)
    edit(organisation, status=Status.DRAFT, city="Lyon")
    edit(organisation, city="Geneva", status=Status.PUBLISHED)
    # The first publication, then nothing: the draft's Lyon came and went unpublished.
    assert [change.fields for change in public_changes(organisation)] == [()]


@pytest.mark.django_db
def test_a_save_that_changes_nothing_shown_is_not_listed(make_organisation):
    organisation = make_organisation()
    organisation.save()
    edit(organisation, status=Status.DRAFT)
    edit(organisation, status=Status.PUBLISHED)
    assert [change.fields for change in public_changes(organisation)] == [()]


@pytest.mark.django_db
def test_it_keeps_to_a_handful_of_entries(make_programme):
    programme = make_programme()
    for n in range(8):
        edit(programme, summary=f"Version {n}")
    changes = public_changes(programme)
    assert len(changes) == 5
    assert all(change.fields == ("Summary",) for change in changes)


@pytest.mark.django_db
def test_it_costs_one_query(make_event, django_assert_num_queries):
    event = make_event()
    for n in range(3):
        edit(event, title=f"Title {n}", start=f"201{n}")
    with django_assert_num_queries(1):
        changes = public_changes(event)
    assert changes[0].fields == ("Title", "Start")
