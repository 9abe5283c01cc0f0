"""A call to the whole country: the request writes one fan-out row, the worker expands it in
batches into notifications and mail, and a worker killed half-way resumes with nobody told
twice and nobody left out. The secretariat's reminder of a post goes the same way."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bulletin.models import (
    Delivery,
    FanOut,
    Notification,
    NotificationKind,
    NotificationPreference,
    Proposal,
)
from bulletin.services import fanouts
from bulletin.services.notifications import alerts_set, last_reminded_at, remind_matching_wards
from bulletin.services.proposals import call_submit
from members.models import Membership, OutgoingEmail, User

from .test_matching import call_data


def add_members(municipality, start: int, stop: int) -> list[int]:
    """Approved members `start`…`stop - 1` of a municipality, in two statements."""
    users = User.objects.bulk_create(
        [
            User(email=f"fanout-{municipality.pk}-{i}@example.jp", password="!")  # noqa: S106
            for i in range(start, stop)
        ]
    )
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                municipality=municipality,
                department="企画課",
                position="主事",
                full_name="連携 太郎",
                full_name_kana="れんけい たろう",
                phone="03-0000-0000",
                agreed_to_terms_at=now,
                status="approved",
                decided_at=now,
            )
            for user in users
        ]
    )
    return [user.pk for user in users]


def everyone_told_once(call) -> dict:
    """{member: (notifications, mails)} for the call, across the whole audience."""
    audience = set(
        Membership.objects.filter(status="approved")
        .exclude(municipality__kind="ward")
        .values_list("user_id", flat=True)
    )
    counts = {}
    for user_id in audience:
        email = User.objects.get(pk=user_id).email
        counts[user_id] = (
            Notification.objects.filter(recipient_id=user_id, proposal=call).count(),
            OutgoingEmail.objects.filter(to=email, subject__contains=call.title).count(),
        )
    return counts


def post_call(client, board, title="全国の自治体へ：物産展の出展募集"):
    client.force_login(board.ward)
    return client.post(
        reverse("bulletin:call-create"),
        {**call_data(title=title), "target_region": "", "target_kind": ""},
    )


def test_the_request_writes_one_row_and_the_worker_tells_everyone(client, board, run_fanout):
    add_members(board.shiranuka, 0, 20)
    response = post_call(client, board)
    call = Proposal.objects.calls().get()
    assert response.status_code == 302
    # Nobody is told inside the request: one row says who is to be.
    assert not Notification.objects.filter(proposal=call).exists()
    assert not OutgoingEmail.objects.exists()
    job = FanOut.objects.get()
    assert (job.proposal, job.kind, job.finished_at) == (call, NotificationKind.NEW_POST, None)
    assert "品川区から新しい募集" in job.message

    assert run_fanout() == 23  # 20 + 白糠町's member + 坂井市's two (the pending one is not)
    counts = everyone_told_once(call)
    assert len(counts) == 23 and set(counts.values()) == {(1, 1)}
    assert not Notification.objects.filter(recipient=board.ward).exists()  # not the caller
    job.refresh_from_db()
    assert job.finished_at is not None and job.notified == 23
    assert run_fanout() == 0  # a finished job tells nobody again


def test_the_call_request_runs_the_same_queries_for_11_and_1001_recipients(
    client, board, assert_queries_constant, run_fanout
):
    """The board's world has 3 members outside the wards; 8 more make 11, then 998 more 1,001."""
    client.force_login(board.ward)
    posted = []

    def post(_params=None):
        response = post_call(client, board, title=f"全国への募集 {len(posted)}")
        posted.append(Proposal.objects.calls().latest("pk"))
        return response

    def grow(start, stop):
        run_fanout()  # the worker tells the small call's audience before more members join
        add_members(board.shiranuka, start, stop)

    assert_queries_constant(
        post,
        grow,
        small=8,
        large=998,
        max_queries=40,
        status=302,
    )
    run_fanout()
    small, large = posted
    assert Notification.objects.filter(proposal=small).count() == 11
    assert Notification.objects.filter(proposal=large).count() == 1001
    assert OutgoingEmail.objects.filter(subject__contains=large.title).count() == 1001


class _Killed(Exception):
    """The worker's process dying (a kill, a crash, the machine going down)."""


def test_a_worker_killed_mid_batch_resumes_without_duplicates_or_losses(
    board, monkeypatch, run_fanout
):
    add_members(board.shiranuka, 0, 22)  # 25 in the audience: batches of 10, 10 and 5
    call = call_submit(author=board.ward, data=call_data())
    advance = fanouts._advance
    calls = []

    def dies_in_the_second_batch(job, **kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            # The second batch's notifications and mail are written: the worker dies before
            # its transaction commits.
            assert Notification.objects.filter(proposal=call).count() == 20
            raise _Killed
        advance(job, **kwargs)

    monkeypatch.setattr(fanouts, "_advance", dies_in_the_second_batch)
    with pytest.raises(_Killed):
        fanouts.fanouts_expand(batch_size=10)
    # What the dead worker left: the first batch, whole, and nothing of the second.
    assert Notification.objects.filter(proposal=call).count() == 10
    assert OutgoingEmail.objects.count() == 10
    job = FanOut.objects.get()
    assert job.finished_at is None and job.notified == 10

    monkeypatch.setattr(fanouts, "_advance", advance)
    assert fanouts.fanouts_expand(batch_size=10) == 15  # a new worker: the rest
    counts = everyone_told_once(call)
    assert len(counts) == 25 and set(counts.values()) == {(1, 1)}
    job.refresh_from_db()
    assert job.finished_at is not None and job.notified == 25


def test_a_worker_stopped_between_batches_resumes_where_it_stopped(board):
    add_members(board.shiranuka, 0, 22)
    call = call_submit(author=board.ward, data=call_data())
    batches = []

    def stop_after_two():
        return len(batches) >= 2

    original = fanouts.fanout_expand_batch

    def counted(**kwargs):
        batches.append(1)
        return original(**kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fanouts, "fanout_expand_batch", counted)
        assert fanouts.fanouts_expand(batch_size=10, should_stop=stop_after_two) == 20
    assert fanouts.fanouts_expand(batch_size=10) == 5
    counts = everyone_told_once(call)
    assert len(counts) == 25 and set(counts.values()) == {(1, 1)}


def test_the_worker_keeps_each_members_preferences(board, run_fanout):
    """Muted: no notification, no mail; daily digest: the notification, the mail later."""
    alerts_set(user=board.other, muted_kinds=[NotificationKind.NEW_POST])
    NotificationPreference.objects.create(user=board.colleague, delivery=Delivery.DAILY_DIGEST)
    call = call_submit(author=board.ward, data=call_data())
    assert run_fanout() == 2
    assert not Notification.objects.filter(recipient=board.other).exists()
    digest = Notification.objects.get(recipient=board.colleague, proposal=call)
    assert digest.email is None
    told = Notification.objects.get(recipient=board.proposer, proposal=call)
    assert told.email.to == board.proposer.email
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [board.proposer.email]


def test_the_worker_command_announces_then_sends(board):
    call = call_submit(author=board.ward, data=call_data())
    call_command("send_notifications", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [board.proposer.email, board.colleague.email, board.other.email]
    )
    assert all(call.title in m.subject for m in mail.outbox)


def test_the_database_refuses_a_second_announcement_of_a_post_to_a_member(board, run_fanout):
    call = call_submit(author=board.ward, data=call_data())
    run_fanout()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=board.other, proposal=call, kind=NotificationKind.NEW_POST, message="x"
        )


def test_the_secretariats_reminder_of_a_call_goes_through_the_worker_too(board, run_fanout):
    add_members(board.shiranuka, 0, 20)
    call = call_submit(author=board.ward, data=call_data())
    run_fanout()
    remind_matching_wards(actor=board.secretariat, proposal=call)
    # The click wrote one row: the reminder counts at once (a second click is refused) ...
    assert last_reminded_at(call) is not None
    assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()
    with pytest.raises(ValidationError, match="お知らせ済み"):
        remind_matching_wards(actor=board.secretariat, proposal=call)
    # ... and the worker tells the call's audience, once each.
    assert run_fanout() == 23
    reminded = Notification.objects.filter(kind=NotificationKind.REMINDER, proposal=call)
    assert reminded.count() == reminded.values("recipient").distinct().count() == 23
