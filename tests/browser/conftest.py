"""Browser tests: a real server on its own database, driven by Debian's headless Chromium.

The server runs in a separate process with the demo content loaded once per session, on
SQLite, or on PostgreSQL when DATABASE_URL is set (in a database of its own, so the test
database of the other tests is never touched).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database_url(workdir):
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir}/browser.sqlite3"
    import psycopg2

    parsed = urlparse(url)
    name = (parsed.path.lstrip("/") or "portfolio") + "_browser"
    admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunparse(parsed._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def browser_site():
    """A running site holding the demo content: its address, and a way to run manage.py on it."""
    workdir = tempfile.mkdtemp(prefix="portfolio-browser-")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.test",
        "DATABASE_URL": _browser_database_url(workdir),
        "MEDIA_ROOT": f"{workdir}/media",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(f"{workdir}/server.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            urllib.request.urlopen(f"{url}/robots.txt", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError(f"the test server did not start; see {workdir}/server.log")

    def manage_command(*args):
        """Run a manage.py command against the server's database; returns its standard output."""
        result = subprocess.run(
            manage + list(args), cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        return result.stdout

    yield SimpleNamespace(url=url, manage=manage_command)
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def site_url(browser_site):
    return browser_site.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh browser tab with its own cookies, whose relative URLs go to the test site."""
    context = browser.new_context(base_url=site_url, locale="fr-FR")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
