"""Test settings: fast hashing, local-memory cache (never Redis), media in a temp folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process has its own cache, whatever REDIS_URL says: no test needs a Redis server.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="portfolio-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DEMO_ADMIN_ENABLED = True
DEMO_ADMIN_PASSWORD = "portfolio-demo"
# The browser tests' server runs these settings: it serves static files through the
# finders (no collectstatic) and uploaded media itself.
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
