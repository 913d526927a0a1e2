"""Sources as records: what they refuse, how the admin shows them, who may read their copies."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from cyberpeace.models import Source


def add_url() -> str:
    return reverse("admin:cyberpeace_source_add")


@pytest.mark.django_db
def test_a_source_needs_an_address_or_a_stored_copy():
    source = Source(title="A page", slug="a-page", kind="web_page")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        source.save()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["ftp://example.org/report.pdf", "javascript:alert(1)"])
def test_a_source_address_is_a_web_address(url):
    source = Source(title="A page", slug="a-page", kind="web_page", url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        source.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "ftp://example.org/x"}, "url", "Enter a valid URL"),
        ({"url": ""}, "url", "Give the source's address, or upload a stored copy"),
        ({"published": "2017-13"}, "published", "13 is not a month"),
        ({"kind": "rumour"}, "kind", "Select a valid choice"),
    ],
)
def test_the_admin_refuses_a_bad_source_naming_the_field(
    editor_client, form_data, changes, field, message
):
    data = form_data(
        editor_client.get(add_url()),
        title="Report of the 2nd Asia ICT and CT Dialogue",
        slug="report",
        kind="web_page",
        url="https://example.org/report",
    )
    data.update(changes)
    response = editor_client.post(add_url(), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    assert form["title"].value() == "Report of the 2nd Asia ICT and CT Dialogue"
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_an_editor_uploads_a_stored_copy_to_media(editor_client, form_data, settings):
    data = form_data(
        editor_client.get(add_url()), title="A statement", slug="a-statement", kind="statement"
    )
    data["file"] = SimpleUploadedFile("statement.txt", b"Thank you Mr Chair.")
    response = editor_client.post(add_url(), data)
    assert response.status_code == 302
    source = Source.objects.get(slug="a-statement")
    assert source.file.name.startswith("uploads/")
    assert source.file.path.startswith(str(settings.MEDIA_ROOT))
    assert source.created_by.username == "editor"


@pytest.mark.django_db
def test_a_stored_copy_is_served_to_editors_only(client, editor_client, make_source):
    source = make_source(url="", file="seed/002_ef03883386330788.txt")
    url = source.file.url
    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"Thank you Mr Chair." in b"".join(response.streaming_content)
    client.logout()
    assert client.get(url).status_code == 302  # to the admin's login
    assert editor_client.get(url.replace("002_", "009_")).status_code in (302, 404)


@pytest.mark.django_db
def test_a_seed_document_path_cannot_climb_out_of_its_folder(editor_client, make_source):
    make_source(url="", file="seed/../../cyberpeace/settings.py")
    response = editor_client.get(
        reverse("admin:cyberpeace_source_file", args=["seed/../../cyberpeace/settings.py"])
    )
    assert response.status_code in (400, 404)


@pytest.mark.django_db
def test_the_changelist_counts_what_cites_each_source(
    editor_client, make_source, make_organisation, make_event
):
    cited, idle = make_source(title="Cited twice"), make_source(title="Never cited")
    make_organisation(sources=[cited])
    make_event(sources=[cited])
    rows = {
        s.title: s.citations
        for s in Source.objects.with_citations().filter(pk__in=[cited.pk, idle.pk])
    }
    assert rows == {"Cited twice": 2, "Never cited": 0}
    page = editor_client.get(reverse("admin:cyberpeace_source_changelist")).content.decode()
    assert "Cited twice" in page
    change = editor_client.get(reverse("admin:cyberpeace_source_change", args=[cited.pk]))
    assert "1 organisation" in change.content.decode()
    assert f"?sources__id__exact={cited.pk}" in change.content.decode()
    listing = editor_client.get(
        reverse("admin:orgs_organisation_changelist"), {"sources__id__exact": cited.pk}
    )
    assert listing.status_code == 200


@pytest.mark.django_db
def test_records_pick_their_sources_with_an_autocomplete(editor_client, make_organisation):
    organisation = make_organisation()
    page = editor_client.get(reverse("admin:orgs_organisation_change", args=[organisation.pk]))
    assert 'data-field-name="sources"' in page.content.decode()
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "test",
            "app_label": "orgs",
            "model_name": "organisation",
            "field_name": "sources",
        },
    )
    assert [r["text"] for r in found.json()["results"]] == ["A test source"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["uploads/2026/lost.pdf", "uploads/2026/a\x00b.pdf"])
def test_a_missing_or_malformed_stored_copy_is_not_found(editor_client, make_source, name):
    if "\x00" not in name:
        make_source(url="", file=name)
    response = editor_client.get(reverse("admin:cyberpeace_source_file", args=[name]))
    assert response.status_code == 404
