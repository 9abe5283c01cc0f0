"""The settings `make run` serves with (portal/settings.py, SQLite in a file), with one change
for tests/portal/test_sqlite_server.py: a fast password hasher.

Production's hasher spends about half a second of CPU on each sign-up, and the development
server's threads take turns under the GIL for it: forty sign-ups cost twenty seconds, and their
writes reach the database one after another. With a fast hasher the writes arrive together,
which is the contention the test is about, in a second of the suite's time.
"""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
