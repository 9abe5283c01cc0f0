"""Who may do what on the board. Views refuse with 403; services check again."""

from members.permissions import acts_for, approved_membership, is_secretariat, is_ward_member

from .models import Proposal, Reply


def can_use_board(user) -> bool:
    """The board is for approved members and the secretariat."""
    return is_secretariat(user) or approved_membership(user) is not None


def can_post(user) -> bool:
    return approved_membership(user) is not None


def can_view_proposal(user, proposal: Proposal) -> bool:
    if not can_use_board(user):
        return False
    return not proposal.is_hidden or is_secretariat(user) or acts_for(user, proposal.municipality)


def can_view_reply(user, reply: Reply) -> bool:
    """A hidden reply is shown to the secretariat only (the proposal page shows a placeholder)."""
    return can_view_proposal(user, reply.proposal) and (not reply.is_hidden or is_secretariat(user))


def can_edit_proposal(user, proposal: Proposal) -> bool:
    """The proposer's municipality, until the proposal is 成立 or 終了."""
    return not proposal.is_final and acts_for(user, proposal.municipality)


def can_reply(user, proposal: Proposal) -> bool:
    return (
        not proposal.is_final
        and can_view_proposal(user, proposal)
        and approved_membership(user) is not None
    )


def can_raise_hand(user, proposal: Proposal) -> bool:
    """A ward's member, on another municipality's open proposal."""
    return (
        not proposal.is_final
        and not proposal.is_hidden
        and is_ward_member(user)
        and not acts_for(user, proposal.municipality)
    )


def can_change_status(user, proposal: Proposal) -> bool:
    """The proposer's municipality and the secretariat; only the secretariat while it is hidden
    (a hidden proposal must not reach the public list of collaborations by its owner's hand)."""
    if proposal.is_final:
        return False
    if is_secretariat(user):
        return True
    return not proposal.is_hidden and acts_for(user, proposal.municipality)


def can_report(user) -> bool:
    return approved_membership(user) is not None


def can_moderate(user) -> bool:
    return is_secretariat(user)
