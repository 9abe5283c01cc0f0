import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    # Loading every fixture takes a while on a busy machine: once per module, not per test.
    # Each test still runs in its own transaction, rolled back; the module's end empties the
    # database again for the modules that build their own data.
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded(_seeded_module, db):
    """Every shipped fixture: the register, agreements, events, timeline, record, collaborations.

    Use it in a module whose tests all use it (the data stays for the whole module)."""


@pytest.fixture
def api():
    """An anonymous client from a foreign origin, as a journalist's script would be."""
    return Client(HTTP_ORIGIN="https://example.org")
