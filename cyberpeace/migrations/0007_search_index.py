"""Full-text search indexes, on PostgreSQL only (cyberpeace.search).

Each searchable table gets a GIN index on the expression `SearchDocument`
writes for its list's `search_fields`: the folded words of each field, weighted
A, B, C in order. `unaccent` is only STABLE, and an index needs IMMUTABLE
functions, so `cyberpeace_fold` wraps it with its dictionary named in full,
which makes it safe to declare IMMUTABLE. SQLite has no such index: it
searches by folded substring (cyberpeace.search) and needs nothing here.
"""

from django.db import migrations

SEARCHED = {
    "orgs_organisation": ["name", "acronyms", "city"],
    "orgs_topic": ["name", "description"],
    "orgs_person": ["name", "honorific"],
    "initiatives_programme": ["title", "acronym"],
    "initiatives_event": ["title", "venue", "city"],
    "cyberpeace_source": ["title", "publisher"],
}


def document(columns: list[str]) -> str:
    """The SQL of `cyberpeace.search.SearchDocument` over ``columns``, as frozen here."""
    return " || ".join(
        "setweight(to_tsvector('simple'::regconfig, "
        f"cyberpeace_fold(COALESCE((\"{column}\")::text, ''))), '{weight}')"
        for weight, column in zip("ABCD", columns, strict=False)
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    quoted = schema_editor.quote_name(schema)
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION cyberpeace_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT lower({quoted}.unaccent('{quoted}.unaccent'::regdictionary, $1)) $$"
    )
    for table, columns in SEARCHED.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search" ON "{table}" '
            f"USING gin (({document(columns)}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')
    schema_editor.execute("DROP FUNCTION IF EXISTS cyberpeace_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("cyberpeace", "0006_corrections"),
        ("orgs", "0004_review_note"),
        ("initiatives", "0004_review_note"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
