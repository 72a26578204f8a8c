"""/healthz for load balancers, and the 503 page visitors get while the database is down."""

import pytest
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_without_session_cookie_or_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_reports_an_unreachable_cache_but_stays_in_service(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_outage_answers_503_with_retry_after_in_both_languages(client, monkeypatch, caplog, error):
    def fail(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/fr/projets/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.text
    assert "Site momentanément indisponible" in html
    assert '<h2 lang="en">Site temporarily unavailable</h2>' in html
    # One warning line, no "Internal Server Error" and no traceback.
    assert not [record for record in caplog.records if record.exc_info or record.levelname == "ERROR"]
    assert any("Database unavailable" in record.getMessage() for record in caplog.records)


def test_other_errors_are_not_mistaken_for_an_outage(client, monkeypatch):
    from portfolio.middleware import DatabaseUnavailableMiddleware

    assert DatabaseUnavailableMiddleware(lambda request: None).process_exception(None, ValueError()) is None
