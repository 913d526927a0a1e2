"""Write the whole directory to one file: records, history, users, groups and tokens.

Sessions are left out (cyberpeace.backup.EXCLUDED). The file holds password
hashes and token digests: it is made readable by its owner only.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cyberpeace.backup import write_backup


class Command(BaseCommand):
    help = (
        "Back up the whole directory (records, history, users, groups, tokens; not sessions) "
        "to one gzip-compressed file, which manage.py restore loads into an empty database."
    )

    # Reading the database into a file needs no URLconf, admin or API checks.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write the backup (replaced if it exists); - for standard output. "
            "Default: cyberpeace-<UTC time>.jsonl.gz in the current directory.",
        )

    def handle(self, *args, path: str | None, verbosity: int, **options) -> None:
        started = time.monotonic()
        if path == "-":
            counts = write_backup(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            where, report = "standard output", self.stderr
        else:
            target = Path(path or f"cyberpeace-{timezone.now():%Y%m%dT%H%M%SZ}.jsonl.gz")
            counts = self.write_file(target)
            where, report = f"{target} ({target.stat().st_size / 1e6:.1f} MB)", self.stdout
        if verbosity >= 1:
            tables = sum(1 for count in counts.values() if count)
            report.write(
                f"Backed up {counts.total()} rows of {tables} tables to {where} "
                f"in {time.monotonic() - started:.1f} s."
            )
        if verbosity >= 2:
            for label, count in counts.items():
                report.write(f"  {label}: {count}")

    def write_file(self, target: Path):
        """Write beside ``target`` and rename at the end: a backup that fails leaves no
        half-written file under its name, and an earlier backup of that name intact."""
        try:
            descriptor, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
            )
        except OSError as error:
            raise CommandError(f"Cannot write in {target.parent}: {error.strerror}.") from None
        try:
            # mkstemp made it readable by its owner only, as a file of password hashes must be.
            with os.fdopen(descriptor, "wb") as stream:
                counts = write_backup(stream)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return counts
