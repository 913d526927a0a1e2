"""The MDN HTTP Observatory's grade of the production server, scanned offline on the loopback.

The scanner (`@mdn/mdn-http-observatory` from the npm registry) is installed with
`--ignore-scripts` into `bench/.observatory/`: its install step would download
Chromium's HSTS preload list and IANA's list of top-level domains, which the
scan of a local server needs neither of, so they are stubbed (`{}` and `[]` in
the package's `conf/`). Its command line scans `http://HOST/` and
`https://HOST/` on the default ports, so the production server (gunicorn,
`gunicorn.conf.py`, `DJANGO_DEBUG=0`, PostgreSQL `cp_observatory`, Redis
database 14) is started twice on 127.0.0.1 as `localhost`: over TLS on port 443
with a self-signed certificate made for the run (trusted by the scanner through
`NODE_EXTRA_CA_CERTS`; Django sends HSTS only on secure requests, and the
scanner gives no credit for a certificate it does not trust), and in plain HTTP
on port 80, where the site itself redirects to https. The grade, the score and
every test's result go to `bench/observatory.md` and `bench/observatory.json`;
the exit code is 1 unless the grade is A+.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.production import (
    BASE_DIR,
    POSTGRES,
    Gunicorn,
    collectstatic,
    prepare_database,
    production_env,
)

PACKAGE = "@mdn/mdn-http-observatory"
VERSION = "1.4.8"
NODE_MAJOR = 20
INSTALL_DIR = BASE_DIR / "bench/.observatory"
PACKAGE_DIR = INSTALL_DIR / "node_modules" / PACKAGE
# What its install step would download, stubbed: no site is on the preload list, and
# the command line checks no top-level domain (only its web API does).
STUBS = {"hsts-preload.json": "{}", "tld-list.json": "[]"}
DATABASE_URL = f"{POSTGRES}/cp_observatory"
REDIS_URL = "redis://127.0.0.1:6379/14"
HOST = "localhost"
ADDRESS = "127.0.0.1"
HTTPS_PORT, HTTP_PORT = 443, 80
WANTED = "A+"
SCAN_SECONDS = 120


def install() -> Path:
    """The scanner's command line, installed once (``npm install --ignore-scripts``) with
    its downloaded lists stubbed."""
    installed = PACKAGE_DIR / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != VERSION:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is not installed: apt-get install -y npm")
        INSTALL_DIR.mkdir(parents=True, exist_ok=True)
        print(f"[observatory] installing {PACKAGE}@{VERSION}", file=sys.stderr, flush=True)
        subprocess.run(  # noqa: S603 (npm, fixed arguments)  # nosec B603
            [npm, "install", "--prefix", str(INSTALL_DIR), "--ignore-scripts", "--no-audit",
             "--no-fund", "--loglevel=error", f"{PACKAGE}@{VERSION}"],
            check=True,
            timeout=600,
        )  # fmt: skip
    for name, text in STUBS.items():
        stub = PACKAGE_DIR / "conf" / name
        if not stub.exists():
            stub.write_text(text)
    return PACKAGE_DIR / "src/scan.js"


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for ``HOST`` (and 127.0.0.1), valid two days, and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 (openssl, fixed arguments)  # nosec B603
        [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
         "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},IP:{ADDRESS}",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


def check_ports() -> None:
    """Nothing else may listen where the scanner looks: ports 80 and 443 of ``HOST``."""
    resolved = {info[4][0] for info in socket.getaddrinfo(HOST, None, type=socket.SOCK_STREAM)}
    if resolved != {ADDRESS}:
        raise SystemExit(f"{HOST} resolves to {sorted(resolved)}, not only {ADDRESS}")
    for port in (HTTP_PORT, HTTPS_PORT):
        with socket.socket() as probe:
            # As gunicorn binds: the closed connections of a run a minute ago
            # (TIME_WAIT) do not keep the port.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((ADDRESS, port))
            except OSError as error:
                raise SystemExit(
                    f"cannot listen on {ADDRESS}:{port} ({error.strerror}): the scanner looks "
                    f"there; stop what listens on it, or run as a user allowed to bind it."
                ) from None


def node_version() -> str:
    done = subprocess.run(  # noqa: S603 (the node found on PATH)  # nosec B603
        [shutil.which("node") or "node", "--version"], capture_output=True, text=True, timeout=30
    )
    return done.stdout.strip()


def scan(script: Path, cert: Path) -> dict:
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(cert)}
    done = subprocess.run(  # noqa: S603 (node, on the scanner we installed)  # nosec B603
        [shutil.which("node") or "node", str(script), HOST],
        env=env,
        capture_output=True,
        text=True,
        timeout=SCAN_SECONDS,
    )
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"the scanner printed no result:\n{done.stdout}\n{done.stderr}") from None
    if "error" in result:
        raise SystemExit(f"the scan failed: {result['error']}")
    return result


def summarise(result: dict) -> dict:
    """Grade, score and each test's outcome, from the scanner's answer."""
    outcome = result["scan"]
    tests = {
        name: {
            "pass": test["pass"],
            "result": test["result"],
            "score_modifier": test["scoreModifier"],
            # What the test saw: the redirect route, HSTS's max-age, the parsed policy…
            "details": {
                key: value
                for key, value in test.items()
                if key not in ("pass", "result", "scoreModifier", "expectation")
            },
        }
        for name, test in sorted(result["tests"].items())
    }
    return {
        "grade": outcome["grade"],
        "score": outcome["score"],
        "tests_passed": outcome["testsPassed"],
        "tests_quantity": outcome["testsQuantity"],
        "status_code": outcome["statusCode"],
        "tests": tests,
        "response_headers": outcome["responseHeaders"],
    }


def shortfall(results: dict) -> list[str]:
    """The tests that failed or cost points: what keeps the grade below A+."""
    return [
        f"{name}: {test['result']} ({test['score_modifier']:+d})"
        for name, test in results["tests"].items()
        if not test["pass"] or test["score_modifier"] < 0
    ]


def seen(details: dict) -> str:
    """What a test saw, briefly: the redirect route, or the header it read."""
    if details.get("route"):
        return " → ".join(details["route"])
    if isinstance(details.get("data"), str):
        return f"`{details['data']}`"
    return ""


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# HTTP Observatory",
        "",
        f"**Grade {results['grade']}, score {results['score']}** "
        f"({results['tests_passed']} of {results['tests_quantity']} tests passed), "
        f"{PACKAGE} {VERSION} scanning the production server offline on the loopback as "
        f"`{HOST}` (https on port {HTTPS_PORT} with a self-signed certificate the scanner "
        f"trusts, http on port {HTTP_PORT}). Made by `make observatory` "
        "(`.venv/bin/python -m bench.observatory`).",
        "",
        "| test | passed | result | score | seen |",
        "|---|---|---|---:|---|",
    ]
    for name, test in results["tests"].items():
        lines.append(
            f"| {name} | {'yes' if test['pass'] else 'no'} | {test['result']} | "
            f"{test['score_modifier']:+d} | {seen(test['details'])} |"
        )
    policy = results["response_headers"].get("content-security-policy", "none")
    lines += ["", f"Content-Security-Policy: `{policy}`."]
    lines += [
        "",
        *(
            [f"Below {WANTED} because of: " + "; ".join(shortfall(results)) + ".", ""]
            if results["grade"] != WANTED
            else []
        ),
        "The scan: `NODE_EXTRA_CA_CERTS=cert.pem node "
        f"bench/.observatory/node_modules/{PACKAGE}/src/scan.js {HOST}` (the package's own "
        "`mdn-http-observatory-scan` wrapper replaces `NODE_EXTRA_CA_CERTS` with its bundle "
        "of public authorities, so the script is run directly).",
        "",
        f"Node {results['node']}; commit {m['commit']}, {m['date']}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=BASE_DIR / "bench",
        help="where observatory.md and .json go",
    )
    args = parser.parse_args(argv)
    version = node_version() if shutil.which("node") else ""
    if not version.startswith("v") or int(version[1:].split(".")[0]) < NODE_MAJOR:
        raise SystemExit(
            f"the scanner needs Node.js {NODE_MAJOR} or later and npm; found {version or 'none'}"
        )
    check_ports()
    script = install()
    prepare_database(DATABASE_URL)
    env = production_env(DATABASE_URL, REDIS_URL, hosts=HOST, raise_throttles=False)
    collectstatic(env)
    import redis

    redis.Redis.from_url(REDIS_URL, socket_timeout=10).flushdb()
    logs = BASE_DIR / "bench/logs"
    with tempfile.TemporaryDirectory(prefix="cyberpeace-observatory-") as folder:
        cert, key = certificate(Path(folder))
        trusted = ssl.create_default_context(cafile=str(cert))
        https = Gunicorn(
            env,
            logs / "observatory-https.log",
            [f"{ADDRESS}:{HTTPS_PORT}"],
            args=("--workers=2", f"--certfile={cert}", f"--keyfile={key}"),
            ready=(HOST, HTTPS_PORT, "/healthz", 200),
            context=trusted,
        )
        plain = Gunicorn(
            env,
            logs / "observatory-http.log",
            [f"{ADDRESS}:{HTTP_PORT}"],
            args=("--workers=1",),
            # Every address but /healthz (which load balancers ask over http) redirects.
            ready=(HOST, HTTP_PORT, "/robots.txt", 301),
        )
        with https, plain:
            print(f"[observatory] scanning {HOST}", file=sys.stderr, flush=True)
            started = time.monotonic()
            result = scan(script, cert)
    results = summarise(result)
    results["scan_seconds"] = round(time.monotonic() - started, 1)
    results["node"] = version
    results["package"] = f"{PACKAGE}@{VERSION}"
    results["machine"] = report.machine(f"{POSTGRES}/postgres")
    args.output.mkdir(parents=True, exist_ok=True)
    text = markdown(results)
    (args.output / "observatory.md").write_text(text)
    (args.output / "observatory.json").write_text(json.dumps(results, indent=2) + "\n")
    print(text)
    if results["grade"] != WANTED:
        print(
            f"Grade {results['grade']}, not {WANTED}: " + "; ".join(shortfall(results)),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
