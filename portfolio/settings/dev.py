"""Local development: debug on, a throwaway secret key, SQLite unless DATABASE_URL says otherwise."""

import logging
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


class RunserverStaticOnly(logging.Filter):
    """runserver's own request line only for what the middleware never sees (files under
    /static/, served by runserver itself): every other request already has its timed line from
    security.logs (portfolio.requests). One line per request."""

    def filter(self, record):
        request_line = str(record.args[0]) if isinstance(record.args, tuple) and record.args else ""
        parts = request_line.split()
        return len(parts) > 1 and parts[1].startswith(STATIC_URL)  # noqa: F405


# Django's own console handler and this project's both printed every django.* line (the file
# watcher's twice): the django logger keeps only this project's handler.
LOGGING["filters"]["runserver_static_only"] = {"()": RunserverStaticOnly}  # noqa: F405
LOGGING["loggers"]["django"] = {"handlers": ["console"], "level": "INFO", "propagate": False}  # noqa: F405
LOGGING["loggers"]["django.server"] = {  # noqa: F405
    "handlers": ["console"],
    "filters": ["runserver_static_only"],
    "level": "INFO",
    "propagate": False,
}

# A wrong URL shows the site's own 404 page, as in production, not Django's technical one
# (portfolio/errors.py); TECHNICAL_404=1 brings the technical page back for debugging routes.
if not env_bool("TECHNICAL_404", False):
    MIDDLEWARE = [*MIDDLEWARE, "portfolio.errors.SiteNotFoundMiddleware"]
