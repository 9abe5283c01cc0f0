import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps rate-limit counters (and used TOTP codes) in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()
