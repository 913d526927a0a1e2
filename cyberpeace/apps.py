from __future__ import annotations

from django.apps import AppConfig


class CyberpeaceConfig(AppConfig):
    name = "cyberpeace"
    verbose_name = "cyberpeace"
