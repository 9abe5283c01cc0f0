"""The member's directory requests, sent and received, on マイページ (registered from
DirectoryConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.mypage import first_items
from members.permissions import approved_membership

from .models import OfferRequest


def requests_section(user):
    membership = approved_membership(user)
    if membership is None:
        return None
    shown, counted = first_items(
        OfferRequest.objects.for_listing().involving(membership.municipality)
    )
    return {
        "slug": "directory-requests",
        "heading": _("施設・人材の申込"),
        "items": [
            {
                "url": request.get_absolute_url(),
                "label": f"{request.offer.title}（{request.municipality.name}）",
                "note": request.get_status_display(),
            }
            for request in shown
        ],
        **counted,
        "more_url": reverse("directory:request-list"),
        "more_label": _("申込の一覧"),
        "empty": _("施設・人材への申込はありません。"),
    }
