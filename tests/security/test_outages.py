"""Outages fail safe and quietly: the page-password limit fails closed without its cache, a
database outage answers signed-in admin requests with the 503 page, and a cache outage writes
one line a minute, not a traceback per request."""

import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

# A Redis nobody listens on: every cache operation fails (connection refused), and django-redis,
# as configured in production (DJANGO_REDIS_IGNORE_EXCEPTIONS), answers as if the key were missing.
CACHE_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


@pytest.fixture
def protected_page():
    page = ProjectPage.objects.live().first()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame"
    )
    return page, restriction


def submit(client, page, restriction, password):
    url = f"/fr/_util/authenticate_with_password/{restriction.id}/{page.id}/"
    return client.post(url, {"password": password, "return_url": page.url})


@override_settings(CACHES=CACHE_DOWN)
def test_page_password_limit_fails_closed_when_its_cache_is_down(protected_page):
    page, restriction = protected_page
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(8):
        assert submit(client, page, restriction, "guess").status_code == 429
    response = submit(client, page, restriction, "open-sesame")
    assert response.status_code == 429
    assert restriction.id not in client.session.get("passed_page_view_restrictions", [])


def test_a_database_outage_answers_signed_in_admin_requests_with_the_503_page(django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "secret-password-1")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200

    def unreachable(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with mock.patch.object(BaseDatabaseWrapper, "cursor", unreachable):
        for url in ("/admin/", "/admin/pages/", "/fr/"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"]


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@override_settings(CACHES=CACHE_DOWN, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True)
def test_a_cache_outage_writes_no_traceback_per_request():
    collect = Collect()
    loggers = [
        logging.getLogger(name) for name in ("django_redis.cache", "portfolio.cache", "django.request")
    ]
    for logger in loggers:
        logger.addHandler(collect)
    try:
        client = Client()
        for _request in range(20):
            assert client.get("/fr/").status_code == 200
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
    assert not [record for record in collect.records if record.exc_info], "a traceback was logged"
    # At most one line per kind of message (once a minute), saying the cache is unavailable.
    messages = [record.getMessage() for record in collect.records]
    assert len(messages) == len(set(messages)) <= 3
