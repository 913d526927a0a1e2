from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace.pages import FilteredListMixin, VisibleDetailMixin, VisibleMixin
from orgs.filtersets import OrganisationFilterSet
from orgs.models import Organisation, Person, Topic


class OrganisationList(FilteredListMixin, ListView):
    filterset_class = OrganisationFilterSet
    model = Organisation
    paginate_by = 50


class OrganisationDetail(VisibleDetailMixin, DetailView):
    model = Organisation


class TopicDetail(VisibleDetailMixin, DetailView):
    model = Topic


class PersonDetail(VisibleDetailMixin, DetailView):
    model = Person


class TopicList(VisibleMixin, ListView):
    model = Topic


class PersonList(VisibleMixin, ListView):
    model = Person
    paginate_by = 100
