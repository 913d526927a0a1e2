"""What every page's head and header need: its canonical address and its other languages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict:
    """``canonical``: this page's absolute address, without its query;
    ``languages``: this page in each language, query kept, for the switcher and
    the ``hreflang`` alternates."""
    current = get_language()
    query = request.GET.urlencode()
    languages = []
    for code, name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        languages.append(
            {
                "code": code,
                "name": name,
                "href": f"{path}?{query}" if query else path,
                "absolute": request.build_absolute_uri(path),
                "current": code == current,
            }
        )
    return {"canonical": request.build_absolute_uri(request.path), "languages": languages}
