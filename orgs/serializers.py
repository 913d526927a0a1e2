from __future__ import annotations

from rest_framework import serializers

from cyberpeace.api import (
    CountryField,
    LinkedRecordSerializer,
    PartialDateField,
    SourceBriefSerializer,
    VisibleSlugField,
    cited_sources,
)
from cyberpeace.api_write import StrictModelSerializer
from cyberpeace.models import Identifier
from orgs.models import (
    Membership,
    Organisation,
    OrganisationTopic,
    Person,
    Relation,
    SocialAccount,
    Topic,
)


class IdentifierSerializer(StrictModelSerializer):
    """The record's identifier in another register (Wikidata, IATI, GFCE)."""

    class Meta:
        model = Identifier
        fields = ["scheme", "value"]
        # Checked with the record they name (RecordWriteMixin), which DRF's
        # validators, blind to the record, would get wrong.
        validators = []


class TopicSerializer(LinkedRecordSerializer):
    sources = cited_sources()

    class Meta:
        model = Topic
        fields = [
            "slug", "name", "description", "sources", "status", "review_note", "html_url",
            "api_url", "updated_at",
        ]  # fmt: skip


class OrganisationTopicSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="topic.name", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = OrganisationTopic
        fields = ["topic", "name", "local_name", "text", "sources"]


class SocialAccountSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="link", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = SocialAccount
        fields = ["platform", "handle", "url", "sources"]


class RelationSerializer(serializers.ModelSerializer):
    """A relation as the organisation's page reads it: this organisation is <kind> <other>."""

    organisation = serializers.SlugRelatedField(source="object", slug_field="slug", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Relation
        fields = ["kind", "organisation", "start", "end", "note", "sources"]


class InverseRelationSerializer(RelationSerializer):
    """A relation from the other side: <other> is <kind> this organisation."""

    organisation = serializers.SlugRelatedField(source="subject", slug_field="slug", read_only=True)


class MembershipSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Membership
        fields = ["person", "name", "role", "start", "end", "sources"]


class OrganisationSerializer(LinkedRecordSerializer):
    stakeholder_group_label = serializers.CharField(
        source="get_stakeholder_group_display", read_only=True
    )
    founded = PartialDateField()
    country = CountryField()
    parent = VisibleSlugField(Organisation, required=False, allow_null=True)
    # Links of their own kinds, read here and written elsewhere (the admin).
    topics = OrganisationTopicSerializer(source="organisation_topics", many=True, read_only=True)
    social_accounts = SocialAccountSerializer(many=True, read_only=True)
    relations = RelationSerializer(many=True, read_only=True)
    inverse_relations = InverseRelationSerializer(many=True, read_only=True)
    people = MembershipSerializer(source="memberships", many=True, read_only=True)
    identifiers = IdentifierSerializer(many=True, required=False)
    sources = cited_sources()

    class Meta:
        model = Organisation
        fields = [
            "slug", "name", "acronyms", "stakeholder_group", "stakeholder_group_label",
            "founded", "address", "city", "country", "website", "email", "summary",
            "description", "parent", "topics", "social_accounts", "identifiers", "relations",
            "inverse_relations", "people", "sources", "status", "review_note", "html_url",
            "api_url", "updated_at",
        ]  # fmt: skip


class PersonMembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    start = PartialDateField()
    end = PartialDateField()
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Membership
        fields = ["organisation", "role", "start", "end", "sources"]


class PersonSerializer(LinkedRecordSerializer):
    roles = PersonMembershipSerializer(source="memberships", many=True, read_only=True)
    sources = cited_sources()

    class Meta:
        model = Person
        fields = [
            "slug", "name", "honorific", "roles", "sources", "status", "review_note", "html_url",
            "api_url", "updated_at",
        ]  # fmt: skip
