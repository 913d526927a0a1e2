"""The editors' review queue: the drafts contributors and partners submit, oldest first.

A draft is *submitted* when whoever created it may not publish it: it waits
here for an editor, who publishes it or sends it back with a reason. A draft
sent back and not changed since is listed apart, so editors see what waits
on them and what waits on its submitter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cyberpeace.corrections import correction_kinds, resolve
from cyberpeace.models import Correction, CorrectionStatus
from cyberpeace.publishing import PublicModel, Status, may_publish, publish_codename
from cyberpeace.roles import directory_models


def public_models() -> list[type[PublicModel]]:
    return [model for model in directory_models() if issubclass(model, PublicModel)]


def reviewable_models(user) -> list[type[PublicModel]]:
    """The kinds of record ``user`` may publish, and so review."""
    return [model for model in public_models() if may_publish(user, model)]


def is_editor(user) -> bool:
    """Whether ``user`` publishes some kind of record: an editor, or a superuser."""
    return bool(reviewable_models(user))


def publishers(model: type[models.Model]) -> models.QuerySet:
    """The users who may publish ``model``: may_publish()'s rule, as one query.

    The queue cannot ask has_perm() of every submitter and still run in a
    fixed number of queries; this is what Django's ModelBackend answers.
    """
    granted = Permission.objects.filter(
        content_type__app_label=model._meta.app_label, codename=publish_codename(model)
    )
    return get_user_model().objects.filter(
        models.Q(is_superuser=True)
        | models.Q(user_permissions__in=granted)
        | models.Q(groups__permissions__in=granted),
        is_active=True,
    )


def submitted(model: type[PublicModel]) -> models.QuerySet:
    """``model``'s drafts created by someone who may not publish them."""
    return (
        model._default_manager.filter(status=Status.DRAFT, created_by__isnull=False)
        .exclude(created_by__in=publishers(model).values("pk"))
        .order_by()
    )


@dataclass(frozen=True)
class Submission:
    model: type[PublicModel]
    pk: int
    title: str
    submitter: str
    created_at: datetime
    updated_at: datetime
    sent_back_at: datetime | None
    review_note: str

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}:{self.pk}"

    @property
    def html_id(self) -> str:
        return f"{self.model._meta.app_label}-{self.model._meta.model_name}-{self.pk}"

    @property
    def kind(self) -> str:
        return self.model._meta.verbose_name

    @property
    def change_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])

    @property
    def waits_on_submitter(self) -> bool:
        """Sent back, and not changed since."""
        return self.sent_back_at is not None and self.updated_at <= self.sent_back_at


# What the queue reads of each record, in the order of Submission's fields.
COLUMNS = (
    "queue_kind", "pk", "queue_title", "queue_submitter", "created_at", "updated_at",
    "sent_back_at", "review_note",
)  # fmt: skip


def queue(user) -> list[Submission]:
    """Every draft submitted of the kinds ``user`` reviews, oldest first, in one query."""
    kinds = {model._meta.label_lower: model for model in reviewable_models(user)}
    # Prefixed, so as not to clash with a model's own kind or title.
    parts = [
        submitted(model)
        .annotate(
            queue_kind=models.Value(label, output_field=models.CharField()),
            queue_title=models.F(_title_field(model)),
            queue_submitter=models.F("created_by__username"),
        )
        .values_list(*COLUMNS)
        for label, model in kinds.items()
    ]
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True).order_by("created_at", "queue_kind", "pk")
    return [Submission(kinds[kind], *fields) for kind, *fields in rows]


def _title_field(model: type[models.Model]) -> str:
    names = {field.name for field in model._meta.concrete_fields}
    return "name" if "name" in names else "title"


def send_back(*, record: PublicModel, user, reason: str) -> None:
    """Return a draft to its submitter with ``reason``, in its history as ``user``'s."""
    record.review_note = reason
    record._history_user = user
    record._change_reason = f"Sent back: {reason}"
    record.save()
    # save() stamps updated_at; the record counts as unchanged since it was
    # sent back while updated_at <= sent_back_at, so both take the same time.
    record.sent_back_at = record.updated_at
    type(record)._default_manager.filter(pk=record.pk).update(sent_back_at=record.sent_back_at)
    newest = record.history.values("pk")[:1]
    record.history.filter(pk__in=newest).update(sent_back_at=record.sent_back_at)


class SendBackForm(forms.Form):
    record = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        max_length=2000,
        error_messages={
            "required": "Say why it goes back: the submitter reads this to know what to change."
        },
        help_text="What the submitter should change before an editor publishes it.",
    )


@require_http_methods(["GET", "POST"])
def review_queue(request):
    """The queue, and what an editor does to one of its records (POST)."""
    models_by_label = {model._meta.label_lower: model for model in reviewable_models(request.user)}
    if not models_by_label:
        raise PermissionDenied("Only editors review submitted drafts.")
    kinds = correction_kinds(request.user)
    failed: SendBackForm | None = None
    if request.method == "POST" and request.POST.get("action") in CORRECTION_ACTIONS:
        return _resolve_correction(request, kinds)
    if request.method == "POST":
        record = _posted_record(request, models_by_label)
        if record is None:
            messages.warning(request, "That record is no longer a draft to review.")
            return HttpResponseRedirect(request.path)
        if request.POST.get("action") == "publish":
            model_admin = admin.site.get_model_admin(type(record))
            model_admin.publish(request, type(record)._default_manager.filter(pk=record.pk))
            return HttpResponseRedirect(request.path)
        if request.POST.get("action") == "send_back":
            form = SendBackForm(request.POST, auto_id=_auto_id(record))
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                send_back(record=record, user=request.user, reason=reason)
                admin.site.get_model_admin(type(record)).log_change(
                    request, record, f"Sent back: {reason}"
                )
                messages.success(request, f"“{record}” went back to its submitter.")
                return HttpResponseRedirect(request.path)
            failed = form
        else:
            raise PermissionDenied("Publish or send back: nothing else is done here.")
    submissions = queue(request.user)
    context = {
        **admin.site.each_context(request),
        "title": "Review queue",
        "waiting": [_row(s, failed) for s in submissions if not s.waits_on_submitter],
        "sent_back": [_row(s, failed) for s in submissions if s.waits_on_submitter],
        "corrections": [_correction_row(c) for c in Correction.objects.for_queue(kinds)],
        "now": timezone.now(),
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


def _row(submission: Submission, failed: SendBackForm | None) -> dict:
    if failed is not None and failed.data.get("record") == submission.key:
        form = failed
    else:
        form = SendBackForm(initial={"record": submission.key}, auto_id=_auto_id(submission))
    return {"submission": submission, "form": form}


def _auto_id(submission: Submission | PublicModel) -> str:
    opts = submission.model._meta if isinstance(submission, Submission) else submission._meta
    return f"id_%s_{opts.app_label}_{opts.model_name}_{submission.pk}"


def _posted_record(request, models_by_label: dict) -> PublicModel | None:
    label, _, pk = request.POST.get("record", "").partition(":")
    model = models_by_label.get(label)
    if model is None or not pk.isdigit():
        raise Http404("No record of a kind you review by that name.")
    return model._default_manager.filter(pk=pk, status=Status.DRAFT).first()


# What an editor does to a correction a visitor suggested: the record was
# corrected (accept), or there was nothing to correct (dismiss).
CORRECTION_ACTIONS = {"accept": CorrectionStatus.ACCEPTED, "dismiss": CorrectionStatus.DISMISSED}


def _correction_row(correction: Correction) -> dict:
    record = correction.record
    opts = record._meta
    return {
        "correction": correction,
        "record": record,
        "kind": opts.verbose_name,
        "html_id": f"correction-{correction.pk}",
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
        "public_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
        "source_is_link": correction.source.startswith(("https://", "http://")),
        "admin_url": reverse("admin:cyberpeace_correction_change", args=[correction.pk]),
    }


def _resolve_correction(request, kinds: list[str]) -> HttpResponseRedirect:
    pk = request.POST.get("correction", "")
    correction = Correction.objects.filter(pk=pk).first() if pk.isdigit() else None
    if correction is None:
        raise Http404("No correction by that number.")
    if correction.kind not in kinds:
        raise PermissionDenied("Only who may publish a record handles the corrections to it.")
    if correction.status != CorrectionStatus.NEW:
        messages.warning(request, "That correction was already handled.")
        return HttpResponseRedirect(request.path)
    status = CORRECTION_ACTIONS[request.POST["action"]]
    note = request.POST.get("note", "").strip()[:2000]
    resolve(correction=correction, user=request.user, status=status, note=note)
    messages.success(
        request, f"The correction to “{correction.record}” is marked {status.label.lower()}."
    )
    return HttpResponseRedirect(request.path)
