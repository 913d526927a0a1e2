"""Where the stored copies of sources live.

The seed's documents stay in the repository, under fixtures/sources/, and are
named "seed/<file>"; what editors upload goes to MEDIA_ROOT/sources/ (and so
into backups of the media folder). Copies are served to signed-in editors
only, through the admin (see cyberpeace.admin.SourceAdmin.file_view): a
scraped page is evidence for editors, not something the site republishes.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils._os import safe_join

SEED_PREFIX = "seed/"


class SourceStorage(FileSystemStorage):
    # Read from the settings on every use, so that a changed MEDIA_ROOT (tests,
    # a restored backup) is followed without a restart.
    @property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, Path(settings.MEDIA_ROOT) / "sources")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def path(self, name: str) -> str:
        if name.startswith(SEED_PREFIX):
            return safe_join(settings.BASE_DIR / "fixtures" / "sources", name[len(SEED_PREFIX) :])
        return super().path(name)

    def url(self, name: str) -> str:
        return reverse("admin:cyberpeace_source_file", args=[name])

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # An upload never lands among the seed's documents.
        if name.startswith(SEED_PREFIX):
            name = "uploads/" + name[len(SEED_PREFIX) :]
        return super().get_available_name(name, max_length)
