"""Scratch sites for tests that must run manage.py in another process (migrate, backup, restore).

A scratch site is a database and a media folder of its own, so the test database and its
rolled-back transactions are never touched.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parent.parent


def site_env(database_url, media_root, **extra):
    """The environment of manage.py on a scratch site (test settings, its own database and media)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        **extra,
    }


def run(env, *args, stdin=subprocess.DEVNULL):
    """Run `python <args>` in the project folder with `env`; returns the completed process."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, stdin=stdin, timeout=600
    )


def manage(env, *args):
    return run(env, "manage.py", *args)


def build_demo_site(env):
    """The demo site in env's scratch database and media folder: a copy of the test database's
    snapshot (tests/sites.py), as if migrated and loaded with load_demo."""
    from tests.sites import Snapshot

    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        snapshot = Snapshot(database_url="")
        snapshot.ensure()
        snapshot.copy_database(url.removeprefix("sqlite:///"))
    else:
        snapshot = Snapshot()
        snapshot.ensure()
        snapshot.copy_database(urlparse(url).path.lstrip("/"))
    snapshot.copy_media(env["MEDIA_ROOT"])


def sqlite_demo_site(directory):
    """A SQLite file holding the demo site, and its media folder: copied from the test database
    when the tests run on SQLite (instant), built with migrate + load_demo otherwise.
    """
    from django.conf import settings
    from django.db import connection

    directory = Path(directory)
    database, media = directory / "site.sqlite3", directory / "media"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # serialize() is the database file's image, and, unlike the backup API, does not wait
        # for the transaction a test runs in.
        database.write_bytes(connection.connection.serialize())
        shutil.copytree(settings.MEDIA_ROOT, media)
    else:
        build_demo_site(site_env(f"sqlite:///{database}", media))
    return database, media


def postgres_scratch_database(suffix):
    """Create (again) an empty PostgreSQL database next to the test database; returns its URL
    and a function that drops it."""
    import psycopg2

    parsed = urlparse(os.environ["DATABASE_URL"])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # one database per xdist worker
    name = f"{parsed.path.lstrip('/') or 'portfolio'}_{suffix}{'_' + worker if worker else ''}"
    admin_url = urlunparse(parsed._replace(path="/postgres"))

    def execute(*statements):
        admin = psycopg2.connect(admin_url)
        admin.autocommit = True
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        admin.close()

    execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}")), lambda: execute(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


@pytest.fixture(scope="session")
def sqlite_demo_copy(tmp_path_factory, django_db_setup, django_db_blocker):
    """The demo site as a SQLite file and a media folder, made once per session."""
    with django_db_blocker.unblock():
        return sqlite_demo_site(tmp_path_factory.mktemp("demo-site"))


def copy_site(source, directory):
    """A copy of a (database, media) pair in `directory`, for one test to change freely."""
    database, media = source
    directory = Path(directory)
    shutil.copy(database, directory / "site.sqlite3")
    shutil.copytree(media, directory / "media")
    return directory / "site.sqlite3", directory / "media"
