"""The cache: shared by every worker when REDIS_URL is set, and never a single point of failure.

The shared-count test needs a Redis it may write to: TEST_REDIS_URL (default DB 1 on localhost);
it only touches keys under its own prefix. Redis being down is simulated with a closed port.
"""

import contextlib
import os
import runpy
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import make_user

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
CLOSED_PORT_URL = "redis://127.0.0.1:8119/1"  # nothing listens here
SETTINGS_FILE = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
PASSWORD = "kujira-no-machi-2024"


def caches_for(monkeypatch, redis_url: str) -> dict:
    """CACHES exactly as portal/settings.py builds it for this REDIS_URL."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    return runpy.run_path(str(SETTINGS_FILE))["CACHES"]


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def shared_redis(monkeypatch):
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        if os.environ.get("CI"):  # CI starts Redis (.ci/run): its absence fails the run
            pytest.fail(f"no Redis at {TEST_REDIS_URL} in CI")
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    prefix = f"portal-test-{uuid.uuid4().hex}"
    config = caches_for(monkeypatch, TEST_REDIS_URL)
    config["default"]["LOCATION"] = TEST_REDIS_URL
    config["default"]["KEY_PREFIX"] = prefix
    yield config
    client = redis.Redis.from_url(TEST_REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_failed_logins_are_counted_in_the_shared_cache(db, shared_redis):
    """Two workers (two separate cache clients) see the same count: the guesser is slowed
    whichever worker answers, and the account's owner elsewhere is not."""
    make_user("member@example.jp", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    with override_settings(CACHES=shared_redis):
        first_worker = caches["default"]
        for _ in range(5):
            assert "正しくありません" in login(attacker, "member@example.jp", "x").content.decode()
    with override_settings(CACHES=shared_redis):  # a fresh cache client, as in another process
        second_worker = caches["default"]
        assert second_worker is not first_worker
        response = login(attacker, "member@example.jp")
        assert "ログイン失敗が連続しています" in response.content.decode()
        owner = Client(REMOTE_ADDR="198.51.100.20")
        assert login(owner, "member@example.jp").status_code == 302


def test_the_apis_rate_limit_is_counted_in_the_shared_cache(db, shared_redis):
    """The open data API's requests, counted by two workers (two cache clients) in Redis, one
    round trip each: the fourth of 3/min is refused whichever worker answers it."""
    from tests.factories import make_prefecture

    make_prefecture("01", "北海道")
    script = Client(REMOTE_ADDR="203.0.113.7")
    with override_settings(CACHES=shared_redis, OPENDATA_RATE_LIMIT="3/min"):
        for _ in range(2):
            assert script.get("/api/v1/prefectures/").status_code == 200
    with override_settings(CACHES=shared_redis, OPENDATA_RATE_LIMIT="3/min"):
        assert script.get("/api/v1/prefectures/").status_code == 200
        assert script.get("/api/v1/prefectures/").status_code == 429
        assert Client(REMOTE_ADDR="198.51.100.20").get("/api/v1/prefectures/").status_code == 200


@pytest.fixture
def redis_down(monkeypatch):
    config = caches_for(monkeypatch, CLOSED_PORT_URL)
    with override_settings(CACHES=config):
        yield caches["default"]


def test_login_signup_and_password_reset_work_while_redis_is_down(
    client, db, redis_down, send_outbox
):
    from members.models import User
    from tests.factories import make_municipality, make_prefecture, signup_data

    make_municipality("坂井市", prefecture=make_prefecture("18", "福井県"), code="182109")
    user = make_user("member@example.jp", password=PASSWORD)
    response = login(client, "member@example.jp")
    assert response.status_code == 302 and response["Location"] == reverse("members:mypage")
    assert client.get(reverse("members:mypage")).status_code == 200
    client.logout()

    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302 and len(send_outbox()) == 1

    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    assert User.objects.filter(email=signup_data()["email"]).exists() and len(send_outbox()) == 2

    # The rate limits fall back to this process's memory: still counted, not switched off.
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert "正しくありません" in login(guesser, user.email, "x").content.decode()
    assert "ログイン失敗が連続しています" in login(guesser, user.email).content.decode()
    assert login(Client(REMOTE_ADDR="198.51.100.20"), user.email).status_code == 302


def test_an_unreachable_redis_is_left_alone_for_a_while(redis_down, monkeypatch):
    assert redis_down.get("missing") is None  # a miss, not an error
    assert not redis_down.redis_available
    tried = []

    class Spy:  # stands in for Django's Redis client: any use is a connection attempt
        def __getattr__(self, name):
            tried.append(name)
            raise AssertionError(f"Redis tried again: {name}")

    monkeypatch.setattr(redis_down, "_cache", Spy(), raising=False)
    redis_down.set("n", 1)
    assert redis_down.add("n", 5) is False
    assert redis_down.incr("n") == 2 and redis_down.get("n") == 2  # kept in this process
    assert tried == []  # no connection attempt until RETRY_AFTER has passed


def test_the_deploy_check_asks_for_a_shared_cache(settings):
    from members.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in shared_cache(None)] == ["members.W001"]
    settings.CACHES = {"default": {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": ""}}
    assert shared_cache(None) == []


@pytest.fixture
def tracked_config(shared_redis):
    config = shared_redis
    config["public-stamp"]["LOCATION"] = TEST_REDIS_URL
    config["public-stamp"]["KEY_PREFIX"] = config["default"]["KEY_PREFIX"]
    with override_settings(CACHES=config, PUBLIC_CACHE_STAMP_ALIAS="public-stamp"):
        yield config


@pytest.fixture
def worker(tracked_config):
    """The public-stamp cache as another worker process has it; its connections closed after."""
    opened = []

    def open_one():
        cache = caches.create_connection("public-stamp")
        opened.append(cache)
        return cache

    yield open_one
    for cache in opened:
        cache._stop_watch()
        cache._cache.get_client(write=True).connection_pool.disconnect()


def wait_for_the_invalidation(reader, *keys):
    """Until the reader has dropped these keys from its memory. Redis sends the invalidation
    with the write's reply; let the loopback deliver it, however loaded the machine is."""
    import time

    deadline = time.monotonic() + 5
    while any(reader.make_key(key) in reader._local for key in keys):
        assert time.monotonic() < deadline, "no invalidation arrived"
        reader._watch[1].can_read(timeout=0.05)
        reader._watching()


def wait_for_the_end(connection):
    """Until the server's end of the connection is visible to its client."""
    with contextlib.suppress(redis.ConnectionError):
        connection.can_read(timeout=5)


def test_the_public_stamp_is_kept_in_each_process_and_never_stale(db, worker, monkeypatch):
    """Production reads the public pages' stamp through tracked keys: a worker answers from its
    own memory, and sees another worker's bump on its next read."""
    from core import public_cache
    from portal.cache import ResilientRedisCache

    assert caches["public-stamp"].tracked == {public_cache.STAMP_KEY, public_cache.UNTIL_KEY}
    reader = worker()  # one worker
    writer = worker()  # another
    keys = [public_cache.STAMP_KEY, public_cache.UNTIL_KEY]
    writer.set(public_cache.STAMP_KEY, "1.aaaa", None)
    assert reader.get_many(keys) == {public_cache.STAMP_KEY: "1.aaaa"}

    # Kept in the reader's memory: it asks Redis nothing while nothing changes.
    def no_redis(*args, **kwargs):
        raise AssertionError("asked Redis")

    with monkeypatch.context() as patched:
        patched.setattr(ResilientRedisCache, "get_many", no_redis)
        assert reader.get_many(keys) == {public_cache.STAMP_KEY: "1.aaaa"}

    writer.set(public_cache.STAMP_KEY, "2.bbbb", None)  # a bump in the other worker
    writer.set(public_cache.UNTIL_KEY, 99.0, None)
    wait_for_the_invalidation(reader, *keys)
    assert reader.get_many(keys) == {public_cache.STAMP_KEY: "2.bbbb", public_cache.UNTIL_KEY: 99.0}
    writer.delete(public_cache.UNTIL_KEY)
    wait_for_the_invalidation(reader, public_cache.UNTIL_KEY)
    assert reader.get_many(keys) == {public_cache.STAMP_KEY: "2.bbbb"}
    # Keys that are not tracked are read from Redis as usual.
    writer.set("other", 1)
    assert reader.get_many(["other"]) == {"other": 1}


def test_a_lost_watch_falls_back_to_reading_redis(db, worker):
    from core import public_cache

    reader = worker()
    writer = worker()
    writer.set(public_cache.STAMP_KEY, "1.aaaa", None)
    assert reader.get_many([public_cache.STAMP_KEY]) == {public_cache.STAMP_KEY: "1.aaaa"}
    reader._watch[1].disconnect()  # the listening connection drops: no invalidation arrives
    writer.set(public_cache.STAMP_KEY, "2.bbbb", None)
    assert reader.get_many([public_cache.STAMP_KEY]) == {public_cache.STAMP_KEY: "2.bbbb"}


def test_public_pages_served_through_the_tracked_stamp_follow_every_write(db, tracked_config):
    from core import public_cache
    from tests.factories import make_event

    event = make_event("第1回全国連携講演会", slug="lecture-tracked")
    first = Client().get("/events/lecture-tracked/")
    assert Client().get("/events/lecture-tracked/").public_cache == "hit"
    event.title = "第2回全国連携講演会"
    event.save()  # bumps the stamp through the tracked alias
    wait_for_the_invalidation(caches["public-stamp"], public_cache.STAMP_KEY)
    changed = Client().get("/events/lecture-tracked/")
    assert "第2回全国連携講演会" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_a_tracking_connection_ended_by_the_server_falls_back_too(db, worker):
    from core import public_cache

    reader = worker()
    writer = worker()
    writer.set(public_cache.STAMP_KEY, "1.aaaa", None)
    assert reader.get_many([public_cache.STAMP_KEY]) == {public_cache.STAMP_KEY: "1.aaaa"}
    tracker_id = reader._watch[2]
    tracker_id.send_command("CLIENT", "ID")
    client_id = tracker_id.read_response()
    redis.Redis.from_url(TEST_REDIS_URL).client_kill_filter(_id=client_id)  # Redis drops it
    wait_for_the_end(tracker_id)
    writer.set(public_cache.STAMP_KEY, "2.bbbb", None)
    assert reader.get_many([public_cache.STAMP_KEY]) == {public_cache.STAMP_KEY: "2.bbbb"}


def snapshot(prefix: str) -> dict:
    """What a Redis snapshot (an RDB file) holds of the test's keys, as DUMP gives it."""
    server = redis.Redis.from_url(TEST_REDIS_URL)
    return {key: server.dump(key) for key in server.scan_iter(match=f"{prefix}:*")}


def restore(saved: dict, prefix: str) -> None:
    """Redis comes back from the snapshot: its keys as they were, the ones written since gone."""
    server = redis.Redis.from_url(TEST_REDIS_URL)
    for key in server.scan_iter(match=f"{prefix}:*"):
        if key not in saved:
            server.delete(key)
    for key, value in saved.items():
        server.restore(key, 0, value, replace=True)


def edited_after_a_snapshot(tracked_config, slug: str) -> str:
    """An event's page cached, a snapshot of Redis taken, then the event renamed (and its new
    page cached): returns the page's address."""
    from core import public_cache
    from tests.factories import make_event

    url = f"/events/{slug}/"
    event = make_event("第1回全国連携講演会", slug=slug)
    assert "第1回全国連携講演会" in Client().get(url).content.decode()
    assert Client().get(url).public_cache == "hit"
    saved = snapshot(tracked_config["default"]["KEY_PREFIX"])
    event.title = "第2回全国連携講演会"
    event.save()
    wait_for_the_invalidation(caches["public-stamp"], public_cache.STAMP_KEY)
    assert "第2回全国連携講演会" in Client().get(url).content.decode()
    assert Client().get(url).public_cache == "hit"
    restore(saved, tracked_config["default"]["KEY_PREFIX"])
    return url


def test_a_redis_restored_from_an_older_snapshot_serves_no_stale_page(db, tracked_config):
    """Redis came back with the stamp and the pages of before the edit: a worker that saw the
    newer stamp finds the shared one older, and bumps it (80 of 80 answers were stale)."""
    from core import public_cache

    url = edited_after_a_snapshot(tracked_config, "lecture-restored")
    wait_for_the_invalidation(caches["public-stamp"], public_cache.STAMP_KEY)
    page = Client().get(url)
    assert "第2回全国連携講演会" in page.content.decode()
    assert page.public_cache == "miss"
    assert "第2回全国連携講演会" in Client().get(url).content.decode()


def test_a_worker_started_after_redis_restarted_from_a_snapshot_serves_no_stale_page(
    db, tracked_config, monkeypatch
):
    """A worker that never saw the newer stamp knows the server restarted after it was written:
    the stamp Redis holds is older than the server's start, so it was loaded from disk."""
    from core import public_cache
    from portal.cache import TrackedRedisCache

    url = edited_after_a_snapshot(tracked_config, "lecture-new-worker")
    # Redis has just restarted (a new run_id, up for 0 s), from the snapshot; a worker starts.
    monkeypatch.setattr(
        TrackedRedisCache, "_server_identity", staticmethod(lambda connection: ("f" * 40, 0.0))
    )
    public_cache.forget_seen_stamps()
    with override_settings(CACHES=tracked_config):  # the new worker's own cache clients
        page = Client().get(url)
        assert "第2回全国連携講演会" in page.content.decode()
        assert "第2回全国連携講演会" in Client().get(url).content.decode()


def test_a_worker_that_finds_a_new_redis_behind_the_address_drops_what_it_held(
    db, tracked_config, monkeypatch
):
    """A failover: another server (its own run_id, up for days) answers at the address. What it
    holds may lag behind the old one, so a worker that talked to the old one trusts no stamp
    written before it noticed, even when it has forgotten which stamps it saw."""
    from core import public_cache
    from portal.cache import TrackedRedisCache

    url = edited_after_a_snapshot(tracked_config, "lecture-failover")
    stamps = caches["public-stamp"]
    assert stamps.server_run_id is not None
    public_cache.forget_seen_stamps()
    monkeypatch.setattr(
        TrackedRedisCache, "_server_identity", staticmethod(lambda connection: ("e" * 40, 9e5))
    )
    stamps._stop_watch()  # the connections to the old server end
    page = Client().get(url)
    assert stamps.server_run_id == "e" * 40
    assert "第2回全国連携講演会" in page.content.decode()


def test_a_redis_that_refuses_info_still_has_its_stamp_kept_in_each_worker(db, worker, monkeypatch):
    """Some hosted Redis rename INFO away: the watch still runs (a hit asks Redis nothing)."""
    from core import public_cache
    from portal.cache import ResilientRedisCache, TrackedRedisCache

    def refused(connection):
        raise redis.ResponseError("unknown command 'INFO'")

    monkeypatch.setattr(TrackedRedisCache, "_server_identity", staticmethod(refused))
    reader, writer = worker(), worker()
    writer.set(public_cache.STAMP_KEY, "1.aaaa", None)
    assert reader.get_many([public_cache.STAMP_KEY]) == {public_cache.STAMP_KEY: "1.aaaa"}
    assert reader.holds_writes_since is None
    with monkeypatch.context() as patched:
        patched.setattr(ResilientRedisCache, "get_many", lambda *a, **k: pytest.fail("asked"))
        assert reader.get_many([public_cache.STAMP_KEY]) == {public_cache.STAMP_KEY: "1.aaaa"}
