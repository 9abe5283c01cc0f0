"""The test suite's PostgreSQL backend: the portal's (portal/postgresql), with the migrated test
database kept as a template, as tests/sqlite_template/base.py does for SQLite.

The first test process to need a database migrates its own as before, then copies it to a
database named by the hash of the migrations (`portal_test_template_<hash>`, kept on the server
between runs); every later process creates its test database `WITH TEMPLATE` that copy
(Django's TEST["TEMPLATE"]), and Django's migrate then finds every migration applied and runs
post_migrate as usual.
"""

import contextlib
import fcntl

from django.db import DatabaseError
from django.db.backends.postgresql.creation import DatabaseCreation as PostgreSQLCreation

from portal.postgresql import base
from tests.sqlite_template.base import FOLDER, migrations_digest

PREFIX = "portal_test_template_"


class DatabaseCreation(PostgreSQLCreation):
    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb or self.connection.settings_dict["TEST"].get("TEMPLATE"):
            return super().create_test_db(verbosity, autoclobber, serialize, keepdb)
        template = f"{PREFIX}{migrations_digest()}"
        FOLDER.mkdir(exist_ok=True)
        with open(FOLDER / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with self._nodb_cursor() as cursor:
                exists = self._database_exists(cursor, template)
            if exists:
                self.connection.settings_dict["TEST"]["TEMPLATE"] = template
                return super().create_test_db(verbosity, autoclobber, serialize, keepdb)
            name = super().create_test_db(verbosity, autoclobber, serialize, keepdb)
            self.connection.close()  # CREATE DATABASE ... TEMPLATE wants no one in the source
            with self._nodb_cursor() as cursor:
                cursor.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{PREFIX}%"]
                )
                for (old,) in cursor.fetchall():  # templates of migrations that changed since
                    with contextlib.suppress(DatabaseError):  # another run copies it: keep it
                        cursor.execute(f"DROP DATABASE IF EXISTS {self._quote_name(old)}")
                cursor.execute(
                    f"CREATE DATABASE {self._quote_name(template)}"
                    f" WITH TEMPLATE {self._quote_name(name)}"
                )
            self.connection.ensure_connection()
            return name


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
