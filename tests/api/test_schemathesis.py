"""schemathesis against the API's own schema: no server error, no answer outside it.

Reads go anonymous; writes carry a partner's token. A slow suite: CI runs it
once, on PostgreSQL (`pytest -m schemathesis`).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.specs.openapi.checks import positive_data_acceptance


def _load_schema():
    # The schema as /api/schema/ serves it, generated without a request so
    # that collecting this module touches no database.
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(document, cls=JSONEncoder)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]


@pytest.fixture
def in_process():
    """Requests made by schemathesis's WSGI client, inside the test's transaction.

    Django closes the database connection when a request finishes; its own
    test client turns that off, and so must a test that calls the WSGI
    application directly, or the first request ends the test's transaction
    (on PostgreSQL; SQLite's in-memory database ignores the close).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(make_world, monkeypatch, in_process):
    make_world(2)
    # Hundreds of calls a minute: throttling is tested on its own.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {})
    monkeypatch.setattr(SimpleRateThrottle, "get_rate", lambda self: None)


@pytest.fixture
def token(editor) -> str:
    return AuthToken.objects.create(editor)[1]


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, world, token):
    # Reads go anonymous; writes carry an editor's token, as a partner's would.
    writes = case.method.upper() not in ("GET", "HEAD", "OPTIONS")
    headers = {"Authorization": f"Token {token}"} if writes else {}
    # Every check but one: a pattern cannot tell 2017-02-30 from a real day,
    # so a date the schema admits may still be refused (400, naming it).
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
