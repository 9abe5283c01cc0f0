"""Personal data is said where it is collected; the footer links the privacy, accessibility and
site map pages; the fields a browser can fill in say what they are (WCAG 1.3.5)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.views import SITE_MAP
from tests.factories import make_event, make_member, make_municipality, make_prefecture

FOOTER = re.compile(r'<footer class="site-footer">.*</footer>', re.S)


def footer_links(client, path):
    body = client.get(path).content.decode()
    return re.findall(r'href="([^"]+)"', FOOTER.search(body).group(0))


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_footer_links_the_privacy_accessibility_and_site_map_pages(client, prefix):
    links = footer_links(client, f"{prefix}/")
    for page in ("/privacy/", "/accessibility/", "/site-map/"):
        assert prefix + page in links
        assert client.get(prefix + page).status_code == 200


@pytest.mark.django_db
def test_the_accessibility_page_names_its_target_and_its_test_results(client):
    body = client.get("/accessibility/").content.decode()
    assert "JIS X 8341-3:2016" in body
    assert "適合レベルAA" in body
    assert "試験結果" in body and "axe-core" in body
    english = client.get("/en/accessibility/").content.decode()
    assert "JIS X 8341-3:2016" in english and "test results" in english.lower()


@pytest.mark.django_db
def test_the_site_map_page_links_every_section(client):
    body = client.get("/site-map/").content.decode()
    for _title, links in SITE_MAP:
        for name, _label in links:
            assert f'href="{reverse(name)}"' in body, name
    assert 'href="/library/"' in body and 'href="/partners/"' in body


def privacy_notice(body: str) -> str:
    match = re.search(r'<p class="privacy-notice">(.*?)</p>', body, re.S)
    assert match, "no privacy notice"
    return match.group(1)


@pytest.mark.django_db
def test_the_event_registration_says_how_personal_data_is_used(client):
    event = make_event(
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        status="scheduled",
        registration_open=True,
    )
    body = client.get(reverse("events:registration-create", kwargs={"slug": event.slug}))
    notice = privacy_notice(body.content.decode())
    assert "参加受付" in notice and 'href="/privacy/#events"' in notice
    assert_autocomplete(
        body.content.decode(), name="name", organisation="organization", email="email"
    )


def assert_autocomplete(body: str, **tokens):
    for field, token in tokens.items():
        tag = re.search(rf'<input [^>]*name="{field}"[^>]*>', body).group(0)
        assert f'autocomplete="{token}"' in tag, tag


@pytest.mark.django_db
def test_the_sign_up_form_says_how_personal_data_is_used(client):
    body = client.get(reverse("account_signup")).content.decode()
    assert 'href="/privacy/#members"' in privacy_notice(body)
    assert_autocomplete(
        body,
        municipality="organization",
        position="organization-title",
        full_name="name",
        email="email",
    )


@pytest.mark.django_db
def test_the_consultation_form_says_how_personal_data_is_used(client):
    member = make_member(make_municipality("坂井市", prefecture=make_prefecture("18", "福井県")))
    client.force_login(member)
    body = client.get(reverse("bulletin:consultation-create")).content.decode()
    assert 'href="/privacy/#consultations"' in privacy_notice(body)


@pytest.mark.django_db
def test_the_privacy_page_lists_each_form_under_its_anchor(client):
    body = client.get("/privacy/").content.decode()
    for anchor in ("events", "members", "consultations"):
        assert f'id="{anchor}"' in body


@pytest.mark.django_db
def test_the_footer_reaches_the_publications_and_the_partner_counts(client):
    links = footer_links(client, "/")
    assert "/library/" in links and "/partners/" in links


@pytest.mark.django_db
def test_the_top_page_says_what_each_count_counts(client):
    from tests.record.test_views import make_snapshots

    make_snapshots(1)
    body = client.get("/").content.decode()
    assert "全国連携HP会員登録自治体は、全国連携ホームページに会員登録した自治体の数です" in body
    assert "ポータルで職員の会員登録が承認された自治体の数です" in body
