"""Who may do what: the roles of the portal, in one place."""

from . import second_factor
from .models import Membership, MembershipStatus, Municipality
from .roles import SECRETARIAT_GROUP


def approved_membership(user) -> Membership | None:
    """The user's approved membership, or None (anonymous, pending, rejected, deactivated)."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = getattr(user, "membership", None)
    if membership is None or membership.status != MembershipStatus.APPROVED:
        return None
    return membership


def has_secretariat_role(user) -> bool:
    """Secretariat staff: active staff users in the 事務局 group (which gives them their admin
    permissions), and superusers; whether or not this session passed the second factor."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()


def is_secretariat(user) -> bool:
    """Secretariat powers: the role, in a session that passed the second factor (TOTP)."""
    return has_secretariat_role(user) and second_factor.current_session_passed(user)


def is_approved_member(user) -> bool:
    return approved_membership(user) is not None


def is_ward_member(user) -> bool:
    membership = approved_membership(user)
    return membership is not None and membership.municipality.is_special_ward


def acts_for(user, municipality: Municipality) -> bool:
    """An approved member of this municipality."""
    membership = approved_membership(user)
    return membership is not None and membership.municipality_id == municipality.pk
