"""PostgreSQL with deadlines kept by the client: a database that stops answering on the network
(a hung proxy, a frozen host) cannot hold a worker until gunicorn kills it.

libpq has no read timeout, and the server's statement_timeout cannot fire when the server never
sees the query; on a pooled connection (CONN_MAX_AGE) even the health check's `SELECT 1` waited
forever. psycopg2's wait callback makes every wait of every connection a `select` with a
deadline: connecting within DATABASE_CONNECT_TIMEOUT, a query within the statement timeout plus
two seconds (none when the statement timeout is 0, e.g. for a long migration), the pool's health
check within HEALTH_CHECK_SECONDS. Past it the connection is closed and Django raises
OperationalError, which the portal answers with its 503 page; for RETRY_AFTER_SECONDS after a
failed connection attempt the process does not try again.
"""

import contextlib
import select
import threading
import time

import psycopg2
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg2 import extensions

HEALTH_CHECK_SECONDS = 2.0
# After a connection attempt failed, this process does not try again for a moment: a request
# that would try twice (its view, then the error page) or the next ones in a burst get the
# 503 page at once instead of waiting out the connect timeout each time.
RETRY_AFTER_SECONDS = 3.0
_override = threading.local()
_last_connect_failure = [float("-inf")]


def _deadline_seconds(conn) -> float | None:
    override = getattr(_override, "seconds", ...)
    if override is not ...:
        return override
    if conn.status == extensions.STATUS_SETUP:  # still connecting
        return float(settings.DATABASES["default"].get("OPTIONS", {}).get("connect_timeout", 3))
    statement_ms = getattr(settings, "DATABASE_STATEMENT_TIMEOUT_MS", 0)
    return statement_ms / 1000 + 2 if statement_ms else None


def wait_with_deadline(conn) -> None:
    """psycopg2's wait callback: poll until done, or close the connection at the deadline."""
    seconds = _deadline_seconds(conn)
    deadline = None if seconds is None else time.monotonic() + seconds
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise psycopg2.OperationalError(f"the database gave no answer within {seconds:g} s")
        if state == extensions.POLL_READ:
            select.select([conn.fileno()], [], [], remaining)
        elif state == extensions.POLL_WRITE:
            select.select([], [conn.fileno()], [], remaining)
        else:
            raise psycopg2.OperationalError(f"unexpected poll state {state}")


@contextlib.contextmanager
def deadline(seconds: float | None):
    """Every wait in the block gets this deadline (None: no deadline)."""
    previous = getattr(_override, "seconds", ...)
    _override.seconds = seconds
    try:
        yield
    finally:
        _override.seconds = previous


extensions.set_wait_callback(wait_with_deadline)


class DatabaseWrapper(base.DatabaseWrapper):
    # /healthz sets this to False on its own connection: the probe always really tries.
    pause_after_failure = True

    def get_new_connection(self, conn_params):
        if (
            self.pause_after_failure
            and time.monotonic() - _last_connect_failure[0] < RETRY_AFTER_SECONDS
        ):
            raise psycopg2.OperationalError("the database failed a moment ago; not retried yet")
        try:
            return super().get_new_connection(conn_params)
        except psycopg2.OperationalError:
            _last_connect_failure[0] = time.monotonic()
            raise

    def is_usable(self):
        # CONN_MAX_AGE's health check: a pooled connection that hangs is dropped within seconds.
        with deadline(HEALTH_CHECK_SECONDS):
            return super().is_usable()

    @contextlib.contextmanager
    def _nodb_cursor(self):
        # Creating and dropping databases (tests, tooling) may take long: no deadline.
        with deadline(None), super()._nodb_cursor() as cursor:
            yield cursor
