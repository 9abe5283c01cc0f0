"""The embedded default holds under its own worker: `make run` serves on SQLite with the outbox
worker beside it, and concurrent writers through the development server get no error.

The test starts what `make run` starts (runserver and `send_notifications --loop`) on a SQLite
file in a temporary folder, gives the worker a long queue to work through (it writes a row per
mail sent), and fires 20 concurrent writers, two sign-ups each, each writing a user, an address, an application
and its mail. Without WAL, a busy timeout and IMMEDIATE transactions (portal/settings.py) some
answer 500 "database is locked". It serves `make run`'s settings with a fast password hasher
(tests/served_sqlite_settings.py), so the writes arrive together rather than one per hash.
"""

import concurrent.futures
import contextlib
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.factories import signup_data
from tests.sqlite_template.base import template_path

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 20
SIGNUPS_EACH = 2
QUEUED_MAILS = 3000

SETUP = f"""
from members.models import MunicipalityKind
from members.outbox import enqueue_many
from tests.factories import make_municipality, make_prefecture
make_municipality("坂井市", prefecture=make_prefecture("18", "福井県"),
                  kind=MunicipalityKind.CITY, code="182109")
enqueue_many(addresses=[f"queued{{i}}@example.jp" for i in range({QUEUED_MAILS})],
             subject="queued", body="queued")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"runserver exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - local test server
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError("runserver did not answer")


def _sign_up(base: str, number: int) -> tuple[int, str]:
    """One visitor's sign-up: the form, then its POST (followed to the page it redirects to)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("X-Forwarded-For", f"10.0.{number // 200}.{number % 200 + 1}")]
    page = opener.open(f"{base}/accounts/signup/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = signup_data(email=f"writer{number}@city.example.lg.jp")
    data["csrfmiddlewaretoken"] = token
    request = urllib.request.Request(  # noqa: S310 - local test server
        f"{base}/accounts/signup/",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": f"{base}/accounts/signup/"},
    )
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")[:2000]


@pytest.fixture
def served_on_sqlite(tmp_path, django_db_setup):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.served_sqlite_settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "tests-only-not-a-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT),
        # Each writer is its own visitor (X-Forwarded-For), as the rate limits count per address.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    # The suite's migrated database (tests/sqlite_template/base.py), when it has one: migrate
    # then finds every migration applied instead of spending ~15 s of CPU applying them again.
    if template_path().exists():
        with (
            contextlib.closing(sqlite3.connect(template_path())) as source,
            contextlib.closing(sqlite3.connect(tmp_path / "db.sqlite3")) as target,
        ):
            source.backup(target)
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "shell", "-c", SETUP], env=env, check=True, cwd=ROOT)
    log = open(tmp_path / "processes.log", "wb")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [*manage, "send_notifications", "--loop", "--interval", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        _wait_until_serving(f"http://127.0.0.1:{port}/accounts/signup/", server)
        yield f"http://127.0.0.1:{port}", tmp_path / "processes.log", worker
    finally:
        for process in (server, worker):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def test_twenty_concurrent_writers_beside_the_worker_get_no_error(served_on_sqlite):
    base, log, worker = served_on_sqlite
    with concurrent.futures.ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(
            pool.map(lambda number: _sign_up(base, number), range(WRITERS * SIGNUPS_EACH))
        )
    errors = [(status, body[:300]) for status, body in results if status >= 400]
    text = log.read_text(errors="replace")
    failures = sorted({line for line in text.splitlines() if "Error" in line})
    assert errors == [], failures[:5]
    assert worker.poll() is None, "the worker died"
    assert "database is locked" not in text
    assert "Traceback" not in text
