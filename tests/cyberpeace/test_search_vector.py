"""The stored search vector: current after every kind of write, and nowhere but the database."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.db import connection
from django.forms import modelform_factory

from cyberpeace.changelog import compared_fields
from cyberpeace.search import SearchDocument, search
from initiatives.filtersets import EventFilterSet
from initiatives.models import Event
from orgs.filtersets import OrganisationFilterSet
from orgs.models import Organisation

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger that fills the vector is PostgreSQL's"
)


def stored_and_expected(model, fields: list[str], pk: int) -> tuple[str, str]:
    row = (
        model.objects.filter(pk=pk)
        .annotate(expected=SearchDocument(*fields))
        .values_list("search_vector", "expected")
        .get()
    )
    return str(row[0]), str(row[1])


def found(model, fields: list[str], word: str) -> list[str]:
    return list(search(model.objects.all(), word, fields).values_list("slug", flat=True))


@on_postgresql
def test_it_holds_the_lists_document_after_save(make_organisation):
    fields = OrganisationFilterSet.search_fields
    organisation = make_organisation(name="Cyber Peace Institute", acronyms=["CPI"], city="Genève")
    stored, expected = stored_and_expected(Organisation, fields, organisation.pk)
    assert stored == expected
    assert "'geneve':" in stored
    assert "'cpi':" in stored

    organisation.name = "Peace Lab"
    organisation.save()

    assert stored_and_expected(Organisation, fields, organisation.pk)[0] != stored
    assert found(Organisation, fields, "lab") == [organisation.slug]
    assert found(Organisation, fields, "institute") == []


@on_postgresql
def test_it_is_current_after_update(make_event):
    fields = EventFilterSet.search_fields
    event = make_event(title="Cyber Week", venue="", city="Tel Aviv")

    Event.objects.filter(pk=event.pk).update(venue="Expo Hall")

    stored, expected = stored_and_expected(Event, fields, event.pk)
    assert stored == expected
    assert found(Event, fields, "expo") == [event.slug]


@on_postgresql
def test_it_is_current_after_bulk_create_and_raw_sql():
    fields = OrganisationFilterSet.search_fields
    [organisation] = Organisation.objects.bulk_create(
        [Organisation(name="Zürich Forum", slug="zurich-forum", stakeholder_group="ngo")]
    )
    assert found(Organisation, fields, "zurich") == ["zurich-forum"]

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orgs_organisation SET city = 'Lausanne' WHERE id = %s", [organisation.pk]
        )

    stored, expected = stored_and_expected(Organisation, fields, organisation.pk)
    assert stored == expected
    assert found(Organisation, fields, "lausanne") == ["zurich-forum"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's empty column")
def test_it_stays_empty_on_sqlite(make_organisation):
    organisation = make_organisation(name="Cyber Peace Institute")
    assert Organisation.objects.filter(pk=organisation.pk, search_vector__isnull=True).exists()
    assert found(Organisation, OrganisationFilterSet.search_fields, "peace") == [organisation.slug]


def test_it_stays_out_of_forms_fixtures_history_and_the_change_log(make_organisation):
    organisation = make_organisation(name="Cyber Peace Institute")

    form = modelform_factory(Organisation, exclude=[])
    dumped = serializers.serialize("python", [organisation])[0]["fields"]
    history_fields = {field.name for field in Organisation.history.model._meta.fields}
    assert "search_vector" not in form.base_fields
    assert "search_vector" not in dumped
    assert "search_vector" not in history_fields
    assert "search_vector" not in {field.name for field in compared_fields(Organisation)}
    assert "name" in dumped
    assert "name" in history_fields
