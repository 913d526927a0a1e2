"""One FilterSet per list of this app, used by its HTML list and its API list."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from cyberpeace.filtersets import (
    COUNTRY_CHOICES,
    ListFilterSet,
    PartialDateFilter,
    SlugFilter,
    SlugsFilter,
    active_on,
    ordering,
    starts_from,
    starts_until,
)
from initiatives.models import (
    Attendance,
    Event,
    EventKind,
    EventRole,
    EventRoleKind,
    Partnership,
    PartnershipRole,
    Programme,
    ProgrammeKind,
    ProgrammeScope,
    ProgrammeState,
)
from orgs.models import Organisation, Topic

COUNTRY_HELP = "An ISO 3166-1 alpha-2 country code (CH); repeat the parameter for any of several."


class DatedFilterSet(ListFilterSet):
    """`starts_after`, `starts_before` and `active_on`, partial dates all."""

    open_end = False

    starts_after = PartialDateFilter(
        method="filter_starts_after",
        help_text="Starting in or after this year, month or day (YYYY, YYYY-MM or YYYY-MM-DD): "
        "“2017” keeps whatever starts in 2017 or later, however precisely it is dated. "
        "Undated records are left out.",
    )
    starts_before = PartialDateFilter(
        method="filter_starts_before",
        help_text="Starting in or before this year, month or day. Undated records are left out.",
    )
    active_on = PartialDateFilter(
        method="filter_active_on",
        help_text="Running at some time during this year, month or day: a programme dated "
        "2017 is active on 2017-06-15. Undated records are left out.",
    )

    def filter_starts_after(self, queryset, name, value):
        return starts_from("start", queryset, value)

    def filter_starts_before(self, queryset, name, value):
        return starts_until("start", queryset, value)

    def filter_active_on(self, queryset, name, value):
        return active_on(queryset, value, open_end=self.open_end)

    def filter_on_one_link(self, queryset, name, value):
        # Applied once, for `organisation` and the role together, in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        """`organisation` and the role hold on one link (`link_model`): X itself has that role."""
        queryset = super().filter_queryset(queryset)
        organisation = self.form.cleaned_data.get("organisation")
        roles = self.form.cleaned_data.get(self.role_parameter)
        if organisation is None and not roles:
            return queryset
        links = self.link_model.objects.visible_to(self.user)
        if organisation is not None:
            links = links.filter(organisation=organisation)
        if roles:
            links = links.filter(role__in=roles)
        return queryset.filter(pk__in=links.values(self._meta.model._meta.model_name))

    def filter_topic(self, queryset, name, topics):
        if not topics:
            return queryset
        tagged = self._meta.model.topics.through.objects.filter(topic__in=topics)
        return queryset.filter(pk__in=tagged.values(self._meta.model._meta.model_name))


class ProgrammeFilterSet(DatedFilterSet):
    """`organisation` and `role` hold on one partnership: X itself has that role."""

    open_end = True
    search_fields = ["title", "acronym"]
    link_model, role_parameter = Partnership, "role"

    organisation = SlugFilter(
        Organisation,
        method="filter_on_one_link",
        help_text="The slug of an organisation taking part; with `role`, only programmes where "
        "this organisation itself has that role.",
    )
    role = django_filters.MultipleChoiceFilter(
        choices=PartnershipRole.choices,
        method="filter_on_one_link",
        help_text="A partner's role; with `organisation`, that organisation's own role. Repeat "
        "for any of several.",
    )
    topic = SlugsFilter(
        Topic,
        method="filter_topic",
        help_text="The slug of a topic; repeat the parameter for any of several.",
    )
    # distinct=False on the row's own columns: see OrganisationFilterSet.
    kind = django_filters.MultipleChoiceFilter(choices=ProgrammeKind.choices, distinct=False)
    state = django_filters.MultipleChoiceFilter(
        choices=ProgrammeState.choices,
        method="filter_state",
        help_text="Planned, active or completed: from its dates where they settle it (ended: "
        "completed; not yet begun: planned), else as its editors recorded it.",
    )
    scope = django_filters.MultipleChoiceFilter(choices=ProgrammeScope.choices, distinct=False)
    country = django_filters.MultipleChoiceFilter(
        choices=COUNTRY_CHOICES, method="filter_country", help_text=COUNTRY_HELP
    )
    ordering = ordering("title", "start", "end", "updated_at")

    class Meta:
        model = Programme
        fields = ["organisation", "role", "topic", "kind", "state", "scope", "country", "status"]

    def filter_state(self, queryset, name, states):
        if not states:
            return queryset
        return queryset.with_current_state().filter(current_state__in=states)

    def filter_country(self, queryset, name, codes):
        # Codes are stored as "CH,FR": two letters between commas, never across one.
        # One condition a code, each once: a code repeated hundreds of times in the
        # address would otherwise make an expression deeper than SQLite takes.
        condition = None
        for code in dict.fromkeys(codes):
            term = Q(countries__contains=code)
            condition = term if condition is None else condition | term
        return queryset.filter(condition) if condition is not None else queryset


class EventFilterSet(DatedFilterSet):
    """`organisation` and `event_role` hold on one event role: X itself has that role."""

    search_fields = ["title", "venue", "city"]
    link_model, role_parameter = EventRole, "event_role"

    organisation = SlugFilter(
        Organisation,
        method="filter_on_one_link",
        help_text="The slug of an organisation hosting, organising or taking part; with "
        "`event_role`, only events where this organisation itself has that role.",
    )
    event_role = django_filters.MultipleChoiceFilter(
        choices=EventRoleKind.choices,
        method="filter_on_one_link",
        help_text="An organisation's role at the event; with `organisation`, that "
        "organisation's own role. Repeat for any of several.",
    )
    programme = SlugFilter(
        Programme,
        help_text="The slug of the programme the event is part of.",
    )
    topic = SlugsFilter(
        Topic,
        method="filter_topic",
        help_text="The slug of a topic; repeat the parameter for any of several.",
    )
    kind = django_filters.MultipleChoiceFilter(choices=EventKind.choices, distinct=False)
    attendance = django_filters.MultipleChoiceFilter(choices=Attendance.choices, distinct=False)
    country = django_filters.MultipleChoiceFilter(
        choices=COUNTRY_CHOICES, help_text=COUNTRY_HELP, distinct=False
    )
    ordering = ordering("start", "title", "updated_at")

    class Meta:
        model = Event
        fields = ["organisation", "event_role", "programme", "topic", "kind", "country", "status"]
