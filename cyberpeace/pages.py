"""What every public page shares: it only reads, and shows only what its reader may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator

from cyberpeace.changelog import public_changes
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


class FilteredListMixin(VisibleMixin):
    """A list filtered by its FilterSet, the one its API list uses too.

    Bad parameters list nothing and the page says why (`filterset.errors`).
    """

    filterset_class = None

    def get_queryset(self):
        queryset = super().get_queryset()
        self.filterset = self.filterset_class(
            self.request.GET, queryset=queryset, request=self.request
        )
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


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
