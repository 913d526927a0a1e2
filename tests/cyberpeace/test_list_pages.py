"""The list pages: facets counted under the other filters, state in the URL, bad input answered."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils.functional import Promise

from cyberpeace import facets
from cyberpeace.publishing import Status
from initiatives.filtersets import EventFilterSet
from initiatives.models import EventRole, Partnership
from orgs.filtersets import OrganisationFilterSet
from orgs.models import Membership, OrganisationTopic


def counts(response, facet: str) -> dict[str, int]:
    """A facet's options as {value: count}, as the page shows them."""
    for result in response.context["facets"]:
        if result.name == facet:
            return {option.value: option.count for option in result.options}
    raise AssertionError(f"no facet {facet}")


def listed(response) -> list[str]:
    return [str(record) for record in response.context["object_list"]]


@pytest.fixture
def four_organisations(make_organisation):
    return [
        make_organisation(name="Alpha", stakeholder_group="ngo", country="CH"),
        make_organisation(name="Beta", stakeholder_group="ngo", country="CH"),
        make_organisation(name="Gamma", stakeholder_group="government", country="CH"),
        make_organisation(name="Delta", stakeholder_group="ngo", country="FR"),
    ]


@pytest.mark.django_db
def test_each_facet_counts_under_the_other_filters_but_not_its_own(client, four_organisations):
    response = client.get("/organisations/?stakeholder_group=ngo&country=CH")
    assert listed(response) == ["Alpha", "Beta"]
    assert counts(response, "stakeholder_group") == {"ngo": 2, "government": 1}
    assert counts(response, "country") == {"CH": 2, "FR": 1}
    assert "2 organisations" in response.content.decode()


@pytest.mark.django_db
def test_options_of_one_facet_combine_as_any_of_them(client, four_organisations):
    response = client.get("/organisations/?stakeholder_group=ngo&stakeholder_group=government")
    assert listed(response) == ["Alpha", "Beta", "Delta", "Gamma"]
    page = response.content.decode()
    assert 'name="stakeholder_group" value="ngo" checked' in page
    assert 'name="stakeholder_group" value="government" checked' in page


@pytest.mark.django_db
def test_an_option_is_a_link_that_adds_it_to_the_filters(client, four_organisations):
    page = client.get("/organisations/?country=CH").content.decode()
    assert 'href="?country=CH&amp;stakeholder_group=government">Governments</a>' in page


@pytest.mark.django_db
def test_active_filters_are_removable_one_by_one_and_all_at_once(client, four_organisations):
    response = client.get("/organisations/?country=CH&stakeholder_group=ngo")
    chips = {(chip.label, chip.value): chip.href for chip in response.context["active_filters"]}
    assert chips[("Country", "Switzerland")] == "?stakeholder_group=ngo"
    assert chips[("Stakeholder group", "NGOs and associations")] == "?country=CH"
    assert "Clear all filters" in response.content.decode()
    assert response.context["clear_href"] == "/organisations/"


@pytest.mark.django_db
def test_topic_facet_counts_organisations_working_on_each_topic(
    client, make_organisation, make_topic
):
    security, ai = make_topic(name="Security", slug="security"), make_topic(name="AI", slug="ai")
    for name, topics in (("One", [security, ai]), ("Two", [security]), ("Three", [])):
        organisation = make_organisation(name=name)
        for topic in topics:
            OrganisationTopic.objects.create(organisation=organisation, topic=topic)
    response = client.get("/organisations/?topic=ai")
    assert listed(response) == ["One"]
    assert counts(response, "topic") == {"security": 2, "ai": 1}


@pytest.mark.django_db
def test_pagination_keeps_every_filter(client, make_organisation):
    for n in range(51):
        make_organisation(name=f"Org {n:02d}", country="CH", stakeholder_group="ngo")
    page = client.get("/organisations/?country=CH&stakeholder_group=ngo").content.decode()
    assert 'href="?country=CH&amp;stakeholder_group=ngo&amp;page=2" rel="next"' in page
    second = client.get("/organisations/?country=CH&stakeholder_group=ngo&page=2")
    assert listed(second) == ["Org 50"]
    assert "?country=CH&amp;stakeholder_group=ngo&amp;page=1" in second.content.decode()


@pytest.mark.django_db
def test_download_csv_exports_exactly_the_filtered_rows(client, four_organisations):
    response = client.get("/organisations/?country=CH&stakeholder_group=ngo&page=1")
    href = response.context["csv_href"]
    assert href == "/api/v1/organisations/?format=csv&country=CH&stakeholder_group=ngo"
    assert 'href="/api/v1/organisations/?format=csv&amp;country=CH&amp;stakeholder_group=ngo"' in (
        response.content.decode()
    )
    exported = client.get(href)
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    names = sorted(row["name"] for row in csv.DictReader(io.StringIO(text)))
    assert names == ["Alpha", "Beta"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("country=ZZ", "Country"),
        ("starts_after=2017-13", "From"),
        ("kind=nope", "Kind"),
        ("organisation=no-such-organisation", "Organisation"),
    ],
)
def test_a_bad_filter_is_left_out_and_the_page_says_which_and_why(client, make_event, query, named):
    make_event(title="Kept", country="CH")
    response = client.get(f"/events/?{query}&country=CH")
    assert response.status_code == 200
    notices = [str(notice) for notice in response.context["notices"]]
    assert len(notices) == 1
    assert notices[0].startswith(f"{named}: ")
    assert "This filter was left out." in notices[0]
    assert notices[0] in response.content.decode().replace("&ldquo;", "“")
    assert listed(response) == ["Kept (2018-01-24)"]


@pytest.mark.django_db
def test_a_page_that_is_not_a_number_shows_the_first_page_and_says_so(client, make_organisation):
    make_organisation(name="Only")
    response = client.get("/organisations/?page=abc")
    assert response.status_code == 200
    assert listed(response) == ["Only"]
    assert "“abc” is not a page number: this is page 1." in response.content.decode()


@pytest.mark.django_db
def test_a_page_past_the_last_shows_the_last_page_and_says_so(client, make_organisation):
    for n in range(51):
        make_organisation(name=f"Org {n:02d}")
    response = client.get("/organisations/?page=999")
    assert response.status_code == 200
    assert listed(response) == ["Org 50"]
    assert "There is no page 999: this is the last page, page 2." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["0", "-1"])
def test_a_page_below_the_first_shows_the_first_page_and_says_so(client, make_organisation, asked):
    for n in range(51):
        make_organisation(name=f"Org {n:02d}")
    response = client.get(f"/organisations/?page={asked}")
    assert response.status_code == 200
    assert listed(response)[0] == "Org 00"
    assert [str(notice) for notice in response.context["notices"]] == [
        f"There is no page {asked}: this is the first page."
    ]


@pytest.mark.django_db
def test_a_page_number_in_other_digits_is_that_page(client, make_organisation):
    for n in range(51):
        make_organisation(name=f"Org {n:02d}")
    response = client.get("/organisations/?page=２")
    assert listed(response) == ["Org 50"]
    assert response.context["notices"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["word " * 400, "!@#$%^&*()", "%" * 2000])
def test_a_long_or_symbol_only_search_answers_normally(client, make_organisation, q):
    make_organisation(name="Alpha")
    for path in ("/organisations/", "/programmes/", "/events/"):
        response = client.get(path, {"q": q})
        assert response.status_code == 200
        assert response.context["notices"] == []


@pytest.mark.django_db
def test_the_year_facet_sets_both_ends_of_the_date_range(client, make_event):
    make_event(title="In 2017", start="2017-05")
    make_event(title="In 2018", start="2018-01-24", end="2018-01-25")
    make_event(title="Also 2018", start="2018")
    make_event(title="Undated", start=None)
    response = client.get("/events/")
    assert counts(response, "year") == {"2018": 2, "2017": 1}
    assert listed(response)[-1] == "Undated"
    page = response.content.decode()
    assert 'href="?starts_after=2017&amp;starts_before=2017">2017</a>' in page
    assert "date not known" in page
    assert "24–25 January 2018" in page
    assert "May 2017" in page
    filtered = client.get("/events/?starts_after=2017&starts_before=2017")
    assert listed(filtered) == ["In 2017 (2017-05)"]
    assert counts(filtered, "year") == {"2018": 2, "2017": 1}
    assert 'value="2017"' in filtered.content.decode()


@pytest.mark.django_db
def test_the_date_range_keeps_dates_known_only_to_the_month(client, make_event):
    make_event(title="May", start="2017-05")
    make_event(title="June", start="2017-06-02")
    response = client.get("/events/?starts_after=2017-05&starts_before=2017-05")
    assert listed(response) == ["May (2017-05)"]


@pytest.mark.django_db
def test_the_state_facet_counts_by_the_one_rule(client, make_programme):
    make_programme(title="Ended", start="2015", end="2017", state="active")
    make_programme(title="Ahead", start="2999", state="active")
    make_programme(title="Running", state="active")
    make_programme(title="Unknown")
    response = client.get("/programmes/")
    assert counts(response, "state") == {"planned": 1, "active": 1, "completed": 1}
    completed = client.get("/programmes/?state=completed")
    assert listed(completed) == ["Ended"]
    assert "Completed" in completed.content.decode()


@pytest.mark.django_db
def test_organisation_and_role_hold_on_one_partnership(client, make_programme, make_organisation):
    first, second = make_programme(title="First"), make_programme(title="Second")
    lead = make_organisation(name="Lead", slug="lead")
    other = make_organisation(name="Other", slug="other")
    Partnership.objects.create(programme=first, organisation=lead, role="lead")
    Partnership.objects.create(programme=second, organisation=lead, role="partner")
    Partnership.objects.create(programme=first, organisation=other, role="partner")
    response = client.get("/programmes/?role=lead")
    assert listed(response) == ["First"]
    assert counts(response, "organisation") == {"lead": 1}
    response = client.get("/programmes/?organisation=lead")
    assert counts(response, "role") == {"lead": 1, "partner": 1}
    assert counts(response, "organisation") == {"lead": 2, "other": 1}


@pytest.mark.django_db
def test_the_programme_country_facet_counts_each_country(client, make_programme):
    make_programme(title="Two", countries=["KR", "TH"])
    make_programme(title="One", countries=["TH"])
    response = client.get("/programmes/?country=KR")
    assert listed(response) == ["Two"]
    assert counts(response, "country") == {"KR": 1, "TH": 2}


@pytest.mark.django_db
def test_the_event_list_links_its_feeds_with_the_same_filter(client, make_event):
    make_event(country="CH")
    page = client.get("/events/?country=CH&page=1").content.decode()
    assert 'href="/events/feed.ics?country=CH">' in page
    assert 'href="/events/feed/?country=CH">' in page
    assert 'href="/api/v1/events/?format=csv&amp;country=CH"' in page


@pytest.mark.django_db
def test_event_facets_count_kind_attendance_host_and_programme(
    client, make_event, make_organisation, make_programme
):
    programme = make_programme(title="Series", slug="series")
    host = make_organisation(name="Host", slug="host")
    online = make_event(kind="webinar", attendance="online", programme=programme)
    make_event(kind="conference", attendance="in_person")
    EventRole.objects.create(event=online, organisation=host, role="host")
    response = client.get("/events/?attendance=online")
    assert counts(response, "kind") == {"webinar": 1}
    assert counts(response, "attendance") == {"online": 1, "in_person": 1}
    assert counts(response, "organisation") == {"host": 1}
    assert counts(response, "event_role") == {"host": 1}
    assert counts(response, "programme") == {"series": 1}


@pytest.mark.django_db
def test_the_public_sees_no_draft_and_no_count_of_one(client, editor, make_organisation):
    make_organisation(name="Public", country="CH")
    make_organisation(name="Secret draft", country="FR", status=Status.DRAFT)
    response = client.get("/organisations/")
    assert listed(response) == ["Public"]
    assert counts(response, "country") == {"CH": 1}
    assert "Secret draft" not in response.content.decode()
    assert "1 organisation" in response.content.decode()
    client.force_login(editor)
    response = client.get("/organisations/")
    assert listed(response) == ["Public", "Secret draft"]
    assert counts(response, "country") == {"CH": 1, "FR": 1}


@pytest.mark.django_db
def test_a_facet_hides_draft_topics_and_draft_partners(
    client, make_programme, make_topic, make_organisation
):
    programme = make_programme()
    programme.topics.add(make_topic(slug="draft-topic", status=Status.DRAFT))
    Partnership.objects.create(
        programme=programme,
        organisation=make_organisation(slug="draft-partner", status=Status.DRAFT),
        role="lead",
    )
    response = client.get("/programmes/")
    assert counts(response, "topic") == {}
    assert counts(response, "organisation") == {}
    assert "draft-topic" not in response.content.decode()


@pytest.mark.django_db
def test_the_french_list_answers_under_fr(client, four_organisations):
    response = client.get("/fr/organisations/?country=CH")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert len(listed(response)) == 3


@pytest.mark.django_db
def test_topics_list_their_counts_of_what_the_reader_may_see(
    client, make_topic, make_organisation, make_programme, make_event
):
    topic = make_topic(name="Cybersecurity", slug="cybersecurity")
    for status in (Status.PUBLISHED, Status.DRAFT):
        OrganisationTopic.objects.create(organisation=make_organisation(status=status), topic=topic)
        make_programme(status=status).topics.add(topic)
    make_event().topics.add(topic)
    make_event().topics.add(topic)
    response = client.get("/topics/")
    [listed_topic] = response.context["object_list"]
    assert (listed_topic.organisation_count, listed_topic.programme_count) == (1, 1)
    assert listed_topic.event_count == 2
    page = response.content.decode()
    assert '<a href="/organisations/?topic=cybersecurity">1 organisation</a>' in page
    assert '<a href="/events/?topic=cybersecurity">2 events</a>' in page


@pytest.mark.django_db
def test_people_are_listed_a_to_z_with_their_current_roles(client, make_person, make_organisation):
    itu = make_organisation(name="ITU")
    ada = make_person(name="Ada Lovelace")
    Membership.objects.create(person=ada, organisation=itu, role="Adviser")
    Membership.objects.create(person=ada, organisation=itu, role="Chair", start="2010", end="2012")
    make_person(name="Émile Zola")
    response = client.get("/people/")
    assert [letter for letter, people in response.context["letters"]] == ["A", "E"]
    page = response.content.decode()
    assert f'Adviser, <a href="{itu.get_absolute_url()}">ITU</a>' in page
    assert "Chair" not in page


LISTS = ["/organisations/", "/programmes/", "/events/", "/topics/", "/people/"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The page's rows, their total, and every facet in one query (one more for the
        # programmes' countries, stored together and counted in Python).
        ("/organisations/", 3),
        ("/programmes/", 4),
        ("/events/", 3),
        ("/topics/", 1),
        ("/people/", 3),
    ],
)
def test_a_list_page_costs_the_same_few_queries_however_many_rows(
    client, make_world, django_assert_num_queries, path, queries
):
    make_world(1)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    make_world(5)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_a_filtered_list_costs_one_query_more_per_record_named(
    client, make_world, django_assert_num_queries
):
    make_world(3)
    # The topic and the organisation named are each looked up once.
    with django_assert_num_queries(5):
        response = client.get("/events/?topic=topic-2&organisation=organisation-4&kind=conference")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_topics_and_people_lists_take_the_search_of_their_api_lists(
    client, make_topic, make_person
):
    make_topic(name="Critical infrastructure")
    make_topic(name="Child safety online")
    make_person(name="Zoë Müller")
    make_person(name="Ada Lovelace")

    topics = client.get("/topics/?q=critical").content.decode()
    people = client.get("/people/?q=zoe mul").content.decode()

    assert "Critical infrastructure" in topics
    assert "Child safety online" not in topics
    assert "Zoë Müller" in people
    assert "Ada Lovelace" not in people


def chips(response) -> list[tuple[str, str]]:
    return [(str(chip.label), str(chip.value)) for chip in response.context["active_filters"]]


@pytest.mark.django_db
def test_a_parameter_no_filter_reads_is_in_no_chip_field_or_export(client, make_event):
    make_event(title="Kept", kind="forum")
    response = client.get("/events/?unknown=1&kind=forum&q=kept&format=csv&page=1")
    assert listed(response) == ["Kept (2018-01-24)"]
    assert chips(response) == [("Kind", "Forum"), ("Search", "kept")]
    assert response.context["hidden_params"] == [("q", "kept")]
    assert response.context["search_hidden"] == [("kind", "forum")]
    assert response.context["query"] == "kind=forum&q=kept"
    assert response.context["csv_href"] == "/api/v1/events/?format=csv&kind=forum&q=kept"
    assert 'name="unknown"' not in response.content.decode()


@pytest.mark.django_db
def test_only_a_reader_who_may_see_drafts_gets_a_status_chip(client, editor, make_event):
    make_event(title="Draft", status=Status.DRAFT)
    make_event(title="Published")
    response = client.get("/events/?status=draft")
    assert listed(response) == []
    assert chips(response) == []
    client.force_login(editor)
    response = client.get("/events/?status=draft")
    assert listed(response) == ["Draft (2018-01-24)"]
    assert chips(response) == [("Status", "Draft")]


@pytest.mark.django_db
def test_chips_name_every_filter_and_the_order_by_its_label(client, make_organisation):
    make_organisation(name="Kept", city="Geneva", founded="1950")
    response = client.get(
        "/organisations/?updated_since=2020-01-01&city=Geneva&founded_after=1900"
        "&founded_before=2000&ordering=-name"
    )
    assert listed(response) == ["Kept"]
    assert chips(response) == [
        ("Changed since", "2020-01-01"),
        ("City", "Geneva"),
        ("Founded from", "1900"),
        ("Founded until", "2000"),
        ("Sorted by", "Name, Z to A"),
    ]


@pytest.mark.django_db
def test_a_french_page_shows_no_label_django_filter_made_up(client, make_event):
    make_event()
    response = client.get("/fr/events/?ordering=-start&updated_since=2000-01-01")
    [order, since] = chips(response)
    assert since == ("Modifié depuis", "2000-01-01")
    assert order == ("Trié par", "Date de début, la plus récente d’abord")
    page = response.content.decode()
    assert "Ordre" not in page
    assert "supérieur ou égal" not in page


def test_the_labels_of_list_filters_are_translatable():
    filters = {**OrganisationFilterSet.base_filters, **EventFilterSet.base_filters}
    names = ["q", "status", "updated_since", "ordering", "city", "founded_after", "founded_before"]
    assert all(isinstance(filters[name].label, Promise) for name in names)
    ordering = dict(EventFilterSet.base_filters["ordering"].extra["choices"])
    assert all(isinstance(label, Promise) for label in ordering.values())
    assert str(ordering["-start"]) == "Start date, latest first"


@pytest.mark.django_db
def test_a_chip_joins_label_and_value_by_one_translatable_string(client, make_event, monkeypatch):
    make_event(kind="forum")
    french = {"%(label)s: %(value)s": "%(label)s : %(value)s"}
    monkeypatch.setattr(facets, "_", lambda message: french.get(message, message))
    page = client.get("/events/?kind=forum").content.decode()
    assert "Kind : Forum" in page


@pytest.mark.django_db
def test_a_facet_of_many_records_shows_those_with_most_rows_and_says_how_many_more(
    client, make_event, make_organisation
):
    """Ten thousand organisations would make a page of options: twenty, and a count."""
    event = make_event()
    busiest = make_organisation(name="Busiest Host", slug="busiest")
    EventRole.objects.create(event=event, organisation=busiest, role="host")
    EventRole.objects.create(event=make_event(), organisation=busiest, role="host")
    for n in range(24):
        host = make_organisation(name=f"Host {n:02}", slug=f"host-{n:02}")
        EventRole.objects.create(event=event, organisation=host, role="host")
    page = client.get("/events/").context
    organisation = next(facet for facet in page["facets"] if facet.name == "organisation")
    assert len(organisation.options) == 20
    assert organisation.options[0].label == "Busiest Host"
    assert organisation.more == 5
    assert "5 more options, with fewer results, are not shown." in client.get("/events/").text
    # A chosen option far down the list is still shown, with its count.
    chosen = client.get("/events/?organisation=host-23").context
    organisation = next(facet for facet in chosen["facets"] if facet.name == "organisation")
    assert [(o.value, o.count) for o in organisation.options if o.selected] == [("host-23", 1)]
    fr = client.get("/fr/events/").text
    assert "5 autres options, avec moins de résultats, ne sont pas affichées." in fr
