"""Who may do what on the board. Views refuse with 403; services check again."""

from members.permissions import acts_for, approved_membership, is_secretariat, is_ward_member

from .models import Proposal


def can_use_board(user) -> bool:
    """The board is for approved members and the secretariat."""
    return is_secretariat(user) or approved_membership(user) is not None


def can_post(user) -> bool:
    return approved_membership(user) is not None


def can_view_proposal(user, proposal: Proposal) -> bool:
    if not can_use_board(user):
        return False
    return not proposal.is_hidden or is_secretariat(user) or acts_for(user, proposal.municipality)


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
    """The proposer's municipality and the secretariat."""
    return not proposal.is_final and (is_secretariat(user) or acts_for(user, proposal.municipality))


def can_report(user) -> bool:
    return approved_membership(user) is not None


def can_moderate(user) -> bool:
    return is_secretariat(user)
