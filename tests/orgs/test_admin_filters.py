"""The changelists' "By country" filter offers the countries in use, and only those."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cyberpeace.publishing import Status


def country_filter(response) -> list[dict]:
    changelist = response.context["cl"]
    (spec,) = (spec for spec in changelist.filter_specs if spec.title == "country")
    return list(spec.choices(changelist))


def country_choices(response) -> list[str]:
    """The choices of the "By country" filter, as the editor reads them."""
    return [str(choice["display"]) for choice in country_filter(response)]


@pytest.fixture
def organisations(make_organisation, contributor, other_editor):
    make_organisation(name="Swiss one", country="CH")
    make_organisation(name="Swiss two", country="CH")
    make_organisation(name="French", country="FR")
    make_organisation(name="Nowhere")
    # A draft of another's: its country is offered to editors only.
    make_organisation(name="Draft", country="KE", status=Status.DRAFT, created_by=other_editor)


@pytest.mark.django_db
def test_organisations_filter_by_the_countries_in_use(editor_client, organisations):
    response = editor_client.get(reverse("admin:orgs_organisation_changelist"))
    assert country_choices(response) == ["All", "France", "Kenya", "Switzerland", "Not given"]


@pytest.mark.django_db
def test_a_country_filters_the_list(editor_client, organisations):
    url = reverse("admin:orgs_organisation_changelist")
    response = editor_client.get(url, {"country__exact": "CH"})
    names = {str(organisation) for organisation in response.context["cl"].result_list}
    assert names == {"Swiss one", "Swiss two"}
    selected = [choice for choice in country_filter(response) if choice["selected"]]
    assert [(str(c["display"]), c["query_string"]) for c in selected] == [
        ("Switzerland", "?country__exact=CH")
    ]


@pytest.mark.django_db
def test_not_given_lists_records_without_a_country(editor_client, organisations):
    url = reverse("admin:orgs_organisation_changelist")
    response = editor_client.get(url, {"country__exact": ""})
    assert [str(o) for o in response.context["cl"].result_list] == ["Nowhere"]


@pytest.mark.django_db
def test_a_contributor_is_offered_no_country_of_anothers_draft(contributor_client, organisations):
    response = contributor_client.get(reverse("admin:orgs_organisation_changelist"))
    assert country_choices(response) == ["All", "France", "Switzerland", "Not given"]


@pytest.mark.django_db
def test_facets_count_the_records_of_each_country(editor_client, organisations):
    url = reverse("admin:orgs_organisation_changelist")
    response = editor_client.get(url, {"_facets": "1"})
    assert country_choices(response) == [
        "All",
        "France (1)",
        "Kenya (1)",
        "Switzerland (2)",
        "Not given (1)",
    ]


@pytest.mark.django_db
def test_events_filter_by_the_countries_in_use(editor_client, make_event):
    make_event(country="AT")
    make_event(country="CH")
    make_event(country="CH")
    response = editor_client.get(reverse("admin:initiatives_event_changelist"))
    assert country_choices(response) == ["All", "Austria", "Switzerland"]


@pytest.mark.django_db
def test_no_country_in_use_no_filter(editor_client, make_event):
    make_event()
    response = editor_client.get(reverse("admin:initiatives_event_changelist"))
    assert "By country" not in response.content.decode()
