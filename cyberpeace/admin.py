"""What every editors' screen shares: publishing, roles, history and no lost edits."""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from cyberpeace import audit  # noqa: F401 (registers the audit log)
from cyberpeace.corrections import correction_kinds, resolve
from cyberpeace.merge import merge
from cyberpeace.models import (
    CORRECTED,
    Correction,
    CorrectionStatus,
    Identifier,
    Source,
    citing_relations,
)
from cyberpeace.publishing import Status, may_change, may_link, may_publish
from cyberpeace.review import is_editor
from cyberpeace.text import TextFormField
from cyberpeace.tokens import MAX_DAYS, issue_token

# The last fieldset of every public record's form.
PUBLISHING = ("Publishing", {"fields": ["status", "slug", "sources"]})


def cites_sources(model: type[models.Model]) -> bool:
    return any(field.name == "sources" for field in model._meta.many_to_many)


class CitedAdminMixin:
    """Sources are picked with an autocomplete, and a source's "cited by" links here.

    Also what every screen of records does the same: text as stored
    (`normalise_text`), no new version for a save that changes nothing.
    """

    formfield_overrides = {models.TextField: {"form_class": TextFormField}}

    def save_model(self, request, obj, form, change) -> None:
        if change and not form.has_changed() and not getattr(request, "reverting_to", None):
            return
        super().save_model(request, obj, form, change)

    def get_autocomplete_fields(self, request):
        fields = list(super().get_autocomplete_fields(request))
        if cites_sources(self.model) and "sources" not in fields:
            fields.append("sources")
        return fields

    def get_queryset(self, request):
        # The admin lists what the reader may see, by the site's one rule: a
        # contributor works on the published records and on their own drafts.
        queryset = super().get_queryset(request)
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if lookup == "sources__id__exact" and cites_sources(self.model):
            return True
        return super().lookup_allowed(lookup, value, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownChoiceAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownChoicesAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FormContext(forms.CharField):
    """A hidden field about the form itself, not the record: never a change."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class GuardedForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened.

    The form carries the record's `updated_at` as it was when the editor
    opened it. If the record has been saved since, the save is refused with
    a message saying who changed it and when; the editor's input stays in
    the form, which now carries the new version, so saving again after a
    look at the other change is a deliberate overwrite.
    """

    version = FormContext(required=False)
    # When the form was opened: what its inline rows showed then is read from history.
    opened = FormContext(required=False)
    # What changed since the form was opened (cyberpeace.merge), set per request.
    edit_conflict = None
    # Whether the user may publish, set per request: a status posted by anyone
    # else (the field is not on their form) is refused, not quietly ignored.
    may_publish = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Read from the database, not the instance: when reverting to an
            # old version, the instance is that version, not the current one.
            self.fields["version"].initial = self._current_version(lock=False)
            self.fields["opened"].initial = timezone.now().isoformat()

    def _current_version(self, *, lock: bool) -> str:
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        updated_at = rows.values_list("updated_at", flat=True).first()
        return updated_at.isoformat() if updated_at else ""

    def clean(self):
        cleaned_data = super().clean()
        self._check_published_sources(cleaned_data)
        posted_status = self.data.get(self.add_prefix("status"))
        current_status = self.instance.status if self.instance.pk else Status.DRAFT
        if not self.may_publish and posted_status and posted_status != current_status:
            self.add_error(
                None,
                f"Status: only an editor may make “{self.instance or 'this record'}” "
                f"{posted_status}; nothing was saved.",
            )
        if self.instance.pk is None:
            return cleaned_data
        current = self._current_version(lock=True)
        if self.data.get(self.add_prefix("version")) != current:
            self.add_error(None, self._conflict_message())
            for difference in getattr(self.edit_conflict, "choices", []):
                if difference.key in self.fields:
                    self.add_error(
                        difference.key,
                        f"Both of you changed this. It was: {difference.base}. They wrote: "
                        f"{difference.theirs}. You wrote: {difference.mine} (still below): keep "
                        "yours or take theirs, then save.",
                    )
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
        return cleaned_data

    def _check_published_sources(self, cleaned_data) -> None:
        """A published record shows its sources: at least one must be public too."""
        sources = cleaned_data.get("sources")
        status = cleaned_data.get("status", self.instance.status)
        if sources is None or status != Status.PUBLISHED:
            return
        if sources and not any(source.is_published for source in sources):
            self.add_error(
                "sources",
                "A published record needs at least one published source: publish one of "
                "these first, or cite one that is.",
            )

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
        conflict = self.edit_conflict
        if conflict is None:
            return (
                f"This {name} was changed by {who}{when} while you were editing it, so your "
                "changes have not been saved. Your input is still below: open the record in "
                "another tab to see the other change, bring yours up to date, then save again."
            )
        parts = [
            f"This {name} was changed by {who}{when} while you were editing it, so your "
            "changes have not been saved yet."
        ]
        if conflict.carried:
            fields = "; ".join(f"{d.where}: {d.base} → {d.theirs}" for d in conflict.carried)
            parts.append(f"Their changes are now in the form beside yours ({fields}).")
        parts.extend(conflict.notes)
        if conflict.choices:
            fields = "; ".join(
                f"{d.where}: it was {d.base}, they wrote {d.theirs}, you wrote {d.mine}"
                for d in conflict.choices
            )
            parts.append(f"Both of you changed {fields}: keep yours or take theirs.")
        parts.append("Save again to keep both editors' work.")
        return " ".join(parts)


class PublishingAdmin(CitedAdminMixin, SimpleHistoryAdmin):
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
                (title, {**options, "fields": [*options["fields"], "version", "opened"]}),
                *fieldsets[1:],
            ]
        if obj is not None and obj.review_note:
            # First on the page: what the submitter has to change.
            fieldsets = [("Sent back by an editor", {"fields": ["sent_back"]}), *fieldsets]
        return fieldsets

    @admin.display(description="what to change")
    def sent_back(self, obj) -> str:
        when = ""
        if obj.sent_back_at is not None:
            when = formats.date_format(timezone.localtime(obj.sent_back_at), "j F Y H:i")
        return format_html(
            '{}<div class="help">Sent back {}. An editor reviews it again once you change it.</div>',
            linebreaksbr(obj.review_note),
            f"on {when}" if when else "",
        )

    def has_publish_permission(self, request, obj=None) -> bool:
        return may_publish(request.user, self.model)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            # A change to its links is a change to the record (DESIGN.md): a new
            # version, so the next editor's form knows it is out of date.
            record = form.instance
            record._history_user = request.user
            record._change_reason = "Changed its links"
            record.save(update_fields=["updated_at"])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            record = self.get_object(request, unquote(object_id))
            if record is not None and not self.has_change_permission(request, record):
                raise PermissionDenied(
                    f"“{record}” is published: only an editor may change it or the links on "
                    "its form. Nothing was saved."
                )
            if record is not None:
                inlines = {}
                for inline in self.get_inline_instances(request, record):
                    formset = inline.get_formset(request, record)
                    if getattr(inline.model, "link_ends", None) and hasattr(formset, "fk"):
                        inlines[formset.get_default_prefix()] = (inline.model, formset.fk.name)
                request.edit_conflict = merge(record, request.POST, inlines)
                if request.edit_conflict is not None:
                    request.POST = request.edit_conflict.data
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        attributes = {
            "edit_conflict": getattr(request, "edit_conflict", None),
            "may_publish": self.has_publish_permission(request, obj),
        }
        return type(form.__name__, (form,), attributes)

    def has_change_permission(self, request, obj=None) -> bool:
        # Contributors edit their drafts; a published record changes only
        # through someone who could have published it.
        return not locks(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not locks(request, obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            readonly.append("status")
        if obj is not None and obj.review_note:
            readonly.append("sent_back")
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        if not self.has_publish_permission(request, obj):
            # Also covers reverting to an old version whose status differed.
            current = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True)
            obj.status = (current.first() if change else None) or Status.DRAFT
        if not change:
            obj.created_by = request.user
        if obj.status == Status.PUBLISHED:
            clear_review_note(obj)
        version = getattr(request, "reverting_to", None)
        if version is not None:
            obj._change_reason = reverted_to(version).capitalize()
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
            request.reverting_to = (
                current.history.select_related("history_user").filter(pk=version_id).first()
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_change(self, request, obj):
        version = getattr(request, "reverting_to", None)
        if version is None:
            return super().response_change(request, obj)
        self.message_user(request, f"“{obj}” {reverted_to(version)}.", messages.SUCCESS)
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

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
        pending = queryset.exclude(status=status)
        if status == Status.PUBLISHED and cites_sources(self.model):
            unsourced = pending.exclude(sources__status=Status.PUBLISHED)
            if unsourced.exists():
                names = ", ".join(str(obj) for obj in unsourced[:5])
                self.message_user(
                    request,
                    f"Not published, for want of a published source: {names}.",
                    messages.WARNING,
                )
            pending = pending.filter(sources__status=Status.PUBLISHED).distinct()
        for obj in pending:
            obj.status = status
            if status == Status.PUBLISHED:
                clear_review_note(obj)
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


class KnownLabelsMixin:
    """An autocomplete that labels its selected options from the rows in hand.

    The stock widget asks the database for the labels of its selected
    options: one query for every row of an inline. An inline row already holds
    the related records (see `InlineBase`), so ``known`` carries their labels.
    """

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        # A value that is no key at all ("a rumour" posted by hand) would make
        # the stock widget's label query fail: the form shows its error instead.
        value = [v for v in value if self._is_key(v)]
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.known or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for option_value in sorted(selected):
            options.append(
                self.create_option(name, option_value, self.known[option_value], True, len(options))
            )
        return [(None, options, 0)]

    def _is_key(self, value) -> bool:
        model = self.field.remote_field.model
        name = self.choices.field.to_field_name
        try:
            (model._meta.get_field(name) if name else model._meta.pk).to_python(value)
        except ValidationError:
            return False
        return True


class KnownChoiceAutocomplete(KnownLabelsMixin, AutocompleteSelect):
    pass


class KnownChoicesAutocomplete(KnownLabelsMixin, AutocompleteSelectMultiple):
    pass


class InlineBase(CitedAdminMixin):
    """An inline of linked records, in a number of queries that does not grow with its rows.

    A contributor may not change it once its parent record is published.
    """

    extra = 0
    show_change_link = False
    # Rows that must not say the same twice in one save (the database refuses
    # it, but only after the form has passed): the fields, the field to mark.
    distinct_fields: tuple[str, ...] = ()
    distinct_message = ""

    def get_queryset(self, request):
        names = self.get_autocomplete_fields(request)
        fields = [self.model._meta.get_field(name) for name in names]
        queryset = super().get_queryset(request)
        related = [field.name for field in fields if field.many_to_one]
        many = [field.name for field in fields if field.many_to_many]
        if related:
            queryset = queryset.select_related(*related)
        return queryset.prefetch_related(*many) if many else queryset

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = [name for name in self.get_autocomplete_fields(request) if name != self.fk_name]
        distinct, distinct_message = self.distinct_fields, self.distinct_message

        class KnownChoicesFormSet(formset):
            def clean(self):
                super().clean()
                seen = set()
                for form in self.forms:
                    data = getattr(form, "cleaned_data", None)
                    if not data or not distinct or data.get("DELETE"):
                        continue
                    key = tuple(str(data.get(name) or "") for name in distinct)
                    if key in seen:
                        form.add_error(distinct[-1], distinct_message)
                    seen.add(key)

            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                # The row's own link to the parent, so that its label needs no query.
                fk = getattr(self, "fk", None)
                if form.instance.pk is not None and fk is not None:
                    setattr(form.instance, fk.name, self.instance)
                for name in names:
                    field = form.fields.get(name)
                    if field is None or form.instance.pk is None:
                        continue
                    widget = getattr(field.widget, "widget", field.widget)
                    if not isinstance(widget, KnownLabelsMixin):
                        continue
                    model_field = form.instance._meta.get_field(name)
                    if model_field.many_to_many:
                        related = list(getattr(form.instance, name).all())
                    else:
                        value = getattr(form.instance, name, None)
                        related = [] if value is None else [value]
                    widget.known = {str(r.pk): field.label_from_instance(r) for r in related}
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


class IdentifierInline(InlineBase, GenericTabularInline):
    model = Identifier
    fields = ["scheme", "value"]
    distinct_fields = ("scheme",)
    distinct_message = "Another row gives this scheme already: a record has one value per scheme."
    verbose_name_plural = "identifiers in other registers (Wikidata, IATI, GFCE)"


def reverted_to(version) -> str:
    """What a revert says, in history and to the editor: which version, whose."""
    when = formats.date_format(timezone.localtime(version.history_date), "j F Y H:i")
    who = version.history_user.get_username() if version.history_user else "the seed"
    if version.history_user is None and not (version.history_change_reason or "").startswith(
        "Seed"
    ):
        who = "an unknown editor"
    return f"reverted to the version of {when} by {who}"


def clear_review_note(record: models.Model) -> None:
    """Published, a record no longer waits on its submitter."""
    record.review_note = ""
    record.sent_back_at = None


def locks(request, record: models.Model | None) -> bool:
    """Whether ``record``, and the links on its form, are out of this user's reach."""
    return not may_change(request.user, record)


class LinkAdmin(CitedAdminMixin, SimpleHistoryAdmin):
    """For the records that tie two others together (a membership, a partnership).

    Who may add, change or remove a link is `may_link`'s rule, the same as on
    the inlines of the records it joins.
    """

    list_per_page = 50
    show_full_result_count = False

    def _ends(self, obj) -> list[models.Model]:
        return [getattr(obj, name) for name in self.model.link_ends]

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = obj is None or may_link(request.user, *self._ends(obj))
        return allowed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = obj is None or may_link(request.user, *self._ends(obj))
        return allowed and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        ends = self.model.link_ends

        class LinkForm(form):
            def clean(self):
                cleaned_data = super().clean()
                chosen = [cleaned_data.get(name) for name in ends]
                if all(chosen) and not may_link(request.user, *chosen):
                    names = " nor ".join(f"“{record}”" for record in chosen)
                    subject = f"Neither {names} is" if len(chosen) > 1 else f"{names} is not"
                    self.add_error(
                        ends[0],
                        f"{subject} a draft of yours: only an editor links records that are "
                        "published or another's.",
                    )
                return cleaned_data

        return LinkForm


def _flatten(fields) -> list[str]:
    names = []
    for field in fields:
        names.extend(field if isinstance(field, list | tuple) else [field])
    return names


@admin.register(Source)
class SourceAdmin(PublishingAdmin):
    list_display = ["title", "publisher", "published", "kind", "citations", "last_checked"]
    list_filter = ["status", "kind", "publisher"]
    search_fields = ["title", "publisher", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["cited_by"]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "published", "kind"]}),
        ("Where it is", {"fields": ["url", "file", "last_checked"]}),
        ("Cited by", {"fields": ["cited_by"]}),
        ("Publishing", {"fields": ["status", "slug"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_citations()

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a cited source would leave what cites it unsourced, silently.
        if obj is not None and getattr(obj, "citations", None) is None:
            obj = self.get_queryset(request).filter(pk=obj.pk).first() or obj
        if obj is not None and getattr(obj, "citations", 0):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="cited by", ordering="citations")
    def citations(self, obj: Source) -> int:
        return obj.citations

    @admin.display(description="records and links citing it")
    def cited_by(self, obj: Source) -> str:
        if obj.pk is None:
            return "Nothing yet."
        rows = []
        for relation in citing_relations():
            model = relation.related_model
            count = getattr(obj, relation.get_accessor_name()).count()
            if count:
                opts = model._meta
                link = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                name = opts.verbose_name if count == 1 else opts.verbose_name_plural
                rows.append((f"{link}?sources__id__exact={obj.pk}", count, name))
        if not rows:
            return "Nothing cites this source."
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{} {}</a></li>', rows)
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.file_view)
        return [
            path("file/<path:name>", view, name="cyberpeace_source_file"),
            *super().get_urls(),
        ]

    def file_view(self, request, name: str):
        """A source's stored copy, for editors; never rendered in the site's origin."""
        source = None
        if "\x00" not in name:
            source = Source.objects.visible_to(request.user).filter(file=name).first()
        if source is None or not self.has_view_permission(request, source):
            raise Http404("No stored copy by that name.")
        try:
            stored = source.file.open("rb")
        except (FileNotFoundError, SuspiciousFileOperation):
            raise Http404("The stored copy is missing from the storage.") from None
        filename = PurePosixPath(name).name
        inline = filename.endswith((".txt", ".pdf", ".png", ".jpg", ".jpeg"))
        response = FileResponse(stored, as_attachment=not inline, filename=filename)
        if filename.endswith(".txt"):
            response["Content-Type"] = "text/plain; charset=utf-8"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


class IssueTokenForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        to_field_name="username",
        help_text="Who the token acts as: it may read and write what this user may.",
    )

    days = forms.IntegerField(
        label="Valid for (days)",
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text="Leave empty for a token that does not expire; revoke it here when the "
        "partner no longer needs it.",
    )

    def __init__(self, *args, issuer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A token is a sign-in: for a user who signs in with two factors (a
        # superuser, or whoever turned it on) only they may make one, here or
        # through the API's login with their code.
        with_two_factors = TOTPDevice.objects.filter(confirmed=True).values("user")
        self.fields["user"].queryset = self.fields["user"].queryset.exclude(
            (models.Q(is_superuser=True) | models.Q(pk__in=with_two_factors))
            & ~models.Q(pk=issuer.pk)
        )


# knox registers its own admin, which shows digests and keeps the new key in a
# message (stored in the session); this one shows the key once, on the page.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    """Partner tokens: editors issue and revoke them; a key is never shown again."""

    list_display = ["token_key", "user", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["token_key", "user__username"]
    fields = ["token_key", "user", "created", "expiry"]
    readonly_fields = fields
    ordering = ["-created"]
    actions = ["revoke"]

    def has_module_permission(self, request) -> bool:
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_editor(request.user)

    def has_add_permission(self, request) -> bool:
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        # Revoking is the one way to delete a token, so that it says so.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Revoke the selected tokens", permissions=["delete"])
    def revoke(self, request, queryset) -> None:
        tokens = list(queryset)
        self.log_deletions(request, tokens)
        queryset.delete()
        self.message_user(
            request, f"{len(tokens)} revoked: they no longer open the API.", messages.SUCCESS
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Issue a token, and show its key this once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IssueTokenForm(
            request.POST or None, initial={"user": request.GET.get("user")}, issuer=request.user
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Issue a token",
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            token, key = issue_token(user=form.cleaned_data["user"], days=form.cleaned_data["days"])
            self.log_addition(request, token, [{"added": {}}])
            context |= {"title": "Token issued", "token": token, "key": key}
            return TemplateResponse(request, "admin/knox/authtoken/issued.html", context)
        return TemplateResponse(request, "admin/knox/authtoken/issue.html", context)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Every correction visitors suggested, handled or not, for the kinds an editor publishes.

    The review queue shows the open ones; here nothing is lost. Visitors add
    them (cyberpeace.corrections), editors only close them, and none is deleted
    but by a superuser.
    """

    list_display = ["created_at", "kind_and_record", "what_briefly", "status", "handled_by"]
    list_filter = ["status", "language"]
    list_select_related = [*CORRECTED.values(), "handled_by"]
    search_fields = [
        "what",
        "source",
        "email",
        "note",
        "organisation__name",
        "programme__title",
        "event__title",
        "topic__name",
        "person__name",
        "source_record__title",
    ]
    fields = [
        "kind_and_record",
        "what",
        "source",
        "email",
        "language",
        "created_at",
        "status",
        "note",
        "handled_by",
        "handled_at",
    ]
    readonly_fields = [
        "kind_and_record",
        "what",
        "source",
        "email",
        "language",
        "created_at",
        "handled_by",
        "handled_at",
    ]
    date_hierarchy = "created_at"
    actions = ["accept", "dismiss"]

    def get_queryset(self, request):
        return super().get_queryset(request).about(correction_kinds(request.user))

    def has_module_permission(self, request) -> bool:
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        kinds = correction_kinds(request.user)
        return bool(kinds) if obj is None else obj.kind in kinds

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    @admin.display(description="record")
    def kind_and_record(self, correction: Correction) -> str:
        record = correction.record
        opts = record._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html(
            '{}: <a href="{}">{}</a>', opts.verbose_name.capitalize(), change, record
        )

    @admin.display(description="what is wrong")
    def what_briefly(self, correction: Correction) -> str:
        return Truncator(correction.what).chars(120)

    def save_model(self, request, obj, form, change) -> None:
        if "status" in form.changed_data:
            obj.handled_by = request.user if obj.status != CorrectionStatus.NEW else None
            obj.handled_at = timezone.now() if obj.status != CorrectionStatus.NEW else None
        super().save_model(request, obj, form, change)

    def _resolve(self, request, queryset, status: str) -> None:
        corrections = list(queryset.open())
        for correction in corrections:
            resolve(correction=correction, user=request.user, status=status)
        self.message_user(request, f"{len(corrections)} marked {status.label.lower()}.")

    @admin.action(description="Mark as done (the record is corrected)", permissions=["change"])
    def accept(self, request, queryset) -> None:
        self._resolve(request, queryset, CorrectionStatus.ACCEPTED)

    @admin.action(description="Dismiss (nothing to correct)", permissions=["change"])
    def dismiss(self, request, queryset) -> None:
        self._resolve(request, queryset, CorrectionStatus.DISMISSED)
