"""What the timelines and the partnership network show, read from the models.

Each builder returns the plain data the chart tags draw (`cyberpeace.charts`),
holds only records ``visible_to(user)`` and links whose both ends are, and
asks the database a fixed number of times however many rows it finds.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from cyberpeace.charts import EVENT, PROGRAMME, NetworkLink, Node, TimelineItem
from initiatives.models import Event, EventRole, Partnership, Programme
from orgs.models import Organisation

PROGRAMME_FIELDS = ("title", "acronym", "slug", "start", "end")
EVENT_FIELDS = ("title", "slug", "start", "end")


def programme_item(programme: Programme, note: str = "") -> TimelineItem:
    return TimelineItem(
        label=programme.title,
        url=programme.get_absolute_url(),
        start=programme.start,
        end=programme.end,
        kind=PROGRAMME,
        note=note,
    )


def event_item(event: Event, note: str = "") -> TimelineItem:
    return TimelineItem(
        label=event.title,
        url=event.get_absolute_url(),
        start=event.start,
        end=event.end,
        kind=EVENT,
        note=note,
    )


def roles_by_record(links, record: str) -> dict:
    """The record each link leads to, with the roles it has there ("Lead, Funder")."""
    found: dict = {}
    for link in links:
        target = getattr(link, record)
        found.setdefault(target.pk, (target, []))[1].append(link.get_role_display())
    return {pk: (target, ", ".join(roles)) for pk, (target, roles) in found.items()}


def organisation_timeline(organisation: Organisation, user) -> list[TimelineItem]:
    """The programmes ``organisation`` takes part in and the events it has a role at,
    each noted with its role. Two queries."""
    partnerships = (
        Partnership.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("programme")
        .only("role", "programme__status", *(f"programme__{f}" for f in PROGRAMME_FIELDS))
    )
    roles = (
        EventRole.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("event")
        .only("role", "event__status", *(f"event__{f}" for f in EVENT_FIELDS))
    )
    return timeline_of_links(partnerships, roles)


def timeline_of_links(partnerships, event_roles) -> list[TimelineItem]:
    """An organisation's timeline from its partnerships and event roles, already read
    (its page has them): each programme and event once, noted with its roles."""
    programmes = roles_by_record(partnerships, "programme").values()
    events = roles_by_record(event_roles, "event").values()
    return [programme_item(programme, note) for programme, note in programmes] + [
        event_item(event, note) for event, note in events
    ]


def programme_timeline(programme: Programme, user) -> list[TimelineItem]:
    """``programme`` with the phase it follows, the phases that follow it, its parts and
    its events. Two queries."""
    related = Q(follows=programme) | Q(parent=programme)
    if programme.follows_id is not None:
        related |= Q(pk=programme.follows_id)
    kin = (
        Programme.objects.visible_to(user)
        .filter(related)
        .exclude(pk=programme.pk)
        .only("follows", "parent", *PROGRAMME_FIELDS)
    )
    items = [programme_item(programme, _("this programme"))]
    for other in kin:
        if other.pk == programme.follows_id:
            note = _("previous phase")
        elif other.follows_id == programme.pk:
            note = _("next phase")
        else:
            note = _("part of this programme")
        items.append(programme_item(other, note))
    events = Event.objects.visible_to(user).filter(programme=programme).only(*EVENT_FIELDS)
    return items + [event_item(event) for event in events]


def programme_timeline_of(programme: Programme) -> list[TimelineItem]:
    """The same as `programme_timeline`, from what its page has already read: the
    visible phase it follows, ``successors``, ``children`` and ``events``, prefetched."""
    items = [programme_item(programme, _("this programme"))]
    if programme.follows is not None:
        items.append(programme_item(programme.follows, _("previous phase")))
    items += [programme_item(other, _("next phase")) for other in programme.successors.all()]
    items += [
        programme_item(part, _("part of this programme")) for part in programme.children.all()
    ]
    return items + [event_item(event) for event in programme.events.all()]


def directory_timeline(user, *, programmes=None, events=None) -> list[TimelineItem]:
    """The programmes and events of the directory (querysets, perhaps filtered), only
    those ``user`` may see; leave one out with None. One query for each."""
    items = []
    if programmes is not None:
        programmes = programmes.visible_to(user).only(*PROGRAMME_FIELDS)
        items += [programme_item(programme) for programme in programmes]
    if events is not None:
        events = events.visible_to(user).only(*EVENT_FIELDS)
        items += [event_item(event) for event in events]
    return items


def organisation_node(organisation: Organisation) -> Node:
    return Node(label=organisation.name, url=organisation.get_absolute_url())


def organisation_network(organisation: Organisation, user) -> list[NetworkLink]:
    """The organisations ``organisation`` works with, through which programmes: every
    other partner of a programme it takes part in, with that partner's role. One query."""
    shared = (
        Partnership.objects.visible_to(user).filter(organisation=organisation).values("programme")
    )
    partnerships = (
        Partnership.objects.visible_to(user)
        .filter(programme__in=shared)
        .exclude(organisation=organisation)
        .select_related("organisation", "programme")
        .only(
            "role",
            "organisation__name",
            "organisation__slug",
            "organisation__status",
            "programme__title",
            "programme__slug",
            "programme__status",
        )
        .order_by("organisation__name", "programme__title", "role")
    )
    partners: dict = {}
    for partnership in partnerships:
        _partner, programmes = partners.setdefault(
            partnership.organisation_id, (partnership.organisation, {})
        )
        _programme, roles = programmes.setdefault(
            partnership.programme_id, (partnership.programme, [])
        )
        roles.append(partnership.get_role_display())
    return [
        NetworkLink(
            partner=organisation_node(partner),
            programmes=tuple(
                Node(programme.title, programme.get_absolute_url(), ", ".join(roles))
                for programme, roles in programmes.values()
            ),
        )
        for partner, programmes in partners.values()
    ]
