"""The production server as README's "Deploying" runs it: pages, static files, headers, lockout.

gunicorn (gunicorn.conf.py), DJANGO_DEBUG=0, collected static files served by
WhiteNoise, on the servers' own database (PostgreSQL in CI's second run).
"""

from __future__ import annotations

import base64
import json
import secrets

import pytest

from tests.headers import assert_hardened

pytestmark = pytest.mark.production

PAGES = [
    "/",
    "/fr/",
    "/organisations/",
    "/programmes/",
    "/events/",
    "/topics/",
    "/people/",
    "/search/?q=cyber",
    "/events/feed.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/api/v1/",
    "/api/v1/topics/",
    "/api/v1/sources/",
    "/api/v1/events/?format=csv",
    "/api/schema/",
    "/api/docs/",
    "/admin/login/",
    "/admin/password_reset/",
]


@pytest.fixture(scope="module")
def server(launch, server_database):
    with launch("production", DATABASE_URL=server_database.url()) as running:
        yield running


def test_every_page_answers_with_every_security_header(server):
    for path in PAGES:
        answer = server.get(path)
        assert answer.status == 200, (path, answer.status, answer.text[:500])
        assert_hardened(answer.headers, path)
    topic = json.loads(server.get("/api/v1/topics/").body)["results"][0]
    for path in (f"/topics/{topic['slug']}/", f"/api/v1/topics/{topic['slug']}/"):
        answer = server.get(path)
        assert answer.status == 200, path
        assert_hardened(answer.headers, path)
    missing = server.get("/no-such-page/")
    assert missing.status == 404
    assert_hardened(missing.headers, "404")


def test_the_health_check_answers_plain_http_too(server):
    """The load balancer asks over http, straight: it must see 200 or 503, not a redirect."""
    answer = server.get("/healthz", headers={"X-Forwarded-Proto": "http"})
    assert answer.status == 200
    assert answer.json() == {"status": "ok"}


def test_plain_http_is_sent_to_https(server):
    answer = server.get("/organisations/?page=2", headers={"X-Forwarded-Proto": "http"})
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://127.0.0.1:{server.port}/organisations/?page=2"


def test_static_files_are_hashed_compressed_and_cached_for_ever(server, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"
    page = server.get("/").text
    assert f'href="/static/{hashed}"' in page  # pages name the hashed file
    answer = server.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    cache_control = answer.headers["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control
    assert_hardened(answer.headers, "static file")
    # The admin's files too.
    admin_css = manifest["admin/css/base.css"]
    assert "immutable" in server.get(f"/static/{admin_css}").headers["Cache-Control"]


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_the_lockout_holds_across_servers(launch, server_database):
    """5 failures through one server lock the account out through the other: the
    counts are in the shared database, not in a process."""
    name = f"someone-{secrets.token_hex(3)}"
    with (
        launch("lockout-a", DATABASE_URL=server_database.url()) as first,
        launch("lockout-b", DATABASE_URL=server_database.url()) as second,
    ):
        for _ in range(4):
            assert (
                first.request("POST", "/api/v1/auth/login/", headers=basic(name, "x")).status == 401
            )
        assert first.request("POST", "/api/v1/auth/login/", headers=basic(name, "x")).status == 429
        answer = second.request("POST", "/api/v1/auth/login/", headers=basic(name, "x"))
        assert answer.status == 429
        assert answer.headers["Retry-After"] == "900"
        assert "Too many failed sign-ins" in answer.json()["detail"]
        assert "AXES: Locking out" in first.log_text()
