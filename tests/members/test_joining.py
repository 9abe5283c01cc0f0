"""Joining: the top page invites municipalities, the verification mail speaks for the portal,
confirming the address leads to マイページ, and a pending member meets no link that ends in 403."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.public_cache import bump_stamp
from members.models import Membership
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat,
    pass_second_factor,
    signup_data,
)

SIGNUP = signup_data()


@pytest.fixture
def sakai(db):
    return make_municipality("坂井市", prefecture=make_prefecture("18", "福井県"), code="182109")


def test_the_top_page_invites_visitors_to_join_with_figures_from_the_data(client, sakai):
    for name in ["白糠町", "鶴岡市"]:
        make_municipality(name)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    body = home.content.decode()
    assert "会員登録（無料）のご案内" in body
    assert "全国3の市区町村の職員の方は" in body  # counted from the register
    assert reverse("account_signup") in body
    assert "連携提案掲示板" in body and "自治体PRページ" in body
    assert "03-5210-9910" in body
    assert "中央値" not in body  # no decision yet: no figure is invented

    # Two decisions, after 2 and 4 days: the median is 3.
    for days in [2, 4]:
        membership = make_member(sakai).membership
        Membership.objects.filter(pk=membership.pk).update(
            applied_at=timezone.now() - datetime.timedelta(days=10),
            decided_at=timezone.now() - datetime.timedelta(days=10 - days),
        )
    bump_stamp()  # as the decision services do: the cached top page is out of date
    assert "中央値で3日です" in client.get(reverse("home")).content.decode()


def test_members_are_not_invited_to_join_again(client, sakai):
    client.force_login(make_member(sakai))
    assert "会員登録（無料）のご案内" not in client.get(reverse("home")).content.decode()


@override_settings(DEFAULT_FROM_EMAIL="全国連携ポータル <noreply@portal.example.jp>")
def test_the_verification_mail_is_the_portals_own(client, sakai, send_outbox):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    [mail] = send_outbox()
    assert mail.from_email == "全国連携ポータル <noreply@portal.example.jp>"
    assert (
        mail.subject
        == "[全国連携ポータル] 会員登録の申請を受け付けました：メールアドレスの確認のお願い"
    )
    assert "全国連携ポータル（特別区全国連携プロジェクト）からのお知らせです。" in mail.body
    assert "福井県坂井市 坂井 花子 様" in mail.body
    assert "事務局が所属自治体を確認のうえ承認します" in mail.body
    assert "こんにちは" not in mail.body and "testserver です" not in mail.body


def test_confirming_the_address_lands_on_mypage_logged_in(client, sakai, send_outbox):
    client.post(reverse("account_signup"), SIGNUP)
    [mail] = send_outbox()
    confirm = re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)
    response = client.post(confirm, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("members:mypage")
    assert "承認待ち" in response.content.decode()


def test_a_link_opened_in_another_browser_leads_to_login_then_mypage(client, sakai, send_outbox):
    client.post(reverse("account_signup"), SIGNUP)
    [mail] = send_outbox()
    confirm = re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)
    client.cookies.clear()  # another browser: not the session that signed up
    response = client.post(confirm)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/mypage/"
    login = client.post(
        response["Location"], {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert login["Location"] == "/mypage/"


def _board_link(body: str) -> bool:
    return f'href="{reverse("bulletin:proposal-list")}"' in body


@pytest.mark.parametrize(
    ("who", "link", "note"),
    [("pending", False, True), ("member", True, False), ("secretariat", True, False)],
)
def test_the_board_link_appears_only_where_it_opens(client, sakai, who, link, note):
    user = {
        "pending": lambda: make_member(sakai, status="pending"),
        "member": lambda: make_member(sakai),
        "secretariat": make_secretariat,
    }[who]()
    pass_second_factor(client, user)
    page = client.get(reverse("members:mypage") if who != "secretariat" else reverse("home"))
    assert page.status_code == 200
    body = page.content.decode()
    assert _board_link(body) is link
    assert ("掲示板（承認後に利用できます）" in body) is note
    if link:
        assert client.get(reverse("bulletin:proposal-list")).status_code == 200


def test_collaborations_are_in_the_main_navigation(client, db):
    body = client.get(reverse("home")).content.decode()
    nav = body[body.index('<nav class="site-nav"') : body.index("</nav>")]
    assert reverse("bulletin:collaboration-list") in nav
