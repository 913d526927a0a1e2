"""Fixtures every test may ask for: users, clients, and small record makers.

The makers are fixtures that return a function (``make_organisation(name=…)``),
so tests share them by asking for them, never by importing this module.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import translation

from cyberpeace.cache import bump
from cyberpeace.models import Source
from cyberpeace.publishing import Status
from initiatives.models import Event, EventRole, Partnership, Programme, Speaker
from orgs.models import Membership, Organisation, OrganisationTopic, Person, Topic

_numbers = itertools.count(1)


def _create(model, defaults: dict, fields: dict):
    """A record citing ``sources`` (by default one shared test source), as every record does."""
    sources = fields.pop("sources", None)
    record = model.objects.create(**(defaults | fields))
    record.sources.set(_default_sources() if sources is None else sources)
    return record


def _default_sources() -> list[Source]:
    source, _ = Source.objects.get_or_create(
        slug="test-source",
        defaults={
            "title": "A test source",
            "kind": "web_page",
            "url": "https://example.org/",
            "status": Status.PUBLISHED,
        },
    )
    return [source]


def _make_source(**fields) -> Source:
    n = next(_numbers)
    defaults = {
        "title": f"Source {n}",
        "slug": f"source-{n}",
        "kind": "web_page",
        "url": f"https://example.org/{n}",
        "status": Status.PUBLISHED,
    }
    return Source.objects.create(**(defaults | fields))


def _make_topic(**fields) -> Topic:
    n = next(_numbers)
    defaults = {"name": f"Topic {n}", "slug": f"topic-{n}", "status": Status.PUBLISHED}
    return _create(Topic, defaults, fields)


def _make_organisation(**fields) -> Organisation:
    n = next(_numbers)
    defaults = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "stakeholder_group": "ngo",
        "status": Status.PUBLISHED,
    }
    return _create(Organisation, defaults, fields)


def _make_person(**fields) -> Person:
    n = next(_numbers)
    defaults = {"name": f"Person {n}", "slug": f"person-{n}", "status": Status.PUBLISHED}
    return _create(Person, defaults, fields)


def _make_programme(**fields) -> Programme:
    n = next(_numbers)
    defaults = {
        "title": f"Programme {n}",
        "slug": f"programme-{n}",
        "kind": "programme",
        "status": Status.PUBLISHED,
    }
    return _create(Programme, defaults, fields)


def _make_event(**fields) -> Event:
    n = next(_numbers)
    defaults = {
        "title": f"Event {n}",
        "slug": f"event-{n}",
        "kind": "conference",
        "start": "2018-01-24",
        "status": Status.PUBLISHED,
    }
    return _create(Event, defaults, fields)


def _make_world(size: int = 1) -> None:
    """``size`` of every kind of record, linked to each other, each citing a source."""
    for _ in range(size):
        source = _make_source()
        topic = _make_topic(sources=[source])
        organisation = _make_organisation(parent=_make_organisation(), sources=[source])
        partner = _make_organisation(sources=[source])
        organisation.relations.create(kind="member_of", object=partner).sources.add(source)
        OrganisationTopic.objects.create(
            organisation=organisation, topic=topic, text="On it."
        ).sources.add(source)
        organisation.social_accounts.create(
            platform="twitter", handle="@x", url="https://x.com/x"
        ).sources.add(source)
        person = _make_person(sources=[source])
        Membership.objects.create(
            person=person, organisation=organisation, role="Director"
        ).sources.add(source)
        previous = _make_programme()
        programme = _make_programme(
            parent=_make_programme(), follows=previous, start="2015", end="2017", sources=[source]
        )
        programme.topics.add(topic)
        Partnership.objects.create(
            programme=programme, organisation=organisation, role="lead"
        ).sources.add(source)
        event = _make_event(programme=programme, country="CH", sources=[source])
        event.topics.add(topic)
        event.links.create(title="Webcast", url="https://example.org/webcast")
        EventRole.objects.create(event=event, organisation=organisation, role="host").sources.add(
            source
        )
        Speaker.objects.create(event=event, person=person, affiliation=organisation).sources.add(
            source
        )


def _form_data(response, **changes) -> dict:
    """What the browser would post back from an admin change form, with ``changes``."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form[name].html_name] = value
    data.update(changes)
    return data


@pytest.fixture
def make_source(db):
    return _make_source


@pytest.fixture
def make_topic(db):
    return _make_topic


@pytest.fixture
def make_organisation(db):
    return _make_organisation


@pytest.fixture
def make_person(db):
    return _make_person


@pytest.fixture
def make_programme(db):
    return _make_programme


@pytest.fixture
def make_event(db):
    return _make_event


@pytest.fixture
def make_world(db):
    return _make_world


@pytest.fixture
def form_data():
    return _form_data


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path) -> None:
    # Hashing passwords properly is slow on purpose; tests need no such safety.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off but without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Uploads go to a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Throttling counts and cached answers live in the cache: each test starts afresh.
    cache.clear()
    # A generation of the test's own: another test run on this checkout moves its own.
    settings.CACHE_GENERATION_FILE = tmp_path / "cache.generation"
    bump()
    # Each request does its whole work, so that query counts are the view's own;
    # tests/cyberpeace/test_cache.py turns the caches on.
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNT_CACHE_SECONDS = 0
    settings.RECORD_CACHE_SECONDS = 0
    # A request to a French page leaves French active in the test's thread, where
    # get_absolute_url() would then give French addresses: each test starts in English.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def other_editor(db) -> User:
    user = User.objects.create_user("alice", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def contributor(db) -> User:
    user = User.objects.create_user("contributor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client
