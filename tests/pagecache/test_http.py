"""HTTP caching and compression of public pages, feeds and the sitemap."""

import gzip
import time

import brotli
import pytest
from django.test import Client
from django.utils.http import parse_http_date

from pagecache import store
from tests.editorial.conftest import client_for

from .conftest import get

pytestmark = pytest.mark.django_db

PAGES = [
    "/fr/",
    "/en/projects/",
    "/en/gender-equality-and-violence-against-women/acif/",
    "/fr/feed/",
    "/sitemap-pages.xml",
]


@pytest.fixture(params=["cache on", "cache off"])
def either_cache(request, settings, page_cache):
    """Headers and 304 answers must not depend on whether the page came from the cache."""
    if request.param == "cache off":
        settings.PAGECACHE_SECONDS = 0


@pytest.mark.usefixtures("either_cache")
@pytest.mark.parametrize("url", PAGES)
def test_pages_are_compressed_with_brotli_or_gzip_as_offered(url):
    plain = get(url, HTTP_ACCEPT_ENCODING="")
    assert "Content-Encoding" not in plain
    for offered, coding, decompress in [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ]:
        for _ in range(2):  # rendered, then (cache on) from the cache
            response = get(url, HTTP_ACCEPT_ENCODING=offered)
            assert response["Content-Encoding"] == coding
            assert "Accept-Encoding" in response["Vary"]
            assert decompress(response.content) == plain.content
            assert len(response.content) < len(plain.content) / 2


@pytest.mark.usefixtures("either_cache")
@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_304_to_a_matching_etag_or_date(url):
    first = get(url, HTTP_ACCEPT_ENCODING="br")
    second = get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["ETag"] == second["ETag"]  # one ETag for every coding of the same page

    validators = [{"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}]
    for headers in validators:
        response = Client().get(url, HTTP_ACCEPT_ENCODING="br", **headers)
        assert response.status_code == 304
        assert response.content == b""
    stale = Client().get(url, HTTP_IF_NONE_MATCH='W/"not-this-one"')
    assert stale.status_code == 200


@pytest.mark.usefixtures("page_cache")
def test_last_modified_is_the_last_change_to_the_site(acif, monkeypatch):
    """An unpublished page must not leave crawlers with a 304 for the old sitemap."""
    before = get("/sitemap-pages.xml")
    assert acif.urls["fr"] in before.text
    later = time.time_ns() + 5_000_000_000  # HTTP dates count whole seconds
    monkeypatch.setattr(store.time, "time_ns", lambda: later)

    acif.unpublish()

    response = Client().get("/sitemap-pages.xml", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert response.status_code == 200
    assert acif.urls["fr"] not in response.text
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(before["Last-Modified"])


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("url", PAGES)
def test_public_pages_may_be_kept_briefly_by_browsers_and_proxies(url):
    response = get(url)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60"}


@pytest.mark.usefixtures("page_cache")
def test_admin_and_logged_in_pages_are_private_and_gzipped_only(editor):
    # They carry CSRF tokens and personal data: never brotli (gzip has Django's BREACH padding).
    editor_client = client_for(editor)
    for client, url in [(Client(), "/admin/login/"), (editor_client, "/admin/"), (editor_client, "/en/")]:
        response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200
        assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
        assert response["Content-Encoding"] == "gzip"
