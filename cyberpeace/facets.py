"""Facets of a list page: each option with how many rows it would list.

Standard faceted search: an option's count applies every active filter but
the facet's own, so options of one facet can be combined (any of them) and
each count says what choosing it would add. Each facet costs one aggregate
query, whatever the number of rows.

The state of the page is its query string: every option, chip and page link
is a plain link built from it, so the page works without JavaScript and any
state can be shared or bookmarked.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
from django.db import models
from django.db.models.functions import Cast, Substr
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cyberpeace.cache import memo
from cyberpeace.conditional import viewer_key

EMPTY = (None, "", [], (), {})

Rows = Iterable[tuple[str, str, int]]


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    href: str


@dataclass
class FacetResult:
    """What a template renders for one facet: a fieldset of options."""

    name: str
    label: str
    multiple: bool
    options: list[Option]
    links_only: bool = False
    selected: list[Option] = field(default_factory=list)
    # Options with rows left out (`Facet.shown`).
    more: int = 0


def href(params: QueryDict, path: str = "") -> str:
    """A link to this page with ``params``, never carrying a page number."""
    params = params.copy()
    params.pop("page", None)
    query = params.urlencode()
    return f"?{query}" if query else path or "?"


def without(params: QueryDict, *names: str) -> QueryDict:
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params


def filtered_without(filterset, names: Iterable[str]):
    """The filterset's rows with every filter applied but those in ``names``.

    Reuses the validated form, so that no filter value is looked up again.
    """
    cleaned = filterset.form.cleaned_data
    if all(cleaned.get(name) in EMPTY for name in names):
        return filterset.qs
    clone = copy.copy(filterset)
    # django-filter keeps the form it made in `_form`: the clone gets a copy of its own.
    clone._form = copy.copy(filterset.form)
    clone._form.cleaned_data = {
        key: (None if key in names else value) for key, value in cleaned.items()
    }
    return clone.filter_queryset(filterset.queryset.all())


class Facet:
    """One filter parameter shown as options with counts.

    ``ignores``: the parameters left out when counting (its own, and any
    filter applied together with it).
    """

    multiple = True
    links_only = False
    # At most so many options with rows, those with the most first (and any chosen
    # one): a facet of ten thousand organisations would be a page of them.
    shown: int | None = None

    def __init__(self, name: str, label, *, ignores: Iterable[str] = ()) -> None:
        self.name = name
        self.label = label
        self.ignores = (name, *ignores)

    def rows(self, queryset, filterset) -> Rows:
        raise NotImplementedError

    def selected_values(self, params: QueryDict) -> list[str]:
        return params.getlist(self.name)

    def option_href(self, params: QueryDict, value: str, selected: bool, path: str) -> str:
        params = params.copy()
        values = params.getlist(self.name)
        if selected:
            values = [v for v in values if v != value]
        else:
            values = [*values, value] if self.multiple else [value]
        params.setlist(self.name, values)
        return href(params, path)

    def selected_label(self, filterset, value: str) -> str:
        """The label of a selected value no row counted: the one its filter resolved."""
        chosen = filterset.form.cleaned_data.get(self.name)
        items = chosen if isinstance(chosen, Iterable) and not isinstance(chosen, str) else [chosen]
        for item in items:
            if getattr(item, "slug", None) == value:
                return str(item)
        return value

    def query(self, queryset, filterset):
        """A queryset of ``_key``, ``_label`` and ``_count`` rows, counted with every other
        facet's in one query (`count_facets`); or None, to count with `rows()` alone."""
        return

    def from_counted(self, counted: Rows, filterset) -> Rows:
        """The options, from the (key, label, count) rows `query()` gave."""
        return counted

    def limited(self, rows: Rows, chosen: set[str]) -> tuple[list[tuple[str, str, int]], int]:
        """The rows shown (`shown`, and any chosen), and how many with rows are not."""
        rows = [(str(value), str(label), n) for value, label, n in rows]
        if self.shown is None:
            return rows, 0
        with_rows = [row for row in rows if row[2]]
        kept = [row for rank, row in enumerate(with_rows) if rank < self.shown or row[0] in chosen]
        return kept, len(with_rows) - len(kept)

    def result(self, filterset, params: QueryDict, path: str, counted) -> FacetResult:
        """The fieldset of options, from what `count_facets` gave for this facet."""
        chosen = self.selected_values(params)
        options = []
        rows, more = counted
        for value, label, count in rows:
            if count or value in chosen:
                selected = value in chosen
                options.append(
                    Option(
                        value,
                        label,
                        count,
                        selected,
                        self.option_href(params, value, selected, path),
                    )
                )
        for value in chosen:
            if not any(option.value == value for option in options):
                label = self.selected_label(filterset, value)
                options.append(
                    Option(value, label, 0, True, self.option_href(params, value, True, path))
                )
        return FacetResult(
            name=self.name,
            label=self.label,
            multiple=self.multiple,
            options=options,
            links_only=self.links_only,
            selected=[option for option in options if option.selected],
            more=more,
        )


def count_facets(facets: list[Facet], filterset) -> list[tuple[list, int]]:
    """Every facet's rows and how many are not shown, kept until the next write.

    Each facet counts under every active filter but those it ignores; the
    counts of all that can be written as one query are, as one UNION ALL, so
    that a list with its facets costs a fixed few queries. Counting is what a
    list pays whatever its size: the same counts are asked again by every page
    of the list and every visitor, hence `memo`.
    """
    request = filterset.request
    # All the data, each facet's own values too: a count may read them (role with organisation).
    kept = without(filterset.data, "page")
    parts = (
        "facets",
        type(filterset).__module__,
        type(filterset).__qualname__,
        ",".join(facet.name for facet in facets),
        get_language() or "",
        viewer_key(request.user) if request is not None else "0",
        urlencode(sorted(kept.lists()), doseq=True),
    )

    def count() -> list[tuple[list, int]]:
        rows: dict[int, Rows] = {}
        queries = []
        for index, facet in enumerate(facets):
            queryset = filtered_without(filterset, facet.ignores)
            query = facet.query(queryset, filterset)
            if query is None:
                rows[index] = facet.rows(queryset, filterset)
            else:
                queries.append(
                    query.order_by()
                    .annotate(_facet=models.Value(index))
                    .values_list("_facet", "_key", "_label", "_count")
                )
        if queries:
            first, *others = queries
            counted: dict[int, list] = {index: [] for index, facet in enumerate(facets)}
            together = first.union(*others, all=True).order_by() if others else first
            for index, key, label, n in together:
                if key not in (None, ""):
                    counted[index].append((str(key), label or "", n))
            for index, facet in enumerate(facets):
                if index not in rows:
                    rows[index] = facet.from_counted(counted[index], filterset)
        return [
            facet.limited(rows[index], set(facet.selected_values(filterset.data)))
            for index, facet in enumerate(facets)
        ]

    return memo(parts, count)


def counted_by(queryset, expression):
    """Rows of ``queryset`` counted by the value of ``expression``, as `Facet.query` gives."""
    return (
        queryset.order_by()
        .annotate(_key=expression)
        .values("_key")
        .annotate(_count=models.Count("pk"), _label=models.Value(""))
    )


def counted_links(links, key: str, label: str | None, owner: str):
    """Links counted by the value at ``key`` (named ``label``), as `Facet.query` gives:
    how many distinct ``owner`` rows each has."""
    return (
        links.order_by()
        .values(_key=models.F(key), _label=models.F(label) if label else models.Value(""))
        .annotate(_count=models.Count(owner, distinct=True))
    )


class ChoiceFacet(Facet):
    """A field with choices (kind, stakeholder group): options in the choices' order.

    Counted by the field (after ``prepare``), or by ``count`` (a value: count dict)
    for choices held on linked rows, such as a partner's role.
    """

    def __init__(
        self, name, label, choices, *, field_name=None, prepare=None, count=None, **kwargs
    ) -> None:
        super().__init__(name, label, **kwargs)
        self.choices = choices
        self.field_name = field_name or name
        self.prepare = prepare
        self.count = count

    def query(self, queryset, filterset):
        if self.count is not None:
            return self.count(queryset, filterset)
        if self.prepare is not None:
            queryset = self.prepare(queryset)
        return counted_by(queryset, models.F(self.field_name))

    def from_counted(self, counted: Rows, filterset) -> Rows:
        counts = {key: n for key, _, n in counted}
        return [(value, label, counts.get(value, 0)) for value, label in self.choices]


class CountryFacet(Facet):
    """A country field: options by country name. ``multiple_codes``: a field of several."""

    def __init__(self, name, label, *, field_name: str = "country", multiple_codes=False, **kwargs):
        super().__init__(name, label, **kwargs)
        self.field_name = field_name
        self.multiple_codes = multiple_codes

    def query(self, queryset, filterset):
        # Codes stored together ("CH,FR") are counted in Python (`rows`).
        return None if self.multiple_codes else counted_by(queryset, models.F(self.field_name))

    def rows(self, queryset, filterset) -> Rows:
        counts = Counter()
        for codes in queryset.order_by().values_list(self.field_name, flat=True):
            counts.update(code for code in str(codes or "").split(",") if code)
        return self.from_counted([(code, "", n) for code, n in counts.items()], filterset)

    def from_counted(self, counted: Rows, filterset) -> Rows:
        rows = [(code, str(countries.name(code)) or code, n) for code, _, n in counted]
        return sorted(rows, key=lambda row: row[1])


class RelatedFacet(Facet):
    """Options that are records (topics, organisations, programmes): ``count`` returns
    (slug, name, count) rows, by count and then name, from one query."""

    multiple = True

    def __init__(
        self, name, label, count: Callable, *, multiple: bool = True, shown: int = 20, **kwargs
    ):
        super().__init__(name, label, **kwargs)
        self.count = count
        self.multiple = multiple
        self.shown = shown

    def query(self, queryset, filterset):
        return self.count(queryset, filterset)

    def from_counted(self, counted: Rows, filterset) -> Rows:
        return sorted(counted, key=lambda row: (-row[2], row[1].casefold()))


class YearFacet(Facet):
    """Years with counts, each a link setting ``starts_after`` and ``starts_before``
    to that year: the partial-date filters that leave undated rows out."""

    links_only = True
    multiple = False

    def __init__(self, label, *, field_name: str = "start") -> None:
        super().__init__("year", label, ignores=("starts_after", "starts_before"))
        self.field_name = field_name

    def selected_values(self, params: QueryDict) -> list[str]:
        after, before = params.get("starts_after", ""), params.get("starts_before", "")
        return [after] if after and after == before and len(after) == 4 else []

    def option_href(self, params, value, selected, path) -> str:
        params = without(params, "starts_after", "starts_before")
        if not selected:
            params["starts_after"] = params["starts_before"] = value
        return href(params, path)

    def query(self, queryset, filterset):
        year = Substr(Cast(self.field_name, models.CharField()), 1, 4)
        return counted_by(queryset.filter(**{f"{self.field_name}__isnull": False}), year)

    def from_counted(self, counted: Rows, filterset) -> Rows:
        return [(key, key, n) for key, _, n in sorted(counted, reverse=True)]


@dataclass
class ActiveFilter:
    """A chip: one active filter value, with the link that removes it."""

    label: str
    value: str
    href: str

    @property
    def text(self) -> str:
        # One string, so that a language can set its own spacing ("Type : Forum").
        return _("%(label)s: %(value)s") % {"label": self.label, "value": self.value}


def filter_label(filterset, name: str, labels: dict | None = None) -> str:
    """What the page calls a filter: its facet's or input's label, else its filter's."""
    if labels and name in labels:
        return str(labels[name])
    label = str(getattr(filterset.filters.get(name), "label", "") or "")
    # django-filter cannot name a filter applied by a method from the model.
    if not label or "[invalid name]" in label:
        label = name.replace("_", " ").capitalize()
    return label


def value_label(filterset, name: str, value: str) -> str:
    """What the page calls a value of a filter with choices (``-start``: "Start date,
    latest first"); any other value as it was given."""
    filter_ = filterset.filters.get(name)
    choices = filter_.extra.get("choices") if filter_ is not None else None
    if not choices or callable(choices):
        return value
    labels = {str(key): str(label) for key, label in choices}
    if isinstance(filter_, django_filters.OrderingFilter):
        # An ordering may name several fields: "start,title".
        return ", ".join(labels.get(part, part) for part in value.split(","))
    return labels.get(value, value)


def active_filters(
    filterset,
    params: QueryDict,
    results: list[FacetResult],
    path: str,
    labels: dict | None = None,
    *,
    no_chip: Iterable[str] = (),
) -> list[ActiveFilter]:
    """Every filter value the page applies, each removable on its own, but those in ``no_chip``."""
    chips, shown = [], set()
    for result in results:
        if result.name == "year":
            continue
        shown.add(result.name)
        for option in result.selected:
            chips.append(ActiveFilter(str(result.label), option.label, option.href))
    for name, values in params.lists():
        if name in shown or name == "page" or name in no_chip:
            continue
        label = filter_label(filterset, name, labels)
        for value in values:
            remaining = params.copy()
            remaining.setlist(name, [v for v in values if v != value])
            chips.append(
                ActiveFilter(label, value_label(filterset, name, value), href(remaining, path))
            )
    return chips


def error_notices(filterset, labels: dict | None = None) -> list[str]:
    """The reasons bad filter values were left out, each naming its filter."""
    notices = []
    for name, errors in filterset.form.errors.items():
        label = filter_label(filterset, name, labels)
        for error in errors:
            notices.append(
                _("%(filter)s: %(reason)s This filter was left out.")
                % {"filter": label, "reason": error}
            )
    return notices
