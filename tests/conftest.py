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
def _site_language():
    """Every test starts in the site's language: a request in English (/en/, Accept-Language)
    leaves English active in the thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps rate-limit counts and used TOTP codes in the cache: no test inherits them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
