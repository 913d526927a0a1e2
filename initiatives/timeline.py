"""The whole directory's timeline: programmes (by default), events, or both."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cyberpeace.facets import error_notices, without
from cyberpeace.pages import ReadOnlyPage
from initiatives.charts import directory_timeline
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
from initiatives.models import Event, Programme
from orgs.models import Organisation, Topic

# Hundreds of events make a long drawing: programmes alone are the default view.
SHOW = {
    "programmes": _("Programmes"),
    "events": _("Events"),
    "all": _("Programmes and events"),
}
FILTERS = ("topic", "organisation")
LABELS = {"topic": _("Topic"), "organisation": _("Organisation")}
FILTERSETS = {
    "programmes": (ProgrammeFilterSet, Programme),
    "events": (EventFilterSet, Event),
}


class TimelineView(ReadOnlyPage, TemplateView):
    template_name = "initiatives/timeline.html"

    def get_context_data(self, **kwargs):
        user, query = self.request.user, self.request.GET
        errors = []
        show = query.get("show") or "programmes"
        if show not in SHOW:
            errors.append(_("Show programmes, events, or both: showing programmes."))
            show = "programmes"
        # The lists' own FilterSets, given only what this page filters on.
        data = query.copy()
        for key in list(data):
            if key not in FILTERS:
                del data[key]
        querysets, chosen = {}, {}
        for name, (filterset_class, model) in FILTERSETS.items():
            if show not in (name, "all"):
                continue
            filterset = filterset_class(data, queryset=model.objects.all(), request=self.request)
            if not filterset.is_valid():
                # As on the lists: a bad filter is named and left out, the others still apply.
                errors += error_notices(filterset, LABELS)
                data = without(data, *filterset.errors)
                filterset = filterset_class(
                    data, queryset=model.objects.all(), request=self.request
                )
            if filterset.is_valid():
                querysets[name] = filterset.qs
                chosen = filterset.form.cleaned_data
            else:
                querysets[name] = model.objects.none()
        return super().get_context_data(
            timeline_items=directory_timeline(user, **querysets),
            show=show,
            shows=SHOW.items(),
            topics=Topic.objects.visible_to(user).only("name", "slug").order_by("name"),
            organisations=Organisation.objects.visible_to(user)
            .only("name", "slug")
            .order_by("name"),
            chosen_topics=list(chosen.get("topic") or []),
            chosen_organisation=chosen.get("organisation"),
            selected_topics=data.getlist("topic"),
            selected_organisation=data.get("organisation", ""),
            errors=list(dict.fromkeys(errors)),
            **kwargs,
        )
