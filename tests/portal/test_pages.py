import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_municipality


def test_top_page_links_the_main_sections(client, db):
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#main"' in body  # skip link
    assert "<main" in body and "<nav" in body and "<footer" in body
    assert reverse("members:municipality-list") in body
    assert reverse("account_login") in body
    assert "03-5210-9747" in body


def test_english_is_available_through_the_language_switch(client, db):
    response = client.get(reverse("language-switch"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/en/").content.decode()
    assert 'lang="en"' in body
    assert "Municipalities" in body


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_are_in_japanese_in_the_site_design(client, db, status):
    from portal import views

    handler = {
        400: views.bad_request,
        403: views.permission_denied,
        404: views.page_not_found,
        500: views.server_error,
    }[status]
    request = client.get("/").wsgi_request
    response = handler(request) if status == 500 else handler(request, Exception())
    body = response.content.decode()
    assert response.status_code == status
    assert 'class="site-header"' in body
    assert "トップページへ戻る" in body


@override_settings(DEBUG=False)
def test_missing_page_returns_the_404_page(client, db):
    make_municipality()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def _switch(client, language, next_url, **headers):
    return client.get(
        reverse("language-switch"), {"language": language, "next": next_url}, headers=headers
    )


@pytest.mark.parametrize("accept_language", ["ja", "en", ""])
def test_switching_back_from_english_reaches_the_japanese_page(client, db, accept_language):
    headers = {"accept-language": accept_language} if accept_language else {}
    to_english = _switch(client, "en", "/timeline/?year=2015", **headers)
    assert to_english.status_code == 302
    assert to_english["Location"] == "/en/timeline/?year=2015"
    english = client.get(to_english["Location"], headers=headers)
    assert english.status_code == 200 and 'lang="en"' in english.content.decode()

    to_japanese = _switch(client, "ja", "/en/timeline/?year=2015", **headers)
    assert to_japanese["Location"] == "/timeline/?year=2015"
    japanese = client.get(to_japanese["Location"], headers=headers)
    assert japanese.status_code == 200 and 'lang="ja"' in japanese.content.decode()


def test_the_language_switch_never_leaves_the_site_and_ignores_unknown_languages(client, db):
    assert _switch(client, "ja", "https://evil.example/")["Location"] == "/"
    assert _switch(client, "en", "//evil.example/x")["Location"] == "/en/"
    assert _switch(client, "fr", "/timeline/")["Location"] == "/timeline/"


def _opengraph(body: str, url: str) -> dict:
    import extruct

    data = extruct.extract(body, base_url=url, syntaxes=["opengraph"], uniform=True)
    return data["opengraph"][0]


@override_settings(SITE_URL="https://portal.example.jp")
def test_public_pages_carry_sharing_cards_and_language_alternates(client, db):
    make_municipality("白糠町", code="016683")
    body = client.get("/municipalities/?kind=town").content.decode()
    card = _opengraph(body, "https://portal.example.jp/")
    assert card["og:title"] == "自治体一覧"
    assert card["og:url"] == "https://portal.example.jp/municipalities/"
    assert card["og:image"].startswith("https://portal.example.jp/static/img/og-default")
    assert card["og:locale"] == "ja_JP"
    assert "東京23区" in card["og:description"]
    assert '<meta name="twitter:card" content="summary_large_image">' in body
    # The alternates keep the query string and never use the request's Host header.
    assert (
        '<link rel="alternate" hreflang="en" '
        'href="https://portal.example.jp/en/municipalities/?kind=town">' in body
    )
    assert (
        '<link rel="alternate" hreflang="ja" '
        'href="https://portal.example.jp/municipalities/?kind=town">' in body
    )
    assert 'hreflang="x-default" href="https://portal.example.jp/municipalities/?kind=town"' in body

    english = client.get("/en/municipalities/").content.decode()
    assert _opengraph(english, "https://portal.example.jp/")["og:locale"] == "en_US"
