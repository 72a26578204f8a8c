"""Production: everything from the environment, HTTPS only.

Refuses to start without DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS (no silent SQLite file in
the code's folder, no guessable key, no host list left to its development default), naming
every missing variable at once.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before base.py reads them (an empty DATABASE_URL would fail there less clearly).
REQUIRED_ENVIRONMENT = {
    "DATABASE_URL": "the database, e.g. postgres://portfolio:PASSWORD@127.0.0.1:5432/portfolio",
    "SECRET_KEY": "a long random string (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')",
    "ALLOWED_HOSTS": "the site's host names, comma-separated, e.g. portfolio.example.org",
}
_missing = [name for name in REQUIRED_ENVIRONMENT if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "The production settings need these environment variables (see docs/deploy.md): "
        + "; ".join(f"{name} ({REQUIRED_ENVIRONMENT[name]})" for name in _missing)
    )

from .base import *  # noqa: E402, F403
from .base import env_bool  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
# Both are hard to undo for a whole domain (browsers remember them for a year, preload lists
# for longer): the operator opts in once every subdomain serves HTTPS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The deploy check warns while they are off; that is the documented default, not an oversight.
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
# Django's defaults already give nosniff, HttpOnly and SameSite=Lax cookies, X-Frame-Options DENY
# and Cross-Origin-Opener-Policy same-origin.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Uploads keep the storage chosen in base.py (local disk, or S3 with MEDIA_STORAGE).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
