"""マイページ: profile, application status and links to what the member may edit; changing
one's details; stopping one's own account."""

import pytest
from django.urls import reverse

from members.models import MembershipStatus, PRPage
from members.services import pr_page_update
from tests.factories import make_member, make_municipality, make_secretariat, make_ward

MYPAGE = reverse("members:mypage")
PASSWORD = "correct-horse-battery"


def test_mypage_needs_login(client, db):
    response = client.get(MYPAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "status, shown, pr_link",
    [
        ("pending", "事務局が申請内容を確認しています", False),
        ("approved", "の自治体職員として登録されています", True),
        ("rejected", "申請は承認されませんでした", False),
    ],
)
def test_mypage_shows_status_profile_and_links(client, db, status, shown, pr_link):
    town = make_municipality("白糠町")
    user = make_member(town, status=status)
    client.force_login(user)
    body = client.get(MYPAGE).content.decode()
    assert shown in body
    assert "企画課" in body and "連携 太郎" in body and user.email in body
    assert (reverse("members:pr-edit", kwargs={"code": town.code}) in body) is pr_link
    assert reverse("mfa_index") in body and reverse("account_change_password") in body
    if status == "rejected":
        assert "テスト" in body  # the reason


def test_a_ward_member_is_shown_as_ward_staff(client, db):
    client.force_login(make_member(make_ward()))
    assert "東京都品川区の特別区職員として登録されています" in client.get(MYPAGE).content.decode()


def test_secretariat_sees_the_admin_link(client, db):
    client.force_login(make_secretariat())
    body = client.get(MYPAGE).content.decode()
    assert reverse("admin:index") in body
    assert "会員登録がありません" in body


def test_profile_can_be_changed_but_not_the_municipality(client, db):
    user = make_member()
    original_municipality = user.membership.municipality
    client.force_login(user)
    url = reverse("members:profile-edit")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "department": "政策企画課",
            "position": "係長",
            "full_name": "連携 太郎",
            "full_name_kana": "レンケイ タロウ",
            "phone": "03-1234-5678",
            "municipality": make_municipality().pk,
        },
    )
    assert response.status_code == 302
    user.membership.refresh_from_db()
    assert user.membership.department == "政策企画課"
    assert user.membership.full_name_kana == "レンケイ タロウ"
    assert user.membership.municipality == original_municipality
    response = client.post(
        url, {"department": "", "full_name": "x", "full_name_kana": "x", "phone": "1"}
    )
    body = response.content.decode()
    assert "よみがなは、ひらがなまたはカタカナで入力してください" in body
    assert "電話番号は市外局番から" in body


def test_a_member_stops_their_own_account_and_the_content_stays(
    client, db, mailoutbox, send_outbox
):
    town = make_municipality()
    user = make_member(town, email="leaver@example.jp")
    pr_page_update(municipality=town, editor=user, fields={"catchphrase": "c", "introduction": "i"})
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    url = reverse("members:deactivate")
    assert "アカウントを利用停止にする" in client.get(MYPAGE).content.decode()
    assert "後任の方" in client.get(url).content.decode()

    response = client.post(url, follow=True)
    send_outbox()
    assert "アカウントを利用停止しました" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert not user.is_active and user.membership.status == MembershipStatus.DEACTIVATED
    assert "ご本人の操作により" in mailoutbox[-1].body
    assert PRPage.objects.filter(municipality=town).exists()

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_deactivation_needs_a_membership(client, db):
    secretariat = make_secretariat()
    client.force_login(secretariat)
    assert client.get(reverse("members:deactivate")).status_code == 403
    response = client.post(reverse("members:deactivate"))
    assert response.status_code == 403
    assert "このページを表示する権限がありません" in response.content.decode()
    secretariat.refresh_from_db()
    assert secretariat.is_active  # refused, not done anyway
    assert "_auth_user_id" in client.session


def test_mypage_dates_read_in_the_era_with_the_western_year(client, db):
    import datetime

    from members.models import Membership

    user = make_member(make_municipality("白糠町"))
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    Membership.objects.filter(user=user).update(
        applied_at=datetime.datetime(2024, 7, 31, 23, 30, tzinfo=tokyo),
        decided_at=datetime.datetime(2024, 8, 1, 10, 0, tzinfo=tokyo),
    )
    client.force_login(user)
    body = client.get(MYPAGE).content.decode()
    assert "令和6年7月31日（2024年7月31日）" in body
    assert "令和6年8月1日（2024年8月1日）" in body
    assert '<time datetime="2024-07-31T23:30:00+09:00">' in body
