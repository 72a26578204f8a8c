"""The project's own health: migrations match the models, production settings pass the deploy check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _manage(*args, **env):
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portfolio.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portfolio.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="portfolio.settings.production",
        SECRET_KEY="",
        DEBUG="1",
        ALLOWED_HOSTS="portfolio.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_name_each_missing_variable_instead_of_falling_back(missing):
    environment = {
        "DATABASE_URL": "sqlite:///:memory:",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portfolio.example.org",
        missing: "",
    }
    result = _manage("check", DJANGO_SETTINGS_MODULE="portfolio.settings.production", **environment)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured")
    named = [name for name in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS") if f"{name} (" in message]
    assert named == [missing], message


def test_production_settings_name_every_missing_variable_at_once():
    environment = dict.fromkeys(("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"), "")
    result = _manage("check", DJANGO_SETTINGS_MODULE="portfolio.settings.production", **environment)
    assert result.returncode != 0
    assert all(f"{name} (" in result.stderr for name in environment), result.stderr


def test_production_settings_never_enable_the_demo_account():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(getattr(s, 'DEMO_ADMIN_ENABLED', False), s.DEBUG)",
        DJANGO_SETTINGS_MODULE="portfolio.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portfolio.example.org",
        DATABASE_URL="sqlite:///:memory:",
        DEBUG="1",
    )
    assert result.stdout.splitlines()[-1].split() == ["False", "False"], result.stderr


# Settings, the gunicorn configuration and the stack's scripts read these environment
# variables; the documentation (docs/configuration.md and the pages it links) names each one.
_ENVIRONMENT_READ = re.compile(
    r"""(?:env[a-z_]*|getenv|environ\.get|environ\.setdefault)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_the_docs_document_every_environment_variable_the_site_reads():
    root = ROOT
    sources = [
        *root.glob("portfolio/**/*.py"),
        *root.glob("deploy/*.py"),
        *root.glob("security/*.py"),
        *root.glob("backups/**/*.py"),
    ]
    read = {name for path in sources for name in _ENVIRONMENT_READ.findall(path.read_text())}
    docs = "".join(path.read_text() for path in sorted(root.glob("docs/*.md")))
    assert len(read) > 30  # the pattern still finds the settings
    undocumented = sorted(name for name in read if f"`{name}`" not in docs)
    assert undocumented == []
