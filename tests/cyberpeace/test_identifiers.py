"""Identifiers in other registers: at most one per scheme for a record, and a value names one record."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cyberpeace.models import Identifier


@pytest.mark.django_db
def test_a_value_names_one_record(make_organisation, make_programme):
    make_organisation().identifiers.create(scheme="wikidata", value="Q1129478")
    duplicate = Identifier(record=make_programme(), scheme="wikidata", value="Q1129478")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already names" in error.value.message_dict["value"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_record_has_one_value_per_scheme(make_organisation):
    organisation = make_organisation()
    organisation.identifiers.create(scheme="iati", value="XM-DAC-41114")
    second = Identifier(record=organisation, scheme="iati", value="XM-DAC-41115")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["scheme"] == [
        "This record already has the IATI identifier XM-DAC-41114; a record has one value per scheme."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


@pytest.mark.django_db
def test_a_wikidata_value_is_an_item(make_organisation):
    with pytest.raises(ValidationError, match="not a Wikidata item"):
        Identifier(record=make_organisation(), scheme="wikidata", value="ITU").full_clean()


@pytest.mark.django_db
def test_the_admin_refuses_a_duplicate_identifier_naming_the_field(
    editor_client, form_data, make_organisation
):
    make_organisation().identifiers.create(scheme="wikidata", value="Q1129478")
    organisation = make_organisation(name="Another")
    url = reverse("admin:orgs_organisation_change", args=[organisation.pk])
    data = form_data(editor_client.get(url))
    prefix = "cyberpeace-identifier-content_type-object_id"
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-scheme": "wikidata"})
    data[f"{prefix}-0-value"] = "Q1129478"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix
    )
    assert "already names" in str(inline.formset.forms[0].errors["value"])
    assert not Identifier.objects.filter(
        content_type=ContentType.objects.get_for_model(organisation), object_id=organisation.pk
    ).exists()


@pytest.mark.django_db
def test_identifiers_show_on_the_public_page(client, make_programme):
    programme = make_programme()
    programme.identifiers.create(scheme="gfce", value="GFCE-123")
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "<dt>GFCE</dt><dd>GFCE-123</dd>" in page
