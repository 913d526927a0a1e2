"""The stored search document: a trigger fills `search_vector`, a GIN index finds it.

On PostgreSQL only. Each searched table gets a BEFORE INSERT OR UPDATE
trigger that writes into `search_vector` the document
`cyberpeace.search.SearchDocument` describes over its list's `search_fields`
(the folded words of each field, weighted A, B, C in order), so that every
write path (save, bulk_create, QuerySet.update, raw SQL, loaddata) keeps it
current. Every field of each document is a column of its own table, so no
other table's change can make it stale. The rows already there are filled,
the GIN index goes on the column, and the expression indexes of
0007_search_index, which it replaces, are dropped. SQLite keeps the column
empty and searches by folded substring.
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


def document(columns: list[str], row: str) -> str:
    """The SQL of `cyberpeace.search.SearchDocument` over ``row``'s ``columns``, as frozen here."""
    return " || ".join(
        "setweight(to_tsvector('simple'::regconfig, "
        f"cyberpeace_fold(COALESCE(({row}\"{column}\")::text, ''))), '{weight}')"
        for weight, column in zip("ABCD", columns, strict=False)
    )


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        schema_editor.execute(
            f'CREATE OR REPLACE FUNCTION "{table}_search_vector"() RETURNS trigger '
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"NEW.search_vector := {document(columns, 'NEW.')}; RETURN NEW; END $$"
        )
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_search_vector" BEFORE INSERT OR UPDATE ON "{table}" '
            f'FOR EACH ROW EXECUTE FUNCTION "{table}_search_vector"()'
        )
        schema_editor.execute(f'UPDATE "{table}" SET search_vector = {document(columns, "")}')  # table and column names from our models, not input  # nosec B608
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')
        schema_editor.execute(
            f'CREATE INDEX "{table}_search" ON "{table}" USING gin (search_vector)'
        )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_search_vector" ON "{table}"')
        schema_editor.execute(f'DROP FUNCTION IF EXISTS "{table}_search_vector"()')
        schema_editor.execute(
            f'CREATE INDEX "{table}_search" ON "{table}" USING gin (({document(columns, "")}))'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cyberpeace", "0008_search_vector"),
        ("orgs", "0005_search_vector_indexes"),
        ("initiatives", "0005_search_vector_indexes"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
