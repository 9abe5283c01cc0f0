"""Replies under a post, and raised hands (手を挙げる): who is told of each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.permissions import approved_membership
from partners.permissions import partner_membership

from .. import permissions
from ..models import HandRaise, NotificationKind, Proposal, Reply
from ..permissions import require
from .notifications import followers, notify, participants, proposer_members
from .proposals import proposal_lock
from .rooms import room_for_hand


def _side(user) -> dict:
    """Whom the user writes or raises a hand for: {"municipality": …} or {"organisation": …}."""
    membership = approved_membership(user)
    if membership is not None:
        return {"municipality": membership.municipality}
    return {"organisation": partner_membership(user).organisation}


def _hand_side(user) -> dict:
    """As _side, for a hand: its municipality is in `ward` (on a call, the municipality)."""
    side = _side(user)
    return {"ward": side["municipality"]} if "municipality" in side else side


def _side_name(side: dict) -> str:
    return next(iter(side.values())).name


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
    side = _side(author)
    reply = Reply.objects.create(proposal=proposal, author=author, body=body, **side)
    if proposal.first_answered_at is None and reply.municipality_id != proposal.municipality_id:
        _answered(proposal, reply.created_at)
    notify(
        proposal=proposal,
        kind=NotificationKind.REPLY,
        actor=author,
        recipients=recipients,
        message=gettext_lazy("%(who)sから返信がありました：「%(title)s」"),
        params={"who": _side_name(side), "title": proposal.title},
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
    side = _hand_side(user)
    hand, created = HandRaise.objects.get_or_create(
        proposal=proposal, **side, defaults={"raised_by": user}
    )
    if hand.ward_id:  # a partner organisation joins the collaboration's rooms at 成立
        room_for_hand(hand)
    if created:
        if proposal.first_answered_at is None:
            _answered(proposal, hand.raised_at)
        notify(
            proposal=proposal,
            kind=NotificationKind.HAND_RAISED,
            actor=user,
            recipients=proposer_members(proposal) + followers(proposal),
            message=gettext_lazy("%(ward)sが手を挙げました：「%(title)s」"),
            params={"ward": _side_name(side), "title": proposal.title},
        )
    return hand


@transaction.atomic
def hand_withdraw(*, proposal: Proposal, user) -> None:
    """A ward takes its hand back (no notification)."""
    proposal = proposal_lock(proposal)
    require(permissions.can_raise_hand(user, proposal), _("この操作はできません。"))
    HandRaise.objects.filter(proposal=proposal, **_hand_side(user)).delete()
    first_answers_refresh(proposal_ids=[proposal.pk])


def _answered(proposal: Proposal, at) -> None:
    """The post's first answer (the desk's unanswered queues leave it from now on)."""
    Proposal.objects.filter(pk=proposal.pk).update(first_answered_at=at)
    proposal.first_answered_at = at


def first_answers_refresh(*, proposal_ids) -> None:
    """Recompute when these posts were first answered, after a hand is withdrawn or the
    secretariat changes or deletes replies and hands in the admin."""
    Proposal.objects.filter(pk__in=set(proposal_ids)).refresh_first_answers()
