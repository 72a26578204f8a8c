"""What a cached page costs and carries: one read from the cache, the headers of the rendered page."""

import pytest
from django.core.cache import caches
from django.test import Client

from pagecache import store

from .conftest import get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

# Set by the middleware below the page cache: a hit must carry them without running it.
STACK_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Language",
    "Vary",
    "ETag",
]


class CountingCache:
    """Counts the calls made to the page cache's backend."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []

    def __getattr__(self, name):
        attribute = getattr(self.cache, name)
        if not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def counted_cache(settings, monkeypatch):
    counting = CountingCache(caches[settings.PAGECACHE_ALIAS])
    monkeypatch.setattr(store, "_cache", lambda: counting)
    return counting


@pytest.mark.parametrize("url", ["/fr/", "/en/projects/?country=VN", "/fr/feed/", "/sitemap-pages.xml"])
def test_a_cached_page_is_one_read_from_the_cache_and_no_query(url, counted_cache, django_assert_num_queries):
    rendered = get(url, HTTP_ACCEPT_ENCODING="br")
    assert rendered["X-Page-Cache"] == "miss"
    counted_cache.calls.clear()
    with django_assert_num_queries(0):
        cached = get(url, HTTP_ACCEPT_ENCODING="br")
    assert cached["X-Page-Cache"] == "hit"
    assert counted_cache.calls == ["get_many"]
    assert cached.content == rendered.content


@pytest.mark.parametrize("url", ["/fr/", "/en/gender-equality-and-violence-against-women/acif/"])
def test_a_cached_page_carries_the_headers_of_the_rendered_one(url):
    rendered = get(url, HTTP_ACCEPT_ENCODING="gzip")
    cached = get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert cached["X-Page-Cache"] == "hit"
    for header in STACK_HEADERS:
        assert rendered.has_header(header), header
        assert cached[header] == rendered[header], header


def test_a_conditional_request_answered_from_the_cache_gets_304_without_a_query(django_assert_num_queries):
    first = get("/en/projects/")
    with django_assert_num_queries(0):
        response = Client().get("/en/projects/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]


def test_a_page_rendered_while_the_site_changed_is_not_served_afterwards(monkeypatch):
    """The entry keeps the generation its request began with: a change during rendering wins."""
    render = store.save

    def change_during_rendering(key, generation, response):
        store.bump()
        render(key, generation, response)

    monkeypatch.setattr(store, "save", change_during_rendering)
    assert get("/fr/")["X-Page-Cache"] == "miss"
    monkeypatch.setattr(store, "save", render)
    assert get("/fr/")["X-Page-Cache"] == "miss"
    assert get("/fr/")["X-Page-Cache"] == "hit"


def test_a_page_rendered_again_replaces_its_old_entry(settings):
    """Entries are keyed without the generation: a change leaves one entry per page, not two."""
    get("/fr/")
    store.bump()
    get("/fr/")
    backend = caches[settings.PAGECACHE_ALIAS]
    keys = [key for key in backend._cache if ":pagecache:page:" in key]  # local-memory backend
    assert len(keys) == 1


def test_static_files_do_not_touch_the_page_cache(counted_cache):
    response = Client().get("/static/css/site.css")
    assert response.status_code in (200, 404)  # collected or not, it never reaches the cache
    assert counted_cache.calls == []


def test_entries_are_keyed_by_the_release_s_code_and_templates(settings, tmp_path):
    """A rolling deployment runs two releases on one cache: neither reads what the other kept."""
    from django.test import RequestFactory

    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    first = store.code_version.__wrapped__()
    template.write_text("<p>two</p>")
    assert store.code_version.__wrapped__() != first
    assert f":{store.code_version()}:" in store.page_key(RequestFactory().get("/fr/"))
