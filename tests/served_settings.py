"""Production settings for a portal the tests serve with gunicorn (tests/portal/test_faults.py).

Everything comes from the environment as in production; only the static files are read from the
source tree, so the pages render without a `collectstatic` run.
"""

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
