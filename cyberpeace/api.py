"""What every resource of the partner API shares: pages, dates, sources, visibility."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.reverse import reverse

from cyberpeace.conditional import ConditionalMixin
from cyberpeace.models import Source


@extend_schema_field({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "nullable": True})
class PartialDateField(serializers.Field):
    """A date as precise as its source: "2009", "2017-05", "2017-11-29"."""

    def to_representation(self, value) -> str | None:
        return None if value is None else str(value)

    def to_internal_value(self, data):
        return data


@extend_schema_field(OpenApiTypes.STR)
class CountryField(serializers.Field):
    """An ISO 3166-1 alpha-2 code, or "" where none is known."""

    def to_representation(self, value) -> str:
        return getattr(value, "code", value) or ""

    def to_internal_value(self, data):
        return data


class SourceBriefSerializer(serializers.ModelSerializer):
    """A source as records cite it."""

    published = PartialDateField()

    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "published", "url"]


class LinkedRecordSerializer(serializers.ModelSerializer):
    """A record of the directory: its own address on the site and in the API."""

    html_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_html_url(self, record) -> str:
        request = self.context.get("request")
        path = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        return request.build_absolute_uri(path) if request and path else path

    def get_api_url(self, record) -> str:
        name = f"{record._meta.model_name}-detail"
        return reverse(name, kwargs={"slug": record.slug}, request=self.context.get("request"))


class SourceSerializer(LinkedRecordSerializer):
    published = PartialDateField()
    last_checked = serializers.DateField()

    class Meta:
        model = Source
        fields = [
            "slug", "title", "publisher", "published", "url", "kind", "last_checked",
            "html_url", "api_url", "updated_at",
        ]  # fmt: skip

    def get_html_url(self, record) -> str:
        return ""


class VisibleViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """Records the reader may see (`visible_to`), with what each embeds (`for_detail`)."""

    lookup_field = "slug"
    model = None

    def get_queryset(self):
        user = self.request.user
        queryset = self.model.objects.visible_to(user)
        return queryset.for_detail(user) if hasattr(queryset, "for_detail") else queryset


class SourceViewSet(VisibleViewSet):
    """Sources: the documents, pages and websites records cite."""

    model = Source
    serializer_class = SourceSerializer
