"""Backups: the whole directory in one file, and back into an empty database.

`manage.py backup` writes every row of every installed app's tables, apart from
`EXCLUDED`, to one gzip-compressed file of JSON lines: a header (format,
version, time, the applied migrations of every app), one line per row in the
shape Django's own serializers give a row (``{"model", "pk", "fields"}``), and a
closing line with the number of rows of each table, without which the file is
incomplete. Rows keep their ids, so history, generic links and tokens stay
joined; many-to-many tables are written row by row like any other.

Content types and permissions are made by `migrate`, each database numbering
them its own way: they are written, and referred to, by natural key
(``["orgs", "organisation"]``). A restore adds those the database lacks (a
model since deleted, still named by an old admin log entry) and leaves the
others as `migrate` made them.

`manage.py restore` loads such a file into an empty database at the same
migrations, in one transaction: any problem leaves the database as it was.
"""

from __future__ import annotations

import datetime
import gzip
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cyberpeace import cache
from cyberpeace.roles import ROLES

FORMAT = "cyberpeace-backup"
VERSION = 1

# Left out of backups, by label; an app that is not installed simply has no such table.
EXCLUDED = {
    # Who is signed in where: after a restore everyone signs in again.
    "sessions.session",
    # django-axes' count of an address's recent failed sign-ins, which locks it
    # out for a while: a transient counter, not a record. Its logs of sign-ins
    # (AccessLog, AccessFailureLog) are kept.
    "axes.accessattempt",
    # When each of those counters expires: it goes with them.
    "axes.accessattemptexpiration",
}
# Written and referred to by natural key: `migrate` makes these rows, with ids of its own.
BY_NATURAL_KEY = (ContentType, Permission)

# Rows per INSERT statement and per read from the database.
BATCH = 1000


class BackupError(Exception):
    """A backup that cannot be written or restored; the message names the file and the problem."""


def tables() -> list[type[models.Model]]:
    """Every table of every installed app, each once (many-to-many tables too)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        # A proxy's rows are its concrete model's; an unmanaged model is a view
        # or another program's table.
        if model._meta.managed and not model._meta.proxy
    ]


def backed_up() -> list[type[models.Model]]:
    """The tables a backup holds, in the order it writes them.

    Content types and permissions come first, since the rows after them refer
    to them by natural key, which a restore looks up as it goes; then the
    others by name, so that two backups of the same data are the same lines
    (the app registry's order of history tables varies from run to run).
    """
    rest = [
        model
        for model in tables()
        if model._meta.label_lower not in EXCLUDED and model not in BY_NATURAL_KEY
    ]
    return [*BY_NATURAL_KEY, *sorted(rest, key=lambda model: model._meta.label_lower)]


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations applied to the database, by installed app."""
    installed = {config.label for config in apps.get_app_configs()}
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        if app in installed:
            applied.setdefault(app, []).append(name)
    return applied


class Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, keeping microseconds (it cuts times to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dump_line(data: dict, stream: IO[str]) -> None:
    stream.write(json.dumps(data, cls=Encoder, ensure_ascii=False, separators=(",", ":")))
    stream.write("\n")


class RowSerializer(PythonSerializer):
    """Each row as one line, as Django's "jsonl" serializer writes it, except that
    many-to-many fields are left to their own tables' rows, and references to
    content types and permissions are their natural keys."""

    def __init__(self, natural_keys: dict[type[models.Model], dict]) -> None:
        self.natural_keys = natural_keys
        self.written: Counter[str] = Counter()

    def start_serialization(self) -> None:
        self._current = None

    def end_object(self, obj) -> None:
        dump_line(self.get_dump_object(obj), self.stream)
        self.written[obj._meta.label_lower] += 1
        self._current = None

    def handle_fk_field(self, obj, field) -> None:
        keys = self.natural_keys.get(field.related_model)
        value = field.value_from_object(obj)
        if keys is None or value is None:
            super().handle_fk_field(obj, field)
        else:
            # A history row may name a content type deleted since (no database
            # constraint holds it): its id is kept as it is.
            self._current[field.name] = keys.get(value, value)

    def handle_m2m_field(self, obj, field) -> None:
        pass

    def getvalue(self) -> None:
        return None


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """One consistent view of the database for the whole backup.

    On PostgreSQL, a repeatable-read transaction: writers go on meanwhile and
    the backup sees none of their changes. On SQLite the transaction holds the
    write lock, so saves wait until the backup is written.
    """
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(stream: IO[bytes], *, using: str = DEFAULT_DB_ALIAS) -> Counter[str]:
    """Write the backup to ``stream`` (binary), row by row; return the rows written by table."""
    with (
        snapshot(using),
        gzip.open(stream, "wt", compresslevel=6, encoding="utf-8", newline="\n") as out,
    ):
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
        }
        dump_line(header, out)
        natural_keys = {
            ContentType: {
                content_type.pk: content_type.natural_key()
                for content_type in ContentType.objects.using(using)
            },
            Permission: {
                permission.pk: permission.natural_key()
                for permission in Permission.objects.using(using).select_related("content_type")
            },
        }
        serializer = RowSerializer(natural_keys)
        for model in backed_up():
            serializer.written[model._meta.label_lower] = 0
            rows = model._base_manager.using(using).order_by("pk")
            named_by = [field.name for field in model._meta.concrete_fields if field.is_relation]
            if model in BY_NATURAL_KEY and named_by:
                # A permission's natural key holds its content type's: one query, not one a row.
                rows = rows.select_related(*named_by)
            serializer.serialize(
                rows.iterator(chunk_size=BATCH),
                stream=out,
                use_natural_primary_keys=model in BY_NATURAL_KEY,
            )
        dump_line({"end": True, "rows": serializer.written}, out)
    return serializer.written


class BackupFile:
    """A backup file read line by line: its header, then its rows, checked against its end."""

    def __init__(self, text: IO[str], name: str) -> None:
        self.name = name
        self.text = text
        self.number = 0
        self.read: Counter[str] = Counter()
        self.header = self._read_header()

    def error(self, problem: str) -> BackupError:
        return BackupError(f"{self.name}, line {self.number}: {problem}")

    def _lines(self) -> Iterator[dict]:
        try:
            for number, line in enumerate(self.text, start=self.number + 1):
                self.number = number
                try:
                    data = json.loads(line)
                except ValueError as error:
                    raise self.error(f"not JSON ({error}).") from None
                if not isinstance(data, dict):
                    raise self.error("not a row of a backup.")
                yield data
        except gzip.BadGzipFile as error:
            if self.number == 0:
                raise BackupError(
                    f"{self.name} is not a backup: it is not gzip-compressed ({error})."
                ) from None
            raise BackupError(
                f"{self.name} is damaged after line {self.number}: {error}."
            ) from None
        except EOFError:
            raise BackupError(
                f"{self.name} is cut short: its compressed data ends after line {self.number}, "
                "before the end of the backup. Was it copied whole?"
            ) from None
        except (OSError, zlib.error) as error:
            raise BackupError(
                f"{self.name} is damaged after line {self.number}: {error}."
            ) from None
        except UnicodeDecodeError as error:
            raise BackupError(
                f"{self.name} is damaged after line {self.number}: not UTF-8 text ({error})."
            ) from None

    def _read_header(self) -> dict:
        header = next(self._lines(), None)
        if header is None:
            raise BackupError(f"{self.name} is empty: a backup starts with its header line.")
        if header.get("format") != FORMAT:
            raise BackupError(
                f"{self.name} is not a backup made by manage.py backup: its first line is not "
                "a backup's header."
            )
        if header.get("version") != VERSION:
            raise BackupError(
                f"{self.name} is in backup format {header.get('version')!r}; this version of "
                f"the site reads format {VERSION}."
            )
        migrations = header.get("migrations")
        if not (
            isinstance(migrations, dict)
            and all(isinstance(names, list) for names in migrations.values())
        ):
            raise BackupError(f"{self.name}: its header does not list its migrations.")
        return header

    def rows(self) -> Iterator[dict]:
        """The rows, each as Django's serializers have it; raises if the file ends early."""
        lines = self._lines()
        for data in lines:
            if data.get("end") is True:
                self._check_end(data.get("rows"))
                # Read on to the end of the file, where gzip checks its checksum.
                if next(lines, None) is not None:
                    raise self.error("lines follow the closing line.")
                return
            if not (isinstance(data.get("model"), str) and isinstance(data.get("fields"), dict)):
                raise self.error("not a row of a backup.")
            self.read[data["model"]] += 1
            yield data
        raise BackupError(
            f"{self.name} ends at line {self.number} without its closing line: the backup "
            "is incomplete (cut short while it was written or copied?)."
        )

    def _check_end(self, expected) -> None:
        if not isinstance(expected, dict):
            raise self.error("the closing line does not count the rows.")
        counted = {label: count for label, count in expected.items() if count}
        if counted != dict(self.read):
            raise self.error(
                f"the closing line counts {sum(counted.values())} rows, the file holds "
                f"{self.read.total()}: rows are missing or were added."
            )


def check_migrations(backup: BackupFile, using: str) -> None:
    """Refuse a file made at other migrations than the database's."""

    def pairs(migrations: dict[str, list[str]]) -> set[str]:
        return {f"{app}.{name}" for app, names in migrations.items() for name in names}

    ours = pairs(applied_migrations(using))
    theirs = pairs(backup.header["migrations"])
    if ours == theirs:
        return
    if not ours:
        raise BackupError(
            "The database has no migrations applied: run manage.py migrate, then restore."
        )
    problems = []
    for where, names in (
        ("only in the file", theirs - ours),
        ("only in the database", ours - theirs),
    ):
        if names:
            shown = sorted(names)
            more = f" and {len(shown) - 10} more" if len(shown) > 10 else ""
            problems.append(f"{where}: {', '.join(shown[:10])}{more}")
    raise BackupError(
        f"{backup.name} was made at other migrations than the database's ({'; '.join(problems)}). "
        "Migrate the database to the file's migrations (manage.py migrate APP MIGRATION), "
        "restore, then migrate it forward."
    )


def made_by_migrate(using: str) -> dict[type[models.Model], models.QuerySet]:
    """The rows a freshly migrated database holds, besides content types and
    permissions: the groups cyberpeace.roles makes after every migrate. A
    restore replaces them with the file's."""
    groups = Group.objects.using(using).filter(name__in=ROLES)
    links = Group.permissions.through
    return {Group: groups, links: links.objects.using(using).filter(group__in=groups)}


def check_empty(using: str) -> None:
    """Refuse a database holding anything but what `migrate` makes."""
    made = made_by_migrate(using)
    held = []
    for model in tables():
        if model in BY_NATURAL_KEY:
            continue
        rows = model._base_manager.using(using).all()
        if model in made:
            rows = rows.exclude(pk__in=made[model].values("pk"))
        if rows.exists():
            held.append(f"{model._meta.label_lower} ({rows.count()})")
    if held:
        more = f" and {len(held) - 5} more tables" if len(held) > 5 else ""
        raise BackupError(
            f"The database is not empty: it holds rows of {', '.join(held[:5])}{more}. "
            "A restore goes into an empty database: create one, run manage.py migrate, "
            "and restore into it."
        )


def restore_backup(
    stream: IO[bytes], *, name: str, using: str = DEFAULT_DB_ALIAS
) -> tuple[dict, Counter[str]]:
    """Load the backup in ``stream`` into the empty database ``using``, in one transaction.

    Returns the file's header and its rows by table. Raises BackupError, having
    written nothing, if the file cannot be read, was made at other migrations,
    or the database is not empty.
    """
    with gzip.open(stream, "rt", encoding="utf-8", newline="\n") as text:
        backup = BackupFile(text, name)
        check_migrations(backup, using)
        with transaction.atomic(using=using):
            check_empty(using)
            made_by_migrate(using)[Group].delete()
            loaded = load(backup, using)
            finish(loaded, backup, using)
            # Every cached page shows what was there before the restore.
            transaction.on_commit(cache.bump, using=using)
    return backup.header, backup.read


def load(backup: BackupFile, using: str) -> list[type[models.Model]]:
    """Insert the file's rows, a batch per statement; return the tables written."""
    deserializer = PythonDeserializer(backup.rows(), using=using)
    loaded: list[type[models.Model]] = []
    batch: list[models.Model] = []
    try:
        for found in deserializer:
            row = found.object
            if batch and (type(row) is not type(batch[0]) or len(batch) >= BATCH):
                insert(batch, backup, using)
                batch = []
            if type(row) not in loaded:
                loaded.append(type(row))
            batch.append(row)
            if type(row) in BY_NATURAL_KEY:
                # At once: the next rows may name it by its natural key.
                insert(batch, backup, using)
                batch = []
    except (DeserializationError, FieldDoesNotExist) as error:
        raise backup.error(str(error)) from None
    if batch:
        insert(batch, backup, using)
    return loaded


def insert(rows: list[models.Model], backup: BackupFile, using: str) -> None:
    """INSERT the rows as they are, like loaddata's raw saves, without signals.

    Not bulk_create(), which would stamp auto_now fields with the time of the
    restore: a raw insert writes each value as the file has it.
    """
    model = type(rows[0])
    meta = model._meta
    fields = [field for field in meta.local_concrete_fields if not field.generated]
    if model in BY_NATURAL_KEY:
        # Those the database already has were found by natural key, and have an id.
        rows = [row for row in rows if row.pk is None]
        fields = [field for field in fields if field is not meta.auto_field]
    ops = connections[using].ops
    size = max(ops.bulk_batch_size(fields, rows), 1)
    try:
        for start in range(0, len(rows), size):
            model._base_manager._insert(
                rows[start : start + size], fields=fields, using=using, raw=True
            )
    except DatabaseError as error:
        raise backup.error(f"the database refused rows of {meta.label_lower}: {error}") from None


def finish(loaded: list[type[models.Model]], backup: BackupFile, using: str) -> None:
    """Check that the rows refer to each other, and move the id sequences past them."""
    connection = connections[using]
    try:
        # Foreign keys are checked at the end of the transaction, which would
        # be too late to say which file is at fault.
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    except DatabaseError as error:
        raise BackupError(f"{backup.name}: its rows do not fit together: {error}") from None
    # PostgreSQL hands out ids from sequences the inserts did not move: a record
    # made after the restore would otherwise get an id already taken.
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
