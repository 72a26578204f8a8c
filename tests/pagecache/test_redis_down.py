"""With Redis unreachable the site keeps serving (and publishing) from the database."""

import logging
import socket

import pytest
from django.test import Client

from tests.editorial.conftest import client_for, edit_form

from .conftest import get


@pytest.fixture
def redis_down(settings):
    """The cache pointed at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/6",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.PAGECACHE_SECONDS = 600


@pytest.mark.django_db
@pytest.mark.usefixtures("redis_down")
def test_pages_are_served_and_published_without_redis(acif, editor, caplog):
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        for url in ["/fr/", "/en/projects/", acif.urls["en"], "/sitemap-pages.xml", "/en/feed/"]:
            for _ in range(2):
                response = get(url, HTTP_ACCEPT_ENCODING="gzip")
                assert "X-Page-Cache" not in response
                assert response["Content-Encoding"] == "gzip"
        assert acif.summary_en in get(acif.urls["en"]).text

        data = edit_form(acif, title_en="Published while Redis was down")
        response = client_for(editor).post(f"/admin/pages/{acif.pk}/edit/", {**data, "action-publish": "1"})
        assert response.status_code == 302
        assert "Published while Redis was down" in Client().get(acif.urls["en"]).text

    # Every failure was logged, none raised.
    assert any(record.name.startswith("django_redis") for record in caplog.records)
