"""Faults, on the production server: the database down, Redis down, a worker killed.

Every server here is gunicorn with production settings (tests/servers.py). None
stops or changes the database cluster the rest of the suite uses: the database
"goes down" as a closed port, or as a proxy these tests close.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.servers import Proxy, closed_port, manage, production_env, silent_port

pytestmark = pytest.mark.production

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The proxy stands between the server and PostgreSQL; SQLite is a file, no connection.",
)

PASSWORD = f"never-in-a-log-{secrets.token_hex(4)}"
LOGGED = "The database did not answer"


def wait_for(condition, seconds: float = 30):
    """``condition()``'s first true value, asked every tenth of a second."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"still not so after {seconds} s"
        time.sleep(0.1)
    return value


@pytest.fixture(scope="module")
def server_without_database(launch):
    url = f"postgres://cyberpeace:{PASSWORD}@127.0.0.1:{{port}}/cyberpeace"
    # Only errors are logged: a line in the log is one at ERROR.
    with (
        closed_port() as port,
        launch(
            "no-database", DATABASE_URL=url.format(port=port), DJANGO_LOG_LEVEL="ERROR"
        ) as server,
    ):
        yield server


@pytest.mark.parametrize(
    "path", ["/", "/organisations/", "/topics/cybersecurity/", "/search/?q=peace", "/admin/login/"]
)
def test_without_its_database_a_page_answers_the_sites_own_503(server_without_database, path):
    answer = server_without_database.get(path)

    assert answer.status == 503
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.headers["Retry-After"] == "30"
    assert "no-store" in answer.headers["Cache-Control"]
    assert "<h1>Back in a moment</h1>" in answer.text
    assert '<link rel="stylesheet" href="/static/css/site.css">' in answer.text
    assert "Traceback" not in answer.text
    assert "OperationalError" not in answer.text


def test_without_its_database_the_503_page_keeps_its_language_and_its_stylesheet(
    server_without_database,
):
    answer = server_without_database.get("/fr/organisations/?q=paix")

    assert answer.status == 503
    assert '<html lang="fr">' in answer.text
    assert '<a href="/fr/organisations/?q=paix">' in answer.text
    stylesheet = server_without_database.get("/static/css/site.css")
    assert stylesheet.status == 200
    assert stylesheet.headers["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/api/v1/organisations/", "/api/v1/topics/cybersecurity/"])
def test_without_its_database_the_api_answers_a_json_503(server_without_database, path):
    answer = server_without_database.get(path)

    assert answer.status == 503
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Retry-After"] == "30"
    assert answer.json() == {
        "detail": "The directory cannot reach its database. Please try again shortly."
    }


def test_without_its_database_healthz_answers_503(server_without_database):
    answer = server_without_database.get("/healthz")

    assert answer.status == 503
    assert answer.json() == {"status": "unavailable", "database": "unreachable"}


def test_each_503_is_logged_once_on_one_line_without_the_password(server_without_database):
    def logged() -> list[str]:
        return [line for line in server_without_database.log_text().splitlines() if LOGGED in line]

    before = len(logged())
    for path in ("/organisations/", "/api/v1/events/", "/topics/"):
        assert server_without_database.get(path).status == 503

    lines = logged()[before:]
    assert [line.split(" (")[0] for line in lines] == [
        f"{LOGGED}: GET /organisations/ answered 503",
        f"{LOGGED}: GET /api/v1/events/ answered 503",
        f"{LOGGED}: GET /topics/ answered 503",
    ]
    assert "(OperationalError: connection failed:" in lines[0]
    assert "Connection refused" in lines[0]
    log = server_without_database.log_text()
    assert PASSWORD not in log
    assert "Traceback" not in log


@pytest.fixture(scope="module")
def proxy(server_database):
    """On PostgreSQL, a proxy between ``server`` and its database, which tests close."""
    if not server_database.host:
        yield None
        return
    proxy = Proxy((server_database.host, server_database.port))
    proxy.open()
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def server(launch, server_database, proxy):
    """A server with its database (through ``proxy`` on PostgreSQL), its caches off:
    every request reads the database, as the first one after a write does."""
    with launch(
        "server",
        DATABASE_URL=server_database.url(via=proxy and proxy.port),
        PAGE_CACHE_SECONDS="0",
        COUNT_CACHE_SECONDS="0",
        RECORD_CACHE_SECONDS="0",
    ) as server:
        yield server


@postgresql_only
def test_with_its_database_back_the_site_answers_again_without_a_restart(server, proxy):
    workers = server.worker_pids()
    assert server.get("/topics/").status == 200

    proxy.close()
    try:
        for _ in range(3):
            assert server.get("/topics/").status == 503
            assert server.get("/api/v1/topics/").status == 503
            assert server.get("/healthz").status == 503
    finally:
        proxy.open()

    for _ in range(3):
        assert server.get("/topics/").status == 200
        assert server.get("/api/v1/topics/").status == 200
        assert server.get("/healthz").status == 200
    assert server.process.poll() is None
    assert server.worker_pids() == workers


@postgresql_only
def test_a_cut_connection_is_dropped_and_replaced_unseen(server, proxy):

    def both_workers_connected() -> bool:
        # Two requests at once: one for each of the two workers.
        with ThreadPoolExecutor(2) as pool:
            statuses = list(pool.map(lambda _: server.get("/topics/").status, range(2)))
        assert statuses == [200, 200]
        return proxy.live == 2

    wait_for(both_workers_connected)
    accepted = proxy.accepted
    for _ in range(4):
        assert server.get("/topics/").status == 200
    # Production keeps its connections (CONN_MAX_AGE): no request made a new one.
    assert proxy.accepted == accepted

    proxy.cut()

    # The health check before reuse (CONN_HEALTH_CHECKS) finds them dead: no request fails.
    for _ in range(4):
        assert server.get("/topics/").status == 200
    assert proxy.accepted > accepted


@pytest.fixture(scope="module")
def server_without_redis(launch, server_database):
    with (
        closed_port() as port,
        launch(
            "no-redis",
            DATABASE_URL=server_database.url(),
            REDIS_URL=f"redis://127.0.0.1:{port}/0",
        ) as server,
    ):
        yield server


def test_without_redis_the_site_serves_from_its_database(server_without_redis, server_database):
    server = server_without_redis
    topics = server.get("/api/v1/topics/")
    assert topics.status == 200
    slug = topics.json()["results"][0]["slug"]
    token = {"Authorization": f"Token {server_database.token}"}

    for _ in range(2):
        for path in ("/", "/topics/", f"/topics/{slug}/", "/fr/topics/", "/admin/login/"):
            assert server.get(path).status == 200, path
        for path in ("/api/v1/topics/", f"/api/v1/topics/{slug}/", "/api/v1/sources/"):
            assert server.get(path).status == 200, path
        assert server.get("/api/v1/topics/?status=draft", headers=token).status == 200
    assert server.get("/healthz").status == 200
    log = server.log_text()
    assert "AnonRateThrottle let a request through: the cache did not answer" in log
    assert "UserRateThrottle let a request through: the cache did not answer" in log
    # A warning on one line each time (cyberpeace.cache too), no traceback.
    assert "Could not read the cache: ConnectionError" in log
    assert "Traceback" not in log


SILENT_REDIS = """
import time
from django.core.cache import cache

started = time.monotonic()
try:
    cache.get("anything")
except Exception as error:
    print(type(error).__name__, time.monotonic() - started)
"""


def test_a_redis_that_does_not_answer_holds_a_request_half_a_second():
    with silent_port() as port:
        env = production_env(REDIS_URL=f"redis://127.0.0.1:{port}/0")
        error, seconds = manage("shell", "-c", SILENT_REDIS, env=env).splitlines()[-1].split()

    assert error == "TimeoutError"
    assert 0.4 < float(seconds) < 1.5


def test_a_killed_worker_is_replaced_and_the_site_answers_meanwhile(server):
    workers = wait_for(lambda: len(pids := server.worker_pids()) == 2 and pids)
    killed = min(workers)

    os.kill(killed, signal.SIGKILL)

    # The other worker answers at once.
    for _ in range(4):
        assert server.get("/topics/").status == 200
    # gunicorn starts a new worker in its place.
    now = wait_for(lambda: len(pids := server.worker_pids()) == 2 and killed not in pids and pids)
    (new,) = now - workers
    wait_for(lambda: f"Booting worker with pid: {new}" in server.log_text())
    assert f"(pid:{killed}) was sent SIGKILL" in server.log_text()
    for _ in range(4):
        assert server.get("/topics/").status == 200
    assert server.process.poll() is None
