"""A GIN index on the vector PostgreSQL search actually matches: title and body together.

Wagtail's PostgreSQL backend filters with `(title || body) @@ query`. Its own GIN indexes are
on `title` and on `body` separately, which that expression cannot use, so every search read
every index entry (a sequential scan, growing with the number of projects). An index on the
same expression lets PostgreSQL find the matching entries directly. Nothing to do on SQLite,
whose FTS5 table is its own index.
"""

from django.db import migrations

INDEX = "portfolio_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_search_configurations"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
