"""/healthz: what a load balancer asks each instance."""

import socket

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@override_settings(ALLOWED_HOSTS=["portal.example.jp"], SECURE_SSL_REDIRECT=True)
def test_healthz_is_200_when_database_and_cache_work(client):
    # The load balancer probes the instance by its address, over plain HTTP.
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failed": [],
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_healthz_is_503_naming_the_cache_when_redis_is_down(client):
    port = _closed_port()
    location = f"redis://:s3cret@127.0.0.1:{port}/4"
    redis_down = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    }
    with override_settings(CACHES=redis_down):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "failed": ["cache"],
        "checks": {"database": "ok", "cache": "unavailable"},
    }
    assert "no-store" in response["Cache-Control"]
    assert b"s3cret" not in response.content and str(port).encode() not in response.content


def test_healthz_reports_redis_itself_not_the_per_process_fallback(client):
    """The portal's cache answers from each process's memory while Redis is down: the probe
    must not be fooled by that round trip."""
    location = f"redis://127.0.0.1:{_closed_port()}/4"
    resilient = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=resilient):
        from django.core.cache import cache

        cache.set("still", "works")  # pages keep working on the fallback
        assert cache.get("still") == "works"
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
