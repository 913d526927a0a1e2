"""What every public page shares: it only reads, and shows only what its reader may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cyberpeace.cache import memo
from cyberpeace.changelog import public_changes
from cyberpeace.conditional import viewer_key
from cyberpeace.facets import Facet, active_filters, count_facets, error_notices, without
from cyberpeace.models import FormerSlug

Provider = Callable[[models.Model, object], dict]


class DetailSections:
    """Context that one app adds to another app's detail pages.

    `orgs` never imports `initiatives` (DESIGN.md), yet an organisation's page
    shows its programmes and events. So `initiatives` registers, in its
    AppConfig.ready(), a provider for `Organisation`: a function of the record
    and the reader returning context (only what that reader may see), which
    every detail page of the model merges into its own.
    """

    def __init__(self) -> None:
        self._providers: dict[type[models.Model], list[Provider]] = defaultdict(list)

    def register(self, model: type[models.Model], provider: Provider) -> None:
        if provider not in self._providers[model]:
            self._providers[model].append(provider)

    def context(self, record: models.Model, user) -> dict:
        context = {}
        for provider in self._providers.get(type(record), ()):
            context.update(provider(record, user))
        return context


detail_sections = DetailSections()


def group_by_role(rows: Iterable, choices: type[models.TextChoices], field: str = "role"):
    """``rows`` as ``[(label, [row, …]), …]`` in the order ``choices`` declares its roles."""
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, field)].append(row)
    return [(choice.label, groups[choice.value]) for choice in choices if groups.get(choice.value)]


class ReadOnlyPage:
    """A page that writes nothing, so it needs no transaction.

    Every other request is one transaction (ATOMIC_REQUESTS), which on SQLite
    takes the write lock at once (transaction mode IMMEDIATE): reading pages
    outside one lets them go on while an editor saves.
    """

    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class VisibleMixin(ReadOnlyPage):
    """A list or detail view over the records ``visible_to`` the reader."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class PagedListMixin:
    """A list whose page number, when it is not one, lists the nearest page and says so.

    ``notices`` collects what the page tells its reader about their request.
    """

    def setup(self, request, *args, **kwargs) -> None:
        super().setup(request, *args, **kwargs)
        self.notices: list[str] = []

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        # The total, like the facets' counts, is kept until the next write.
        paginator.__dict__["count"] = memo(
            (
                "total",
                type(self).__module__,
                type(self).__qualname__,
                viewer_key(self.request.user),
                urlencode(sorted(self.kwargs.items())),
                urlencode(sorted(without(self.request.GET, self.page_kwarg).lists()), doseq=True),
            ),
            lambda: paginator.count,
        )
        asked = self.request.GET.get(self.page_kwarg, "").strip()
        shown = asked[:20]
        try:
            # int() reads "２" and " 2" as 2: a number written otherwise is still that page.
            number = paginator.num_pages if asked == "last" else int(asked or 1)
        except ValueError:
            number = 1
            self.notices.append(
                _("“%(asked)s” is not a page number: this is page %(page)s.")
                % {"asked": shown, "page": number}
            )
        if number < 1:
            number = 1
            self.notices.append(
                _("There is no page %(asked)s: this is the first page.") % {"asked": shown}
            )
        elif number > paginator.num_pages:
            number = paginator.num_pages
            self.notices.append(
                _("There is no page %(asked)s: this is the last page, page %(last)s.")
                % {"asked": shown, "last": number}
            )
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(notices=self.notices, **kwargs)


DATE_LABELS = {
    "starts_after": _("From"),
    "starts_before": _("To"),
    "active_on": _("Active on"),
}


class FilteredListMixin(PagedListMixin, VisibleMixin):
    """A list filtered by its FilterSet, the one its API list uses too, with its facets.

    A bad parameter is left out, and the page says which and why
    (`filterset.errors`); the other filters still apply. ``facets`` count
    their options (`cyberpeace.facets`); ``date_filters`` are partial-date
    inputs; ``api_list`` names the API list whose CSV export the page offers.
    """

    filterset_class = None
    facets: list[Facet] = []
    date_filters: tuple[str, ...] = ()
    api_list = ""

    def get_queryset(self):
        queryset = super().get_queryset()
        filterset = self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            self.notices += error_notices(filterset, self.filter_labels())
            data = without(filterset.data, *filterset.errors)
            filterset = self.filterset_class(data, queryset=queryset, request=self.request)
        self.filterset = filterset
        return filterset.qs if filterset.is_valid() else queryset.none()

    def filter_labels(self) -> dict:
        return {**DATE_LABELS, **{facet.name: facet.label for facet in self.facets}}

    def get_context_data(self, **kwargs):
        # Only what the FilterSet reads: any other parameter filters nothing, so it is
        # shown nowhere and carried into no link, form or export.
        unknown = [name for name in self.filterset.data if name not in self.filterset.filters]
        params = without(self.filterset.data, self.page_kwarg, *unknown)
        # Only a signed-in reader sees any draft (publishing.visibility): for anyone
        # else `status` chooses among published records alone, nothing worth a chip.
        no_chip = () if self.request.user.is_authenticated else ("status",)
        path = self.request.path
        facets = [
            facet.result(self.filterset, params, path, counted)
            for facet, counted in zip(
                self.facets, count_facets(self.facets, self.filterset), strict=True
            )
        ]
        controls = {*self.date_filters, *(facet.name for facet in self.facets)}
        export = QueryDict(mutable=True)
        export["format"] = "csv"
        for name, values in params.lists():
            export.setlist(name, values)
        return super().get_context_data(
            filterset=self.filterset,
            facets=facets,
            active_filters=active_filters(
                self.filterset, params, facets, path, self.filter_labels(), no_chip=no_chip
            ),
            date_inputs=[
                {"name": name, "label": DATE_LABELS[name], "value": params.get(name, "")}
                for name in self.date_filters
            ],
            hidden_params=[
                (name, value)
                for name, values in params.lists()
                if name not in controls
                for value in values
            ],
            search_hidden=[
                (name, value) for name, values in params.lists() if name != "q" for value in values
            ],
            query=params.urlencode(),
            clear_href=path,
            csv_href=f"{reverse(self.api_list)}?{export.urlencode()}" if self.api_list else "",
            **kwargs,
        )


class VisibleDetailMixin(VisibleMixin):
    """A detail page, with the related records the reader may see (``for_page``).

    Its context also holds what other apps register for the model
    (`detail_sections`) and ``changelog``, the record's published versions.
    Addresses last: one in another case, or with a slug the record had before,
    answers 301 with the record's address today.
    """

    def get_queryset(self):
        return super().get_queryset().for_page(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_sections.context(self.object, self.request.user))
        context["changelog"] = public_changes(self.object)
        return context

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if slug != slug.lower():
            name = request.resolver_match.view_name
            return HttpResponsePermanentRedirect(
                reverse(name, kwargs={**kwargs, "slug": slug.lower()})
            )
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = FormerSlug.find(self.model, slug)
            record = self.get_queryset().filter(pk=moved).first() if moved else None
            if record is None:
                raise
            return HttpResponsePermanentRedirect(record.get_absolute_url())
