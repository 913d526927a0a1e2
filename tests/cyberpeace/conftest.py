from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed loaded once for the module, and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def db_seeded(seeded, db):
    """The seeded database, for a test that reads it (each test's changes are rolled back)."""
    return seeded
