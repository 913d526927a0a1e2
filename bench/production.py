"""The production server as the README deploys it, for the load test and the Observatory scan.

gunicorn reads `gunicorn.conf.py` from the project's directory (workers, timeouts,
the proxy addresses it believes), with `DJANGO_DEBUG=0` and the rest of the
production environment; what a caller gives on the command line (the address,
a certificate) overrides the file. Every command and server here has a time
limit, and a server is always stopped on leaving its ``with`` block.
"""

from __future__ import annotations

import http.client
import os
import ssl
import subprocess
import sys
import time
from pathlib import Path

from bench import generate
from bench.run import server_env

BASE_DIR = generate.BASE_DIR
POSTGRES = "postgres://postgres@127.0.0.1:5432"
# Waiting longer than this for a server, or for a command, is a failure.
START_SECONDS = 90
STOP_SECONDS = 40


def production_env(
    database_url: str, redis_url: str, *, hosts: str = "127.0.0.1", raise_throttles: bool = True
) -> dict:
    """The production settings: the bench's environment (debug off, a fresh secret key,
    caches on, and, unless told not to, the API's throttles raised for a load coming
    from one address), with the site's own URLs and the redirect to https left on."""
    env = server_env(database_url, "cached")
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    if not raise_throttles:
        env.pop("API_ANON_RATE")
        env.pop("API_USER_RATE")
    env.update(
        {"DJANGO_SETTINGS_MODULE": "cyberpeace.settings", "REDIS_URL": redis_url,
         "DJANGO_ALLOWED_HOSTS": hosts}
    )  # fmt: skip
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 600) -> None:
    """``manage.py ARGS`` with ``env``, stopped (and a failure) after ``timeout`` seconds."""
    subprocess.run(  # noqa: S603 (our manage.py, fixed arguments)  # nosec B603
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, timeout=timeout
    )


def prepare_database(url: str) -> bool:
    """Create the PostgreSQL database at ``url`` if missing, migrate it, and seed it if it
    holds no organisation. Whether it was seeded now."""
    import psycopg
    from psycopg import sql

    name = generate.database_name(url)
    with psycopg.connect(generate.admin_url(url), autocommit=True, connect_timeout=10) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            print(f"[bench] creating {name}", file=sys.stderr, flush=True)
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cyberpeace.settings"}
    manage("migrate", "--noinput", "-v0", env=env)
    with psycopg.connect(url, connect_timeout=10) as db:
        empty = db.execute("SELECT NOT EXISTS (SELECT 1 FROM orgs_organisation)").fetchone()[0]
    if empty:
        print(f"[bench] seeding {name}", file=sys.stderr, flush=True)
        manage("seed", "-v0", env=env)
    return empty


def collectstatic(env: dict[str, str]) -> None:
    """The hashed static files WhiteNoise's manifest storage serves in production."""
    manage("collectstatic", "--noinput", "-v0", env=env, timeout=300)


def get(
    host: str,
    port: int,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """One GET, over TLS when given a ``context``: status, headers (lower-case), body."""
    if context is None:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    else:
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


class Gunicorn:
    """gunicorn on ``binds`` (loopback addresses), ``gunicorn.conf.py`` for the rest.

    ``ready`` is the request (host, port, path, status) that must answer as said before
    the server counts as started.
    """

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        binds: list[str],
        *,
        ready: tuple[str, int, str, int],
        args: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.env, self.log_path, self.binds, self.ready = env, log, binds, ready
        self.args, self.headers, self.context = args, headers or {}, context
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = self.log_path.open("ab")
        command = [str(BASE_DIR / ".venv/bin/gunicorn"), *self.args]
        command += [f"--bind={bind}" for bind in self.binds]
        self.process = subprocess.Popen(  # noqa: S603 (our gunicorn, our arguments)  # nosec B603
            command, cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=self.log
        )
        host, port, path, status = self.ready
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise SystemExit(f"gunicorn stopped at start: see {self.log_path}")
            try:
                answer = get(host, port, path, headers=self.headers, context=self.context)
                if answer[0] == status:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(
            f"gunicorn did not answer {path} with {status} within {START_SECONDS} s: "
            f"see {self.log_path}"
        )

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_SECONDS)
        self.process = None
        self.log.close()

    def workers(self) -> int:
        """How many workers the master runs."""
        if self.process is None:
            return 0
        pid = self.process.pid
        return len(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
