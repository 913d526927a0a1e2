from __future__ import annotations

from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Programmes and events"

    def ready(self) -> None:
        # Organisation, topic and person pages show programmes and events, which
        # `orgs` may not import: initiatives hands them over (cyberpeace.pages).
        from initiatives import sections

        sections.register()
