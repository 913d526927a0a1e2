"""What every public page shares: it shows only what its reader may see."""

from __future__ import annotations


class VisibleMixin:
    """A list or detail view over the records ``visible_to`` the reader."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class VisibleDetailMixin(VisibleMixin):
    """A detail page, with the related records the reader may see (``for_detail``)."""

    def get_queryset(self):
        return super().get_queryset().for_detail(self.request.user)
