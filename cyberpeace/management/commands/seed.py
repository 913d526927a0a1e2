"""Load the seed content in fixtures/ (YAML, natural keys) in one transaction.

Loading twice leaves the same rows: a record that already holds what its
fixture says is left alone, so its timestamps and history stay as they were.
A record that is new or different is validated like an editor's input and
saved with a history entry naming the fixture file. A record refers to
others by natural key (slug), so what it refers to comes earlier in the
files (sorted by name) or earlier in its own file. The first bad record
stops the load, names the file, the line and the record, and leaves the
database as it was.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from cyberpeace.models import Cited

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
    help = "Load (or bring up to date) the seed content from fixtures/*.yaml."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Fixture files (default: all).")

    def handle(self, *args, files: list[Path], **options) -> None:
        paths = files or sorted(FIXTURES.glob("*.yaml"))
        created, changed, unchanged = Counter(), Counter(), Counter()
        try:
            with transaction.atomic():
                for path in paths:
                    for model, outcome in load_file(path):
                        {"created": created, "changed": changed, "unchanged": unchanged}[outcome][
                            model._meta.verbose_name_plural
                        ] += 1
        except SeedError as error:
            raise CommandError(f"{error}\nNothing was loaded: the database is as it was.") from None
        names = sorted({*created, *changed, *unchanged})
        if not names:
            self.stdout.write("No seed records found in fixtures/.")
        for name in names:
            total = created[name] + changed[name] + unchanged[name]
            self.stdout.write(
                f"{name}: {total} ({created[name]} new, {changed[name]} changed, "
                f"{unchanged[name]} unchanged)"
            )


def load_file(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
        records = yaml.load(text, Loader=Loader) or []
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
            (item,) = serializers.deserialize("python", [record])
            outcome = save(item, source=path.name)
        except SeedError as error:
            raise SeedError(f"{where}: {error}") from error
        except (serializers.base.DeserializationError, ObjectDoesNotExist) as error:
            reason = missing_reference(record) or clean_message(error)
            raise SeedError(f"{where}: {reason}") from error
        except ValidationError as error:
            raise SeedError(f"{where}: {format_errors(error)}") from error
        except Exception as error:
            raise SeedError(f"{where}: {error}") from error
        yield type(item.object), outcome


def save(item, *, source: str) -> str:
    """Save one deserialised record unless the database already holds it as it is."""
    instance = item.object
    model = type(instance)
    existing = model._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    if existing is not None:
        instance._state.adding = False
        for name in ("created_at", "updated_at"):
            if hasattr(existing, name):
                setattr(instance, name, getattr(existing, name))
    instance.full_clean()
    if existing is not None and same(existing, instance, item.m2m_data or {}):
        return "unchanged"
    instance._change_reason = f"Seed: {source}"
    instance.save()
    for name, values in (item.m2m_data or {}).items():
        getattr(instance, name).set(values)
    return "changed" if existing is not None else "created"


def same(existing: models.Model, instance: models.Model, m2m_data: dict) -> bool:
    for field in instance._meta.concrete_fields:
        if field.value_from_object(existing) != field.value_from_object(instance):
            return False
    for name, values in m2m_data.items():
        current = set(getattr(existing, name).values_list("pk", flat=True))
        if current != {int(value) for value in values}:
            return False
    return True


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
