"""Load the seed content in fixtures/ (YAML, natural keys) in one transaction.

Loading twice leaves the same rows: a record that already holds what its
fixture says is left alone, so its timestamps and history stay as they were.
A record that is new or different is validated like an editor's input and
saved with a history entry naming the fixture file. The first bad record
stops the load, names the file, the line and the record, and leaves the
database as it was.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class SeedError(Exception):
    pass


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
        records = yaml.safe_load(text) or []
        lines = [node.start_mark.line + 1 for node in getattr(yaml.compose(text), "value", [])]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SeedError(f"{path}: cannot be read: {error}") from error
    if not isinstance(records, list):
        raise SeedError(f"{path}: a fixture file is a list of records.")
    deferred = []
    for number, (record, line) in enumerate(zip(records, lines, strict=True), start=1):
        where = f"{path.name}, line {line} (record {number}, {describe(record)})"
        try:
            (item,) = serializers.deserialize("python", [record], handle_forward_references=True)
            outcome = save(item, source=path.name)
        except (serializers.base.DeserializationError, ObjectDoesNotExist) as error:
            raise SeedError(f"{where}: {clean_message(error)}") from error
        except ValidationError as error:
            raise SeedError(f"{where}: {format_errors(error)}") from error
        except Exception as error:
            raise SeedError(f"{where}: {error}") from error
        if item.deferred_fields:
            deferred.append((where, item))
        yield type(item.object), outcome
    for where, item in deferred:
        try:
            item.save_deferred_fields()
        except Exception as error:
            raise SeedError(f"{where}: {clean_message(error)}") from error


def save(item, *, source: str) -> str:
    """Save one deserialised record unless the database already holds it as it is."""
    instance = item.object
    model = type(instance)
    existing = model._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    if existing is not None:
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
