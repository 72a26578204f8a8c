"""PostgreSQL text search configurations for site search: accents ignored, French and English word forms.

`portfolio_fr` and `portfolio_en` copy PostgreSQL's `french` and `english` configurations and
run words through `unaccent` before the stemmer, so "refugies", "réfugié" and "réfugiés" share
one lexeme. `CREATE EXTENSION unaccent` needs a role allowed to create extensions (a superuser,
or the database owner on PostgreSQL 13+ since unaccent is a trusted extension). On SQLite this
migration does nothing: SQLite's FTS5 tokenizer already ignores accents and has no stemmer.
This migration also joins the three 0002 branches.
"""

from django.db import migrations

CONFIGURATIONS = {"portfolio_fr": ("french", "french_stem"), "portfolio_en": ("english", "english_stem")}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, (source, stemmer) in CONFIGURATIONS.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {source})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part "
            f"WITH unaccent, {stemmer}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_demo_record"),
        ("projects", "0002_programpage_dac_sector"),
        ("projects", "0002_translated_slug_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
