"""What every public record shares: a slug, a publishing status, timestamps, history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublicQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Everything for people who may see drafts in the admin, else the published."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()


class PublicManager(models.Manager.from_queryset(PublicQuerySet)):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class PublicModel(models.Model):
    """A record the public sees once an editor publishes it."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The record's address on the site and in the API: lowercase words joined "
        "by hyphens. Changing it breaks links that others have made.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published records appear on the site and in the public API.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(inherit=True)

    objects = PublicManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # Not auto_now, which would also stamp the seed's raw loads: the seed
        # keeps the timestamps of records it leaves unchanged.
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


def publish_permission(model_name: str, verbose_name: str) -> tuple[str, str]:
    return (f"publish_{model_name}", f"Can publish or unpublish {verbose_name}")


def validate_no_loop(record: models.Model, verb: str) -> None:
    """Refuse a parent that already sits below ``record`` (or is ``record``)."""
    ancestor, seen = record.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if record.pk is not None and ancestor.pk == record.pk:
            raise ValidationError(
                {"parent": f"{record.parent} {verb} {record}: that would be a loop."}
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
