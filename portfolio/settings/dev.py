"""Local development: debug on, a throwaway secret key, SQLite unless DATABASE_URL says otherwise."""

import os

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is acceptable only because this module is never used in production.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# load_demo creates a local superuser with these credentials and prints them.
DEMO_ADMIN_ENABLED = True
DEMO_ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "portfolio-demo")

# A wrong URL shows the site's own 404 page, as in production, not Django's technical one
# (portfolio/errors.py); TECHNICAL_404=1 brings the technical page back for debugging routes.
if not env_bool("TECHNICAL_404", False):
    MIDDLEWARE = [*MIDDLEWARE, "portfolio.errors.SiteNotFoundMiddleware"]
