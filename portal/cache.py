"""The cache is an accelerator, never a single point of failure, and a fast one.

`ResilientRedisCache` is Django's Redis cache, except that when Redis cannot be reached (refused,
timed out, unreadable) each operation falls back to a cache in this process instead of raising.
Pages, login, sign-up and password reset keep working; allauth's rate limits and its record of
used TOTP codes go on counting, per process, until Redis answers again. After a failure the
process leaves Redis alone for `RETRY_AFTER` seconds, so an outage costs one short socket
timeout now and then, not one per cache call.

Django's RedisCacheClient also builds a new `redis.Redis` for every get or set (it keeps only the
connection pools), which costs more than a cached page's whole round trip; the client here keeps
one per pool (a client is thread-safe: it takes a connection from the pool for each command).
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Operations of the cache API (the rest of BaseCache is built on these).
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class _PersistentClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class PersistentRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _PersistentClient


class ResilientRedisCache(PersistentRedisCache):
    RETRY_AFTER = 5.0  # seconds without trying Redis after a failure

    def __init__(self, server, params):
        super().__init__(server, params)
        local = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback = LocMemCache(f"resilient-fallback:{server}", local)
        self._retry_at = 0.0

    @property
    def redis_available(self) -> bool:
        """False while this process is leaving an unreachable Redis alone."""
        return time.monotonic() >= self._retry_at

    def _call(self, name: str, *args, **kwargs):
        if self.redis_available:
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except RedisError as error:
                self._retry_at = time.monotonic() + self.RETRY_AFTER
                logger.warning(
                    "Redis cache unavailable (%s: %s); using this process's memory for %.0f s",
                    type(error).__name__,
                    error,
                    self.RETRY_AFTER,
                )
        return getattr(self._fallback, name)(*args, **kwargs)


def _operation(name: str):
    def operation(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = getattr(RedisCache, name).__doc__
    return operation


for _name in OPERATIONS:
    setattr(ResilientRedisCache, _name, _operation(_name))
