"""The test suite's SQLite backend: Django's, with the migrated test database kept as a template.

Each test process (two xdist workers, plus a third for the PostgreSQL-free tests that start a
server) used to migrate its own in-memory test database: ~15 s of CPU each, all of it Django
rendering migration states. The first process to need the database migrates it as before and
leaves a copy in the temporary folder, named by a hash of every migration file of every installed
app (Django's and allauth's included) and of the SQLite and Django versions; a later process
copies it into its own in-memory database with SQLite's backup API (milliseconds) and sends
post_migrate again, so whatever the apps create after a migration (the content types, the
permissions, the secretariat's group from members/roles.py) is made by today's code. A change
to any migration gives a new name, so a stale template is never read.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import tempfile
from importlib import import_module
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db.backends.sqlite3 import base, creation

FOLDER = Path(tempfile.gettempdir()) / "portal-test-databases"


def migrations_digest() -> str:
    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for path in sorted(Path(module.__file__).parent.glob("*.py")):
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def template_path() -> Path:
    """Where the migrated database of today's migrations is kept (once a test process made it)."""
    return FOLDER / f"{migrations_digest()}.sqlite3"


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        name = self._get_test_db_name()
        if keepdb or not self.is_in_memory_db(name):
            return super().create_test_db(verbosity, autoclobber, serialize, keepdb)
        FOLDER.mkdir(exist_ok=True)
        template = template_path()
        with open(FOLDER / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if template.exists():
                self._restore(name, template, verbosity)
            else:
                super().create_test_db(verbosity, autoclobber, serialize=False)
                self._keep(template)
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        return name

    def _keep(self, template: Path) -> None:
        for old in FOLDER.glob("*.sqlite3"):  # templates of migrations that changed since
            old.unlink(missing_ok=True)
        partial = template.with_suffix(".partial")
        with contextlib.closing(sqlite3.connect(partial)) as target:
            self.connection.connection.backup(target)
        os.replace(partial, template)

    def _restore(self, name: str, template: Path, verbosity: int) -> None:
        alias = self.connection.alias
        self._create_test_db(verbosity, autoclobber=False)
        self.connection.close()
        settings.DATABASES[alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(template)) as source:
            source.backup(self.connection.connection)
        emit_post_migrate_signal(verbosity=max(verbosity - 1, 0), interactive=False, db=alias)
        call_command("createcachetable", database=alias)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
