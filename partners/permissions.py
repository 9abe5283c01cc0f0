"""The partner role: a person approved to act for a partner organisation."""

from members.models import MembershipStatus

from .models import PartnerMembership


def partner_membership(user) -> PartnerMembership | None:
    """The user's approved partner-organisation membership, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        membership = user.partner_membership
    except PartnerMembership.DoesNotExist:
        return None
    if membership.status != MembershipStatus.APPROVED:
        return None
    return membership


def is_partner(user) -> bool:
    return partner_membership(user) is not None


def acts_for_organisation(user, organisation_id: int | None) -> bool:
    membership = partner_membership(user)
    return (
        membership is not None
        and organisation_id is not None
        and (membership.organisation_id == organisation_id)
    )
