"""The API's sessions: an editor signed in to the admin reads and writes as themselves."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication

from cyberpeace.admin_site import needs_second_factor


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
