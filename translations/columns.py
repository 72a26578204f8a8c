"""Guard the French and English columns of every translated field against silent loss.

wagtail-modeltranslation adds the `_fr`/`_en` columns of Wagtail's own page table outside
migrations, after `migrate` has applied them. On SQLite a migration that alters
`wagtailcore_page` rebuilds the table from the migration state, which does not know those
columns: they are dropped, and the next step re-adds them empty. Every page would lose its
titles and slugs in both languages without an error.

Two rules, checked after every `migrate` (post_migrate, before the columns are re-added) and
by `manage.py check --database default`:

- missing: a translation column is absent from a table that holds the site's content
  (Wagtail's own untyped root and welcome pages do not count: on a fresh install the
  columns are legitimately created after the first migrations);
- emptied: the default-language column is empty where the untranslated column still has a
  value. modeltranslation keeps the untranslated column equal to the default language on
  every save, so a difference means the translated value was lost, not never written.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.management.base import CommandError
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

FIRST_MIGRATE = gettext_lazy(
    "Creating the French and English columns of Wagtail's page table: "
    "wagtail-modeltranslation adds them after the migrations and prints its SQL below. "
    "This is expected on a new database, not an error."
)
TEXT_TYPES = {"CharField", "TextField", "SlugField", "RichTextField"}


def translated_columns():
    """Every translated field's columns: (table, original column, {language: column}, text?, model)."""
    seen = set()
    for model in translator.get_registered_models(abstract=False):
        options = translator.get_options_for_model(model)
        for name in options.local_fields:
            original = model._meta.get_field(name)
            table = original.model._meta.db_table
            if (table, original.column) in seen or original.model._meta.proxy:
                continue
            seen.add((table, original.column))
            columns = {
                language: model._meta.get_field(build_localized_fieldname(name, language)).column
                for language in settings.MODELTRANSLATION_LANGUAGES
            }
            is_text = original.get_internal_type() in TEXT_TYPES
            yield table, original.column, columns, is_text, original.model


def _untyped_page_filter(model, connection):
    """SQL excluding Wagtail's own untyped pages (root, welcome page) from the page table's rows."""
    from wagtail.models import Page

    if model is not Page:
        return "", []
    content_type = apps.get_model("contenttypes", "ContentType")
    quote = connection.ops.quote_name
    sql = (
        f" AND {quote('content_type_id')} NOT IN (SELECT {quote('id')} FROM "
        f"{quote(content_type._meta.db_table)} WHERE {quote('app_label')} = %s AND {quote('model')} = %s)"
    )
    return sql, ["wagtailcore", "page"]


def missing_columns(using="default", only_with_content=True):
    """Translation columns absent from their table: [(table, column)].

    With `only_with_content`, a table without site content is skipped (a fresh install,
    where wagtail-modeltranslation is about to add the page table's columns).
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        missing = []
        for table, _original, columns, _is_text, model in translated_columns():
            if table not in tables:
                continue
            present = {
                column.name for column in connection.introspection.get_table_description(cursor, table)
            }
            absent = [(table, column) for column in columns.values() if column not in present]
            if not absent:
                continue
            if only_with_content:
                extra, params = _untyped_page_filter(model, connection)
                cursor.execute(f"SELECT 1 FROM {quote(table)} WHERE 1 = 1{extra} LIMIT 1", params)
                if cursor.fetchone() is None:
                    continue
            missing.extend(absent)
    return sorted(set(missing))


def emptied_columns(using="default"):
    """Default-language columns emptied while the untranslated one kept its value: {(table, column): rows}."""
    connection = connections[using]
    quote = connection.ops.quote_name
    language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    emptied = {}
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table, original, columns, is_text, model in translated_columns():
            if table not in tables:
                continue
            present = {
                column.name for column in connection.introspection.get_table_description(cursor, table)
            }
            column = columns[language]
            if original not in present or column not in present:
                continue
            if is_text:
                condition = (
                    f"{quote(original)} IS NOT NULL AND {quote(original)} <> '' "
                    f"AND ({quote(column)} IS NULL OR {quote(column)} = '')"
                )
            else:
                condition = f"{quote(original)} IS NOT NULL AND {quote(column)} IS NULL"
            extra, params = _untyped_page_filter(model, connection)
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} WHERE {condition}{extra}", params)
            rows = cursor.fetchone()[0]
            if rows:
                emptied[(table, column)] = rows
    return emptied


def missing_message(missing):
    listed = ", ".join(f"{table}.{column}" for table, column in missing)
    return _(
        "Translation columns are missing: %(columns)s. The table holds content, so a migration "
        "has probably rebuilt it (SQLite does this) and dropped them with their French and English "
        "text. Nothing has been re-created. Restore the latest backup (manage.py restore_site) "
        "before migrating again; production should run on PostgreSQL."
    ) % {"columns": listed}


def emptied_message(emptied):
    listed = ", ".join(f"{table}.{column}: {rows}" for (table, column), rows in sorted(emptied.items()))
    return _(
        "Translation columns were emptied (column: rows): %(columns)s. These rows have lost their "
        "text in the default language while the untranslated column still has it. "
        "A migration has probably rebuilt the "
        "table (SQLite does this) and the columns were re-added empty. Restore the latest backup "
        "(manage.py restore_site); production should run on PostgreSQL."
    ) % {"columns": listed}


def verify(using="default"):
    """Raise CommandError when translation columns are missing or were emptied."""
    missing = missing_columns(using)
    if missing:
        raise CommandError(missing_message(missing))
    emptied = emptied_columns(using)
    if emptied:
        raise CommandError(emptied_message(emptied))


def after_migrate(sender, app_config=None, using="default", verbosity=1, stdout=None, **kwargs):
    """post_migrate: stop `migrate` before wagtail-modeltranslation re-adds lost columns empty."""
    if app_config is None or app_config.label != "wagtailcore":
        return
    verify(using)
    if verbosity >= 1 and missing_columns(using, only_with_content=False):
        # The first migrate on a new database: say what the SQL printed next is. `migrate` runs
        # with translations deactivated (@no_translations), so the note is given in both languages.
        write = stdout.write if stdout else print
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                write(f"{FIRST_MIGRATE}\n")


@checks.register(checks.Tags.database)
def check_translation_columns(app_configs=None, databases=None, **kwargs):
    """`check --database default`: report translation columns that are missing or were emptied."""
    errors = []
    for using in databases or []:
        missing = missing_columns(using)
        if missing:
            errors.append(checks.Error(missing_message(missing), id="translations.E001"))
        emptied = emptied_columns(using)
        if emptied:
            errors.append(checks.Error(emptied_message(emptied), id="translations.E002"))
    return errors
