from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


class CyberpeaceConfig(AppConfig):
    name = "cyberpeace"
    verbose_name = "cyberpeace: sources and identifiers"

    def ready(self) -> None:
        from cyberpeace import (
            cache,
            freshness,
            search,  # noqa: F401 (registers SQLite's FOLD function)
        )
        from cyberpeace.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="cyberpeace.sync_roles")
        # updated_at follows what a record shows (DESIGN.md): its links, sources, names.
        freshness.connect()
        # Every write makes every cached page and count stale (cyberpeace.cache).
        cache.connect()


class EditorsAdminConfig(AdminConfig):
    """The admin, as the editors' site of cyberpeace.admin_site (sign-in with two factors)."""

    default_site = "cyberpeace.admin_site.EditorsAdminSite"
