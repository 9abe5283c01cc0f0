"""Membership decisions: approval (first one makes a member municipality), rejection with a
reason, deactivation; the applicant is e-mailed each time, through the outbox (written in the
decision's transaction, sent by the worker)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import (
    MemberMunicipality,
    Membership,
    MembershipStatus,
    Municipality,
    OutgoingEmail,
    PRPage,
)
from members.permissions import acts_for, is_secretariat, is_ward_member
from members.services import (
    MembershipError,
    membership_approve,
    membership_deactivate,
    membership_reject,
    pr_page_update,
)
from tests.factories import (
    make_member,
    make_municipality,
    make_secretariat,
    make_secretariat_staff,
    make_user,
    make_ward,
)


@pytest.fixture
def secretariat(db):
    return make_secretariat_staff()


def pending(municipality=None, **kwargs):
    return make_member(municipality, status="pending", **kwargs).membership


def test_approval_makes_the_first_member_municipality_and_emails_through_the_outbox(
    secretariat, mailoutbox, send_outbox, settings
):
    town = make_municipality("白糠町")
    first, second = pending(town), pending(town)
    assert Municipality.objects.members().count() == 0

    settings.SITE_URL = "https://p.example"
    membership_approve(membership=first, decided_by=secretariat)
    assert mailoutbox == []  # the decision does not talk to the mail server
    assert OutgoingEmail.objects.unsent().get().to == first.user.email
    send_outbox()

    first.refresh_from_db()
    assert first.status == MembershipStatus.APPROVED
    assert first.decided_by == secretariat and first.decided_at is not None
    record = MemberMunicipality.objects.get(municipality=town)
    assert record.joined_on == timezone.localdate()
    assert Municipality.objects.members().count() == 1
    [mail] = mailoutbox
    assert mail.to == [first.user.email]
    assert "承認されました" in mail.subject and mail.subject.startswith("[全国連携ポータル]")
    assert "https://p.example" + reverse("members:mypage") in mail.body
    # What the member can do next: the board, the interests, the PR page.
    for url in (
        reverse("bulletin:proposal-list"),
        reverse("bulletin:interest-profile"),
        reverse("members:pr-edit", args=[town.code]),
    ):
        assert "https://p.example" + url in mail.body

    # A second approval in the same municipality keeps the original date and count.
    record.joined_on = datetime.date(2020, 4, 1)
    record.save()
    membership_approve(membership=second, decided_by=secretariat)
    assert MemberMunicipality.objects.get(municipality=town).joined_on == datetime.date(2020, 4, 1)
    assert Municipality.objects.members().count() == 1


def test_no_mail_when_the_transaction_rolls_back(secretariat, mailoutbox, send_outbox):
    membership = pending()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        membership_approve(membership=membership, decided_by=secretariat)
        raise Abort
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    assert not MemberMunicipality.objects.exists()
    assert not OutgoingEmail.objects.exists()
    send_outbox()
    assert mailoutbox == []


def test_rejection_needs_a_reason_and_tells_the_applicant(secretariat, mailoutbox, send_outbox):
    membership = pending()
    with pytest.raises(MembershipError):
        membership_reject(membership=membership, decided_by=secretariat, reason="  ")
    membership_reject(
        membership=membership, decided_by=secretariat, reason="所属を確認できませんでした。"
    )
    send_outbox()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert not MemberMunicipality.objects.exists()
    [mail] = mailoutbox
    assert "所属を確認できませんでした。" in mail.body


def test_decided_applications_cannot_be_decided_again(secretariat):
    membership = pending()
    membership_approve(membership=membership, decided_by=secretariat)
    with pytest.raises(MembershipError, match="承認済み"):
        membership_approve(membership=membership, decided_by=secretariat)
    with pytest.raises(MembershipError):
        membership_reject(membership=membership, decided_by=secretariat, reason="理由")


def test_an_unverified_email_cannot_be_approved(secretariat):
    user = make_user(verified=False)
    town = make_municipality()
    Membership.objects.create(
        user=user,
        municipality=town,
        department="企画課",
        full_name="未確認 太郎",
        full_name_kana="みかくにん たろう",
        phone="03-0000-0000",
        agreed_to_terms_at=timezone.now(),
    )
    with pytest.raises(MembershipError, match="メールアドレスの確認"):
        membership_approve(membership=user.membership, decided_by=secretariat)


def test_deactivation_keeps_the_content_and_a_successor_carries_on(
    secretariat, mailoutbox, send_outbox
):
    town = make_municipality("白糠町")
    leaver = make_member(town)
    pr_page_update(
        municipality=town,
        editor=leaver,
        fields={"catchphrase": "くじらの町", "introduction": "太平洋に面した町です。"},
    )
    joined = MemberMunicipality.objects.create(
        municipality=town, joined_on=datetime.date(2019, 4, 1)
    )

    membership_deactivate(membership=leaver.membership, deactivated_by=secretariat)
    send_outbox()
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert leaver.membership.status == MembershipStatus.DEACTIVATED
    assert not acts_for(leaver, town)
    assert "事務局が" in mailoutbox[-1].body

    page = PRPage.objects.get(municipality=town)
    assert page.catchphrase == "くじらの町" and page.updated_by == leaver
    assert MemberMunicipality.objects.get(municipality=town).joined_on == joined.joined_on

    successor = membership_approve(membership=pending(town), decided_by=secretariat)
    pr_page_update(
        municipality=town,
        editor=successor.user,
        fields={"catchphrase": "くじらの町 しらぬか", "introduction": page.introduction},
    )
    assert PRPage.objects.get(municipality=town).catchphrase == "くじらの町 しらぬか"
    with pytest.raises(MembershipError):
        membership_deactivate(membership=leaver.membership, deactivated_by=secretariat)


def test_roles(db):
    ward_member = make_member(make_ward())
    town_member = make_member(make_municipality())
    assert is_ward_member(ward_member) and not is_ward_member(town_member)
    assert ward_member.membership.role_label == "特別区職員"
    assert town_member.membership.role_label == "自治体職員"
    assert is_secretariat(make_secretariat_staff())
    assert is_secretariat(make_secretariat("root@example.jp"))
    # Staff status alone (without the 事務局 group) is not the secretariat.
    assert not is_secretariat(make_user("it@example.jp", is_staff=True))
    assert not is_secretariat(town_member)


def test_only_the_municipalitys_members_can_save_its_page_even_through_the_service(db):
    from django.core.exceptions import PermissionDenied

    town = make_municipality()
    with pytest.raises(PermissionDenied):
        pr_page_update(
            municipality=town,
            editor=make_member(make_municipality()),
            fields={"catchphrase": "x", "introduction": "y"},
        )
    assert not PRPage.objects.exists()
