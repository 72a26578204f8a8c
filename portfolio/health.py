"""The health check load balancers call: is the database reachable, is the cache answering."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

HEALTH_CACHE_KEY = "healthz"


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def _cache_ok():
    # Cache backends set to ignore their errors fail silently: a value written and not read
    # back is how an unreachable cache shows.
    token = uuid.uuid4().hex
    try:
        cache.set(HEALTH_CACHE_KEY, token, timeout=10)
        return cache.get(HEALTH_CACHE_KEY) == token
    except Exception:  # noqa: BLE001
        return False


@never_cache
def healthz(request):
    """200 {"status": "ok"} when the database answers; 503 when it does not.

    An unreachable cache is reported ("degraded") but keeps the answer at 200: the site still
    serves from the database, and taking every app server out of the balancer because a
    shared cache is down would turn a slowdown into an outage. No session or cookie is touched.
    """
    database = _database_ok()
    cache_reachable = _cache_ok()
    if not database:
        status, code = "unavailable", 503
    elif not cache_reachable:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache_reachable else "unavailable",
        },
        status=code,
    )
