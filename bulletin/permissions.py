"""Who may do what on the board. Views refuse with 403; services check again.

The roles: the secretariat (with its second factor), approved members of a municipality (a ward
or not), and approved members of a partner organisation (`partners.permissions`), who see only
the visible posts opened to partners (民間・団体の参加を歓迎), reply and raise a hand there, and
join the rooms of a collaboration that names their organisation; nothing else on the board.
"""

from django.core.exceptions import PermissionDenied

from members.permissions import acts_for, approved_membership, is_secretariat, is_ward_member
from partners.permissions import partner_membership

from .models import Proposal, Reply


def require(allowed: bool, message: str) -> None:
    """Refuse (PermissionDenied with the message) unless allowed: the services check again."""
    if not allowed:
        raise PermissionDenied(message)


def can_use_board(user) -> bool:
    """The board is for approved members, partner organisations' members and the secretariat."""
    return is_municipal_board_user(user) or is_partner(user)


def is_municipal_board_user(user) -> bool:
    """Approved municipal members and the secretariat: the board's own pages beyond the posts
    opened to partners (lists, matching, the desk, consultations, ties)."""
    return is_secretariat(user) or approved_membership(user) is not None


def is_partner(user) -> bool:
    """A partner organisation's approved member (and no municipal membership)."""
    return approved_membership(user) is None and partner_membership(user) is not None


def can_post(user) -> bool:
    return approved_membership(user) is not None


def can_post_call(user) -> bool:
    """A call (募集) comes from a ward: the proposal's rule with the roles swapped."""
    return is_ward_member(user)


def can_view_proposal(user, proposal: Proposal) -> bool:
    if is_partner(user):
        return proposal.welcomes_partners and not proposal.is_hidden
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
        and (approved_membership(user) is not None or is_partner(user))
    )


def can_raise_hand(user, proposal: Proposal) -> bool:
    """A ward's member, on another municipality's open proposal; on a ward's call, the roles
    swap: a (non-ward) municipality's member."""
    if proposal.is_final or proposal.is_hidden or acts_for(user, proposal.municipality):
        return False
    if is_partner(user):
        return proposal.welcomes_partners
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
    """An approved member of either side of the room: the post's municipality (the host) or the
    hand's (the guest); or of a partner organisation the collaboration born of the post names."""
    if acts_for(user, room.host) or acts_for(user, room.municipality):
        return True
    if room.proposal_id is None:
        return False
    membership = partner_membership(user) if is_partner(user) else None
    if membership is None:
        return False
    collaboration = getattr(room.proposal, "collaboration", None)
    return (
        collaboration is not None
        and collaboration.partners.filter(pk=membership.organisation_id).exists()
    )


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


def is_collaboration_party(user, collaboration) -> bool:
    """An approved member of one of the collaboration's wards or municipalities."""
    membership = approved_membership(user)
    if membership is None:
        return False
    municipality = membership.municipality_id
    return (
        collaboration.wards.filter(pk=municipality).exists()
        or collaboration.municipalities.filter(pk=municipality).exists()
    )


def can_record_results(user, collaboration) -> bool:
    """Progress entries, indicators and the state: the collaboration's parties; on a recorded
    collaboration (from the documents, not the board) also the secretariat."""
    if is_collaboration_party(user, collaboration):
        return True
    return collaboration.is_recorded and is_secretariat(user)
