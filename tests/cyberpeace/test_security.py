"""Production settings and the security headers of every kind of answer."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.headers import YEAR, assert_hardened

BASE_DIR = Path(django_settings.BASE_DIR)

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "directory.example.org",
    "DATABASE_URL": "postgres://cyberpeace@127.0.0.1:5432/cyberpeace",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
]


def production(*args: str, **settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "cyberpeace.settings"}
    env |= settings
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def production_settings() -> dict:
    done = production(
        "-c",
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))",
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_deployment_checklist_finds_nothing_in_production():
    done = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off."),
        ("DJANGO_ALLOWED_HOSTS", "Set DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(missing, message):
    done = production("manage.py", "check", **{missing: ""})
    assert done.returncode != 0
    assert message in done.stderr


def test_production_settings_are_strict(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_HSTS_SECONDS"] >= YEAR
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True


@pytest.fixture
def as_in_production(settings, production_settings):
    """The production values of the security settings, on this test's requests."""
    for name, value in production_settings.items():
        if name not in {"DEBUG", "SECURE_SSL_REDIRECT"}:
            setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return settings


def page_types(world) -> dict[str, str]:
    """One address of each kind of answer the site gives."""
    organisation, event = world["organisation"], world["event"]
    return {
        "home": "/",
        "home in French": "/fr/",
        "list": "/organisations/",
        "filtered list": "/events/?year=2020",
        "detail": organisation.get_absolute_url(),
        "event": event.get_absolute_url(),
        "topics": "/topics/",
        "search": "/search/?q=peace",
        "calendar": "/events/feed.ics",
        "atom feed": "/events/feed/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "health": "/healthz",
        "not found": "/no-such-page/",
        "api root": "/api/v1/",
        "api list": "/api/v1/organisations/",
        "api detail": f"/api/v1/organisations/{organisation.slug}/",
        "api csv": "/api/v1/events/?format=csv",
        "api not found": "/api/v1/organisations/no-such-record/",
        "api schema": "/api/schema/",
        "api docs": "/api/docs/",
        "admin sign-in": "/admin/login/",
        "password reset": "/admin/password_reset/",
        "static file": "/static/css/site.css",
    }


@pytest.fixture
def world(make_organisation, make_event):
    organisation = make_organisation()
    return {"organisation": organisation, "event": make_event(start="2020-05-01")}


@pytest.mark.django_db
def test_every_kind_of_answer_carries_every_security_header(client, world, as_in_production):
    for name, url in page_types(world).items():
        response = client.get(url, secure=True)
        assert response.status_code in {200, 404}, (name, url, response.status_code)
        assert_hardened(response.headers, name)


@pytest.mark.django_db
def test_signed_in_pages_carry_them_too(editor_client, world, as_in_production):
    for url in [
        "/admin/",
        reverse("admin:orgs_organisation_changelist"),
        reverse("admin:orgs_organisation_change", args=[world["organisation"].pk]),
        reverse("admin:admin_logentry_changelist"),
        "/admin/two-factor/",
        "/admin/review/",
    ]:
        response = editor_client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_hardened(response.headers, url)


@pytest.mark.django_db
def test_errors_and_refusals_carry_them_too(client, editor, world, as_in_production):
    answers = {
        "API write without a token": client.post(
            "/api/v1/topics/", {}, content_type="application/json", secure=True
        ),
        "method not allowed": client.delete("/healthz", secure=True),
    }
    for _ in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"}, secure=True)
    answers["locked out"] = client.post(
        "/admin/login/", {"username": "editor", "password": "pw"}, secure=True
    )
    assert answers["locked out"].status_code == 429
    for name, response in answers.items():
        assert response.status_code >= 400, name
        assert_hardened(response.headers, name)


@pytest.mark.django_db
def test_a_cached_answer_carries_the_headers_of_its_own_request(client, world, as_in_production):
    as_in_production.PAGE_CACHE_SECONDS = 600
    first = client.get("/organisations/", secure=True)
    again = client.get("/organisations/", secure=True)
    assert again["X-Cache"] == "hit"
    for response in (first, again):
        assert_hardened(response.headers, "cached list")


def test_no_template_holds_an_inline_script_or_style():
    """script-src 'self' and style-src 'self': an inline one would be refused by browsers."""
    offenders = []
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in text.split("<script")[1:]:
            head = tag.split(">", 1)[0]
            if "src=" not in head and "application/ld+json" not in head:
                offenders.append(f"{path}: inline script")
        if " style=" in text or "<style" in text:
            offenders.append(f"{path}: inline style")
        if " onclick=" in text or " onload=" in text or "javascript:" in text:
            offenders.append(f"{path}: inline event handler")
    assert offenders == []
