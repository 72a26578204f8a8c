"""The files docs/deploy.md installs: the systemd units pass `systemd-analyze verify`, nginx's
file rendered with TLS (a throwaway self-signed certificate) passes `nginx -t`, and the
production settings start from the example environment file once its secrets are filled in."""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.render_nginx import render_standalone

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("portfolio*"))


def needs(tool, how):
    if not shutil.which(tool):
        pytest.fail(f"{tool} is missing: {how}", pytrace=False)


def self_signed_certificate(folder):
    needs("openssl", "apt-get install openssl")
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


def installed_unit(unit, folder):
    """The unit as docs/deploy.md installs it, with this clone as /srv/portfolio and this user."""
    env_file = folder / "portfolio.env"
    env_file.touch()
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    text = (
        unit.read_text()
        .replace("/srv/portfolio", str(ROOT))
        .replace("/srv/backups", str(folder / "backups"))
        .replace("/etc/portfolio/portfolio.env", str(env_file))
        .replace("User=portfolio", f"User={user}")
        .replace("Group=portfolio", f"Group={user}")
    )
    path = folder / unit.name
    path.write_text(text)
    return path


def test_the_units_are_shipped():
    assert [unit.name for unit in UNITS] == [
        "portfolio-backup.service",
        "portfolio-backup.timer",
        "portfolio.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_each_systemd_unit_passes_systemd_analyze_verify(unit, tmp_path):
    needs("systemd-analyze", "apt-get install systemd")
    installed = [installed_unit(each, tmp_path) for each in UNITS]
    path = installed[UNITS.index(unit)]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(path)], capture_output=True, text=True, cwd=tmp_path
    )
    # verify exits 0 on a directive it cannot parse, but says so on stderr.
    complaints = [line for line in result.stderr.splitlines() if path.name in line or "Failed" in line]
    assert result.returncode == 0 and not complaints, result.stderr


def test_the_application_unit_runs_gunicorn_with_a_graceful_reload():
    text = (ROOT / "deploy" / "systemd" / "portfolio.service").read_text()
    exec_start = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1).split()
    assert exec_start[:3] == ["/srv/portfolio/.venv/bin/gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert re.search(r"^ExecReload=/bin/kill -s HUP \$MAINPID$", text, re.MULTILINE)
    assert "Environment=DJANGO_SETTINGS_MODULE=portfolio.settings.production" in text


def preload_app(config):
    """gunicorn's preload_app with this configuration file (--print-config shows every setting)."""
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "-c", config, "portfolio.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return re.search(r"^preload_app\s*=\s*(\w+)$", result.stdout, re.MULTILINE).group(1)


def test_gunicorn_under_systemd_loads_the_application_in_each_worker():
    """HUP reloads the code only when the master has not loaded it (make serve preloads it)."""
    assert preload_app("deploy/gunicorn.conf.py") == "False"
    assert preload_app("portfolio/gunicorn.conf.py") == "True"


def test_nginx_with_tls_passes_nginx_t(tmp_path):
    needs("nginx", "`make nginx` installs it")
    certificate, key = self_signed_certificate(tmp_path)
    config = tmp_path / "nginx.conf"
    config.write_text(
        render_standalone(
            tmp_path,
            listen="127.0.0.1:8443",
            http_listen="127.0.0.1:8080",
            server_name="portfolio.example.org",
            tls_certificate=certificate,
            tls_key=key,
            acme_root=tmp_path / "acme",
        )
    )
    text = config.read_text()
    assert "listen 127.0.0.1:8443 ssl;" in text
    assert f"ssl_certificate {certificate};" in text
    assert "location /.well-known/acme-challenge/" in text
    assert "return 301 https://$host:8443$request_uri;" in text
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_t_fails_on_a_missing_certificate(tmp_path):
    """nginx -t above can fail: it reads the certificate."""
    needs("nginx", "`make nginx` installs it")
    config = tmp_path / "nginx.conf"
    config.write_text(
        render_standalone(
            tmp_path,
            listen="127.0.0.1:8443",
            http_listen="127.0.0.1:8080",
            tls_certificate=tmp_path / "missing.pem",
            tls_key=tmp_path / "missing-key.pem",
        )
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "missing.pem" in result.stderr


def test_the_example_environment_file_names_what_production_requires():
    example = (ROOT / "deploy" / "portfolio.env.example").read_text()
    values = dict(
        line.split("=", 1)
        for line in example.splitlines()
        if line and not line.startswith("#") and "=" in line
    )
    for name in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert values.get(name), name
    environment = {
        **{key: value for key, value in os.environ.items() if key not in values},
        **values,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
