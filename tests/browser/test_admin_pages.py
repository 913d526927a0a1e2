"""The editors' screens in a real browser: accessible, quiet, and as wide as a laptop.

On each page axe-core (bundled by axe-playwright-python) finds no violation,
and the browser reports no console error, no uncaught error and no breach of
the Content Security Policy.
"""

from __future__ import annotations

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from cyberpeace.models import Correction
from initiatives.models import Event, Programme
from orgs.models import Organisation, Relation

pytestmark = pytest.mark.browser

APPS = {"cyberpeace", "orgs", "initiatives"}
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: (model._meta.app_label, model._meta.model_name),
)


def richest(model):
    """The record of ``model`` with the most linked rows, so that its form's inlines are full."""
    related = [
        relation.get_accessor_name()
        for relation in model._meta.related_objects
        if (relation.one_to_many or relation.many_to_many) and not relation.hidden
    ]
    return max(
        model._default_manager.order_by("pk"),
        key=lambda obj: sum(getattr(obj, name).count() for name in related),
    )


def url(view: str, model=None) -> str:
    if model is None:
        return reverse(f"admin:{view}")
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if view in ("changelist", "add"):
        return reverse(f"{name}_{view}")
    obj = richest(model)
    if view == "change":
        return reverse(f"{name}_change", args=[obj.pk])
    if view == "history":
        return reverse(f"{name}_history", args=[obj.pk])
    # A version of the record in its history, as "Revert" shows it.
    version = obj.history.order_by("history_date").first()
    return reverse(f"{name}_simple_history", args=[obj.pk, version.pk])


PAGES = [
    ("index", None),
    *(("changelist", model) for model in MODELS),
    *(("change", model) for model in MODELS),
    ("add", Organisation),
    ("add", Event),
    ("history", Organisation),
    ("version", Organisation),
]


@pytest.fixture
def world(make_world, make_organisation, editor):
    """A few records of each kind, every inline of the richest forms with a row."""
    make_world(1)
    organisation = richest(Organisation)
    Relation.objects.create(
        subject=make_organisation(), kind="supported_by", object=organisation
    ).sources.set(organisation.sources.all())
    organisation.identifiers.create(scheme="wikidata", value="Q1129478")
    richest(Programme).identifiers.create(scheme="other", value="P-1")
    Correction.objects.create(organisation=organisation, what="Founded in 1865.", source="ITU")
    # A second version by an editor, so that the history lists a change.
    organisation.city, organisation.country = "Geneva", "CH"
    organisation._history_user = editor
    organisation.save()


@pytest.mark.parametrize(
    ("view", "model"),
    PAGES,
    ids=[f"{view}-{model.__name__}" if model else view for view, model in PAGES],
)
def test_the_page_passes_axe_and_says_nothing_wrong(tab, world, view, model):
    tab.open(url(view, model))

    assert tab.axe() == []
    assert tab.problems() == []


def test_a_row_added_to_an_inline_is_named_too(tab, world):
    tab.open(url("change", Event))
    rows = tab.page.locator("#speakers-group tr.form-row:not(.empty-form)")
    before = rows.count()

    tab.page.click("#speakers-group .add-row a")
    rows.nth(before).locator(".select2-container").first.wait_for()

    assert tab.axe() == []
    assert tab.problems() == []
    # Each help text an input points at is on the page (the new row's too).
    missing = tab.page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby]")]
          .flatMap((element) => element.getAttribute("aria-describedby").split(" "))
          .filter((id) => !document.getElementById(id))"""
    )
    assert missing == []


def test_the_fullest_forms_of_the_seed_fit_a_laptop_screen(tab, transactional_db):
    """The organisation and the event with the most rows, as the seed has them: no page
    wider than 1366 pixels (an inline's long column wraps instead)."""
    call_command("seed", stdout=io.StringIO())
    for model in (Organisation, Event):
        tab.open(url("change", model))

        assert tab.width() <= tab.viewport_width, model.__name__
        assert tab.axe() == [], model.__name__
        assert tab.problems() == [], model.__name__
