"""One FilterSet per list of this app, used by its HTML list and its API list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cyberpeace.filtersets import (
    COUNTRY_CHOICES,
    ListFilterSet,
    PartialDateFilter,
    SlugsFilter,
    ordering,
    starts_from,
    starts_until,
)
from orgs.models import Organisation, OrganisationTopic, Person, StakeholderGroup, Topic


class OrganisationFilterSet(ListFilterSet):
    search_fields = ["name", "acronyms", "city"]

    # distinct=False: a column of the row itself cannot repeat it, and DISTINCT would
    # sort every matching row before the first page (no index can order it).
    stakeholder_group = django_filters.MultipleChoiceFilter(
        choices=StakeholderGroup.choices,
        distinct=False,
        help_text="Its stakeholder group; repeat the parameter for any of several.",
    )
    topic = SlugsFilter(
        Topic,
        method="filter_topic",
        help_text="The slug of a topic it works on; repeat the parameter for any of several.",
    )
    country = django_filters.MultipleChoiceFilter(
        choices=COUNTRY_CHOICES,
        distinct=False,
        help_text="The ISO 3166-1 alpha-2 code of the country of its seat (CH); repeat for "
        "any of several.",
    )
    city = django_filters.CharFilter(
        lookup_expr="iexact",
        label=_("City"),
        help_text="The city of its seat, in English (Geneva).",
    )
    founded_after = PartialDateFilter(
        method="filter_founded_after",
        label=_("Founded from"),
        help_text="Founded in or after this year, month or day (YYYY, YYYY-MM or YYYY-MM-DD); "
        "records without a founding date are left out.",
    )
    founded_before = PartialDateFilter(
        method="filter_founded_before",
        label=_("Founded until"),
        help_text="Founded in or before this year, month or day; records without a founding "
        "date are left out.",
    )
    ordering = ordering("name", "founded", "updated_at")

    class Meta:
        model = Organisation
        fields = ["stakeholder_group", "topic", "country", "city", "status"]

    def filter_topic(self, queryset, name, topics):
        if not topics:
            return queryset
        links = OrganisationTopic.objects.visible_to(self.user).filter(topic__in=topics)
        return queryset.filter(pk__in=links.values("organisation"))

    def filter_founded_after(self, queryset, name, value):
        return starts_from("founded", queryset, value)

    def filter_founded_before(self, queryset, name, value):
        return starts_until("founded", queryset, value)


class TopicFilterSet(ListFilterSet):
    search_fields = ["name", "description"]
    ordering = ordering("name", "updated_at")

    class Meta:
        model = Topic
        fields = ["status"]


class PersonFilterSet(ListFilterSet):
    search_fields = ["name", "honorific"]
    ordering = ordering("name", "updated_at")

    class Meta:
        model = Person
        fields = ["status"]
