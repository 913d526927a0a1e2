"""The production server, started by a test: gunicorn on a free port of 127.0.0.1.

`Server` runs ``gunicorn cyberpeace.wsgi`` with two workers and the settings a
production machine sets (DJANGO_DEBUG=0, a secret key, the allowed hosts, the
database, Redis or not), and asks as the proxy in front of it would, with
``X-Forwarded-Proto: https``. It waits until ``/healthz`` answers, whatever it
answers, and always stops gunicorn and its workers. What gunicorn and the site
write goes to a file, shown when a test fails (tests/production/conftest.py).

`closed_port()`, `silent_port()` and `Proxy` are the faults: nothing
listening, something listening that never answers, and a TCP proxy a test
closes and opens again between the server and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
START_SECONDS = 60
# What a server needs of the test's environment; every setting of the site is its own.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONDONTWRITEBYTECODE")

# The servers whose log a failing test shows: those running, and those stopped
# since the test began.
RUNNING: list[Server] = []
STOPPED: list[Server] = []


def production_env(**settings: str) -> dict[str, str]:
    """The environment of a production process, with ``settings`` on top."""
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    return env | {
        "DJANGO_SETTINGS_MODULE": "cyberpeace.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        **settings,
    }


def manage(*args: str, env: dict[str, str]) -> str:
    """``manage.py ARGS`` in a process of its own; its output, or an error with its stderr."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A port of 127.0.0.1 that refuses connections: bound, so that nothing else takes
    it, but not listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@contextlib.contextmanager
def silent_port() -> Iterator[int]:
    """A port of 127.0.0.1 that takes connections and never answers: a server that hangs."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(16)
        yield held.getsockname()[1]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self):
        return json.loads(self.body)


class ServerError(Exception):
    pass


class Server:
    """``gunicorn cyberpeace.wsgi`` with ``workers`` sync workers; a context manager."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.env = env
        self.log = log
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        """The master's process id."""
        assert self.process is not None, "the server is not started"
        return self.process.pid

    def start(self) -> Server:
        self.spawn()
        return self.wait()

    def spawn(self) -> None:
        """Start gunicorn; `wait()` waits for it to answer (several servers boot at once)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cyberpeace.wsgi",
                    f"--workers={self.workers}",
                    f"--bind=127.0.0.1:{self.port}",
                    # Its default is one path for every gunicorn of the user: ours run side by side.
                    "--no-control-socket",
                    "--graceful-timeout=5",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # A group of its own, so that stop() ends the workers whatever became of
                # the master.
                start_new_session=True,
            )
        RUNNING.append(self)

    def wait(self) -> Server:
        assert self.process is not None, "the server is not started"
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.process.poll() is not None:
                self.stop()
                raise ServerError(f"gunicorn stopped at its start:\n{self.log_tail()}")
            try:
                self.get("/healthz", timeout=5)
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServerError(
                        f"gunicorn did not answer within {START_SECONDS} s:\n{self.log_tail()}"
                    ) from None
                time.sleep(0.2)
            else:
                return self

    def stop(self) -> None:
        if self.process is None or self not in RUNNING:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        RUNNING.remove(self)
        STOPPED.append(self)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Answer:
        """One request on a connection of its own, as the proxy in front would send it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(
                method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})}
            )
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path: str, **options) -> Answer:
        return self.request("GET", path, **options)

    def worker_pids(self) -> set[int]:
        """The master's children: its workers."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        return {int(pid) for pid in children.split()}

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def log_tail(self, lines: int = 80) -> str:
        try:
            return "\n".join(self.log_text().splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


class Proxy:
    """A TCP proxy from a port of 127.0.0.1 to ``target``, which a test closes (refusing
    new connections and cutting those open) and opens again, on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        # Connections made through the proxy since it was made.
        self.accepted = 0
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._listener: threading.Thread | None = None

    @property
    def live(self) -> int:
        with self._lock:
            return len(self._pairs)

    def open(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket()
        # The port was ours a moment ago: its connections may still be in TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)
        self._closing.clear()
        self._listener = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._listener.start()

    def close(self) -> None:
        """Refuse new connections and cut those open."""
        if self._listener is not None:
            self._closing.set()
            self._listener.join()
            self._listener = None
        self.cut()

    def cut(self) -> None:
        """Cut the connections open; new ones still pass."""
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            _shut(pair)

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while not self._closing.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(self.target, timeout=5)
                except OSError:
                    client.close()
                    continue
                client.settimeout(None)
                upstream.settimeout(None)
                pair = (client, upstream)
                with self._lock:
                    self.accepted += 1
                    self._pairs.add(pair)
                for source, sink in (pair, pair[::-1]):
                    threading.Thread(
                        target=self._pump, args=(source, sink, pair), daemon=True
                    ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, pair) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._pairs.discard(pair)
        _shut(pair)


def _shut(pair: tuple[socket.socket, socket.socket]) -> None:
    for end in pair:
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()
