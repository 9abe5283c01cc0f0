"""Who may do what on the board. Views refuse with 403; services check again."""

from django.core.exceptions import PermissionDenied

from members.permissions import acts_for, approved_membership, is_secretariat, is_ward_member

from .models import Proposal, Reply


def require(allowed: bool, message: str) -> None:
    """Refuse (PermissionDenied with the message) unless allowed: the services check again."""
    if not allowed:
        raise PermissionDenied(message)


def can_use_board(user) -> bool:
    """The board is for approved members and the secretariat."""
    return is_secretariat(user) or approved_membership(user) is not None


def can_post(user) -> bool:
    return approved_membership(user) is not None


def can_post_call(user) -> bool:
    """A call (募集) comes from a ward: the proposal's rule with the roles swapped."""
    return is_ward_member(user)


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
    """A ward's member, on another municipality's open proposal; on a ward's call, the roles
    swap: a (non-ward) municipality's member."""
    if proposal.is_final or proposal.is_hidden or acts_for(user, proposal.municipality):
        return False
    if proposal.is_call:
        return approved_membership(user) is not None and not is_ward_member(user)
    return is_ward_member(user)


def can_follow(user, proposal: Proposal) -> bool:
    """ワッチ: any approved member who can see the post and does not post it."""
    return (
        approved_membership(user) is not None
        and can_view_proposal(user, proposal)
        and not acts_for(user, proposal.municipality)
    )


def can_use_desk(user) -> bool:
    """The consultation desk: approved members ask, the secretariat answers."""
    return approved_membership(user) is not None or is_secretariat(user)


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


def can_view_consultation(user, consultation) -> bool:
    """The asking municipality's members and the secretariat; nobody else, never the public."""
    return is_secretariat(user) or acts_for(user, consultation.municipality)


def is_room_party(user, room) -> bool:
    """An approved member of either side of the room: the post's municipality or the hand's."""
    return acts_for(user, room.proposal.municipality) or acts_for(user, room.municipality)


def can_view_room(user, room) -> bool:
    """The two sides' approved members; the secretariat once a side has asked it in. Nobody else
    (a third member, a member whose membership ended) learns that the room exists."""
    return is_room_party(user, room) or (is_secretariat(user) and room.secretariat_requested)


def can_write_in_room(user, room) -> bool:
    """The sides, and the secretariat after joining; nobody once the post is 終了."""
    if room.is_read_only:
        return False
    return is_room_party(user, room) or (is_secretariat(user) and room.secretariat_joined)


def can_join_room(user, room) -> bool:
    return (
        not room.is_read_only
        and is_secretariat(user)
        and room.secretariat_requested
        and not room.secretariat_joined
    )
