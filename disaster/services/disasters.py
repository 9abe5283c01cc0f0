"""Declaring a disaster (the 対策本部 opens), closing it, proposing a pairing (対口支援) and
recording the joint 復興支援金: the secretariat's writes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.permissions import require
from core.slugs import readable_slug, unique_slug

from ..models import Disaster, DisasterState, Pairing, ReliefFund, SupportRequest
from ..permissions import can_manage
from .alerts import alert, headquarters_audience, members_of


@transaction.atomic
def disaster_declare(*, actor, data: dict, prefectures, municipalities) -> Disaster:
    """The 対策本部 opens at once; every ward member and every member of an affected
    municipality is alerted (urgent: now, by mail, whatever their settings)."""
    require(can_manage(actor), _("この操作は事務局だけができます。"))
    base = readable_slug(data["name"], day=data["occurred_on"], fallback="disaster")
    disaster = Disaster.objects.create(
        name=data["name"],
        kind=data["kind"],
        occurred_on=data["occurred_on"],
        slug=unique_slug(Disaster.objects.all(), base),
        declared_by=actor,
        declared_at=timezone.now(),
    )
    disaster.prefectures.set(prefectures)
    disaster.municipalities.set(municipalities)
    alert(
        disaster=disaster,
        recipients=headquarters_audience(disaster),
        actor=actor,
        message=gettext_lazy("【緊急】%(name)sの対策本部を設置しました"),
        params={"name": disaster.name},
        detail=data.get("note", ""),
    )
    return disaster


@transaction.atomic
def disaster_close(*, actor, disaster: Disaster) -> Disaster:
    """The 対策本部 ends: its requests are archived (read only), its page stays."""
    require(can_manage(actor), _("この操作は事務局だけができます。"))
    disaster = Disaster.objects.select_for_update().get(pk=disaster.pk)
    require(disaster.is_open, _("この災害対応はすでに終了しています。"))
    now = timezone.now()
    disaster.state, disaster.closed_at = DisasterState.CLOSED, now
    disaster.save(update_fields=["state", "closed_at"])
    SupportRequest.objects.filter(disaster=disaster, archived_at__isnull=True).update(
        archived_at=now
    )
    alert(
        disaster=disaster,
        recipients=headquarters_audience(disaster),
        actor=actor,
        message=gettext_lazy("%(name)sの対策本部を終了しました。要請はアーカイブされました"),
        params={"name": disaster.name},
    )
    return disaster


@transaction.atomic
def pairing_propose(*, actor, disaster: Disaster, ward, municipality) -> Pairing:
    """対口支援: the secretariat proposes that the ward stands by the affected municipality;
    both are told."""
    require(can_manage(actor), _("この操作は事務局だけができます。"))
    require(disaster.is_open, _("この災害対応は終了しています。"))
    pairing, created = Pairing.objects.get_or_create(
        disaster=disaster, ward=ward, municipality=municipality, defaults={"proposed_by": actor}
    )
    if created:
        alert(
            disaster=disaster,
            recipients=members_of(ward, municipality),
            actor=actor,
            message=gettext_lazy(
                "%(name)s：事務局が対口支援（%(ward)s↔%(municipality)s）を提案しました"
            ),
            params={"name": disaster.name, "ward": ward.name, "municipality": municipality.name},
        )
    return pairing


@transaction.atomic
def relief_fund_record(*, actor, disaster: Disaster, data: dict, recipients) -> ReliefFund:
    """The joint 復興支援金 the wards decided (amount, recipients, decision date)."""
    require(can_manage(actor), _("この操作は事務局だけができます。"))
    fund = ReliefFund.objects.create(
        disaster=disaster,
        amount_yen=data["amount_yen"],
        recipients_note=data.get("recipients_note", ""),
        decided_on=data["decided_on"],
        recorded_by=actor,
    )
    fund.recipients.set(recipients)
    return fund
