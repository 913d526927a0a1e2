"""Partner tokens: login and logout, expiry, the issue_token command, the tokens' admin."""

from __future__ import annotations

import base64
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from cyberpeace.publishing import Status

LOGIN = "/api/v1/auth/login/"
LOGOUT = "/api/v1/auth/logout/"


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def login(username: str = "contributor", password: str = "pw", **params) -> dict:
    client = APIClient()
    response = client.post(LOGIN, params, HTTP_AUTHORIZATION=basic(username, password))
    assert response.status_code == 200, response.content
    return response.json()


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_login_answers_a_working_token(contributor, make_organisation):
    make_organisation(slug="own-draft", status=Status.DRAFT, created_by=contributor)
    answer = login()
    assert answer["expiry"] is None
    assert answer["user"] == {"username": "contributor", "may_publish": False}
    assert APIClient().get("/api/v1/organisations/own-draft/").status_code == 404
    # The token reads as its user: their own draft is visible to them.
    assert with_token(answer["token"]).get("/api/v1/organisations/own-draft/").status_code == 200


def test_login_tells_an_editor_they_publish(editor):
    assert login("editor")["user"] == {"username": "editor", "may_publish": True}


def test_a_token_is_stored_hashed(contributor):
    key = login()["token"]
    token = AuthToken.objects.get(user=contributor)
    assert token.digest != key
    assert key not in token.digest
    assert token.token_key == key[: len(token.token_key)]


def test_login_refuses_a_wrong_password(contributor):
    response = APIClient().post(LOGIN, HTTP_AUTHORIZATION=basic("contributor", "wrong"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid username/password."}
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not AuthToken.objects.exists()


def test_login_asks_for_credentials(contributor):
    response = APIClient().post(LOGIN)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_login_refuses_an_inactive_user(contributor):
    contributor.is_active = False
    contributor.save()
    response = APIClient().post(LOGIN, HTTP_AUTHORIZATION=basic("contributor", "pw"))
    assert response.status_code == 401
    assert not AuthToken.objects.exists()


def test_login_refuses_a_session(contributor_client):
    # Only HTTP Basic trades a password for a token: a signed-in browser cannot
    # be made to mint one by another page.
    assert contributor_client.post(LOGIN).status_code == 401


def test_login_sets_the_expiry_asked_for(contributor):
    answer = login(expires=30)
    token = AuthToken.objects.get(user=contributor)
    assert timedelta(days=29, hours=23) < token.expiry - timezone.now() <= timedelta(days=30)
    assert answer["expiry"] is not None


def test_login_takes_the_expiry_in_the_query_string(contributor):
    client = APIClient()
    response = client.post(f"{LOGIN}?expires=7", HTTP_AUTHORIZATION=basic("contributor", "pw"))
    assert response.status_code == 200
    token = AuthToken.objects.get(user=contributor)
    assert token.expiry - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize("expires", ["0", "-3", "soon", "100000"])
def test_login_refuses_an_expiry_that_is_no_number_of_days(contributor, expires):
    client = APIClient()
    response = client.post(
        f"{LOGIN}?expires={expires}", HTTP_AUTHORIZATION=basic("contributor", "pw")
    )
    assert response.status_code == 400
    assert "expires" in response.json()
    assert not AuthToken.objects.exists()


def test_an_expired_token_is_refused(contributor):
    key = login(expires=1)["token"]
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = with_token(key).post(LOGOUT)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_logout_revokes_the_token_used(contributor):
    key = login()["token"]
    other = login()["token"]
    client = with_token(key)
    assert client.post(LOGOUT).status_code == 204
    assert client.post(LOGOUT).status_code == 401
    # Only the token used: the other still works.
    assert with_token(other).post(LOGOUT).status_code == 204


def test_logout_needs_a_token(contributor):
    assert APIClient().post(LOGOUT).status_code == 401


def test_logout_all_revokes_every_token_of_the_user(contributor, editor):
    key = login()["token"]
    login()
    kept = login("editor")["token"]
    assert with_token(key).post("/api/v1/auth/logoutall/").status_code == 204
    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["editor"]
    assert with_token(kept).post(LOGOUT).status_code == 204


def issue(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue()


def test_issue_token_prints_a_usable_key_alone(contributor):
    out = issue("contributor")
    key = out.strip()
    assert out == f"{key}\n"
    assert AuthToken.objects.get(user=contributor).expiry is None
    assert with_token(key).post(LOGOUT).status_code == 204


def test_issue_token_sets_the_expiry(contributor):
    issue("contributor", "--expires", "10")
    token = AuthToken.objects.get(user=contributor)
    assert timedelta(days=9, hours=23) < token.expiry - timezone.now() <= timedelta(days=10)


def test_issue_token_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named “nobody”"):
        issue("nobody")
    assert not AuthToken.objects.exists()


def test_issue_token_refuses_an_inactive_user(contributor):
    contributor.is_active = False
    contributor.save()
    with pytest.raises(CommandError, match="inactive"):
        issue("contributor")
    assert not AuthToken.objects.exists()


def test_issue_token_refuses_a_bad_number_of_days(contributor):
    with pytest.raises(CommandError, match="expires"):
        issue("contributor", "--expires", "0")


ADMIN_TOKENS = "/admin/knox/authtoken/"


def test_an_editor_issues_a_token_in_the_admin(editor_client, contributor):
    page = editor_client.get(f"{ADMIN_TOKENS}add/")
    assert page.status_code == 200
    response = editor_client.post(f"{ADMIN_TOKENS}add/", {"user": "contributor", "days": "5"})
    assert response.status_code == 200
    key = response.context["key"]
    token = AuthToken.objects.get(user=contributor)
    assert key in response.content.decode()
    assert token.digest != key
    assert timedelta(days=4, hours=23) < token.expiry - timezone.now() <= timedelta(days=5)
    assert "no-store" in response["Cache-Control"]
    assert with_token(key).post(LOGOUT).status_code == 204


def test_the_key_is_never_shown_again(editor_client, contributor):
    key = editor_client.post(f"{ADMIN_TOKENS}add/", {"user": "contributor"}).context["key"]
    token = AuthToken.objects.get()
    listing = editor_client.get(ADMIN_TOKENS).content.decode()
    detail = editor_client.get(f"{ADMIN_TOKENS}{token.pk}/change/").content.decode()
    assert token.token_key in listing
    for page in (listing, detail):
        assert key not in page


def test_an_editor_revokes_tokens_in_the_admin(editor_client, contributor):
    issue("contributor")
    kept = issue("editor").strip()
    revoked = AuthToken.objects.get(user=contributor)
    response = editor_client.post(
        ADMIN_TOKENS, {"action": "revoke", "_selected_action": [revoked.pk]}, follow=True
    )
    assert "1 revoked" in response.content.decode()
    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["editor"]
    assert with_token(kept).post(LOGOUT).status_code == 204


def test_a_contributor_may_not_issue_or_revoke_tokens(contributor_client, editor):
    issue("editor")
    assert contributor_client.get(ADMIN_TOKENS).status_code == 403
    assert contributor_client.get(f"{ADMIN_TOKENS}add/").status_code == 403
    response = contributor_client.post(f"{ADMIN_TOKENS}add/", {"user": "editor"})
    assert response.status_code == 403
    token = AuthToken.objects.get()
    assert (
        contributor_client.post(f"{ADMIN_TOKENS}{token.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuthToken.objects.count() == 1


def test_issuing_in_the_admin_needs_a_user(editor_client):
    response = editor_client.post(f"{ADMIN_TOKENS}add/", {"user": "", "days": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"user", "days"}
    assert not AuthToken.objects.exists()
