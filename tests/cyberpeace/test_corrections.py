"""Suggest a correction: a visitor's form under every record, and the editors' side of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from cyberpeace.corrections import address_hash, client_address
from cyberpeace.models import Correction, CorrectionStatus
from cyberpeace.publishing import Status

QUEUE = "/admin/review/"
THROTTLED = "You have sent five suggestions within the hour"


def form_url(record, kind: str | None = None) -> str:
    return reverse("suggest-correction", args=[kind or record._meta.model_name, record.slug])


def suggestion(**changes) -> dict:
    return {
        "what": "It was founded in 1865, not 1866.",
        "source": "https://www.itu.int/en/history/",
        "email": "reader@example.org",
        "homepage": "",
    } | changes


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(name="International Telecommunication Union", slug="itu")


@pytest.fixture
def make_correction(db):
    def make(record, **fields) -> Correction:
        correction = Correction(**({"what": "Wrong."} | fields))
        correction.record = record
        correction.save()
        return correction

    return make


def test_an_anonymous_suggestion_reaches_the_queue_beside_its_record(client, editor, organisation):
    page = client.get(form_url(organisation))
    assert page.status_code == 200
    assert "International Telecommunication Union" in page.content.decode()

    response = client.post(form_url(organisation), suggestion())

    assert response.status_code == 302
    assert response["Location"] == "/suggest/organisation/itu/?sent=1"
    thanks = client.get(response["Location"]).content.decode()
    assert "has reached the editors" in thanks
    correction = Correction.objects.get()
    assert correction.record == organisation
    assert (correction.what, correction.source, correction.email, correction.language) == (
        "It was founded in 1865, not 1866.",
        "https://www.itu.int/en/history/",
        "reader@example.org",
        "en-gb",
    )
    assert correction.status == CorrectionStatus.NEW
    # The address is kept only as a salted hash.
    assert correction.address_hash == address_hash("127.0.0.1")
    assert "127.0.0.1" not in correction.address_hash

    client.force_login(editor)
    queue = client.get(QUEUE)
    [row] = queue.context["corrections"]
    assert row["record"] == organisation
    html = queue.content.decode()
    assert "Corrections suggested by visitors (1 open)" in html
    assert f'href="/admin/orgs/organisation/{organisation.pk}/change/"' in html
    assert 'href="/organisations/itu/"' in html
    assert "It was founded in 1865, not 1866." in html
    assert 'href="https://www.itu.int/en/history/"' in html
    assert "reader@example.org" in html


def test_the_record_page_never_shows_a_suggestion(client, organisation, make_correction):
    make_correction(organisation, what="A secret complaint")
    assert "A secret complaint" not in client.get("/organisations/itu/").content.decode()


def test_the_honeypot_stores_nothing_and_says_thank_you(client, organisation):
    response = client.post(form_url(organisation), suggestion(homepage="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"].endswith("?sent=1")
    assert not Correction.objects.exists()


def test_the_honeypot_is_hidden_from_people_but_labelled(client, organisation):
    html = client.get(form_url(organisation)).content.decode()
    assert '<div class="field honeypot">' in html
    assert "Leave this field empty" in html
    assert 'name="homepage" autocomplete="off" tabindex="-1"' in html


def test_the_sixth_suggestion_within_an_hour_is_refused_until_the_hour_has_passed(
    client, organisation
):
    for n in range(5):
        assert client.post(form_url(organisation), suggestion(what=f"Wrong {n}")).status_code == 302

    response = client.post(form_url(organisation), suggestion(what="The sixth, kept"))

    assert response.status_code == 429
    html = response.content.decode()
    assert THROTTLED in html
    assert "The sixth, kept" in html
    assert Correction.objects.count() == 5
    # Another address is not held back by this one.
    other = client.post(form_url(organisation), suggestion(), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302

    an_hour_ago = timezone.now() - timedelta(hours=1, seconds=1)
    Correction.objects.update(created_at=an_hour_ago)
    response = client.post(form_url(organisation), suggestion(what="The sixth, later"))
    assert response.status_code == 302
    assert Correction.objects.filter(what="The sixth, later").exists()


def test_errors_keep_what_was_typed(client, organisation):
    response = client.post(
        form_url(organisation),
        suggestion(what="   ", source="Annual report 2019, page 4", email="not an address"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "what": ["Say what is wrong on this page."],
        "email": ["Enter an e-mail address such as name@example.org."],
    }
    html = response.content.decode()
    assert 'value="Annual report 2019, page 4"' in html
    assert 'value="not an address"' in html
    assert "Please correct what is marked below." in html
    assert not Correction.objects.exists()


def test_a_long_suggestion_is_refused_with_a_message(client, organisation):
    response = client.post(form_url(organisation), suggestion(what="x" * 2001))
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_draft_is_not_found_for_the_public(client, editor, make_organisation):
    draft = make_organisation(status=Status.DRAFT)
    assert client.get(form_url(draft)).status_code == 404
    assert client.post(form_url(draft), suggestion()).status_code == 404
    assert not Correction.objects.exists()
    client.force_login(editor)
    assert client.get(form_url(draft)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/suggest/organisation/no-such-record/",
        "/suggest/membership/itu/",
        "/suggest/user/itu/",
    ],
)
def test_an_unknown_record_or_kind_is_not_found(client, organisation, path):
    assert client.get(path).status_code == 404


def test_the_form_works_in_french(client, organisation):
    with override("fr"):
        url = form_url(organisation)
    assert url == "/fr/suggest/organisation/itu/"
    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="fr">' in page.content.decode()

    response = client.post(url, suggestion())

    assert response["Location"] == "/fr/suggest/organisation/itu/?sent=1"
    assert Correction.objects.get().language == "fr"


@pytest.mark.parametrize(
    "maker", ["make_organisation", "make_programme", "make_event", "make_topic", "make_person"]
)
def test_every_record_page_links_to_the_form_without_a_csrf_token(client, request, maker):
    record = request.getfixturevalue(maker)()
    response = client.get(record.get_absolute_url())
    html = response.content.decode()
    assert f'href="{form_url(record)}"' in html
    assert "Suggest a correction" in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies


def test_list_pages_have_no_correction_link(client, organisation):
    assert "Suggest a correction" not in client.get("/organisations/").content.decode()


def test_the_form_page_carries_a_working_csrf_token(organisation):
    client = Client(enforce_csrf_checks=True)
    page = client.get(form_url(organisation))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")

    assert client.post(form_url(organisation), suggestion()).status_code == 403
    token = page.context["csrf_token"]
    response = client.post(form_url(organisation), suggestion(csrfmiddlewaretoken=str(token)))
    assert response.status_code == 302
    assert Correction.objects.count() == 1


def test_a_source_can_be_corrected_too(client, make_source):
    source = make_source(title="Actor profile of the ITU")
    response = client.post(form_url(source, "source"), suggestion())
    assert response.status_code == 302
    assert Correction.objects.get().record == source


def test_only_the_last_trusted_proxy_is_believed(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.1"


@pytest.mark.parametrize(("action", "status"), [("accept", "accepted"), ("dismiss", "dismissed")])
def test_an_editor_closes_a_correction(
    editor_client, editor, organisation, make_correction, action, status
):
    correction = make_correction(organisation)
    response = editor_client.post(
        QUEUE,
        {"correction": correction.pk, "action": action, "note": "Fixed the date."},
        follow=True,
    )
    assert response.redirect_chain == [(QUEUE, 302)]
    correction.refresh_from_db()
    assert (correction.status, correction.handled_by, correction.note) == (
        status,
        editor,
        "Fixed the date.",
    )
    assert correction.handled_at is not None
    assert response.context["corrections"] == []
    assert "(0 open)" in response.content.decode()
    # In the audit log, with the editor.
    entry = LogEntry.objects.get(object_id=str(correction.pk))
    assert entry.user == editor
    assert entry.get_change_message().startswith(f"Marked {status}")


def test_a_handled_correction_is_not_handled_twice(
    editor_client, other_editor, organisation, make_correction
):
    correction = make_correction(
        organisation, status=CorrectionStatus.DISMISSED, handled_by=other_editor
    )
    response = editor_client.post(
        QUEUE, {"correction": correction.pk, "action": "accept"}, follow=True
    )
    assert "That correction was already handled." in response.content.decode()
    correction.refresh_from_db()
    assert (correction.status, correction.handled_by) == ("dismissed", other_editor)


def test_a_contributor_cannot_resolve_corrections(
    contributor_client, organisation, make_correction
):
    correction = make_correction(organisation)
    response = contributor_client.post(QUEUE, {"correction": correction.pk, "action": "accept"})
    assert response.status_code == 403
    assert contributor_client.get("/admin/cyberpeace/correction/").status_code == 403
    correction.refresh_from_db()
    assert (correction.status, correction.handled_by) == ("new", None)


def test_an_editor_of_other_kinds_neither_sees_nor_resolves_it(
    client, organisation, make_topic, make_correction
):
    from django.contrib.auth.models import Permission, User

    topics_editor = User.objects.create_user("topics", password="pw", is_staff=True)
    topics_editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["publish_topic", "change_topic", "view_topic"])
    )
    client.force_login(topics_editor)
    on_topic = make_correction(make_topic(name="Cybersecurity"))
    on_organisation = make_correction(organisation)

    queue = client.get(QUEUE)
    assert [row["correction"] for row in queue.context["corrections"]] == [on_topic]
    response = client.post(QUEUE, {"correction": on_organisation.pk, "action": "dismiss"})
    assert response.status_code == 403
    on_organisation.refresh_from_db()
    assert on_organisation.status == CorrectionStatus.NEW


def test_resolving_needs_csrf(editor, organisation, make_correction):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    correction = make_correction(organisation)
    response = client.post(QUEUE, {"correction": correction.pk, "action": "accept"})
    assert response.status_code == 403
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.NEW


def test_the_admin_keeps_every_correction(editor_client, organisation, make_correction):
    make_correction(organisation, what="Open one")
    make_correction(organisation, what="Closed one", status=CorrectionStatus.ACCEPTED)
    changelist = "/admin/cyberpeace/correction/"
    assert "Closed one" in editor_client.get(changelist).content.decode()
    filtered = editor_client.get(changelist, {"status__exact": "new"}).content.decode()
    assert "Open one" in filtered
    assert "Closed one" not in filtered
    found = editor_client.get(changelist, {"q": "International Telecommunication"})
    assert found.context["cl"].result_count == 2
    assert editor_client.get("/admin/cyberpeace/correction/add/").status_code == 403


def test_a_correction_is_about_exactly_one_record(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(what="About nothing")


@pytest.mark.parametrize("count", [1, 4])
def test_the_queue_runs_in_a_fixed_number_of_queries_whatever_the_corrections(
    editor_client,
    organisation,
    make_programme,
    make_event,
    make_person,
    make_source,
    make_correction,
    django_assert_num_queries,
    count,
):
    for _ in range(count):
        for record in (organisation, make_programme(), make_event(), make_person(), make_source()):
            make_correction(record)
    # The request's savepoint and its release, session, user, whether they turned on
    # two-factor sign-in, their permissions (two), the drafts, and the corrections
    # with their records.
    with django_assert_num_queries(9):
        response = editor_client.get(QUEUE)
    assert len(response.context["corrections"]) == 5 * count


def test_an_editor_closes_a_correction_in_the_admin_too(
    editor_client, editor, organisation, make_correction
):
    correction = make_correction(organisation)
    url = f"/admin/cyberpeace/correction/{correction.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert f'href="/admin/orgs/organisation/{organisation.pk}/change/"' in page

    response = editor_client.post(url, {"status": "dismissed", "note": "Already right."})

    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.handled_by, correction.note) == (
        "dismissed",
        editor,
        "Already right.",
    )


def test_the_form_answers_in_a_fixed_number_of_queries(
    client, organisation, django_assert_num_queries
):
    # The request's savepoint and its release (it may write), and the record.
    with django_assert_num_queries(3):
        assert client.get(form_url(organisation)).status_code == 200
    # The request's savepoint and its release, the record, the address's count
    # for the throttle, and the insert.
    with django_assert_num_queries(5):
        assert client.post(form_url(organisation), suggestion()).status_code == 302
