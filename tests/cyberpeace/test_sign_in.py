"""Signing in: the lockout (admin and API), two-factor sign-in, password resets."""

from __future__ import annotations

import base64
import logging
import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from orgs.models import Topic

LOGIN = "/api/v1/auth/login/"
ADMIN_LOGIN = "/admin/login/"


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def api_login(username: str, password: str, address: str = "192.0.2.1", **data):
    return APIClient().post(
        LOGIN, data, HTTP_AUTHORIZATION=basic(username, password), REMOTE_ADDR=address
    )


def admin_login(client, username: str, password: str, address: str = "192.0.2.1", **data):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/admin/", **data},
        REMOTE_ADDR=address,
    )


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows (``steps_ahead`` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def expire_lockouts() -> None:
    """Sixteen minutes pass for every failed sign-in counted."""
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )


# The lockout --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_locks_an_account_out_for_one_address_after_5_failures(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(4):
            response = admin_login(client, "editor", "wrong")
            assert response.status_code == 200
            assert "correct username and password" in response.content.decode()
        response = admin_login(client, "editor", "wrong")
    assert response.status_code == 429
    # Locked, the right password is refused too, with a page that says for how long.
    response = admin_login(client, "editor", "pw")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "blocked for 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # Every failure (the 5, and the attempt while locked) and the lockout are logged,
    # without the password.
    failures = [r.getMessage() for r in caplog.records if "login failure by" in r.getMessage()]
    assert len(failures) == 6
    assert any("Locking out" in r.getMessage() for r in caplog.records)
    assert "wrong" not in caplog.text


@pytest.mark.django_db
def test_the_lockout_holds_one_account_from_one_address(client, editor, other_editor):
    for _ in range(5):
        admin_login(client, "editor", "wrong")
    # The same account from another address, and another account from this one, sign in.
    assert admin_login(client, "editor", "pw", address="198.51.100.7").status_code == 302
    client.logout()
    assert admin_login(client, "alice", "pw").status_code == 302
    client.logout()
    assert admin_login(client, "editor", "pw").status_code == 429


@pytest.mark.django_db
def test_the_lockout_ends_after_15_minutes(client, editor):
    for _ in range(5):
        admin_login(client, "editor", "wrong")
    assert admin_login(client, "editor", "pw").status_code == 429
    expire_lockouts()
    response = admin_login(client, "editor", "pw")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    # A success starts the count again.
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_the_api_login_locks_out_after_5_failures_and_says_so_in_json(editor):
    for _ in range(4):
        assert api_login("editor", "wrong").status_code == 401
    assert api_login("editor", "wrong").status_code == 429
    response = api_login("editor", "pw")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["retry_after"] == 15 * 60
    assert "15 minutes" in response.json()["detail"]
    assert response["Retry-After"] == str(15 * 60)
    # Another address is not locked out.
    assert api_login("editor", "pw", address="198.51.100.7").status_code == 200
    expire_lockouts_for("192.0.2.1")
    assert api_login("editor", "pw").status_code == 200


def expire_lockouts_for(address: str) -> None:
    for attempt in AccessAttempt.objects.filter(ip_address=address):
        attempt.attempt_time -= timedelta(minutes=16)
        attempt.save()


@pytest.mark.django_db
def test_admin_and_api_failures_count_together(client, editor):
    for _ in range(3):
        admin_login(client, "editor", "wrong")
    for _ in range(2):
        api_login("editor", "wrong")
    assert api_login("editor", "pw").status_code == 429
    assert admin_login(client, "editor", "pw").status_code == 429


@pytest.mark.django_db
def test_a_password_is_checked_by_the_validators(editor_client, editor):
    response = editor_client.post(
        reverse("admin:password_change"),
        {"old_password": "pw", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This password is too common." in page
    assert "This password is entirely numeric." in page
    editor.refresh_from_db()
    assert editor.check_password("pw")


# Two-factor sign-in -------------------------------------------------------------------


@pytest.fixture
def no_code_throttle(settings):
    """After a wrong code, django-otp refuses the next for 1, 2, 4… seconds: not here."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.django_db
def test_an_editor_turns_on_two_factor_sign_in(editor_client, editor, no_code_throttle):
    page = editor_client.get("/admin/two-factor/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code, inline: no script, no other origin
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    # A wrong code keeps it off, and says so.
    response = editor_client.post("/admin/two-factor/", {"code": "000000"})
    assert "That code is wrong or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    response = editor_client.post("/admin/two-factor/", {"code": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_signing_in_asks_for_the_code_once_it_is_on(client, editor, no_code_throttle):
    device = confirmed_device(editor)
    response = admin_login(client, "editor", "pw")
    assert response.status_code == 200
    assert "Enter the 6-digit code" in response.content.decode()
    assert 'value="editor"' in response.content.decode()  # what was typed stays
    assert "_auth_user_id" not in client.session
    response = admin_login(client, "editor", "pw", otp_token="123 456")
    assert "That code is wrong or has expired" in response.content.decode()
    response = admin_login(client, "editor", "pw", otp_token=code(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_an_editor_without_it_signs_in_with_a_password(client, editor):
    assert admin_login(client, "editor", "pw").status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_superuser_must_turn_it_on_before_using_the_admin(client):
    boss = User.objects.create_superuser("boss", password="pw")
    assert admin_login(client, "boss", "pw").status_code == 302
    response = client.get("/admin/orgs/organisation/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/?next=%2Fadmin%2Forgs%2Forganisation%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Superusers must sign in with two factors" in page
    device = TOTPDevice.objects.get(user=boss)
    response = client.post(
        "/admin/two-factor/", {"code": code(device), "next": "/admin/orgs/organisation/"}
    )
    assert response["Location"] == "/admin/orgs/organisation/"
    assert client.get("/admin/orgs/organisation/").status_code == 200
    # Turned on, it cannot be turned off by a superuser.
    client.post("/admin/two-factor/", {"code": code(device, steps_ahead=1)})
    assert TOTPDevice.objects.filter(user=boss, confirmed=True).exists()


@pytest.mark.django_db
def test_the_two_factor_page_never_redirects_elsewhere(client):
    boss = User.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=False)
    response = client.post(
        "/admin/two-factor/", {"code": code(device), "next": "https://attacker.example/"}
    )
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_session_not_verified_gives_the_code_first(client, editor):
    # Signed in before the device was added (another browser): the admin asks for a code.
    device = confirmed_device(editor)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/two-factor/")
    assert "Enter the code" in client.get("/admin/two-factor/").content.decode()
    client.post("/admin/two-factor/", {"code": code(device)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_an_editor_turns_it_off_with_a_code(client, editor, no_code_throttle):
    device = confirmed_device(editor)
    admin_login(client, "editor", "pw", otp_token=code(device))
    page = client.get("/admin/two-factor/").content.decode()
    assert "Two-factor sign-in is on" in page
    client.post("/admin/two-factor/", {"code": "000000"})
    assert TOTPDevice.objects.filter(user=editor).exists()
    client.post("/admin/two-factor/", {"code": code(device, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=editor).exists()


@pytest.mark.django_db
def test_the_api_login_asks_for_the_code_too(editor, no_code_throttle):
    device = confirmed_device(editor)
    response = api_login("editor", "pw")
    assert response.status_code == 401
    assert "otp" in response.json()
    assert api_login("editor", "pw", otp="000000").status_code == 401
    response = api_login("editor", "pw", otp=code(device))
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.django_db
def test_a_superuser_without_two_factor_gets_no_token(db):
    User.objects.create_superuser("boss", password="pw")
    response = api_login("boss", "pw")
    assert response.status_code == 403
    assert "/admin/two-factor/" in response.json()["detail"]


@pytest.mark.django_db
def test_a_superuser_without_two_factor_cannot_write_through_a_session(client, make_source):
    boss = User.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    response = client.post(
        "/api/v1/topics/",
        {"name": "A topic", "slug": "a-topic", "sources": ["test-source"]},
        content_type="application/json",
    )
    # The session counts for nothing: as for any visitor, writing needs credentials.
    assert response.status_code == 401
    assert not Topic.objects.filter(slug="a-topic").exists()


@pytest.mark.django_db
def test_wrong_codes_are_slowed_down(client, editor):
    device = confirmed_device(editor)
    for _ in range(3):
        admin_login(client, "editor", "pw", otp_token="000000")
    response = admin_login(client, "editor", "pw", otp_token=code(device))
    assert "Too many wrong codes" in response.content.decode()
    assert "_auth_user_id" not in client.session


# Password reset -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_resets_a_forgotten_password_by_e_mail(client, editor):
    editor.email = "editor@example.org"
    editor.save()
    assert 'href="/admin/password_reset/"' in client.get(ADMIN_LOGIN).content.decode()
    response = client.post("/admin/password_reset/", {"email": "editor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    weak = client.post(
        form.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )
    assert "This password is too common." in weak.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 7", "new_password2": "a long new passphrase 7"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("a long new passphrase 7")
    # The link works once.
    assert "invalid" in client.get(link, follow=True).content.decode().lower()


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, editor):
    response = client.post("/admin/password_reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_e_mails_are_few_per_address(client, editor):
    editor.email = "editor@example.org"
    editor.save()
    for _ in range(5):
        response = client.post(
            "/admin/password_reset/", {"email": "editor@example.org"}, REMOTE_ADDR="192.0.2.9"
        )
        assert response.status_code == 302
    response = client.post(
        "/admin/password_reset/", {"email": "editor@example.org"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 429
    assert "Too many password resets" in response.content.decode()
    assert 'value="editor@example.org"' in response.content.decode()  # the form keeps it
    assert len(mail.outbox) == 5
    # Another address may still ask.
    client.post("/admin/password_reset/", {"email": "editor@example.org"}, REMOTE_ADDR="192.0.2.10")
    assert len(mail.outbox) == 6


# What a review found -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_escape_the_login_throttle(db):
    # Each guess at another account (no lockout) and with another X-Forwarded-For.
    answers = [
        APIClient()
        .post(
            LOGIN,
            HTTP_AUTHORIZATION=basic(f"someone-{n}", "x"),
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
        .status_code
        for n in range(11)
    ]
    assert answers == [401] * 10 + [429]


@pytest.mark.django_db
def test_the_admin_sign_in_takes_few_guesses_a_minute_from_one_address(client):
    answers = [
        admin_login(client, f"someone-{n}", "x", address="192.0.2.51").status_code
        for n in range(11)
    ]
    assert answers == [200] * 10 + [429]
    response = admin_login(client, "someone-else", "x", address="192.0.2.51")
    assert "Too many sign-ins from your address" in response.content.decode()
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_an_ipv6_machine_is_locked_out_with_its_whole_64(client, editor):
    for n in range(5):
        admin_login(client, "editor", "wrong", address=f"2001:db8::{n + 1}")
    assert admin_login(client, "editor", "pw", address="2001:db8::ffff").status_code == 429
    # Another /64 is another machine.
    assert admin_login(client, "editor", "pw", address="2001:db8:0:1::1").status_code == 302


@pytest.mark.django_db
def test_wrong_codes_count_toward_the_lockout(client, editor, no_code_throttle):
    confirmed_device(editor)
    for _ in range(5):
        admin_login(client, "editor", "pw", otp_token="000000")
    response = admin_login(client, "editor", "pw", otp_token="000000")
    assert response.status_code == 429


@pytest.mark.django_db
def test_wrong_codes_at_the_api_login_count_too(editor, no_code_throttle):
    confirmed_device(editor)
    answers = [api_login("editor", "pw", otp="000000").status_code for _ in range(5)]
    assert answers == [401] * 4 + [429]


@pytest.mark.django_db
def test_a_session_owing_its_second_factor_reads_the_site_as_a_visitor(client, make_organisation):
    make_organisation(name="Published one")
    make_organisation(name="A draft", status="draft")
    boss = User.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    page = client.get("/organisations/").content.decode()
    assert "Published one" in page
    assert "A draft" not in page
    assert client.get("/api/v1/organisations/?status=draft").json()["count"] == 0
    # Once the code is given, the drafts show.
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=boss)
    client.post("/admin/two-factor/", {"code": code(device)})
    assert "A draft" in client.get("/organisations/").content.decode()


@pytest.mark.django_db
def test_a_session_owing_its_second_factor_may_sign_out(client):
    boss = User.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_set_up_page_shows_a_new_key_each_time(client):
    boss = User.objects.create_superuser("boss", password="pw")
    client.force_login(boss)
    client.get("/admin/two-factor/")
    first = TOTPDevice.objects.get(user=boss).key
    client.get("/admin/two-factor/")
    second = TOTPDevice.objects.get(user=boss)  # one pending key, a new one
    assert second.key != first
    # A code of the key shown last turns it on.
    client.post("/admin/two-factor/", {"code": code(second)})
    assert TOTPDevice.objects.get(user=boss).confirmed


@pytest.mark.django_db
def test_the_api_login_reads_the_query_string_and_the_body_together(editor, no_code_throttle):
    device = confirmed_device(editor)
    response = APIClient().post(
        f"{LOGIN}?otp={code(device)}",
        {"expires": 30},
        format="json",
        HTTP_AUTHORIZATION=basic("editor", "pw"),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["expiry"] is not None
    bad = APIClient().post(
        f"{LOGIN}?expires=1", [], format="json", HTTP_AUTHORIZATION=basic("editor", "pw")
    )
    assert bad.status_code == 400
    assert bad.json() == {"non_field_errors": ["Send the body as a JSON object."]}


@pytest.mark.django_db
def test_nobody_issues_a_token_for_a_user_signing_in_with_two_factors(editor_client, editor):
    User.objects.create_superuser("boss", password="pw")
    careful = User.objects.create_user("careful", password="pw", is_staff=True)
    confirmed_device(careful)
    User.objects.create_user("partner", password="pw")
    add = reverse("admin:knox_authtoken_add")
    for name in ("boss", "careful"):
        response = editor_client.post(add, {"user": name})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert editor_client.post(add, {"user": "partner"}).status_code == 200
    from knox.models import AuthToken

    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["partner"]
