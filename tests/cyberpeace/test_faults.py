"""The database or the cache down, in the test process (tests/production/ has the real
server): a 503 of the site's own for the one, the database serving alone for the other."""

from __future__ import annotations

import contextlib
import logging
import socket

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory

from cyberpeace.faults import service_unavailable
from cyberpeace.views import HomeView

REFUSED = (
    'connection failed: connection to server at "127.0.0.1", port 9 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


@contextlib.contextmanager
def database_failing(message: str):
    """Every query, and every transaction a view opens, fails with ``message``, as when
    PostgreSQL refuses connections."""

    def fail(self, name=None):
        raise OperationalError(message)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "_cursor", fail)
        yield patch


@pytest.fixture
def database_down(db):
    # Undone before the test's own transaction (its savepoint) is rolled back.
    with database_failing(REFUSED):
        yield


@pytest.fixture
def visitor() -> Client:
    """A client that gets the answer a visitor would, not the error behind it."""
    return Client(raise_request_exception=False)


@pytest.mark.usefixtures("database_down")
def test_a_page_answers_the_sites_own_503_when_the_database_does_not_answer(visitor):
    response = visitor.get("/organisations/")

    assert response.status_code == 503
    assert [template.name for template in response.templates] == ["503.html"]
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    page = response.content.decode()
    assert "<h1>Back in a moment</h1>" in page
    assert '<a href="/organisations/">Try again</a>' in page


@pytest.mark.usefixtures("database_down")
def test_the_503_page_is_in_the_pages_language_and_links_back_to_it_escaped(visitor):
    page = visitor.get("/fr/organisations/", {"q": '"><script>'}).content.decode()

    assert '<html lang="fr">' in page
    assert '<a href="/fr/organisations/?q=%22%3E%3Cscript%3E">' in page
    assert "<script>" not in page


@pytest.mark.usefixtures("database_down")
def test_the_api_answers_a_json_503_when_the_database_does_not_answer(visitor):
    response = visitor.get("/api/v1/organisations/")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The directory cannot reach its database. Please try again shortly."
    }


@pytest.mark.usefixtures("database_down")
def test_the_503_is_logged_once_at_error_on_one_line(visitor, caplog):
    with caplog.at_level(logging.INFO):
        visitor.get("/events/")

    assert [(record.name, record.levelname, record.getMessage()) for record in caplog.records] == [
        (
            "cyberpeace.faults",
            "ERROR",
            "The database did not answer: GET /events/ answered 503 (OperationalError: "
            'connection failed: connection to server at "127.0.0.1", port 9 failed: '
            "Connection refused Is the server running on that host and accepting TCP/IP "
            "connections?)",
        )
    ]


@pytest.mark.django_db
def test_the_log_never_shows_the_database_password(visitor, caplog):
    with database_failing('invalid connection option: password="s3cret-pw"') as patch:
        patch.setitem(connection.settings_dict, "PASSWORD", "s3cret-pw")
        visitor.get("/events/")

    assert "s3cret-pw" not in caplog.text
    assert 'password="********"' in caplog.text


@pytest.mark.django_db
def test_any_other_error_still_answers_the_500_page(visitor, monkeypatch):
    def broken(self, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    response = visitor.get("/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_an_error_raised_from_the_database_failing_answers_503_too(visitor, monkeypatch):
    def broken(self, **kwargs):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as lost:
            raise RuntimeError("could not roll back") from lost

    monkeypatch.setattr(HomeView, "get_context_data", broken)

    assert visitor.get("/").status_code == 503


@pytest.fixture
def redis_down(settings):
    """The cache on a port where nothing listens: each call fails at once."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        settings.REDIS_URL = f"redis://127.0.0.1:{held.getsockname()[1]}/0"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
            }
        }
        yield
    cache.close()


@pytest.mark.usefixtures("redis_down")
def test_without_the_cache_the_api_throttles_let_readers_through(client, make_topic, caplog):
    make_topic(slug="peace")
    caplog.clear()

    for _ in range(2):
        assert client.get("/api/v1/topics/").status_code == 200
        assert client.get("/api/v1/topics/peace/").status_code == 200

    warnings = {record.getMessage().split(":")[0] for record in caplog.records}
    assert warnings == {
        "AnonRateThrottle let a request through",
        "UserRateThrottle let a request through",
    }
    assert {record.levelname for record in caplog.records} == {"WARNING"}


@pytest.mark.usefixtures("redis_down")
def test_without_the_cache_a_partner_still_gets_a_token(client, editor, caplog):
    response = client.post("/api/v1/auth/login/", HTTP_AUTHORIZATION="Basic ZWRpdG9yOnB3")

    assert response.status_code == 200
    assert response.json()["token"]
    assert "LoginRateThrottle let a request through" in caplog.text


def test_the_503_links_back_on_this_site_whatever_the_path():
    # A path the server was sent as is ("GET //elsewhere.example/ HTTP/1.1").
    request = RequestFactory().get("/")
    request.path = request.path_info = "//elsewhere.example/"
    page = service_unavailable(request).content.decode()
    assert 'href="/elsewhere.example/"' in page
    assert 'href="//' not in page


def test_a_deadlock_is_no_unreachable_database(visitor, db, monkeypatch):
    """Only a lost or refused connection is a 503: other database errors are the site's
    own, a 500 logged with its traceback."""

    class Deadlock(Exception):
        sqlstate = "40P01"

    def broken(self, **kwargs):
        error = OperationalError("deadlock detected")
        error.__cause__ = Deadlock()
        raise error

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    assert visitor.get("/").status_code == 500


def test_a_server_shutting_down_is_an_unreachable_database(visitor, db, monkeypatch):
    class AdminShutdown(Exception):
        sqlstate = "57P01"

    def broken(self, **kwargs):
        error = OperationalError("terminating connection due to administrator command")
        error.__cause__ = AdminShutdown()
        raise error

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    assert visitor.get("/").status_code == 503
