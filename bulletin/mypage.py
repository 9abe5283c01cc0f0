"""The board's sections of マイページ (registered with members.mypage from BulletinConfig.ready()).

Each returns a section's context for a member of an approved municipality (None for anybody
else): at most ITEMS_SHOWN items, their count and the link to the full list. Each reads a fixed
number of queries (the first items and the count in one), whatever the number of items.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from members.mypage import ITEMS_SHOWN, capped_count, first_items
from members.permissions import approved_membership

from .matching import addressed_to
from .models import (
    Collaboration,
    Consultation,
    Follow,
    HandRaise,
    Proposal,
    Room,
    SavedSearch,
)


def _section(*, slug, heading, items, counted, more_url, more_label, empty):
    """`counted`: the count of all the items, as members.mypage counts them."""
    return {
        "slug": slug,
        "heading": heading,
        "items": items,
        **counted,
        "more_url": more_url,
        "more_label": more_label,
        "empty": empty,
    }


def _item(url, label, note=""):
    return {"url": url, "label": label, "note": note}


def _municipality(user):
    membership = approved_membership(user)
    return membership.municipality if membership else None


def rooms_section(user):
    municipality = _municipality(user)
    if municipality is None:
        return None
    rooms = Room.objects.of_municipality(municipality).unread_by(user)
    shown, counted = first_items(rooms.with_unread_for(user).for_listing())
    return _section(
        slug="rooms",
        heading=_("未読のある調整ルーム"),
        items=[
            _item(
                room.get_absolute_url(),
                room.title,
                _("%(side)s との調整・未読 %(count)d 件")
                % {
                    "side": (room.municipality if room.host_id == municipality.pk else room.host),
                    "count": room.unread_count,
                },
            )
            for room in shown
        ],
        counted=counted,
        more_url=reverse("bulletin:room-list"),
        more_label=_("調整ルームの一覧"),
        empty=_("未読のメッセージはありません。"),
    )


def own_posts_section(user):
    municipality = _municipality(user)
    if municipality is None:
        return None
    posts = Proposal.objects.open_posts_of(municipality)
    shown, counted = first_items(posts)
    Proposal.objects.attach_counts(shown)
    return _section(
        slug="own-posts",
        heading=_("自治体の募集中の投稿と手を挙げた自治体"),
        items=[
            _item(
                post.get_absolute_url(),
                post.title,
                _("手を挙げた自治体 %(count)d") % {"count": post.hand_count},
            )
            for post in shown
        ],
        counted=counted,
        more_url=municipality.get_absolute_url(),
        more_label=_("自治体のページで見る"),
        empty=_("募集中の投稿はありません。"),
    )


def followed_section(user):
    municipality = _municipality(user)
    if municipality is None:
        return None
    # Read from the member's follows (a few hundred at most), newest follow first.
    shown, counted = first_items(Follow.objects.of_member(user))
    return _section(
        slug="followed",
        heading=_("ワッチしている投稿"),
        items=[
            _item(
                follow.proposal.get_absolute_url(),
                follow.proposal.title,
                follow.proposal.municipality.full_display_name,
            )
            for follow in shown
        ],
        counted=counted,
        more_url=reverse("bulletin:followed-list"),
        more_label=_("ワッチしている投稿の一覧"),
        empty=_("ワッチしている投稿はありません。"),
    )


def hands_section(user):
    municipality = _municipality(user)
    if municipality is None:
        return None
    shown, counted = first_items(HandRaise.objects.raised_by_municipality(municipality))
    return _section(
        slug="hands",
        heading=_("自治体が手を挙げた投稿"),
        items=[
            _item(
                hand.proposal.get_absolute_url(),
                hand.proposal.title,
                f"{hand.proposal.municipality.full_display_name}・{hand.proposal.get_status_display()}",
            )
            for hand in shown
        ],
        counted=counted,
        more_url=reverse("bulletin:hand-list"),
        more_label=_("手を挙げた投稿の一覧"),
        empty=_("手を挙げた投稿はありません。"),
    )


def addressed_section(user):
    municipality = _municipality(user)
    if municipality is None:
        return None
    posts = addressed_to(municipality)
    shown = list(
        posts.select_related("municipality__prefecture").order_by("-created_at", "-pk")[
            :ITEMS_SHOWN
        ]
    )
    return _section(
        slug="addressed",
        heading=_("自治体宛ての募集中の投稿"),
        items=[
            _item(post.get_absolute_url(), post.title, post.municipality.full_display_name)
            for post in shown
        ],
        counted=capped_count(posts),
        more_url=reverse("bulletin:proposal-list"),
        more_label=_("掲示板を見る"),
        empty=_("宛てられた募集中の投稿はありません。"),
    )


def consultations_section(user):
    municipality = _municipality(user)
    if municipality is None:
        return None
    consultations = Consultation.objects.of_municipality(municipality)
    shown, counted = first_items(consultations.order_by("-updated_at", "-pk"))
    return _section(
        slug="consultations",
        heading=_("事務局への相談"),
        items=[_item(c.get_absolute_url(), c.subject, c.get_status_display()) for c in shown],
        counted=counted,
        more_url=reverse("bulletin:consultation-list"),
        more_label=_("相談の一覧"),
        empty=_("相談はありません。"),
    )


def saved_searches_section(user):
    if _municipality(user) is None:
        return None
    searches = SavedSearch.objects.filter(user=user)
    shown, counted = first_items(searches.order_by("name", "pk"))
    return _section(
        slug="saved-searches",
        heading=_("保存した検索"),
        items=[
            _item(s.get_absolute_url(), s.name, _("通知あり") if s.alerts else "") for s in shown
        ],
        counted=counted,
        more_url=reverse("bulletin:saved-search-list"),
        more_label=_("保存した検索の一覧"),
        empty=_("保存した検索はありません。"),
    )


def collaborations_section(user):
    """The collaborations the member's municipality takes part in, where its members write the
    progress and outcomes. A ward's member always sees the section; any other member only when
    the municipality has a collaboration (most have none)."""
    municipality = _municipality(user)
    if municipality is None:
        return None
    ward = municipality.is_special_ward
    collaborations = Collaboration.objects.involving(municipality)
    shown, counted = first_items(collaborations.order_by("-fiscal_year", "-started_on", "title"))
    if not shown and not ward:
        return None
    return _section(
        slug="collaborations",
        heading=_("区の連携事業") if ward else _("自治体の連携事業"),
        items=[_item(c.get_absolute_url(), c.title, c.get_state_display()) for c in shown],
        counted=counted,
        more_url=municipality.get_absolute_url(),
        more_label=_("区のページで見る") if ward else _("自治体のページで見る"),
        empty=_("連携事業の記録はありません。"),
    )


SECTIONS = [
    (rooms_section, 10),
    (own_posts_section, 20),
    (addressed_section, 30),
    (hands_section, 40),
    (followed_section, 50),
    (consultations_section, 70),
    (saved_searches_section, 80),
    (collaborations_section, 95),
]
