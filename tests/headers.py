"""The security headers every answer of the site carries (README, "Settings")."""

from __future__ import annotations

from django.conf import settings

from cyberpeace.security import permissions_policy

YEAR = 365 * 24 * 60 * 60


def assert_hardened(headers, name: str) -> None:
    """``headers`` (a response's) carry every security header the site sends."""
    policy = headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name_, _, value = part.partition(" ")
        directives[name_] = value
    assert directives.get("script-src") == "'self'", (name, policy)
    assert "nonce-" not in policy, name
    assert directives.get("object-src") == "'none'", (name, policy)
    assert directives.get("base-uri") == "'none'", (name, policy)
    assert directives.get("frame-ancestors") == "'none'", (name, policy)
    assert directives.get("default-src") == "'self'", (name, policy)
    sts = headers.get("Strict-Transport-Security", "")
    assert sts.startswith("max-age="), (name, sts)
    assert int(sts.split(";")[0].split("=")[1]) >= YEAR, (name, sts)
    assert "includeSubDomains" in sts, name
    assert headers.get("X-Content-Type-Options") == "nosniff", name
    assert headers.get("Referrer-Policy") == "same-origin", name
    assert headers.get("X-Frame-Options") == "DENY", name
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", name
    assert headers.get("Permissions-Policy") == permissions_policy(settings.PERMISSIONS_POLICY), (
        name
    )
    assert "camera=()" in headers["Permissions-Policy"], name
