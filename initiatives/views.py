from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace.pages import VisibleDetailMixin, VisibleMixin
from initiatives.models import Event, Programme


class ProgrammeList(VisibleMixin, ListView):
    queryset = Programme.objects.for_list()
    paginate_by = 50


class ProgrammeDetail(VisibleDetailMixin, DetailView):
    model = Programme


class EventList(VisibleMixin, ListView):
    queryset = Event.objects.for_list()
    paginate_by = 50


class EventDetail(VisibleDetailMixin, DetailView):
    model = Event
