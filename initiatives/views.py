from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace.pages import VisibleDetailMixin, VisibleMixin
from initiatives.models import Event, Programme


class ProgrammeList(VisibleMixin, ListView):
    model = Programme
    paginate_by = 50


class ProgrammeDetail(VisibleDetailMixin, DetailView):
    model = Programme


class EventList(VisibleMixin, ListView):
    model = Event
    paginate_by = 50


class EventDetail(VisibleDetailMixin, DetailView):
    model = Event
