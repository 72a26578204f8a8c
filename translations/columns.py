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

from django.conf import settings
from django.core import checks
from django.core.management.base import CommandError
from django.db import connections
from django.db.models import Q
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


def translated_columns(using):
    """Every translated field whose table exists: (field, {language: its field}, the table's columns)."""
    connection = connections[using]
    seen = set()
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in translator.get_registered_models(abstract=False):
            for name in translator.get_options_for_model(model).local_fields:
                original = model._meta.get_field(name)
                table = original.model._meta.db_table
                if (table, name) in seen or original.model._meta.proxy or table not in tables:
                    continue
                seen.add((table, name))
                present = {
                    column.name for column in connection.introspection.get_table_description(cursor, table)
                }
                localized = {
                    language: model._meta.get_field(build_localized_fieldname(name, language))
                    for language in settings.MODELTRANSLATION_LANGUAGES
                }
                yield original, localized, present


def _content(model, using):
    """The rows of the site's content in a table: Wagtail's own untyped pages (root, welcome page)
    do not count; lookups are not rewritten into the active language's."""
    rows = model._base_manager.using(using).rewrite(False)
    if model._meta.label == "wagtailcore.Page":
        rows = rows.exclude(content_type__app_label="wagtailcore", content_type__model="page")
    return rows


def missing_columns(using="default", only_with_content=True):
    """Translation columns absent from their table: [(table, column)].

    With `only_with_content`, a table without site content is skipped (a fresh install,
    where wagtail-modeltranslation is about to add the page table's columns).
    """
    missing = set()
    for original, localized, present in translated_columns(using):
        table = original.model._meta.db_table
        absent = {(table, field.column) for field in localized.values() if field.column not in present}
        if absent and (not only_with_content or _content(original.model, using).exists()):
            missing |= absent
    return sorted(missing)


def emptied_columns(using="default"):
    """Default-language columns emptied while the untranslated one kept its value: {(table, column): rows}."""
    emptied = {}
    for original, localized, present in translated_columns(using):
        field = localized[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
        if original.column not in present or field.column not in present:
            continue
        kept = Q(**{f"{original.name}__isnull": False})
        lost = Q(**{f"{field.name}__isnull": True})
        if original.get_internal_type() in TEXT_TYPES:
            kept &= ~Q(**{original.name: ""})
            lost |= Q(**{field.name: ""})
        rows = _content(original.model, using).filter(kept, lost).count()
        if rows:
            emptied[(original.model._meta.db_table, field.column)] = rows
    return emptied


def problems(using="default"):
    """The translation columns missing or emptied, as system check errors."""
    errors = []
    missing = missing_columns(using)
    if missing:
        listed = ", ".join(f"{table}.{column}" for table, column in missing)
        message = _(
            "Translation columns are missing: %(columns)s. The table holds content, so a migration "
            "has probably rebuilt it (SQLite does this) and dropped them with their French and English "
            "text. Nothing has been re-created. Restore the latest backup (manage.py restore_site) "
            "before migrating again; production should run on PostgreSQL."
        )
        errors.append(checks.Error(message % {"columns": listed}, id="translations.E001"))
    emptied = emptied_columns(using)
    if emptied:
        listed = ", ".join(f"{table}.{column}: {rows}" for (table, column), rows in sorted(emptied.items()))
        message = _(
            "Translation columns were emptied (column: rows): %(columns)s. These rows have lost their "
            "text in the default language while the untranslated column still has it. "
            "A migration has probably rebuilt the "
            "table (SQLite does this) and the columns were re-added empty. Restore the latest backup "
            "(manage.py restore_site); production should run on PostgreSQL."
        )
        errors.append(checks.Error(message % {"columns": listed}, id="translations.E002"))
    return errors


def after_migrate(sender, app_config=None, using="default", verbosity=1, stdout=None, **kwargs):
    """post_migrate: stop `migrate` before wagtail-modeltranslation re-adds lost columns empty."""
    if app_config is None or app_config.label != "wagtailcore":
        return
    errors = problems(using)
    if errors:
        raise CommandError(errors[0].msg)
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
    return [error for using in databases or [] for error in problems(using)]
