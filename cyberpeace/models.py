"""Sources and identifiers: what every record of both apps may point to."""

from __future__ import annotations

import operator
import re
from functools import reduce

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberpeace.partialdate import PartialDateField
from cyberpeace.publishing import (
    History,
    NaturalKeyManager,
    NaturalKeyMixin,
    PublicManager,
    PublicModel,
    PublicQuerySet,
)

SOURCES_HELP = (
    "Where the facts of this record come from: type a few letters of a source's title, "
    "publisher or address. A fact no source supports does not go in."
)
SOURCE_FILE_TYPES = ["pdf", "txt", "html", "htm", "md", "doc", "docx", "odt", "png", "jpg", "jpeg"]
SOURCE_FILE_MAX_BYTES = 20 * 1024 * 1024


def source_storage():
    return storages["sources"]


def validate_file_size(file) -> None:
    if file.size > SOURCE_FILE_MAX_BYTES:
        raise ValidationError(
            f"The file is {file.size / 1024 / 1024:.1f} MB; a stored copy may be at most "
            f"{SOURCE_FILE_MAX_BYTES // 1024 // 1024} MB.",
            code="file_too_large",
        )


class SourceKind(models.TextChoices):
    WEB_PAGE = "web_page", _("Web page")
    REPORT = "report", _("Report")
    PRESS_RELEASE = "press_release", _("Press release")
    STATEMENT = "statement", _("Statement")
    PROFILE = "profile", _("Profile")
    UN_DOCUMENT = "un_document", _("UN document")
    WEBSITE = "website", _("Website")


def citing_relations():
    """Every many-to-many relation to Source: a model that gains ``sources`` is found here."""
    return [relation for relation in Source._meta.related_objects if relation.many_to_many]


class SourceQuerySet(PublicQuerySet):
    def with_citations(self):
        """Each source with ``citations``: how many records and links cite it."""
        total = models.Value(0)
        for relation in citing_relations():
            through = relation.through
            column = relation.field.m2m_reverse_field_name()
            count = (
                through.objects.filter(**{column: models.OuterRef("pk")})
                .order_by()
                .values(column)
                .annotate(n=models.Count("*"))
                .values("n")
            )
            total = total + Coalesce(models.Subquery(count), 0)
        return self.annotate(citations=total)


class Source(PublicModel):
    """A document, page or website that records cite for their facts."""

    title = models.CharField(
        max_length=300,
        help_text="The document's own title; where it has none, a plain description of it "
        "(“Actor profile of the ITU”). Never a file name.",
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published it, as the document says (“ICT4Peace Foundation”). "
        "Leave empty where the document names nobody: never guess.",
    )
    published = PartialDateField(
        null=True, blank=True, help_text="When it was published, as precisely as it says."
    )
    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Its address, starting with https:// or http://, only where the document, "
        "an official register or the organisation's own site gives one.",
    )
    file = models.FileField(
        upload_to="uploads/%Y/",
        storage=source_storage,
        max_length=200,
        blank=True,
        validators=[FileExtensionValidator(SOURCE_FILE_TYPES), validate_file_size],
        help_text="A stored copy, in case the page changes or disappears: PDF, text, HTML, "
        "Word or OpenDocument, or an image, up to 20 MB.",
    )
    kind = models.CharField(
        max_length=20,
        choices=SourceKind.choices,
        db_index=True,
        help_text="What the document is: a web page, a report, a press release, a statement, "
        "a profile, a UN document, or a whole website.",
    )
    last_checked = models.DateField(
        null=True,
        blank=True,
        help_text="The day someone last checked that the source still says what records cite "
        "it for. Empty until someone has.",
    )

    objects = PublicManager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title"], name="source_title"),
            models.Index(fields=["published"], name="source_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="source_has_url_or_file",
                violation_error_message="Give the source's address (URL) or a stored copy.",
            ),
            models.CheckConstraint(
                condition=models.Q(url="")
                | models.Q(url__istartswith="http://")
                | models.Q(url__istartswith="https://"),
                name="source_url_is_web_address",
                violation_error_message="A source's address starts with http:// or https://.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError(
                {"url": "Give the source's address, or upload a stored copy of it below."},
                code="no_url_or_file",
            )


def visible_sources(user) -> models.Prefetch:
    """A record's sources as a page shows them: those ``user`` may see."""
    return models.Prefetch("sources", queryset=Source.objects.visible_to(user))


class Cited(models.Model):
    """What every record and every link has: the sources it comes from."""

    sources = models.ManyToManyField(
        Source, related_name="cited_by_%(class)s", help_text=SOURCES_HELP
    )

    # Kept in the record's history, so a version shows what it cited.
    _history_m2m_fields = ["sources"]

    class Meta:
        abstract = True


class IdentifierScheme(models.TextChoices):
    WIKIDATA = "wikidata", "Wikidata"
    IATI = "iati", "IATI"
    GFCE = "gfce", "GFCE"
    OTHER = "other", _("Other")


WIKIDATA_ID = re.compile(r"^Q[1-9]\d*$")


class Identifier(NaturalKeyMixin, models.Model):
    """A record's identifier in another register: its Wikidata item, its IATI code."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    scheme = models.CharField(
        max_length=20,
        choices=IdentifierScheme.choices,
        help_text="The register the identifier comes from: Wikidata, IATI, GFCE; one value "
        "per register.",
    )
    value = models.CharField(
        max_length=100,
        help_text="The identifier as the register writes it, without its address: Q1129478 "
        "for Wikidata, XM-DAC-41114 for IATI.",
    )

    history = History()
    objects = NaturalKeyManager()
    natural_key_fields = ("scheme", "value")

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "scheme"],
                name="identifier_one_per_scheme",
                violation_error_message="This record already has an identifier in this scheme.",
            ),
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="identifier_names_one_record",
                violation_error_message="This identifier already names another record.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()}: {self.value}"

    def clean(self) -> None:
        self.value = self.value.strip()
        if self.scheme == IdentifierScheme.WIKIDATA and not WIKIDATA_ID.match(self.value):
            raise ValidationError(
                {"value": f"“{self.value}” is not a Wikidata item: a Q and digits, as Q1129478."}
            )
        others = Identifier.objects.exclude(pk=self.pk)
        taken = others.filter(scheme=self.scheme, value=self.value).first()
        if taken is not None:
            raise ValidationError(
                {"value": f"{self} already names {taken.record}: a value names one record."},
                code="unique",
            )
        if self.content_type_id and self.object_id:
            held = others.filter(
                content_type_id=self.content_type_id, object_id=self.object_id, scheme=self.scheme
            ).first()
            if held is not None:
                raise ValidationError(
                    {
                        "scheme": f"This record already has the {held.get_scheme_display()} "
                        f"identifier {held.value}; a record has one value per scheme."
                    },
                    code="unique",
                )


class FormerSlug(models.Model):
    """An address a record had before its slug changed: it redirects there for good."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    slug = models.SlugField(max_length=120)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="former_slug_names_one_record"
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @classmethod
    def remember(cls, record: models.Model, slug: str) -> None:
        content_type = ContentType.objects.get_for_model(record)
        cls.objects.update_or_create(
            content_type=content_type, slug=slug, defaults={"object_id": record.pk}
        )
        # A record that takes back an address it had no longer redirects from it.
        cls.objects.filter(content_type=content_type, slug=record.slug).delete()

    @classmethod
    def find(cls, model: type[models.Model], slug: str) -> int | None:
        """The id of the record of ``model`` that had ``slug``, if one had."""
        return (
            cls.objects.filter(content_type=ContentType.objects.get_for_model(model), slug=slug)
            .values_list("object_id", flat=True)
            .first()
        )


class CorrectionStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted (done)"
    DISMISSED = "dismissed", "Dismissed"


# The records a visitor may suggest a correction to, by the name their URL
# uses, and the field of Correction that points to each. One nullable key per
# model rather than a generic relation: the review queue reads every
# correction with its record in one query, and a record's deletion takes its
# corrections with it.
CORRECTED = {
    "organisation": "organisation",
    "programme": "programme",
    "event": "event",
    "topic": "topic",
    "person": "person",
    "source": "source_record",
}


def _record_key(model: str) -> models.ForeignKey:
    return models.ForeignKey(
        model, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )


class CorrectionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CorrectionStatus.NEW)

    def about(self, kinds: list[str]):
        """The corrections to records of ``kinds`` (keys of CORRECTED)."""
        condition = models.Q(pk__in=[])
        for kind in kinds:
            condition |= models.Q(**{f"{CORRECTED[kind]}__isnull": False})
        return self.filter(condition)

    def for_queue(self, kinds: list[str]):
        """The open corrections to records of ``kinds``, oldest first, each with its record."""
        fields = [CORRECTED[kind] for kind in kinds]
        return self.open().about(kinds).select_related(*fields).order_by("created_at", "pk")

    def from_address(self, address_hash: str, since):
        return self.filter(address_hash=address_hash, created_at__gte=since)


def _one_record() -> models.Q:
    """Exactly one of the record keys is set."""
    fields = CORRECTED.values()
    return reduce(
        operator.or_,
        (
            models.Q(**{f"{field}__isnull": field != chosen for field in fields})
            for chosen in fields
        ),
    )


class Correction(models.Model):
    """What a visitor says is wrong with a record, for an editor to check and act on.

    Never shown on the public pages: it waits in the editors' review queue.
    """

    organisation = _record_key("orgs.Organisation")
    programme = _record_key("initiatives.Programme")
    event = _record_key("initiatives.Event")
    topic = _record_key("orgs.Topic")
    person = _record_key("orgs.Person")
    source_record = _record_key("cyberpeace.Source")
    what = models.TextField(
        "what is wrong",
        max_length=2000,
        help_text="What the visitor says is wrong, in their words.",
    )
    source = models.CharField(
        max_length=1000,
        blank=True,
        help_text="Where the visitor says the right fact is written: an address or a reference.",
    )
    email = models.EmailField(
        "e-mail",
        blank=True,
        help_text="Given by the visitor for questions about the correction; never published.",
    )
    language = models.CharField(
        max_length=10, blank=True, help_text="The language of the page the visitor wrote from."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # A salted hash of the visitor's address, never the address itself: enough to
    # count one address's suggestions for the throttle, and nothing more.
    address_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    status = models.CharField(
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.NEW,
        db_index=True,
        help_text="New until an editor has corrected the record (accepted) or found nothing "
        "to correct (dismissed).",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who accepted or dismissed it.",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(
        blank=True, help_text="For the other editors: what was done, or why nothing was."
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=_one_record(),
                name="correction_is_about_one_record",
                violation_error_message="A correction is about exactly one record.",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction to {self.record}"

    @property
    def kind(self) -> str:
        """The kind of record it is about, as its URL names it ("organisation")."""
        return next((kind for kind, field in CORRECTED.items() if getattr(self, f"{field}_id")), "")

    @property
    def record(self) -> models.Model | None:
        return getattr(self, CORRECTED[self.kind]) if self.kind else None

    @record.setter
    def record(self, record: models.Model) -> None:
        setattr(self, CORRECTED[record._meta.model_name], record)
