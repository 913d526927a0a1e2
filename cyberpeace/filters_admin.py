"""Changelist filters of the editors' screens."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_GIVEN = _("Not given")


class CountryInUseFilter(admin.ChoicesFieldListFilter):
    """By country, offering only the countries of records the reader may see.

    The stock filter lists all 250 countries, nearly all of which would find
    nothing. This one lists the countries in use, by name, and "Not given"
    when some records have none; a contributor is offered no country that
    only another's draft is in. It keeps the stock filter's parameter
    (``country__exact=CH``), so addresses of filtered lists still work.
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.model_admin = model_admin
        self._options: list[tuple[str, str]] | None = None

    def options(self) -> list[tuple[str, str]]:
        """(code, name) of each country in use, by name, then ("", "Not given") if any lack one."""
        if self._options is None:
            rows = self.model_admin.get_queryset(self.request).order_by()
            codes = set(rows.values_list(self.field_path, flat=True).distinct())
            names = dict(self.field.flatchoices)
            options = sorted(
                ((code, str(names.get(code, code))) for code in codes if code),
                key=lambda option: option[1],
            )
            if "" in codes or None in codes:
                options.append(("", NOT_GIVEN))
            self._options = options
        return self._options

    def has_output(self) -> bool:
        # "Not given" alone would list the same records as "All".
        return any(code for code, _name in self.options()) or self.lookup_val is not None

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {
            f"{i}__c": models.Count(pk_attname, filter=models.Q((self.lookup_kwarg, code)))
            for i, (code, _name) in enumerate(self.options())
        }

    def choices(self, changelist):
        counts = self.get_facet_queryset(changelist) if changelist.add_facets else None
        yield {
            "selected": self.lookup_val is None,
            "query_string": changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]
            ),
            "display": _("All"),
        }
        for i, (code, name) in enumerate(self.options()):
            yield {
                "selected": self.lookup_val is not None and code in self.lookup_val,
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg: code}, [self.lookup_kwarg_isnull]
                ),
                "display": f"{name} ({counts[f'{i}__c']})" if counts is not None else name,
            }
