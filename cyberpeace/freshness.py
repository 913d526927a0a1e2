"""`updated_at` follows everything a record's answer shows (DESIGN.md).

A programme's API answer and page show its partners' names, its topics, its
sources; an event's show its hosts and speakers. When any of these changes,
the records showing it get a new `updated_at`, so their ETags, Last-Modified
and `updated_since` move with them. Pages show more than API answers (an
organisation's page lists its programmes and events, a topic's page everything
on it, a person's page their appearances), so ``SHOWN`` covers the pages too.
Three kinds of change:

- a link (membership, partnership, relation…, an identifier, a source or
  topic added or removed) is part of every record it joins;
- a record whose shown fields change (a name, a slug, a status) moves the
  records that show it, found by the lookups in ``SHOWN``;
- a record's foreign key to a record that lists it (an event's programme
  lists its events) moves the old and the new one.

Each is one ``UPDATE … WHERE id IN (subquery)`` per model touched, written
with ``QuerySet.update()``: no save(), so no history rows and no recursion.
Raw saves (loaddata) are skipped: fixtures carry their own timestamps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from cyberpeace.publishing import LinkModel, PublicModel

Pks = Iterable[int] | models.QuerySet


@dataclass(frozen=True)
class Shown:
    """How other records show a record of one model."""

    # The fields they show of it: a change to one of these moves them.
    fields: tuple[str, ...]
    # Model label -> lookups from that model to a record it shows.
    shown_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Its foreign keys to records that list it: the one it leaves and the one it joins move.
    listed_by: tuple[str, ...] = ()


SHOWN = {
    "orgs.Organisation": Shown(
        fields=("slug", "name", "status"),
        shown_in={
            # Its page's partnership network names the partners of its programmes.
            "orgs.Organisation": ("relations__object", "inverse_relations__subject", "parent",
                                  "children", "partnerships__programme__partnerships__organisation"),
            "orgs.Person": ("memberships__organisation", "appearances__affiliation"),
            "orgs.Topic": ("organisation_topics__organisation",),
            "initiatives.Programme": ("partnerships__organisation",),
            "initiatives.Event": ("roles__organisation", "speakers__affiliation"),
        },
        listed_by=("parent",),
    ),
    "orgs.Person": Shown(
        fields=("slug", "name", "honorific", "status"),
        shown_in={
            "orgs.Organisation": ("memberships__person",),
            "initiatives.Event": ("speakers__person",),
        },
    ),
    "orgs.Topic": Shown(
        fields=("slug", "name", "status"),
        shown_in={
            "orgs.Organisation": ("organisation_topics__topic",),
            "initiatives.Programme": ("topics",),
            "initiatives.Event": ("topics",),
        },
    ),
    "initiatives.Programme": Shown(
        # Organisation and topic pages list programmes with their dates.
        fields=("slug", "title", "acronym", "start", "end", "status"),
        shown_in={
            "initiatives.Programme": ("parent", "children", "follows", "successors"),
            "initiatives.Event": ("programme",),
            "orgs.Organisation": ("partnerships__programme",),
            "orgs.Topic": ("programmes",),
        },
        listed_by=("parent", "follows"),
    ),
    "initiatives.Event": Shown(
        # A programme's page lists its events with their dates and places.
        fields=("slug", "title", "start", "end", "city", "country", "status"),
        shown_in={
            "initiatives.Programme": ("events",),
            "orgs.Organisation": ("event_roles__event",),
            "orgs.Topic": ("events",),
            "orgs.Person": ("appearances__event",),
        },
        listed_by=("programme",),
    ),
    # Where a source is shown (every record and link citing it) is found in
    # the models, so that a model gaining `sources` is covered without a word here.
    "cyberpeace.Source": Shown(fields=("slug", "title", "publisher", "published", "url", "status")),
}  # fmt: skip


@cache
def shown(model: type[models.Model]) -> Shown | None:
    spec = SHOWN.get(model._meta.label)
    if spec is None or model._meta.label != "cyberpeace.Source":
        return spec
    from cyberpeace.models import citing_relations

    shown_in = defaultdict(list)
    for relation in citing_relations():
        citing = relation.related_model
        if issubclass(citing, PublicModel):
            shown_in[citing._meta.label].append(relation.field.name)
        for end in link_ends(citing):
            shown_in[end.related_model._meta.label].append(
                f"{end.related_query_name()}__{relation.field.name}"
            )
    return Shown(spec.fields, {label: tuple(paths) for label, paths in shown_in.items()})


def link_ends(model: type[models.Model]) -> list[models.ForeignKey]:
    if not issubclass(model, LinkModel):
        return []
    return [model._meta.get_field(name) for name in model.link_ends]


def tracked(model: type[models.Model]) -> bool:
    return issubclass(model, PublicModel | LinkModel)


class Touched:
    """The records to move, gathered by model, then moved with one UPDATE per model."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.ids: dict[type[models.Model], set[int]] = defaultdict(set)
        self.subqueries: dict[type[models.Model], list[models.QuerySet]] = defaultdict(list)

    def add(self, model: type[models.Model], pks: Pks) -> None:
        """Records of ``model`` (a record, or a link: then the records it joins)."""
        if not isinstance(pks, models.QuerySet):
            pks = {pk for pk in pks if pk is not None}
            if not pks:
                return
        if issubclass(model, PublicModel):
            if isinstance(pks, models.QuerySet):
                self.subqueries[model].append(pks)
            else:
                self.ids[model] |= pks
        for end in link_ends(model):
            self.add(end.related_model, model._base_manager.filter(pk__in=pks).values(end.attname))

    def add_link(self, link: models.Model, before: dict | None = None) -> None:
        """The records a link joins, read from it (and those it joined ``before``)."""
        for end in link_ends(type(link)):
            self.add(end.related_model, [getattr(link, end.attname)])
            if before:
                self.add(end.related_model, [before[end.attname]])

    def add_showing(self, model: type[models.Model], pks: list[int]) -> None:
        """The records that show these records of ``model`` (their name, their status)."""
        spec = shown(model)
        for label, lookups in (spec.shown_in if spec else {}).items():
            showing = apps.get_model(label)
            for lookup in lookups:
                rows = showing._base_manager.filter(**{f"{lookup}__in": pks}).values("pk")
                self.subqueries[showing].append(rows)

    def save(self) -> None:
        for model in {*self.ids, *self.subqueries}:
            ids = sorted(self.ids.get(model, ()))
            condition = models.Q(pk=ids[0]) if len(ids) == 1 else models.Q(pk__in=ids)
            if not ids:
                condition = models.Q()
            for rows in self.subqueries.get(model, ()):
                condition |= models.Q(pk__in=rows)
            model._base_manager.filter(condition).update(updated_at=self.now)


def watched(model: type[models.Model]) -> list[str]:
    """The columns of a row whose change moves other records."""
    spec = shown(model)
    if spec is not None:
        names = [*spec.fields, *spec.listed_by]
        return [model._meta.get_field(name).attname for name in names]
    if model is identifier_model():
        return ["content_type_id", "object_id"]
    return [end.attname for end in link_ends(model)]


def prep(model: type[models.Model], column: str, value):
    """A value comparable whether it came from the database or from a form (a date, a code)."""
    return model._meta.get_field(column).get_prep_value(value)


@cache
def identifier_model() -> type[models.Model]:
    return apps.get_model("cyberpeace", "Identifier")


def identified(values: dict) -> tuple[type[models.Model], int] | None:
    if not values.get("content_type_id"):
        return None
    record_model = ContentType.objects.get_for_id(values["content_type_id"]).model_class()
    return (record_model, values["object_id"]) if record_model else None


def before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Remember what the row held, for a change that moves other records."""
    instance._freshness_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    columns = watched(sender)
    if update_fields is not None and not {
        sender._meta.get_field(name).attname for name in update_fields
    } & set(columns):
        return
    instance._freshness_before = (
        sender._base_manager.filter(pk=instance.pk).values(*columns).first()
    )


def after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    before = instance.__dict__.pop("_freshness_before", None)
    touched = Touched()
    if sender is identifier_model():
        now = {"content_type_id": instance.content_type_id, "object_id": instance.object_id}
        for values in (before, now):
            if values and (record := identified(values)):
                touched.add(record[0], [record[1]])
        touched.save()
        return
    spec = shown(sender)
    if spec is None:  # a link: the records it joins, and those it left
        touched.add_link(instance, before)
        touched.save()
        return
    for name in spec.listed_by:
        fk = sender._meta.get_field(name)
        pk = getattr(instance, fk.attname)
        if created:
            touched.add(fk.related_model, [pk])
        elif before and before[fk.attname] != pk:
            touched.add(fk.related_model, [pk, before[fk.attname]])
    if before and any(
        prep(sender, column, before[column]) != prep(sender, column, getattr(instance, column))
        for column in (sender._meta.get_field(name).attname for name in spec.fields)
    ):
        touched.add_showing(sender, [instance.pk])
    touched.save()


def before_delete(sender, instance, **kwargs) -> None:
    """A record about to go: those showing it or listing it move (its links still exist)."""
    spec = shown(sender)
    if spec is None:
        return
    touched = Touched()
    touched.add_showing(sender, [instance.pk])
    for name in spec.listed_by:
        fk = sender._meta.get_field(name)
        touched.add(fk.related_model, [getattr(instance, fk.attname)])
    touched.save()


def after_delete(sender, instance, **kwargs) -> None:
    """A link gone: the records it joined move."""
    if sender is identifier_model():
        values = {"content_type_id": instance.content_type_id, "object_id": instance.object_id}
        if record := identified(values):
            touched = Touched()
            touched.add(record[0], [record[1]])
            touched.save()
    elif issubclass(sender, LinkModel):
        touched = Touched()
        touched.add_link(instance)
        touched.save()


def m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Sources or topics added to or taken from a record (or a link).

    Handled before the change (pre_*), so that the history row simple_history
    writes after it already carries the record's new `updated_at`.
    """
    if action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    if action != "pre_clear" and not pk_set:
        return
    holder = model if reverse else type(instance)
    if not tracked(holder):
        return
    m2m = next(f for f in holder._meta.many_to_many if f.remote_field.through is sender)
    touched = Touched()
    if reverse:
        holders = pk_set
        if holders is None:
            holders = sender._base_manager.filter(
                **{m2m.m2m_reverse_field_name(): instance.pk}
            ).values(m2m.m2m_field_name())
        touched.add(holder, holders)
        others = [instance.pk]
    else:
        if isinstance(instance, PublicModel):
            touched.add(holder, [instance.pk])
            # The history row written after the change copies the instance.
            instance.updated_at = touched.now
        else:
            touched.add_link(instance)
        others = pk_set
        if others is None:
            others = sender._base_manager.filter(**{m2m.m2m_field_name(): instance.pk}).values(
                m2m.m2m_reverse_field_name()
            )
    related = m2m.related_model
    spec = shown(holder)
    if issubclass(sender, LinkModel) or (
        spec and m2m.related_query_name() in spec.shown_in.get(related._meta.label, ())
    ):
        # A link with a model of its own (an organisation's topics) joins both
        # sides; so does a plain one the other side's page lists (a topic's programmes).
        touched.add(related, others)
    touched.save()


def connect() -> None:
    """Called once from the app's ready()."""
    models_ = [model for model in apps.get_models() if tracked(model)] + [identifier_model()]
    for model in models_:
        uid = f"cyberpeace.freshness.{model._meta.label_lower}"
        pre_save.connect(before_save, sender=model, dispatch_uid=uid)
        post_save.connect(after_save, sender=model, dispatch_uid=uid)
        if shown(model) is not None:
            pre_delete.connect(before_delete, sender=model, dispatch_uid=uid)
        else:
            post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
    m2m_changed.connect(m2m_change, dispatch_uid="cyberpeace.freshness.m2m")
