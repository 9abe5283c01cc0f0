"""Settings for the test suite: the portal's own settings, made hermetic."""

import atexit
import os
import shutil
import tempfile

# Development-style settings (no SSL redirect, plain static storage) whatever the shell has.
os.environ["DJANGO_DEBUG"] = "1"
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.pop("REDIS_URL", None)

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-media-")
# Each test process made its own two folders: it removes them when it ends.
for _folder in (MEDIA_ROOT, PRIVATE_MEDIA_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# SQLite's test database is migrated once and then copied (tests/sqlite_template/base.py). Its
# test database stays in memory: named, so pytest-django adds no xdist suffix (it adds none to
# Django's own SQLite engine, whose default it is).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.sqlite_template"  # noqa: F405
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")  # noqa: F405
# PostgreSQL's too, as a template database on the server (tests/postgresql_template/base.py).
if DATABASES["default"]["ENGINE"] == "portal.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql_template"  # noqa: F405
