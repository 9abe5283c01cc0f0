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
def _japanese_first():
    """A request to an English page leaves English active in the test's thread: every test starts
    in the site's language, as a new worker would."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def send_outbox(db):
    """Run the outbox worker once (as `manage.py send_notifications` does); returns mail.outbox.

    Requests and services only write mail to the outbox: nothing reaches mail.outbox before this.
    """
    from django.core import mail

    from members import outbox

    def run(**kwargs):
        outbox.send_due(**kwargs)
        return mail.outbox

    return run
