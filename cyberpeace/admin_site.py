"""The editors' admin site: sign-in with an optional second factor, required of superusers.

Passwords are checked by Django (its validators when set), failed sign-ins are
counted by django-axes (settings: 5 per account and address, then 429 for 15
minutes). Two-factor sign-in is TOTP (django-otp): an editor turns it on at
/admin/two-factor/ by scanning a QR code into an authenticator app and entering
one code; from then on, signing in asks for the code too. A superuser who has
not turned it on is sent there before any other admin page.
"""

from __future__ import annotations

import logging
from base64 import b32encode
from functools import update_wrapper
from types import SimpleNamespace
from urllib.parse import urlencode

import django_otp
import segno
from axes.helpers import get_client_username, get_cool_off
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.throttling import SimpleRateThrottle

from cyberpeace.corrections import client_address
from cyberpeace.faults import FailOpen

log = logging.getLogger("cyberpeace.security")


def confirmed_devices(user) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def needs_second_factor(user) -> bool:
    """Whether ``user``, signed in, must still give a code before using the admin."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if getattr(user, "is_verified", lambda: False)():
        return False
    return user.is_superuser or bool(confirmed_devices(user))


def verify_code(user, code: str, devices: list[TOTPDevice], request=None) -> TOTPDevice:
    """The device of ``devices`` that accepts ``code``, or a ValidationError saying why not."""
    code = "".join(code.split())
    if not code:
        raise ValidationError(
            _("Enter the 6-digit code your authenticator app shows for this site."),
            code="code_required",
        )
    for device in devices:
        allowed, _extra = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _(
                    "Too many wrong codes in a row: wait a moment, then enter the code your app shows now."
                ),
                code="code_throttled",
            )
        if device.verify_token(code):
            return device
    log.warning(
        "Wrong two-factor code for %s from %s",
        user.get_username(),
        client_address(request) if request is not None else "unknown",
    )
    if request is not None:
        # A wrong code is a failed sign-in: django-axes counts it toward the lockout.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=request,
        )
    raise ValidationError(
        _("That code is wrong or has expired: enter the one your app shows now."),
        code="code_invalid",
    )


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: 429, in JSON for the API, with Retry-After."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    username = get_client_username(request, credentials) or ""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": f"Too many failed sign-ins for this account from your address: "
                f"try again in {seconds // 60} minutes.",
                "retry_after": seconds,
            },
            status=settings.AXES_HTTP_RESPONSE_CODE,
        )
    else:
        response = render(
            request,
            settings.AXES_LOCKOUT_TEMPLATE,
            {
                **admin.site.each_context(request),
                "title": _("Too many failed sign-ins"),
                "failure_limit": settings.AXES_FAILURE_LIMIT,
                "minutes": seconds // 60,
                "username": username,
            },
            status=settings.AXES_HTTP_RESPONSE_CODE,
        )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


class PasswordResetThrottle(FailOpen, SimpleRateThrottle):
    """Reset e-mails asked from one address: a few an hour, so nobody floods an inbox."""

    rate = "5/hour"

    def get_cache_key(self, request, view) -> str:
        return f"password-reset:{client_address(request)}"


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, in the admin's look, throttled by address."""

    def form_valid(self, form):
        throttle = PasswordResetThrottle()
        if not throttle.allow_request(self.request, self):
            form.add_error(
                "email",
                _("Too many password resets were asked from your address: try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class SignInForm(AdminAuthenticationForm):
    """The admin's sign-in: username, password and, for whoever turned it on, a code."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=12,
        help_text=_("Only if you turned on two-factor sign-in: the 6 digits your app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None:
            devices = confirmed_devices(user)
            if devices:
                try:
                    # django_otp marks the session as verified when it signs in.
                    user.otp_device = verify_code(
                        user, cleaned_data.get("otp_token", ""), devices, self.request
                    )
                except ValidationError as error:
                    self.add_error("otp_token", error)
        return cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args, user, devices: list[TOTPDevice], request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.devices, self.request = user, devices, request
        self.fields["code"].required = False

    def clean_code(self) -> str:
        self.device = verify_code(self.user, self.cleaned_data["code"], self.devices, self.request)
        return self.cleaned_data["code"]


class EditorsAdminSite(admin.AdminSite):
    login_form = SignInForm
    login_template = "admin/sign_in.html"

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        # Signing out needs no second factor.
        exempt = view == self.logout

        def inner(request, *args, **kwargs):
            if not exempt and needs_second_factor(request.user):
                return HttpResponseRedirect(
                    reverse("admin:two-factor", current_app=self.name)
                    + "?"
                    + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                )
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    def login(self, request, extra_context=None):
        # Guesses from one address are few a minute, whatever accounts they try
        # (the lockout counts each account and address on its own).
        if request.method == "POST":
            from cyberpeace.tokens import LoginRateThrottle

            throttle = LoginRateThrottle()
            if not throttle.allow_request(request, SimpleNamespace(throttle_scope="login")):
                response = render(
                    request,
                    settings.AXES_LOCKOUT_TEMPLATE,
                    {
                        **self.each_context(request),
                        "title": _("Too many failed sign-ins"),
                        "throttled": True,
                        "seconds": int(throttle.wait() or 60),
                    },
                    status=429,
                )
                response["Retry-After"] = str(int(throttle.wait() or 60))
                return response
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            # Not through admin_view, which would send an unverified superuser back here.
            path("two-factor/", never_cache(self.two_factor_view), name="two-factor"),
            *super().get_urls(),
        ]

    def two_factor_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return TwoFactor(self, request).respond()


class TwoFactor:
    """/admin/two-factor/: turn two-factor sign-in on, give a code, or turn it off."""

    def __init__(self, site: EditorsAdminSite, request: HttpRequest) -> None:
        self.site, self.request, self.user = site, request, request.user

    def respond(self) -> HttpResponse:
        devices = confirmed_devices(self.user)
        if not devices:
            return self.set_up()
        if not self.user.is_verified():
            return self.verify(devices)
        return self.status(devices)

    def next_url(self) -> str:
        target = self.request.POST.get(REDIRECT_FIELD_NAME) or self.request.GET.get(
            REDIRECT_FIELD_NAME, ""
        )
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return reverse("admin:index", current_app=self.site.name)

    def render(self, step: str, form: CodeForm, **context) -> HttpResponse:
        return render(
            self.request,
            "admin/two_factor.html",
            {
                **self.site.each_context(self.request),
                "title": _("Two-factor sign-in"),
                "step": step,
                "form": form,
                "next": self.next_url(),
                "required": self.user.is_superuser,
                **context,
            },
        )

    def form(self, devices: list[TOTPDevice]) -> CodeForm:
        data = self.request.POST if self.request.method == "POST" else None
        return CodeForm(data, user=self.user, devices=devices, request=self.request)

    def set_up(self) -> HttpResponse:
        pending = TOTPDevice.objects.devices_for_user(self.user, confirmed=False)
        if self.request.method == "POST":
            # The key the page showed, which the app now holds.
            device = pending.order_by("-pk").first()
            if device is None:
                return HttpResponseRedirect(self.request.get_full_path())
        else:
            # A new key each time the page is shown: one seen by someone else before
            # (who learned the password and opened this page) is never the one in use.
            pending.delete()
            device = TOTPDevice.objects.create(
                user=self.user, name="Authenticator app", confirmed=False
            )
        form = self.form([device])
        if self.request.method == "POST" and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.devices_for_user(self.user, confirmed=False).delete()
            django_otp.login(self.request, device)
            log.info("Two-factor sign-in turned on by %s", self.user.get_username())
            messages.success(
                self.request,
                _("Two-factor sign-in is on: from now on, signing in asks for a code."),
            )
            return HttpResponseRedirect(self.next_url())
        qr = segno.make(device.config_url, error="m")
        return self.render(
            "set_up",
            form,
            qr=mark_safe(qr.svg_inline(scale=4, title=str(_("QR code to scan")))),  # noqa: S308 (segno's own SVG of our URL)  # nosec B308 B703
            secret=" ".join(
                b32encode(device.bin_key).decode()[i : i + 4]
                for i in range(0, len(b32encode(device.bin_key)), 4)
            ),
        )

    def verify(self, devices: list[TOTPDevice]) -> HttpResponse:
        form = self.form(devices)
        if self.request.method == "POST" and form.is_valid():
            django_otp.login(self.request, form.device)
            return HttpResponseRedirect(self.next_url())
        return self.render("verify", form)

    def status(self, devices: list[TOTPDevice]) -> HttpResponse:
        form = self.form(devices)
        if self.request.method == "POST" and not self.user.is_superuser and form.is_valid():
            TOTPDevice.objects.filter(user=self.user).delete()
            log.info("Two-factor sign-in turned off by %s", self.user.get_username())
            messages.success(self.request, _("Two-factor sign-in is off."))
            return HttpResponseRedirect(reverse("admin:index", current_app=self.site.name))
        return self.render("status", form)
