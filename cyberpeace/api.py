"""What every resource of the partner API shares: pages, dates, sources, visibility.

Each resource has one serializer for reading and writing: related records are
read and written by slug, sources read as {slug, title, publisher, published,
url} and written as slugs; writes follow cyberpeace.api_write.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.reverse import reverse

from cyberpeace.api_write import (
    Conflict,
    RecordWriteMixin,
    RecordWriteViewSetMixin,
    StrictModelSerializer,
)
from cyberpeace.conditional import ConditionalMixin
from cyberpeace.export import Exports
from cyberpeace.filtersets import SourceFilterSet
from cyberpeace.models import Source
from cyberpeace.partialdate import PartialDate
from cyberpeace.prefetched import PrefetchedManyMixin, PrefetchedManyRelatedField


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
        "nullable": True,
        "description": "YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source; "
        "null (or empty, on writing) where it is not known.",
    }
)
class PartialDateField(serializers.Field):
    """A date as precise as its source: "2009", "2017-05", "2017-11-29"."""

    default_error_messages = {
        "type": "Give a date as text: “2009”, “2017-05” or “2017-11-29”.",
        "invalid": "{reason}",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str | None:
        return None if value is None else str(value)

    def to_internal_value(self, data) -> PartialDate | None:
        if not isinstance(data, str):
            self.fail("type")
        if not data.strip():
            return None
        try:
            return PartialDate.parse(data)
        except ValueError as error:
            self.fail("invalid", reason=str(error))


@extend_schema_field(OpenApiTypes.STR)
class CountryField(serializers.Field):
    """An ISO 3166-1 alpha-2 code, or "" where none is known."""

    default_error_messages = {
        "invalid": "“{value}” is not a country's ISO 3166-1 alpha-2 code (CH, TH, US…).",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return getattr(value, "code", value) or ""

    def to_internal_value(self, data) -> str:
        if data in ("", None):
            return ""
        code = countries.alpha2(data) if isinstance(data, str) and len(data) == 2 else ""
        if not code:
            self.fail("invalid", value=str(data)[:20])
        return code


class VisibleSlugField(PrefetchedManyMixin, serializers.SlugRelatedField):
    """A related record by its slug, among those the writer may see."""

    default_error_messages = {
        "does_not_exist": "No {model} you may see has the slug “{value}”.",
        "invalid": "Give the slug of a {model}, as text.",
        "nul": "No {model} has a slug with a NUL character in it.",
    }

    def __init__(self, model, **kwargs) -> None:
        self.model = model
        kwargs.setdefault("slug_field", "slug")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model._default_manager.visible_to(getattr(request, "user", None))

    def to_internal_value(self, data):
        name = self.model._meta.verbose_name
        if not isinstance(data, str):
            self.fail("invalid", model=name)
        if "\x00" in data:  # PostgreSQL refuses it in any text it is sent
            self.fail("nul", model=name)
        try:
            return self.get_queryset().get(slug=data.lower())
        except self.model.DoesNotExist:
            self.fail("does_not_exist", model=name, value=data[:120])


class SourceBriefSerializer(serializers.ModelSerializer):
    """A source as records cite it."""

    published = PartialDateField()

    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "published", "url"]


class CitedField(VisibleSlugField):
    """A source a record cites: read as the source in brief, written as its slug
    (or as the brief itself, so that what was read may be sent back)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Source, **kwargs)

    @cached_property
    def brief(self) -> SourceBriefSerializer:
        # One serializer for every source the field shows: building one per
        # source rebuilt its fields each time, most of a list's work.
        return SourceBriefSerializer(context=self.context)

    def to_representation(self, value) -> dict:
        return self.brief.to_representation(value)

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            data = data["slug"]
        return super().to_internal_value(data)


class CitedSources(PrefetchedManyRelatedField):
    """The sources a record or link cites: a list of one or more, as the admin requires."""

    default_error_messages = {
        "not_a_list": "Give a list of source slugs, not {input_type}.",
        "empty": "Cite at least one source: every record and link says where it comes from.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


def cited_sources(**kwargs) -> serializers.ManyRelatedField:
    """Required on a new record or link (PATCH may leave them out), never empty."""
    return CitedSources(child_relation=CitedField(), allow_empty=False, **kwargs)


class CitedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = CitedField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.STR)
        return auto_schema.resolve_serializer(SourceBriefSerializer, direction).ref


class LinkedRecordSerializer(RecordWriteMixin, StrictModelSerializer):
    """A record of the directory: its own address on the site and in the API."""

    html_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    review_note = serializers.CharField(read_only=True)

    def get_html_url(self, record) -> str:
        request = self.context.get("request")
        path = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        return request.build_absolute_uri(path) if request and path else path

    def get_api_url(self, record) -> str:
        name = f"{record._meta.model_name}-detail"
        return reverse(name, kwargs={"slug": record.slug}, request=self.context.get("request"))


class SourceSerializer(LinkedRecordSerializer):
    published = PartialDateField()
    last_checked = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug", "title", "publisher", "published", "url", "kind", "last_checked",
            "status", "review_note", "html_url", "api_url", "updated_at",
        ]  # fmt: skip

    def get_html_url(self, record) -> str:
        return ""


class VisibleViewSet(Exports, ConditionalMixin, RecordWriteViewSetMixin, viewsets.ModelViewSet):
    """Records the reader may see (`visible_to`), with what each embeds (`for_detail`).

    Its list also answers ?format=csv, every matching row (`Exports`); its
    answers carry ETags and answer conditional requests (`ConditionalMixin`);
    records are written by those with the model permission, as
    cyberpeace.api_write says.
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    model = None

    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        # Reading needs no transaction, and on SQLite one would take the write
        # lock (IMMEDIATE): only writes run in one, from the If-Match check to
        # the save. DRF marks it for rollback when a write fails.
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            request.in_write_transaction = True
            return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        queryset = self.model.objects.visible_to(user)
        return queryset.for_detail(user) if hasattr(queryset, "for_detail") else queryset


class SourceViewSet(VisibleViewSet):
    """Sources: the documents, pages and websites records cite."""

    model = Source
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet

    def perform_destroy(self, instance) -> None:
        # As in the admin: deleting a cited source would leave what cites it unsourced.
        cited = Source.objects.with_citations().filter(pk=instance.pk).values("citations")
        if cited[0]["citations"]:
            raise Conflict(
                f"“{instance}” is cited by {cited[0]['citations']} records or links: "
                "cite another source there first. Nothing was deleted."
            )
        super().perform_destroy(instance)
