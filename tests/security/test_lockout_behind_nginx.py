"""The supported deployment, for real: nginx rendered from deploy/nginx.conf in front of gunicorn
on loopback, production settings. Sign-in lock-outs are keyed on the visitor's own address, and a
forged X-Forwarded-For neither spreads a lock to others nor lifts one.

Visitors are told apart by the loopback address they connect from (127.0.0.2, 127.0.0.3…):
nginx sees each as a different client, as it would see two people on the Internet.
"""

import http.client
import re
import shutil
import subprocess
import sys
from urllib.parse import urlencode, urlparse

import pytest

from deploy import local_stack

pytestmark = pytest.mark.production_stack

if not shutil.which("nginx"):
    pytest.fail("nginx is missing: `make nginx` installs it (apt's nginx-light)", pytrace=False)

# An administrator made with the production settings' password hashers (the demo's own account
# is hashed with the test settings' fast one, which production does not accept).
USERNAME, PASSWORD = "lockout-owner", "Lockout-owner-passphrase-1"
CREATE_USER = f"""
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(username={USERNAME!r})
user.is_superuser = user.is_staff = True
user.set_password({PASSWORD!r})
user.save()
"""


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("lockout-stack")
    static_root = workdir / "static"
    collecting = local_stack.collectstatic({}, static_root)
    site = request.getfixturevalue("demo_site")
    environment = local_stack.production_environment(site.env, static_root=static_root)
    created = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CREATE_USER],
        cwd=local_stack.ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stderr
    assert collecting.wait(timeout=180) == 0
    stack = local_stack.start(workdir, site.env, static_root=static_root, media_root=site.media_root)
    yield stack
    stack.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def sign_in(base_url, source, password, forwarded_for=None, app_url_prefix="-"):
    """GET the admin's sign-in form then POST it, connecting from `source`; returns the POST's status."""
    url = urlparse(base_url)
    cookies = {}

    def request(method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            url.hostname, url.port, timeout=20, source_address=(source, 0)
        )
        all_headers = {"Host": url.netloc, **(headers or {})}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if forwarded_for:
            all_headers["X-Forwarded-For"] = forwarded_for
        if base_url.startswith(app_url_prefix):
            all_headers["X-Forwarded-Proto"] = "https"  # what nginx would have said
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name] = rest.split(";", 1)[0]
        content = response.read().decode(errors="replace")
        connection.close()
        return response.status, content

    status, form = request("GET", "/admin/login/")
    assert status == 200, form[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    origin = f"https://{url.netloc}"  # nginx tells Django the request came over HTTPS
    body = urlencode(
        {"csrfmiddlewaretoken": token, "username": USERNAME, "password": password, "next": "/admin/"}
    )
    status, _content = request(
        "POST",
        "/admin/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/admin/login/",
        },
    )
    return status


def test_the_lock_holds_for_the_attacker_only_whatever_header_they_forge(stack):
    attacker, owner = "127.0.0.2", "127.0.0.3"
    # Five wrong passwords, each with a different forged X-Forwarded-For.
    for number in range(5):
        status = sign_in(stack.url, attacker, "wrong-password", forwarded_for=f"10.0.0.{number}")
        assert status in (200, 429)
    # Locked, even with a new forged address or one copied from the owner.
    assert sign_in(stack.url, attacker, PASSWORD, forwarded_for="10.0.0.99") == 429
    assert sign_in(stack.url, attacker, PASSWORD, forwarded_for=owner) == 429
    assert sign_in(stack.url, attacker, PASSWORD) == 429
    # The owner, from their own address, signs in: the lock is not on nginx's address.
    assert sign_in(stack.url, owner, PASSWORD) == 302
    # The app server itself, reached without nginx, believes no header either.
    direct = sign_in(
        stack.app_url, attacker, PASSWORD, forwarded_for="10.0.0.100", app_url_prefix=stack.app_url
    )
    assert direct == 429
