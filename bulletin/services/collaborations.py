"""A post's status (募集中 → 調整中 → 成立 or 終了), and at 成立 its collaboration record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.public_cache import bump_stamp
from network.services import board_ties_create

from .. import permissions
from ..models import (
    Collaboration,
    NotificationKind,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
)
from ..permissions import require
from .notifications import actor_name, notify, participants, proposer_members
from .proposals import proposal_lock


@transaction.atomic
def proposal_change_status(
    *,
    proposal: Proposal,
    user,
    to_status: str,
    note: str = "",
    collaboration: dict | None = None,
) -> ProposalStatusChange:
    """Move a proposal along 募集中 → 調整中 → 成立 or 終了 (recorded with who and when).

    成立 needs `collaboration` (wards, summary, fiscal_year, optionally title and started_on)
    and creates the collaboration project record, which links back to the proposal.
    """
    proposal = proposal_lock(proposal)
    require(
        permissions.can_change_status(user, proposal),
        _("状態を変更できるのは提案自治体の会員と事務局だけです（成立・終了後は変更できません）。"),
    )
    if to_status not in proposal.next_statuses:
        raise ValidationError(
            _("「%(from)s」から「%(to)s」には変更できません。"),
            code="invalid_transition",
            params={
                "from": proposal.get_status_display(),
                "to": ProposalStatus(to_status).label
                if to_status in ProposalStatus.values
                else to_status,
            },
        )
    recipients = proposer_members(proposal) + participants(proposal)
    change = ProposalStatusChange.objects.create(
        proposal=proposal,
        from_status=proposal.status,
        to_status=to_status,
        changed_by=user,
        note=note.strip(),
    )
    proposal.status = to_status
    proposal.save(update_fields=["status"])
    if to_status == ProposalStatus.REALIZED:
        _create_collaboration(proposal, collaboration or {})
    notify(
        proposal=proposal,
        kind=NotificationKind.STATUS_CHANGED,
        actor=user,
        recipients=recipients,
        message=gettext_lazy("「%(title)s」の状態が「%(status)s」になりました（%(who)s）"),
        params={
            "title": proposal.title,
            "status": ProposalStatus(proposal.status).label,
            "who": actor_name(user),
        },
        detail=note,
    )
    return change


def _create_collaboration(proposal: Proposal, data: dict) -> Collaboration:
    wards = list(data.get("wards") or [])
    # A ward's call may be taken up by partner organisations alone (no municipality).
    partner_only = proposal.is_call and bool(data.get("partners"))
    if (
        (not wards and not partner_only)
        or not (data.get("summary") or "").strip()
        or not data.get("fiscal_year")
    ):
        raise ValidationError(_("成立にするには、連携する区・事業の概要・年度を入力してください。"))
    # The public record names only wards that agreed: those that raised a hand on the proposal.
    agreed = set(proposal.hands.values_list("ward_id", flat=True))
    unagreed = [ward.name for ward in wards if ward.pk not in agreed]
    if unagreed:
        # On a call the hands are the municipalities' (the roles swap).
        message = (
            _(
                "手を挙げていない自治体は連携する自治体にできません（%(wards)s）。"
                "自治体が掲示板で手を挙げてから成立にしてください。"
            )
            if proposal.is_call
            else _(
                "手を挙げていない区は連携する区にできません（%(wards)s）。"
                "区が掲示板で手を挙げてから成立にしてください。"
            )
        )
        raise ValidationError({"wards": message % {"wards": "、".join(unagreed)}})
    organisations = list(data.get("partners") or [])
    raised = set(proposal.hands.values_list("organisation_id", flat=True))
    if unraised := [o.name for o in organisations if o.pk not in raised]:
        raise ValidationError(
            {
                "partners": _(
                    "手を挙げていない連携団体は連携団体にできません（%(names)s）。"
                    "団体が掲示板で手を挙げてから成立にしてください。"
                )
                % {"names": "、".join(unraised)}
            }
        )
    # On a call the roles swap: the caller is the ward, the hands are the municipalities.
    ward_side, partners = (
        ([proposal.municipality], wards) if proposal.is_call else (wards, [proposal.municipality])
    )
    collaboration = Collaboration(
        slug=f"board-{proposal.pk}",
        title=(data.get("title") or proposal.title)[:200],
        summary=data["summary"].strip(),
        field=proposal.field,
        prefecture_id=(partners or [proposal.municipality])[0].prefecture_id,
        fiscal_year=data["fiscal_year"],
        started_on=data.get("started_on"),
        proposal=proposal,
    )
    collaboration.full_clean(exclude=["wards", "municipalities", "partners"])
    collaboration.save()
    collaboration.wards.set(ward_side)
    collaboration.municipalities.set(partners)
    collaboration.partners.set(organisations)
    if partners:  # ties are between municipalities; a partner-only collaboration has none
        board_ties_create(
            slug_prefix=f"board-{proposal.pk}",
            wards=ward_side,
            partners=partners,
            since=data.get("started_on") or timezone.localdate(),
            note=collaboration.title,
        )
    bump_stamp()  # the public list, the top page's figures, the sitemap
    return collaboration
