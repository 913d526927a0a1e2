from django.db import migrations


def create_unaccent(apps, schema_editor):
    # PostgreSQL folds accents with its unaccent extension; SQLite with a
    # function cyberpeace.search registers on each connection.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("cyberpeace", "0004_review_note")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
