from __future__ import annotations

from django.views.generic import DetailView, ListView

from initiatives.models import Event, Programme
from orgs.views import VisibleMixin


class ProgrammeList(VisibleMixin, ListView):
    queryset = Programme.objects.for_list()
    paginate_by = 50


class ProgrammeDetail(VisibleMixin, DetailView):
    queryset = Programme.objects.for_detail()


class EventList(VisibleMixin, ListView):
    queryset = Event.objects.for_list()
    paginate_by = 50


class EventDetail(VisibleMixin, DetailView):
    queryset = Event.objects.for_detail()
