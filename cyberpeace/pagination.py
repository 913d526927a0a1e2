"""The API's pages: a module of its own, as DRF's settings import it by name."""

from __future__ import annotations

from rest_framework import pagination


class Pages(pagination.PageNumberPagination):
    """DRF's envelope (count, next, previous, results); ?page_size= up to 100."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
