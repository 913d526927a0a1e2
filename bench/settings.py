"""The site's own settings, with the bench's minimal view added to its URLs."""

from __future__ import annotations

from cyberpeace.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
