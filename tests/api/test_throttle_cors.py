"""Throttling (the anonymous, each token, logins) and CORS (reading from any site, no more)."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from cyberpeace.tokens import issue_token

LIST = "/api/v1/organisations/"


@pytest.fixture
def rates(monkeypatch):
    """Sets throttle rates for the test.

    DRF copies DEFAULT_THROTTLE_RATES into SimpleRateThrottle when it is
    imported, so overriding the setting alone would change nothing.
    """

    def set_rates(**scopes: str) -> None:
        wanted = {"anon": "1000/minute", "user": "1000/minute", "login": "1000/minute"}
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", wanted | scopes)

    return set_rates


def token_client(user) -> APIClient:
    _, key = issue_token(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")


def test_the_anonymous_are_throttled(db, rates):
    rates(anon="2/minute")
    client = APIClient()
    assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 200
    assert_throttled(client.get(LIST))


def test_each_token_is_throttled_apart(contributor, editor, rates):
    rates(anon="1/minute", user="2/minute")
    anonymous = APIClient()
    assert anonymous.get(LIST).status_code == 200
    assert_throttled(anonymous.get(LIST))
    # The anonymous have spent their turn; a token counts on its own.
    partner = token_client(contributor)
    assert partner.get(LIST).status_code == 200
    assert partner.get(LIST).status_code == 200
    assert_throttled(partner.get(LIST))
    # And so does another user's.
    assert token_client(editor).get(LIST).status_code == 200


def test_logins_are_throttled_wrong_passwords_included(contributor, rates):
    rates(login="2/minute")
    client = APIClient()

    def login(password: str):
        credentials = base64.b64encode(f"contributor:{password}".encode()).decode()
        return client.post("/api/v1/auth/login/", HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert login("guess").status_code == 401
    assert login("another guess").status_code == 401
    # Even the right password waits now: guessing is slowed down.
    assert_throttled(login("pw"))


def test_logins_count_apart_from_reading(contributor, rates):
    rates(anon="1/minute", login="5/minute")
    client = APIClient()
    assert client.get(LIST).status_code == 200
    assert_throttled(client.get(LIST))
    credentials = base64.b64encode(b"contributor:pw").decode()
    response = client.post("/api/v1/auth/login/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200


ORIGIN = "https://example.org"


def test_any_site_reads_the_api(db):
    response = APIClient().get(LIST, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {name.strip() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Retry-After"} <= exposed


def test_no_site_is_offered_writes(db):
    response = APIClient().options(
        LIST,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    methods = {name.strip() for name in response["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in methods
    assert not methods & {"POST", "PUT", "PATCH", "DELETE"}


@pytest.mark.parametrize("path", ["/", "/organisations/", "/admin/login/"])
def test_pages_outside_the_api_have_no_cors(db, client, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
