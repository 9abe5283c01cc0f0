"""Fixtures for the whole suite: the shipped data on request, one query-count check, a clean cache.

The shipped data (design)
-------------------------
Most tests build their own small world with tests/factories.py and need an *empty* register: they
filter a directory and expect exactly the towns they made, count agreement members, list events.
Loading the 1,741 municipalities and the documents' public record into the session database would
make every one of those tests depend on (and be rewritten around) the shipped data. So the session
database stays empty, and the shipped data is a template, read once per session:

- The first test that asks for `full_register` or `shipped_data` (or `load_shipped`) makes the
  session's ShippedRows run the real `loaddata` of the fixtures of `manage.py seed` it needs (in
  seed's order, the register first) inside a transaction: the one real load of the session. It
  keeps the rows each fixture file added (model instances with their primary keys, many-to-many
  rows included; every object of the file must be a new row) and rolls the transaction back, so
  the session database is empty again. A later test that needs the documents too captures only
  those, on top of a copy of the register.
- `full_register` / `shipped_data` then insert those rows with a few `bulk_create` statements into
  the test's own database state: inside the test's transaction for ordinary tests (rolled back at
  the end), committed for `transactional_db` / `live_server` tests (the browser journeys), whose
  flush afterwards has nothing of the session's to destroy, so no `serialized_rollback` is needed.
  Foreign keys are deferred to the end of the transaction, so the order of the rows is free; on
  PostgreSQL the sequences are moved past the copied ids.

A copy costs a few dozen queries instead of the several thousand of `loaddata` (natural keys are
looked up one object at a time). The tests of the loading itself (tests/record/test_fixtures.py,
tests/members/test_register.py) still run the real `loaddata`, and one of them checks that the
copy holds exactly what `loaddata` writes.
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def compile_translations(config) -> None:
    """A bare `pytest` finds the translations compiled, as `make test` leaves them: the .mo files
    are built when one is missing or older than its .po (once, before any xdist worker starts)."""
    if hasattr(config, "workerinput"):
        return
    stale = [
        po
        for po in ROOT.glob("locale/*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        subprocess.run(
            [sys.executable, "manage.py", "compilemessages", "--ignore=.venv", "-v0"],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
            check=True,
        )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """With xdist workers (`-n 2`), a worker that runs out of tests takes some from the other
    (`--dist worksteal`) instead of waiting while the other finishes the browser journeys. Set
    here, not in addopts, so that `pytest -p no:xdist` still parses its options."""
    option = config.option
    if getattr(option, "numprocesses", None) and getattr(option, "dist", "no") == "no":
        option.dist = "worksteal"


def pytest_configure(config):
    compile_translations(config)
    """Creating and dropping the test databases on PostgreSQL runs on a connection to the
    `postgres` database with the portal's options, 5 s statement_timeout included; on a loaded
    machine DROP DATABASE can wait longer than that for its checkpoint, and a cancelled drop
    fails the run after every test passed. Those statements (and only those: the tests' own
    connections keep the timeout) run without it."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    portal_nodb_cursor = DatabaseWrapper._nodb_cursor

    @contextlib.contextmanager
    def nodb_cursor_without_timeout(self):
        with portal_nodb_cursor(self) as cursor:
            cursor.execute("SET statement_timeout = 0")
            yield cursor

    DatabaseWrapper._nodb_cursor = nodb_cursor_without_timeout


# The register is the first fixture; the documents' fixtures refer to it.
REGISTER = "municipalities"


class ShippedRows:
    """The rows each shipped fixture file adds to an empty database, captured once."""

    def __init__(self):
        from portal.management.commands.seed import FIXTURES

        self.names = list(FIXTURES)
        assert self.names[0] == REGISTER
        self.rows = {}  # fixture name -> [(model, [instances])]

    @staticmethod
    def models():
        from django.apps import apps

        return [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]

    @staticmethod
    def objects_in(name) -> int:
        import json

        from django.conf import settings

        (folder,) = settings.FIXTURE_DIRS
        return len(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")))

    def capture(self, *names):
        """Run the real `loaddata` of the fixtures not captured yet (and of those before them)."""
        from django.db import transaction

        last = max(self.names.index(name) for name in names)
        todo = [name for name in self.names[: last + 1] if name not in self.rows]
        if not todo:
            return
        models = self.models()
        with transaction.atomic():
            self._insert([name for name in self.names if name in self.rows])
            seen = {
                model: set(model._base_manager.values_list("pk", flat=True)) for model in models
            }
            for name in todo:
                call_command("loaddata", name, verbosity=0)
                added = []
                for model in models:
                    new = [
                        row
                        for row in model._base_manager.order_by("pk")
                        if row.pk not in seen[model]
                    ]
                    if new:
                        assert not model._meta.parents, f"{model._meta.label}: no bulk_create"
                        seen[model].update(row.pk for row in new)
                        added.append((model, new))
                # Every object of the file is a new row: nothing the test made before was merged.
                assert sum(
                    len(rows) for model, rows in added if not model._meta.auto_created
                ) == self.objects_in(name), name
                self.rows[name] = added
            transaction.set_rollback(True)

    def load(self, *names):
        """Insert the rows of the given fixtures and of every fixture before them in seed's order
        (the register first): what `manage.py seed` would have written up to there."""
        from django.db import transaction

        last = max(self.names.index(name) for name in names)
        wanted = self.names[: last + 1]
        with transaction.atomic():
            self._insert(wanted)

    def _insert(self, names):
        from django.core.management.color import no_style
        from django.db import connection

        models = []
        for name in names:
            for model, rows in self.rows[name]:
                model._base_manager.bulk_create(rows)
                models.append(model)
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


class _Template:
    """The session's ShippedRows, captured on first use, fixture by fixture. Under pytest-xdist
    the first worker to need a fixture captures it and leaves the rows in a shared file; the
    other workers read that file (their databases are built by the same migrations)."""

    def __init__(self, blocker, shared_dir):
        self.blocker = blocker
        self.shipped = ShippedRows()
        self.shared_dir = shared_dir

    def load(self, *names):
        self.capture(*names)
        self.shipped.load(*names)

    def capture(self, *names):
        last = max(self.shipped.names.index(name) for name in names)
        if all(name in self.shipped.rows for name in self.shipped.names[: last + 1]):
            return
        if self.shared_dir is None:
            with self.blocker.unblock():
                self.shipped.capture(*names)
            return
        import fcntl
        import pickle

        with open(self.shared_dir / "shipped.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            store = self.shared_dir / "shipped.pickle"
            if store.exists():
                from django.apps import apps

                stored = pickle.loads(store.read_bytes())  # noqa: S301 (this run's own file)
                self.shipped.rows.update(
                    {
                        name: [(apps.get_model(label), rows) for label, rows in added]
                        for name, added in stored.items()
                    }
                )
            with self.blocker.unblock():
                self.shipped.capture(*names)
            # Model classes by label: the auto-created many-to-many ones pickle no other way.
            stored = {
                name: [(model._meta.label, rows) for model, rows in added]
                for name, added in self.shipped.rows.items()
            }
            store.write_bytes(pickle.dumps(stored))


@pytest.fixture(scope="session")
def _shipped_rows(django_db_setup, django_db_blocker, tmp_path_factory, request):
    # Not the `worker_id` fixture: it is xdist's, missing under `pytest -p no:xdist`.
    under_xdist = hasattr(request.config, "workerinput")
    shared = tmp_path_factory.getbasetemp().parent if under_xdist else None
    return _Template(django_db_blocker, shared)


@pytest.fixture
def full_register(db, _shipped_rows):
    """The shipped register: 47 prefectures and 1,741 municipalities (read once a session)."""
    _shipped_rows.load(REGISTER)


@pytest.fixture
def shipped_data(db, _shipped_rows):
    """Everything `manage.py seed` loads: the register and the documents' public record."""
    _shipped_rows.load(*_shipped_rows.shipped.names)


@pytest.fixture
def load_shipped(db, _shipped_rows):
    """For a test that adds the shipped data part way through: `load_shipped("municipalities")`."""
    return _shipped_rows.load


@pytest.fixture(autouse=True)
def _shared_world_only_where_asked(request):
    """A test that does not ask for its module's shared world does not see it."""
    if "shared_world" not in request.fixturenames:
        from tests.shared_world import roll_back_open_worlds

        roll_back_open_worlds()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Data built once for the consecutive tests of a module that read it (tests/shared_world.py):
    a module's fixture calls `shared_world.use(request, build, ...)` instead of building per test."""
    from tests.shared_world import OPEN, SharedWorld

    world = SharedWorld(django_db_blocker)
    yield world
    world.close()
    OPEN.remove(world)


class QueryBudget:
    """Checks that a page's SQL queries do not grow with its data.

    `assert_queries_constant(url, grow, small=2, large=40, max_queries=N)` calls `grow(i)` for
    i in range(small) (or `grow(0, small)` if grow takes two arguments: a batch), requests the page
    (each of `params`: GET parameters), grows the data to `large` the same way, requests it again, and asserts that every response has the expected `status`,
    that both data sizes took the same number of queries, and that the number is at most
    `max_queries`. `url` is a path or a callable returning a response (called with the params).
    Returns the responses for the large data set, in the order of `params`.
    """

    def __init__(self, client):
        self.client = client

    def count(self, request, params=None, *, warm_up=False):
        """(response, number of queries) of one request; with warm_up, of the second of two, as
        most requests to a member's page find what the process keeps while the public stamp
        holds (filter choices, the disaster banner: memoize_per_stamp) already read by an
        earlier one. (Not for public pages: their second request is the page cache's.)"""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def get():
            if callable(request):
                return request(params) if params is not None else request()
            return self.client.get(request, params or {})

        if warm_up:
            get()
        with CaptureQueriesContext(connection) as context:
            response = get()
        return response, len(context.captured_queries)

    @staticmethod
    def grow(grow, start, stop):
        """grow(i) for each new row i, or grow(start, stop) once for a batch."""
        import inspect

        if len(inspect.signature(grow).parameters) == 2:
            grow(start, stop)
        else:
            for index in range(start, stop):
                grow(index)

    def __call__(
        self,
        request,
        grow,
        *,
        small=2,
        large=40,
        max_queries,
        status=200,
        params=None,
        warm_up=False,
    ):
        assert 0 < small < large
        variants = params if params is not None else [None]
        self.grow(grow, 0, small)
        before = [self.count(request, variant, warm_up=warm_up) for variant in variants]
        self.grow(grow, small, large)
        after = [self.count(request, variant, warm_up=warm_up) for variant in variants]
        for variant, (small_response, small_count), (large_response, large_count) in zip(
            variants, before, after, strict=True
        ):
            label = f"{request if isinstance(request, str) else 'request'} {variant or ''}"
            for response in (small_response, large_response):
                assert response.status_code == status, (label, response.status_code)
            assert small_count == large_count, (
                f"{label}: {small_count} queries with {small} rows, {large_count} with {large}"
            )
            assert large_count <= max_queries, f"{label}: {large_count} > {max_queries} queries"
        return [response for response, _ in after]


@pytest.fixture
def assert_queries_constant(client):
    """See QueryBudget: the one query-count check of every list page."""
    return QueryBudget(client)


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps rate-limit counts and used TOTP codes in the cache: no test inherits them.
    Nor when a release first served (core/release.py), nor the newest public-page stamp
    (core/public_cache.py), which each process also remembers."""
    from django.core.cache import cache

    from core import public_cache, release

    cache.clear()
    release._seen.clear()
    public_cache.forget_seen_stamps()
    yield
    cache.clear()
    release._seen.clear()
    public_cache.forget_seen_stamps()


@pytest.fixture
def new_release_a_minute_later(settings, monkeypatch):
    """Another release (the record published under another licence: a setting, no write) that
    first serves a minute from now."""
    import time

    from core import release

    settings.OPENDATA_LICENCE_NAME = "CC0 1.0"
    now = time.time() + 60
    monkeypatch.setattr(release, "time", type("Clock", (), {"time": staticmethod(lambda: now)}))


@pytest.fixture(autouse=True)
def _japanese_first():
    """A request to an English page leaves English active in the test's thread: every test starts
    in the site's language, as a new worker would."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def run_fanout(db):
    """Run the worker's first step once: the new posts' announcements (written as one row by the
    posting request) become notifications and mail in the outbox. Returns how many were told."""
    from bulletin.services.fanouts import fanouts_expand

    return fanouts_expand


@pytest.fixture
def send_outbox(db, run_fanout):
    """Run the worker once (as `manage.py send_notifications` does: the new posts' announcements,
    then the outbox); returns mail.outbox.

    Requests and services only write mail to the outbox: nothing reaches mail.outbox before this.
    """
    from django.core import mail

    from members import outbox

    def run(**kwargs):
        run_fanout()
        outbox.send_due(**kwargs)
        return mail.outbox

    return run
