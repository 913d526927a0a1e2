from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group, User

from cyberpeace.publishing import Status
from initiatives.models import Event, EventRole, Partnership, Programme, Speaker
from orgs.models import Membership, Organisation, OrganisationTopic, Person, Topic

_numbers = itertools.count(1)


def make_topic(**fields) -> Topic:
    n = next(_numbers)
    fields = {"name": f"Topic {n}", "slug": f"topic-{n}", "status": Status.PUBLISHED} | fields
    return Topic.objects.create(**fields)


def make_organisation(**fields) -> Organisation:
    n = next(_numbers)
    fields = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "stakeholder_group": "ngo",
        "status": Status.PUBLISHED,
        "sources": ["000_f1b0942790790cba.txt"],
    } | fields
    return Organisation.objects.create(**fields)


def make_person(**fields) -> Person:
    n = next(_numbers)
    fields = {"name": f"Person {n}", "slug": f"person-{n}", "status": Status.PUBLISHED} | fields
    return Person.objects.create(**fields)


def make_programme(**fields) -> Programme:
    n = next(_numbers)
    fields = {
        "title": f"Programme {n}",
        "slug": f"programme-{n}",
        "kind": "programme",
        "status": Status.PUBLISHED,
    } | fields
    return Programme.objects.create(**fields)


def make_event(**fields) -> Event:
    n = next(_numbers)
    fields = {
        "title": f"Event {n}",
        "slug": f"event-{n}",
        "kind": "conference",
        "start": "2018-01-24",
        "status": Status.PUBLISHED,
    } | fields
    return Event.objects.create(**fields)


def make_world(size: int = 1) -> None:
    """``size`` of every kind of record, linked to each other."""
    for _ in range(size):
        topic = make_topic()
        organisation = make_organisation(parent=make_organisation())
        OrganisationTopic.objects.create(organisation=organisation, topic=topic, text="On it.")
        organisation.social_accounts.create(platform="twitter", handle="@x", url="https://x.com/x")
        person = make_person()
        Membership.objects.create(person=person, organisation=organisation, role="Director")
        programme = make_programme(parent=make_programme(), start="2015", end="2017")
        programme.topics.add(topic)
        Partnership.objects.create(programme=programme, organisation=organisation, role="lead")
        event = make_event(programme=programme, country="CH")
        event.topics.add(topic)
        event.links.create(title="Webcast", url="https://example.org/webcast")
        EventRole.objects.create(event=event, organisation=organisation, role="host")
        Speaker.objects.create(event=event, person=person, affiliation=organisation)


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    # Hashing passwords properly is slow on purpose; tests need no such safety.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off but without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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


def form_data(response, **changes) -> dict:
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
