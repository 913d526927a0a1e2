"""The load test's pieces: wrk's figures, the editor's forms, the lost-edit check, the
verdict; wrk and its script against a tiny local server; and, where PostgreSQL and wrk
are there, a short run of the whole thing against the production server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load
from bench.production import BASE_DIR, POSTGRES

FIGURES = (
    'LOAD-FIGURES {"requests": 6000, "duration_us": 60000000, "bytes": 120000000, '
    '"errors": {"connect": 1, "read": 2, "write": 3, "timeout": 4, "status": 5}, '
    '"latency_us": {"p50": 210500, "p90": 1200000, "p99": 1900000, "max": 2800000, '
    '"mean": 400000.5}, "statuses": {"500": 5, "200": 5995}, '
    '"cache": {"miss": 1000, "hit": 4995, "none": 5}}'
)
WRK_OUTPUT = f"""\
Running 1m test @ http://127.0.0.1:8123/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   400.00ms  300.00ms   2.80s    80.00%
  6000 requests in 1.00m, 114.44MB read
{FIGURES}
Requests/sec:    100.00
"""


def test_it_reads_the_readers_figures_from_the_scripts_line():
    assert load.parse_figures(WRK_OUTPUT) == {
        "requests": 6000,
        "seconds": 60.0,
        "rps": 100.0,
        "mb_read": 120.0,
        "latency_ms": {"p50": 210.5, "p90": 1200.0, "p99": 1900.0, "max": 2800.0, "mean": 400.0},
        "statuses": {"200": 5995, "500": 5},
        "cache": {"hit": 4995, "miss": 1000, "none": 5},
        "non_2xx_3xx": 5,
        "socket_errors": {"connect": 1, "read": 2, "write": 3, "timeout": 4},
    }
    assert load.reader_errors(load.parse_figures(WRK_OUTPUT)) == 15


def test_it_refuses_wrk_output_without_the_scripts_figures():
    with pytest.raises(ValueError, match="no figures"):
        load.parse_figures("unable to connect to 127.0.0.1:8123 Connection refused\n")


def test_the_script_cycles_over_the_paths_it_is_given_and_refuses_others():
    script = load.lua_script(["/", "/events/?q=cyber", "/fr/"])
    assert 'local paths = {"/", "/events/?q=cyber", "/fr/"}' in script
    assert '["X-Forwarded-Proto"] = "https"' in script
    with pytest.raises(ValueError, match="not a path"):
        load.lua_script(['/"); os.exit() --'])
    with pytest.raises(ValueError, match="not a path"):
        load.lua_script(["http://example.org/"])


CHANGE_FORM = """
<form id="logout-form" method="post"><input name="csrfmiddlewaretoken" value="other"></form>
<form enctype="multipart/form-data" method="post" id="organisation_form" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
  <input type="text" name="name" value="Access &quot;Now&quot;" maxlength="200">
  <input type="checkbox" name="is_thing" checked>
  <input type="checkbox" name="not_ticked" value="yes">
  <input type="radio" name="pick" value="a"><input type="radio" name="pick" value="b" checked>
  <input type="text" name="frozen" value="x" disabled>
  <input type="submit" name="_save" value="Save">
  <input type="file" name="upload">
  <select name="stakeholder_group">
    <option value="">---------</option>
    <option value="ngo" selected>NGOs and associations</option>
  </select>
  <select name="country"><option value="">---------</option><option value="CH">Switzerland</option></select>
  <select name="sources" multiple>
    <option value="3" selected>First</option><option value="4">Second</option>
    <option value="5" selected>Third</option>
  </select>
  <select name="kind"><option selected>plain</option></select>
  <textarea name="summary" rows="3">
Line one &lt;b&gt;
line two</textarea>
  <textarea name="description">

Starts with a blank line.</textarea>
  <input type="hidden" name="relations-TOTAL_FORMS" value="1">
</form>
<form id="after"><input name="later" value="no"></form>
"""


def test_it_sends_back_what_a_browser_would_from_the_form_it_names():
    assert load.form_fields(CHANGE_FORM, "organisation_form") == [
        ("csrfmiddlewaretoken", "tok&en"),
        ("name", 'Access "Now"'),
        ("is_thing", "on"),
        ("pick", "b"),
        ("stakeholder_group", "ngo"),
        ("country", ""),
        ("sources", "3"),
        ("sources", "5"),
        ("kind", "plain"),
        ("summary", "Line one <b>\nline two"),
        ("description", "\nStarts with a blank line."),
        ("relations-TOTAL_FORMS", "1"),
    ]


def test_it_says_when_the_form_is_not_on_the_page():
    with pytest.raises(ValueError, match="no form with id 'event_form'"):
        load.form_fields(CHANGE_FORM, "event_form")


def test_it_changes_one_field_and_refuses_a_missing_or_repeated_one():
    fields = [("name", "old"), ("sources", "3"), ("sources", "5")]
    assert load.with_value(fields, "name", "new") == [
        ("name", "new"),
        ("sources", "3"),
        ("sources", "5"),
    ]
    with pytest.raises(ValueError, match="no single field 'summary'"):
        load.with_value(fields, "summary", "x")
    with pytest.raises(ValueError, match="no single field 'sources'"):
        load.with_value(fields, "sources", "x")


def save(value: str, outcome: str = "saved", record: str = "organisation abb") -> load.Save:
    return load.Save(record, "api", value, outcome, 0.1)


def test_nothing_is_lost_when_every_save_is_one_version_and_the_last_is_kept():
    saves = [save("a"), save("b", record="event e"), save("c"), save("d", record="event e")]
    current = {"organisation abb": "c", "event e": "d"}
    history = {"organisation abb": ["a", "c"], "event e": ["b", "d"]}
    assert load.lost_edits(saves, current, history) == []


def test_a_save_missing_from_the_history_is_a_lost_edit():
    problems = load.lost_edits(
        [save("a"), save("b")], {"organisation abb": "b"}, {"organisation abb": ["b"]}
    )
    assert problems == ["organisation abb: “a” was saved but is not in its history"]
    assert load.lost_count(problems) == 1


def test_a_record_not_holding_its_last_save_is_a_lost_edit():
    problems = load.lost_edits(
        [save("a"), save("b")], {"organisation abb": "a"}, {"organisation abb": ["a", "b"]}
    )
    assert problems == ["organisation abb: holds “a”, not its last save “b”"]
    assert load.lost_count(problems) == 1


def test_a_save_in_the_history_twice_or_a_version_nobody_saved_is_reported_but_not_lost():
    problems = load.lost_edits(
        [save("a")], {"organisation abb": "a"}, {"organisation abb": ["a", "a", "zzz"]}
    )
    assert problems == [
        "organisation abb: “a” is in its history 2 times",
        "organisation abb: its history holds “zzz”, which no save made",
    ]
    assert load.lost_count(problems) == 0


def test_saves_out_of_order_in_the_history_are_reported():
    problems = load.lost_edits(
        [save("a"), save("b")], {"organisation abb": "b"}, {"organisation abb": ["b", "a"]}
    )
    assert problems == ["organisation abb: its history holds the saves out of order"]


def test_a_save_that_got_no_answer_may_or_may_not_be_kept():
    saves = [save("a"), save("b", outcome="failed")]
    for current, history in (("a", ["a"]), ("b", ["a", "b"])):
        assert (
            load.lost_edits(saves, {"organisation abb": current}, {"organisation abb": history})
            == []
        )
    # A refused save must leave nothing behind.
    refused = [save("a"), save("b", outcome="refused")]
    assert load.lost_edits(
        refused, {"organisation abb": "b"}, {"organisation abb": ["a", "b"]}
    ) == [
        "organisation abb: its history holds “b”, which no save made",
        "organisation abb: holds “b”, not its last save “a”",
    ]


def clean_results() -> dict:
    return {
        "readers": load.parse_figures(
            FIGURES.replace('"status": 5', '"status": 0')
            .replace('"connect": 1, "read": 2, "write": 3, "timeout": 4', '"connect": 0, "read": 0, "write": 0, "timeout": 0')
            .replace('"500": 5, ', "")
        ),
        "editor": {
            "saves": 12,
            "refused": [],
            "failed": [],
            "stale_reads": [],
            "read_errors": [],
            "history_problems": [],
        },
    }  # fmt: skip


def test_a_clean_run_passes_and_each_kind_of_error_fails_it():
    assert load.verdict(clean_results()) == []
    erring = clean_results()
    erring["readers"]["socket_errors"]["timeout"] = 2
    assert load.verdict(erring) == [
        "reader socket errors: {'connect': 0, 'read': 0, 'write': 0, 'timeout': 2}"
    ]
    redirected = clean_results()
    redirected["readers"]["statuses"]["301"] = 4
    assert load.verdict(redirected) == ["reader answers other than 200: {'200': 5995, '301': 4}"]
    stale = clean_results()
    stale["editor"]["stale_reads"] = ["organisation abb: the API still showed an older summary"]
    assert load.verdict(stale) == ["editor stale reads: 1"]
    idle = clean_results()
    idle["editor"]["saves"] = 0
    assert load.verdict(idle) == ["the editor saved nothing"]


class Answers(BaseHTTPRequestHandler):
    """200 (from the cache) for every path but /missing/ (404); records that the proxy's
    header came."""

    seen: list[str] = []

    def do_GET(self) -> None:
        Answers.seen.append(self.headers.get("X-Forwarded-Proto", ""))
        status = 404 if self.path == "/missing/" else 200
        self.send_response(status)
        if status == 200:
            self.send_header("X-Cache", "hit")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


needs_wrk = pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install -y wrk)"
)


@needs_wrk
def test_wrk_runs_the_script_and_counts_every_answer_by_status(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        figures = load.readers(
            server.server_address[1], ["/", "/missing/"], clients=2, seconds=1, workdir=tmp_path
        )
    finally:
        server.shutdown()
        server.server_close()
    statuses = figures["statuses"]
    assert set(statuses) == {"200", "404"}
    assert sum(statuses.values()) == figures["requests"] > 10
    assert figures["non_2xx_3xx"] == statuses["404"]
    assert figures["cache"] == {"hit": statuses["200"], "none": statuses["404"]}
    assert set(Answers.seen) == {"https"}


def postgres_answers() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


@needs_wrk
def test_a_short_run_against_the_production_server_loses_nothing(tmp_path):
    if not postgres_answers():
        pytest.skip(f"no PostgreSQL at {POSTGRES}")
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", "--seconds=3", "--clients=4", "--workers=2",
         f"--output={tmp_path}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "load.json").read_text())
    assert results["verdict"] == []
    assert results["readers"]["requests"] > 0
    assert results["editor"]["saves"] >= 1
    assert results["editor"]["lost_edits"] == 0
    assert (tmp_path / "load.md").read_text().startswith("# Load test")
