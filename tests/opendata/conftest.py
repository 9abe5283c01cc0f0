import pytest
from django.test import Client


@pytest.fixture
def api():
    """An anonymous client from a foreign origin, as a journalist's script would be."""
    return Client(HTTP_ORIGIN="https://example.org")
