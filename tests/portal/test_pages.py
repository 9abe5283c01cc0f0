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
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
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
