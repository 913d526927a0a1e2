"""What every public page shares: it only reads, and shows only what its reader may see."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator

from cyberpeace.models import FormerSlug


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
    """A detail page, with the related records the reader may see (``for_detail``).

    Addresses last: one in another case, or with a slug the record had before,
    answers 301 with the record's address today.
    """

    def get_queryset(self):
        return super().get_queryset().for_detail(self.request.user)

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
