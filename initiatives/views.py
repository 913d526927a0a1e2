from __future__ import annotations

from django.views.generic import DetailView, ListView

from cyberpeace import jsonld
from cyberpeace.pages import FilteredListMixin, VisibleDetailMixin, group_by_role
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
from initiatives.models import Event, EventRoleKind, PartnershipRole, Programme

# The roles an event's JSON-LD names as its organizers.
ORGANIZING = {EventRoleKind.HOST, EventRoleKind.CO_HOST, EventRoleKind.ORGANISER}


class ProgrammeList(FilteredListMixin, ListView):
    filterset_class = ProgrammeFilterSet
    model = Programme
    paginate_by = 50


class ProgrammeDetail(VisibleDetailMixin, DetailView):
    model = Programme

    def get_context_data(self, **kwargs):
        partners = group_by_role(self.object.partnerships.all(), PartnershipRole)
        return super().get_context_data(partners_by_role=partners, **kwargs)


class EventList(FilteredListMixin, ListView):
    filterset_class = EventFilterSet
    model = Event
    paginate_by = 50


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
