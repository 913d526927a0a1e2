from __future__ import annotations

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from django.views.generic import TemplateView

from cyberpeace.pages import ReadOnlyPage
from initiatives.models import Event, Programme
from orgs.models import Organisation, Person, Topic


class HomeView(ReadOnlyPage, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate().isoformat()
        user = self.request.user
        events = Event.objects.visible_to(user)
        return super().get_context_data(
            counts={
                "organisations": Organisation.objects.visible_to(user).count(),
                "programmes": Programme.objects.visible_to(user).count(),
                "events": events.count(),
                "topics": Topic.objects.visible_to(user).count(),
                "people": Person.objects.visible_to(user).count(),
            },
            upcoming=events.filter(start__gte=today).order_by("start")[:5],
            latest=events.filter(start__lt=today).order_by("-start")[:5],
            topics=Topic.objects.visible_to(user),
            **kwargs,
        )


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", ""]
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
