"""The page cache switched on (it is off in the other tests' settings), and ways to observe it."""

import pytest
from django.core.cache import caches
from django.test import Client

from projects.models import ProjectPage
from tests.conftest import project_url
from tests.editorial.conftest import editor, translator  # noqa: F401 - fixtures used here too

# Pages of every kind, in both languages: any change that pages show must refresh them all.
SITE_URLS = [
    "/fr/",
    "/en/",
    "/fr/projets/",
    "/en/projects/?country=VN&status=current",
    "/en/archive/",
    "/fr/egalite-femmes-hommes-et-violences-faites-aux-femmes/",
    "/en/partners/",
    "/fr/search/?q=Vietnam",
    "/en/search/?q=ACIF",
    "/sitemap-pages.xml",
    "/fr/feed/",
    "/en/feed/",
]


@pytest.fixture
def page_cache(settings):
    settings.PAGECACHE_SECONDS = 600
    settings.PAGECACHE_MAX_AGE = 60
    caches[settings.PAGECACHE_ALIAS].clear()
    yield
    caches[settings.PAGECACHE_ALIAS].clear()


@pytest.fixture
def acif(demo_content):
    """A live project with partners, its hero image, and its URLs in both languages."""
    page = ProjectPage.objects.get(acronym="ACIF")
    data = next(project for project in demo_content["projects"] if project["key"] == "acif")
    page.urls = {language: project_url(demo_content, data, language) for language in ("fr", "en")}
    return page


def get(url, client=None, **headers):
    """An anonymous visitor's GET (a fresh client: no cookies), asserting it answered 200."""
    response = (client or Client()).get(url, **headers)
    assert response.status_code == 200, url
    return response


def warm(urls):
    """Visit each URL twice, and check the second answer came from the cache."""
    for url in urls:
        get(url)
        assert get(url)["X-Page-Cache"] == "hit", url


def assert_all_rendered_again(urls):
    for url in urls:
        assert get(url)["X-Page-Cache"] == "miss", url
