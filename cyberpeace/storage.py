"""Where the stored copies of sources live.

The seed's documents stay in the repository, under fixtures/sources/, and are
named "seed/<file>"; what editors upload goes to MEDIA_ROOT/sources/uploads/
(and so into backups of the media folder). Copies are served to signed-in editors
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
    # MEDIA_ROOT/sources, read from the settings when used rather than when the
    # storage is made, as the stock storage does for MEDIA_ROOT itself.
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
