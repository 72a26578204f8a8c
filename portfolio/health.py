"""The health check load balancers call: database reachable, cache answering (docs/deploy.md)."""

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
    """200 when the database answers, 503 when it does not; a cache outage only says "degraded"."""
    database = _database_ok()
    cache_reachable = _cache_ok()
    return JsonResponse(
        {
            "status": ("ok" if cache_reachable else "degraded") if database else "unavailable",
            "database": "ok" if database else "unavailable",
            "cache": "ok" if cache_reachable else "unavailable",
        },
        status=200 if database else 503,
    )
