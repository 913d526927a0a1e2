"""The API's sessions: an editor signed in to the admin reads and writes as themselves."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication

from cyberpeace.admin_site import needs_second_factor


class SecondFactorMiddleware:
    """Outside the admin, a session that still owes its second factor is nobody's.

    A superuser signed in with a password alone, or an editor whose session
    began before they turned on two-factor sign-in, is sent to
    /admin/two-factor/ by every admin page (cyberpeace.admin_site); elsewhere
    (the public pages' drafts, the API, the correction form) they read as a
    visitor. Decided when the user is first read, as Django reads it.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            signed_in = request.user
            request.user = SimpleLazyObject(
                lambda: AnonymousUser() if needs_second_factor(signed_in) else signed_in
            )
        return self.get_response(request)


class VerifiedSessionAuthentication(SessionAuthentication):
    """An admin session, once it gave the second factor where one is due.

    A superuser signed in with a password alone reaches no admin page before
    turning on two-factor sign-in; nor do they reach the API's writes.
    """

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None and needs_second_factor(found[0]):
            return None
        return found


class VerifiedSessionScheme(SessionScheme):
    """The API schema describes it as the session (cookie) it is."""

    target_class = VerifiedSessionAuthentication
