"""Mail has one path: every mail is written to the outbox and sent by the worker, never in the
request. With the mail server down or hung, sign-up, password reset, the admin's decisions and
deactivation answer normally; the mail waits in the outbox and goes out once the server is back.
Two workers never send the same mail twice."""

import datetime
import io
import os
import re
import signal
import smtplib
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from members import outbox
from members.models import MunicipalityKind, OutgoingEmail
from tests.factories import (
    make_member,
    make_municipality,
    make_prefecture,
    make_secretariat_staff,
    pass_second_factor,
    signup_data,
)
from tests.smtp import FakeSMTPServer

PASSWORD = "correct-horse-battery"


class MailServer:
    """An e-mail backend for tests: raises while the server is `down`, else delivers to
    mail.outbox; `on_send` runs after each delivered message."""

    down = False
    on_send = None

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.backend = EmailBackend(*args, **kwargs)

    def open(self):
        if MailServer.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        self.open()
        sent = self.backend.send_messages(messages)
        if MailServer.on_send:
            MailServer.on_send(messages)
        return sent


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.MailServer"
    MailServer.down, MailServer.on_send = False, None
    yield MailServer
    MailServer.down, MailServer.on_send = False, None


@pytest.fixture
def town(db):
    fukui = make_prefecture("18", "福井県")
    return make_municipality("坂井市", prefecture=fukui, kind=MunicipalityKind.CITY, code="182109")


def admin_action(client, action, membership):
    pass_second_factor(client, make_secretariat_staff())
    return client.post(
        # Every application, not only the 承認待ち queue the list opens on.
        reverse("admin:members_membership_changelist") + "?status__exact=all",
        {"action": action, "_selected_action": [membership.pk], "index": 0},
        follow=True,
    )


def sign_up(client, town):
    response = client.post(reverse("account_signup"), signup_data())
    assert response["Location"] == reverse("account_email_verification_sent")
    return response, "sakai.hanako@city.example.lg.jp", "/accounts/confirm-email/"


def reset_password(client, town):
    make_member(town, email="member@example.jp")
    response = client.post(reverse("account_reset_password"), {"email": "member@example.jp"})
    assert response["Location"] == reverse("account_reset_password_done")
    return response, "member@example.jp", "/accounts/password/reset/key/"


def approve_in_admin(client, town):
    membership = make_member(town, status="pending", email="applicant@example.jp").membership
    response = admin_action(client, "approve_selected", membership)
    assert "1件の申請を承認し" in response.content.decode()
    return response, "applicant@example.jp", "会員登録が承認されました"


def deactivate_own_account(client, town):
    member = make_member(town, email="leaver@example.jp")
    client.force_login(member)
    response = client.post(reverse("members:deactivate"), follow=True)
    assert "アカウントを利用停止しました" in response.content.decode()
    return response, "leaver@example.jp", "アカウントを利用停止にしました"


def deactivate_in_admin(client, town):
    membership = make_member(town, email="mover@example.jp").membership
    response = admin_action(client, "deactivate_selected", membership)
    assert "1件のアカウントを利用停止にしました" in response.content.decode()
    return response, "mover@example.jp", "アカウントを利用停止にしました"


@pytest.mark.parametrize(
    "act",
    [sign_up, reset_password, approve_in_admin, deactivate_own_account, deactivate_in_admin],
)
def test_with_the_mail_server_down_the_page_answers_and_the_mail_goes_out_later(
    client, town, mail_server, django_capture_on_commit_callbacks, act
):
    mail_server.down = True
    # Run whatever the request leaves for after its commit, as production would.
    with django_capture_on_commit_callbacks(execute=True):
        response, address, expected = act(client, town)
    assert response.status_code in (200, 302)
    assert mail.outbox == []
    [queued] = OutgoingEmail.objects.unsent().filter(to=address)
    assert queued.attempts == 0

    # The worker tries while the server is still down: the mail is kept, with the error.
    assert outbox.send_due().failed >= 1
    queued.refresh_from_db()
    assert queued.sent_at is None and "Connection refused" in queued.last_error

    # The server is back: at the next attempt the worker sends it, once.
    mail_server.down = False
    later = timezone.now() + outbox.retry_delay(1) + datetime.timedelta(seconds=1)
    outbox.send_due(now=later)
    outbox.send_due(now=later)
    [message] = [m for m in mail.outbox if m.to == [address]]
    assert expected in message.subject + message.body
    assert message.subject == queued.subject
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 2


def test_a_hung_mail_server_does_not_hold_up_sign_up(client, town, settings, monkeypatch):
    """The server accepts the connection and never answers (as a firewall that drops packets)."""
    with FakeSMTPServer(hanging=True) as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
        settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 0.5
        response = client.post(reverse("account_signup"), signup_data())
        assert response.status_code == 302
        # The request never went near the mail server (one that did would wait EMAIL_TIMEOUT).
        assert smtp.connections == 0
        assert mail.outbox == []

        # The worker waits for the hung server no longer than EMAIL_TIMEOUT (its socket's
        # timeout), gives up, and keeps the mail.
        timeouts = []
        connect = socket.create_connection

        def create_connection(address, timeout=None, *args, **kwargs):
            timeouts.append(timeout)
            return connect(address, timeout, *args, **kwargs)

        monkeypatch.setattr(smtplib.socket, "create_connection", create_connection)
        assert outbox.send_due().failed == 1
        assert smtp.connections == 1 and timeouts == [settings.EMAIL_TIMEOUT]
        queued = OutgoingEmail.objects.unsent().get()
        assert queued.attempts == 1 and "timed out" in queued.last_error

        # The server answers again: the verification mail goes out at the next attempt, once.
        smtp.answer()
        later = timezone.now() + outbox.retry_delay(1) + datetime.timedelta(seconds=1)
        assert outbox.send_due(now=later).sent == 1
        assert outbox.send_due(now=later).attempted == 0
    [message] = smtp.messages
    assert message["To"] == "sakai.hanako@city.example.lg.jp"
    assert "/accounts/confirm-email/" in message.get_body().get_content()
    assert message["Message-ID"] == outbox.message_id(queued)


def test_a_claimed_mail_is_not_claimed_again_until_its_claim_runs_out(db):
    for number in range(3):
        outbox.enqueue(to=f"m{number}@example.jp", subject="件名", body="本文")
    now = timezone.now()
    _, first = outbox.claim(now=now, limit=2)
    _, second = outbox.claim(now=now, limit=2)
    _, third = outbox.claim(now=now, limit=2)
    assert len(first) == 2 and len(second) == 1 and third == []
    assert not {e.pk for e in first} & {e.pk for e in second}
    # A worker that died holding a claim: after the lease another worker takes the mail over.
    _, taken_over = outbox.claim(now=now + outbox.CLAIM_LEASE + datetime.timedelta(seconds=1))
    assert len(taken_over) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_two_workers_at_once_never_send_a_mail_twice(transactional_db, mail_server):
    emails = [
        outbox.enqueue(to=f"member{number}@example.jp", subject=f"お知らせ{number}", body="本文")
        for number in range(120)
    ]
    sent_by = {}
    lock = threading.Lock()

    def record(messages):
        time.sleep(0.005)  # a little time in the "server", so the workers overlap
        with lock:
            for message in messages:
                sent_by.setdefault(message.extra_headers["Message-ID"], []).append(
                    threading.current_thread().name
                )

    mail_server.on_send = record
    start = threading.Barrier(2)
    results = {}

    def worker():
        try:
            start.wait()
            results[threading.current_thread().name] = outbox.send_due()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, name=f"worker-{n}") for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(sent_by) == sorted(outbox.message_id(e) for e in emails)  # none lost
    assert all(len(workers) == 1 for workers in sent_by.values())  # none twice
    assert sum(r.sent for r in results.values()) == 120
    assert all(r.sent > 0 for r in results.values())  # both took part
    assert not OutgoingEmail.objects.unsent().exists()


def test_send_notifications_sends_what_is_due_and_exits(db, mail_server):
    outbox.enqueue(to="member@example.jp", subject="お知らせ", body="本文")
    output = io.StringIO()
    call_command("send_notifications", stdout=output)
    assert "sent: 1, failed: 0, still waiting: 0" in output.getvalue()
    assert [m.to for m in mail.outbox] == [["member@example.jp"]]


def test_send_notifications_loop_keeps_sending_until_stopped(db, mail_server):
    outbox.enqueue(to="member@example.jp", subject="お知らせ", body="本文")
    # Stop the worker (as systemd or Ctrl-C would) once it has sent the mail.
    mail_server.on_send = lambda messages: os.kill(os.getpid(), signal.SIGTERM)
    previous = signal.getsignal(signal.SIGTERM)
    output = io.StringIO()
    call_command("send_notifications", "--loop", "--interval", "0.1", stdout=output)
    assert signal.getsignal(signal.SIGTERM) is previous  # handlers restored
    assert [m.to for m in mail.outbox] == [["member@example.jp"]]
    assert re.search(r"sent: 1, failed: 0\n.*stopped", output.getvalue(), re.S)


def test_the_admin_send_now_action_leaves_the_sending_to_the_worker(client, db, mail_server):
    email = outbox.enqueue(to="member@example.jp", subject="お知らせ", body="本文")
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() + datetime.timedelta(hours=1))
    mail_server.down = True  # even with the server hung or down, the admin answers at once
    pass_second_factor(client, make_secretariat_staff())
    response = client.post(
        reverse("admin:members_outgoingemail_changelist"),
        {"action": "send_now", "_selected_action": [email.pk], "index": 0},
        follow=True,
    )
    assert "1件のメールを送信待ちにしました" in response.content.decode()
    mail_server.down = False
    assert outbox.send_due().sent == 1


def test_every_mail_gets_the_portal_prefix_once(db, settings):
    settings.PORTAL_EMAIL_SUBJECT_PREFIX = "[テスト] "
    one = outbox.enqueue(to="member@example.jp", subject="お知らせ\n続き", body="本文")
    assert one.subject == "[テスト] お知らせ 続き"
    ids = outbox.enqueue_many(
        addresses=["a@example.jp", "b@example.jp", "c@example.jp"],
        subject="新しい提案",
        body="本文",
    )
    many = OutgoingEmail.objects.in_bulk(ids)
    assert [many[pk].to for pk in ids] == ["a@example.jp", "b@example.jp", "c@example.jp"]
    assert {many[pk].subject for pk in ids} == {"[テスト] 新しい提案"}
    assert all(many[pk].next_attempt_at is not None for pk in ids)
    assert outbox.enqueue_many(addresses=[], subject="なし", body="") == []
