from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from cyberpeace import jsonld
from cyberpeace.facets import ChoiceFacet, CountryFacet, RelatedFacet, YearFacet, counted_links
from cyberpeace.pages import FilteredListMixin, VisibleDetailMixin, group_by_role
from initiatives.charts import programme_timeline_of
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
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
from orgs.models import Topic

# The roles an event's JSON-LD names as its organizers.
ORGANIZING = {EventRoleKind.HOST, EventRoleKind.CO_HOST, EventRoleKind.ORGANISER}


def tagged(model):
    """Counts of a list's rows by the topics (the reader may see) they are tagged with."""
    owner = model._meta.model_name

    def count(rows, filterset):
        tags = model.topics.through.objects.filter(
            **{f"{owner}__in": rows}, topic__in=Topic.objects.visible_to(filterset.user)
        )
        return counted_links(tags, "topic__slug", "topic__name", owner)

    return count


def linked(link_model, role_parameter: str):
    """Counts of a list's rows by organisation on its links, with the chosen roles:
    the rows where the organisation itself has one of them."""
    owner = link_model.link_ends[0]

    def count(rows, filterset):
        links = link_model.objects.visible_to(filterset.user).filter(**{f"{owner}__in": rows})
        roles = filterset.form.cleaned_data.get(role_parameter)
        if roles:
            links = links.filter(role__in=roles)
        return counted_links(links, "organisation__slug", "organisation__name", owner)

    return count


def roles(link_model):
    """Counts of a list's rows by role on its links, of the chosen organisation if any."""
    owner = link_model.link_ends[0]

    def count(rows, filterset):
        links = link_model.objects.visible_to(filterset.user).filter(**{f"{owner}__in": rows})
        organisation = filterset.form.cleaned_data.get("organisation")
        if organisation is not None:
            links = links.filter(organisation=organisation)
        return counted_links(links, "role", None, owner)

    return count


def event_programmes(events, filterset):
    events = events.filter(programme__in=Programme.objects.visible_to(filterset.user))
    return counted_links(events, "programme__slug", "programme__title", "pk")


class ProgrammeList(FilteredListMixin, ListView):
    filterset_class = ProgrammeFilterSet
    model = Programme
    paginate_by = 50
    api_list = "programme-list"
    date_filters = ("starts_after", "starts_before", "active_on")
    facets = [
        ChoiceFacet("kind", _("Kind"), ProgrammeKind.choices),
        ChoiceFacet(
            "state",
            _("State"),
            ProgrammeState.choices,
            field_name="current_state",
            prepare=lambda rows: rows.with_current_state(),
        ),
        RelatedFacet("topic", _("Topic"), tagged(Programme)),
        RelatedFacet(
            "organisation",
            _("Organisation"),
            linked(Partnership, "role"),
            multiple=False,
            ignores=("role",),
        ),
        ChoiceFacet(
            "role",
            _("Role"),
            PartnershipRole.choices,
            count=roles(Partnership),
            ignores=("organisation",),
        ),
        ChoiceFacet("scope", _("Scope"), ProgrammeScope.choices),
        CountryFacet("country", _("Country"), field_name="countries", multiple_codes=True),
    ]


class ProgrammeDetail(VisibleDetailMixin, DetailView):
    model = Programme

    def get_context_data(self, **kwargs):
        partners = group_by_role(self.object.partnerships.all(), PartnershipRole)
        return super().get_context_data(
            partners_by_role=partners, timeline_items=programme_timeline_of(self.object), **kwargs
        )


class EventList(FilteredListMixin, ListView):
    filterset_class = EventFilterSet
    model = Event
    paginate_by = 50
    api_list = "event-list"
    date_filters = ("starts_after", "starts_before")
    facets = [
        ChoiceFacet("kind", _("Kind"), EventKind.choices),
        YearFacet(_("Year")),
        CountryFacet("country", _("Country")),
        RelatedFacet(
            "organisation",
            _("Organisation"),
            linked(EventRole, "event_role"),
            multiple=False,
            ignores=("event_role",),
        ),
        ChoiceFacet(
            "event_role",
            _("Role"),
            EventRoleKind.choices,
            count=roles(EventRole),
            ignores=("organisation",),
        ),
        RelatedFacet("programme", _("Programme"), event_programmes, multiple=False),
        RelatedFacet("topic", _("Topic"), tagged(Event)),
        ChoiceFacet("attendance", _("Attendance"), Attendance.choices),
    ]


class EventDetail(VisibleDetailMixin, DetailView):
    model = Event

    def get_context_data(self, **kwargs):
        event, absolute = self.object, self.request.build_absolute_uri
        roles = event.roles.all()
        organizers = [
            (role.organisation.name, absolute(role.organisation.get_absolute_url()))
            for role in roles
            if role.role in ORGANIZING
        ]
        data = jsonld.event(event, url=absolute(event.get_absolute_url()), organizers=organizers)
        return super().get_context_data(
            roles_by_role=group_by_role(roles, EventRoleKind),
            jsonld=jsonld.script(data),
            **kwargs,
        )
