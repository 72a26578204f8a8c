"""Server errors reach someone: e-mail to ADMINS, Sentry when configured, and a log line per request."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, override_settings

from security.logs import JSONFormatter

ROOT = Path(__file__).resolve().parents[2]


def settings_value(expression, **env):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portfolio.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    script = f"from django.conf import settings; import sentry_sdk; print(repr({expression}))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.security.urls", ADMINS=[("Ops", "ops@example.org")])
def test_server_error_is_mailed_to_the_admins_and_the_page_says_so():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "We have been told about it" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ops@example.org"]
    assert "/broken/" in message.subject
    assert "boom: a bug in a view" in message.body


def test_admins_and_server_email_come_from_the_environment():
    value = settings_value(
        "(settings.ADMINS, settings.SERVER_EMAIL)",
        ADMINS="Ops Team <ops@example.org>, dev@example.org",
        SERVER_EMAIL="portfolio@example.org",
    )
    assert value == "([('Ops Team', 'ops@example.org'), ('', 'dev@example.org')], 'portfolio@example.org')"


def test_sentry_only_with_a_dsn_and_without_personal_data():
    assert settings_value("sentry_sdk.get_client().is_active()") == "False"
    dsn = "https://public@sentry.example.org/1"
    value = settings_value(
        "(sentry_sdk.get_client().is_active(), sentry_sdk.get_client().options['send_default_pii'])",
        SENTRY_DSN=dsn,
    )
    assert value == "(True, False)"


@pytest.mark.django_db
def test_one_log_line_per_request(caplog):
    with caplog.at_level(logging.INFO, logger="portfolio.requests"):
        Client().get("/fr/projets/?country=VN")
    records = [record for record in caplog.records if record.name == "portfolio.requests"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/fr/projets/", 200)
    assert record.duration_ms > 0
    line = json.loads(JSONFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/fr/projets/" and line["status"] == 200
    assert "country" not in line["message"]


def test_log_format_json_selects_the_json_formatter():
    value = settings_value("settings.LOGGING['handlers']['console']['formatter']", LOG_FORMAT="json")
    assert value == "'json'"
