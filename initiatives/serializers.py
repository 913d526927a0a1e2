from __future__ import annotations

from rest_framework import serializers

from cyberpeace.api import (
    CountryField,
    LinkedRecordSerializer,
    PartialDateField,
    SourceBriefSerializer,
)
from initiatives.models import Event, EventLink, EventRole, Partnership, Programme, Speaker
from orgs.serializers import IdentifierSerializer


class PartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Partnership
        fields = ["organisation", "name", "role", "role_label", "start", "end", "note", "sources"]


class ProgrammeSerializer(LinkedRecordSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    countries = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    follows = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    successors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    partners = PartnerSerializer(source="partnerships", many=True)
    identifiers = IdentifierSerializer(many=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Programme
        fields = [
            "slug", "title", "acronym", "kind", "kind_label", "state", "start", "end", "scope",
            "countries", "summary", "description", "parent", "follows", "successors", "topics",
            "website", "partners", "identifiers", "sources", "html_url", "api_url", "updated_at",
        ]  # fmt: skip

    def to_representation(self, programme) -> dict:
        data = super().to_representation(programme)
        # Shown by the one rule (its dates settle it where they can), stored as editors set it.
        data["state"] = programme.current_state
        return data

    def get_countries(self, programme) -> list[str]:
        return [country.code for country in programme.countries]


class HostSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = EventRole
        fields = ["organisation", "name", "role", "sources"]


class SpeakerSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    affiliation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Speaker
        fields = ["person", "name", "role", "affiliation", "title", "sources"]


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventLink
        fields = ["title", "url"]


class EventSerializer(LinkedRecordSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    country = CountryField()
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    hosts = HostSerializer(source="roles", many=True)
    speakers = SpeakerSerializer(many=True)
    links = LinkSerializer(many=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Event
        fields = [
            "slug", "title", "kind", "kind_label", "start", "end", "venue", "city", "country",
            "attendance", "programme", "topics", "summary", "description", "hosts", "speakers",
            "links", "sources", "html_url", "api_url", "updated_at",
        ]  # fmt: skip
