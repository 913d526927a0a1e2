from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace import jsonld
from cyberpeace.pages import FilteredListMixin, VisibleDetailMixin, VisibleMixin
from orgs.filtersets import OrganisationFilterSet
from orgs.models import Organisation, Person, Topic


class OrganisationList(FilteredListMixin, ListView):
    filterset_class = OrganisationFilterSet
    model = Organisation
    paginate_by = 50


class OrganisationDetail(VisibleDetailMixin, DetailView):
    model = Organisation

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        return super().get_context_data(
            jsonld=jsonld.script(jsonld.organisation(self.object, url=url)), **kwargs
        )


class TopicDetail(VisibleDetailMixin, DetailView):
    model = Topic


class PersonDetail(VisibleDetailMixin, DetailView):
    model = Person

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        return super().get_context_data(
            jsonld=jsonld.script(jsonld.person(self.object, url=url)), **kwargs
        )


class TopicList(VisibleMixin, ListView):
    model = Topic


class PersonList(VisibleMixin, ListView):
    model = Person
    paginate_by = 100
