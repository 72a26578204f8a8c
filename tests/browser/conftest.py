"""Browser tests: a real server on its own database, driven by Debian's headless Chromium.

The server runs in a separate process on the session's demo site (tests/sites.py): SQLite,
or PostgreSQL when DATABASE_URL is set, in a database of its own, so the test database of
the other tests is never touched, and removed at the end of the run.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from deploy.local_stack import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser_site(demo_site):
    """A running site holding the demo content: its address, and a way to run manage.py on it."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portfolio.settings.test", **demo_site.env}
    manage = [sys.executable, "manage.py"]
    log = open(demo_site.workdir / "server.log", "w")  # noqa: SIM115 - closed at teardown
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
        raise RuntimeError(f"the test server did not start; see {demo_site.workdir}/server.log")

    yield SimpleNamespace(url=url, manage=demo_site.manage)
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def site_url(browser_site):
    return browser_site.url


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Playwright's synchronous API runs an event loop in this
    thread while it is started: ending it with the module keeps Django's database calls in the
    tests that follow from being refused as if they were made from async code."""
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


# Staff accounts a browser session signs in with, in French: `roles` is a list of
# ((username, password), group name). Run with browser_site.manage("shell", "-c", ...).
CREATE_STAFF = """
import json
from django.contrib.auth.models import Group, User
from wagtail.users.models import UserProfile

for (username, password), group in {roles}:
    user = User.objects.create_user(username, f"{{username}}@example.org", password)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
"""


def watch_server_errors(tab, errors):
    """Record in `errors` every response of the server with a 5xx status in `tab`."""

    def record(response):
        if response.status >= 500:
            errors.append(f"{response.status} {response.request.method} {response.url}")

    tab.on("response", record)


@pytest.fixture
def server_errors(page):
    """Every response of the server with a 5xx status, in any tab of the session (the fixture
    `page` and the tabs of `new_tab`): autosave, choosers and workflow buttons call the server
    behind the scenes, where an error is easy to miss."""
    errors = []
    watch_server_errors(page, errors)
    return errors


@pytest.fixture
def new_tab(browser, site_url, server_errors):
    """Opens a tab in a browser context of its own (its own cookies: another person)."""
    contexts = []

    def open_tab():
        context = browser.new_context(base_url=site_url, locale="fr-FR")
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        watch_server_errors(tab, server_errors)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
