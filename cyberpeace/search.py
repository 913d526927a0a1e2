"""Text matching that ignores case and accents: "geneve" finds "Genève".

Both databases fold text the same way: PostgreSQL with its `unaccent`
extension (created by a migration) and LOWER, SQLite with a function this
module registers on each new connection.

`search()` is the one search of the site: the search page and every list's
`q` (pages and API alike) call it. On PostgreSQL it is a full-text search
(configuration 'simple', so acronyms and both languages are words alike),
each word of the query a prefix ("cyber" finds "cybersecurity"), ranked by
relevance, a record's first field weighing most. Each searched table holds
its document in a stored column, `search_vector`, which a trigger (migration
cyberpeace/0008_search_vector) writes on every insert and update, whatever
path writes the row (save, bulk_create, update, raw SQL, loaddata); a GIN
index on that column finds the rows. SQLite, for development and tests, has
the column but leaves it empty, and finds each word anywhere in the folded
fields.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections, models
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


# Enough for any real query; a longer one (2,000 characters pasted) is cut
# rather than turned into thousands of conditions.
MAX_WORDS = 12
# No name or title in the directory has a word this long, so a longer one loses
# nothing by being cut, and its cut start still finds a record holding it whole.
# Uncut, 60,000 letters pasted into `q` pass SQLite's limit on LIKE patterns
# (50,000 bytes) and fail the request.
MAX_WORD_LENGTH = 64
WEIGHTS = "ABCD"


def words(query: str) -> list[str]:
    """The folded words of ``query``: runs of letters and digits, each once, at most MAX_WORDS,
    each cut to MAX_WORD_LENGTH characters.

    Symbols separate words, as PostgreSQL's parser has them do ("ITU-T" is
    "itu" and "t"); a query of symbols only has no words.
    """
    found = [word[:MAX_WORD_LENGTH] for word in re.split(r"[\W_]+", fold(query)) if word]
    return list(dict.fromkeys(found))[:MAX_WORDS]


class SearchVectorColumn(models.Field):
    """`search_vector`: the record's `SearchDocument`, written by the database alone.

    Django always writes NULL (the trigger replaces it), never shows it in a
    form, and leaves it out of fixtures: it is derived from the record's own
    fields and nothing else. A plain field rather than contrib.postgres's
    SearchVectorField, which wants that app installed for type handlers a
    tsvector does not need; SQLite takes the column type as it is.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.update(null=True, editable=False, serialize=False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("null", "editable", "serialize"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def db_type(self, connection) -> str:
        return "tsvector"

    def pre_save(self, model_instance, add):
        return None


SearchVectorColumn.register_lookup(SearchVectorExact)


class SearchDocument(models.Func):
    """``fields`` as PostgreSQL indexes them: folded words, weighted A, B, C… in order.

    What the trigger of migration cyberpeace/0008_search_vector stores in each
    searched table's `search_vector`, over the columns its list searches
    (its FilterSet's `search_fields`): a change here or there needs a
    migration. Written out literally, as the trigger has it.
    """

    output_field = SearchVectorField()

    def __init__(self, *fields: str) -> None:
        if len(fields) > len(WEIGHTS):
            raise ValueError(f"At most {len(WEIGHTS)} fields can be weighted.")
        super().__init__(*(models.F(name) for name in fields))

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for weight, expression in zip(WEIGHTS, self.get_source_expressions(), strict=False):
            sql, expression_params = compiler.compile(expression)
            parts.append(
                "setweight(to_tsvector('simple'::regconfig, "
                f"cyberpeace_fold(COALESCE(({sql})::text, ''))), '{weight}')"
            )
            params.extend(expression_params)
        return "(" + " || ".join(parts) + ")", params


def search(queryset, query: str, fields: list[str], *, rank: bool = False):
    """Rows where every word of ``query`` occurs in one of ``fields``, whatever case or accents.

    On PostgreSQL each word starts a word of the fields, and ``rank`` orders
    the rows by relevance (then as the queryset was ordered); on SQLite each
    word occurs anywhere and the order stays. A query without words (only
    symbols) finds nothing.
    """
    if not query.strip():
        return queryset
    terms = words(query)
    if not terms:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _full_text(queryset, terms, fields, rank=rank)
    queryset = queryset.alias(_haystack=haystack(*fields))
    for word in terms:
        queryset = queryset.filter(_haystack__contains=word)
    return queryset


def _full_text(queryset, terms: list[str], fields: list[str], *, rank: bool):
    # Words hold only letters and digits: quoted, they are safe in to_tsquery.
    text = " & ".join(f"'{term}':*" for term in terms)
    query = SearchQuery(
        models.Func(
            models.Value(text), function="cyberpeace_fold", output_field=models.TextField()
        ),
        search_type="raw",
        config="simple",
    )
    document = _document(queryset.model, fields)
    queryset = queryset.alias(_document=document).filter(_document=query)
    if not rank:
        return queryset
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.alias(search_rank=SearchRank(document, query)).order_by(
        "-search_rank", *ordering, "pk"
    )


def _document(model, fields: list[str]):
    """The stored vector where ``model`` has one, which holds ``fields``' document."""
    if any(field.name == "search_vector" for field in model._meta.concrete_fields):
        return models.F("search_vector")
    return SearchDocument(*fields)
