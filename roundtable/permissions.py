"""Who may do what at the roundtable. Views refuse (login, 403 or 404); services check again."""

from django.db.models import Q

from members.models import Membership, MembershipStatus, User
from members.permissions import approved_membership, is_secretariat
from partners.permissions import partner_membership


def can_take_part(user) -> bool:
    """The one rule for taking part (discuss, register for meetings, read the participants'
    side): approved members and approved members of partner organisations."""
    return approved_membership(user) is not None or partner_membership(user) is not None


def participants():
    """Everyone who can take part, as users (a new meeting is announced to them): the same rule
    as can_take_part, for many users at once."""
    memberships = Membership.objects.filter(status=MembershipStatus.APPROVED)
    return User.objects.filter(
        Q(membership__in=memberships) | Q(partner_membership__status=MembershipStatus.APPROVED),
        is_active=True,
    ).distinct()


def author_label(user) -> str:
    """How a participant is named on their posts (their organisation)."""
    membership = approved_membership(user)
    if membership is not None:
        return membership.municipality.name
    partner = partner_membership(user)
    return partner.organisation.name if partner is not None else ""


def can_moderate(user) -> bool:
    return is_secretariat(user)


def can_view_discussion(user) -> bool:
    """Threads, documents and the participants-only summaries: participants and the
    secretariat (with its second factor)."""
    return can_take_part(user) or can_moderate(user)


def can_write(user, topic) -> bool:
    """Start a thread or reply: participants and the secretariat, while the topic is open."""
    return topic.is_open and can_view_discussion(user)


def can_view_thread(user, thread) -> bool:
    """A hidden thread is shown to the secretariat only."""
    return can_view_discussion(user) and (not thread.is_hidden or can_moderate(user))


def can_register(user, meeting) -> bool:
    return can_take_part(user)
