from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Window
from django.db.models.lookups import GreaterThanOrEqual
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from django.views.generic import TemplateView

from cyberpeace.cache import memo
from cyberpeace.conditional import viewer_key
from cyberpeace.pages import ReadOnlyPage
from cyberpeace.partialdate import last_day_text
from cyberpeace.search import search
from initiatives.filtersets import EventFilterSet, ProgrammeFilterSet
from initiatives.models import EARLIEST_FIRST, LATEST_FIRST, Event, Programme
from orgs.filtersets import OrganisationFilterSet, PersonFilterSet, TopicFilterSet
from orgs.models import Organisation, Person, Topic


class HomeView(ReadOnlyPage, TemplateView):
    """What the directory holds, its next and latest events, its topics, and the search box."""

    template_name = "home.html"
    events_shown = 5

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate().isoformat()

        def figures() -> dict:
            events = Event.objects.visible_to(user)
            # An event "in May 2026" may still come while May lasts: compare its last
            # possible day, an expression no index holds: hence kept (below).
            still_to_come = GreaterThanOrEqual(last_day_text("start"), today)
            return {
                "counts": {
                    "organisations": Organisation.objects.visible_to(user).count(),
                    "programmes": Programme.objects.visible_to(user).count(),
                    "events": events.count(),
                    "topics": Topic.objects.visible_to(user).count(),
                    "people": Person.objects.visible_to(user).count(),
                },
                "upcoming": list(
                    events.filter(still_to_come).order_by(*EARLIEST_FIRST)[: self.events_shown]
                ),
                "latest": list(
                    events.filter(start__isnull=False)
                    .exclude(still_to_come)
                    .order_by(*LATEST_FIRST)[: self.events_shown]
                ),
            }

        # Counted over every record: kept until the next write (or the next day).
        kept = memo(("home", viewer_key(user), today), figures)
        return super().get_context_data(**kept, topics=Topic.objects.visible_to(user), **kwargs)


@dataclass(frozen=True)
class Searched:
    """One kind of record the search page looks through, as its list does."""

    key: str
    heading: str
    model: type
    filterset: type
    list_url: str
    all_matching: Callable[[int], str]


SEARCHED = [
    Searched(
        "organisations",
        _("Organisations"),
        Organisation,
        OrganisationFilterSet,
        "orgs:list",
        lambda n: ngettext(
            "All %(count)s organisation matching “%(q)s”",
            "All %(count)s organisations matching “%(q)s”",
            n,
        ),
    ),
    Searched(
        "programmes",
        _("Programmes"),
        Programme,
        ProgrammeFilterSet,
        "initiatives:programme-list",
        lambda n: ngettext(
            "All %(count)s programme matching “%(q)s”",
            "All %(count)s programmes matching “%(q)s”",
            n,
        ),
    ),
    Searched(
        "events",
        _("Events"),
        Event,
        EventFilterSet,
        "initiatives:event-list",
        lambda n: ngettext(
            "All %(count)s event matching “%(q)s”", "All %(count)s events matching “%(q)s”", n
        ),
    ),
    Searched(
        "topics",
        _("Topics"),
        Topic,
        TopicFilterSet,
        "orgs:topic-list",
        lambda n: ngettext(
            "All %(count)s topic matching “%(q)s”", "All %(count)s topics matching “%(q)s”", n
        ),
    ),
    Searched(
        "people",
        _("People"),
        Person,
        PersonFilterSet,
        "orgs:person-list",
        lambda n: ngettext(
            "All %(count)s person matching “%(q)s”", "All %(count)s people matching “%(q)s”", n
        ),
    ),
]


class SearchView(ReadOnlyPage, TemplateView):
    """One search over every kind of record, grouped by kind, each group its list's `q`.

    One query a kind: its first rows, each carrying the count of all (a window).
    """

    template_name = "search.html"
    per_group = 10

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        groups = [self.group(searched, query) for searched in SEARCHED] if query else []
        return super().get_context_data(
            q=query,
            groups=groups,
            total=sum(group["count"] for group in groups),
            **kwargs,
        )

    def group(self, searched: Searched, query: str) -> dict:
        visible = searched.model.objects.visible_to(self.request.user)
        matching = search(visible, query, searched.filterset.search_fields, rank=True)
        results = list(matching.annotate(matching_count=Window(Count("pk")))[: self.per_group])
        count = results[0].matching_count if results else 0
        return {
            "key": searched.key,
            "heading": searched.heading,
            "results": results,
            "count": count,
            "all_url": f"{reverse(searched.list_url)}?{urlencode({'q': query})}",
            "all_label": searched.all_matching(count) % {"count": count, "q": query},
        }


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, 503 (for the load balancer) when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Browsers ask for /favicon.ico on every site, the admin's pages included.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """404: in JSON for the API's clients, as a page for everyone else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
