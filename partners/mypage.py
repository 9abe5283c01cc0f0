"""The partner organisation's section of マイページ: the application's state and what it opens."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import MembershipStatus

TEMPLATE = "partners/includes/_mypage_partner.html"


def partner_section(user) -> dict | None:
    membership = getattr(user, "partner_membership", None)
    if membership is None:
        return None
    approved = membership.status == MembershipStatus.APPROVED
    return {
        "slug": "partner",
        "heading": _("連携団体"),
        "membership": membership,
        "approved": approved,
        "board_url": reverse("bulletin:proposal-list") if approved else "",
        "directory_url": reverse("partners:organisation-list"),
    }
