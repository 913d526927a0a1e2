"""Partner tokens: django-rest-knox keys, stored hashed, each with an optional expiry.

A partner gets a token from `POST /api/v1/auth/login/` (HTTP Basic, once), an
editor issues one in the admin, an operator with `manage.py issue_token`; all
three go through `issue_token()`. The key is shown once and never stored in
clear: the database keeps its digest and the first characters, to tell
tokens apart in the admin.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from knox.models import AuthToken
from knox.settings import knox_settings
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied, ValidationError
from rest_framework.throttling import ScopedRateThrottle

from cyberpeace.admin_site import confirmed_devices, verify_code
from cyberpeace.faults import FailOpen
from cyberpeace.review import is_editor

# Ten years: long enough for any partner, short enough to be a date.
MAX_DAYS = 3650


def issue_token(*, user: AbstractBaseUser, days: int | None = None) -> tuple[AuthToken, str]:
    """A new token for ``user`` and its key, valid ``days`` (or REST_KNOX's TOKEN_TTL)."""
    ttl = knox_settings.TOKEN_TTL if days is None else timedelta(days=days)
    return AuthToken.objects.create(user=user, expiry=ttl)


class UserSerializer(serializers.Serializer):
    username = serializers.CharField()
    may_publish = serializers.SerializerMethodField(
        help_text="Whether what this user writes is published at once, or waits as a draft "
        "for an editor."
    )

    def get_may_publish(self, user) -> bool:
        return is_editor(user)


class LoginSerializer(serializers.Serializer):
    """What the login answers: the key, shown this once."""

    token = serializers.CharField(help_text='Send it as "Authorization: Token <token>".')
    expiry = serializers.DateTimeField(
        allow_null=True, help_text="When the token stops working; null if it never does."
    )
    user = UserSerializer()


class ExpirySerializer(serializers.Serializer):
    expires = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_DAYS, help_text="Days the token is valid."
    )
    otp = serializers.CharField(required=False, max_length=12)


class LoginRateThrottle(FailOpen, ScopedRateThrottle):
    """Counts logins by client address, whatever the credentials say.

    ScopedRateThrottle would count by user once authenticated, and so not at
    all the guesses that fail authentication.
    """

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def pass_lockout_on(request) -> None:
    """django-axes flags a locked-out sign-in on the request it was given, DRF's: its
    middleware reads Django's, and answers 429 for it."""
    if getattr(request, "axes_locked_out", False):
        request._request.axes_locked_out = True
        request._request.axes_credentials = getattr(request, "axes_credentials", None)


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class LoginView(KnoxLoginView):
    """Trade a username and password (HTTP Basic) for a token.

    Outside the request's transaction: a refused sign-in answers 401, which
    rolls the request back, and with it django-axes' count of the failure.
    """

    authentication_classes = [BasicAuthentication]
    # LoginRateThrottle runs in perform_authentication() instead.
    throttle_classes = []
    throttle_scope = "login"

    def perform_authentication(self, request) -> None:
        # DRF throttles after authenticating, and a wrong password ends the
        # request before that: throttle first, so that every guess counts.
        throttle = LoginRateThrottle()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        try:
            super().perform_authentication(request)
        finally:
            pass_lockout_on(request)

    def check_second_factor(self, request, code: str) -> None:
        """A user with two-factor sign-in gives a code too; a superuser must have it on."""
        devices = confirmed_devices(request.user)
        if not devices:
            if request.user.is_superuser:
                raise PermissionDenied(
                    "Superusers sign in with two factors: turn it on in the admin "
                    "(/admin/two-factor/) first."
                )
            return
        try:
            verify_code(request.user, code, devices, request)
        except DjangoValidationError as error:
            # A wrong code counted toward the lockout: its 429, if this was the last try.
            pass_lockout_on(request)
            raise AuthenticationFailed({"otp": error.messages}) from None

    def get_user_serializer_class(self):
        return UserSerializer

    def create_token(self) -> tuple[AuthToken, str]:
        return issue_token(user=self.request.user, days=self.expires.validated_data.get("expires"))

    @extend_schema(
        summary="Get a token",
        description="Authenticate with HTTP Basic (your username and password) to get a "
        'token, then send it on every request as "Authorization: Token <token>". The token '
        "is shown this once; `POST /api/v1/auth/logout/` revokes it. A user who turned on "
        "two-factor sign-in also sends `otp`, the code of their authenticator app; "
        "superusers must have it on. After 5 failed sign-ins for one account from one "
        "address, signing in from there is refused (429) for 15 minutes.",
        request=None,
        parameters=[
            OpenApiParameter(
                "expires",
                OpenApiTypes.INT,
                description=f"Days the token is valid (1 to {MAX_DAYS}); without it, "
                "the token does not expire.",
            ),
            OpenApiParameter(
                "otp",
                OpenApiTypes.STR,
                description="The code of your authenticator app, if you turned on "
                "two-factor sign-in.",
            ),
        ],
        responses={
            200: LoginSerializer,
            400: OpenApiResponse(description="`expires` is not a number of days."),
            401: OpenApiResponse(
                description="Wrong or missing username and password, or two-factor code."
            ),
            403: OpenApiResponse(description="A superuser without two-factor sign-in."),
            429: OpenApiResponse(
                description="Too many attempts, or this account is locked out from your "
                "address: wait `Retry-After` seconds."
            ),
        },
        tags=["auth"],
    )
    def post(self, request, format=None):
        # The query string and, for clients that prefer it, the body (which wins).
        body = request.data
        if not hasattr(body, "items"):
            raise ValidationError({"non_field_errors": ["Send the body as a JSON object."]})
        given = {**request.query_params.dict(), **dict(body.items())}
        self.expires = ExpirySerializer(data=given)
        self.expires.is_valid(raise_exception=True)
        self.check_second_factor(request, str(self.expires.validated_data.get("otp", "")))
        return super().post(request, format)


@extend_schema_view(
    post=extend_schema(
        summary="Revoke this token",
        description="The token this request is sent with stops working.",
        request=None,
        responses={204: None, 401: OpenApiResponse(description="No valid token was sent.")},
        tags=["auth"],
    )
)
class LogoutView(KnoxLogoutView):
    pass


@extend_schema_view(
    post=extend_schema(
        summary="Revoke every token of this user",
        description="Every token of the user this request's token belongs to stops working.",
        request=None,
        responses={204: None, 401: OpenApiResponse(description="No valid token was sent.")},
        tags=["auth"],
    )
)
class LogoutAllView(KnoxLogoutAllView):
    pass
