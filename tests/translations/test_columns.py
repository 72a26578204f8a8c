"""Translation columns lost to a table rebuild stop `migrate` instead of coming back empty."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from tests import scratch
from translations.columns import (
    FIRST_MIGRATE,
    after_migrate,
    check_translation_columns,
    emptied_columns,
    missing_columns,
)

# What Django's SQLite schema editor does when a migration alters wagtailcore_page: the
# table is rebuilt from the migrations' state, which knows nothing of the translation columns.
REBUILD_PAGE_TABLE = """
import django
django.setup()
from django.db import connection
from django.utils import translation
from django.db.migrations.loader import MigrationLoader
page = MigrationLoader(connection).project_state().apps.get_model("wagtailcore", "Page")
with connection.schema_editor() as editor:
    editor._remake_table(page)
"""


def _after_migrate():
    after_migrate(sender=None, app_config=apps.get_app_config("wagtailcore"), using="default", verbosity=0)


def _execute(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.django_db
def test_an_intact_site_passes():
    _after_migrate()
    assert check_translation_columns(databases=["default"]) == []


@pytest.mark.django_db
def test_a_dropped_column_stops_migrate_and_fails_the_check():
    _execute("ALTER TABLE wagtailcore_page DROP COLUMN title_en")
    assert missing_columns() == [("wagtailcore_page", "title_en")]
    with pytest.raises(CommandError, match="wagtailcore_page.title_en"):
        _after_migrate()
    assert [error.id for error in check_translation_columns(databases=["default"])] == ["translations.E001"]


@pytest.mark.django_db
def test_an_emptied_default_language_column_stops_migrate_and_fails_the_check():
    _execute("UPDATE wagtailcore_page SET title_fr = NULL WHERE depth > 2")
    _execute("UPDATE projects_projectpage SET summary_fr = ''")
    emptied = emptied_columns()
    assert set(emptied) == {("wagtailcore_page", "title_fr"), ("projects_projectpage", "summary_fr")}
    with pytest.raises(CommandError, match="title_fr"):
        _after_migrate()
    assert [error.id for error in check_translation_columns(databases=["default"])] == ["translations.E002"]


@pytest.mark.django_db
def test_an_untranslated_english_field_is_not_mistaken_for_a_loss():
    # English is optional: empty English text is normal work in progress.
    _execute("UPDATE wagtailcore_page SET title_en = NULL, seo_title_en = NULL")
    _after_migrate()
    assert emptied_columns() == {}


@pytest.fixture
def sqlite_site(sqlite_demo_copy, tmp_path):
    database, media = scratch.copy_site(sqlite_demo_copy, tmp_path)
    return database, scratch.site_env(f"sqlite:///{database}", media)


def _page_columns(database):
    import sqlite3

    with sqlite3.connect(database) as db:
        return {row[1] for row in db.execute("PRAGMA table_info(wagtailcore_page)")}


@pytest.mark.end_to_end
def test_a_table_rebuild_on_sqlite_stops_migrate_before_columns_come_back_empty(sqlite_site):
    database, env = sqlite_site
    assert "title_fr" in _page_columns(database)
    rebuild = scratch.run(env, "-c", REBUILD_PAGE_TABLE)
    assert rebuild.returncode == 0, rebuild.stderr
    assert "title_fr" not in _page_columns(database)

    migrate = scratch.manage(env, "migrate", "--noinput")
    assert migrate.returncode != 0
    assert "wagtailcore_page.title_fr" in migrate.stderr
    assert "restore_site" in migrate.stderr
    # Nothing was re-added empty: a backup can still be restored over it.
    assert "title_fr" not in _page_columns(database)

    # Had the columns come back empty (as before this check), migrate still refuses to go on.
    resync = scratch.manage(env, "sync_page_translation_fields", "--noinput")
    assert resync.returncode == 0, resync.stderr
    assert "title_fr" in _page_columns(database)
    migrate = scratch.manage(env, "migrate", "--noinput")
    assert migrate.returncode != 0
    assert "wagtailcore_page.title_fr" in migrate.stderr


@pytest.mark.end_to_end
def test_the_first_migrate_says_plainly_that_the_columns_are_being_created(tmp_path):
    env = scratch.site_env(f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path / "media")
    migrate = scratch.manage(env, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    for language, _name in settings.LANGUAGES:  # migrate speaks no language: the note is in both
        with translation.override(language):
            assert str(FIRST_MIGRATE) in migrate.stdout
    assert "title_fr" in _page_columns(tmp_path / "new.sqlite3")
