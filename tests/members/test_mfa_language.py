"""The two-factor screens speak Japanese: the login's code step, re-authentication, setting up the
authenticator app, the recovery codes and the overview. allauth's own ja catalogue covers every
string of the types the portal enables (TOTP, recovery codes); this keeps it so when allauth or
our templates change (an English string would show here)."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import TOTP_SECRET, add_totp, make_member

PASSWORD = "kani-2024-echizen"


def english_on(html: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Latin words a reader sees in the page's title and main content (codes and secrets aside)."""
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    main = re.search(r"(?s)<main\b.*?</main>", html)[0]
    main = re.sub(r'<input[^>]*type="hidden"[^>]*>', "", main)
    labels = re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', main)
    text = " ".join([title, re.sub(r"(?s)<[^>]+>", " ", main), *labels])
    for value in allowed:
        text = text.replace(value, "")
    return re.findall(r"[A-Za-z][A-Za-z']{2,}", text)


@pytest.fixture
def member(db):
    user = make_member(email="hanako@example.jp")
    user.set_password(PASSWORD)
    user.save()
    return user


def reauthenticated(client, user):
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def test_setting_up_the_authenticator_app_is_in_japanese(client, member):
    reauthenticated(client, member)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert english_on(page.content.decode(), allowed=(secret,)) == []
    assert "認証アプリ" in page.content.decode()
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert english_on(wrong.content.decode(), allowed=(secret,)) == []
    assert "コードが正しくありません" in wrong.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
        "account_reauthenticate",
    ],
)
def test_managing_the_second_factor_is_in_japanese(client, member, name):
    add_totp(member)
    RecoveryCodes.activate(member)
    reauthenticated(client, member)
    page = client.get(reverse(name))
    assert page.status_code == 200
    assert english_on(page.content.decode()) == []


def test_the_code_step_of_the_login_is_in_japanese(client, member):
    add_totp(member, TOTP_SECRET)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate"))
    assert english_on(page.content.decode()) == []
    assert "認証コード" in page.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert english_on(wrong.content.decode()) == []
    assert "コードが正しくありません" in wrong.content.decode()
