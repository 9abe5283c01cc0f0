"""Django's Redis cache with one Redis client per process instead of one per cache call.

Django's RedisCacheClient builds a new `redis.Redis` for every get or set (it keeps only the
connection pools), and building one costs more than the whole cached page's round trip
(redis-py sets up its response callbacks each time). A client is thread-safe: it takes a
connection from the pool for each command.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
