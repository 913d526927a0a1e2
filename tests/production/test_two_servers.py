"""Two servers, one database: an edit through one is read through the other at once.

Two gunicorn servers on their own ports share the PostgreSQL database and the
Redis cache, with production's caching on (PAGE_CACHE_SECONDS and the others
at their defaults): what one server writes makes every page and answer the
other has cached stale (cyberpeace.cache: the generation key in Redis).
"""

from __future__ import annotations

import json
import os
import secrets

import pytest
import redis
from django.db import connection

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Servers share PostgreSQL and Redis; an SQLite file is one machine's alone.",
    ),
]

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture(scope="module")
def shared_redis():
    """A key prefix of this run's own on the machine's Redis, its keys removed at the end."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"No Redis at {REDIS_URL}: .ci/run starts it; did it fail?")
        pytest.skip(f"No Redis at {REDIS_URL}")
    prefix = f"cyberpeace-test-{secrets.token_hex(4)}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="module")
def two_servers(launch, server_database, shared_redis):
    settings = {
        "DATABASE_URL": server_database.url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": shared_redis,
    }
    a, b = launch("server-a", **settings), launch("server-b", **settings)
    try:
        a.spawn()
        b.spawn()
        yield a.wait(), b.wait()
    finally:
        a.stop()
        b.stop()


def test_an_edit_through_one_server_is_read_through_the_other_at_once(two_servers, server_database):
    a, b = two_servers
    assert a.port != b.port
    slug = b.get("/api/v1/topics/").json()["results"][0]["slug"]
    page, record = f"/topics/{slug}/", f"/api/v1/topics/{slug}/"
    for path in (page, record):
        assert b.get(path).status == 200
        # B keeps it: its next reader is served from the cache.
        assert b.get(path).headers["X-Cache"] == "hit"

    edited = a.request(
        "PATCH",
        record,
        body=json.dumps({"name": "Renamed through server A"}),
        headers={
            "Authorization": f"Token {server_database.token}",
            "Content-Type": "application/json",
        },
    )
    assert edited.status == 200, edited.text

    shown = b.get(page)
    assert shown.status == 200
    assert shown.headers["X-Cache"] == "miss"
    assert "Renamed through server A" in shown.text
    answer = b.get(record)
    assert answer.status == 200
    assert answer.json()["name"] == "Renamed through server A"
