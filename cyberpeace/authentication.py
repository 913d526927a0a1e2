"""Sessions that still owe their second factor (cyberpeace.admin_site)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from cyberpeace.admin_site import needs_second_factor


class SecondFactorMiddleware:
    """Outside the admin, a session that still owes its second factor is nobody's.

    A superuser signed in with a password alone, or an editor whose session
    began before they turned on two-factor sign-in, is sent to
    /admin/two-factor/ by every admin page (cyberpeace.admin_site); elsewhere
    (the public pages' drafts, the API, whose session authentication reads
    this user, the correction form) they read as a visitor. Decided when the
    user is first read, as Django reads it.
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
