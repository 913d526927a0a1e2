from __future__ import annotations

from cyberpeace.api import VisibleViewSet
from orgs.filtersets import OrganisationFilterSet, PersonFilterSet, TopicFilterSet
from orgs.models import Organisation, Person, Topic
from orgs.serializers import OrganisationSerializer, PersonSerializer, TopicSerializer


class OrganisationViewSet(VisibleViewSet):
    """Organisations, with their topics, accounts, identifiers, relations, people and sources."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet


class TopicViewSet(VisibleViewSet):
    """Digital-policy topics."""

    model = Topic
    serializer_class = TopicSerializer
    filterset_class = TopicFilterSet


class PersonViewSet(VisibleViewSet):
    """People and their roles."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
