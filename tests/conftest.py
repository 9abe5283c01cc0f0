import pytest
from django.core.management import call_command


@pytest.fixture
def full_register(db):
    """The shipped register: 47 prefectures and 1,741 municipalities."""
    call_command("loaddata", "municipalities", verbosity=0)


@pytest.fixture
def count_queries(django_assert_max_num_queries):
    """Run a callable and return how many SQL queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(func):
        with CaptureQueriesContext(connection) as context:
            func()
        return len(context.captured_queries)

    return run


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps rate-limit counts and used TOTP codes in the cache: no test inherits them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _japanese_to_begin_with():
    """The test client runs requests in the test's thread, where LocaleMiddleware leaves the
    last request's language active: after a request to /en/…, reverse() would give /en/ paths
    and gettext English. Every test starts (and ends) in the site's language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
