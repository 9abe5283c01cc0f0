"""An organisation applies (its own sign-up), verifies its address, and the secretariat approves
or rejects it on the application's admin page; every mail goes through the outbox."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from members.models import MembershipStatus, OutgoingEmail, User
from partners.models import PartnerMembership, PartnerOrganisation
from tests.factories import SIGNUP_PASSWORD, make_secretariat, pass_second_factor

SIGNUP_URL = reverse("partners:signup")
NTA = "7000012050002"  # a valid 法人番号 (the National Tax Agency's own)


def partner_signup(**changes) -> dict:
    data = {
        "name": "特定非営利活動法人 まちづくりネット",
        "kind": "npo",
        "corporate_number": NTA,
        "address": "東京都千代田区飯田橋3-5-1",
        "offer": "空き家の活用相談\n子育て支援の講座",
        "website": "https://npo.example.jp/",
        "department": "事業部",
        "full_name": "協働 花子",
        "full_name_kana": "きょうどう はなこ",
        "phone": "03-1234-5678",
        "email": "hanako@npo.example.jp",
        "password1": SIGNUP_PASSWORD,
        "password2": SIGNUP_PASSWORD,
        "agree_to_terms": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def secretariat(db):
    return make_secretariat()


def test_the_sign_up_page_asks_for_the_organisation_and_its_person(client, db):
    body = client.get(SIGNUP_URL).content.decode()
    for label in ["団体名", "種別", "所在地", "提供できること", "部署", "担当者氏名", "電話番号"]:
        assert f'>{label} <span class="required">必須</span></label>' in body, label
    assert "法人番号" in body and "利用規約に同意します" in body


def test_an_application_is_pending_the_secretariat_is_mailed_and_nothing_is_public(
    client, secretariat
):
    response = client.post(SIGNUP_URL, partner_signup())
    assert response.status_code == 302
    user = User.objects.get(email="hanako@npo.example.jp")
    membership = user.partner_membership
    assert membership.status == MembershipStatus.PENDING
    organisation = membership.organisation
    assert (organisation.kind, organisation.corporate_number) == ("npo", NTA)
    assert organisation.approved_on is None
    assert not EmailAddress.objects.get(user=user).verified
    assert OutgoingEmail.objects.filter(to=secretariat.email, subject__contains="参加申請").exists()
    # The verification mail (allauth's, through the outbox too).
    assert OutgoingEmail.objects.filter(to=user.email).exists()
    directory = client.get(reverse("partners:organisation-list")).content.decode()
    assert "まちづくりネット" not in directory


def test_an_invalid_corporate_number_is_refused_with_a_clear_message_and_creates_nothing(
    client, db
):
    response = client.post(SIGNUP_URL, partner_signup(corporate_number="1000012050002"))
    assert response.status_code == 200
    assert "検査用数字（先頭の1桁）が正しくありません" in response.content.decode()
    assert not User.objects.exists() and not PartnerOrganisation.objects.exists()
    response = client.post(SIGNUP_URL, partner_signup(corporate_number="700001205000"))
    assert "法人番号は13桁です（入力は12桁）" in response.content.decode()


def test_full_width_digits_are_normalised(client, db):
    response = client.post(
        SIGNUP_URL, partner_signup(corporate_number="７０００-０１２０-５０００２")
    )
    assert response.status_code == 302
    assert PartnerOrganisation.objects.get().corporate_number == NTA


def test_only_an_association_may_leave_the_corporate_number_empty(client, db):
    response = client.post(SIGNUP_URL, partner_signup(corporate_number=""))
    assert response.status_code == 200
    assert "空欄にできるのは種別「団体」の任意団体だけです" in response.content.decode()
    response = client.post(SIGNUP_URL, partner_signup(corporate_number="", kind="association"))
    assert response.status_code == 302
    assert PartnerOrganisation.objects.get().corporate_number == ""


def test_an_organisation_registered_already_is_refused(client, db):
    assert client.post(SIGNUP_URL, partner_signup()).status_code == 302
    response = client.post(SIGNUP_URL, partner_signup(email="other@npo.example.jp"))
    assert response.status_code == 200
    assert "すでに登録されています" in response.content.decode()


PERSON = {
    "department": "事業部",
    "full_name": "協働 花子",
    "full_name_kana": "きょうどう はなこ",
    "phone": "03-1234-5678",
}


def _apply(client) -> PartnerMembership:
    client.post(SIGNUP_URL, partner_signup())
    membership = PartnerMembership.objects.get()
    EmailAddress.objects.filter(user=membership.user).update(verified=True)
    OutgoingEmail.objects.all().delete()
    return membership


def test_the_secretariat_approves_on_the_application_page(client, secretariat):
    membership = _apply(client)
    pass_second_factor(client, secretariat)
    url = reverse("admin:partners_partnermembership_change", args=[membership.pk])
    page = client.get(url).content.decode()
    assert 'name="_approve"' in page and 'name="_reject"' in page
    client.post(url, {**PERSON, "_approve": "承認"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == secretariat
    [mail] = OutgoingEmail.objects.filter(to=membership.user.email)
    assert "承認されました" in mail.subject
    client.logout()
    directory = client.get(reverse("partners:organisation-list")).content.decode()
    assert "特定非営利活動法人 まちづくりネット" in directory and "空き家の活用相談" in directory


def test_the_secretariat_rejects_with_a_reason_that_is_mailed(client, secretariat):
    membership = _apply(client)
    pass_second_factor(client, secretariat)
    url = reverse("admin:partners_partnermembership_change", args=[membership.pk])
    client.post(url, {**PERSON, "_reject": "不承認", "reason": ""})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING  # no reason, no decision
    client.post(
        url, {**PERSON, "_reject": "不承認", "reason": "団体の活動内容を確認できませんでした。"}
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    [mail] = OutgoingEmail.objects.filter(to=membership.user.email)
    assert "団体の活動内容を確認できませんでした。" in mail.body
    assert PartnerOrganisation.objects.get().approved_on is None


def test_an_unverified_address_cannot_be_approved(client, secretariat):
    client.post(SIGNUP_URL, partner_signup())
    membership = PartnerMembership.objects.get()
    pass_second_factor(client, secretariat)
    url = reverse("admin:partners_partnermembership_change", args=[membership.pk])
    client.post(url, {**PERSON, "_approve": "承認"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_mypage_shows_the_partner_application(client, db):
    from tests.factories import make_partner

    user = make_partner(status="pending", email="p@npo.example.jp")
    client.force_login(user)
    page = client.get(reverse("members:mypage")).content.decode()
    assert "まちづくりネット" in page and "承認待ち" in page
    assert re.search(r'href="/board/"', page) is None
