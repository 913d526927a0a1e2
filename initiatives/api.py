from __future__ import annotations

from cyberpeace.api import VisibleViewSet
from cyberpeace.export import CSVRenderer, ICSRenderer
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
from initiatives.models import Event, Programme
from initiatives.serializers import EventSerializer, ProgrammeSerializer


class ProgrammeViewSet(VisibleViewSet):
    """Programmes, with their partners and roles, lineage, countries and sources."""

    model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet


class EventViewSet(VisibleViewSet):
    """Events, with their hosts, speakers, links and sources; as iCalendar too (?format=ics)."""

    model = Event
    export_renderer_classes = [CSVRenderer, ICSRenderer]
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
