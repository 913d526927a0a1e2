"""Load a file written by manage.py backup into an empty database, in one transaction."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cyberpeace.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup into an empty database at the same "
        "migrations (create it and run manage.py migrate first). Nothing is written unless "
        "the whole file loads."
    )

    # Writing a file into the database needs no URLconf, admin or API checks.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The backup file; - for standard input.")

    def handle(self, *args, path: str, verbosity: int, **options) -> None:
        started = time.monotonic()
        name = "standard input" if path == "-" else path
        try:
            if path == "-":
                header, counts = restore_backup(sys.stdin.buffer, name=name)
            else:
                with Path(path).open("rb") as stream:
                    header, counts = restore_backup(stream, name=path)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except BackupError as error:
            raise CommandError(
                f"{error}\nNothing was restored: the database is as it was."
            ) from None
        if verbosity >= 1:
            tables = sum(1 for count in counts.values() if count)
            self.stdout.write(
                f"Restored {counts.total()} rows of {tables} tables from {name}, a backup made "
                f"{header.get('created')}, in {time.monotonic() - started:.1f} s."
            )
        if verbosity >= 2:
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count}")
