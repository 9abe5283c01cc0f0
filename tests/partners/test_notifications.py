"""A partner organisation's member who replied to or raised a hand on a post opened to partners
is told of what follows (later replies, status changes), in the site and by mail through the
outbox, with their digest and mute settings honoured, as municipal members are."""

import pytest
from django.urls import reverse

from bulletin.forms.notifications import MUTABLE_KINDS
from bulletin.models import Notification, NotificationKind
from bulletin.outbox import queue_digests
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import call_submit
from bulletin.services.replies import hand_raise, reply_post
from members.models import OutgoingEmail
from tests.bulletin.test_matching import call_data
from tests.factories import make_partner

CALL = "子ども食堂の協力団体を募集"


@pytest.fixture
def npo(board):
    return make_partner(email="hanako@npo.example.jp")


@pytest.fixture
def call(board):
    call = call_submit(author=board.ward, data=call_data(title=CALL, welcomes_partners=True))
    Notification.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    return call


def told(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


def mails_to(user):
    return OutgoingEmail.objects.filter(to=user.email)


def test_a_partner_who_replied_is_told_of_later_replies_in_the_site_and_by_mail(
    client, board, npo, call
):
    reply_post(proposal=call, author=npo, body="協力できます")
    reply_post(proposal=call, author=board.ward, body="ありがとうございます。日程を調整します")
    [notification] = told(npo, NotificationKind.REPLY)
    assert "品川区から返信がありました" in notification.message and CALL in notification.message
    [mail] = mails_to(npo)
    assert CALL in mail.subject + mail.body
    # The header tells the partner; the list shows it; opening it leads to the call.
    client.force_login(npo)
    assert "未読1件" in client.get(call.get_absolute_url()).content.decode()
    page = client.get(reverse("bulletin:notification-list"))
    assert page.status_code == 200
    assert "品川区から返信がありました" in page.content.decode()
    opened = client.get(reverse("bulletin:notification-open", args=[notification.pk]))
    assert opened.status_code == 302 and opened["Location"] == call.get_absolute_url()
    assert told(npo, NotificationKind.REPLY).unread().count() == 0


def test_a_partner_who_raised_a_hand_is_told_of_replies_and_status_changes(board, npo, call):
    hand_raise(proposal=call, user=npo)
    reply_post(proposal=call, author=board.other, body="白糠町も関心があります")
    assert told(npo, NotificationKind.REPLY).count() == 1
    proposal_change_status(proposal=call, user=board.ward, to_status="coordinating")
    [status] = told(npo, NotificationKind.STATUS_CHANGED)
    assert "調整中" in status.message
    assert mails_to(npo).count() == 2


def test_a_partners_digest_setting_holds_the_mail_for_the_daily_digest(client, board, npo, call):
    client.force_login(npo)
    response = client.post(reverse("bulletin:notification-settings"), {"delivery": "digest"})
    assert response.status_code == 302
    reply_post(proposal=call, author=npo, body="協力できます")
    reply_post(proposal=call, author=board.ward, body="日程を調整します")
    assert told(npo, NotificationKind.REPLY).count() == 1
    assert not mails_to(npo).exists()  # not at once
    queue_digests()
    [digest] = mails_to(npo)
    assert "掲示板のお知らせ（1件）" in digest.subject and CALL in digest.body


def test_a_partner_who_muted_replies_is_not_told_of_them(client, board, npo, call):
    client.force_login(npo)
    kinds = [k for k, _label in MUTABLE_KINDS if k != NotificationKind.REPLY]
    assert client.post(reverse("bulletin:alert-settings"), {"kinds": kinds}).status_code == 302
    reply_post(proposal=call, author=npo, body="協力できます")
    reply_post(proposal=call, author=board.ward, body="日程を調整します")
    assert not told(npo, NotificationKind.REPLY).exists()
    assert not mails_to(npo).exists()
    proposal_change_status(proposal=call, user=board.ward, to_status="coordinating")
    assert told(npo, NotificationKind.STATUS_CHANGED).count() == 1


def test_a_partner_is_not_told_once_the_post_is_no_longer_open_to_partners(board, npo, call):
    reply_post(proposal=call, author=npo, body="協力できます")
    call.welcomes_partners = False
    call.save(update_fields=["welcomes_partners"])
    reply_post(proposal=call, author=board.ward, body="自治体だけで進めます")
    assert not told(npo, NotificationKind.REPLY).exists()
    assert not mails_to(npo).exists()
