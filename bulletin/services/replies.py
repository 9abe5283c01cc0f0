"""Replies under a post, and raised hands (手を挙げる): who is told of each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.permissions import approved_membership

from .. import permissions
from ..models import HandRaise, NotificationKind, Proposal, Reply
from ..permissions import require
from .notifications import followers, notify, participants, proposer_members
from .proposals import proposal_lock
from .rooms import room_for_hand


@transaction.atomic
def reply_post(*, proposal: Proposal, author, body: str) -> Reply:
    """An approved member replies; the proposer and earlier participants are told."""
    proposal = proposal_lock(proposal)
    require(
        permissions.can_reply(author, proposal),
        _("この提案には返信できません（成立・終了した提案は閲覧のみです）。"),
    )
    body = body.strip()
    if not body:
        raise ValidationError(_("返信内容を入力してください。"))
    recipients = proposer_members(proposal) + participants(proposal)
    membership = approved_membership(author)
    reply = Reply.objects.create(
        proposal=proposal, municipality=membership.municipality, author=author, body=body
    )
    notify(
        proposal=proposal,
        kind=NotificationKind.REPLY,
        actor=author,
        recipients=recipients,
        message=gettext_lazy("%(who)sから返信がありました：「%(title)s」"),
        params={"who": membership.municipality.name, "title": proposal.title},
        detail=body,
    )
    return reply


@transaction.atomic
def hand_raise(*, proposal: Proposal, user) -> HandRaise:
    """A ward raises its hand (手を挙げる); the proposer's municipality is told; the pair's
    調整ルーム opens."""
    proposal = proposal_lock(proposal)
    require(
        permissions.can_raise_hand(user, proposal),
        _(
            "提案に手を挙げられるのは特別区の会員、区の募集に手を挙げられるのは自治体の会員だけです"
            "（成立・終了したものには挙げられません）。"
        ),
    )
    ward = approved_membership(user).municipality
    hand, created = HandRaise.objects.get_or_create(
        proposal=proposal, ward=ward, defaults={"raised_by": user}
    )
    room_for_hand(hand)
    if created:
        notify(
            proposal=proposal,
            kind=NotificationKind.HAND_RAISED,
            actor=user,
            recipients=proposer_members(proposal) + followers(proposal),
            message=gettext_lazy("%(ward)sが手を挙げました：「%(title)s」"),
            params={"ward": ward.name, "title": proposal.title},
        )
    return hand


@transaction.atomic
def hand_withdraw(*, proposal: Proposal, user) -> None:
    """A ward takes its hand back (no notification)."""
    proposal = proposal_lock(proposal)
    require(permissions.can_raise_hand(user, proposal), _("この操作はできません。"))
    HandRaise.objects.filter(
        proposal=proposal, ward=approved_membership(user).municipality
    ).delete()
