"""The wards' register of ties on the board: the register's own writes (network.services) and
who is told of a proposed tie, in the site's notification list and by mail (through the outbox),
in the same transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.safe_input import single_line
from core.sites import site_url
from members import outbox as mail_outbox
from members.models import Municipality
from network import services as register
from network.models import Tie, TieKind, TieProposal

from ..models import Notification, NotificationKind, NotificationPreference
from .notifications import approved_users


def _tell(*, users, proposal: TieProposal, message: str, params: dict) -> int:
    """One notification and one mail per user (not those who muted the kind)."""
    muted = {
        user_id
        for user_id, kinds in NotificationPreference.objects.filter(
            user__in=[user.pk for user in users]
        ).values_list("user_id", "muted_kinds")
        if NotificationKind.TIE_PROPOSAL in (kinds or ())
    }
    told = 0
    with translation.override(settings.LANGUAGE_CODE):
        text = (str(message) % params)[:300]
        body = render_to_string(
            "bulletin/email/tie_proposal.txt",
            {
                "message": text,
                "proposal": proposal,
                "ties_url": site_url(reverse("bulletin:tie-list")),
            },
        )
    for user in users:
        if user.pk in muted or not user.is_active:
            continue
        email = mail_outbox.enqueue(to=user.email, subject=single_line(text)[:200], body=body)
        Notification.objects.create(
            recipient=user,
            tie_proposal=proposal,
            kind=NotificationKind.TIE_PROPOSAL,
            message=text,
            email=email,
        )
        told += 1
    return told


def _params(proposal: TieProposal) -> dict:
    return {
        "municipality": proposal.municipality.full_name,
        "ward": proposal.ward.name,
        "kind": TieKind(proposal.kind).label,
    }


@transaction.atomic
def tie_propose(
    *, user, ward: Municipality, kind: str, since: datetime.date | None, note: str
) -> TieProposal:
    """A municipality's member proposes a tie; the ward's members are told."""
    proposal = register.tie_propose(user=user, ward=ward, kind=kind, since=since, note=note)
    _tell(
        users=list(approved_users(municipality=ward)),
        proposal=proposal,
        message=_("%(municipality)sから交流関係（%(kind)s）の申し出が届きました"),
        params=_params(proposal),
    )
    return proposal


def _proposer(proposal: TieProposal) -> list:
    return [proposal.proposed_by] if proposal.proposed_by_id else []


@transaction.atomic
def tie_proposal_confirm(*, user, proposal: TieProposal) -> Tie:
    """The ward confirms: the tie joins the register and the proposer is told."""
    tie = register.tie_proposal_confirm(user=user, proposal=proposal)
    proposal.refresh_from_db()
    _tell(
        users=_proposer(proposal),
        proposal=proposal,
        message=_("%(ward)sが交流関係（%(kind)s）の申し出を確認し、登録しました"),
        params=_params(proposal),
    )
    return tie


@transaction.atomic
def tie_proposal_decline(*, user, proposal: TieProposal) -> TieProposal:
    """The ward declines: nothing joins the register; the proposer is told."""
    proposal = register.tie_proposal_decline(user=user, proposal=proposal)
    _tell(
        users=_proposer(proposal),
        proposal=proposal,
        message=_("%(ward)sは交流関係（%(kind)s）の申し出を見送りました"),
        params=_params(proposal),
    )
    return proposal
