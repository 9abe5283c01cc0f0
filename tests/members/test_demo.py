"""Demo accounts: created by `make run` (create_demo_accounts), idempotent, never in production."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from members.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from members.models import MembershipStatus, PRPage, User
from members.permissions import acts_for, is_secretariat
from tests.factories import totp_code


@pytest.fixture
def demo(full_register, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=io.StringIO())
    return {user.email: user for user in User.objects.all()}


def test_demo_accounts_are_created_once(demo, settings):
    call_command("create_demo_accounts", stdout=io.StringIO())
    assert User.objects.count() == 4
    secretariat = demo["jimukyoku@example.jp"]
    assert is_secretariat(secretariat)
    assert Authenticator.objects.filter(user=secretariat, type="totp").count() == 1
    sakai = demo["sakai@example.jp"].membership
    assert (sakai.municipality.code, sakai.status) == ("182109", MembershipStatus.APPROVED)
    shinagawa = demo["shinagawa@example.jp"].membership
    assert (shinagawa.municipality.code, shinagawa.status) == ("131091", MembershipStatus.APPROVED)
    assert demo["applicant@example.jp"].membership.status == MembershipStatus.PENDING
    assert acts_for(demo["sakai@example.jp"], sakai.municipality)
    assert PRPage.objects.filter(municipality__code="182109").count() == 1


def test_the_documented_secret_logs_the_demo_secretariat_into_the_admin(demo, client):
    client.post(
        reverse("account_login"), {"login": "jimukyoku@example.jp", "password": DEMO_PASSWORD}
    )
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:members_membership_changelist") in response.content.decode()


def test_demo_accounts_are_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only in development"):
        call_command("create_demo_accounts")
    with pytest.raises(CommandError, match="only in development"):
        call_command("demo_totp_code")
    assert not User.objects.exists()
