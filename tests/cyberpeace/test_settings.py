from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from cyberpeace.settings import env_bool


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("ON", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_on_and_off(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", not expected) is expected


@pytest.mark.parametrize("value", [None, ""])
def test_env_bool_falls_back_to_its_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SOME_FLAG", raising=False)
    else:
        monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", True) is True


@pytest.mark.parametrize("value", ["2", "flase", "enabled"])
def test_env_bool_refuses_anything_else_saying_what_it_takes(monkeypatch, value):
    monkeypatch.setenv("DJANGO_DEBUG", value)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("DJANGO_DEBUG", True)
    assert f"DJANGO_DEBUG={value!r} is neither on nor off" in str(error.value)
    assert "1, on, true, yes" in str(error.value)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own transaction mode")
def test_sqlite_takes_its_write_lock_when_a_transaction_begins():
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
