"""Saved-search alerts run in the worker's loop (not only when it starts), and a post that
matched a member twice appears once: one alert, one line of the digest."""

import io
import signal

import pytest
from django.core import mail
from django.core.management import call_command

from bulletin.models import Notification, NotificationKind, ProposalField, SavedSearch
from bulletin.services.interests import saved_search_alerts, saved_search_create
from bulletin.services.notifications import alerts_set, preference_set
from members import outbox

from .conftest import post_proposal


def test_the_worker_runs_the_alerts_in_its_loop(board, monkeypatch):
    saved_search_create(user=board.ward, name="防災", query="field=disaster")
    alerts_set(user=board.ward, muted_kinds=["new"])  # only the saved search speaks
    send_due = outbox.send_due
    cycles = []

    def cycle(**kwargs):
        cycles.append(1)
        if len(cycles) == 1:  # a post appears after the worker has started
            post_proposal(board.proposer, field=ProposalField.DISASTER, title="防災訓練の協力")
        if len(cycles) == 3:
            signal.raise_signal(signal.SIGTERM)  # the command's handler asks the loop to stop
        return send_due(**kwargs)

    monkeypatch.setattr(outbox, "send_due", cycle)
    output = io.StringIO()
    call_command("send_notifications", "--loop", "--interval=0", "--alerts-every=0", stdout=output)
    assert len(cycles) == 3
    [alert] = Notification.objects.filter(recipient=board.ward)
    assert alert.kind == NotificationKind.SAVED_SEARCH and alert.proposal.title == "防災訓練の協力"
    assert "saved-search alerts: 1" in output.getvalue()


@pytest.fixture
def digest_ward(board):
    preference_set(user=board.ward, delivery="digest")
    saved_search_create(user=board.ward, name="防災", query="field=disaster")
    saved_search_create(user=board.ward, name="坂井市", query="q=防災")
    SavedSearch.objects.update(checked_at="2020-01-01T00:00:00Z")
    return board.ward


def test_a_post_matched_twice_is_alerted_once(board, digest_ward, run_fanout):
    post = post_proposal(board.proposer, field=ProposalField.DISASTER, title="防災訓練の協力")
    run_fanout()
    Notification.objects.filter(kind=NotificationKind.NEW_POST).delete()
    assert saved_search_alerts() == 1  # two searches match it: one alert
    assert Notification.objects.filter(recipient=digest_ward, proposal=post).count() == 1


def test_a_post_matched_twice_appears_once_in_the_digest(board, digest_ward, run_fanout):
    post_proposal(board.proposer, field=ProposalField.DISASTER, title="防災訓練の協力")
    run_fanout()
    # Announced to the ward (its interests are open) and matched by its saved searches.
    assert Notification.objects.filter(recipient=digest_ward, kind="new").count() == 1
    saved_search_alerts()
    mail.outbox.clear()
    call_command("send_notifications", "--digest", stdout=io.StringIO())
    [digest] = [m for m in mail.outbox if m.to == [digest_ward.email]]
    assert digest.body.count("防災訓練の協力") == 1 and "（1件）" in digest.subject


def test_the_alerts_wait_for_a_posts_announcement(board, digest_ward, run_fanout):
    """A post whose fan-out the worker has not expanded yet is not alerted before it is
    announced: the member it reaches both ways is told once, by the announcement."""
    post = post_proposal(board.proposer, field=ProposalField.DISASTER, title="防災訓練の協力")
    assert saved_search_alerts() == 0  # still being announced: the alert waits
    run_fanout()
    assert saved_search_alerts() == 0  # announced: the searches' match is the same post
    [told] = Notification.objects.filter(recipient=digest_ward, proposal=post)
    assert told.kind == NotificationKind.NEW_POST
