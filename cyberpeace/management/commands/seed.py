"""Load the seed content in fixtures/ (YAML, natural keys) in one transaction.

Loading twice leaves the same rows: a record that already holds what its
fixture says is left alone, so its timestamps and history stay as they were.
A record that is new or different is validated like an editor's input and
saved with a history entry naming the fixture file, unless an editor has
changed it since the seed last wrote it (`Seeder`): then it is kept, and
reported. A record refers to
others by natural key (slug), so what it refers to comes earlier in the
files (sorted by name) or earlier in its own file. The first bad record
stops the load, names the file, the line and the record, and leaves the
database as it was.

What the database holds is read once per model (``Index``), not once per
record; `updated_at` of the records showing what changed moves once, after the
load (``freshness_deferred``). Each file's counts and time go to stderr as it
is loaded; ``--verbosity 0`` is silent.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError, deserialize_fk_value
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from cyberpeace import freshness
from cyberpeace.models import Cited
from cyberpeace.search import SearchVectorColumn

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class SeedError(Exception):
    pass


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML without implicit timestamps: a date stays text for the partial-date
    field to check, so "2017-02-30" is a named error rather than a crash."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Command(BaseCommand):
    help = (
        "Load (or bring up to date) the seed content from fixtures/*.yaml, leaving alone "
        "every record an editor has changed since the seed last wrote it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Fixture files (default: all).")
        parser.add_argument(
            "--overwrite",
            nargs="+",
            default=[],
            metavar="SLUG",
            help="Bring these records (and their links) back to the files, even if edited.",
        )
        parser.add_argument(
            "--overwrite-all",
            action="store_true",
            help="Bring every record back to the files, even if edited (asks first).",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask before --overwrite-all.")

    # Reading files into the database needs no URLconf, admin or API: the
    # system checks (about a second) run with the server and the tests.
    requires_system_checks = []

    def handle(
        self, *args, files: list[Path], overwrite, overwrite_all, yes, verbosity, **options
    ) -> None:
        if overwrite_all and not yes:
            answer = input("Bring every seeded record back to the files, undoing editors' "
                           "changes (each is kept in history)? [y/N] ")  # fmt: skip
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was loaded: --overwrite-all was not confirmed.")
        paths = files or sorted(FIXTURES.glob("*.yaml"))
        seeder = Seeder(overwrite=set(overwrite), overwrite_all=overwrite_all)
        outcomes = {name: Counter() for name in OUTCOMES}
        # Progress goes to stderr, as it happens; the summary below to stdout.
        progress = self.stderr.write if verbosity >= 1 else lambda line: None
        started = time.monotonic()
        try:
            with transaction.atomic(), freshness_deferred(seeder):
                for path in paths:
                    began, in_file = time.monotonic(), Counter()
                    for model, outcome in seeder.load_file(path):
                        outcomes[outcome][model._meta.verbose_name_plural] += 1
                        in_file[outcome] += 1
                    progress(
                        f"{path.name}: {in_file.total()} records ({describe_counts(in_file)}) "
                        f"in {time.monotonic() - began:.1f} s"
                    )
                began = time.monotonic()
                moved = seeder.move_updated_at()
                progress(
                    f"Freshness: updated_at moved in {moved} tables in {time.monotonic() - began:.1f} s"
                )
        except SeedError as error:
            raise CommandError(f"{error}\nNothing was loaded: the database is as it was.") from None
        total = sum(counter.total() for counter in outcomes.values())
        progress(f"Seed: {total} records in {time.monotonic() - started:.1f} s")
        if verbosity < 1:
            return
        names = sorted({name for counter in outcomes.values() for name in counter})
        if not names:
            self.stdout.write("No seed records found in fixtures/.")
        for name in names:
            counts = Counter({outcome: outcomes[outcome][name] for outcome in OUTCOMES})
            self.stdout.write(f"{name}: {counts.total()} ({describe_counts(counts)})")
        if seeder.kept:
            self.stdout.write(
                f"Kept {len(seeder.kept)} record{'s' if len(seeder.kept) != 1 else ''} edited "
                "since the last seed (seed --overwrite SLUG… brings one back to the file):"
            )
            for record, differences in seeder.kept:
                label = f"{record._meta.verbose_name} “{record}”"
                self.stdout.write(f"  {label}: {differences}")


OUTCOMES = ("created", "changed", "unchanged", "kept")


def describe_counts(counts: Counter) -> str:
    line = f"{counts['created']} new, {counts['changed']} changed, {counts['unchanged']} unchanged"
    return line + (f", {counts['kept']} kept" if counts["kept"] else "")


SEED_REASON = "Seed: "


class Seeder:
    """Loads fixture files, telling from history which records editors have changed.

    A record (or link) counts as edited when its latest version in history was
    not written by the seed; an edited link counts as an edit of the records it
    joins. Edited records are kept as they are and reported, unless named by
    ``overwrite`` (slugs) or ``overwrite_all``.
    """

    def __init__(self, *, overwrite: set[str], overwrite_all: bool) -> None:
        self.overwrite = {slug.lower() for slug in overwrite}
        self.overwrite_all = overwrite_all
        self.kept: list[tuple[models.Model, str]] = []
        self._latest: dict[type[models.Model], dict[int, tuple]] = {}
        self._touched: set[tuple[type[models.Model], int]] | None = None
        self.index = Index()
        # What the load wrote, and the rows as they were before it, for freshness.
        self.written: dict[type[models.Model], set[int]] = defaultdict(set)
        self.replaced: list[tuple[models.Model, dict[str, set[int]]]] = []
        self.linked: dict[models.ManyToManyField, set[int]] = defaultdict(set)

    def load_file(self, path: Path):
        try:
            text = path.read_text(encoding="utf-8")
            records = yaml.load(text, Loader=Loader) or []  # noqa: S506 (a SafeLoader)  # nosec B506
            node = yaml.compose(text, Loader=Loader)
            lines = [item.start_mark.line + 1 for item in getattr(node, "value", [])]
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise SeedError(f"{path}: cannot be read: {error}") from error
        if not isinstance(records, list):
            raise SeedError(f"{path}: a fixture file is a list of records.")
        for number, (record, line) in enumerate(zip(records, lines, strict=True), start=1):
            where = f"{path.name}, line {line} (record {number}, {describe(record)})"
            try:
                check_shape(record)
                instance, m2m_data = self.build(record)
                outcome = self.save(instance, m2m_data, source=path.name)
            except SeedError as error:
                raise SeedError(f"{where}: {error}") from error
            except (DeserializationError, ObjectDoesNotExist) as error:
                reason = missing_reference(record) or clean_message(error)
                raise SeedError(f"{where}: {reason}") from error
            except ValidationError as error:
                raise SeedError(f"{where}: {format_errors(error)}") from error
            except Exception as error:
                raise SeedError(f"{where}: {error}") from error
            yield type(instance), outcome

    def build(self, record: dict) -> tuple[models.Model, dict[str, list[int]]]:
        """The instance a record describes, as Django's deserializer builds it.

        References are resolved through ``self.index`` rather than one query each.
        """
        model = apps.get_model(record["model"])
        data, m2m_data = {}, {}
        if "pk" in record:
            try:
                data[model._meta.pk.attname] = model._meta.pk.to_python(record["pk"])
            except Exception as error:
                raise DeserializationError.WithData(error, record["model"], None, None) from error
        for name, value in record["fields"].items():
            field = model._meta.get_field(name)
            try:
                if field.many_to_many:
                    m2m_data[name] = [self.index.reference(field, item) for item in value]
                elif field.is_relation:
                    data[field.attname] = self.index.reference(field, value)
                else:
                    data[field.name] = field.to_python(value)
            except ObjectDoesNotExist:
                raise
            except Exception as error:
                raise DeserializationError.WithData(
                    error, record["model"], record.get("pk"), value
                ) from error
        instance = model(**data)
        if instance.pk is None and Index.key_fields(model) is not None:
            instance.pk = self.index.pk(model, self.index.key(instance))
        return instance, m2m_data

    def save(self, instance: models.Model, m2m_data: dict, *, source: str) -> str:
        """Save one record unless the database holds it as it is, or an editor changed it."""
        existing = self.existing(instance)
        if existing is DELETED:
            self.kept.append((instance, "deleted by an editor; not made again"))
            return "kept"
        if existing is not None:
            instance.pk = existing.pk
            instance._state.adding = False
            for name in ("created_at", "created_by_id", "updated_at"):
                if hasattr(existing, name):
                    setattr(instance, name, getattr(existing, name))
        instance.full_clean()
        if existing is not None:
            differences = differing(existing, instance, m2m_data, self.index)
            if not differences:
                return "unchanged"
            if self.edited(existing) and not self.overwritten(instance):
                self.kept.append((existing, "the file now differs in " + ", ".join(differences)))
                return "kept"
        if existing is not None:
            before = {
                name: self.index.related(type(existing), name, existing.pk) for name in m2m_data
            }
            self.replaced.append((existing, before))
        instance._change_reason = SEED_REASON + source
        instance.save()
        for name, values in m2m_data.items():
            # set() on a new row would first read the (empty) links it holds.
            if existing is not None:
                getattr(instance, name).set(values)
            else:
                getattr(instance, name).add(*values)
        self.written[type(instance)].add(instance.pk)
        for name, values in m2m_data.items():
            self.linked[instance._meta.get_field(name)] |= {int(value) for value in values}
        self.index.saved(instance, m2m_data, replacing=existing)
        return "changed" if existing is not None else "created"

    def existing(self, instance: models.Model):
        """The row a fixture record is: by its key, or as the seed made it before an edit."""
        model = type(instance)
        if instance.pk is not None:
            return self.index.row(model, instance.pk)
        if getattr(model, "history", None) is None:
            return None
        # The key as it was when the seed wrote it: an editor may since have
        # renamed the slug or changed a link's role.
        seeded = self.index.seeded(model, self.index.key(instance))
        if seeded is None:
            return None
        current = self.index.row(model, seeded)
        return current if current is not None else DELETED

    def edited(self, record: models.Model) -> bool:
        model = type(record)
        if not self._by_seed(model, record.pk):
            return True
        if self._touched is None:
            self._touched = self._touched_by_links()
        return (model, record.pk) in self._touched

    def overwritten(self, instance: models.Model) -> bool:
        if self.overwrite_all:
            return True
        slugs = {getattr(instance, "slug", None)}
        for name in getattr(type(instance), "link_ends", ()):
            slugs.add(getattr(getattr(instance, name), "slug", None))
        return bool(slugs & self.overwrite)

    def _by_seed(self, model: type[models.Model], pk: int) -> bool:
        """Whether the latest version of a row in history was written by the seed."""
        if model not in self._latest:
            latest = {}
            history = getattr(model, "history", None)
            if history is not None:
                rows = history.model.objects.order_by("id", "-history_date", "-history_id")
                for pk_, reason, user in rows.values_list(
                    "id", "history_change_reason", "history_user_id"
                ):
                    latest.setdefault(pk_, (reason or "", user))
            self._latest[model] = latest
        reason, user = self._latest[model].get(pk, ("", None))
        return user is None and reason.startswith(SEED_REASON)

    def _touched_by_links(self) -> set[tuple[type[models.Model], int]]:
        """Records one of whose links an editor changed: that is an edit of the record."""
        touched = set()
        for model in apps.get_models():
            ends = getattr(model, "link_ends", ())
            if not ends:
                continue
            fields = [model._meta.get_field(name) for name in ends]
            columns = ["pk", *(field.attname for field in fields)]
            for pk, *ids in model._default_manager.values_list(*columns):
                if not self._by_seed(model, pk):
                    touched.update((f.related_model, i) for f, i in zip(fields, ids, strict=True))
            # A link an editor deleted touches its ends too.
            deleted = model.history.filter(history_type="-", history_user__isnull=False)
            for ids in deleted.values_list(*columns[1:]):
                touched.update((f.related_model, i) for f, i in zip(fields, ids, strict=True))
        return touched

    def move_updated_at(self) -> int:
        """Move `updated_at` of every record showing what the load wrote, in one pass.

        Freshness does this after each write; during a load that is thousands of
        UPDATEs, so its receivers are off (``freshness_deferred``) and this moves,
        with its own rules, the records each write would have moved (a few more
        where a field did not in fact change: a harmless extra move).
        """
        touched = freshness.Touched()
        for model, pks in self.written.items():
            if model is freshness.identifier_model():
                for values in model._base_manager.filter(pk__in=pks).values(
                    "content_type_id", "object_id"
                ):
                    if record := freshness.identified(values):
                        touched.add(record[0], [record[1]])
                continue
            touched.add(model, pks)
            touched.add_showing(model, sorted(pks))
            spec = freshness.shown(model)
            for name in spec.listed_by if spec else ():
                column = model._meta.get_field(name).attname
                related = model._meta.get_field(name).related_model
                touched.add(related, model._base_manager.filter(pk__in=pks).values(column))
        for row, m2m_before in self.replaced:
            # The records a changed row joined or was listed by before.
            model = type(row)
            spec = freshness.shown(model)
            names = [*freshness.link_ends(model)] + [
                model._meta.get_field(name) for name in (spec.listed_by if spec else ())
            ]
            for field in names:
                touched.add(field.related_model, [getattr(row, field.attname)])
            for name, pks in m2m_before.items():
                touched.add(model._meta.get_field(name).related_model, pks)
        for field, pks in self.linked.items():
            touched.add(field.related_model, pks)
        touched.save()
        return len({*touched.ids, *touched.subqueries})


@contextmanager
def freshness_deferred(seeder: Seeder):
    """Freshness's receivers off while the seed writes: call move_updated_at() before leaving."""
    models_ = [model for model in apps.get_models() if freshness.tracked(model)]
    for model in [*models_, freshness.identifier_model()]:
        uid = f"cyberpeace.freshness.{model._meta.label_lower}"
        for signal in (pre_save, post_save, pre_delete, post_delete):
            signal.disconnect(sender=model, dispatch_uid=uid)
    m2m_changed.disconnect(dispatch_uid="cyberpeace.freshness.m2m")
    try:
        yield
    finally:
        freshness.connect()


DELETED = object()


def differing(
    existing: models.Model, instance: models.Model, m2m_data: dict, index: Index
) -> list[str]:
    """The fields in which the database and the file differ."""
    names = [
        field.name
        for field in instance._meta.concrete_fields
        # The search vector is the database's own (a trigger's), never the file's.
        if not isinstance(field, SearchVectorColumn)
        and field.value_from_object(existing) != field.value_from_object(instance)
    ]
    for name, values in m2m_data.items():
        current = index.related(type(existing), name, existing.pk)
        if current != {int(value) for value in values}:
            names.append(name)
    return names


def check_shape(record) -> None:
    """A record is a mapping of a known model to fields it has: checked without a query."""
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        raise SeedError("a record needs a model and its fields")
    try:
        model = apps.get_model(record.get("model", ""))
    except (LookupError, ValueError):
        raise SeedError(f"{record.get('model')!r} is not a model") from None
    fields = record["fields"]
    for name, value in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        # A reverse relation (an event's links) is not a field a fixture can set.
        if field is None or not (field.concrete or (field.many_to_many and not field.auto_created)):
            raise SeedError(f"{model._meta.label} has no field {name!r}")
        if field.many_to_many and not isinstance(value, list):
            raise SeedError(f"{name}: give a list, as [[slug], …]")
    if issubclass(model, Cited) and not fields.get("sources"):
        raise SeedError("sources: every record cites at least one source")


def missing_reference(record) -> str | None:
    """Which field refers to a record that does not exist, when loading one failed.

    Django's message names the model looked in, not the field; this names both.
    """
    model = apps.get_model(record["model"])
    for name, value in record["fields"].items():
        field = model._meta.get_field(name)
        if not field.is_relation or value is None:
            continue
        related = field.related_model
        for key in value if field.many_to_many else [value]:
            key = key if isinstance(key, list) else [key]
            try:
                related._default_manager.get_by_natural_key(*key)
            except (ObjectDoesNotExist, TypeError, ValueError, AttributeError):
                return (
                    f"{name}: no {related._meta.verbose_name} {key!r}, neither in "
                    "the database nor earlier in the fixtures"
                )
    return None


def describe(record) -> str:
    if not isinstance(record, dict):
        return "not a mapping"
    fields = record.get("fields") or {}
    name = next(
        (
            fields[key]
            for key in ("slug", "name", "title")
            if isinstance(fields, dict) and key in fields
        ),
        None,
    )
    return f"{record.get('model', 'no model')} {name!r}" if name else str(record.get("model"))


def clean_message(error: Exception) -> str:
    return str(error).replace("\n", " ")


def format_errors(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Index:
    """What the database holds, read once per model rather than once per record.

    Rows by natural key, the rows themselves, their many-to-many links, and the
    keys the seed wrote them under; kept current as the seed saves. Only the seed
    writes while it runs (in one transaction), so what it read stays true.
    """

    def __init__(self) -> None:
        self._keys: dict[type[models.Model], dict[tuple, int]] = {}
        self._rows: dict[type[models.Model], dict[int, models.Model]] = {}
        self._related: dict[tuple[type[models.Model], str], dict[int, set[int]]] = {}
        self._seeded: dict[type[models.Model], dict[tuple, int]] = {}

    @staticmethod
    def key_fields(model: type[models.Model]) -> list[models.Field] | None:
        paths = getattr(model, "natural_key_fields", None)
        if paths is None:
            return None
        return [model._meta.get_field(path.split("__")[0]) for path in paths]

    def key(self, instance: models.Model) -> tuple:
        """A record's natural key, with the ids of what a link joins in place of their slugs."""
        return tuple(
            normalise(getattr(instance, field.attname)) for field in self.key_fields(type(instance))
        )

    def keys(self, model: type[models.Model]) -> dict[tuple, int]:
        if model not in self._keys:
            columns = [field.attname for field in self.key_fields(model)]
            self._keys[model] = {
                tuple(map(normalise, key)): pk
                for pk, *key in model._default_manager.values_list("pk", *columns)
            }
        return self._keys[model]

    def pk(self, model: type[models.Model], key: tuple) -> int | None:
        return self.keys(model).get(key)

    def reference(self, field: models.Field, value):
        """The id a fixture's reference names (a natural key such as [slug], or an id)."""
        related = field.related_model
        paths = getattr(related, "natural_key_fields", ())
        by_slug = paths and not any("__" in path for path in paths)
        if isinstance(value, list | tuple) and by_slug and field.target_field.primary_key:
            pk = self.pk(related, tuple(map(normalise, value)))
            if pk is not None:
                return pk
        # Not known: Django's way, which also says what is wrong with the reference.
        if field.many_to_many:
            if isinstance(value, list | tuple):
                return related._default_manager.get_by_natural_key(*value).pk
            return related._meta.pk.to_python(value)
        return deserialize_fk_value(field, value, DEFAULT_DB_ALIAS, False)

    def row(self, model: type[models.Model], pk: int) -> models.Model | None:
        if model not in self._rows:
            self._rows[model] = model._default_manager.in_bulk()
        return self._rows[model].get(pk)

    def related(self, model: type[models.Model], name: str, pk: int) -> set[int]:
        """The ids a row's many-to-many field holds."""
        if (model, name) not in self._related:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            pairs = through._default_manager.values_list(
                field.m2m_column_name(), field.m2m_reverse_name()
            )
            related: dict[int, set[int]] = {}
            for holder, target in pairs:
                related.setdefault(holder, set()).add(target)
            self._related[(model, name)] = related
        return self._related[(model, name)].get(pk, set())

    def seeded(self, model: type[models.Model], key: tuple) -> int | None:
        """The row the seed last wrote under this key, whatever it has become since."""
        if model not in self._seeded:
            columns = [field.attname for field in self.key_fields(model)]
            rows = (
                model.history.model.objects.filter(history_change_reason__startswith=SEED_REASON)
                .order_by("-history_date")
                .values_list("id", *columns)
            )
            seeded: dict[tuple, int] = {}
            for pk, *key_ in rows:
                seeded.setdefault(tuple(map(normalise, key_)), pk)
            self._seeded[model] = seeded
        return self._seeded[model].get(key)

    def saved(self, instance: models.Model, m2m_data: dict, *, replacing) -> None:
        """Record what the seed just wrote."""
        model = type(instance)
        self.row(model, instance.pk)
        self._rows[model][instance.pk] = instance
        for name, values in m2m_data.items():
            self.related(model, name, instance.pk)
            self._related[(model, name)][instance.pk] = {int(value) for value in values}
        if self.key_fields(model) is None:
            return
        key, keys = self.key(instance), self.keys(model)
        if replacing is not None:
            keys.pop(self.key(replacing), None)
        keys[key] = instance.pk
        if getattr(model, "history", None) is not None:
            self.seeded(model, key)
            self._seeded[model][key] = instance.pk


def normalise(value):
    """A key's part as natural_key() gives it: an id stays a number, the rest is text."""
    return value if value is None or isinstance(value, int) else str(value)
