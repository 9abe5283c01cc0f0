from django import template

from members.models import Membership, Municipality
from members.permissions import approved_membership, is_secretariat

register = template.Library()


@register.simple_tag
def member_municipality_count() -> int:
    """The live number of 会員登録自治体, counted from the register (one query)."""
    return Municipality.objects.members().count()


@register.simple_tag
def join_figures() -> dict:
    """For the invitation to join: who may register and how long approval has taken."""
    median = Membership.objects.median_days_to_decision()
    return {
        "municipalities": Municipality.objects.count(),
        "median_days": None if median is None else max(1, round(median)),
    }


@register.simple_tag(takes_context=True)
def membership_state(context) -> str:
    """What the board is to this user: "member" or "secretariat" (it opens), "pending" (signed in
    but not approved, rejected or deactivated: it does not open yet) or "" (a visitor)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if approved_membership(user) is not None:
        return "member"
    return "secretariat" if is_secretariat(user) else "pending"
