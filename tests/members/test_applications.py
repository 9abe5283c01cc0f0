"""A new membership application reaches the secretariat by mail (through the outbox), and two
pending applications for one municipality are flagged where the secretariat decides."""

import pytest
from django.urls import reverse

from members.models import OutgoingEmail
from members.services import membership_apply
from tests.factories import (
    make_member,
    make_municipality,
    make_secretariat_staff,
    make_user,
    pass_second_factor,
)

CHANGELIST = reverse("admin:members_membership_changelist")


def apply(user, municipality, **overrides):
    details = {
        "department": "企画課",
        "position": "主事",
        "full_name": "白糠 太郎",
        "full_name_kana": "シラヌカ タロウ",
        "phone": "01547-2-2171",
        **overrides,
    }
    return membership_apply(user=user, municipality=municipality, **details)


@pytest.fixture
def staff(db):
    return make_secretariat_staff()


def test_a_new_application_mails_the_secretariat_through_the_outbox(
    staff, mailoutbox, send_outbox, django_capture_on_commit_callbacks
):
    town = make_municipality("白糠町")
    with django_capture_on_commit_callbacks(execute=True):
        membership = apply(make_user("applicant@example.jp"), town)
    assert mailoutbox == []  # the request does not talk to the mail server
    email = OutgoingEmail.objects.get(to=staff.email)
    assert "新しい会員登録申請" in email.subject and "白糠町" in email.subject
    assert "白糠 太郎" in email.body and "applicant@example.jp" in email.body
    assert reverse("admin:members_membership_change", args=[membership.pk]) in email.body
    assert "ほかにも承認待ち" not in email.body
    assert [m.to for m in send_outbox()] == [[staff.email]]


def test_a_second_pending_application_is_named_in_the_mail(staff):
    town = make_municipality("白糠町")
    apply(make_user("first@example.jp"), town, full_name="白糠 一郎")
    apply(make_user("second@example.jp"), town)
    latest = OutgoingEmail.objects.filter(to=staff.email).order_by("pk").last()
    assert "ほかにも承認待ちの申請が1件" in latest.body and "first@example.jp" in latest.body


def test_two_pending_applications_for_one_municipality_are_flagged(client, staff):
    pass_second_factor(client, staff)
    town, city = make_municipality("白糠町"), make_municipality("釧路市", code="012068")
    first = make_member(town, status="pending", email="first@example.jp").membership
    second = make_member(town, status="pending", email="second@example.jp").membership
    alone = make_member(city, status="pending", email="alone@example.jp").membership
    make_member(city, email="approved@example.jp")  # an approved colleague is no duplicate

    listing = client.get(CHANGELIST)
    rows = {m.pk: m.other_pending for m in listing.context["cl"].result_list}
    assert rows == {first.pk: 1, second.pk: 1, alone.pk: 0}
    assert listing.content.decode().count("pending-duplicate") == 2

    page = client.get(reverse("admin:members_membership_change", args=[first.pk]))
    body = page.content.decode()
    assert "ほかにも承認待ちの申請が1件" in body
    assert reverse("admin:members_membership_change", args=[second.pk]) in body
    page = client.get(reverse("admin:members_membership_change", args=[alone.pk]))
    assert "ほかにも承認待ち" not in page.content.decode()
