"""Headers Django has no setting for, and the security log.

The security log (logger ``cyberpeace.security``) records what an operator
wants to see after an attack: refused API writes here, failed sign-ins and
lockouts through django-axes (logger ``axes``), wrong two-factor codes in
``cyberpeace.admin_site``.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cyberpeace.corrections import client_address

log = logging.getLogger("cyberpeace.security")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def lockout_address(request: HttpRequest) -> str:
    """The address failed sign-ins are counted against: the client's, an IPv6 one as its /64
    (named by the /64's first address).

    A machine on IPv6 usually holds a whole /64: counted one by one, its
    addresses would give it endless guesses at one account.
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    # Its /64 named by its first address: axes stores an address, not a network.
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """``{"camera": []}`` as the header's ``camera=()``."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class SecurityMiddleware:
    """What Django's own SecurityMiddleware leaves out: Permissions-Policy, and a log
    line for every refused write to the API."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        if (
            request.method not in SAFE_METHODS
            and request.path.startswith("/api/")
            and response.status_code >= 400
        ):
            log_refused_write(request, response)
        return response


def log_refused_write(request: HttpRequest, response: HttpResponse) -> None:
    user = getattr(request, "user", None)
    log.warning(
        "API write refused: %s %s answered %s, user %s, address %s",
        request.method,
        request.path,
        response.status_code,
        user.get_username() if user is not None and user.is_authenticated else "anonymous",
        client_address(request),
    )
