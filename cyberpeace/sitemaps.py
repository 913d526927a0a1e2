"""/sitemap.xml: every page the public may see, in each language, with its `hreflang` alternates."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class LanguagesSitemap(Sitemap):
    # Each address once per language (/… and /fr/…), each listing the others.
    i18n = True
    alternates = True
    x_default = True


class ListSitemap(LanguagesSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "orgs:list",
            "initiatives:programme-list",
            "initiatives:event-list",
            "orgs:topic-list",
            "orgs:person-list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class RecordSitemap(LanguagesSitemap):
    """The records an anonymous reader may see (`visible_to`), each dated by its `updated_at`."""

    def __init__(self, model) -> None:
        self.model = model

    def items(self):
        return (
            self.model.objects.visible_to(AnonymousUser()).only("slug", "updated_at").order_by("pk")
        )

    def lastmod(self, item):
        return item.updated_at
