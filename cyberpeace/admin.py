"""What every editors' screen shares: publishing, roles, history and no lost edits."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import formats, timezone
from simple_history.admin import SimpleHistoryAdmin

from cyberpeace.publishing import Status


class GuardedForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened.

    The form carries the record's `updated_at` as it was when the editor
    opened it. If the record has been saved since, the save is refused with
    a message saying who changed it and when; the editor's input stays in
    the form, which now carries the new version, so saving again after a
    look at the other change is a deliberate overwrite.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Read from the database, not the instance: when reverting to an
            # old version, the instance is that version, not the current one.
            self.fields["version"].initial = self._current_version(lock=False)

    def _current_version(self, *, lock: bool) -> str:
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        updated_at = rows.values_list("updated_at", flat=True).first()
        return updated_at.isoformat() if updated_at else ""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        current = self._current_version(lock=True)
        if self.data.get(self.add_prefix("version")) != current:
            self.add_error(None, self._conflict_message())
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
        return cleaned_data

    def _conflict_message(self) -> str:
        latest = self.instance.history.select_related("history_user").first()
        who = "another editor"
        when = ""
        if latest is not None:
            if latest.history_user is not None:
                who = latest.history_user.get_username()
            local = timezone.localtime(latest.history_date)
            when = " on " + formats.date_format(local, "j F Y \\a\\t H:i:s T")
        name = self.instance._meta.verbose_name
        return (
            f"This {name} was changed by {who}{when} while you were editing it, so your "
            "changes have not been saved. Your input is still below: open the record in "
            "another tab to see the other change, bring yours up to date, then save again."
        )


class PublishingAdmin(SimpleHistoryAdmin):
    """For public models: drafts and publishing, contributor limits, history."""

    form = GuardedForm
    actions = ["publish", "unpublish"]
    list_per_page = 50
    show_full_result_count = False
    save_on_top = True

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "for_admin"):
            queryset = queryset.for_admin()
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if "version" not in names:
            title, options = fieldsets[0]
            fieldsets = [
                (title, {**options, "fields": [*options["fields"], "version"]}),
                *fieldsets[1:],
            ]
        return fieldsets

    def has_publish_permission(self, request, obj=None) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_change_permission(self, request, obj=None) -> bool:
        # Contributors edit drafts; a published record changes only through
        # someone who could have published it.
        return not locks(request, obj) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            readonly.append("status")
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        if not self.has_publish_permission(request, obj):
            # Also covers reverting to an old version whose status differed.
            current = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True)
            obj.status = (current.first() if change else None) or Status.DRAFT
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.action(description="Publish the selected records", permissions=["publish"])
    def publish(self, request, queryset) -> None:
        self._set_status(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Unpublish the selected records", permissions=["publish"])
    def unpublish(self, request, queryset) -> None:
        self._set_status(request, queryset, Status.DRAFT, "unpublished")

    def _set_status(self, request, queryset, status: str, verb: str) -> None:
        # Saved one by one rather than with update(), so that each change is
        # in the record's history with the editor's name.
        changed = 0
        for obj in queryset.exclude(status=status):
            obj.status = status
            obj._history_user = request.user
            obj._change_reason = verb.capitalize()
            obj.save()
            self.log_change(request, obj, [{"changed": {"fields": ["status"]}}])
            changed += 1
        self.message_user(
            request,
            f"{changed} {verb}, {queryset.count() - changed} already {verb}.",
            messages.SUCCESS,
        )


class KnownChoiceAutocomplete(AutocompleteSelect):
    """An autocomplete that labels its selected option from the row in hand.

    The stock widget asks the database for the label of its selected option:
    one query for every row of an inline. An inline row already holds the
    related record (see `InlineBase`), so ``known`` carries its label.
    """

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.known or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for option_value in sorted(selected):
            options.append(
                self.create_option(
                    name, option_value, self.known[option_value], selected, len(options)
                )
            )
        return [(None, options, 0)]


class InlineBase:
    """An inline of linked records, in a number of queries that does not grow with its rows.

    A contributor may not change it once its parent record is published.
    """

    extra = 0
    show_change_link = False

    def get_queryset(self, request):
        related = [
            name
            for name in self.autocomplete_fields
            if self.model._meta.get_field(name).many_to_one
        ]
        queryset = super().get_queryset(request)
        return queryset.select_related(*related) if related else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = KnownChoiceAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = [name for name in self.autocomplete_fields if name != self.fk_name]

        class KnownChoicesFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                # The row's own link to the parent, so that its label needs no query.
                if form.instance.pk is not None:
                    setattr(form.instance, self.fk.name, self.instance)
                for name in names:
                    field = form.fields.get(name)
                    related = getattr(form.instance, name, None) if form.instance.pk else None
                    if field is None or related is None:
                        continue
                    widget = getattr(field.widget, "widget", field.widget)
                    if isinstance(widget, KnownChoiceAutocomplete):
                        widget.known = {str(related.pk): field.label_from_instance(related)}
                return form

        return KnownChoicesFormSet

    def has_add_permission(self, request, obj=None) -> bool:
        return not locks(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not locks(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not locks(request, obj) and super().has_delete_permission(request, obj)


class TabularInline(InlineBase, admin.TabularInline):
    pass


class StackedInline(InlineBase, admin.StackedInline):
    pass


def locks(request, record: models.Model | None) -> bool:
    """Whether a published ``record`` is out of this user's reach (contributors)."""
    if record is None or getattr(record, "status", None) != Status.PUBLISHED:
        return False
    opts = record._meta
    return not request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


class LinkAdmin(SimpleHistoryAdmin):
    """For the records that tie two others together (a membership, a partnership).

    A link shows on the pages of the records it joins, so a contributor may
    not add, change or remove one that touches a published record.
    """

    parent_fields: tuple[str, ...] = ()
    list_per_page = 50
    show_full_result_count = False

    def _locked(self, request, obj) -> bool:
        return obj is not None and any(
            locks(request, getattr(obj, name)) for name in self.parent_fields
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        parent_fields = self.parent_fields

        class LinkForm(form):
            def clean(self):
                cleaned_data = super().clean()
                for name in parent_fields:
                    parent = cleaned_data.get(name)
                    if locks(request, parent):
                        self.add_error(
                            name,
                            f"“{parent}” is published: only an editor who may publish it "
                            "can change what is linked to it.",
                        )
                return cleaned_data

        return LinkForm


def _flatten(fields) -> list[str]:
    names = []
    for field in fields:
        names.extend(field if isinstance(field, list | tuple) else [field])
    return names
