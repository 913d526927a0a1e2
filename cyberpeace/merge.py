"""Two editors, one record: the second save merges instead of clobbering.

The change form carries the version of the record it was opened on. When
someone else saved in between, the post is compared field by field, and row by
row for the inlines, with that version (from history) and with the record as it
is now: what only the other editor changed is carried into the form, what only
this editor changed stays, and what both changed is listed for a choice. The
save is refused once, showing all of it; saving again keeps both editors' work.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import QueryDict
from django_countries.fields import CountryField

from cyberpeace.lists import ListField
from cyberpeace.partialdate import PartialDateField
from cyberpeace.text import normalise_text

UNTRACKED = {"version", "opened", "id", "DELETE", "status", "file"}


@dataclass
class Difference:
    where: str  # "Name", or "Memberships, “Jane Doe, Chair, ITU”: Role"
    base: str
    theirs: str
    mine: str
    both: bool  # both changed it (a choice to make) or only they did (carried in)
    key: str = ""  # the record's form field, for a difference in the record itself


@dataclass
class Conflict:
    who: str
    when: datetime.datetime
    data: QueryDict
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def choices(self) -> list[Difference]:
        return [d for d in self.differences if d.both]

    @property
    def carried(self) -> list[Difference]:
        return [d for d in self.differences if not d.both]


def as_data(model_field, value) -> str | list[str]:
    """A model value as a form posts it, to compare and to put back into a form."""
    if model_field.many_to_many:
        return sorted(str(pk) for pk in value)
    if isinstance(model_field, CountryField) and model_field.multiple:
        return sorted(str(getattr(country, "code", country)) for country in value or [])
    if value is None:
        return ""
    if model_field.many_to_one:
        return str(value)
    if isinstance(model_field, ListField):
        return (", " if model_field.separator == "," else "\n").join(value)
    if isinstance(model_field, CountryField):
        return str(getattr(value, "code", value) or "")
    if isinstance(model_field, models.DateField | PartialDateField):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return normalise_text(str(value))


def posted(data: QueryDict, key: str, model_field) -> str | list[str]:
    if model_field.many_to_many or (isinstance(model_field, CountryField) and model_field.multiple):
        return sorted(data.getlist(key))
    value = normalise_text(data.get(key, ""))
    if isinstance(model_field, ListField):
        items = [item.strip() for item in value.split(model_field.separator)]
        return (", " if model_field.separator == "," else "\n").join(i for i in items if i)
    return value


def put(data: QueryDict, key: str, value) -> None:
    if isinstance(value, list):
        data.setlist(key, value)
    else:
        data[key] = value


def values_of(record, names: list[str], version=None) -> dict[str, object]:
    """Field values of ``record`` (m2m as pk lists); of its historical ``version`` if given."""
    source = version.instance if version is not None else record
    values = {}
    for name in names:
        model_field = record._meta.get_field(name)
        if model_field.many_to_many:
            column = model_field.m2m_reverse_field_name() + "_id"
            rows = getattr(version, name).all() if version is not None else None
            if rows is not None:
                values[name] = [getattr(row, column) for row in rows]
            elif version is not None:
                values[name] = []
            else:
                values[name] = list(getattr(record, name).values_list("pk", flat=True))
        else:
            values[name] = getattr(source, model_field.attname)
    return values


def model_fields(model, names) -> dict[str, models.Field]:
    found = {}
    for name in names:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form field that is no model field
            continue
        if name not in UNTRACKED and (model_field.concrete or model_field.many_to_many):
            found[name] = model_field
    return found


def merge(
    record, data: QueryDict, inlines: dict[str, tuple[type[models.Model], str]]
) -> Conflict | None:
    """The post ``data`` merged with what changed since its version, or None if nothing did."""
    opened = data.get("version", "")
    current = record.updated_at.isoformat() if record.updated_at else ""
    if not opened or opened == current:
        return None
    try:
        opened_at = datetime.datetime.fromisoformat(opened)
    except ValueError:
        return None
    # The version the form was opened on: the last one saved by then. updated_at
    # also moves without a new version when a record it shows changes
    # (cyberpeace.freshness), which changes none of its own fields.
    base = record.history.filter(updated_at__lte=opened_at).order_by("-history_date").first()
    latest = record.history.select_related("history_user").first()
    if base is None or latest is None:
        return None
    merged = data.copy()
    who = latest.history_user.get_username() if latest.history_user else "another editor"
    conflict = Conflict(who=who, when=latest.history_date, data=merged)

    fields = model_fields(type(record), [key for key in data if "-" not in key])
    before = values_of(record, list(fields), base)
    now = values_of(record, list(fields))
    for name, model_field in fields.items():
        label = str(model_field.verbose_name).capitalize()
        compare(conflict, label, name, model_field, before[name], now[name], merged, own=True)

    try:
        shown_at = datetime.datetime.fromisoformat(data.get("opened", ""))
    except ValueError:
        shown_at = base.history_date
    for prefix, (link_model, fk_name) in inlines.items():
        merge_rows(conflict, prefix, link_model, fk_name, record, shown_at, merged)
    return conflict


def compare(conflict, label, key, model_field, before, now, merged, *, own=False) -> None:
    base, theirs = as_data(model_field, before), as_data(model_field, now)
    if base == theirs:
        return
    mine = posted(merged, key, model_field)
    if mine != base and mine == theirs:
        return
    if mine == base:
        put(merged, key, theirs)
    difference = Difference(label, show(base), show(theirs), show(mine), mine != base)
    difference.key = key if own else ""
    conflict.differences.append(difference)


def merge_rows(conflict, prefix, link_model, fk_name, record, base_date, merged) -> None:
    total = int(merged.get(f"{prefix}-TOTAL_FORMS") or 0)
    plural = str(link_model._meta.verbose_name_plural).capitalize()
    keep, posted_ids = [], set()
    for i in range(total):
        row_key = f"{prefix}-{i}-"
        row = {
            key[len(row_key) :]: merged.getlist(key) for key in merged if key.startswith(row_key)
        }
        pk = (row.get("id") or [""])[0]
        if not pk:
            keep.append(row)
            continue
        posted_ids.add(pk)
        current = link_model._default_manager.filter(pk=pk).first()
        history = link_model.history.filter(id=pk, history_date__lte=base_date)
        base = history.order_by("-history_date").first()
        names = [name for name in row if name not in UNTRACKED]
        fields = model_fields(link_model, names)
        row_data = QueryDict(mutable=True)
        for name, values in row.items():
            row_data.setlist(name, values)
        if current is None:
            before = values_of(link_model(), list(fields), base) if base else {}
            unchanged = all(
                as_data(f, before.get(n)) == posted(row_data, n, f)
                for n, f in fields.items()
                if n in before
            )
            name = f"“{base.instance}”" if base else "a row"
            if unchanged:
                conflict.notes.append(f"{plural}: {conflict.who} removed {name}.")
                continue
            conflict.notes.append(
                f"{plural}: {conflict.who} removed {name}, which you changed; "
                "saving again adds it back as you wrote it."
            )
            row["id"] = [""]
            keep.append(row)
            continue
        if base is None:
            keep.append(row)
            continue
        before = values_of(current, list(fields), base)
        now = values_of(current, list(fields))
        for name, model_field in fields.items():
            label = f"{plural}, “{current}”: {str(model_field.verbose_name).capitalize()}"
            compare(conflict, label, name, model_field, before[name], now[name], row_data)
        row = {name: row_data.getlist(name) for name in row_data}
        keep.append(row)
    # Rebuild the formset's part of the post, without the rows they removed.
    for key in [
        key
        for key in merged
        if key.startswith(f"{prefix}-") and key[len(prefix) + 1 :][:1].isdigit()
    ]:
        del merged[key]
    initial = 0
    for i, row in enumerate(keep):
        for name, values in row.items():
            merged.setlist(f"{prefix}-{i}-{name}", values)
        initial += bool((row.get("id") or [""])[0])
    merged[f"{prefix}-TOTAL_FORMS"] = str(len(keep))
    merged[f"{prefix}-INITIAL_FORMS"] = str(initial)
    created = link_model.history.filter(history_type="+", history_date__gt=base_date)
    added = link_model._default_manager.filter(
        **{fk_name: record}, pk__in=created.values_list("id", flat=True)
    ).exclude(pk__in=[int(pk) for pk in posted_ids if pk.isdigit()])
    for row in added:
        conflict.notes.append(f"{plural}: {conflict.who} added “{row}”; it stays.")


def show(value) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    return value if value != "" else "(empty)"
