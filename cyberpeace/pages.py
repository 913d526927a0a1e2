"""What every public page shares: it only reads, and shows only what its reader may see."""

from __future__ import annotations

from django.db import transaction
from django.utils.decorators import method_decorator


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


class VisibleDetailMixin(VisibleMixin):
    """A detail page, with the related records the reader may see (``for_detail``)."""

    def get_queryset(self):
        return super().get_queryset().for_detail(self.request.user)
