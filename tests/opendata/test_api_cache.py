"""The API's responses are cached under the public pages' stamp (opendata/cache.py)."""

import gzip

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from members.models import Municipality
from tests.factories import make_event, make_member, make_municipality, make_prefecture

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def record(db):
    hokkaido = make_prefecture("01", "北海道")
    for number in range(3):
        make_municipality(f"町{number}", prefecture=hokkaido, code=f"01{number:03d}0")
    make_event("全国連携講演会", slug="lecture-2023")
    make_event("巡回展示", slug="touring-2023", kind="exhibition")
    return hokkaido


def body(response) -> bytes:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def headers(response) -> dict:
    return {key: value for key, value in response.items() if key != "Date"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/",
        "/api/v1/municipalities/?prefecture=01",
        "/api/v1/events/lecture-2023/",
        "/api/v1/municipalities/?format=csv",
        "/api/v1/",
    ],
)
def test_a_second_request_asks_the_database_nothing(record, api, path, django_assert_num_queries):
    first = api.get(path, **GZIP)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = api.get(path, **GZIP)
    assert second.status_code == 200
    assert body(second) == body(first)
    # Every header the client sees is the same: CORS, ETag, Last-Modified, Vary, the rest.
    assert headers(second) == headers(first)
    assert second["Access-Control-Allow-Origin"] == "*"


def test_a_write_to_the_record_makes_the_next_response_fresh(record, api):
    assert "新しい町" not in body(api.get("/api/v1/municipalities/?prefecture=01")).decode()
    etag = api.get("/api/v1/municipalities/?prefecture=01")["ETag"]

    make_municipality("新しい町", prefecture=record)

    response = api.get("/api/v1/municipalities/?prefecture=01", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "新しい町" in body(response).decode()
    # A rename too (a save, not only a new row), and in the record's detail.
    town = Municipality.objects.get(name="新しい町")
    assert api.get(f"/api/v1/municipalities/{town.code}/").json()["name"] == "新しい町"
    town.name = "改名した町"
    town.save()
    assert api.get(f"/api/v1/municipalities/{town.code}/").json()["name"] == "改名した町"


@override_settings(OPENDATA_RATE_LIMIT="3/min")
def test_the_rate_limit_counts_responses_served_from_the_cache(record, api):
    for _ in range(3):  # one stored, two served from the cache
        assert api.get("/api/v1/events/").status_code == 200
    refused = api.get("/api/v1/events/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "3/min" in refused.json()["detail"]
    # The 429 was not stored: another address gets the list.
    other = api.get("/api/v1/events/", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200 and other.json()["count"] == 2


def test_conditional_get_answers_304_from_the_cache_gzipped_or_not(record, api):
    plain = api.get("/api/v1/events/")
    zipped = api.get("/api/v1/events/", **GZIP)
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    # Two representations, two validators; each answers 304 to its own.
    assert zipped["ETag"] != plain["ETag"]
    for response, extra in ((plain, {}), (zipped, GZIP)):
        again = api.get("/api/v1/events/", HTTP_IF_NONE_MATCH=response["ETag"], **extra)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == response["ETag"]
        assert again["Access-Control-Allow-Origin"] == "*"
        since = api.get(
            "/api/v1/events/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"], **extra
        )
        assert since.status_code == 304


def test_json_and_csv_of_one_address_are_kept_apart(record, api):
    as_json = api.get("/api/v1/municipalities/")
    as_csv = api.get("/api/v1/municipalities/", HTTP_ACCEPT="text/csv")
    assert as_json["Content-Type"] == "application/json"
    assert as_csv["Content-Type"].startswith("text/csv")
    assert api.get("/api/v1/municipalities/")["Content-Type"] == "application/json"
    assert api.get("/api/v1/municipalities/?format=csv")["Content-Type"].startswith("text/csv")
    # A CSV download is sent as it is, gzip or not (a client saves it as it comes).
    download = api.get("/api/v1/municipalities/?format=csv", **GZIP)
    assert "Content-Encoding" not in download
    assert download.content.decode("utf-8-sig").startswith("code,")


def test_errors_are_never_stored(record, api):
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/events/no-such-event/").status_code == 404
        assert len(queries) > 0  # asked again, not served a stored 404
    for _ in range(2):
        assert api.get("/api/v1/events/?page=9").status_code == 404
        assert api.get("/api/v1/events/?page=x").status_code == 400


def test_a_member_signed_in_gets_the_public_response_and_nothing_of_theirs(record, api):
    member = make_member(make_municipality("白糠町", prefecture=record))
    anonymous = api.get("/api/v1/municipalities/?prefecture=01")
    signed_in = Client(HTTP_ORIGIN="https://example.org")
    signed_in.force_login(member)
    served = signed_in.get("/api/v1/municipalities/?prefecture=01")
    assert served.status_code == 200
    assert served.content == anonymous.content
    assert member.email not in served.content.decode()
    assert "Set-Cookie" not in served and not served.cookies
    # And the other way round: what a member's request stored is what anyone may see.
    signed_in.get("/api/v1/events/")
    assert Client().get("/api/v1/events/").content == api.get("/api/v1/events/").content


def test_a_large_rate_limit_asks_the_cache_once_in_many_requests(record, api, settings):
    """Over 2,000 a window, a worker takes numbers from the shared counter 1/1000 of the rate
    at a time: the counter moves once for many requests, and the rate still holds."""
    from django.core.cache import cache

    settings.OPENDATA_RATE_LIMIT = "5000/min"  # numbers taken five at a time
    moves = []
    original = cache.incr

    def incr(key, delta=1, **kwargs):
        moves.append(delta)
        return original(key, delta, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "incr", incr)
        for _ in range(10):
            assert api.get("/api/v1/events/").status_code == 200
    assert moves == [5, 5]  # ten requests, the counter asked twice (the first found no counter)


@override_settings(OPENDATA_RATE_LIMIT="2000/min")
def test_numbers_taken_ahead_never_allow_more_than_the_rate(record, api):
    from django.core.cache import cache

    from opendata.http import PerAddressRateThrottle

    throttle = PerAddressRateThrottle()
    throttle.allow_request(api.get("/api/v1/").wsgi_request, None)
    window = int(throttle.now // throttle.duration)
    cache.set(f"throttle_opendata_127.0.0.1:{window}", 1995, 120)  # other workers took the rest
    answers = [api.get("/api/v1/events/").status_code for _ in range(8)]
    assert answers.count(200) <= 5 and answers[-1] == 429
