"""Every filter and every order the lists offer (pages and API alike) has an index.

The inventory is read from the FilterSets themselves, so a new filter or
order without an index, and without a reason in EXCEPTIONS, fails here.
"""

from __future__ import annotations

import django_filters
import pytest
from django.db import connection, models

from cyberpeace.filtersets import ListFilterSet, SourceFilterSet
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
from initiatives.models import EventRole, Partnership
from orgs.filtersets import OrganisationFilterSet, PersonFilterSet, TopicFilterSet
from orgs.models import OrganisationTopic

pytestmark = pytest.mark.django_db

FILTERSETS = [
    OrganisationFilterSet,
    TopicFilterSet,
    PersonFilterSet,
    ProgrammeFilterSet,
    EventFilterSet,
    SourceFilterSet,
]

# Filters applied by a method, and the column each one reads first.
THROUGH_TOPIC = "topic_id"
METHOD_COLUMNS = {
    "founded_after": "founded",
    "founded_before": "founded",
    "starts_after": "start",
    "starts_before": "start",
    "active_on": "start",
}
LINK_MODELS = {ProgrammeFilterSet: Partnership, EventFilterSet: EventRole}

# Filters no index would serve, and why.
EXCEPTIONS = {
    (EventFilterSet, "attendance"): "three values and empty: each matches a large share of events",
    (EventFilterSet, "event_role"): "six roles, each a large share of the links; with "
    "`organisation` the organisation's index narrows the links first",
    (ProgrammeFilterSet, "role"): "six roles, each a large share of the partnerships; with "
    "`organisation` the organisation's index narrows them first",
    (ProgrammeFilterSet, "state"): "computed from the dates (indexed) and the stored state, "
    "which no index over a column can answer",
    (ProgrammeFilterSet, "country"): "codes listed in one text column and matched inside it; "
    "programmes are a few thousand at most",
}

# Filters served by an index on an expression, which has no leading column.
EXPRESSION_INDEXES = {(OrganisationFilterSet, "city"): "organisation_city"}


def indexes(table: str) -> dict[str, dict]:
    """``table``'s indexes (unique constraints included) by name, each with its ``columns``."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Django's introspection of SQLite fails on some of our tables (it splits
            # their CREATE TABLE at every ", " to read collations): ask SQLite itself.
            cursor.execute(f"PRAGMA index_list({connection.ops.quote_name(table)})")
            names = [row[1] for row in cursor.fetchall()]
            found = {}
            for name in names:
                cursor.execute(f"PRAGMA index_info({connection.ops.quote_name(name)})")
                found[name] = {"columns": [row[2] for row in cursor.fetchall()]}
            return found
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in constraints.items() if info["index"] or info["unique"]}


def leading_columns(table: str) -> set[str]:
    return {info["columns"][0] for info in indexes(table).values() if info["columns"]} - {None}


def column_of(filterset, name: str, found) -> tuple[str, str]:
    """The table and the column that the filter ``name`` of ``filterset`` reads first."""
    model = filterset._meta.model
    if name == "topic":
        if model._meta.model_name == "organisation":
            through = OrganisationTopic
        else:
            through = model.topics.through
        return through._meta.db_table, THROUGH_TOPIC
    if name == "organisation" and filterset in LINK_MODELS:
        return LINK_MODELS[filterset]._meta.db_table, "organisation_id"
    if name == "q":
        return model._meta.db_table, "search_vector"
    if name in METHOD_COLUMNS:
        return model._meta.db_table, METHOD_COLUMNS[name]
    assert not found.method, f"{filterset.__name__}.{name}: say which column it reads"
    return model._meta.db_table, model._meta.get_field(found.field_name).column


def filters() -> list:
    return list(_filters())


def _filters():
    for filterset in FILTERSETS:
        for name, found in filterset.base_filters.items():
            if not isinstance(found, django_filters.OrderingFilter):
                yield pytest.param(filterset, name, found, id=f"{filterset.__name__}.{name}")


def orders() -> list:
    return list(_orders())


def _orders():
    for filterset in FILTERSETS:
        model = filterset._meta.model
        names = set(filterset.base_filters["ordering"].param_map.values())
        first = model._meta.ordering[0]
        names.add(first.expression.name if isinstance(first, models.OrderBy) else first)
        for name in sorted(names):
            yield pytest.param(model, name, id=f"{model.__name__}.{name}")


@pytest.mark.parametrize(("filterset", "name", "found"), filters())
def test_each_filter_has_an_index_that_starts_with_its_column(filterset, name, found):
    if (filterset, name) in EXCEPTIONS:
        pytest.skip(EXCEPTIONS[filterset, name])
    if (filterset, name) in EXPRESSION_INDEXES:
        assert EXPRESSION_INDEXES[filterset, name] in indexes(filterset._meta.model._meta.db_table)
        return
    table, column = column_of(filterset, name, found)
    if column == "search_vector" and connection.vendor != "postgresql":
        pytest.skip("the search vector's GIN index is PostgreSQL's (test_search_vector)")
    assert column in leading_columns(table), f"no index on {table} starts with {column}"


@pytest.mark.parametrize(("model", "name"), orders())
def test_each_order_has_an_index_that_starts_with_its_column(model, name):
    column = model._meta.get_field(name).column
    assert column in leading_columns(model._meta.db_table)


def test_every_list_is_inventoried():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    concrete = {cls for cls in subclasses(ListFilterSet) if cls._meta.model is not None}
    assert concrete <= set(FILTERSETS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_events_list_reads_its_order_from_an_index():
    from initiatives.models import Event

    with connection.cursor() as cursor:
        # With a few rows a sort costs nothing: forbid it, so that only an index
        # already in the list's order can answer.
        cursor.execute("SET LOCAL enable_sort = off")
        plan = Event.objects.published()[:50].explain()
    assert "event_latest_first" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize(
    "label",
    [
        "orgs.Organisation",
        "orgs.Topic",
        "orgs.Person",
        "initiatives.Programme",
        "initiatives.Event",
        "cyberpeace.Source",
    ],
)
def test_the_change_feed_reads_each_history_in_its_order_from_an_index(label):
    from django.apps import apps

    history = apps.get_model(label).history.model
    found = indexes(history._meta.db_table)
    assert any(info["columns"][:2] == ["history_date", "history_id"] for info in found.values())
