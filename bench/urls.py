"""The site's URLs and `bench/bare/`: the least a Django view can do on this machine,
through the same middleware, the ceiling every other figure is a ratio to."""

from __future__ import annotations

from django.db import transaction
from django.http import JsonResponse
from django.urls import path

from cyberpeace.urls import handler404  # noqa: F401
from cyberpeace.urls import urlpatterns as site_urlpatterns


@transaction.non_atomic_requests
def bare(request):
    """A small JSON answer, outside a transaction as the site's read-only pages are."""
    return JsonResponse({"status": "ok", "items": [1, 2, 3]})


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
