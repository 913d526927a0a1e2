"""Measure the production server with wrk, at each size of generated data.

For each size, and each way (uncached: ``PAGE_CACHE_SECONDS=0``; cached: the
setting left to its default), it starts gunicorn with two sync workers on
127.0.0.1 and production settings, fetches every URL once (each must answer
200), then measures every URL for a few seconds, three runs interleaved (run 1
of every URL, then run 2…), the bare view in every run, and keeps the medians.
Every figure is also a ratio to the bare view of the same run: these machines
are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench import generate, report

BASE_DIR = generate.BASE_DIR
SERVER = "postgres://postgres@127.0.0.1:5432"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
FULL_SIZE = "100k"
MODES = ("uncached", "cached", "cold")
# Cold: every cache off, so every request does all its work, as the first one
# after a write does. Measured at the full size only, on these.
COLD = {
    "bare", "html events list", "html organisations list", "html event detail",
    "html search", "api events list", "api organisations list", "api event detail",
}  # fmt: skip
REDIS_URL = "redis://127.0.0.1:6379/13"
FEED_SINCE = "2022-12-31T00:00:00Z"
FEED_DEPTH = 60
DEEP_PAGE = 1000
CONNECTIONS = 16
# Up to CONNECTIONS slow answers may be left to finish after a figure.
DRAIN_SECONDS = 600


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    # What the speed targets group it with: bare, html-list, html-detail, api-list,
    # api-detail, search, facets, feed, other.
    group: str


def endpoints(sizes: generate.Sizes, *, full: bool) -> list[Endpoint]:
    """What is measured: everything at the full size, the handful the scale ratios need
    at the others. The deep page of the change feed is found later, by following it."""
    word = generate.SEARCH_WORD
    slugs = sizes.typical()
    few = [
        Endpoint("bare", "/bench/bare/", "bare"),
        Endpoint("html event detail", f"/events/{slugs['event']}/", "html-detail"),
        Endpoint("html events list", "/events/", "facets"),
        Endpoint("html search", f"/search/?q={word}", "search"),
        Endpoint("api events list", "/api/v1/events/", "api-list"),
        Endpoint("api changes first", f"/api/v1/changes/?since={FEED_SINCE}", "feed"),
    ]
    if not full:
        return few
    paths = {"organisation": "organisations", "programme": "programmes", "event": "events",
             "topic": "topics", "person": "people", "source": "sources"}  # fmt: skip
    more = [Endpoint("html home", "/", "html-list")]
    for kind, plural in paths.items():
        if kind == "source":
            continue
        if kind != "event":
            more.append(Endpoint(f"html {plural} list", f"/{plural}/", "html-list"))
            more.append(Endpoint(f"html {kind} detail", f"/{plural}/{slugs[kind]}/", "html-detail"))
    more += [
        Endpoint("html organisations search", f"/organisations/?q={word}", "search"),
        Endpoint("html events search", f"/events/?q={word}", "search"),
        Endpoint("html events feed.ics", "/events/feed.ics", "other"),
    ]
    for kind, plural in paths.items():
        if kind != "event":
            more.append(Endpoint(f"api {plural} list", f"/api/v1/{plural}/", "api-list"))
        more.append(
            Endpoint(f"api {kind} detail", f"/api/v1/{plural}/{slugs[kind]}/", "api-detail")
        )
    more += [
        Endpoint("api organisations search", f"/api/v1/organisations/?q={word}", "search"),
        Endpoint("api events search", f"/api/v1/events/?q={word}", "search"),
        Endpoint("api events deep offset page", f"/api/v1/events/?page={DEEP_PAGE}", "other"),
    ]
    return few + more


# wrk writes times as 812.00us, 1.23ms, 2.05s, 1.00m.
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(output: str) -> dict:
    """requests per second, p50 and p99 (ms), non-2xx/3xx answers and socket errors from
    the output of ``wrk --latency``."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if rps is None or p50 is None or p99 is None:
        raise ValueError(f"wrk said nothing measurable:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(rps[1]),
        "p50_ms": duration_ms(p50[1]),
        "p99_ms": duration_ms(p99[1]),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def summarise(runs: list[dict], bare_runs: list[dict]) -> dict:
    """The medians over runs of one figure, and of its ratio to the bare view of each run."""
    ratios = [
        run["rps"] / bare["rps"] if bare["rps"] else 0.0
        for run, bare in zip(runs, bare_runs, strict=True)
    ]
    return {
        "rps": statistics.median(run["rps"] for run in runs),
        "p50_ms": statistics.median(run["p50_ms"] for run in runs),
        "p99_ms": statistics.median(run["p99_ms"] for run in runs),
        "errors": sum(run["non_2xx"] + run["socket_errors"] for run in runs),
        "ratio": statistics.median(ratios),
        "runs": len(runs),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(url: str, mode: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": REDIS_URL,
        # The throttles would answer 429 long before the load ends: DRF's user throttle
        # counts anonymous readers by address too.
        "API_ANON_RATE": "100000000/second",
        "API_USER_RATE": "100000000/second",
    }
    for name in ("PAGE_CACHE_SECONDS", "COUNT_CACHE_SECONDS", "RECORD_CACHE_SECONDS"):
        env.pop(name, None)
    if mode in ("uncached", "cold"):
        env["PAGE_CACHE_SECONDS"] = "0"
    if mode == "cold":
        env["COUNT_CACHE_SECONDS"] = "0"
        env["RECORD_CACHE_SECONDS"] = "0"
    return env


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def fetch(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our server)  # nosec B310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """gunicorn with two sync workers on a free port of 127.0.0.1, stopped on leaving."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (our gunicorn, fixed arguments)  # nosec B603
            [
                str(BASE_DIR / ".venv/bin/gunicorn"),
                "cyberpeace.wsgi",
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start: see {self.log.name}")
            try:
                if fetch(self.base + "/bench/bare/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s: see {self.log.name}")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def worker_peaks_mb(self) -> list[float]:
        """The peak resident memory (VmHWM) of each worker: the master's children."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        peaks = []
        for child in children:
            status = Path(f"/proc/{child}/status").read_text()
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(round(int(match[1]) / 1024, 1))
        return peaks


def deep_feed_path(base: str, depth: int) -> tuple[str, int]:
    """Follow the change feed's ``next`` up to ``depth`` pages down: that page's path, and
    how deep it is."""
    url = f"{base}/api/v1/changes/?since={FEED_SINCE}"
    reached = 1
    while reached < depth:
        status, body = fetch(url)
        if status != 200:
            raise SystemExit(f"{url} answered {status}, not 200")
        following = json.loads(body)["next"]
        if not following:
            break
        url, reached = following, reached + 1
    return url.removeprefix(base), reached


def wrk(url: str, seconds: int) -> dict:
    # A generous timeout: a slow answer counts in the latency, not as a socket error.
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout=10s", "--latency", url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 (wrk on our URL)  # nosec B603
    return parse_wrk(done.stdout)


def answering(server: Server, points: list[Endpoint], label: str) -> dict[str, int]:
    """Fetch every point twice (once per worker): those that do not answer 200, with
    what they answered. The bench measures only pages that work."""
    failed = {}
    for point in [*points, *points]:
        status, _ = fetch(server.base + point.path)
        if status != 200 and point.name not in failed:
            failed[point.name] = status
            print(
                f"[{label}] {point.path} answered {status}, not 200: left out of the figures "
                "and reported as failed; see the server log in bench/logs/.",
                file=sys.stderr,
                flush=True,
            )
    return failed


def measure(server: Server, points: list[Endpoint], runs: int, seconds: int, label: str):
    """``runs`` interleaved runs of every point (run 1 of each, then run 2…)."""
    figures: dict[str, list[dict]] = {point.name: [] for point in points}
    started = time.monotonic()
    for run in range(1, runs + 1):
        for number, point in enumerate(points, start=1):
            figures[point.name].append(wrk(server.base + point.path, seconds))
            # The workers still answer what wrk asked and gave up on: wait for them to
            # finish (the queue is first come, first served) before the next figure.
            fetch(server.base + "/bench/bare/", timeout=DRAIN_SECONDS)
            print(
                f"[{label} {time.monotonic() - started:6.1f} s] run {run}/{runs}, "
                f"{number}/{len(points)} {point.name}: {figures[point.name][-1]['rps']:.0f} rps",
                file=sys.stderr,
                flush=True,
            )
    return figures


def collectstatic() -> None:
    env = server_env(SERVER + "/postgres", "uncached")
    subprocess.run(  # our own command, fixed arguments  # nosec B603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


def time_seed() -> float:
    """Seconds ``manage.py seed`` takes on a fresh, migrated SQLite file."""
    path = BASE_DIR / "bench/logs/seed.sqlite3"
    path.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run(  # noqa: S603 (our manage.py)  # nosec B603
        [*manage, "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    started = time.monotonic()
    subprocess.run([*manage, "seed", "-v0"], cwd=BASE_DIR, env=env, check=True)  # noqa: S603 (ours)  # nosec B603
    seconds = time.monotonic() - started
    path.unlink(missing_ok=True)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="of " + ", ".join(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=2, help="per figure and run")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench does).")
    started = time.monotonic()
    logs = BASE_DIR / "bench/logs"
    logs.mkdir(exist_ok=True)
    chosen = [size for size in args.sizes.split(",") if size]
    for size in chosen:
        # A process per size: Django's connection, once set up, stays on its database.
        subprocess.run(  # noqa: S603 (our generator)  # nosec B603
            [sys.executable, "-m", "bench.generate", f"--events={SIZES[size]}",
             f"--database={SERVER}/cp_bench_{size}"],
            cwd=BASE_DIR,
            check=True,
        )  # fmt: skip
    print("[bench] collecting static files", file=sys.stderr, flush=True)
    collectstatic()
    results: dict = {"sizes": {}, "feed_depth": {}, "memory_mb": {}, "failed": {}}
    for size in chosen:
        url = f"{SERVER}/cp_bench_{size}"
        sizes = generate.Sizes(SIZES[size])
        points = endpoints(sizes, full=size == FULL_SIZE)
        results["sizes"][size] = {}
        results["memory_mb"][size] = {}
        # The scale ratios compare uncached figures: the smaller sizes need no others.
        for mode in MODES if size == FULL_SIZE else MODES[:1]:
            flush_redis()
            label = f"{size} {mode}"
            with Server(server_env(url, mode), logs / f"gunicorn-{size}-{mode}.log") as server:
                path, depth = deep_feed_path(server.base, FEED_DEPTH)
                results["feed_depth"][size] = depth
                measured = [*points, Endpoint("api changes deep", path, "feed")]
                if mode == "cold":
                    measured = [point for point in measured if point.name in COLD]
                failed = answering(server, measured, label)
                if "bare" in failed:
                    raise SystemExit(f"{label}: the bare view does not answer: see bench/logs/.")
                results["failed"][f"{size} {mode}"] = failed
                measured = [point for point in measured if point.name not in failed]
                figures = measure(server, measured, args.runs, args.seconds, label)
                results["memory_mb"][size][mode] = server.worker_peaks_mb()
            results["sizes"][size][mode] = {
                point.name: {
                    "path": point.path,
                    "group": point.group,
                    **summarise(figures[point.name], figures["bare"]),
                }
                for point in measured
            }
    print("[bench] timing manage.py seed", file=sys.stderr, flush=True)
    results["seed_seconds"] = time_seed()
    results["settings"] = {
        "runs": args.runs,
        "seconds": args.seconds,
        "connections": CONNECTIONS,
        "workers": 2,
        "search_word": generate.SEARCH_WORD,
    }
    results["machine"] = report.machine(SERVER + "/postgres")
    results["total_seconds"] = round(time.monotonic() - started, 1)
    markdown, data = report.write(results, BASE_DIR / "bench")
    print(f"Report: {markdown}\nData:   {data}")
    if any(results["failed"].values()):
        raise SystemExit("Some pages did not answer 200: see the report.")


if __name__ == "__main__":
    main()
