"""What every list's FilterSet shares, for the HTML lists and the API alike.

Each app has one FilterSet per list (`orgs/filtersets.py`,
`initiatives/filtersets.py`); both faces use it, so `?topic=…&country=CH`
means the same on a page and in the API. Every list also takes `q` (words
found whatever their case or accents), `ordering` and `updated_since`.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cyberpeace.models import Source, SourceKind
from cyberpeace.partialdate import PartialDate, last_day_of, last_day_text
from cyberpeace.publishing import Status
from cyberpeace.search import search


def visible_choices(model):
    """A filter's choices: the records of ``model`` its reader may see, named by slug."""

    def choices(request):
        user = getattr(request, "user", None) or AnonymousUser()
        return model._default_manager.visible_to(user)

    return choices


def reader(request):
    return getattr(request, "user", None) or AnonymousUser()


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """One record the reader may see, named by its slug."""

    def __init__(self, model, **kwargs) -> None:
        super().__init__(queryset=visible_choices(model), to_field_name="slug", **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Records the reader may see, named by slug: repeat the parameter for any of several."""

    def __init__(self, model, **kwargs) -> None:
        super().__init__(queryset=visible_choices(model), to_field_name="slug", **kwargs)


class PartialDateFormField(forms.CharField):
    default_error_messages = {"invalid": _("%(reason)s Give YYYY, YYYY-MM or YYYY-MM-DD.")}

    def to_python(self, value) -> PartialDate | None:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"reason": str(error)}
            ) from error


PARTIAL_DATE_PATTERN = (
    r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)


@extend_schema_field({"type": "string", "pattern": PARTIAL_DATE_PATTERN, "example": "2017-05"})
class PartialDateFilter(django_filters.CharFilter):
    """A year, a month or a day, applied by the FilterSet's own method."""

    field_class = PartialDateFormField


class SharedChoices(BaseChoiceIterator):
    """Fixed choices that every copy of a filter and of its form field shares.

    A FilterSet deep-copies its filters, and their form fields, for each
    request: the 250 countries, copied twice over, cost more than an API
    page's queries. These choices never change, so a copy is the same object.
    """

    def __init__(self, choices) -> None:
        self.choices = tuple((str(code), str(name)) for code, name in choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self


COUNTRY_CHOICES = SharedChoices(countries)


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """`ordering=start` or `-start`: undated records last either way, on both databases."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map.get(param.removeprefix("-"), param.removeprefix("-"))
        field = models.F(name)
        if not self._nullable(name):
            # A column without NULL needs no NULLS LAST, which would keep PostgreSQL from
            # reading a descending order backwards off the column's index.
            return field.desc() if descending else field.asc()
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def _nullable(self, name: str) -> bool:
        try:
            return self.model._meta.get_field(name).null
        except (AttributeError, FieldDoesNotExist):
            return True

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            # Ties (same start, same date) keep one order from page to page.
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


# What a page calls each order a list may take (`ordering=-start`): ascending, then descending.
ORDERING_LABELS = {
    "name": (_("Name, A to Z"), _("Name, Z to A")),
    "title": (_("Title, A to Z"), _("Title, Z to A")),
    "start": (_("Start date, earliest first"), _("Start date, latest first")),
    "end": (_("End date, earliest first"), _("End date, latest first")),
    "founded": (_("Founding date, earliest first"), _("Founding date, latest first")),
    "published": (_("Publication date, earliest first"), _("Publication date, latest first")),
    "updated_at": (_("Last change, oldest first"), _("Last change, newest first")),
}


def ordering(*names: str, help_text: str = "") -> NullsLastOrderingFilter:
    labels = {}
    for name in names:
        labels[name], labels[f"-{name}"] = ORDERING_LABELS[name]
    return NullsLastOrderingFilter(
        fields=[(name, name) for name in names],
        field_labels=labels,
        label=_("Sorted by"),
        help_text=help_text
        or "Sort by one of these fields; a leading minus sorts in reverse. Undated records come last.",
    )


def starts_from(field: str, queryset, value: PartialDate | None):
    """Records whose ``field`` may fall on or after ``value`` (undated ones left out)."""
    if value is None:
        return queryset
    return queryset.filter(
        models.lookups.GreaterThanOrEqual(last_day_text(field), models.Value(str(value)))
    )


def starts_until(field: str, queryset, value: PartialDate | None):
    """Records whose ``field`` may fall on or before ``value`` (undated ones left out)."""
    if value is None:
        return queryset
    return queryset.filter(
        **{f"{field}__isnull": False},
    ).filter(
        models.lookups.LessThanOrEqual(
            models.functions.Cast(field, models.CharField()), models.Value(last_day_of(value))
        )
    )


def active_on(queryset, value: PartialDate | None, *, open_end: bool):
    """Records whose span (start to end) meets ``value``'s span.

    A programme without an end runs on (``open_end``); an event without one
    lasts its start's span. Undated records are left out.
    """
    if value is None:
        return queryset
    queryset = starts_until("start", queryset, value)
    if open_end:
        reaches = models.Q(end__isnull=True) | models.lookups.GreaterThanOrEqual(
            last_day_text("end"), models.Value(str(value))
        )
        return queryset.filter(reaches)
    end = models.functions.Coalesce("end", "start")
    return queryset.filter(
        models.lookups.GreaterThanOrEqual(last_day_text(end), models.Value(str(value)))
    )


class UTCDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time, taken to UTC: any offset Python reads, PostgreSQL then reads too."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:  # an offset that leaves years 1 to 9999
            raise ValidationError(
                "Give a time between the years 1 and 9999.", code="invalid"
            ) from error


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class ListFilterSet(django_filters.FilterSet):
    """`q`, `status` and `updated_since`; subclasses name their `search_fields` and add their own."""

    search_fields: list[str] = []

    q = django_filters.CharFilter(
        method="filter_q",
        label=pgettext_lazy("a list filter", "Search"),
        help_text="Words to find, whatever their case or accents (“geneve” finds “Genève”).",
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        label=_("Status"),
        help_text="Drafts are listed only for readers who may see them: editors, and the "
        "contributors or partners who submitted them.",
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Changed since"),
        help_text="Only records changed at or after this time (ISO 8601, e.g. "
        "2026-11-28T09:00:00Z), counting changes to what the record shows (its links, "
        "topics, sources).",
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None:
            # An empty value (a form's "any" option, "?topic=") filters nothing.
            data = data.copy()
            for key in list(data):
                values = [value for value in data.getlist(key) if value.strip()]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)

    def filter_q(self, queryset, name, value):
        # Ranked by relevance on PostgreSQL, unless `ordering` (applied later) says otherwise.
        return search(queryset, value, self.search_fields, rank=True)

    @property
    def user(self):
        return reader(self.request)


class SourceFilterSet(ListFilterSet):
    search_fields = ["title", "publisher"]

    kind = django_filters.MultipleChoiceFilter(choices=SourceKind.choices, distinct=False)
    ordering = ordering("title", "published", "updated_at")

    class Meta:
        model = Source
        fields = ["kind", "status"]
