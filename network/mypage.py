"""The ward's ties on マイページ (registered with members.mypage from NetworkConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.mypage import first_items
from members.permissions import approved_membership

from .models import Tie


def ward_ties_section(user):
    """The ties in force of the member's ward (None for a member of anything else)."""
    membership = approved_membership(user)
    if membership is None or not membership.municipality.is_special_ward:
        return None
    ties = Tie.objects.active().of_ward(membership.municipality)
    shown, counted = first_items(ties.for_listing())
    return {
        "slug": "ward-ties",
        "heading": _("区の連携関係"),
        "items": [
            {"url": reverse("bulletin:tie-list"), "label": str(tie), "note": ""} for tie in shown
        ],
        **counted,
        "more_url": membership.municipality.get_absolute_url(),
        "more_label": _("区のページで見る"),
        "empty": _("登録された連携関係はありません。"),
    }
