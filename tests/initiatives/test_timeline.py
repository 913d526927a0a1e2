"""The directory's timeline page: what it draws, what it filters, and what it costs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cyberpeace.publishing import Status
from initiatives.models import EventRole, Partnership

URL = "/timeline/"


def svg_of(page: str) -> str:
    return page[page.index("<svg") : page.index("</svg>")]


@pytest.mark.django_db
def test_it_draws_the_published_programmes_and_lists_them_in_a_table(
    client, make_programme, make_event
):
    make_programme(title="Tech Against Terrorism", start="2017", end="2019")
    make_programme(title="Still running", start="2020-05")
    make_programme(title="Draft programme", start="2018", status=Status.DRAFT)
    make_event(title="A conference", start="2018-01-24")
    assert reverse("initiatives:timeline") == URL
    page = client.get(URL).content.decode()
    drawing = svg_of(page)
    assert ">Tech Against Terrorism</text>" in drawing
    assert "Still running: from May 2020, end not known" in drawing
    assert "Draft programme" not in page
    # Events only when asked for: hundreds of them would bury the programmes.
    assert "A conference" not in page
    table = page[page.index("<table>") :]
    assert "2017–2019" in table


@pytest.mark.django_db
def test_it_shows_events_when_asked_and_lists_the_undated_ones_apart(client, make_event):
    make_event(title="A conference", start="2018-01-24", end="2018-01-25")
    make_event(title="A meeting nobody dated", start=None)
    page = client.get(URL, {"show": "events"}).content.decode()
    assert "A conference: 24–25 January 2018" in svg_of(page)
    assert "A meeting nobody dated" not in svg_of(page)
    assert "A meeting nobody dated" in page[page.index("Date not known:") :]


@pytest.mark.django_db
def test_it_filters_by_topic_and_organisation_as_the_lists_do(
    client, make_programme, make_event, make_topic, make_organisation
):
    topic, organisation = make_topic(name="Cyber norms"), make_organisation(name="UNIDIR")
    tagged = make_programme(title="On norms", start="2017")
    tagged.topics.add(topic)
    make_programme(title="On something else", start="2017")
    Partnership.objects.create(programme=tagged, organisation=organisation, role="lead")
    event = make_event(title="Norms talk")
    event.topics.add(topic)
    EventRole.objects.create(event=event, organisation=organisation, role="host")
    make_event(title="Other talk")
    page = client.get(
        URL, {"show": "all", "topic": topic.slug, "organisation": organisation.slug}
    ).content.decode()
    assert "On norms" in page
    assert "Norms talk" in page
    assert "On something else" not in page
    assert "Other talk" not in page
    assert f'<option value="{topic.slug}" selected>' in page
    assert f'<option value="{organisation.slug}" selected>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"show": "everything!"}, "showing programmes"),
        ({"topic": "no-such-topic"}, "no-such-topic"),
        ({"organisation": "x" * 2000}, "Select a valid choice"),
    ],
)
def test_bad_parameters_answer_with_a_message(client, make_programme, query, message):
    make_programme(title="Programme", start="2017")
    response = client.get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_a_bad_filter_is_named_and_left_out_while_the_others_apply(
    client, make_programme, make_event, make_organisation
):
    organisation = make_organisation(name="UNIDIR")
    partnered = make_programme(title="With UNIDIR", start="2017")
    make_programme(title="Without UNIDIR", start="2017")
    Partnership.objects.create(programme=partnered, organisation=organisation, role="lead")
    hosted = make_event(title="Hosted by UNIDIR", start="2018-01-24")
    make_event(title="Hosted by others", start="2018-01-24")
    EventRole.objects.create(event=hosted, organisation=organisation, role="host")
    response = client.get(
        URL, {"show": "all", "organisation": organisation.slug, "topic": "nonexistent"}
    )
    page = response.content.decode()
    drawing = svg_of(page)
    assert "With UNIDIR" in drawing
    assert "Hosted by UNIDIR" in drawing
    assert "Without UNIDIR" not in page
    assert "Hosted by others" not in page
    # Said once, though both FilterSets read the topic.
    assert response.context["errors"] == [
        "Topic: Select a valid choice. nonexistent is not one of the available choices. "
        "This filter was left out."
    ]
    assert f'<option value="{organisation.slug}" selected>' in page


@pytest.mark.django_db
def test_it_hides_a_draft_topic_from_the_choices(client, make_topic):
    make_topic(name="Draft topic", status=Status.DRAFT)
    make_topic(name="Published topic")
    page = client.get(URL).content.decode()
    assert "Published topic" in page
    assert "Draft topic" not in page


@pytest.mark.django_db
def test_it_has_no_inline_script_and_no_csrf_token(client, make_programme):
    make_programme(start="2017")
    page = client.get(URL).content.decode()
    assert "<script" not in page
    assert "csrfmiddlewaretoken" not in page


@pytest.mark.django_db
def test_it_answers_in_french(client, make_programme):
    make_programme(title="Programme", start="2017-05", end="2018")
    response = client.get("/fr/timeline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "mai 2017 – 2018" in page


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 8])
def test_its_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, make_world, rows
):
    make_world(rows)
    with django_assert_num_queries(4):
        response = client.get(URL, {"show": "all"})
    assert response.status_code == 200
    # Each world has three programmes, one of them dated.
    assert len(response.context["timeline_items"]) == 4 * rows


@pytest.mark.django_db
def test_its_query_count_with_filters(client, django_assert_num_queries, make_world):
    make_world(3)
    partnership = Partnership.objects.select_related("programme", "organisation").first()
    topic = partnership.programme.topics.get()
    query = {"show": "all", "topic": topic.slug, "organisation": partnership.organisation.slug}
    # Each FilterSet checks the topic and the organisation it is given: four more.
    with django_assert_num_queries(8):
        response = client.get(URL, query)
    assert len(response.context["timeline_items"]) == 2
