"""Signing in, in a real browser: the sign-in form, the lockout page, two-factor set-up,
the password reset. Each is accessible (axe-core) and breaks no Content-Security-Policy."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group, User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import VIEWPORT, Tab

pytestmark = pytest.mark.browser


@pytest.fixture
def visitor(browser, live_server, transactional_db):
    """A tab of its own, signed in as nobody."""
    context = browser.new_context(viewport=VIEWPORT)
    yield Tab(context.new_page(), live_server.url)
    context.close()


@pytest.fixture
def editor_with_password(transactional_db):
    user = User.objects.create_user("writer", password="a long passphrase 1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def sign_in(tab: Tab, username: str, password: str, otp: str = "") -> None:
    page = tab.page
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if otp:
        page.fill("#id_otp_token", otp)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")


def test_the_sign_in_page_is_accessible_and_signs_in(visitor, editor_with_password):
    visitor.open("/admin/login/")
    assert visitor.axe() == []
    assert visitor.problems() == []
    sign_in(visitor, "writer", "a long passphrase 1")
    assert visitor.page.url.endswith("/admin/")
    assert visitor.page.get_by_role("link", name="Two-factor sign-in").is_visible()


def test_a_wrong_password_keeps_the_name_and_then_locks_out(visitor, editor_with_password):
    visitor.open("/admin/login/")
    sign_in(visitor, "writer", "wrong")
    assert visitor.page.input_value("#id_username") == "writer"
    assert visitor.axe() == []
    for _ in range(4):
        sign_in(visitor, "writer", "wrong")
    assert visitor.page.get_by_role("heading", name="Too many failed sign-ins").is_visible()
    assert "blocked for 15 minutes" in visitor.page.content()
    assert visitor.axe() == []
    assert [p for p in visitor.problems() if "429" not in p] == []


def test_an_editor_turns_on_two_factor_and_signs_in_with_a_code(visitor, editor_with_password):
    visitor.open("/admin/login/")
    sign_in(visitor, "writer", "a long passphrase 1")
    visitor.open("/admin/two-factor/")
    qr = visitor.page.locator(".qr-code svg")
    assert qr.is_visible()
    assert qr.bounding_box()["width"] >= 100  # big enough to scan
    assert visitor.axe() == []
    assert visitor.problems() == []
    device = TOTPDevice.objects.get(user__username="writer")
    visitor.page.fill("#id_code", code(device))
    visitor.page.click("input[type=submit]")
    visitor.page.wait_for_load_state("load")
    assert "Two-factor sign-in is on" in visitor.page.content()
    # Signed out, signing in now asks for the code.
    visitor.page.context.clear_cookies()
    visitor.open("/admin/login/")
    sign_in(visitor, "writer", "a long passphrase 1")
    assert "Enter the 6-digit code" in visitor.page.content()
    assert visitor.axe() == []


def test_the_password_reset_pages_are_accessible(visitor, editor_with_password):
    visitor.open("/admin/login/")
    visitor.page.get_by_role("link", name="Forgotten your login credentials?").click()
    visitor.page.wait_for_load_state("load")
    assert visitor.page.url.endswith("/admin/password_reset/")
    assert visitor.axe() == []
    assert visitor.problems() == []
