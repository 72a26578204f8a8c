"""E-mail, media storage and the update check come from the environment, per the README."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({name: str(getattr(s, name, None)) for name in ["
    "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_USE_TLS', "
    "'DEFAULT_FROM_EMAIL', 'WAGTAILADMIN_NOTIFICATION_FROM_EMAIL', 'WAGTAIL_ENABLE_UPDATE_CHECK', "
    "'CONN_HEALTH_CHECKS', 'SENDFILE_BACKEND']} | {'storage': s.STORAGES['default']['BACKEND'], "
    "'bucket': s.STORAGES['default'].get('OPTIONS', {}).get('bucket_name')}))"
)


def settings_with(module, **env):
    """The settings a process started with this environment sees."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "AWS_", "MEDIA_STORAGE", "WAGTAIL_ENABLE", "DOCUMENTS_SENDFILE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=f"portfolio.settings.{module}",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
        ALLOWED_HOSTS="portfolio.example.org",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_email_url_configures_smtp_in_production():
    seen = settings_with(
        "production",
        EMAIL_URL="smtp://mailer:s3cret@mail.example.org:587/?tls=True",
        DEFAULT_FROM_EMAIL="portfolio@example.org",
    )
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (seen["EMAIL_HOST"], seen["EMAIL_PORT"], seen["EMAIL_HOST_USER"]) == (
        "mail.example.org",
        "587",
        "mailer",
    )
    assert seen["EMAIL_USE_TLS"] == "True"
    assert (
        seen["DEFAULT_FROM_EMAIL"] == seen["WAGTAILADMIN_NOTIFICATION_FROM_EMAIL"] == "portfolio@example.org"
    )


def test_development_prints_mail_to_the_console_unless_email_url_is_set():
    assert settings_with("dev")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (
        settings_with("dev", EMAIL_URL="smtp://localhost:1025")["EMAIL_BACKEND"]
        == "django.core.mail.backends.smtp.EmailBackend"
    )


def test_media_go_to_s3_when_a_bucket_is_named():
    local = settings_with("production")
    assert local["storage"] == "django.core.files.storage.FileSystemStorage"
    s3 = settings_with("production", AWS_STORAGE_BUCKET_NAME="portfolio-media")
    assert s3["storage"] == "storages.backends.s3.S3Storage"
    assert s3["bucket"] == "portfolio-media"
    assert settings_with("production", MEDIA_STORAGE="s3")["storage"] == "storages.backends.s3.S3Storage"


def test_update_check_is_off_unless_asked_for_and_connections_are_checked():
    seen = settings_with("production")
    assert seen["WAGTAIL_ENABLE_UPDATE_CHECK"] == "False"
    assert seen["CONN_HEALTH_CHECKS"] == "True"
    assert (
        settings_with("production", WAGTAIL_ENABLE_UPDATE_CHECK="1")["WAGTAIL_ENABLE_UPDATE_CHECK"] == "True"
    )


def test_documents_are_handed_to_nginx_only_when_asked():
    assert settings_with("production")["SENDFILE_BACKEND"] == "None"
    assert (
        settings_with("production", DOCUMENTS_SENDFILE="nginx")["SENDFILE_BACKEND"]
        == "portfolio.sendfile_nginx"
    )
