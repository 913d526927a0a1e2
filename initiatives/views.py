from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace.pages import FilteredListMixin, VisibleDetailMixin
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
from initiatives.models import Event, Programme


class ProgrammeList(FilteredListMixin, ListView):
    filterset_class = ProgrammeFilterSet
    model = Programme
    paginate_by = 50


class ProgrammeDetail(VisibleDetailMixin, DetailView):
    model = Programme


class EventList(FilteredListMixin, ListView):
    filterset_class = EventFilterSet
    model = Event
    paginate_by = 50


class EventDetail(VisibleDetailMixin, DetailView):
    model = Event
