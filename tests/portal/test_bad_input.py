"""Input no page can use gets a clear 400 (or the admin's error notice), never a 500."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from record.models import PartnerCountSnapshot
from tests.factories import make_member, make_municipality, make_secretariat, pass_second_factor


@pytest.fixture
def web(client):
    client.raise_request_exception = False  # a 500 shows as a status, like a visitor sees it
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/municipalities/%00/",
        "/municipalities/?q=%00",
        "/municipalities/?prefecture=%00",
        "/events/?venue=a%00b",
        "/events/?municipality=%00",
        "/events/?body=a%00b",
        "/events/?ward=99999999999999999999",
        "/events/%00/",
        "/timeline/?organ=%00",
        "/collaborations/download.xlsx?ward=%00",
        "/municipalities/?page=99999999999999999999",
        "/collaborations/?fiscal_year=99999999999999999999",
        "/timeline/?year=-99999999999999999999",
        "/board/99999999999999999999/",
        "/board/ties/99999999999999999999/edit/",
        "/board/ties/99999999999999999999/retire/",
        "/board/ties/proposals/99999999999999999999/",
        "/board/rooms/99999999999999999999/",
        "/board/rooms/99999999999999999999/contact/",
        "/board/rooms/attachments/99999999999999999999/",
        "/board/1/rooms/99999999999999999999/",
        "/municipalities/?q=" + "あ" * 20_000,  # SQLite: LIKE pattern too complex
        "/events/?q=" + "a" * 60_000,
    ],
)
def test_nul_numbers_past_64_bits_and_100_kb_in_the_url_are_a_bad_request(web, db, url):
    response = web.get(url)
    assert response.status_code == 400
    assert "リクエストが正しくありません" in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "0", "99999999999999999999", "9" * 5000, "1e3", "last1"])
def test_negative_and_huge_page_numbers_are_a_4xx(web, db, page):
    for url in ["/municipalities/", "/events/", "/collaborations/", "/newsletters/"]:
        assert 400 <= web.get(url, {"page": page}).status_code < 500, (url, page)


@pytest.fixture
def secretariat_web(web, db):
    pass_second_factor(web, make_secretariat())
    return web


@pytest.mark.parametrize(
    "query",
    [
        "applied_at__year=99999999999999999999",
        "status=%00",
        "q=%00",
        "q=" + "a" * 100_000,
        "municipality__prefecture__id__exact=99999999999999999999",
    ],
)
def test_admin_filters_refuse_nul_and_huge_numbers(secretariat_web, query):
    make_member(make_municipality("坂井市"))
    response = secretariat_web.get(f"{reverse('admin:members_membership_changelist')}?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "applied_at__year=9999",  # has no next year to end the span
        "applied_at__year=9999&applied_at__month=12",
        "applied_at__year=9999&applied_at__month=12&applied_at__day=31",
        "applied_at__year=1",  # begins before year 1 in UTC
        "applied_at__year=1&applied_at__month=1&applied_at__day=1",
    ],
)
def test_admin_date_drilldown_to_an_impossible_year_shows_the_error_notice(secretariat_web, query):
    make_member(make_municipality("坂井市"))
    response = secretariat_web.get(f"{reverse('admin:members_membership_changelist')}?{query}")
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_partner_counts_csv_keeps_formulas_as_text(web, db):
    PartnerCountSnapshot.objects.create(
        as_of=datetime.date(2015, 8, 1),
        ward_partners=515,
        hp_members=100,
        total=915,
        note='=HYPERLINK("https://evil.example/","開く")',
    )
    response = web.get(reverse("record:partner-counts-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][-1] == '\'=HYPERLINK("https://evil.example/","開く")'
    assert rows[1][4] == "515"  # numbers stay numbers (after the date and its 和暦)


class _UnreadableInput(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_large_body_to_a_form_without_files_is_refused_unread(client, db):
    """A 100 MB multipart to the login form was spooled to disk before any view looked."""
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        **{"wsgi.input": _UnreadableInput()},
    )
    assert response.status_code == 413


def test_a_body_over_the_small_limit_still_reaches_a_view_that_takes_files(client, db):
    from core.limits import MAX_BODY_BYTES

    big = "x" * (MAX_BODY_BYTES + 1)
    response = client.post("/accounts/login/", {"login": "a@example.jp", "password": big})
    assert response.status_code == 413
    client.force_login(make_member())
    response = client.post(reverse("bulletin:proposal-create"), {"title": "t", "body": big})
    assert response.status_code != 413


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "\\",
        "%_%",
        "100%",
        "a_b",
        "\\%",
        "🦀",
        "🦀 熊本",
        "'; --",
        "あ" * 2_000,
        "x " * 1_000,
    ],
)
def test_the_site_search_takes_wildcards_emoji_and_long_words_literally(web, shipped_data, query):
    for params in [{"q": query}, {"q": query, "kind": "library"}, {"q": query, "page": "2"}]:
        response = web.get("/search/", params)
        assert response.status_code == 200, (query[:20], params.keys())
    # LIKE's wildcards are searched for as characters, not as "anything".
    if query in ("%_%", "_", "\\"):
        assert "見つかりませんでした" in web.get("/search/", {"q": query}).content.decode()


def test_a_search_word_longer_than_any_search_needs_is_a_bad_request(web, db):
    # Past portal.middleware.MAX_QUERY_VALUE_LENGTH, as on every list page.
    assert web.get("/search/", {"q": "あ" * 2_001}).status_code == 400


def test_the_site_search_refuses_nul_without_a_500(web, db):
    for value in ["%00", "a%00b", "熊本%00"]:
        assert web.get(f"/search/?q={value}").status_code == 400
