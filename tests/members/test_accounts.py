"""Accounts: registration with the municipality, e-mail verification, login by e-mail with rate
limits, password reset, expiring sessions, and two-factor authentication (required for staff)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, MembershipStatus, Municipality, MunicipalityKind, User
from tests.factories import (
    SIGNUP_PASSWORD,
    TOTP_SECRET,
    add_totp,
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat_staff,
    make_user,
    make_ward,
    signup_data,
    totp_code,
)

SIGNUP_URL = reverse("account_signup")
LOGIN_URL = reverse("account_login")
PASSWORD = SIGNUP_PASSWORD


@pytest.fixture
def some_municipalities(db):
    """Enough of the register for the form: two 府中市, 坂井市 and 品川区."""
    tokyo, fukui = make_prefecture("13", "東京都"), make_prefecture("18", "福井県")
    hiroshima = make_prefecture("34", "広島県")
    make_municipality("府中市", prefecture=tokyo, kind=MunicipalityKind.CITY, code="132063")
    make_municipality("府中市", prefecture=hiroshima, kind=MunicipalityKind.CITY, code="342084")
    make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")
    make_ward()


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def login(client, email, password=PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_registration_page_asks_for_everything(client, db):
    body = client.get(SIGNUP_URL).content.decode()
    for label in [
        "自治体",
        "所属",
        "役職",
        "氏名",
        "氏名（よみがな）",
        "勤務先電話番号",
        "メールアドレス",
    ]:
        assert f'>{label} <span class="required">必須</span></label>' in body, label
    assert "利用規約に同意します" in body
    assert reverse("members:terms") in body
    assert 'list="municipality-options"' in body and "js/municipality-suggest.js" in body


def test_registration_creates_a_pending_application_and_sends_a_verification_link(
    client, full_register, mailoutbox, send_outbox
):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="sakai.hanako@city.example.lg.jp")
    membership = user.membership
    assert membership.municipality == Municipality.objects.get(code="182109")
    assert membership.status == MembershipStatus.PENDING
    assert (membership.department, membership.position) == ("総合政策部 企画政策課", "主事")
    assert (membership.full_name, membership.full_name_kana) == ("坂井 花子", "さかい はなこ")
    assert membership.phone == "0776-00-0000"
    assert membership.agreed_to_terms_at <= timezone.now()
    assert not EmailAddress.objects.get(user=user).verified

    # E-mail verification is mandatory: the password alone does not log in.
    response = login(client, user.email)
    assert "_auth_user_id" not in client.session
    assert response["Location"] == reverse("account_email_verification_sent")

    [mail] = send_outbox()
    confirm = link_in(mail)
    assert client.get(confirm).status_code == 200
    client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified

    response = login(client, user.email)
    assert response["Location"] == reverse("members:mypage")
    page = client.get(reverse("members:mypage")).content.decode()
    assert "承認待ち" in page and "福井県坂井市" in page
    # Pending: no PR page editing yet.
    assert reverse("members:pr-edit", kwargs={"code": "182109"}) not in page


@pytest.mark.parametrize(
    "typed",
    ["東京都品川区", "品川区", "131091", "東京都 品川区", "１３１０９１"],
)
def test_the_municipality_can_be_typed_by_full_name_name_or_code(
    client, some_municipalities, typed
):
    client.post(SIGNUP_URL, signup_data(municipality=typed))
    assert Membership.objects.get().municipality.code == "131091"


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"municipality": "府中市"},
            "「府中市」という自治体は複数あります（東京都府中市、広島県府中市）",
        ),
        ({"municipality": "架空市"}, "「架空市」に当たる自治体が見つかりません"),
        ({"municipality": ""}, "このフィールドは必須です"),
        ({"agree_to_terms": None}, "登録するには利用規約への同意が必要です"),
        (
            {"full_name_kana": "Sakai Hanako"},
            "よみがなは、ひらがなまたはカタカナで入力してください",
        ),
        ({"phone": "12345"}, "電話番号は市外局番から"),
        ({"department": ""}, "このフィールドは必須です"),
    ],
)
def test_registration_errors_are_clear_and_create_nothing(
    client, some_municipalities, changes, message
):
    response = client.post(SIGNUP_URL, signup_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists() and not Membership.objects.exists()
    # What was typed is kept.
    assert "総合政策部 企画政策課" in response.content.decode() or changes.get("department") == ""


def test_suggestions_cover_the_whole_register_including_the_23_wards(client, full_register):
    url = reverse("members:municipality-search")

    def values(query):
        return [item["value"] for item in client.get(url, {"q": query}).json()["results"]]

    assert "東京都品川区" in values("しながわ")
    assert "東京都品川区" in values("シナガワ")
    assert values("福井県坂井") == ["福井県坂井市"]
    assert "北海道白糠町" in values("016683")
    assert values("") == []
    for ward in Municipality.objects.special_wards():
        assert ward.full_name in values(ward.name)
    assert len(values("町")) == 20  # capped
    item = client.get(url, {"q": "坂井市"}).json()["results"][0]
    assert item == {"value": "福井県坂井市", "label": "ふくいけん さかいし", "code": "182109"}


def test_login_is_by_email_and_lands_on_mypage(client, db):
    make_member(make_municipality(), email="member@example.jp", password=PASSWORD)
    form = client.get(LOGIN_URL).context["form"]
    assert list(form.fields)[:2] == ["login", "password"]  # no username anywhere
    assert form.fields["login"].label == "メールアドレス"
    response = login(client, "member@example.jp")
    assert response.status_code == 302 and response["Location"] == reverse("members:mypage")


def test_repeated_failed_logins_are_rate_limited(client, db):
    make_user("target@example.jp", password=PASSWORD)
    for _ in range(5):
        response = login(client, "target@example.jp", "wrong-password")
        assert (
            "入力されたメールアドレスもしくはパスワードが正しくありません"
            in response.content.decode()
        )
    # Even the right password is refused now, for this account.
    response = login(client, "target@example.jp")
    assert "ログイン失敗が連続しています" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_elsewhere_do_not_lock_the_member_out(db):
    """Failed logins count per address and account: a guesser at one address is stopped for that
    account, while its owner (the secretariat too) logs in from another address as usual."""
    from django.test import Client

    secretariat = make_secretariat_staff("jimukyoku@example.jp")
    secretariat.set_password(PASSWORD)
    secretariat.save()
    make_user("member@example.jp", password=PASSWORD)
    for target in ("member@example.jp", "jimukyoku@example.jp"):
        attacker = Client(REMOTE_ADDR="203.0.113.7" if "member" in target else "203.0.113.8")
        for _ in range(5):
            assert "正しくありません" in login(attacker, target, "wrong").content.decode()
        response = login(attacker, target)  # even the right password, from there
        assert "ログイン失敗が連続しています" in response.content.decode()
        assert "_auth_user_id" not in attacker.session

        owner = Client(REMOTE_ADDR="198.51.100.20")
        response = login(owner, target)
        assert response.status_code == 302, target
        assert response["Location"] in (reverse("members:mypage"), reverse("mfa_authenticate"))


def test_one_address_guessing_many_accounts_is_slowed(db):
    from django.test import Client

    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(10):
        response = login(guesser, f"user{number}@example.jp", "wrong")
        assert "正しくありません" in response.content.decode()
    response = login(guesser, "user10@example.jp", "wrong")
    assert "ログイン失敗が連続しています" in response.content.decode()
    # Another address is not affected.
    make_user("member@example.jp", password=PASSWORD)
    assert login(Client(REMOTE_ADDR="198.51.100.20"), "member@example.jp").status_code == 302


def test_sessions_expire(client, db, settings):
    make_user("member@example.jp", password=PASSWORD)
    login(client, "member@example.jp")
    assert "_auth_user_id" in client.session
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    session = Session.objects.get(session_key=client.session.session_key)
    eight_hours = timezone.now() + timezone.timedelta(hours=8)
    assert eight_hours - timezone.timedelta(minutes=1) <= session.expire_date
    assert session.expire_date <= eight_hours + timezone.timedelta(seconds=5)


def test_password_reset(client, db, send_outbox):
    make_user("member@example.jp", password=PASSWORD)
    client.post(reverse("account_reset_password"), {"email": "member@example.jp"})
    [mail] = send_outbox()
    response = client.get(link_in(mail), follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "maruoka-castle-1576"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    login(client, "member@example.jp", PASSWORD)
    assert "_auth_user_id" not in client.session
    login(client, "member@example.jp", new_password)
    assert "_auth_user_id" in client.session


def test_any_member_can_set_up_an_authenticator_app_and_recovery_codes(client, db):
    user = make_member(make_municipality(), email="member@example.jp", password=PASSWORD)
    login(client, "member@example.jp")
    assert reverse("mfa_index") in client.get(reverse("members:mypage")).content.decode()

    # Setting it up asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "認証アプリ" in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    recovery_code = codes.wrap().get_unused_codes()[0]

    # From now on the password alone is not enough.
    client.logout()
    response = login(client, "member@example.jp")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert "_auth_user_id" in client.session

    # A recovery code stands in for a lost phone.
    client.logout()
    login(client, "member@example.jp")
    client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert "_auth_user_id" in client.session


def test_staff_without_an_authenticator_are_sent_to_set_one_up_before_the_admin(client, db):
    staff = make_secretariat_staff(totp=False)
    client.force_login(staff)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "管理画面を使うには2段階認証の設定が必要です" in response.content.decode()

    add_totp(staff)
    # A session without the code from the app, though the app is now set up: the code first.
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2F"
    response = client.post(response["Location"], {"code": totp_code(TOTP_SECRET)})
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth tells of the new app after the commit
def test_setting_up_the_authenticator_app_counts_as_the_second_factor(client):
    """The set-up takes a valid code from the app: no second code is needed to go on."""
    staff = make_secretariat_staff(totp=False)
    staff.set_password(PASSWORD)
    staff.save()
    client.force_login(staff)
    response = client.get(reverse("mfa_activate_totp"))
    client.post(response["Location"], {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("bulletin:report-list")).status_code == 200


def test_the_admin_login_goes_through_two_factor_authentication(client, db):
    staff = make_secretariat_staff("staff@example.jp")
    staff.set_password(PASSWORD)
    staff.save()

    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN_URL)  # allauth's login, not Django's
    response = client.post(
        LOGIN_URL + "?next=/admin/", {"login": "staff@example.jp", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def staff_at_the_second_factor(client, email="staff@example.jp"):
    staff = make_secretariat_staff(email)
    staff.set_password(PASSWORD)
    staff.save()
    response = client.post(LOGIN_URL + "?next=/admin/", {"login": email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    return staff


def test_a_code_typed_as_its_step_ends_is_still_accepted(client, db):
    staff_at_the_second_factor(client)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(steps_ago=1)})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_old_code_and_a_used_code_are_refused(client, db):
    staff_at_the_second_factor(client)

    # A code from a minute ago no longer opens the admin.
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(steps_ago=2)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(reverse("admin:index")).status_code == 302

    # A code that has opened a session cannot open another.
    code = totp_code()
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    other = Client()
    response = other.post(
        LOGIN_URL + "?next=/admin/", {"login": "staff@example.jp", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = other.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert other.get(reverse("admin:index")).status_code == 302


def test_the_terms_page(client, db):
    body = client.get(reverse("members:terms")).content.decode()
    assert "利用規約" in body and "個人情報" in body


def test_registering_an_address_that_exists_creates_nothing_and_reveals_nothing(
    client, some_municipalities, send_outbox
):
    existing = make_member(email="sakai.hanako@city.example.lg.jp")
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1 and Membership.objects.get().user == existing
    [mail] = send_outbox()  # "you already have an account", to the address's owner
    assert mail.to == [existing.email]


def test_wrong_second_factor_codes_count_per_account_not_against_the_office_address(db):
    """Ten mistyped codes from one office's shared address once locked every colleague behind
    it out of logging in for a minute. They count against that account (and address) only."""
    office = "203.0.113.50"
    typist = Client(REMOTE_ADDR=office)
    staff_at_the_second_factor(typist)
    for attempt in range(10):
        page = typist.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
        assert ("ログイン失敗が連続しています" in page) == (attempt >= 5), attempt
    assert "ログイン失敗が連続しています" in page  # this account, from this address: stopped
    assert "_auth_user_id" not in typist.session

    make_user("colleague@example.jp", password=PASSWORD)
    colleague = Client(REMOTE_ADDR=office)
    response = login(colleague, "colleague@example.jp")
    assert response.status_code == 302, response.content.decode()[:300]
    assert "_auth_user_id" in colleague.session
