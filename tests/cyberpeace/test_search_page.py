from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cyberpeace.publishing import Status
from cyberpeace.search import MAX_WORD_LENGTH, MAX_WORDS, search, words

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and its indexes are PostgreSQL's"
)


def found(response, key: str) -> list[str]:
    for group in response.context["groups"]:
        if group["key"] == key:
            return [str(record) for record in group["results"]]
    raise AssertionError(f"no group {key}")


def counts(response) -> dict[str, int]:
    return {group["key"]: group["count"] for group in response.context["groups"]}


def test_an_empty_query_shows_the_form_and_a_hint(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("search"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="search"' in content
    assert "“geneve” finds “Genève”" in content
    assert response.context["groups"] == []


def test_it_groups_results_by_type_with_counts_and_links_to_each_list(
    client, make_organisation, make_programme, make_event, make_topic, make_person
):
    make_organisation(name="Geneva Centre for Security Policy", acronyms=["GCSP"])
    make_organisation(name="Geneva Internet Platform")
    make_programme(title="Geneva Dialogue on Responsible Behaviour")
    make_event(title="Geneva Cyber Week", city="Geneva", country="CH")
    make_topic(name="Geneva conventions")
    make_person(name="Ada Geneva")
    make_organisation(name="Unrelated")
    response = client.get(reverse("search"), {"q": "geneva"})
    assert response.status_code == 200
    assert counts(response) == {
        "organisations": 2,
        "programmes": 1,
        "events": 1,
        "topics": 1,
        "people": 1,
    }
    assert response.context["total"] == 6
    content = response.content.decode()
    assert '<h2 id="organisations">Organisations' in content
    assert 'href="/organisations/?q=geneva">All 2 organisations matching “geneva”</a>' in content
    assert 'href="/programmes/?q=geneva">All 1 programme matching “geneva”</a>' in content
    assert 'href="/events/?q=geneva">All 1 event matching “geneva”</a>' in content
    assert "Geneva Cyber Week" in content
    assert "Unrelated" not in content


def test_it_shows_each_results_type_and_key_facts(client, make_organisation, make_event):
    make_organisation(name="Cyber Peace Institute", acronyms=["CPI"], city="Geneva", country="CH")
    make_event(title="Cyber day", start="2017-05", city="Bern", country="CH")
    content = client.get(reverse("search"), {"q": "cyber"}).content.decode()
    assert "Organisation · NGOs and associations · Geneva, Switzerland" in content
    assert "(CPI)" in content
    # The event's date at its precision: a month, never an invented day.
    assert "Event · Conference · May 2017 · Bern, Switzerland" in content


@pytest.mark.parametrize("query", ["geneve", "Genève", "GENÈVE", "genEVE"])
def test_it_ignores_case_and_accents_both_ways(client, make_organisation, query):
    make_organisation(name="Université de Genève")
    make_organisation(name="Geneve Accords Office")
    response = client.get(reverse("search"), {"q": query})
    assert sorted(found(response, "organisations")) == [
        "Geneve Accords Office",
        "Université de Genève",
    ]


@pytest.mark.parametrize("acronym", ["ITU", "uit", "UIT"])
def test_it_finds_an_organisation_by_any_acronym(client, make_organisation, acronym):
    make_organisation(name="International Telecommunication Union", acronyms=["ITU", "UIT"])
    make_organisation(name="Unrelated")
    response = client.get(reverse("search"), {"q": acronym})
    assert found(response, "organisations") == ["International Telecommunication Union"]


def test_every_word_must_match(client, make_organisation):
    make_organisation(name="Geneva Internet Platform")
    make_organisation(name="Geneva Centre for Security Policy")
    response = client.get(reverse("search"), {"q": "geneva internet"})
    assert found(response, "organisations") == ["Geneva Internet Platform"]


def test_it_hides_drafts_from_the_public_and_shows_them_to_editors(
    client, editor, make_organisation, make_event
):
    make_organisation(name="Draft Cyber Council", status=Status.DRAFT)
    make_event(title="Draft Cyber Summit", status=Status.DRAFT)
    make_organisation(name="Published Cyber Council")
    response = client.get(reverse("search"), {"q": "cyber"})
    assert found(response, "organisations") == ["Published Cyber Council"]
    assert counts(response)["events"] == 0
    assert "Draft Cyber" not in response.content.decode()
    client.force_login(editor)
    response = client.get(reverse("search"), {"q": "cyber"})
    assert sorted(found(response, "organisations")) == [
        "Draft Cyber Council",
        "Published Cyber Council",
    ]
    assert counts(response)["events"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "a" * 2000,
        " ".join(["cyber"] * 400),
        "%_!@#$&*()'\"\\:|<>",
        "!!!",
        "'; DROP TABLE orgs_organisation; --",
        "cyber & | ! :* (",
    ],
)
def test_long_or_symbol_queries_answer_normally(client, make_organisation, query):
    make_organisation(name="Cyber Peace Institute")
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_a_query_of_symbols_only_finds_nothing(client, make_organisation):
    make_organisation(name="Cyber Peace Institute")
    response = client.get(reverse("search"), {"q": "%&!"})
    assert response.context["total"] == 0
    assert "0 results for" in response.content.decode()


def test_a_long_query_keeps_only_its_first_words():
    assert words("Genève, ITU-T & co.") == ["geneve", "itu", "t", "co"]
    assert len(words(" ".join(f"w{n}" for n in range(100)))) == MAX_WORDS


def test_a_word_is_cut_to_a_length_no_name_reaches():
    [word] = words("a" * 60_000)
    assert word == "a" * MAX_WORD_LENGTH


@pytest.mark.parametrize("path", ["/search/", "/organisations/", "/api/v1/organisations/"])
def test_a_word_of_sixty_thousand_letters_answers_normally(client, make_organisation, path):
    make_organisation(name="Cyber Peace Institute")
    response = client.get(path, {"q": "a" * 60_000})
    assert response.status_code == 200
    cut = client.get(path, {"q": "Institute" + "x" * 60_000})
    assert cut.status_code == 200
    assert "Cyber Peace Institute" not in cut.content.decode()


def test_the_search_page_runs_one_query_a_type(client, make_world, django_assert_num_queries):
    make_world(1)
    with django_assert_num_queries(5):
        client.get(reverse("search"), {"q": "1"})


def test_its_query_count_does_not_grow_with_the_rows(client, make_world, django_assert_num_queries):
    make_world(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("search"), {"q": "o"})
    make_world(8)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("search"), {"q": "o"})
    assert response.context["total"] > 9


def test_it_shows_the_first_results_of_a_type_and_counts_them_all(client, make_organisation):
    for n in range(12):
        make_organisation(name=f"Cyber council {n}")
    response = client.get(reverse("search"), {"q": "cyber"})
    assert counts(response)["organisations"] == 12
    assert len(found(response, "organisations")) == 10
    assert "All 12 organisations matching “cyber”" in response.content.decode()


def test_a_lists_q_finds_what_the_search_page_finds(client, make_organisation):
    make_organisation(name="International Telecommunication Union", acronyms=["ITU", "UIT"])
    make_organisation(name="Université de Genève", slug="unige")
    assert [o["name"] for o in client.get("/api/v1/organisations/?q=uit").json()["results"]] == [
        "International Telecommunication Union"
    ]
    response = client.get(reverse("orgs:list"), {"q": "GENEVE"})
    assert [o.name for o in response.context["object_list"]] == ["Université de Genève"]


def test_every_page_has_a_labelled_search_box_in_its_header(client):
    content = client.get("/organisations/").content.decode()
    assert '<form role="search" class="search" action="/search/" method="get">' in content
    assert '<label for="site-q" class="visually-hidden">Search the directory</label>' in content
    assert '<input type="search" id="site-q" name="q"' in content


def test_the_search_page_is_in_french_too(client, make_organisation):
    make_organisation(name="Union internationale des télécommunications")
    response = client.get("/fr/search/", {"q": "telecommunications"})
    assert response.status_code == 200
    assert found(response, "organisations") == ["Union internationale des télécommunications"]


@on_postgresql
def test_it_ranks_by_relevance_on_postgresql(client, make_organisation):
    # The name weighs more than the city: the organisation named for Geneva comes first.
    make_organisation(name="Alpha Institute", city="Geneva")
    make_organisation(name="Geneva Forum", city="Bern")
    response = client.get(reverse("search"), {"q": "geneva"})
    assert found(response, "organisations") == ["Geneva Forum", "Alpha Institute"]
    listed = client.get(reverse("orgs:list"), {"q": "geneva"}).context["object_list"]
    assert [o.name for o in listed] == ["Geneva Forum", "Alpha Institute"]
    ordered = client.get(reverse("orgs:list"), {"q": "geneva", "ordering": "name"})
    assert [o.name for o in ordered.context["object_list"]] == ["Alpha Institute", "Geneva Forum"]


@on_postgresql
def test_a_word_finds_the_words_it_begins_on_postgresql(client, make_organisation):
    make_organisation(name="Cybersecurity Tech Accord")
    response = client.get(reverse("search"), {"q": "cyber tech"})
    assert found(response, "organisations") == ["Cybersecurity Tech Accord"]


SEARCH_INDEXES = [
    "orgs_organisation_search",
    "orgs_topic_search",
    "orgs_person_search",
    "initiatives_programme_search",
    "initiatives_event_search",
    "cyberpeace_source_search",
]


@on_postgresql
def test_each_searched_table_has_its_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [SEARCH_INDEXES],
        )
        indexes = dict(cursor.fetchall())
    assert sorted(indexes) == sorted(SEARCH_INDEXES)
    assert all("USING gin (search_vector)" in definition for definition in indexes.values())


@on_postgresql
@pytest.mark.parametrize(
    ("model_path", "filterset_path", "index"),
    [
        ("orgs.models.Organisation", "orgs.filtersets.OrganisationFilterSet", "orgs_organisation"),
        ("orgs.models.Topic", "orgs.filtersets.TopicFilterSet", "orgs_topic"),
        ("orgs.models.Person", "orgs.filtersets.PersonFilterSet", "orgs_person"),
        (
            "initiatives.models.Programme",
            "initiatives.filtersets.ProgrammeFilterSet",
            "initiatives_programme",
        ),
        ("initiatives.models.Event", "initiatives.filtersets.EventFilterSet", "initiatives_event"),
        ("cyberpeace.models.Source", "cyberpeace.filtersets.SourceFilterSet", "cyberpeace_source"),
    ],
)
def test_the_search_uses_its_index(model_path, filterset_path, index):
    from django.utils.module_loading import import_string

    model, filterset = import_string(model_path), import_string(filterset_path)
    queryset = search(model.objects.all(), "geneva itu", filterset.search_fields, rank=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert f"{index}_search" in plan
