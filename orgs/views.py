from __future__ import annotations

from django.views.generic import DetailView, ListView

from orgs.models import Organisation, Person, Topic


class VisibleMixin:
    """Published records for the public; drafts too for signed-in editors, to preview."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class OrganisationList(VisibleMixin, ListView):
    queryset = Organisation.objects.for_list()
    paginate_by = 50


class OrganisationDetail(VisibleMixin, DetailView):
    queryset = Organisation.objects.for_detail()


class TopicDetail(VisibleMixin, DetailView):
    model = Topic


class PersonDetail(VisibleMixin, DetailView):
    queryset = Person.objects.prefetch_related("memberships__organisation")
