"""What every record of the directory shares: natural keys, publishing, visibility, history.

Who sees what is decided here and nowhere else (DESIGN.md, "who sees what"):
anonymous visitors see published records; a user who may publish a kind of
record sees its drafts too; anyone else signed in sees the published records
and the drafts they created. A link between two records (a membership, a
partnership, a relation…) is visible only where both its ends are.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _
from simple_history import utils as history_utils
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from simple_history.signals import (
    post_create_historical_m2m_records,
    pre_create_historical_m2m_records,
)

from cyberpeace.search import SearchVectorColumn
from cyberpeace.text import TypedTextMixin


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def publish_codename(model: type[models.Model]) -> str:
    return f"publish_{model._meta.model_name}"


def may_publish(user, model: type[models.Model]) -> bool:
    """Whether ``user`` may publish records of ``model``, and so see all of its drafts."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_perm(f"{model._meta.app_label}.{publish_codename(model)}")


def may_change(user, record: models.Model | None) -> bool:
    """Whether ``user`` may change ``record``, and so its links: who may publish its
    kind of record may change any; anyone else only a draft they created."""
    if record is None or may_publish(user, type(record)):
        return True
    created_by = getattr(record, "created_by_id", None)
    return not record.is_published and created_by is not None and created_by == user.pk


def may_link(user, *ends: models.Model | None) -> bool:
    """Whether ``user`` may add, change or remove a link between ``ends``.

    The link belongs to whichever end the user may change: a contributor links
    their own draft to published records (an event they submit, hosted by a
    published organisation), but only an editor links two published records.
    """
    return any(may_change(user, end) for end in ends if end is not None)


def visibility(user, model: type[models.Model], prefix: str = "") -> models.Q | None:
    """The condition on ``model`` rows (reached through ``prefix``) that ``user`` may see.

    None when the user sees every row, so that no condition is added at all.
    """
    if may_publish(user, model):
        return None
    published = models.Q(**{f"{prefix}status": Status.PUBLISHED})
    if user is None or not user.is_authenticated:
        return published
    return published | models.Q(**{f"{prefix}created_by": user})


class NaturalKeyManager(models.Manager):
    """Finds a record by the fields its model names in ``natural_key_fields``."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


class NaturalKeyMixin(TypedTextMixin):
    """A record's natural key: its slug, or the slugs of what a link joins and its role.

    Fixtures refer to records by these keys, so they need no ids and loading
    twice finds the same rows.
    """

    natural_key_fields: tuple[str, ...] = ("slug",)

    def _get_FIELD_display(self, field):
        """``get_kind_display()`` and the like, from a table of labels made once per field.

        Django's own makes the table at each call, hashing (so translating) every
        label: a list of fifty events asked it a hundred times per page.
        """
        labels = field.__dict__.get("_labels_by_value")
        if labels is None:
            labels = field._labels_by_value = {
                make_hashable(value): label for value, label in field.flatchoices
            }
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    def natural_key(self) -> tuple:
        key = []
        for path in self.natural_key_fields:
            value = self
            for name in path.split("__"):
                value = getattr(value, name)
            key.append(value if value is None or isinstance(value, int) else str(value))
        return tuple(key)


# Words a slug may not be, because a URL made of them would shadow a route of
# the site (/events/feed/, /fr/, /api/…) or read as one.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "feed", "search", "fr", "en", "static", "media", "sitemap", "robots",
     "healthz", "favicon", "add", "new", "edit", "delete", "page"}
)  # fmt: skip


class PublicQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        condition = visibility(user, self.model)
        return self if condition is None else self.filter(condition)


class PublicManager(NaturalKeyManager.from_queryset(PublicQuerySet)):
    pass


class KeptHistoryDescriptor(HistoryDescriptor):
    """``record.history``, its manager class made once rather than at every access
    (simple_history's rebuilds it each time, a tenth of a bulk load's time)."""

    def __get__(self, instance, owner):
        manager = self.__dict__.get("manager")
        if manager is None:
            manager = self.manager = self.manager_class.from_queryset(self.queryset_class)
        return manager(self.model, instance)


class History(HistoricalRecords):
    """simple_history's, never copying the search vector (cyberpeace.search).

    A record's own history leaves it out by `excluded_fields`; but when a link
    leaves a source from the source's side (``source.cited_by_eventrole.remove(role)``),
    simple_history writes the source's history with the link's history settings.
    """

    def fields_included(self, model):
        fields = super().fields_included(model)
        return [field for field in fields if not isinstance(field, SearchVectorColumn)]

    def finalize(self, sender, **kwargs) -> None:
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            kept = KeptHistoryDescriptor(
                descriptor.model,
                manager=descriptor.manager_class,
                queryset=descriptor.queryset_class,
            )
            setattr(sender, self.manager_name, kept)

    def create_historical_record_m2ms(self, history_instance, instance) -> None:
        """simple_history's, reading each field's through model off the live record.

        Its own rebuilds the record from the history row for that, which costs a
        query for each column the history leaves out (the search vector).
        """
        for field in history_instance._history_m2m_fields:
            m2m_history_model = self.m2m_models[field]
            through_model = getattr(instance, field.name).through
            names = [f.name for f in through_model._meta.fields]
            foreign_keys = [
                f.name for f in through_model._meta.fields if isinstance(f, models.ForeignKey)
            ]
            rows = through_model.objects.filter(
                **{history_utils.get_m2m_field_name(field): instance}
            ).select_related(*foreign_keys)
            insert_rows = [
                m2m_history_model(history=history_instance, **{n: getattr(row, n) for n in names})
                for row in rows
            ]
            pre_create_historical_m2m_records.send(
                sender=m2m_history_model,
                rows=insert_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )
            created_rows = m2m_history_model.objects.bulk_create(insert_rows)
            post_create_historical_m2m_records.send(
                sender=m2m_history_model,
                created_rows=created_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )


class PublicHistory(History):
    """The history of a public record, indexed in the change feed's order.

    `cyberpeace.changes` reads each history table from a moment on, ordered by
    (history_date, history_id), one page at a time: this index hands it the
    rows in that order, so a deep page costs what the first does.
    """

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["indexes"] = [
            models.Index(
                fields=["history_date", "history_id"],
                name=f"{model._meta.model_name}_history_order",
            )
        ]
        return options


class PublicModel(NaturalKeyMixin, models.Model):
    """A record the public sees once an editor publishes it."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The record's address on the site and in the API: lowercase words joined "
        "by hyphens (international-telecommunication-union), filled in from the name on a new "
        "record. Change it only for a good reason: the old address then leads to the new one.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published records appear on the site and in the public API.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who added the record; they see it while it is a draft.",
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # An editor who sends a submitted draft back says why; the submitter reads
    # it on the record (in the admin and through the API).
    review_note = models.TextField(
        blank=True,
        editable=False,
        help_text="Why an editor sent this draft back to its submitter, for them to act on.",
    )
    sent_back_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Every public record is searched (cyberpeace.search): its document, kept by
    # the database, derived from its own fields, so not part of its history.
    search_vector = SearchVectorColumn()

    # Changes of the many-to-many fields named in a model's _history_m2m_fields
    # (its sources, its topics) are kept in its history too.
    history = PublicHistory(inherit=True, excluded_fields=["search_vector"])

    objects = PublicManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.slug = self.slug.lower()
        # Not auto_now, which would also stamp the seed's raw loads: the seed
        # keeps the timestamps of records it leaves unchanged.
        self.updated_at = timezone.now()
        written = {"updated_at"}
        if self.status == Status.PUBLISHED and (self.review_note or self.sent_back_at):
            # Published, a record no longer waits on its submitter, however it was published.
            self.review_note, self.sent_back_at = "", None
            written |= {"review_note", "sent_back_at"}
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *written}
        former = None
        if self.pk is not None:
            former = type(self)._default_manager.filter(pk=self.pk).values_list("slug", flat=True)
            former = former.first()
        super().save(*args, **kwargs)
        if former and former != self.slug:
            # The old address answers for good, with a redirect to the new one.
            apps.get_model("cyberpeace", "FormerSlug").remember(self, former)

    def clean_fields(self, exclude=None) -> None:
        self.slug = (self.slug or "").lower()
        super().clean_fields(exclude)

    def validate_unique(self, exclude=None) -> None:
        errors = {}
        if not exclude or "slug" not in exclude:
            try:
                self.validate_slug()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        try:
            super().validate_unique(exclude={*(exclude or ()), *errors})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_slug(self) -> None:
        """A slug is lower case, one of a kind whatever the case, and not a route's word."""
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is a word the site's addresses use: choose another."},
                code="reserved",
            )
        taken = (
            type(self)._default_manager.filter(slug__iexact=self.slug).exclude(pk=self.pk).first()
        )
        if taken is not None:
            raise ValidationError(
                {"slug": f"“{self.slug}” is already the address of “{taken}”: choose another."},
                code="unique",
            )

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class LinkQuerySet(models.QuerySet):
    """Links between records, shown only where the reader may see both ends."""

    def visible_to(self, user):
        queryset = self
        for name in self.model.link_ends:
            related = self.model._meta.get_field(name).related_model
            condition = visibility(user, related, prefix=f"{name}__")
            if condition is not None:
                queryset = queryset.filter(condition)
        return queryset


class LinkManager(NaturalKeyManager.from_queryset(LinkQuerySet)):
    pass


class LinkModel(NaturalKeyMixin, models.Model):
    """A record that ties two others together (a membership, a partnership, a relation)."""

    link_ends: tuple[str, ...] = ()

    history = History(inherit=True)
    objects = LinkManager()

    class Meta:
        abstract = True


def visible(user, model: type[models.Model]):
    """A queryset of the ``model`` rows ``user`` may see: for Prefetch() of related records."""
    return model._default_manager.all().visible_to(user)


def validate_no_loop(record: models.Model, field: str, verb: str) -> None:
    """Refuse a ``field`` (parent, follows) that already leads back to ``record``."""
    ancestor, seen = getattr(record, field), set()
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.pk is not None and ancestor.pk == record.pk:
            raise ValidationError(
                {field: f"{getattr(record, field)} {verb} {record}: that would be a loop."}
            )
        seen.add(ancestor.pk)
        ancestor = getattr(ancestor, field)
