"""The API's pages: a module of its own, as DRF's settings import it by name."""

from __future__ import annotations

from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class Pages(pagination.PageNumberPagination):
    """DRF's envelope (count, next, previous, results); ?page_size= up to 100."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    known_count: int | None = None
    page_size_query_description = (
        "Records per page: 50 unless asked, at most 100 (more asks get 100)."
    )

    def paginate_queryset(self, queryset, request, view=None):
        # A list that has counted its rows already (ConditionalMixin) says how many.
        self.known_count = getattr(view, "known_count", None)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size) -> Paginator:
        paginator = Paginator(queryset, page_size)
        if self.known_count is not None:
            paginator.__dict__["count"] = self.known_count
        return paginator

    def get_page_size(self, request) -> int:
        asked = request.query_params.get(self.page_size_query_param, "")
        if not asked.strip():
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: [f"“{asked}” is not a whole number of at least 1."]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
