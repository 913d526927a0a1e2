"""Corrections the public suggests: the form under every record, and what editors do with them.

A visitor needs no account. What they send waits in the editors' review
queue (cyberpeace.review) and never appears on the site. Two guards keep the
queue readable: a field only robots fill in (the honeypot), and at most
CORRECTIONS_PER_HOUR suggestions per client address, counted in the database
so that every server process counts the same.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cyberpeace.models import CORRECTED, Correction, CorrectionStatus
from cyberpeace.publishing import may_publish

CORRECTIONS_PER_HOUR = 5
HONEYPOT = "homepage"


def corrected_models() -> dict[str, type[models.Model]]:
    """The kinds of record a correction may be about, by the name their URL uses."""
    return {
        kind: Correction._meta.get_field(field).related_model for kind, field in CORRECTED.items()
    }


def correction_kind(record: object) -> str | None:
    """The URL's name for ``record``'s kind, or None for a record no one may correct."""
    kind = getattr(getattr(record, "_meta", None), "model_name", None)
    if kind in CORRECTED and corrected_models()[kind] is type(record):
        return kind
    return None


def correction_kinds(user) -> list[str]:
    """The kinds of record whose corrections ``user`` handles: those they may publish."""
    return [kind for kind, model in corrected_models().items() if may_publish(user, model)]


def client_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the one the nearest trusted proxy saw.

    X-Forwarded-For is trusted only as far as TRUSTED_PROXY_COUNT proxies of
    ours add to it; anything further left is whatever the client sent.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_hash(address: str) -> str:
    """The address as stored: salted with the site's secret, so it cannot be looked up."""
    return salted_hmac("cyberpeace.corrections.address", address, algorithm="sha256").hexdigest()


def throttled(hashed: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return Correction.objects.from_address(hashed, since).count() >= CORRECTIONS_PER_HOUR


def resolve(*, correction: Correction, user, status: str, note: str = "") -> None:
    """Close ``correction`` as accepted (the record was corrected) or dismissed."""
    correction.status = status
    correction.handled_by = user
    correction.handled_at = timezone.now()
    if note:
        correction.note = note
    correction.save(update_fields=["status", "handled_by", "handled_at", "note"])
    # In the audit log with every other change an editor makes.
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[correction],
        action_flag=CHANGE,
        change_message=f"Marked {CorrectionStatus(status).label.lower()}.",
        single_object=True,
    )


class CorrectionForm(forms.ModelForm):
    # Hidden from sighted visitors by CSS and skipped by the keyboard; a robot
    # filling in every field fills this one too.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Correction
        fields = ["what", "source", "email"]
        labels = {
            "what": _("What is wrong?"),
            "source": _("Source"),
            "email": _("Your e-mail address (optional)"),
        }
        help_texts = {
            "what": _("Which fact is wrong, and what it should say."),
            "source": _(
                "Where the right fact is written: a web address, or a document and its page. "
                "Editors change a record only on a source they can check."
            ),
            "email": _(
                "Only if an editor may write to you about it. It is never published nor shared."
            ),
        }
        error_messages = {
            "what": {"required": _("Say what is wrong on this page.")},
            "email": {"invalid": _("Enter an e-mail address such as name@example.org.")},
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 6}),
            "source": forms.TextInput(attrs={"autocomplete": "url"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        # The labels are questions and phrases of their own, without a colon.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@never_cache
@require_http_methods(["GET", "POST"])
def suggest_correction(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """The form under a record the reader may see; after it, a thank-you."""
    model = corrected_models().get(kind)
    if model is None:
        raise Http404("No such kind of record.")
    record = get_object_or_404(model._default_manager.visible_to(request.user), slug=slug.lower())
    sent = reverse("suggest-correction", args=[kind, record.slug]) + "?sent=1"
    status = 200
    limited = False
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if request.POST.get(HONEYPOT):
            # Answered as if stored, so the robot learns nothing.
            return HttpResponseRedirect(sent)
        hashed = address_hash(client_address(request))
        if throttled(hashed):
            status, limited = 429, True
        elif form.is_valid():
            correction = form.save(commit=False)
            correction.record = record
            correction.address_hash = hashed
            correction.language = get_language() or ""
            correction.save()
            return HttpResponseRedirect(sent)
    else:
        form = CorrectionForm()
    context = {
        "record": record,
        "kind": kind,
        "form": form,
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
        "throttled": limited,
        "record_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
    }
    return TemplateResponse(request, "corrections/suggest.html", context, status=status)
