"""The public pages in a real browser, as a visitor on a phone and on a desktop sees them.

Every page type passes axe-core (WCAG 2.1 AA rules, bundled by
axe-playwright-python) with no violation, says nothing wrong in the console,
breaks no Content Security Policy rule and never scrolls sideways, from 360
pixels wide. A visitor walks from the home page through search, a facet, an
organisation, a programme and an event to its calendar file.
"""

from __future__ import annotations

import io

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Event, Programme
from orgs.models import Organisation, Person, Topic
from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(params=SCREENS, ids=SCREENS)
def visitor(request, browser, live_server, transactional_db):
    """A tab without an account, at a phone's or a desktop's width."""
    context = browser.new_context(viewport=SCREENS[request.param])
    yield Tab(context.new_page(), live_server.url)
    context.close()


@pytest.fixture
def world(make_world):
    """Two of every kind of record, linked to each other."""
    make_world(2)


def richest(model):
    return model.objects.order_by("pk").first()


def pages() -> dict[str, str]:
    """One address of each page type, as a visitor reaches it."""
    organisation = Organisation.objects.filter(partnerships__isnull=False).first()
    programme = Programme.objects.filter(partnerships__isnull=False).first()
    event = Event.objects.filter(roles__isnull=False).first()
    topic = Topic.objects.first()
    person = Person.objects.filter(memberships__isnull=False).first()
    return {
        "home": reverse("home"),
        "search": reverse("search") + "?q=org",
        "organisations": reverse("orgs:list"),
        "organisations, filtered": reverse("orgs:list") + "?stakeholder_group=ngo&country=CH",
        "organisation": organisation.get_absolute_url(),
        "programmes": reverse("initiatives:programme-list"),
        "programme": programme.get_absolute_url(),
        "events": reverse("initiatives:event-list"),
        "event": event.get_absolute_url(),
        "topics": reverse("orgs:topic-list"),
        "topic": topic.get_absolute_url(),
        "people": reverse("orgs:person-list"),
        "person": person.get_absolute_url(),
        "timeline": reverse("initiatives:timeline"),
        "suggest a correction": reverse(
            "suggest-correction", args=["organisation", organisation.slug]
        ),
        "French organisation": "/fr" + organisation.get_absolute_url(),
        "French events": "/fr" + reverse("initiatives:event-list"),
    }


PAGE_TYPES = [
    "home",
    "search",
    "organisations",
    "organisations, filtered",
    "organisation",
    "programmes",
    "programme",
    "events",
    "event",
    "topics",
    "topic",
    "people",
    "person",
    "timeline",
    "suggest a correction",
    "French organisation",
    "French events",
]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_passes_axe_and_fits_the_screen(visitor, world, page_type):
    visitor.open(pages()[page_type])

    assert visitor.axe() == []
    assert visitor.problems() == []
    assert visitor.width() <= visitor.viewport_width


def test_the_not_found_page_passes_axe_too(visitor, world):
    response = visitor.page.goto(visitor.base_url + "/organisations/never-was/")

    assert response.status == 404
    assert visitor.page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert visitor.axe() == []


def test_the_skip_link_is_the_first_stop_and_shows_where_focus_is(visitor, world):
    visitor.open(reverse("home"))

    visitor.page.keyboard.press("Tab")

    focused = visitor.page.evaluate(
        """() => {
          const element = document.activeElement;
          const style = getComputedStyle(element);
          const box = element.getBoundingClientRect();
          return {text: element.textContent, outline: style.outlineStyle,
                  onScreen: box.left >= 0 && box.top >= 0 && box.width > 0};
        }"""
    )
    assert focused == {"text": "Skip to content", "outline": "solid", "onScreen": True}
    visitor.page.keyboard.press("Enter")
    assert visitor.page.evaluate("location.hash") == "#main"


def test_a_visitor_walks_from_home_to_an_events_calendar_file(visitor):
    """Home, search, an organisation list with a facet, an organisation, one of its
    programmes, one of its events, and the event's calendar file, all by following links."""
    call_command("seed", stdout=io.StringIO())
    page = visitor.page
    visitor.open(reverse("home"))

    page.get_by_role("searchbox").first.fill("ICT4Peace")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/search/?q=ICT4Peace*")
    assert page.get_by_role("link", name="ICT4Peace Foundation").first.is_visible()

    page.goto(visitor.base_url + reverse("orgs:list"))
    facet = page.get_by_role("link", name="NGOs and associations").first
    if not facet.is_visible():  # on a phone the filters are folded above the list
        page.get_by_text("Filters", exact=False).first.click()
    facet.click()
    page.wait_for_url("**stakeholder_group=ngo*")
    page.get_by_role("link", name="ICT4Peace Foundation", exact=True).click()
    page.wait_for_url("**/organisations/ict4peace/")

    page.locator(
        'a[href$="/programmes/tech-against-terrorism-knowledge-sharing-platform/"]'
    ).first.click()
    page.wait_for_url("**/programmes/tech-against-terrorism-knowledge-sharing-platform/")

    page.locator('a[href$="/events/tech-against-terrorism-next-phase-launch-2017/"]').first.click()
    page.wait_for_url("**/events/tech-against-terrorism-next-phase-launch-2017/")
    assert visitor.problems() == []

    calendar_link = page.get_by_role("link", name="Add to calendar")
    answer = page.request.get(visitor.base_url + calendar_link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.body())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart").isoformat() == "2017-11-29"
