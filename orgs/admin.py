from __future__ import annotations

from django.contrib import admin

from cyberpeace.admin import (
    PUBLISHING,
    IdentifierInline,
    LinkAdmin,
    PublishingAdmin,
    StackedInline,
    TabularInline,
)
from cyberpeace.filters_admin import CountryInUseFilter
from orgs.models import (
    Membership,
    Organisation,
    OrganisationTopic,
    Person,
    Relation,
    SocialAccount,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(PublishingAdmin):
    list_display = ["name", "slug", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "status", "sources"]


class OrganisationTopicInline(StackedInline):
    model = OrganisationTopic
    autocomplete_fields = ["topic"]
    fields = [("topic", "local_name"), "text", "sources"]
    verbose_name = "topic"
    verbose_name_plural = "topics, with what the organisation does on each"


class SocialAccountInline(TabularInline):
    model = SocialAccount
    fields = ["platform", "handle", "url", "sources"]


class MembershipInline(TabularInline):
    model = Membership
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "role", "start", "end", "sources"]
    verbose_name_plural = "people and their roles"


class RelationInline(TabularInline):
    model = Relation
    fk_name = "subject"
    autocomplete_fields = ["object"]
    fields = ["kind", "object", "start", "end", "note", "sources"]
    distinct_fields = ("kind", "start", "object")
    distinct_message = "Another row gives this relation from this start already."
    verbose_name = "relation to another organisation"
    verbose_name_plural = "relations to other organisations: member of, partner of, supported by…"


class InverseRelationInline(TabularInline):
    model = Relation
    fk_name = "object"
    autocomplete_fields = ["subject"]
    fields = ["subject", "kind", "start", "end", "note", "sources"]
    distinct_fields = ("kind", "start", "subject")
    distinct_message = "Another row gives this relation from this start already."
    verbose_name = "relation from another organisation"
    verbose_name_plural = "relations from other organisations: its members, partners, supporters…"


@admin.register(Organisation)
class OrganisationAdmin(PublishingAdmin):
    list_display = ["name", "acronym", "stakeholder_group", "country", "parent", "status"]
    list_filter = ["status", "stakeholder_group", ("country", CountryInUseFilter), "topics"]
    search_fields = ["name", "acronyms", "slug", "city"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [
        OrganisationTopicInline,
        SocialAccountInline,
        MembershipInline,
        RelationInline,
        InverseRelationInline,
        IdentifierInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "acronyms", "stakeholder_group", "parent", "founded"]}),
        ("Contact", {"fields": ["website", "email", "address", ("city", "country")]}),
        ("Text", {"fields": ["summary", "description"]}),
        PUBLISHING,
    ]

    @admin.display(description="acronym")
    def acronym(self, obj: Organisation) -> str:
        return ", ".join(obj.acronyms)


@admin.register(Person)
class PersonAdmin(PublishingAdmin):
    list_display = ["name", "honorific", "slug", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "honorific"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    fieldsets = [(None, {"fields": ["honorific", "name"]}), PUBLISHING]


@admin.register(OrganisationTopic)
class OrganisationTopicAdmin(LinkAdmin):
    list_display = ["organisation", "topic", "local_name"]
    list_filter = ["topic"]
    list_select_related = ["organisation", "topic"]
    search_fields = ["organisation__name", "topic__name", "local_name", "text"]
    autocomplete_fields = ["organisation", "topic"]


@admin.register(SocialAccount)
class SocialAccountAdmin(LinkAdmin):
    list_display = ["organisation", "platform", "handle", "url"]
    list_filter = ["platform"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "handle", "url"]
    autocomplete_fields = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(LinkAdmin):
    list_display = ["person", "role", "organisation", "start", "end"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__name", "organisation__name", "role"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Relation)
class RelationAdmin(LinkAdmin):
    list_display = ["subject", "kind", "object", "start", "end"]
    list_filter = ["kind"]
    list_select_related = ["subject", "object"]
    search_fields = ["subject__name", "subject__acronyms", "object__name", "object__acronyms"]
    autocomplete_fields = ["subject", "object"]
