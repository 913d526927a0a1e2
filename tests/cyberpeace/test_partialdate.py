from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cyberpeace.partialdate import PartialDate, PartialDateFormField, format_period, format_range


@pytest.mark.parametrize(
    ("text", "parts"),
    [("2009", (2009, None, None)), ("2017-05", (2017, 5, None)), ("2017-11-29", (2017, 11, 29))],
)
def test_it_parses_the_three_precisions(text, parts):
    value = PartialDate.parse(text)
    assert (value.year, value.month, value.day) == parts
    assert str(value) == text


@pytest.mark.parametrize(
    "text",
    ["2017-13", "2017-00", "2017-02-30", "2019-02-29", "2017-04-31", "17", "2017-5", "2017/05",
     "May 2017", "2017-05-01T10:00", "", "0000"],
)  # fmt: skip
def test_it_rejects_dates_that_do_not_exist_or_are_not_iso(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the message is checked below
        PartialDate.parse(text)


def test_it_says_what_is_wrong():
    with pytest.raises(ValueError, match="February 2017 has no day 30"):
        PartialDate.parse("2017-02-30")
    with pytest.raises(ValueError, match="13 is not a month"):
        PartialDate.parse("2017-13")


def test_it_accepts_a_leap_day():
    assert PartialDate.parse("2020-02-29").last_day == datetime.date(2020, 2, 29)


def test_it_sorts_like_its_text():
    texts = ["2018-01-25", "2009", "2018", "2017-05", "2018-01", "2017-11-29"]
    assert [str(d) for d in sorted(map(PartialDate.parse, texts))] == sorted(texts)


def test_it_knows_its_span():
    assert PartialDate.parse("2018").first_day == datetime.date(2018, 1, 1)
    assert PartialDate.parse("2018").last_day == datetime.date(2018, 12, 31)
    assert PartialDate.parse("2016-02").last_day == datetime.date(2016, 2, 29)


@pytest.mark.parametrize(
    ("start", "end", "possible"),
    [
        ("2018-01-25", "2018-01", True),
        ("2018-01", "2018-01-25", True),
        ("2018", "2018-01-01", True),
        ("2018-01-25", "2018-01-24", False),
        ("2018-02", "2018-01-31", False),
        ("2018", "2017-12", False),
        ("2018-01-25", "2018-01-25", True),
    ],
)
def test_an_end_is_before_a_start_only_when_its_whole_span_is(start, end, possible):
    assert PartialDate.parse(end).may_follow(PartialDate.parse(start)) is possible


@pytest.mark.parametrize(
    ("text", "shown"),
    [("2009", "2009"), ("2017-05", "May 2017"), ("2017-11-29", "29 November 2017")],
)
def test_it_displays_at_its_precision(text, shown):
    assert PartialDate.parse(text).display() == shown


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2018-01-24", "2018-01-25", "24–25 January 2018"),
        ("2018-01-30", "2018-02-02", "30 January – 2 February 2018"),
        ("2017-12-30", "2018-01-02", "30 December 2017 – 2 January 2018"),
        ("2017-05", "2017-06", "May–June 2017"),
        ("2009", "2012", "2009–2012"),
        ("2017-05-03", "2018", "3 May 2017 – 2018"),
        ("2017-05-03", None, "3 May 2017"),
        ("2017-05-03", "2017-05-03", "3 May 2017"),
    ],
)
def test_it_displays_ranges(start, end, shown):
    parse = PartialDate.parse
    assert format_range(parse(start), parse(end) if end else None) == shown


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2009", "2012", "2009–2012"),
        ("2021-10", None, "from October 2021"),
        (None, "2015", "until 2015"),
        ("2006-03", "2006-03", "March 2006"),
        (None, None, ""),
    ],
)
def test_a_period_open_at_one_end_says_so(start, end, shown):
    """A programme, role or relation with only a start has not ended on that day."""
    parse = PartialDate.parse
    assert format_period(parse(start) if start else None, parse(end) if end else None) == shown


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2018-05-01", None, "1er mai 2018"),
        ("2018-05-01", "2018-05-03", "1er–3 mai 2018"),
        ("2018-01-24", "2018-01-25", "24–25 janvier 2018"),
        ("2017-05", None, "mai 2017"),
    ],
)
def test_french_dates_use_french_months_and_the_first_of_the_month(start, end, shown):
    parse = PartialDate.parse
    with translation.override("fr"):
        assert format_range(parse(start), parse(end) if end else None) == shown


def test_a_french_open_period_says_so_in_french():
    with translation.override("fr"):
        assert format_period(PartialDate.parse("2021-10"), None) == "début\u00a0: octobre 2021"
        assert format_period(None, PartialDate.parse("2015")) == "fin\u00a0: 2015"


def test_the_form_field_names_the_problem_and_keeps_the_text():
    field = PartialDateFormField(required=False)
    with pytest.raises(ValidationError, match="no day 30"):
        field.clean("2017-02-30")
    assert field.clean("") is None
    assert field.clean(" 2017-05 ") == PartialDate(2017, 5)


@pytest.mark.django_db
def test_the_model_field_stores_iso_text_and_filters_by_range(make_event):
    make_event(slug="a", start="2017")
    make_event(slug="b", start="2017-05")
    make_event(slug="c", start="2018-01-25")
    from initiatives.models import Event

    assert Event.objects.get(slug="b").start == PartialDate(2017, 5)
    in_2017 = Event.objects.filter(start__gte="2017", start__lt="2018").order_by("start")
    assert [e.slug for e in in_2017] == ["a", "b"]
    assert [e.slug for e in Event.objects.order_by("start")] == ["a", "b", "c"]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), [("2018-01-25", "2018-01-24"), ("2018", "2017-12")])
def test_the_database_refuses_an_end_before_the_start(start, end, make_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(start=start, end=end)


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), [("2018-01-25", "2018-01"), ("2018-01", "2018-01-25")])
def test_the_database_accepts_an_end_within_the_start(start, end, make_event):
    assert make_event(start=start, end=end).pk
