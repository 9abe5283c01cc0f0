"""`/healthz` for a load balancer: is this instance's database and cache usable?

Answered by the first middleware, before host validation, the HTTPS redirect, sessions and the
language prefix, so a load balancer can probe each instance by its address over plain HTTP. The
body names only what failed, never why (error messages carry host names and user names): the
reason goes to the log.
"""

import contextlib
import logging
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
REDIS_PROBE_SECONDS = 0.5


def database_ok() -> bool:
    """A connection of its own, closed at once: a hung pooled connection cannot hold the probe,
    and the probe sees what a new request would (the PostgreSQL backend's deadlines apply)."""
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    probe.pause_after_failure = False  # portal.postgresql: no shortcut after a recent failure
    try:
        probe.ensure_connection()
        if not probe.is_usable():
            raise DatabaseError("the database did not answer SELECT 1")
    except DatabaseError:
        logger.warning("health check: the database is unavailable", exc_info=True)
        return False
    finally:
        with contextlib.suppress(DatabaseError):
            probe.close()
    return True


def cache_ok() -> bool:
    config = settings.CACHES["default"]
    if "redis" in config["BACKEND"].lower():
        # Redis itself: the portal's cache answers from each process's memory while Redis is
        # down (portal/cache.py), so a round trip through it would say "ok" during an outage.
        return _redis_ok(config)
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


def _redis_ok(config: dict) -> bool:
    location = config["LOCATION"]
    location = location[0] if isinstance(location, list | tuple) else location.split(",")[0]
    options = config.get("OPTIONS", {})
    timeout = float(options.get("socket_timeout") or REDIS_PROBE_SECONDS)
    client = redis.Redis.from_url(
        location,
        socket_timeout=timeout,
        socket_connect_timeout=float(options.get("socket_connect_timeout") or timeout),
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        logger.warning("health check: Redis is unavailable", exc_info=True)
        return False
    finally:
        client.close()


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
