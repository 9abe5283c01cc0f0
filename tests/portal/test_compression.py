"""Every HTML and JSON response not compressed already is gzipped (portal.middleware.
CompressionMiddleware), members' pages included; downloads and small bodies are left alone."""

import gzip
import re

import pytest
from django.test import Client

from core import public_cache
from tests.factories import make_member, make_municipality, make_prefecture

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
FNAME = 0x08  # the gzip header's flag for a file name: Django's random bytes against BREACH


def unzipped(response) -> str:
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    return gzip.decompress(response.content).decode()


@pytest.fixture
def member(db):
    return make_member(make_municipality("白糠町", prefecture=make_prefecture("01", "北海道")))


def test_a_public_page_is_sent_gzipped_and_whole(db):
    response = Client().get("/", **GZIP)
    assert response.status_code == 200
    assert "</html>" in unzipped(response)
    assert len(response.content) < len(gzip.decompress(response.content)) / 2
    # A client that does not ask for gzip gets the page as it is, from the same stored copy.
    plain = Client().get("/")
    assert "Content-Encoding" not in plain
    assert plain.content.decode() == gzip.decompress(response.content).decode()


def test_a_members_page_is_gzipped_with_its_secrets_masked_each_time(client, member):
    client.force_login(member)
    for path in ("/board/", "/mypage/"):
        assert "</html>" in unzipped(client.get(path, **GZIP))
    # A search: the page reflects what the address says beside a CSRF token (the BREACH case).
    first, second = (client.get("/board/?q=連携", **GZIP) for _ in range(2))
    assert first.status_code == second.status_code == 200
    html = unzipped(first)
    assert "</html>" in html
    # BREACH: the CSRF token is masked afresh for every response, and the gzip header carries
    # a random file name (Django's GZipMiddleware), so equal pages differ in length at random.
    tokens = [
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', unzipped(r))
        for r in (first, second)
    ]
    assert tokens[0] and tokens[1] and tokens[0][0] != tokens[1][0]
    assert first.content[3] & FNAME


def test_a_login_form_is_gzipped(db):
    response = Client().get("/accounts/login/", **GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in unzipped(response)


def test_the_apis_json_is_gzipped(db):
    hokkaido = make_prefecture("01", "北海道")
    for number in range(5):
        make_municipality(f"町{number}", prefecture=hokkaido)
    response = Client().get("/api/v1/municipalities/", **GZIP)
    assert response["Content-Type"] == "application/json"
    assert '"count":5' in unzipped(response).replace(" ", "")


def test_a_small_response_is_sent_as_it_is(db):
    make_prefecture("01", "北海道")
    response = Client().get("/api/v1/prefectures/", **GZIP)
    assert response.status_code == 200
    assert len(response.content) < 200
    assert "Content-Encoding" not in response
    assert response.json()["count"] == 1


def test_a_csv_download_is_not_touched(db):
    make_municipality("白糠町", prefecture=make_prefecture("01", "北海道"))
    response = Client().get("/api/v1/municipalities/?format=csv", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "白糠町" in response.content.decode("utf-8-sig")


def test_a_page_gzipped_on_its_way_out_still_answers_304(db, monkeypatch):
    """A stored page the cache keeps uncompressed (it compresses from 1 kB) is gzipped by the
    middleware, which makes its ETag weak: the conditional GET still matches it."""
    monkeypatch.setattr(public_cache, "_COMPRESS_FROM_BYTES", 10**9)
    client = Client()
    client.get("/", **GZIP)  # stored
    response = client.get("/", **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith('W/"')
    assert gzip.decompress(response.content).decode().count("</html>") == 1  # not twice gzipped
    again = client.get("/", HTTP_IF_NONE_MATCH=response["ETag"], **GZIP)
    assert again.status_code == 304
    assert again.content == b""
