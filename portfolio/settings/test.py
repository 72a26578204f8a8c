"""Test settings: fast hashing, local-memory cache (Redis if REDIS_URL is set), media in a temp folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Most tests change rows directly and read pages again: the page cache is on only in the tests
# about it (and in the servers they start), and browsers may not reuse a page without asking.
PAGECACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 0))
PAGECACHE_MAX_AGE = 0
# The same for the rows and counts pages are built from (on in the tests about them).
ROWCACHE_SECONDS = int(os.environ.get("ROW_CACHE_SECONDS", 0))
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
