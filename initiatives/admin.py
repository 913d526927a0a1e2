from __future__ import annotations

from django.contrib import admin

from cyberpeace.admin import PUBLISHING, IdentifierInline, LinkAdmin, PublishingAdmin, TabularInline
from cyberpeace.filters_admin import CountryInUseFilter
from initiatives.models import Event, EventLink, EventRole, Partnership, Programme, Speaker


class PartnershipInline(TabularInline):
    model = Partnership
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "start", "end", "note", "sources"]
    verbose_name_plural = "partners, with their roles"


@admin.register(Programme)
class ProgrammeAdmin(PublishingAdmin):
    list_display = ["title", "acronym", "kind", "state", "start", "end", "parent", "status"]
    list_filter = ["status", "kind", "state", "scope", "topics"]
    search_fields = ["title", "acronym", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "follows", "topics"]
    inlines = [PartnershipInline, IdentifierInline]
    fieldsets = [
        (None, {"fields": ["title", "acronym", ("kind", "state"), ("start", "end")]}),
        ("Lineage", {"fields": ["parent", "follows"]}),
        ("Where", {"fields": ["scope", "countries"]}),
        ("Text", {"fields": ["summary", "description", "topics", "website"]}),
        PUBLISHING,
    ]


class EventRoleInline(TabularInline):
    model = EventRole
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "sources"]
    verbose_name_plural = "hosts, organisers and partners"


class SpeakerInline(TabularInline):
    model = Speaker
    autocomplete_fields = ["person", "affiliation"]
    fields = ["person", "role", "affiliation", "title", "sources"]


class EventLinkInline(TabularInline):
    model = EventLink
    fields = ["title", "url"]
    verbose_name_plural = "links: webcast, photos, report"


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    list_display = ["title", "kind", "start", "end", "city", "country", "programme", "status"]
    list_filter = ["status", "kind", "attendance", ("country", CountryInUseFilter), "topics"]
    search_fields = ["title", "slug", "city", "venue"]
    list_select_related = ["programme"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["programme", "topics"]
    inlines = [EventRoleInline, SpeakerInline, EventLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", ("start", "end"), "programme"]}),
        ("Place", {"fields": ["attendance", "venue", ("city", "country")]}),
        ("Text", {"fields": ["summary", "description", "topics"]}),
        PUBLISHING,
    ]


@admin.register(Partnership)
class PartnershipAdmin(LinkAdmin):
    list_display = ["programme", "organisation", "role", "start", "end"]
    list_filter = ["role"]
    list_select_related = ["programme", "organisation"]
    search_fields = ["programme__title", "programme__acronym", "organisation__name"]
    autocomplete_fields = ["programme", "organisation"]


@admin.register(EventRole)
class EventRoleAdmin(LinkAdmin):
    list_display = ["event", "organisation", "role"]
    list_filter = ["role"]
    list_select_related = ["event", "organisation"]
    search_fields = ["event__title", "organisation__name"]
    autocomplete_fields = ["event", "organisation"]


@admin.register(Speaker)
class SpeakerAdmin(LinkAdmin):
    list_display = ["person", "role", "event", "affiliation", "title"]
    list_filter = ["role"]
    list_select_related = ["person", "event", "affiliation"]
    search_fields = ["person__name", "event__title", "title"]
    autocomplete_fields = ["event", "person", "affiliation"]


@admin.register(EventLink)
class EventLinkAdmin(LinkAdmin):
    list_display = ["title", "event", "url"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title", "url"]
    autocomplete_fields = ["event"]
