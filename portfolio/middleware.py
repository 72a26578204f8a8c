"""A database outage answers 503 with Retry-After, not a 500 with a traceback in the logs.

While PostgreSQL restarts, every request fails with OperationalError (or InterfaceError on a
connection that died under it): an outage, not a bug. Visitors and load balancers are told to
come back shortly, the log gets one line, and CONN_HEALTH_CHECKS replaces the dead connection on
the next request.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger("portfolio.database")


def database_unavailable_response(request, error):
    """The bilingual 503 page when `error` means the database is unreachable, else None.

    Rendered without the request, so no context processor touches the database.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return None
    logger.warning("Database unavailable (%s) for %s %s", error, request.method, request.path)
    html = loader.get_template("503.html").render({"retry_after": settings.DATABASE_RETRY_AFTER})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx as an error (and mails it to ADMINS): the warning above is enough.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return database_unavailable_response(request, exception)


def server_error(request):
    """handler500: the 503 page for a database outage met outside a view (the session, saved after
    it, where no process_exception sees it), else Django's 500."""
    return database_unavailable_response(request, sys.exc_info()[1]) or defaults.server_error(request)
