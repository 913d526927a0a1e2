"""Anonymous answers cached per URL, all dropped by the next write.

Every public page and API answer is the same for every anonymous reader (the
language is in the URL, drafts are shown to signed-in readers only), so
`PageCacheMiddleware` keeps each one, for `PAGE_CACHE_SECONDS`, under its
address. What a page embeds is far-reaching (an organisation's name is on its
programmes, events, people, topics, the search), so instead of working out
which pages a write touches, every write moves one *generation* and every
entry written under an older generation is stale. Writes are rare, reads are
many: the simple rule is also the safe one.

The generation must be the same for every server process, or one process
would serve what another has changed. With Redis (`REDIS_URL`) it is a key
beside the entries, read with each entry in one round trip (MGET). Without
Redis the entries are in each process's memory and the generation is the
modification time of a file, which every process on the machine sees: one
``stat()`` per request. Several machines need Redis.

When does it move? On every save, delete and many-to-many change of the
directory's models (signals), at once and again when the transaction commits:
a reader who read the old generation while the writer's transaction was open
may have stored what it saw before the commit, under the generation the
commit then leaves behind. A write that sends no signal (``QuerySet.update()``,
``bulk_create``) happens inside a request that writes (an editor's or a
partner's POST, PUT, PATCH or DELETE: the middleware moves the generation
after each) or inside a command, which calls `bump()` itself.

Counting is the other cost a list page pays whatever it shows: `memo()` keeps
facet counts and list totals under the same generation, for pages cached or not.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from cyberpeace.faults import CACHE_ERRORS, describe

logger = logging.getLogger(__name__)

GENERATION_KEY = "cyberpeace:generation"
# The apps whose records pages show. Corrections are left out: a visitor's
# suggestion changes no page, and must not be a way to empty the cache.
APPS = {"cyberpeace", "orgs", "initiatives"}
NOT_SHOWN = {"cyberpeace.correction"}
SAFE_METHODS = {"GET", "HEAD"}


def page_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def shared() -> bool:
    """Whether the cache itself is shared by every process (Redis), or theirs alone."""
    return bool(getattr(settings, "REDIS_URL", ""))


def generation_file() -> Path:
    path = getattr(settings, "CACHE_GENERATION_FILE", "")
    if path:
        return Path(path)
    # One file per checkout and database: two projects on a machine move their own.
    name = f"{settings.BASE_DIR}|{settings.DATABASES['default'].get('NAME')}"
    digest = hashlib.blake2b(name.encode(), digest_size=8).hexdigest()
    return Path(tempfile.gettempdir()) / f"cyberpeace-{digest}.generation"


def _file_generation() -> str:
    path = generation_file()
    try:
        return str(path.stat().st_mtime_ns)
    except FileNotFoundError:
        _touch(path)
        return str(path.stat().st_mtime_ns)


def _touch(path: Path) -> None:
    """Move the file's modification time forward, always to a new value."""
    try:
        before = path.stat().st_mtime_ns
    except FileNotFoundError:
        path.touch()
        before = 0
    now = max(time.time_ns(), before + 1)
    os.utime(path, ns=(now, now))


def _failed(what: str, error: Exception) -> None:
    """A cache that is down is a warning on one line (at every request while it is down);
    anything else, an error with its traceback."""
    if isinstance(error, CACHE_ERRORS):
        logger.warning("%s: %s", what, describe(error))
    else:
        logger.exception(what)


def bump() -> None:
    """Make every cached answer and count stale, in every process."""
    try:
        if shared():
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        else:
            _touch(generation_file())
    except Exception as error:
        # A cache that is down serves nothing either; its entries expire on their own.
        _failed("Could not move the cache generation", error)


def bump_now_and_on_commit() -> None:
    bump()
    if connection.in_atomic_block:
        pending = any(callback is bump for _, callback, _ in connection.run_on_commit)
        if not pending:
            transaction.on_commit(bump)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    meta = sender._meta
    if meta.app_label in APPS and meta.label_lower not in NOT_SHOWN:
        bump_now_and_on_commit()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"cyberpeace.cache.{id(signal)}")


def _read(key: str):
    """(generation, value stored under ``key`` for it, or None), in one round trip."""
    try:
        if shared():
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                generation = uuid.uuid4().hex
                if not cache.add(GENERATION_KEY, generation, timeout=None):
                    generation = cache.get(GENERATION_KEY)
                return generation, None
            entry = found.get(key)
        else:
            generation = _file_generation()
            entry = cache.get(key)
    except Exception as error:
        _failed("Could not read the cache", error)
        return None, None
    if entry is None or entry[0] != generation:
        return generation, None
    return generation, entry[1]


def _write(key: str, generation, value, seconds: int) -> None:
    if generation is None:
        return
    try:
        cache.set(key, (generation, value), timeout=seconds)
    except Exception as error:
        _failed("Could not write the cache", error)


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f"cyberpeace:{kind}:{digest}"


def memo(parts: tuple[str, ...], compute: Callable[[], object]):
    """``compute()``, or what it gave since the last write for the same ``parts``."""
    seconds = int(getattr(settings, "COUNT_CACHE_SECONDS", 0))
    if seconds <= 0:
        return compute()
    key = _key("memo", *parts)
    generation, value = _read(key)
    if value is None:
        value = compute()
        _write(key, generation, value, seconds)
    return value


def cache_get_many(keys: list[str]) -> dict:
    """Entries kept for ``keys`` (no generation: their keys say which version they are)."""
    try:
        return cache.get_many(keys)
    except Exception as error:
        _failed("Could not read the cache", error)
        return {}


def cache_set_many(entries: dict, seconds: int) -> None:
    try:
        cache.set_many(entries, timeout=seconds)
    except Exception as error:
        _failed("Could not write the cache", error)


def anonymous(request) -> bool:
    """No token, no session: a reader who sees what every visitor sees.

    Read from the request alone, with no query: a session cookie, even a stale
    one, sends the reader past the cache to the views, which know who it is.
    """
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(request) -> str:
    # DRF chooses the format of an API answer by Accept too (CSV for text/csv).
    accept = request.META.get("HTTP_ACCEPT", "") if request.path.startswith("/api/") else ""
    return _key("page", request.scheme, request.get_host(), request.get_full_path(), accept)


def cacheable(request, response) -> bool:
    """An answer any visitor may be given: complete, with nothing of this request in it."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    # A CSRF token in the page (a form) is this visitor's own.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def freeze(response) -> tuple:
    return (response.status_code, bytes(response.content), tuple(response.headers.items()))


def thaw(frozen: tuple) -> HttpResponse:
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class PageCacheMiddleware:
    """The innermost middleware: a hit skips only the view (and its transaction).

    Every middleware above it still runs on a hit, so the headers they add
    (security, CSP, CORS, language) are those of this request.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            if not anonymous(request) and response.status_code < 400:
                # Admin actions and some writes use QuerySet.update(): no signal.
                bump_now_and_on_commit()
            return response
        seconds = page_seconds()
        if seconds <= 0 or not anonymous(request):
            return self.get_response(request)
        key = page_key(request)
        generation, frozen = _read(key)
        if frozen is not None:
            response = thaw(frozen)
            response.headers["X-Cache"] = "hit"
            return _conditional(request, response)
        response = self.get_response(request)
        # Kept from a GET only: a server may strip the body of a HEAD's answer.
        if request.method == "GET" and cacheable(request, response):
            _write(key, generation, freeze(response), seconds)
            response.headers["X-Cache"] = "miss"
        return response


def _conditional(request, response):
    """A 304 when the reader already holds this answer, as the view itself would say."""
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if etag is None and last_modified is None:
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
