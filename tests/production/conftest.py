"""Production servers for the tests of this folder: static files collected once, a
database of their own (migrated, with a little data), and a way to start them.

On PostgreSQL (the suite's DATABASE_URL) the servers' database is one made
here, ``cp_srv_<random>``, on the suite's server, and dropped at the end; on
SQLite, a file. Neither is the suite's own test database.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests import servers
from tests.servers import Server, manage, production_env

# The tables, a little of the seed (sources and topics), and an editor's token for the
# API: in one process, which saves starting Django a second time.
SET_UP = """
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from cyberpeace.tokens import issue_token

call_command("migrate", interactive=False, verbosity=0)
call_command("seed", "fixtures/05_sources.yaml", "fixtures/10_topics.yaml", verbosity=0)
editor = User.objects.create_user("server-editor", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
print(issue_token(user=editor, days=1)[1])
"""


@dataclass(frozen=True)
class ServerDatabase:
    """The servers' database, and an editor's token for the API."""

    name: str
    token: str
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""

    def url(self, via: int | None = None) -> str:
        """Its URL; ``via``: through that port of 127.0.0.1 (a proxy) instead."""
        if not self.host:
            return f"sqlite:///{self.name}"
        login = quote(self.user) + (f":{quote(self.password)}" if self.password else "")
        address = f"127.0.0.1:{via}" if via else f"{self.host}:{self.port}"
        return f"postgres://{login}@{address}/{self.name}"


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """``collectstatic`` once: production serves hashed, compressed files (WhiteNoise)."""
    root = tmp_path_factory.mktemp("static")
    manage("collectstatic", "--noinput", "-v0", env=production_env(STATIC_ROOT=str(root)))
    return root


@pytest.fixture(scope="session")
def server_database(tmp_path_factory) -> Iterator[ServerDatabase]:
    if on_postgresql():
        suite = settings.DATABASES["default"]
        database = ServerDatabase(
            name=f"cp_srv_{secrets.token_hex(4)}",
            token="",
            host=suite["HOST"] or "127.0.0.1",
            port=int(suite["PORT"] or 5432),
            user=suite["USER"],
            password=suite["PASSWORD"],
        )
        _maintenance(database, f'CREATE DATABASE "{database.name}"')
    else:
        path = tmp_path_factory.mktemp("database") / "server.sqlite3"
        database = ServerDatabase(name=str(path), token="")
    try:
        env = production_env(DATABASE_URL=database.url())
        token = manage("shell", "-c", SET_UP, env=env).split()[-1]
        yield replace(database, token=token)
    finally:
        if database.host:
            _maintenance(database, f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


def _maintenance(database: ServerDatabase, statement: str) -> None:
    with psycopg.connect(
        host=database.host,
        port=database.port,
        user=database.user,
        password=database.password or None,
        dbname="postgres",
        autocommit=True,
    ) as maintenance:
        maintenance.execute(statement)


@pytest.fixture(scope="session")
def launch(static_root, tmp_path_factory) -> Callable[..., Server]:
    """``launch(name, SETTING=value…)``: a server, not yet started (``with`` starts and
    stops it), with production settings and ``SETTING``s on top."""

    def launch(name: str, **settings: str) -> Server:
        folder = tmp_path_factory.mktemp(name)
        env = production_env(
            STATIC_ROOT=str(static_root),
            MEDIA_ROOT=str(folder / "media"),
            CACHE_GENERATION_FILE=str(folder / "cache.generation"),
            **settings,
        )
        return Server(env, log=folder / "gunicorn.log")

    return launch


def pytest_runtest_setup(item) -> None:
    servers.STOPPED.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for server in [*servers.RUNNING, *servers.STOPPED]:
            report.sections.append((f"gunicorn on port {server.port}", server.log_tail()))
    return report
