"""The database down or hung: a visitor gets the styled 503 page within seconds.

Each test serves the portal with gunicorn (production settings from the environment, one worker,
gunicorn's default 30 s worker timeout) and times what a browser would see.
"""

import http.client
import json
import os
import secrets
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import gunicorn
import psycopg2
import pytest
from django.db import connection

from record.models import PartnerCountSnapshot

ROOT = Path(__file__).resolve().parents[2]
# What "within a few seconds" allows on a loaded test machine (the connect timeout is 3 s).
FEW_SECONDS = 8
STYLED_503 = "ただいま混み合っているか、メンテナンス中です"


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    return sock


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once it is closed


@contextmanager
def silent_server():
    """A "database" that accepts connections and never says a word."""
    sock = _listening_socket()
    sock.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        sock.close()


class Served:
    def __init__(self, port: int, log: Path):
        self.port = port
        self.log = log

    def get(self, path: str, timeout: float = 40) -> tuple[int, dict, str, float]:
        """Status, headers, body and seconds taken, as a browser would receive them."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            conn.request("GET", path, headers={"Accept-Language": "ja"})
            response = conn.getresponse()
            body = response.read().decode()
        except (http.client.RemoteDisconnected, TimeoutError) as error:
            elapsed = time.monotonic() - started
            pytest.fail(
                f"GET {path}: no answer after {elapsed:.1f} s ({error!r})\n{self.log.read_text()}"
            )
        finally:
            conn.close()
        return response.status, dict(response.getheaders()), body, time.monotonic() - started


@contextmanager
def portal_served(**environment: str):
    sock = _listening_socket()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_")) and key != "REDIS_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.served_settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        **environment,
    )
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1"]
    command += ["--bind", f"fd://{sock.fileno()}", "--timeout", "30"]
    if gunicorn.version_info >= (27,):
        command.append("--no-control-socket")  # not one shared ~/.gunicorn/gunicorn.ctl
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            pass_fds=[sock.fileno()],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        served = Served(sock.getsockname()[1], Path(log.name))
        sock.close()  # gunicorn holds its own copy
        try:
            # robots.txt needs no database: once it answers, the worker is up.
            status, *_ = served.get("/robots.txt", timeout=60)
            assert status == 200, Path(log.name).read_text()
            yield served
        finally:
            server.terminate()
            server.wait(timeout=30)


def assert_styled_503(status: int, headers: dict, body: str, title: str = STYLED_503):
    assert status == 503, body[:500]
    assert title in body
    assert "/static/css/portal.css" in body  # the site's own page, with its stylesheet
    assert "no-store" in headers["Cache-Control"]  # nobody keeps the outage
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_database_that_never_answers_gives_the_503_page_within_seconds():
    with (
        silent_server() as (port, accepted),
        portal_served(DATABASE_URL=f"postgres://portal@127.0.0.1:{port}/portal") as portal,
    ):
        status, headers, body, seconds = portal.get("/")
        print(f"silent database: {status} after {seconds:.2f} s")
        assert accepted, "the portal never tried the database"
        assert_styled_503(status, headers, body)
        assert seconds < FEW_SECONDS

        status, headers, body, seconds = portal.get("/healthz")
        print(f"silent database, /healthz: {status} after {seconds:.2f} s")
        assert status == 503 and seconds < FEW_SECONDS
        assert json.loads(body)["failed"] == ["database"]


def test_database_port_closed_gives_the_503_page_within_seconds():
    port = _closed_port()
    with portal_served(DATABASE_URL=f"postgres://portal:hunter2@127.0.0.1:{port}/portal") as portal:
        for path, title in [
            ("/", STYLED_503),
            ("/events/", STYLED_503),
            ("/en/municipalities/", "The portal is busy or under maintenance"),
        ]:
            status, headers, body, seconds = portal.get(path)
            print(f"closed port, {path}: {status} after {seconds:.2f} s")
            assert_styled_503(status, headers, body, title)
            assert seconds < FEW_SECONDS

        status, headers, body, seconds = portal.get("/healthz")
        print(f"closed port, /healthz: {status} after {seconds:.2f} s")
        assert status == 503
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == {
            "status": "unavailable",
            "failed": ["database"],
            "checks": {"database": "unavailable", "cache": "ok"},
        }
        assert "hunter2" not in body and str(port) not in body  # no secrets, no addresses


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
@pytest.mark.django_db  # the test database; the served portal and the lock use their own connections
def test_hung_query_is_cancelled_by_the_statement_timeout():
    """A table locked (say by a migration) makes every query wait: the server cancels them."""
    url = _database_url()
    with portal_served(DATABASE_URL=url, DATABASE_STATEMENT_TIMEOUT_MS="1000") as portal:
        locker = psycopg2.connect(url)
        try:
            with locker.cursor() as cursor:
                # The home page's first query reads the latest partner count.
                table = PartnerCountSnapshot._meta.db_table
                cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
                status, headers, body, seconds = portal.get("/")
        finally:
            locker.rollback()
            locker.close()
        print(f"locked table, statement_timeout 1000 ms: {status} after {seconds:.2f} s")
        assert_styled_503(status, headers, body)
        assert 1 <= seconds < FEW_SECONDS

        # The lock is gone: the same worker serves the page again.
        status, _, body, _ = portal.get("/")
        assert status == 200, body[:500]


# The PostgreSQL server the hung-proxy test reaches through its proxy (any database will do).
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


@contextmanager
def hanging_proxy(upstream: tuple[str, int]):
    """A TCP proxy to the database that, once `hang` is set, forwards nothing more: open
    connections (the pooled one included) stay open and silent, new ones are accepted and
    left unanswered."""
    sock = _listening_socket()
    sock.settimeout(0.2)
    hang, stop = threading.Event(), threading.Event()
    sockets: list[socket.socket] = []

    def pump(client: socket.socket, server: socket.socket):
        while not stop.is_set():
            ready, _, _ = select.select([client, server], [], [], 0.1)
            if hang.is_set():
                continue
            for end in ready:
                data = end.recv(65536)
                if not data:
                    return
                (server if end is client else client).sendall(data)

    def serve():
        while not stop.is_set():
            try:
                client = sock.accept()[0]
            except TimeoutError:
                continue
            sockets.append(client)
            if not hang.is_set():
                server = socket.create_connection(upstream)
                sockets.append(server)
                threading.Thread(target=pump, args=(client, server), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], hang
    finally:
        stop.set()
        thread.join()
        for end in sockets:
            end.close()
        sock.close()


def test_a_database_that_hangs_on_a_pooled_connection_still_gets_every_request_answered():
    """CONN_MAX_AGE keeps the connection; the network then stops: the pooled connection's
    health check and every query give up within seconds instead of the worker being killed."""
    upstream = urlsplit(POSTGRES_URL)
    with hanging_proxy((upstream.hostname, upstream.port or 5432)) as (port, hang):
        url = POSTGRES_URL.replace(upstream.netloc.rsplit("@", 1)[-1], f"127.0.0.1:{port}")
        with portal_served(DATABASE_URL=url, DATABASE_CONN_MAX_AGE="60") as portal:
            status, _, body, _ = portal.get("/healthz")
            assert status == 200, body  # the database answers through the proxy
            portal.get("/")  # a query on the worker's pooled connection (any answer)
            hang.set()
            for path in ["/", "/events/"]:
                status, headers, body, seconds = portal.get(path)
                print(f"hung database, pooled connection, {path}: {status} after {seconds:.2f} s")
                assert_styled_503(status, headers, body)
                assert seconds < 10
            status, _, body, seconds = portal.get("/healthz")
            print(f"hung database, /healthz: {status} after {seconds:.2f} s")
            assert status == 503 and json.loads(body)["failed"] == ["database"]
            assert seconds < 5
