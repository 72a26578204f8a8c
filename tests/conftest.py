"""Shared fixtures: the demo site is loaded once per test session into the test database.

Each test runs in a transaction rolled back at its end, so tests can change the demo
content freely without seeing each other's changes.
"""

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.sites import DemoSite, Snapshot

CONTENT_FILE = Path(__file__).resolve().parent.parent / "projects" / "demo" / "content.json"

# Hypothesis keeps its examples out of the clone, next to the test database snapshot.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Snapshot.cache_folder() / "hypothesis"))


def pytest_report_header(config):
    """What the suite uses besides Python, said before it starts (nothing else: no Redis)."""
    database = os.environ.get("DATABASE_URL", "")
    engine = "PostgreSQL " + database.rsplit("@", 1)[-1] if database.startswith("postgres") else "SQLite"
    tools = ", ".join(
        f"{name} {'at ' + path if path else 'MISSING (' + hint + ')'}"
        for name, hint in (("chromium", "make browser"), ("nginx", "make nginx"), ("openssl", "apt"))
        for path in [shutil.which(name) or ("" if name != "chromium" else _chromium())]
    )
    return [
        f"services: database {engine} (test databases made from a snapshot, dropped at the end); "
        "browser tests: chromium; production-stack tests: nginx + gunicorn on loopback; no Redis",
        f"tools: {tools}",
    ]


def _chromium():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if Path(path).exists() else ""


@pytest.fixture(scope="session")
def demo_content():
    """The demo data file, as the loader reads it."""
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def remove_test_media():
    """The test settings put uploads in a temporary folder: remove it when the run ends."""
    # Commands the tests start with the test settings use the same folder, not one each.
    os.environ.setdefault("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    yield
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.parent == Path(tempfile.gettempdir()) and media_root.name.startswith(
        "portfolio-test-media-"
    ):
        shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language.

    A request through the test client activates its language in the test's own thread and
    leaves it active: without this, a test after an English request would save French
    fields in English.
    """
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def demo_site(django_db_setup):
    """The demo content in a database and media folder of their own, for real servers to serve
    (a copy of the test database's snapshot, made by django_db_setup)."""
    site = DemoSite()
    try:
        site.load_demo()
        yield site
    finally:
        site.remove()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):  # noqa: ARG001
    """The test database: a copy of the demo site's snapshot (tests/sites.py), migrated, with the
    demo content and its renditions; the snapshot is built first when missing. Dropped at the end."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    snapshot = Snapshot()
    snapshot.ensure(say=_say(request.config))
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    keep_open = None
    with django_db_blocker.unblock():
        test_name = connection.creation._get_test_db_name()
        if connection.vendor == "sqlite":
            # Django's in-memory test database, filled from the snapshot file through a
            # connection of our own that keeps it alive until the end of the session.
            keep_open = sqlite3.connect(test_name, uri=True)
            with sqlite3.connect(snapshot.database_file) as source:
                source.backup(keep_open)
        else:
            snapshot.copy_database(test_name)
        snapshot.copy_media(settings.MEDIA_ROOT)
        # keepdb: the copy is used as it is; migrate only confirms nothing is left to apply.
        old_config = setup_databases(
            verbosity=0,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=True,
        )
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=0)
    if keep_open is not None:
        keep_open.close()


def _say(config):
    """Print a line at once, past pytest's output capture (progress while the snapshot is built)."""
    writer = config.get_terminal_writer()
    capture = config.pluginmanager.getplugin("capturemanager")

    def say(line):
        with capture.global_and_fixture_disabled():
            writer.line(line)
            writer.flush()

    return say


def pytest_sessionstart(session):
    """Under pytest-xdist, build the test database snapshot before the workers start, saying so
    (without xdist, django_db_setup builds it when a test first needs the database)."""
    if hasattr(session.config, "workerinput") or session.config.option.collectonly:
        return
    if not getattr(session.config.option, "numprocesses", None):
        return
    Snapshot().ensure(say=_say(session.config))


@pytest.fixture
def home(db):
    from projects.models import HomePage

    return HomePage.objects.get()


def project_url(demo_content, project, language):
    """The public URL of a demo project in one language, built from the data file's slugs."""
    programs = {program["key"]: program for program in demo_content["programs"]}
    program = programs[project["program"]]
    return f"/{language}/{program['slug'][language]}/{project['slug'][language]}/"
