"""The audit log: who changed what, when, and how (the admin or the API).

Every record's own history (django-simple-history) keeps each version with
its author and time; the audit log is the admin's LogEntry, which Django's
admin writes for each of its saves and deletions, and which the API's writes
add to here, so that editors read every change of the directory in one list
(admin: *Administration › Log entries*, titled "Audit log"), newest first, by user, kind of record, action and date.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

VIA_API = "through the API"


def log_api_write(user, record: models.Model, action: int, fields=()) -> None:
    """A LogEntry for ``record``, written by ``user`` through the API."""
    if action == ADDITION:
        message = f"Added {VIA_API}."
    elif action == CHANGE:
        message = f"Changed {', '.join(sorted(fields)) or 'nothing'} {VIA_API}."
    else:
        message = f"Deleted {VIA_API}."
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[record],
        action_flag=action,
        change_message=message,
        single_object=True,
    )


class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the admin and the API, never edited."""

    list_display = ("action_time", "user", "action", "kind", "record", "message")
    list_filter = ("action_flag", "content_type", "action_time", "user")
    search_fields = ("object_repr", "change_message", "user__username")
    date_hierarchy = "action_time"
    list_select_related = ("user", "content_type")
    list_per_page = 50
    ordering = ("-action_time", "-pk")

    @admin.display(description="action", ordering="action_flag")
    def action(self, entry: LogEntry) -> str:
        return {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}.get(
            entry.action_flag, str(entry.action_flag)
        )

    @admin.display(description="kind of record", ordering="content_type")
    def kind(self, entry: LogEntry) -> str:
        return entry.content_type.name if entry.content_type else ""

    @admin.display(description="record", ordering="object_repr")
    def record(self, entry: LogEntry) -> str:
        if entry.action_flag == DELETION or entry.content_type is None:
            return entry.object_repr
        model = entry.content_type.model_class()
        if model is None:
            return entry.object_repr
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description="what changed")
    def message(self, entry: LogEntry) -> str:
        return entry.get_change_message()

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": "Audit log: every change, by whom and when", **(extra_context or {})}
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(LogEntry, AuditLogAdmin)
