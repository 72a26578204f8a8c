"""A database outage answers 503 with Retry-After, not a 500 with a traceback in the logs."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger("portfolio.database")


class DatabaseUnavailableMiddleware:
    """Turn "cannot reach the database" errors into the bilingual 503 page.

    While PostgreSQL restarts, every request fails with OperationalError (or InterfaceError on
    a connection that died under it). That is an outage, not a bug: visitors and load
    balancers are told to come back shortly, and the log gets one line, not a traceback.
    Django's CONN_HEALTH_CHECKS then replaces the dead connection on the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable (%s) for %s %s", exception, request.method, request.path)
        return database_unavailable_response()


def database_unavailable_response():
    """The 503 page; rendered without the request, so no context processor touches the database."""
    html = loader.get_template("503.html").render({"retry_after": settings.DATABASE_RETRY_AFTER})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx as an error (and mails it to ADMINS); the warning above already
    # says what happened, once, without a traceback.
    response._has_been_logged = True
    return response


def server_error(request):
    """handler500: the 503 page when the error is the database being unreachable, else Django's 500.

    Middleware that reads the database outside the view (the session, saved after it)
    fails where no process_exception can see it: Django answers such errors with handler500,
    so the outage is recognised here too.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.warning("Database unavailable (%s) for %s %s", error, request.method, request.path)
        return database_unavailable_response()
    return defaults.server_error(request)
