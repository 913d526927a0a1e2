"""The Observatory scan's pieces: reading the scanner's answer, what keeps a grade below A+,
the report, and the certificate the scanner must trust (no server, no scanner)."""

from __future__ import annotations

import shutil
import socket
import ssl
import threading

import pytest

from bench import observatory


def scanner_answer(**tests) -> dict:
    """The scanner's JSON, trimmed to what the script reads, with ``tests`` changed."""
    base = {
        "redirection": {
            "expectation": "redirection-to-https",
            "pass": True,
            "result": "redirection-to-https",
            "scoreModifier": 0,
            "route": ["http://localhost/", "https://localhost/"],
            "destination": "https://localhost/",
        },
        "strict-transport-security": {
            "expectation": "hsts-implemented-max-age-at-least-six-months",
            "pass": True,
            "result": "hsts-implemented-max-age-at-least-six-months",
            "scoreModifier": 0,
            "data": "max-age=63072000; includeSubDomains; preload",
        },
        "x-frame-options": {
            "expectation": "x-frame-options-sameorigin-or-deny",
            "pass": True,
            "result": "x-frame-options-implemented-via-csp",
            "scoreModifier": 5,
            "data": "DENY",
        },
    }
    return {
        "scan": {
            "grade": "A+",
            "score": 105,
            "testsPassed": 3,
            "testsQuantity": 3,
            "statusCode": 200,
            "responseHeaders": {"content-security-policy": "default-src 'self'"},
        },
        "tests": base | tests,
    }


def test_it_keeps_the_grade_the_score_and_each_tests_outcome():
    results = observatory.summarise(scanner_answer())
    assert (results["grade"], results["score"], results["tests_passed"]) == ("A+", 105, 3)
    assert results["tests"]["redirection"] == {
        "pass": True,
        "result": "redirection-to-https",
        "score_modifier": 0,
        "details": {
            "route": ["http://localhost/", "https://localhost/"],
            "destination": "https://localhost/",
        },
    }
    assert observatory.shortfall(results) == []


def test_it_names_the_tests_that_keep_the_grade_below_a_plus():
    missing = {
        "expectation": "hsts-implemented-max-age-at-least-six-months",
        "pass": False,
        "result": "hsts-not-implemented",
        "scoreModifier": -20,
        "data": None,
    }
    answer = scanner_answer(**{"strict-transport-security": missing})
    answer["scan"] |= {"grade": "B+", "score": 85, "testsPassed": 2}
    results = observatory.summarise(answer)
    assert observatory.shortfall(results) == [
        "strict-transport-security: hsts-not-implemented (-20)"
    ]
    results |= {"node": "v20", "machine": {"commit": "abc1234", "date": "2026-01-01"}}
    text = observatory.markdown(results)
    assert "**Grade B+, score 85**" in text
    assert "Below A+ because of: strict-transport-security: hsts-not-implemented (-20)." in text


def test_the_report_shows_what_each_test_saw():
    results = observatory.summarise(scanner_answer())
    results |= {"node": "v20", "machine": {"commit": "abc1234", "date": "2026-01-01"}}
    text = observatory.markdown(results)
    assert (
        "| redirection | yes | redirection-to-https | +0 | http://localhost/ → https://localhost/ |"
        in text
    )
    assert "`max-age=63072000; includeSubDomains; preload`" in text
    assert "Below A+" not in text


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_certificate_is_trusted_for_localhost_by_a_client_given_it(tmp_path):
    cert, key = observatory.certificate(tmp_path)
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept() -> None:
        connection, _ = listener.accept()
        try:
            with server_side.wrap_socket(connection, server_side=True) as tls:
                tls.recv(1)
        except (ssl.SSLError, OSError):
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    client = ssl.create_default_context(cafile=str(cert))
    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
            client.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            names = [value for kind, value in tls.getpeercert()["subjectAltName"]]
            tls.sendall(b"x")
    finally:
        thread.join(timeout=10)
        listener.close()
    assert names == ["localhost", "127.0.0.1"]
