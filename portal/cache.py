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
import os
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.connection import DefaultParser
from redis.exceptions import RedisError, ResponseError
from redis.maint_notifications import MaintNotificationsConfig

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

    def count(self, key: str, timeout: int, amount: int = 1) -> int:
        """Add `amount` to a counter and return it; a new counter lives `timeout` seconds. One round
        trip (`SET NX EX` and `INCR` in a pipeline), where `add` then `incr` take three (Django's
        incr asks whether the key exists first): a rate limit counts every request with it."""
        if self.redis_available:
            try:
                full_key = self.make_and_validate_key(key)
                client = self._cache.get_client(full_key, write=True)
                pipeline = client.pipeline(transaction=False)
                pipeline.set(full_key, 0, ex=timeout, nx=True)
                pipeline.incrby(full_key, amount)
                return pipeline.execute()[1]
            except RedisError as error:
                self._retry_at = time.monotonic() + self.RETRY_AFTER
                logger.warning(
                    "Redis cache unavailable (%s: %s); using this process's memory for %.0f s",
                    type(error).__name__,
                    error,
                    self.RETRY_AFTER,
                )
        return count_in(self._fallback, key, timeout, amount)


def count_in(cache, key: str, timeout: int, amount: int = 1) -> int:
    """Add `amount` to a counter in any Django cache (a new one lives `timeout` seconds)."""
    if hasattr(cache, "count"):
        return cache.count(key, timeout, amount)
    try:
        return cache.incr(key, amount)
    except ValueError:  # a new counter
        return amount if cache.add(key, amount, timeout) else cache.incr(key, amount)


def _operation(name: str):
    def operation(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = getattr(RedisCache, name).__doc__
    return operation


for _name in OPERATIONS:
    setattr(ResilientRedisCache, _name, _operation(_name))


class TrackedRedisCache(ResilientRedisCache):
    """A few keys that every request reads and that change rarely (the public pages' version
    stamp), kept in this process and dropped the moment any client changes them in Redis.

    Redis's server-assisted client-side caching, in the broadcasting mode Redis 6 and later
    have (redis-py's own client-side cache needs Redis 7.4): one connection per process
    subscribes to `__redis__:invalidate`, another turns on `CLIENT TRACKING … REDIRECT … BCAST`
    for the keys' prefixes, and Redis publishes the name of every tracked key that any client
    writes. A read of tracked keys first drains those messages (a non-blocking look at a socket)
    and answers from memory when nothing changed, so a hit asks Redis nothing. Redis sends the
    message in the same turn of its event loop as its reply to the writer (BCAST messages are
    queued at the end of the turn, with the replies), so a request that follows the write, in
    any process, finds it waiting. Whenever the watch is not running (not yet set up, a connection
    lost, Redis down) the keys are read from Redis as usual.

    OPTIONS take `TRACKED_KEYS`: the keys (without the cache's prefix) to keep.

    Each time the watch starts it also asks the server who it is (`INFO server`): a Redis that
    restarted may have loaded an older snapshot, and one that is not the server this process
    talked to before (a failover) may lag behind it. `holds_writes_since` is the moment (this
    process's clock) since which what the server holds was written to it: its start, or when
    this process found a new server behind the address. core/public_cache.py bumps a stamp
    older than that: it came back from disk, with pages older than the writes since.
    """

    INVALIDATE_CHANNEL = "__redis__:invalidate"

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.tracked = frozenset(options.pop("TRACKED_KEYS", ()))
        super().__init__(server, {**params, "OPTIONS": options})
        self._local: dict[str, object] = {}
        self._watch = None  # (pid, listening connection, tracking connection)
        self._watch_retry_at = 0.0
        self.server_run_id: str | None = None
        self.holds_writes_since: float | None = None

    def _connection(self):
        """A connection of its own that speaks RESP2 (a subscriber in RESP2 receives the
        invalidations as plain pub/sub messages), to the cache's server. redis-py's public
        `DefaultParser` (hiredis when installed, else its own) reads RESP2."""
        pool = self._cache.get_client(write=False).connection_pool
        kwargs = {
            key: value
            for key, value in pool.connection_kwargs.items()
            if key not in _POOL_ONLY_KWARGS and not key.startswith("orig_")
        }
        return pool.connection_class(
            **kwargs,
            protocol=2,
            parser_class=DefaultParser,
            maint_notifications_config=MaintNotificationsConfig(enabled=False),
        )

    def _start_watch(self):
        listener, tracker = self._connection(), self._connection()
        listener.connect()
        listener.send_command("CLIENT", "ID")
        listener_id = listener.read_response()
        listener.send_command("SUBSCRIBE", self.INVALIDATE_CHANNEL)
        listener.read_response()
        prefixes = [arg for key in sorted(self.tracked) for arg in ("PREFIX", self.make_key(key))]
        tracker.connect()
        try:
            self._note_server(*self._server_identity(tracker))
        except ResponseError:  # INFO renamed away (some hosted Redis): the stamps seen must do
            logger.warning("Redis refuses INFO: only the stamps each process saw reveal a restore")
        tracker.send_command(
            "CLIENT", "TRACKING", "ON", "REDIRECT", listener_id, "BCAST", *prefixes
        )
        tracker.read_response()
        self._local.clear()
        return (os.getpid(), listener, tracker)

    @staticmethod
    def _server_identity(connection) -> tuple[str, float]:
        """The server's `run_id` (new at every start) and its uptime in seconds."""
        connection.send_command("INFO", "server")
        info = connection.read_response()
        if isinstance(info, bytes):
            info = info.decode()
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        return fields["run_id"].strip(), float(fields["uptime_in_seconds"])

    def _note_server(self, run_id: str, uptime: float) -> None:
        now = time.time()
        if self.server_run_id is None:
            self.holds_writes_since = now - uptime
        elif run_id != self.server_run_id:
            # Restarted (its content loaded from disk) or another server: nothing older than
            # this moment is known to be what this process's fellows wrote since.
            logger.warning(
                "Redis at the cache's address is a new server (run_id %s, was %s); values "
                "written before now are treated as possibly restored from an older state",
                run_id,
                self.server_run_id,
            )
            self.holds_writes_since = now
        self.server_run_id = run_id

    def _stop_watch(self):
        if self._watch is not None:
            for connection in self._watch[1:]:
                connection.disconnect()
        self._watch = None
        self._local.clear()

    def _watching(self) -> bool:
        """Start the watch (again after a fork) and apply every invalidation that arrived."""
        if not self.redis_available:
            self._stop_watch()
            return False
        try:
            if self._watch is None or self._watch[0] != os.getpid():
                self._watch = None
                if time.monotonic() < self._watch_retry_at:
                    return False
                self._watch = self._start_watch()
            _pid, listener, tracker = self._watch
            if listener._sock is None or tracker._sock is None:
                raise ConnectionError("a tracking connection was closed")
            if tracker.can_read(timeout=0):  # it is sent nothing: only its end can arrive
                raise ConnectionError("the tracking connection ended")
            while listener.can_read(timeout=0):
                message = listener.read_response()
                if message and message[0] in (b"message", "message"):
                    keys = message[2]
                    if keys is None:  # FLUSHDB/FLUSHALL: everything changed
                        self._local.clear()
                    else:
                        for key in keys:
                            self._local.pop(key.decode() if isinstance(key, bytes) else key, None)
            return True
        except (RedisError, OSError):
            logger.warning(
                "Redis key tracking lost; reading the tracked keys from Redis for %.0f s",
                self.RETRY_AFTER,
            )
            self._stop_watch()
            self._watch_retry_at = time.monotonic() + self.RETRY_AFTER
            return False

    def get_many(self, keys, version=None):
        keys = list(keys)
        if version is not None or not keys or not self.tracked.issuperset(keys):
            return super().get_many(keys, version=version)
        if not self._watching():
            return super().get_many(keys)
        missing = [key for key in keys if self.make_key(key) not in self._local]
        if missing:
            found = super().get_many(missing)
            for key in missing:
                self._local[self.make_key(key)] = found.get(key, _ABSENT)
        values = {key: self._local[self.make_key(key)] for key in keys}
        return {key: value for key, value in values.items() if value is not _ABSENT}

    def _forget(self, *keys):
        for key in keys:
            self._local.pop(self.make_key(key), None)

    def set(self, key, *args, **kwargs):
        self._forget(key)
        return super().set(key, *args, **kwargs)

    def add(self, key, *args, **kwargs):
        self._forget(key)
        return super().add(key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        self._forget(key)
        return super().delete(key, *args, **kwargs)

    def clear(self):
        self._local.clear()
        return super().clear()


_ABSENT = object()
# What redis-py's pool adds to its connections' arguments for its own features.
_POOL_ONLY_KWARGS = {
    "himport_registry",
    "maint_notifications_pool_handler",
    "maint_notifications_config",
    "protocol",
    "parser_class",
}
