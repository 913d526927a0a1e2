"""Error pages: a visitor who took a wrong turn gets a page of the site, not a bare error."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/organisations/never-was/", "/programmes/never-was/", "/events/never-was/", "/nowhere/"],
)
def test_an_unknown_address_answers_the_sites_own_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/organisations/"' in page  # the way back, in the site's own layout
    assert '<a class="skip" href="#main">' in page


@pytest.mark.django_db
def test_a_french_address_answers_its_404_in_the_french_layout(client):
    response = client.get("/fr/organisations/never-was/")

    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()
    assert 'href="/fr/organisations/"' in response.content.decode()


def test_the_500_page_needs_nothing_from_the_database_or_the_request():
    from django.template import loader

    page = loader.get_template("500.html").render()

    assert "Something went wrong" in page
