"""Shared fixtures: the demo site is loaded once per test session into the test database.

Each test runs in a transaction rolled back at its end, so tests can change the demo
content freely without seeing each other's changes.
"""

import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.sites import DemoSite

CONTENT_FILE = Path(__file__).resolve().parent.parent / "projects" / "demo" / "content.json"


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
def demo_site():
    """The demo content in a database and media folder of their own, for real servers to serve."""
    site = DemoSite()
    try:
        site.load_demo()
        yield site
    finally:
        site.remove()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        _warm_renditions()


def _warm_renditions():
    """Visit every page once, so image renditions exist before tests roll their changes back.

    Otherwise each test would resize the same images again inside its own transaction.
    """
    from django.test import Client
    from django.utils import translation
    from wagtail.models import Page

    client = Client()
    for page in Page.objects.live().filter(depth__gt=1):
        with translation.override("fr"):
            url = page.get_url()
        client.get(url)
    for page_number in (2, 3):
        client.get(f"/fr/projets/?page={page_number}")


@pytest.fixture
def home(db):
    from projects.models import HomePage

    return HomePage.objects.get()


def project_url(demo_content, project, language):
    """The public URL of a demo project in one language, built from the data file's slugs."""
    programs = {program["key"]: program for program in demo_content["programs"]}
    program = programs[project["program"]]
    return f"/{language}/{program['slug'][language]}/{project['slug'][language]}/"
