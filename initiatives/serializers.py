from __future__ import annotations

from rest_framework import serializers

from cyberpeace.api import (
    CountryField,
    LinkedRecordSerializer,
    PartialDateField,
    VisibleSlugField,
    cited_sources,
)
from cyberpeace.api_write import Nested, StrictModelSerializer
from initiatives.models import Event, EventLink, EventRole, Partnership, Programme, Speaker
from orgs.models import Organisation, Person, Topic
from orgs.serializers import IdentifierSerializer


class PartnerSerializer(StrictModelSerializer):
    """An organisation's part in a programme."""

    organisation = VisibleSlugField(Organisation)
    name = serializers.CharField(source="organisation.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    sources = cited_sources()

    class Meta:
        model = Partnership
        fields = ["organisation", "name", "role", "role_label", "start", "end", "note", "sources"]
        validators = []


class ProgrammeSerializer(LinkedRecordSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    countries = serializers.ListField(child=CountryField(), required=False)
    parent = VisibleSlugField(Programme, required=False, allow_null=True)
    follows = VisibleSlugField(Programme, required=False, allow_null=True)
    successors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    topics = VisibleSlugField(Topic, many=True, required=False)
    partners = PartnerSerializer(source="partnerships", many=True, required=False)
    identifiers = IdentifierSerializer(many=True, required=False)
    sources = cited_sources()

    class Meta:
        model = Programme
        fields = [
            "slug", "title", "acronym", "kind", "kind_label", "state", "start", "end", "scope",
            "countries", "summary", "description", "parent", "follows", "successors", "topics",
            "website", "partners", "identifiers", "sources", "status", "review_note", "html_url",
            "api_url", "updated_at",
        ]  # fmt: skip
        nested = {
            "partnerships": Nested(
                "programme", key=("organisation", "role"), other=("organisation",)
            )
        }

    def to_representation(self, programme) -> dict:
        data = super().to_representation(programme)
        # Shown by the one rule (its dates settle it where they can), stored as editors set it.
        data["state"] = programme.current_state
        return data


class HostSerializer(StrictModelSerializer):
    """An organisation's part in an event."""

    organisation = VisibleSlugField(Organisation)
    name = serializers.CharField(source="organisation.name", read_only=True)
    sources = cited_sources()

    class Meta:
        model = EventRole
        fields = ["organisation", "name", "role", "sources"]
        validators = []


class SpeakerSerializer(StrictModelSerializer):
    """A person who spoke at an event."""

    person = VisibleSlugField(Person)
    name = serializers.CharField(source="person.name", read_only=True)
    affiliation = VisibleSlugField(Organisation, required=False, allow_null=True)
    sources = cited_sources()

    class Meta:
        model = Speaker
        fields = ["person", "name", "role", "affiliation", "title", "sources"]
        validators = []


class LinkSerializer(StrictModelSerializer):
    """A page about an event: its webcast, photos, report."""

    class Meta:
        model = EventLink
        fields = ["title", "url"]
        validators = []


class EventSerializer(LinkedRecordSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    country = CountryField()
    programme = VisibleSlugField(Programme, required=False, allow_null=True)
    topics = VisibleSlugField(Topic, many=True, required=False)
    hosts = HostSerializer(source="roles", many=True, required=False)
    speakers = SpeakerSerializer(many=True, required=False)
    links = LinkSerializer(many=True, required=False)
    sources = cited_sources()

    class Meta:
        model = Event
        fields = [
            "slug", "title", "kind", "kind_label", "start", "end", "venue", "city", "country",
            "attendance", "programme", "topics", "summary", "description", "hosts", "speakers",
            "links", "sources", "status", "review_note", "html_url", "api_url", "updated_at",
        ]  # fmt: skip
        nested = {
            "roles": Nested("event", key=("organisation", "role"), other=("organisation",)),
            "speakers": Nested("event", key=("person", "role"), other=("person",)),
            "links": Nested("event", key=("url",)),
        }
