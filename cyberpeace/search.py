"""Text matching that ignores case and accents: "geneve" finds "Genève".

Both databases fold text the same way: PostgreSQL with its `unaccent`
extension (created by a migration) and LOWER, SQLite with a function this
module registers on each new connection.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.functions import Cast, Concat


def fold(text: str) -> str:
    """Lower case, without accents: what both databases compare."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class Folded(models.Func):
    """`fold()` of a text expression, in SQL."""

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="FOLD", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="LOWER(UNACCENT(%(expressions)s))")


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("FOLD", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text):
    return None if text is None else fold(str(text))


connection_created.connect(register_sqlite_fold, dispatch_uid="cyberpeace.search.fold")


def haystack(*fields: str) -> Folded:
    """The folded text of ``fields`` joined by spaces (lists such as acronyms included)."""
    parts = []
    for name in fields:
        parts += [Cast(models.F(name), models.TextField()), models.Value(" ")]
    return Folded(Concat(*parts, output_field=models.TextField()))


MAX_WORDS = 20


def search(queryset, query: str, fields: list[str]):
    """Rows where every word of ``query`` occurs in one of ``fields``, whatever case or accents."""
    # Each word once, and no more than a query needs: a pasted page of text
    # would otherwise make SQL deeper than SQLite accepts.
    words = list(dict.fromkeys(fold(query).split()))[:MAX_WORDS]
    if not words:
        return queryset
    queryset = queryset.alias(_haystack=haystack(*fields))
    for word in words:
        queryset = queryset.filter(_haystack__contains=word)
    return queryset
