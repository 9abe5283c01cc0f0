"""`/healthz` for a load balancer: is this instance's database and cache usable?

Answered by the first middleware, before host validation, the HTTPS redirect, sessions and the
language prefix, so a load balancer can probe each instance by its address over plain HTTP. The
body names only what failed, never why (error messages carry host names and user names): the
reason goes to the log.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: the database is unavailable", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return False
    return True


def cache_ok() -> bool:
    # A round trip, not just "no exception": a cache that swallows its errors answers None.
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.warning("health check: the cache is unavailable", exc_info=True)
        return False
    if found != value:
        logger.warning("health check: the cache did not keep a value")
        return False
    return True


def health_response() -> JsonResponse:
    checks = {
        "database": "ok" if database_ok() else "unavailable",
        "cache": "ok" if cache_ok() else "unavailable",
    }
    healthy = all(state == "ok" for state in checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "failed": [name for name, state in checks.items() if state != "ok"],
            "checks": checks,
        },
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers `/healthz` and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health_response()
        return self.get_response(request)
