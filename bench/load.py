"""Load test: readers and an editor at once against the production server, on the loopback.

For ``--seconds`` (60), ``--clients`` (32) concurrent readers (wrk, a Lua script
cycling over pages, lists, details, search, the event calendar, the API and the
French pages, all sent as the TLS proxy would: ``X-Forwarded-Proto: https``) read
the site while an editor saves records: through the API (PATCH with If-Match)
and through the admin's change form (signed in with the real sign-in form and
its CSRF token), each save giving a field a new value never used before. After
each save the editor reads the record as a visitor would (the public API and the
page, through the page cache): an old value there is a stale read. At the end
every save the editor was told succeeded must be in the database (the last one
of each record) and in the record's history, one version per save.

The server is gunicorn as deployed (``gunicorn.conf.py``: its workers, its
timeouts) with production settings on PostgreSQL (``cp_load``, created, migrated
and seeded if missing) and Redis database 12 (flushed first), on a free port of
127.0.0.1. The figures go to ``bench/load.md`` and ``bench/load.json``; the exit
code is 1 if any request failed, any save was refused, any read was stale or any
edit was lost.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

from bench import report
from bench.production import (
    BASE_DIR,
    POSTGRES,
    Gunicorn,
    collectstatic,
    get,
    prepare_database,
    production_env,
)
from bench.run import free_port

DATABASE_URL = f"{POSTGRES}/cp_load"
REDIS_URL = "redis://127.0.0.1:6379/12"
HOST = "127.0.0.1"
# What the TLS proxy in front of production adds to every request.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
EDITOR = "load-editor"
# How many records of each kind the editor works on.
EDITED = 3
# The field every save changes: plain text, shown on the page and in the API.
FIELD = "summary"
# A slow answer counts in the latency, not as an error, up to this (gunicorn's own
# worker timeout is 30 s).
WRK_TIMEOUT = "10s"
REQUEST_SECONDS = 30


# The readers' script: cycles over PATHS (each thread from its own place), counts the
# answers by status, and prints its figures as one JSON line that ``parse_figures`` reads.
LUA = r"""
local paths = {%(paths)s}
local headers = {["X-Forwarded-Proto"] = "https"}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 7)
end

function init(args)
  counter = offset or 0
  statuses = {}
  caches = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], headers)
end

function response(status, response_headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  -- The page cache says whether it answered (hit) or the view did (miss).
  local cache = response_headers["X-Cache"] or "none"
  caches[cache] = (caches[cache] or 0) + 1
end

local function summed(name)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(name) or {}) do
      total[key] = (total[key] or 0) + count
    end
  end
  local pairs_ = {}
  for key, count in pairs(total) do
    table.insert(pairs_, string.format('"%%s": %%d', key, count))
  end
  return table.concat(pairs_, ", ")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOAD-FIGURES {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "status": %%d}, ' ..
    '"latency_us": {"p50": %%d, "p90": %%d, "p99": %%d, "max": %%d, "mean": %%.1f}, ' ..
    '"statuses": {%%s}, "cache": {%%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, summed("statuses"), summed("caches")))
end
"""


def lua_script(paths: list[str]) -> str:
    """The readers' wrk script for ``paths``."""
    for path in paths:
        if not path.startswith("/") or any(c in path for c in '"\\\n'):
            raise ValueError(f"not a path wrk can be given: {path!r}")
    return LUA % {"paths": ", ".join(f'"{path}"' for path in paths)}


def parse_figures(output: str) -> dict:
    """The readers' figures from wrk's output: requests, rate, latency (ms), answers by
    status, and errors (non-2xx/3xx answers, and socket errors by kind)."""
    match = re.search(r"^LOAD-FIGURES (\{.*\})$", output, re.MULTILINE)
    if match is None:
        raise ValueError(f"wrk printed no figures:\n{output}")
    raw = json.loads(match[1])
    seconds = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "mb_read": round(raw["bytes"] / 1e6, 1),
        "latency_ms": {name: round(us / 1000, 2) for name, us in raw["latency_us"].items()},
        "statuses": dict(sorted(raw["statuses"].items())),
        "cache": dict(sorted(raw["cache"].items())),
        "non_2xx_3xx": errors["status"],
        "socket_errors": {kind: errors[kind] for kind in ("connect", "read", "write", "timeout")},
    }


def reader_errors(figures: dict) -> int:
    return figures["non_2xx_3xx"] + sum(figures["socket_errors"].values())


def readers(port: int, paths: list[str], *, clients: int, seconds: int, workdir: Path) -> dict:
    script = workdir / "readers.lua"
    script.write_text(lua_script(paths))
    command = [
        "wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}", f"--script={script}", f"http://{HOST}:{port}/",
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603 (wrk on our own loopback server)  # nosec B603
        command, capture_output=True, text=True, check=True, timeout=seconds + 120
    )
    return parse_figures(done.stdout)


class FormReader(HTMLParser):
    """What a browser would send from the form whose id is ``form_id``: every named
    input (checked boxes only), select and textarea, in order, as (name, value) pairs."""

    SKIPPED = {"submit", "button", "image", "reset", "file"}

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = self.found = False
        self.fields: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        disabled = "disabled" in a
        if tag == "input" and a.get("name") and not disabled:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in self.SKIPPED:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name") and not disabled:
            self.select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self.select["options"].append(self.option)
        elif tag == "textarea" and a.get("name") and not disabled:
            self.textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option["text"] += data
        elif self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not self.select["multiple"] and options:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self.fields.append((self.select["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # HTML drops the one line break that follows <textarea>.
            text = self.textarea["text"]
            self.fields.append((self.textarea["name"], text.removeprefix("\n")))
            self.textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    reader.close()
    if not reader.found:
        raise ValueError(f"no form with id {form_id!r} on the page")
    return reader.fields


def with_value(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """``fields`` with ``name`` set to ``value`` (it must be there, once)."""
    if sum(1 for key, _ in fields if key == name) != 1:
        raise ValueError(f"the form has no single field {name!r}")
    return [(key, value if key == name else old) for key, old in fields]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One browser or API client on the loopback, behind the (imagined) TLS proxy: it
    keeps its cookies (secure ones too: the proxy would have spoken https)."""

    def __init__(self, port: int, *, token: str | None = None) -> None:
        self.port, self.token = port, token
        self.cookies: dict[str, str] = {}
        self.origin = f"https://{HOST}:{port}"

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        sent = {**PROXY_HEADERS, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            sent["Authorization"] = f"Token {self.token}"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_SECONDS)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, answer_headers, data, seconds)

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> Answer:
        return self.request(
            "POST",
            path,
            body=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )


@dataclass(frozen=True)
class Record:
    kind: str  # organisation, event
    pk: int
    slug: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.slug}"

    @property
    def api_path(self) -> str:
        return f"/api/v1/{PLURALS[self.kind]}/{self.slug}/"

    @property
    def page_path(self) -> str:
        return f"/{PLURALS[self.kind]}/{self.slug}/"

    @property
    def admin_path(self) -> str:
        app = "orgs" if self.kind == "organisation" else "initiatives"
        return f"/admin/{app}/{self.kind}/{self.pk}/change/"


PLURALS = {"organisation": "organisations", "event": "events"}


@dataclass
class Save:
    record: str  # Record.label
    way: str  # api, admin
    value: str
    outcome: str  # saved; refused (the server said no); failed (no answer: unknown)
    seconds: float
    detail: str = ""


@dataclass
class Editor:
    """Saves records, one after another, until told to stop, and reads each save back
    as a visitor would."""

    port: int
    username: str
    password: str
    token: str
    records: list[Record]
    run: str
    saves: list[Save] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    read_errors: list[str] = field(default_factory=list)

    def sign_in(self) -> None:
        self.browser = Client(self.port)
        page = self.browser.request("GET", "/admin/login/?next=/admin/")
        if page.status != 200:
            raise SystemExit(f"the sign-in page answered {page.status}")
        fields = form_fields(page.text(), "login-form")
        fields = with_value(fields, "username", self.username)
        fields = with_value(fields, "password", self.password)
        answer = self.browser.post_form("/admin/login/?next=/admin/", fields)
        if answer.status != 302 or "sessionid" not in self.browser.cookies:
            raise SystemExit(f"signing in to the admin answered {answer.status}, not 302")
        self.api = Client(self.port, token=self.token)
        self.visitor = Client(self.port)

    def work(self, stop: threading.Event) -> None:
        try:
            self._work(stop)
        except Exception as error:  # the thread's end must be in the report, not lost
            self.read_errors.append(f"the editor stopped: {error!r}")

    def _work(self, stop: threading.Event) -> None:
        number = 0
        while not stop.is_set():
            record = self.records[number % len(self.records)]
            way = "api" if (number // len(self.records)) % 2 == 0 else "admin"
            number += 1
            value = f"Load test {self.run}, save {number}, through the {way}."
            try:
                save = (self.save_api if way == "api" else self.save_admin)(record, value)
            except (OSError, http.client.HTTPException, ValueError) as error:
                save = Save(record.label, way, value, "failed", 0.0, repr(error))
            self.saves.append(save)
            if save.outcome == "saved":
                self.read_back(record, value)

    def save_api(self, record: Record, value: str) -> Save:
        current = self.api.request("GET", record.api_path)
        if current.status != 200 or "etag" not in current.headers:
            return Save(record.label, "api", value, "refused", 0.0, f"GET {current.status}")
        answer = self.api.request(
            "PATCH",
            record.api_path,
            body=json.dumps({FIELD: value}).encode(),
            headers={"Content-Type": "application/json", "If-Match": current.headers["etag"]},
        )
        saved = answer.status == 200 and json.loads(answer.body).get(FIELD) == value
        detail = "" if saved else f"PATCH {answer.status}: {answer.text()[:300]}"
        return Save(
            record.label, "api", value, "saved" if saved else "refused", answer.seconds, detail
        )

    def save_admin(self, record: Record, value: str) -> Save:
        form = self.browser.request("GET", record.admin_path)
        if form.status != 200:
            return Save(record.label, "admin", value, "refused", 0.0, f"GET {form.status}")
        fields = with_value(form_fields(form.text(), f"{record.kind}_form"), FIELD, value)
        answer = self.browser.post_form(record.admin_path, [*fields, ("_save", "Save")])
        # Saved: back to the list. Refused: the form again, with its errors.
        saved = answer.status == 302 and "/change/" not in answer.headers.get("location", "")
        detail = "" if saved else f"POST {answer.status}: {admin_errors(answer.text())}"
        return Save(
            record.label, "admin", value, "saved" if saved else "refused", answer.seconds, detail
        )

    def read_back(self, record: Record, value: str) -> None:
        """The saved value must be what a visitor reads next, from the API and the page."""
        try:
            api = self.visitor.request("GET", record.api_path)
            page = self.visitor.request("GET", record.page_path)
        except (OSError, http.client.HTTPException) as error:
            self.read_errors.append(f"{record.label}: {error!r}")
            return
        if api.status != 200 or page.status != 200:
            self.read_errors.append(f"{record.label}: API {api.status}, page {page.status}")
            return
        if json.loads(api.body).get(FIELD) != value:
            self.stale.append(f"{record.label}: the API still showed an older {FIELD}")
        if value not in page.text():
            self.stale.append(f"{record.label}: the page still showed an older {FIELD}")


def admin_errors(html: str) -> str:
    """The admin's error messages on a refused form, briefly."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.DOTALL)
    text = " ".join(re.sub(r"<[^>]+>", " ", item) for item in found)
    return " ".join(text.split())[:300] or "no error shown"


def lost_edits(
    saves: list[Save], current: dict[str, str], history: dict[str, list[str]]
) -> list[str]:
    """Every save the editor was told succeeded, checked against what the database kept:
    ``current`` (each record's value now) and ``history`` (the values of its versions
    since the run began, oldest first). Each problem as a sentence; none if nothing was
    lost, nothing saved twice, and no version appeared that no save made."""
    problems = []
    for record in sorted({save.record for save in saves}):
        mine = [save for save in saves if save.record == record]
        saved = [save.value for save in mine if save.outcome == "saved"]
        # A save that got no answer may or may not have happened.
        unknown = {save.value for save in mine if save.outcome == "failed"}
        versions = history.get(record, [])
        for value in saved:
            count = versions.count(value)
            if count == 0:
                problems.append(f"{record}: “{value}” was saved but is not in its history")
            elif count > 1:
                problems.append(f"{record}: “{value}” is in its history {count} times")
        for value in versions:
            if value not in saved and value not in unknown:
                problems.append(f"{record}: its history holds “{value}”, which no save made")
        kept = list(dict.fromkeys(value for value in versions if value in saved))
        if kept != [value for value in saved if value in kept]:
            problems.append(f"{record}: its history holds the saves out of order")
        if not saved:
            continue
        last = len(mine) - 1 - [save.outcome for save in reversed(mine)].index("saved")
        allowed = {saved[-1]} | {
            save.value for save in mine[last + 1 :] if save.outcome == "failed"
        }
        if current.get(record) not in allowed:
            problems.append(
                f"{record}: holds “{current.get(record)}”, not its last save “{saved[-1]}”"
            )
    return problems


def lost_count(problems: list[str]) -> int:
    """Edits lost: saves missing from the history, and records not holding their last save."""
    return sum(1 for p in problems if "is not in its history" in p or ", not its last save" in p)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "cyberpeace.settings"
    import django

    django.setup()


def editor_account() -> tuple[str, str, str]:
    """The editor's name, a new password and a new API token (one day)."""
    from django.contrib.auth.models import Group, User

    from cyberpeace.roles import EDITORS
    from cyberpeace.tokens import issue_token

    user, _ = User.objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.is_staff = user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    _, token = issue_token(user=user, days=1)
    return user.username, password, token


def choose(count: int) -> tuple[list[Record], list[str]]:
    """The records the editor saves, and the paths the readers cycle over: the site's
    lists, a few records of each kind (those the editor changes among them), search, the
    event calendar, the API, and French pages."""
    from cyberpeace.publishing import Status
    from initiatives.models import Event, Programme
    from orgs.models import Organisation, Person, Topic

    def slugs(model, n: int) -> list[tuple[int, str]]:
        rows = model.objects.filter(status=Status.PUBLISHED).order_by("slug")
        return list(rows.values_list("pk", "slug")[:n])

    organisations, events = slugs(Organisation, count + 2), slugs(Event, count + 2)
    if len(organisations) < count or len(events) < count:
        raise SystemExit("the database holds too few published records: seed it first")
    edited = [Record("organisation", pk, slug) for pk, slug in organisations[:count]]
    edited += [Record("event", pk, slug) for pk, slug in events[:count]]
    programmes = [slug for _, slug in slugs(Programme, 3)]
    topic = slugs(Topic, 1)[0][1]
    person = slugs(Person, 1)[0][1]
    paths = ["/", "/organisations/", "/programmes/", "/events/", "/topics/", "/people/"]
    paths += [f"/organisations/{slug}/" for _, slug in organisations]
    paths += [f"/events/{slug}/" for _, slug in events]
    paths += [f"/programmes/{slug}/" for slug in programmes]
    paths += [f"/topics/{topic}/", f"/people/{person}/"]
    paths += ["/search/?q=cyber", "/organisations/?q=security", "/events/?country=CH"]
    paths += ["/events/feed.ics", "/events/feed/"]
    paths += ["/api/v1/organisations/", "/api/v1/events/", "/api/v1/programmes/"]
    paths += [f"/api/v1/organisations/{slug}/" for _, slug in organisations]
    paths += [f"/api/v1/events/{slug}/" for _, slug in events]
    paths += [f"/api/v1/programmes/{programmes[0]}/", "/api/v1/events/?q=cyber"]
    paths += ["/fr/", "/fr/organisations/", f"/fr/organisations/{organisations[0][1]}/"]
    paths += ["/fr/events/", f"/fr/events/{events[0][1]}/"]
    return edited, paths


def kept(records: list[Record], since: datetime.datetime) -> tuple[dict, dict]:
    """Each record's value now, and the values of its versions since ``since``."""
    from initiatives.models import Event
    from orgs.models import Organisation

    models = {"organisation": Organisation, "event": Event}
    current, history = {}, {}
    for record in records:
        model = models[record.kind]
        current[record.label] = model.objects.values_list(FIELD, flat=True).get(pk=record.pk)
        versions = model.history.filter(id=record.pk, history_date__gte=since)
        history[record.label] = list(
            versions.order_by("history_date", "history_id").values_list(FIELD, flat=True)
        )
    return current, history


def check_paths(port: int, paths: list[str]) -> None:
    """Every path the readers use must answer 200 before the load begins."""
    for path in paths:
        status = get(HOST, port, path, headers=PROXY_HEADERS)[0]
        if status != 200:
            raise SystemExit(f"{path} answered {status}, not 200: see bench/logs/load.log")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary_of(editor: Editor, problems: list[str]) -> dict:
    saved = [save for save in editor.saves if save.outcome == "saved"]
    times = [save.seconds * 1000 for save in saved]
    return {
        "saves": len(saved),
        "saves_by_way": {
            way: sum(1 for save in saved if save.way == way) for way in ("api", "admin")
        },
        "records": [record.label for record in editor.records],
        "save_ms": {
            "p50": round(statistics.median(times), 1) if times else 0.0,
            "p99": round(percentile(times, 0.99), 1),
            "max": round(max(times), 1) if times else 0.0,
        },
        "refused": [asdict(s) for s in editor.saves if s.outcome == "refused"],
        "failed": [asdict(s) for s in editor.saves if s.outcome == "failed"],
        "stale_reads": editor.stale,
        "read_errors": editor.read_errors,
        "lost_edits": lost_count(problems),
        "history_problems": problems,
    }


def verdict(results: dict) -> list[str]:
    """What went wrong, one line each; empty when the run passed."""
    wrong = []
    readers_, editor = results["readers"], results["editor"]
    if readers_["non_2xx_3xx"]:
        wrong.append(f"{readers_['non_2xx_3xx']} reader answers were not 2xx or 3xx")
    if sum(readers_["socket_errors"].values()):
        wrong.append(f"reader socket errors: {readers_['socket_errors']}")
    if set(readers_["statuses"]) - {"200"}:
        wrong.append(f"reader answers other than 200: {readers_['statuses']}")
    for name in ("refused", "failed", "stale_reads", "read_errors", "history_problems"):
        if editor[name]:
            wrong.append(f"editor {name.replace('_', ' ')}: {len(editor[name])}")
    if not editor["saves"]:
        wrong.append("the editor saved nothing")
    return wrong


def markdown(results: dict) -> str:
    r, e, m, s = results["readers"], results["editor"], results["machine"], results["settings"]
    lat, cache = r["latency_ms"], r["cache"]
    wrong = results["verdict"]
    lines = [
        "# Load test",
        "",
        f"{s['clients']} concurrent readers for {s['seconds']} s against the production server "
        f"(gunicorn, {s['workers']} workers, `gunicorn.conf.py`; PostgreSQL, Redis) on the "
        "loopback, while an editor saved records through the API and the admin. "
        "Made by `make load` (`.venv/bin/python -m bench.load`).",
        "",
        f"**Result: {'passed' if not wrong else 'FAILED'}** — "
        f"{reader_errors(r)} reader errors, {len(e['refused']) + len(e['failed'])} failed saves, "
        f"{len(e['stale_reads'])} stale reads, {e['lost_edits']} lost edits.",
        "",
        "## Readers (wrk)",
        "",
        "| requests | per second | p50 | p90 | p99 | max | non-2xx/3xx | socket errors "
        "(connect/read/write/timeout) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {r['requests']} | {r['rps']:.1f} | {lat['p50']:.1f} ms | {lat['p90']:.1f} ms | "
        f"{lat['p99']:.1f} ms | {lat['max']:.1f} ms | {r['non_2xx_3xx']} | "
        + "/".join(str(r["socket_errors"][k]) for k in ("connect", "read", "write", "timeout"))
        + " |",
        "",
        f"Answers by status: {', '.join(f'{k}: {v}' for k, v in r['statuses'].items())}. "
        f"{s['paths']} URLs in turn: home, lists, details, search, the event calendar and "
        "feed, API lists and details, French pages; each sent with "
        "`X-Forwarded-Proto: https`, as the TLS proxy does.",
        "",
        f"Page cache: {cache.get('hit', 0)} answers from the cache, {cache.get('miss', 0)} "
        f"built by their view and kept, {cache.get('none', 0)} not kept (answers the cache "
        "never holds). Every save makes every kept answer stale (`cyberpeace/cache.py`), so "
        "after each one the pages are built again: the slow tail (p90 and above) is mostly "
        f"readers waiting behind those rebuilds ({s['workers']} workers for {s['clients']} "
        "connections).",
        "",
        "## Editor",
        "",
        "| saves | through the API | through the admin | save p50 | save p99 | refused | "
        "no answer | stale reads | lost edits |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {e['saves']} | {e['saves_by_way']['api']} | {e['saves_by_way']['admin']} | "
        f"{e['save_ms']['p50']:.0f} ms | {e['save_ms']['p99']:.0f} ms | {len(e['refused'])} | "
        f"{len(e['failed'])} | {len(e['stale_reads'])} | {e['lost_edits']} |",
        "",
        f"Records saved in turn: {', '.join(e['records'])}; each save gave `{FIELD}` a new "
        "value (API: GET for the ETag, then PATCH with If-Match; admin: the change form, "
        "posted back with its CSRF token), then read it back as a visitor (public API and "
        "page, through the page cache). At the end, every save must be in the database (the "
        "last one of each record) and in the record's history, one version per save.",
    ]
    if wrong:
        lines += ["", "## What went wrong", ""] + [f"- {line}" for line in wrong]
        details = [*e["history_problems"], *e["stale_reads"], *e["read_errors"]]
        details += [f"{x['record']} ({x['way']}): {x['detail']}" for x in e["refused"]]
        details += [f"{x['record']} ({x['way']}): {x['detail']}" for x in e["failed"]]
        lines += [f"  - {line}" for line in details[:30]]
    lines += [
        "",
        "## Machine",
        "",
        f"{m['cores']} cores, {m['platform']}, Python {m['python']}, PostgreSQL "
        f"{m['postgresql']}, {m['wrk']}; load average {m['load_average'][0]} before the run "
        f"and {m['load_average'][1]} at its end; commit {m['commit']}, {m['date']}; "
        f"the whole run took {results['total_seconds']:.0f} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="how long the load lasts")
    parser.add_argument("--clients", type=int, default=32, help="concurrent readers")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--output", type=Path, default=BASE_DIR / "bench", help="where load.md and load.json go"
    )
    args = parser.parse_args(argv)
    if args.seconds < 1 or args.clients < 1:
        parser.error("--seconds and --clients must be at least 1")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make load does).")
    started = time.monotonic()
    prepare_database(DATABASE_URL)
    env = production_env(DATABASE_URL, REDIS_URL)
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    print("[load] collecting static files", file=sys.stderr, flush=True)
    collectstatic(env)
    import redis

    redis.Redis.from_url(REDIS_URL, socket_timeout=10).flushdb()
    setup_django()
    from django.utils import timezone

    username, password, token = editor_account()
    records, paths = choose(EDITED)
    port = free_port()
    run = secrets.token_hex(4)
    log = BASE_DIR / "bench/logs/load.log"
    ready = (HOST, port, "/healthz", 200)
    with (
        tempfile.TemporaryDirectory(prefix="cyberpeace-load-") as workdir,
        Gunicorn(env, log, [f"{HOST}:{port}"], ready=ready, headers=PROXY_HEADERS) as server,
    ):
        check_paths(port, paths)
        workers = server.workers()
        editor = Editor(port, username, password, token, records, run)
        editor.sign_in()
        since = timezone.now()
        stop = threading.Event()
        thread = threading.Thread(target=editor.work, args=(stop,), name="editor")
        print(
            f"[load] {args.clients} readers and an editor for {args.seconds} s on port {port}",
            file=sys.stderr,
            flush=True,
        )
        load_before = os.getloadavg()
        thread.start()
        try:
            figures = readers(
                port, paths, clients=args.clients, seconds=args.seconds, workdir=Path(workdir)
            )
        finally:
            stop.set()
            thread.join(timeout=2 * REQUEST_SECONDS + 10)
            if thread.is_alive():
                editor.read_errors.append("the editor did not stop with the readers")
        load_after = os.getloadavg()
    current, history = kept(records, since)
    problems = lost_edits(editor.saves, current, history)
    results = {
        "readers": figures,
        "editor": summary_of(editor, problems),
        "settings": {
            "seconds": args.seconds,
            "clients": args.clients,
            "workers": workers,
            "paths": len(paths),
            "wrk_timeout": WRK_TIMEOUT,
            "database": DATABASE_URL,
            "redis": REDIS_URL,
        },
        "paths": paths,
        "machine": {
            **report.machine(f"{POSTGRES}/postgres"),
            # The machine is shared: what else ran (1-minute load average, before and after).
            "load_average": [round(load_before[0], 2), round(load_after[0], 2)],
        },
        "total_seconds": round(time.monotonic() - started, 1),
    }
    results["verdict"] = verdict(results)
    args.output.mkdir(parents=True, exist_ok=True)
    text = markdown(results)
    (args.output / "load.md").write_text(text)
    (args.output / "load.json").write_text(json.dumps(results, indent=2) + "\n")
    print(text)
    return 1 if results["verdict"] else 0


if __name__ == "__main__":
    sys.exit(main())
