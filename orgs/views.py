from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace.pages import VisibleDetailMixin, VisibleMixin
from orgs.models import Organisation, Person, Topic


class OrganisationList(VisibleMixin, ListView):
    model = Organisation
    paginate_by = 50


class OrganisationDetail(VisibleDetailMixin, DetailView):
    model = Organisation


class TopicDetail(VisibleDetailMixin, DetailView):
    model = Topic


class PersonDetail(VisibleDetailMixin, DetailView):
    model = Person
