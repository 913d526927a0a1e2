"""What programmes and events add to the pages of `orgs`, which may not import them.

Registered in `InitiativesConfig.ready()` with `cyberpeace.pages.detail_sections`:
each provider returns context for one model's detail page, holding only what
the reader may see (`visible_to`, links only where both ends are visible), in
one query per section whatever the number of rows.
"""

from __future__ import annotations

from django.db import models

from cyberpeace.pages import detail_sections, group_by_role
from cyberpeace.publishing import visible
from initiatives.charts import organisation_network, organisation_node, timeline_of_links
from initiatives.models import (
    LATEST_FIRST,
    Event,
    EventRole,
    EventRoleKind,
    Partnership,
    Programme,
    Speaker,
)
from orgs.models import Organisation, Person, Topic


def _latest_events_first(prefix: str) -> list:
    return [models.F(f"{prefix}start").desc(nulls_last=True), f"{prefix}title"]


def organisation_sections(organisation: Organisation, user) -> dict:
    """``partnerships``: its programmes with its role; ``event_roles_by_role``: its events,
    as host, participant…, latest first; ``timeline_items`` of both, and its partnership
    network (``network_centre``, ``network_links``)."""
    partnerships = (
        Partnership.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("programme")
        .order_by(models.F("programme__start").desc(nulls_last=True), "programme__title", "role")
    )
    roles = (
        EventRole.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("event")
        .order_by(*_latest_events_first("event__"))
    )
    partnerships, roles = list(partnerships), list(roles)
    return {
        "partnerships": partnerships,
        "event_roles_by_role": group_by_role(roles, EventRoleKind),
        "timeline_items": timeline_of_links(partnerships, roles),
        "network_centre": organisation_node(organisation),
        "network_links": organisation_network(organisation, user),
    }


# A topic's page lists so many of its programmes and events; the lists, filtered by
# the topic, have them all (a topic of a hundred thousand events is one page still).
ON_TOPIC = 50


def topic_sections(topic: Topic, user) -> dict:
    """``programmes`` and ``events`` on the topic (events latest first), at most
    ``ON_TOPIC`` of each; ``more_programmes`` and ``more_events`` when there are more."""
    programmes = list(
        visible(user, Programme).filter(topics=topic).order_by("title")[: ON_TOPIC + 1]
    )
    events = list(visible(user, Event).filter(topics=topic).order_by(*LATEST_FIRST)[: ON_TOPIC + 1])
    return {
        "programmes": programmes[:ON_TOPIC],
        "more_programmes": len(programmes) > ON_TOPIC,
        "events": events[:ON_TOPIC],
        "more_events": len(events) > ON_TOPIC,
    }


def person_sections(person: Person, user) -> dict:
    """``appearances``: the events the person spoke at, latest first, with their role,
    title and affiliation (an affiliation only if the reader may see it)."""
    appearances = (
        Speaker.objects.visible_to(user)
        .filter(person=person)
        .select_related("event")
        .prefetch_related(models.Prefetch("affiliation", queryset=visible(user, Organisation)))
        .order_by(*_latest_events_first("event__"))
    )
    return {"appearances": list(appearances)}


def register() -> None:
    detail_sections.register(Organisation, organisation_sections)
    detail_sections.register(Topic, topic_sections)
    detail_sections.register(Person, person_sections)
