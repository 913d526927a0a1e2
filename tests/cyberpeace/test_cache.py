"""Anonymous answers cached per URL, and every write making them stale (cyberpeace.cache)."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from cyberpeace import cache as page_cache
from cyberpeace.publishing import Status
from initiatives.models import Event, Programme
from orgs.models import Organisation, Topic

PAGES = [
    "/",
    "/fr/",
    "/organisations/",
    "/organisations/?stakeholder_group=ngo",
    "/programmes/",
    "/events/",
    "/events/?country=CH",
    "/topics/",
    "/people/",
    "/search/?q=organisation",
    "/timeline/",
    "/events/feed/",
    "/events/feed.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v1/",
    "/api/v1/organisations/",
    "/api/v1/programmes/",
    "/api/v1/events/",
    "/api/v1/topics/",
    "/api/v1/people/",
    "/api/v1/sources/",
    "/api/v1/events/?format=ics",
    "/api/v1/changes/?since=2000-01-01",
]


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.COUNT_CACHE_SECONDS = 600


def details() -> list[str]:
    organisation = Organisation.objects.filter(relations__isnull=False).first()
    programme = Programme.objects.filter(partnerships__isnull=False).first()
    event = Event.objects.filter(roles__isnull=False).first()
    return [
        organisation.get_absolute_url(),
        programme.get_absolute_url(),
        event.get_absolute_url(),
        f"/api/v1/organisations/{organisation.slug}/",
        f"/api/v1/programmes/{programme.slug}/",
        f"/api/v1/events/{event.slug}/",
        f"/events/{event.slug}.ics",
    ]


def fetch(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


@pytest.mark.usefixtures("cached")
def test_every_public_answer_is_served_again_without_a_query(client, make_world):
    make_world(2)
    for url in [*PAGES, *details()]:
        first, _ = fetch(client, url)
        assert first.status_code == 200, url
        assert first.headers["X-Cache"] == "miss", url
        again, queries = fetch(client, url)
        assert again.headers["X-Cache"] == "hit", url
        assert queries == 0, url
        assert again.content == first.content, url
        assert again.headers["Content-Type"] == first.headers["Content-Type"], url
        # No secret of the first reader's is replayed to the next.
        assert b"csrfmiddlewaretoken" not in again.content, url
        assert "nonce-" not in again.headers["Content-Security-Policy"], url
        assert "Set-Cookie" not in again.headers, url


@pytest.mark.usefixtures("cached")
def test_a_hit_still_passes_the_header_setting_middleware(client, make_world):
    make_world()
    client.get("/organisations/")
    response = client.get("/organisations/", headers={"origin": "https://partner.example"})
    assert response.headers["X-Cache"] == "hit"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Language"] == "en-gb"
    api = client.get("/api/v1/topics/", headers={"origin": "https://partner.example"})
    api = client.get("/api/v1/topics/", headers={"origin": "https://partner.example"})
    assert api.headers["X-Cache"] == "hit"
    assert api.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.usefixtures("cached")
def test_a_cached_api_answer_still_answers_a_conditional_get(client, make_world):
    make_world()
    tag = client.get("/api/v1/organisations/").headers["ETag"]
    response = client.get("/api/v1/organisations/", headers={"if-none-match": tag})
    assert response.status_code == 304
    assert response.headers["ETag"] == tag
    head = client.head("/api/v1/organisations/")
    assert head.status_code == 200
    assert head.headers["X-Cache"] == "hit"


@pytest.mark.usefixtures("cached")
def test_a_saved_edit_is_on_the_next_request(client, make_world):
    make_world()
    organisation = Organisation.objects.filter(relations__isnull=False).first()
    page = organisation.get_absolute_url()
    assert organisation.name in client.get(page).content.decode()
    organisation.name = "Renamed Institute"
    organisation.save()
    response = client.get(page)
    assert response.headers["X-Cache"] == "miss"
    assert "Renamed Institute" in response.content.decode()


@pytest.mark.usefixtures("cached")
def test_an_edit_to_an_embedded_record_reaches_the_pages_that_show_it(client, make_world):
    """A programme's page, an event's API answer and the search show a partner's name."""
    make_world()
    programme = Programme.objects.filter(partnerships__isnull=False).first()
    event = Event.objects.filter(roles__isnull=False).first()
    urls = [
        programme.get_absolute_url(),
        f"/api/v1/events/{event.slug}/",
        "/organisations/",
        "/search/?q=renamed",
    ]
    for url in urls:
        client.get(url)
    partner = programme.partnerships.first().organisation
    partner.name = "Renamed Partner"
    partner.save()
    for url in urls:
        response = client.get(url)
        assert response.headers["X-Cache"] == "miss", url
        assert "Renamed Partner" in response.content.decode(), url


@pytest.mark.usefixtures("cached")
def test_links_and_deletions_make_pages_stale(client, make_world, make_topic):
    make_world()
    event = Event.objects.first()
    page = event.get_absolute_url()
    client.get(page)
    topic = make_topic(name="Newly Linked Topic")
    event.topics.add(topic)
    assert "Newly Linked Topic" in client.get(page).content.decode()
    client.get("/topics/")
    Topic.objects.get(pk=topic.pk).delete()
    assert "Newly Linked Topic" not in client.get("/topics/").content.decode()


@pytest.mark.usefixtures("cached")
def test_an_editors_admin_save_reaches_anonymous_readers(editor_client, make_world, form_data):
    client = Client()
    make_world()
    organisation = Organisation.objects.filter(relations__isnull=False).first()
    page = organisation.get_absolute_url()
    client.get(page)
    change = f"/admin/orgs/organisation/{organisation.pk}/change/"
    reply = editor_client.post(change, form_data(editor_client.get(change), name="Edited In Admin"))
    assert reply.status_code == 302, reply.content[:2000]
    response = client.get(page)
    assert response.headers["X-Cache"] == "miss"
    assert "Edited In Admin" in response.content.decode()


def test_a_signed_in_write_moves_the_generation_whatever_it_wrote_with(rf, settings):
    """QuerySet.update() sends no signal: an editor's or partner's write request still counts."""
    settings.PAGE_CACHE_SECONDS = 600
    middleware = page_cache.PageCacheMiddleware(lambda request: HttpResponse("saved"))
    path = page_cache.generation_file()
    before = path.stat().st_mtime_ns
    anonymous = rf.post("/suggest/organisation/x/")
    middleware(anonymous)
    assert path.stat().st_mtime_ns == before
    signed_in = rf.post("/admin/orgs/organisation/", headers={"authorization": "Token x"})
    middleware(signed_in)
    assert path.stat().st_mtime_ns > before


@pytest.mark.usefixtures("cached")
def test_a_partners_api_write_reaches_anonymous_readers(client, make_world, editor):
    make_world()
    topic = Topic.objects.first()
    client.get("/api/v1/topics/")
    _, token = AuthToken.objects.create(editor)
    response = client.patch(
        f"/api/v1/topics/{topic.slug}/",
        {"name": "Patched Topic"},
        content_type="application/json",
        headers={"authorization": f"Token {token}"},
    )
    assert response.status_code == 200, response.content
    answer = client.get("/api/v1/topics/")
    assert answer.headers["X-Cache"] == "miss"
    assert "Patched Topic" in answer.content.decode()


@pytest.mark.usefixtures("cached")
def test_signed_in_readers_and_tokens_are_never_served_a_cached_answer(
    editor_client, make_world, make_organisation, editor
):
    client = Client()
    make_world()
    draft = make_organisation(name="Unpublished Draft", status=Status.DRAFT)
    client.get("/organisations/")
    client.get("/organisations/")
    response = editor_client.get("/organisations/")
    assert "X-Cache" not in response.headers
    assert draft.name in response.content.decode()
    _, token = AuthToken.objects.create(editor)
    api = client.get(
        "/api/v1/organisations/?status=draft", headers={"authorization": f"Token {token}"}
    )
    assert "X-Cache" not in api.headers
    assert draft.name in api.content.decode()
    # And what they saw is not given to the next visitor.
    assert draft.name not in client.get("/organisations/").content.decode()


@pytest.mark.usefixtures("cached")
def test_answers_with_a_visitors_own_token_or_an_error_are_not_kept(client, make_world):
    make_world()
    organisation = Organisation.objects.first()
    form = f"/suggest/organisation/{organisation.slug}/"
    for url in (form, "/organisations/no-such-organisation/", "/healthz"):
        client.get(url)
        assert "X-Cache" not in client.get(url).headers, url
    # The CSV export is streamed: every row, never held in memory, never kept.
    assert "X-Cache" not in client.get("/api/v1/organisations/?format=csv").headers


def test_page_cache_seconds_zero_turns_it_off(client, make_world, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_world()
    client.get("/organisations/")
    _, queries = fetch(client, "/organisations/")
    assert "X-Cache" not in client.get("/organisations/").headers
    assert queries > 0


@pytest.mark.usefixtures("cached")
def test_facet_counts_and_totals_are_kept_between_writes(client, make_world, make_event, settings):
    """Uncached pages too: page 2 of a list counts nothing page 1 counted."""
    settings.PAGE_CACHE_SECONDS = 0
    make_world(3)
    _, first = fetch(client, "/events/?country=CH")
    _, other_page = fetch(client, "/events/?country=CH&page=1")
    assert other_page < first
    make_event(title="Counted After", country="CH")
    response, after_write = fetch(client, "/events/?country=CH&page=1")
    assert after_write == first
    assert "Counted After" in response.content.decode()


def test_another_process_moving_the_generation_makes_this_ones_entries_stale(
    client, make_world, settings, cached
):
    """Without Redis each process keeps its own entries, but all read one generation file."""
    make_world()
    client.get("/topics/")
    assert client.get("/topics/").headers["X-Cache"] == "hit"
    # What another process's write does: it touches the file, nothing of ours.
    path = page_cache.generation_file()
    before = path.stat().st_mtime_ns
    page_cache._touch(path)
    assert path.stat().st_mtime_ns > before
    assert client.get("/topics/").headers["X-Cache"] == "miss"


@pytest.fixture
def redis_cache(settings):
    """The cache on the Redis the machine runs, under a prefix of this test's own."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.ConnectionError:
        pytest.skip("No Redis on 127.0.0.1:6379")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"cyberpeace-test-{os.getpid()}",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("cached", "redis_cache")
def test_with_redis_the_generation_is_shared_with_every_process(client, make_world):
    make_world()
    client.get("/topics/")
    assert client.get("/topics/").headers["X-Cache"] == "hit"
    assert cache.get(page_cache.GENERATION_KEY)
    topic = Topic.objects.first()
    topic.name = "Seen Everywhere"
    topic.save()
    response = client.get("/topics/")
    assert response.headers["X-Cache"] == "miss"
    assert "Seen Everywhere" in response.content.decode()
    # Another process's write is a new generation in Redis: our entries go stale.
    client.get("/topics/")
    cache.set(page_cache.GENERATION_KEY, "from-another-process", timeout=None)
    assert client.get("/topics/").headers["X-Cache"] == "miss"


def test_an_unreachable_cache_serves_from_the_database(client, make_world, settings, cached):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    make_world()
    assert client.get("/organisations/").status_code == 200
    assert client.get("/organisations/").status_code == 200


@pytest.fixture
def records_cached(settings):
    settings.RECORD_CACHE_SECONDS = 600


@pytest.mark.usefixtures("records_cached")
def test_api_records_are_built_once_per_version_and_anew_when_what_they_embed_changes(
    client, make_world
):
    """Page cache off: the record cache alone, keyed by each record's updated_at."""
    make_world(3)
    cold, cold_queries = fetch(client, "/api/v1/events/")
    warm, warm_queries = fetch(client, "/api/v1/events/")
    assert warm.content == cold.content
    # The page's rows and its count: nothing embedded is read again.
    assert warm_queries == 2 < cold_queries
    detail = Event.objects.filter(roles__isnull=False).first()
    url = f"/api/v1/events/{detail.slug}/"
    first, _ = fetch(client, url)
    again, queries = fetch(client, url)
    assert again.content == first.content
    assert queries == 1
    # A host's new name moves the event's updated_at (cyberpeace.freshness): a new key.
    host = detail.roles.first().organisation
    host.name = "Renamed Host"
    host.save()
    assert "Renamed Host" in client.get(url).content.decode()
    assert "Renamed Host" in client.get("/api/v1/events/").content.decode()


@pytest.mark.usefixtures("records_cached")
def test_the_record_cache_serves_no_reader_who_may_see_drafts(
    client, make_world, make_topic, editor
):
    make_world()
    event = Event.objects.first()
    client.get(f"/api/v1/events/{event.slug}/")
    draft = make_topic(name="Draft Topic", status=Status.DRAFT)
    Event.objects.filter(pk=event.pk).first().topics.add(draft)
    _, token = AuthToken.objects.create(editor)
    answer = client.get(
        f"/api/v1/events/{event.slug}/", headers={"authorization": f"Token {token}"}
    )
    # Topics are named by slug in an API record.
    assert f'"{draft.slug}"' in answer.content.decode()
    assert f'"{draft.slug}"' not in client.get(f"/api/v1/events/{event.slug}/").content.decode()


@pytest.mark.usefixtures("cached")
def test_the_homes_counts_and_events_are_kept_until_the_next_write(
    client, make_world, make_event, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    make_world(2)
    _, first = fetch(client, "/")
    page, again = fetch(client, "/")
    assert again < first
    make_event(title="Announced Later", start="2099-05-01")
    page, after = fetch(client, "/")
    assert after == first
    assert "Announced Later" in page.content.decode()
