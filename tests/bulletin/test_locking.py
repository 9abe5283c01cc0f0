"""Every write on a proposal first locks its row (`proposal_lock`) and works on the proposal as it
is now, not on the caller's copy: two members acting at once take turns."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from bulletin.models import HandRaise, Proposal, ProposalStatus
from bulletin.services import collaborations, proposals, replies
from bulletin.services.collaborations import proposal_change_status
from bulletin.services.proposals import proposal_lock, proposal_update
from bulletin.services.replies import hand_raise, hand_withdraw, reply_post


def test_hand_withdraw_locks_the_proposal(board, proposal):
    hand_raise(proposal=proposal, user=board.ward)
    with mock.patch.object(replies, "proposal_lock", wraps=proposal_lock) as lock:
        hand_withdraw(proposal=proposal, user=board.ward)
    lock.assert_called_once_with(proposal)
    assert not HandRaise.objects.filter(proposal=proposal).exists()


def test_hand_withdraw_checks_the_proposal_as_it_is_now(board, proposal):
    """A copy read before the proposal was closed does not let a hand be taken back after."""
    hand_raise(proposal=proposal, user=board.ward)
    stale = Proposal.objects.get(pk=proposal.pk)
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.CLOSED)
    with pytest.raises(PermissionDenied):
        hand_withdraw(proposal=stale, user=board.ward)
    assert HandRaise.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize(
    ("module", "write"),
    [
        (replies, lambda board, p: reply_post(proposal=p, author=board.ward, body="ぜひ")),
        (replies, lambda board, p: hand_raise(proposal=p, user=board.ward)),
        (
            collaborations,
            lambda board, p: proposal_change_status(
                proposal=p, user=board.proposer, to_status=ProposalStatus.COORDINATING
            ),
        ),
        (
            proposals,
            lambda board, p: proposal_update(
                proposal=p, editor=board.proposer, data={"title": "新"}
            ),
        ),
    ],
    ids=["reply", "hand", "status", "edit"],
)
def test_every_write_on_a_proposal_takes_the_same_lock(board, proposal, module, write):
    with mock.patch.object(module, "proposal_lock", wraps=proposal_lock) as lock:
        write(board, proposal)
    lock.assert_called_once_with(proposal)
