"""What the site answers when what it stands on fails: the database, or the cache.

**The database.** When it does not answer, every page answers a 503 of the
site's own (`templates/503.html`), the API a JSON 503, both with
`Retry-After`, and `/healthz` its own JSON 503; the error is logged once, in
one line. Nothing keeps the failure: each request asks the database again
(Django closes a connection that failed, and checks a kept one before
reusing it: `CONN_HEALTH_CHECKS`), so the site is back with its database,
without a restart.

The 503 is decided in `handler500` (`server_error` below), not in a
middleware: the database may fail anywhere in a request, when
`ATOMIC_REQUESTS` opens the view's transaction, in the view, while a
template renders, or in a middleware that reads the user or saves the
session; a middleware's ``process_exception`` sees only what the view and
its template raise, while every error no one caught reaches ``handler500``,
with the error still in ``sys.exc_info()``. With DEBUG on, Django shows its
debugging page instead.

**The cache.** Without Redis the site serves from the database:
`cyberpeace.cache` takes a cache error for a miss, and the API's throttles
below let the request through, since refusing every reader because the
counter is down would be worse than not counting for a while.
"""

from __future__ import annotations

import logging
import sys

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from redis.exceptions import RedisError
from rest_framework import throttling

logger = logging.getLogger(__name__)

# How long a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

# What the database driver raises when it cannot be reached or loses the
# connection ("connection refused", "server closed the connection", "the
# connection is closed"). Other OperationalErrors (a deadlock, a statement
# timeout, SQLite's "no such table") are the site's own errors: a 500, logged
# with their traceback.
UNAVAILABLE = (OperationalError, InterfaceError)
# PostgreSQL's codes for "no connection" (class 08) and a server shutting down
# or starting (57P01-57P03); a refused or cut connection has no code at all.
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
SQLITE_CANTOPEN = 14

# What the Redis client raises when Redis is down or slow (RedisError covers
# its ConnectionError and TimeoutError), and the socket errors below it.
CACHE_ERRORS = (RedisError, OSError)


def unavailable_error(error: BaseException | None) -> BaseException | None:
    """The database's "cannot answer" behind ``error``: it, its cause, or what it was
    raised while handling (rolling back a transaction the lost connection broke)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNAVAILABLE) and unreachable(error):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def unreachable(error: BaseException) -> bool:
    """Whether Django's database ``error`` says the database could not be reached."""
    if isinstance(error, InterfaceError):
        return True
    driver = error.__cause__
    if driver is None:
        return True
    sqlstate = getattr(driver, "sqlstate", None)
    if hasattr(driver, "sqlite_errorcode"):
        return driver.sqlite_errorcode == SQLITE_CANTOPEN
    if hasattr(driver, "sqlstate"):
        return sqlstate is None or sqlstate.startswith(UNREACHABLE_SQLSTATES)
    return True


def describe(error: BaseException) -> str:
    """The error on one line, without the database password, were the driver to quote it."""
    text = f"{type(error).__name__}: {' '.join(str(error).split())}"
    password = connections[DEFAULT_DB_ALIAS].settings_dict.get("PASSWORD")
    return text.replace(password, "********") if password else text


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a 503 when the database is unreachable, Django's 500 page otherwise."""
    error = unavailable_error(sys.exc_info()[1])
    if error is None:
        return defaults.server_error(request)
    logger.error(
        "The database did not answer: %s %s answered 503 (%s)",
        request.method,
        request.path,
        describe(error),
    )
    response = service_unavailable(request)
    # Logged above, on one line: Django would log it again, with a traceback
    # that says nothing more and, at every request, floods the log.
    response._has_been_logged = True
    return response


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 itself, made without the database: no user, no session, no context processor."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The directory cannot reach its database. Please try again shortly."},
            status=503,
        )
    else:
        # "Try again" links to this page: on this site, whatever the path says (//elsewhere/).
        again = "/" + request.get_full_path().lstrip("/")
        page = loader.render_to_string("503.html", {"path": again})
        response = HttpResponse(page, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class FailOpen:
    """A throttle that lets a request through, with a warning, when its cache does not answer."""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as error:
            logger.warning(
                "%s let a request through: the cache did not answer (%s)",
                type(self).__name__,
                describe(error),
            )
            return True


class AnonRateThrottle(FailOpen, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FailOpen, throttling.UserRateThrottle):
    pass
