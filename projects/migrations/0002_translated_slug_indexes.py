"""Index the translated slug columns of Wagtail's page table, which routing looks pages up by.

wagtail-modeltranslation adds `slug_fr`, `slug_en` (and its other columns) outside
migrations, after they have run (`migrate` then syncs the columns), and without an index. On
a new database the slug columns do not exist yet when this migration runs: it adds them
first, exactly as wagtail-modeltranslation would (its sync then finds them and skips them).
"""

from django.conf import settings
from django.db import migrations

TABLE = "wagtailcore_page"


def slug_columns():
    return [f"slug_{code}" for code, _name in settings.LANGUAGES]


def add_indexes(apps, schema_editor):
    from wagtail.models import Page  # the real model: it carries modeltranslation's fields

    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        existing = {column.name for column in connection.introspection.get_table_description(cursor, TABLE)}
    for column in slug_columns():
        if column not in existing:
            field = Page._meta.get_field(column)
            schema_editor.execute(
                f"ALTER TABLE {quote(TABLE)} ADD COLUMN {quote(column)} {field.db_type(connection)} NULL"
            )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(f'{TABLE}_{column}_idx')} ON {quote(TABLE)} ({quote(column)})"
        )


def drop_indexes(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    for column in slug_columns():
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(f'{TABLE}_{column}_idx')}")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
