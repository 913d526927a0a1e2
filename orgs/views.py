from __future__ import annotations

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from cyberpeace import jsonld
from cyberpeace.cache import memo
from cyberpeace.conditional import viewer_key
from cyberpeace.facets import ChoiceFacet, CountryFacet, RelatedFacet, counted_links
from cyberpeace.pages import FilteredListMixin, VisibleDetailMixin
from cyberpeace.search import fold
from orgs.filtersets import OrganisationFilterSet, PersonFilterSet, TopicFilterSet
from orgs.models import Organisation, OrganisationTopic, Person, StakeholderGroup, Topic


def organisation_topics(organisations, filterset):
    topics = OrganisationTopic.objects.visible_to(filterset.user).filter(
        organisation__in=organisations
    )
    return counted_links(topics, "topic__slug", "topic__name", "organisation")


class OrganisationList(FilteredListMixin, ListView):
    filterset_class = OrganisationFilterSet
    model = Organisation
    paginate_by = 50
    api_list = "organisation-list"
    facets = [
        ChoiceFacet("stakeholder_group", _("Stakeholder group"), StakeholderGroup.choices),
        RelatedFacet("topic", _("Topic"), organisation_topics),
        CountryFacet("country", _("Country")),
    ]


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


class TopicList(FilteredListMixin, ListView):
    filterset_class = TopicFilterSet
    model = Topic
    api_list = "topic-list"
    # Its object list is a list (kept, below), which names no template.
    template_name = "orgs/topic_list.html"

    def get_queryset(self):
        topics = super().get_queryset().with_counts(self.request.user)
        # Three counts a topic, over every organisation, programme and event: kept, with
        # the list, until the next write (cyberpeace.cache.memo).
        return memo(
            (
                "topics",
                viewer_key(self.request.user),
                urlencode(sorted(self.filterset.data.lists()), doseq=True),
            ),
            lambda: list(topics),
        )


class PersonList(FilteredListMixin, ListView):
    filterset_class = PersonFilterSet
    model = Person
    api_list = "person-list"
    paginate_by = 100

    def get_queryset(self):
        return super().get_queryset().for_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letters: dict[str, list[Person]] = {}
        for person in context["object_list"]:
            letter = fold(person.name)[:1].upper()
            letters.setdefault(letter if letter.isalpha() else "#", []).append(person)
        context["letters"] = list(letters.items())
        return context
