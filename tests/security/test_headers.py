"""Response headers under the production settings: CSP, Permissions-Policy, HSTS, cookies, framing.

The production values are read from portfolio.settings.production in a subprocess (it refuses
to import without SECRET_KEY), then applied to the test site with override_settings.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEYS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "ADMIN_CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
]


def production_settings(**env):
    script = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    return production_settings()


def policy(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def observatory_score(response):
    """The MDN HTTP Observatory's scoring, for the header tests a single response can answer."""
    score = 100
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        score -= 25
    else:
        directives = policy(csp)
        scripts = directives.get("script-src", directives.get("default-src", []))
        styles = directives.get("style-src", directives.get("default-src", []))
        if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
            score -= 20
        elif directives.get("default-src") == ["'none'"] and "'unsafe-inline'" not in styles:
            score += 10
    hsts = response.headers.get("Strict-Transport-Security", "")
    max_age = int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0
    if max_age < 15_768_000:
        score -= 20
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        score -= 5
    frame_ancestors = csp and "frame-ancestors" in policy(csp)
    if frame_ancestors:
        score += 5
    elif response.headers.get("X-Frame-Options") not in ("DENY", "SAMEORIGIN"):
        score -= 20
    if response.headers.get("Referrer-Policy") in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    ):
        score += 5
    for cookie in response.cookies.values():
        if not cookie["secure"]:
            score -= 20
        if cookie.key == "sessionid" and not cookie["httponly"]:
            score -= 30
    return score


def test_hsts_preload_and_subdomains_are_opt_in(production):
    assert production["SECURE_HSTS_PRELOAD"] is False
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    opted_in = production_settings(SECURE_HSTS_PRELOAD="1", SECURE_HSTS_INCLUDE_SUBDOMAINS="1")
    assert opted_in["SECURE_HSTS_PRELOAD"] is True
    assert opted_in["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_public_page_headers(production):
    with override_settings(**production):
        response = Client().get("/fr/", secure=True)
    assert response.status_code == 200
    csp = policy(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in (
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "interest-cohort=()",
    ):
        assert feature in permissions
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert observatory_score(response) >= 100  # A+


def test_plain_http_is_redirected(production):
    with override_settings(**production):
        response = Client().get("/fr/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_admin_headers_and_cookies(production, make_user):
    make_user("claire", group="Administrators")
    with override_settings(**production):
        client = Client()
        login_page = client.get("/admin/login/", secure=True)
        signed_in = client.post(
            "/admin/login/", {"username": "claire", "password": "correct-horse-battery"}, secure=True
        )
        dashboard = client.get("/admin/", secure=True)
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert dashboard.status_code == 200
    csp = policy(dashboard["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"][0] == "'self'" and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in dashboard["Permissions-Policy"]
    assert dashboard["X-Frame-Options"] == "DENY"


def test_preview_may_be_framed_by_the_admin_only(production, make_user):
    from projects.models import ProjectPage

    page = ProjectPage.objects.live().first()
    user = make_user("eve", group="Editors")
    with override_settings(**production):
        client = Client()
        client.force_login(user)
        client.get(f"/admin/pages/{page.id}/edit/preview/", secure=True)
        response = client.get(
            f"/admin/pages/{page.id}/edit/preview/?mode=fr&in_preview_panel=true", secure=True
        )
    assert response.status_code == 200
    csp = policy(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["default-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
