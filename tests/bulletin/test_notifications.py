"""Notifications: exactly one per event and recipient, mail through the outbox (sent by the worker,
never by the request), retry of failed mail, the daily digest, the in-site list with its unread
count."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Notification, NotificationKind
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.replies import hand_raise, reply_post
from members import outbox
from members.models import OutgoingEmail
from tests.smtp import FakeSMTPServer

from .conftest import post_proposal


class FlakyBackend:
    """An e-mail backend that fails while `down` is set, then delivers to mail.outbox."""

    down = False

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.backend = EmailBackend(*args, **kwargs)

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if FlakyBackend.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return self.backend.send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.down = False
    yield FlakyBackend
    FlakyBackend.down = False


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_a_reply_notifies_the_proposer_once_through_the_worker(
    board, proposal, django_capture_on_commit_callbacks, send_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(proposal=proposal, author=board.ward, body="品川区です。ぜひ。")
    assert mail.outbox == []  # the reply does not talk to the mail server
    assert OutgoingEmail.objects.unsent().count() == 2
    send_outbox()
    # Both members of 坂井市 are told, once each; the author is not.
    assert recipients() == ["sakai2@example.jp", "sakai@example.jp"]
    assert Notification.objects.filter(kind=NotificationKind.REPLY).count() == 2
    assert not Notification.objects.filter(recipient=board.ward).exists()
    message = mail.outbox[0]
    assert "品川区から返信がありました" in message.subject
    assert proposal.get_absolute_url() in message.body and "品川区です。ぜひ。" in message.body
    assert OutgoingEmail.objects.unsent().count() == 0


def test_a_raised_hand_tells_the_proposer_once(board, proposal, send_outbox):
    hand_raise(proposal=proposal, user=board.ward)
    hand_raise(proposal=proposal, user=board.ward)  # twice: still one hand
    send_outbox()
    assert recipients() == ["sakai2@example.jp", "sakai@example.jp"]
    assert "品川区が手を挙げました" in mail.outbox[0].subject
    assert Notification.objects.filter(kind=NotificationKind.HAND_RAISED).count() == 2


def test_a_status_change_tells_the_proposer_and_the_participants_once(board, proposal, send_outbox):
    reply_post(proposal=proposal, author=board.ward, body="一つ目")
    reply_post(proposal=proposal, author=board.ward, body="二つ目")
    hand_raise(proposal=proposal, user=board.ward)
    send_outbox()
    mail.outbox.clear()
    Notification.objects.all().delete()
    proposal_change_status(proposal=proposal, user=board.proposer, to_status="coordinating")
    send_outbox()
    # The colleague in 坂井市 and 品川区 (replied twice, raised a hand): one each. Not the actor.
    assert recipients() == ["sakai2@example.jp", "shinagawa@example.jp"]
    assert Notification.objects.count() == 2
    assert "「調整中」になりました" in mail.outbox[0].subject


def test_the_proposer_replying_tells_the_ward_that_replied(board, proposal, send_outbox):
    reply_post(proposal=proposal, author=board.ward, body="質問です")
    send_outbox()
    mail.outbox.clear()
    reply_post(proposal=proposal, author=board.proposer, body="お答えします")
    send_outbox()
    assert recipients() == ["sakai2@example.jp", "shinagawa@example.jp"]


def test_nothing_is_sent_when_the_transaction_rolls_back(board, proposal, send_outbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        reply_post(proposal=proposal, author=board.ward, body="取り消される")
        raise RuntimeError
    send_outbox()
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists() and not Notification.objects.exists()


def test_a_failed_email_is_kept_retried_and_then_sent(board, proposal, flaky_mail, send_outbox):
    flaky_mail.down = True
    hand_raise(proposal=proposal, user=board.ward)
    send_outbox()
    assert mail.outbox == []
    failed = OutgoingEmail.objects.unsent()
    assert failed.count() == 2
    first = failed.first()
    assert first.attempts == 1 and "SMTPServerDisconnected" in first.last_error
    assert first.next_attempt_at > timezone.now() + datetime.timedelta(minutes=4)

    # Still down when the command runs after the delay: kept, and tried later again.
    later = timezone.now() + datetime.timedelta(minutes=6)
    result = outbox.send_due(now=later)
    assert (result.sent, result.failed) == (0, 2)
    first.refresh_from_db()
    assert first.attempts == 2 and first.sent_at is None
    assert first.next_attempt_at >= later + datetime.timedelta(minutes=10)

    # Before the next attempt is due the command sends nothing.
    call_command("send_notifications", stdout=io.StringIO())
    assert mail.outbox == []

    # The server is back: the command sends each mail exactly once.
    flaky_mail.down = False
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    output = io.StringIO()
    call_command("send_notifications", stdout=output)
    assert "sent: 2, failed: 0, still waiting: 0" in output.getvalue()
    assert recipients() == ["sakai2@example.jp", "sakai@example.jp"]
    call_command("send_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert all(email.sent_at for email in OutgoingEmail.objects.all())


def test_retry_delay_grows_and_is_capped():
    assert outbox.retry_delay(1) == datetime.timedelta(minutes=5)
    assert outbox.retry_delay(2) == datetime.timedelta(minutes=10)
    assert outbox.retry_delay(20) == datetime.timedelta(hours=6)


def test_digest_members_get_one_mail_a_day(client, board, proposal, send_outbox):
    client.force_login(board.proposer)
    response = client.post(reverse("bulletin:notification-settings"), {"delivery": "digest"})
    assert response.status_code == 302
    reply_post(proposal=proposal, author=board.ward, body="一つ目")
    hand_raise(proposal=proposal, user=board.ward)
    send_outbox()
    # The colleague (immediate) got two mails; the proposer (digest) none yet.
    assert recipients() == ["sakai2@example.jp", "sakai2@example.jp"]
    assert Notification.objects.filter(recipient=board.proposer).count() == 2
    mail.outbox.clear()

    call_command("send_notifications", "--digest", stdout=io.StringIO())
    assert recipients() == ["sakai@example.jp"]
    digest = mail.outbox[0]
    assert "（2件）" in digest.subject
    assert "品川区から返信がありました" in digest.body and "品川区が手を挙げました" in digest.body
    call_command("send_notifications", "--digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # nothing twice


def test_notification_list_and_unread_count(client, board, proposal):
    reply_post(proposal=proposal, author=board.ward, body="よろしくお願いします")
    hand_raise(proposal=proposal, user=board.ward)
    client.force_login(board.proposer)
    page = client.get(reverse("bulletin:proposal-list")).content.decode()
    assert "未読2件" in page  # in the header, on every page
    response = client.get(reverse("bulletin:notification-list"))
    body = response.content.decode()
    assert "品川区から返信がありました" in body and "品川区が手を挙げました" in body

    first = Notification.objects.filter(recipient=board.proposer).order_by("pk").first()
    response = client.get(reverse("bulletin:notification-open", args=[first.pk]))
    assert response["Location"] == proposal.get_absolute_url()
    assert "未読1件" in client.get(reverse("bulletin:notification-list")).content.decode()
    client.post(reverse("bulletin:notification-list"))
    assert "未読" not in client.get(reverse("bulletin:proposal-list")).content.decode()

    # Someone else's notification is not theirs to open.
    client.force_login(board.other)
    assert client.get(reverse("bulletin:notification-open", args=[first.pk])).status_code == 404


@override_settings(SITE_URL="https://portal.example.jp")
def test_mail_links_use_the_site_address(board, proposal, send_outbox):
    hand_raise(proposal=proposal, user=board.ward)
    send_outbox()
    assert f"https://portal.example.jp{proposal.get_absolute_url()}" in mail.outbox[0].body


def test_second_proposal_notifications_are_separate(client, board, proposal):
    other_proposal = post_proposal(board.proposer, title="二つ目の提案")
    hand_raise(proposal=proposal, user=board.ward)
    hand_raise(proposal=other_proposal, user=board.ward)
    assert Notification.objects.filter(recipient=board.proposer).count() == 2
    client.force_login(board.proposer)
    body = client.get(reverse("bulletin:notification-list")).content.decode()
    assert f"品川区が手を挙げました：「{proposal.title}」" in body
    assert "品川区が手を挙げました：「二つ目の提案」" in body
    assert "未読2件" in body


def test_notification_list_query_count_does_not_grow(
    client, board, proposal, assert_queries_constant
):
    def grow(index):
        reply_post(proposal=proposal, author=board.ward, body=f"返信{index}")

    client.force_login(board.proposer)
    # 7: main's 6 and the count of unread notifications (the grouped unread section).
    (response,) = assert_queries_constant(
        reverse("bulletin:notification-list"), grow, large=40, max_queries=7
    )
    body = response.content.decode()
    assert "未読40件" in body
    assert len(response.context["object_list"]) == 30  # a page
    assert body.count("品川区から返信がありました") == 30


def test_a_reply_does_not_wait_for_a_hung_mail_server(
    client, board, proposal, settings, django_capture_on_commit_callbacks
):
    with FakeSMTPServer(hanging=True) as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
        settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
        client.force_login(board.ward)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("bulletin:reply-create", args=[proposal.pk]), {"body": "品川区です。"}
            )
        assert response.status_code == 302
        # The request (and what it left to run on commit) never went near the mail server: a
        # request that did would wait EMAIL_TIMEOUT for the hung one.
        assert smtp.connections == 0
        assert mail.outbox == []
    # Both members of 坂井市 will be mailed by the worker.
    assert sorted(OutgoingEmail.objects.unsent().values_list("to", flat=True)) == [
        "sakai2@example.jp",
        "sakai@example.jp",
    ]


def test_a_hidden_posts_title_leaves_other_members_notification_lists(client, board, proposal):
    for recipient in (board.ward, board.proposer):
        Notification.objects.create(
            recipient=recipient,
            proposal=proposal,
            kind=NotificationKind.NEW_POST,
            message=f"新しい提案：{proposal.title}",
        )
    proposal.is_hidden, proposal.hidden_reason = True, "通報により非表示"
    proposal.save(update_fields=["is_hidden", "hidden_reason"])
    client.force_login(board.ward)
    body = client.get(reverse("bulletin:notification-list")).content.decode()
    assert proposal.title not in body and "未読" not in body
    assert (
        not Notification.objects.not_emailed().visible_to_recipient().filter(recipient=board.ward)
    )
    client.force_login(board.proposer)  # the author still sees it
    assert proposal.title in client.get(reverse("bulletin:notification-list")).content.decode()
