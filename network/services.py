"""Writes to the register of ties: those other apps ask for, and the wards' own (importing a
file: ties_import.py)."""

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import model_update
from members.models import Municipality
from members.permissions import acts_for, approved_membership, is_secretariat

from .models import (
    Tie,
    TieChange,
    TieChangeAction,
    TieKind,
    TieProposal,
    TieProposalStatus,
)


@transaction.atomic
def board_ties_create(
    *,
    slug_prefix: str,
    wards: Iterable[Municipality],
    partners: Iterable[Municipality],
    since: datetime.date,
    note: str,
) -> list[Tie]:
    """A collaboration agreed on the board (成立) ties each of its wards to its partners."""
    partners = list(partners)
    ties = []
    for ward in wards:
        tie = Tie.objects.create(
            slug=f"{slug_prefix}-{ward.code}",
            ward=ward,
            kind=TieKind.BOARD,
            since=since,
            source="連携提案掲示板",
            note=note,
        )
        tie.municipalities.set(partners)
        ties.append(tie)
    return ties


# The wards' own register (the board's /board/ties/): every write is checked here again, runs in
# one transaction and leaves a TieChange with who, when, and the tie before and after.

# What a ward may choose: a tie born on the board is written by its collaboration, not by hand.
WARD_KINDS = [kind for kind in TieKind if kind != TieKind.BOARD]
EARLIEST_SINCE = datetime.date(1868, 1, 1)  # 明治元年: no tie of a municipality is older
PROPOSAL_SOURCE = "自治体からの申し出（掲示板）"


def tie_snapshot(tie: Tie) -> dict:
    """The editable fields of a tie as JSON (what a TieChange keeps before and after)."""
    partners = sorted(
        tie.municipalities.select_related("prefecture"), key=lambda municipality: municipality.code
    )
    return {
        "kind": tie.kind,
        "municipalities": [municipality.pk for municipality in partners],
        "municipality_names": [municipality.full_name for municipality in partners],
        "area_name": tie.area_name,
        "since": tie.since.isoformat() if tie.since else None,
        "since_precision": tie.since_precision,
        "source": tie.source,
        "note": tie.note,
        "department": tie.department,
        "retired_on": tie.retired_on.isoformat() if tie.retired_on else None,
    }


def _restore(tie: Tie, snapshot: dict) -> None:
    """Set a tie's fields (and partners) back to a snapshot, and save it."""
    for name in ("kind", "area_name", "since_precision", "source", "note", "department"):
        setattr(tie, name, snapshot[name])
    for name in ("since", "retired_on"):
        value = snapshot[name]
        setattr(tie, name, datetime.date.fromisoformat(value) if value else None)
    tie.full_clean(exclude=["municipalities"])
    tie.save()
    tie.municipalities.set(Municipality.objects.filter(pk__in=snapshot["municipalities"]))


def _record(*, tie: Tie, action: str, user, before: dict | None, reverts=None) -> TieChange:
    return TieChange.objects.create(
        tie=tie,
        action=action,
        user=user,
        before=before,
        after=tie_snapshot(tie),
        reverts=reverts,
    )


def _require_ward_member(user, ward: Municipality) -> None:
    if not (ward.is_special_ward and acts_for(user, ward)):
        raise PermissionDenied(_("この区の交流関係を編集できるのは、区の承認された会員だけです。"))


def _check_tie_data(*, ward: Municipality, data: Mapping, kept_kind: str | None = None) -> None:
    """The rules a ward's entry must meet (the form checks them first, with the same words)."""
    errors = {}
    partners = list(data.get("municipalities") or [])
    if any(partner.pk == ward.pk for partner in partners):
        errors["municipalities"] = _("相手の自治体に自分の区は選べません。")
    if not partners and not (data.get("area_name") or "").strip():
        errors["municipalities"] = _("相手の自治体か、相手の地域名を入力してください。")
    if data.get("kind") not in WARD_KINDS and data.get("kind") != kept_kind:
        errors["kind"] = _("この種類は選べません。")
    since = data.get("since")
    if since is not None and since > timezone.localdate():
        errors["since"] = _("開始日に未来の日付は入力できません。")
    elif since is not None and since < EARLIEST_SINCE:
        errors["since"] = _("開始日は明治元年（1868年）以降の日付を入力してください。")
    if errors:
        raise ValidationError(errors)


def _unique_slug(ward: Municipality, kind: str) -> str:
    while True:
        slug = f"{ward.code}-{kind}-{secrets.token_hex(3)}"
        if not Tie.objects.filter(slug=slug).exists():
            return slug


TIE_FIELDS = ("kind", "area_name", "since", "since_precision", "source", "note", "department")


@transaction.atomic
def tie_record_admin_change(*, user, tie: Tie, before: dict | None) -> TieChange | None:
    """The secretariat saved a tie in the admin: the change joins the history (None if the
    save changed none of the fields the history keeps)."""
    if before is not None and tie_snapshot(tie) == before:
        return None
    if before is None:
        action = TieChangeAction.CREATED
    elif before["retired_on"] is None and tie.retired_on is not None:
        action = TieChangeAction.RETIRED
    else:
        action = TieChangeAction.EDITED
    return _record(tie=tie, action=action, user=user, before=before)


@transaction.atomic
def tie_create(*, user, ward: Municipality, data: Mapping) -> Tie:
    """A ward's member adds a tie of the ward (data: TIE_FIELDS and `municipalities`)."""
    _require_ward_member(user, ward)
    _check_tie_data(ward=ward, data=data)
    tie = Tie(ward=ward, slug=_unique_slug(ward, data["kind"]))
    model_update(instance=tie, fields=TIE_FIELDS, data=data)
    tie.full_clean(exclude=["municipalities"])
    tie.save()
    tie.municipalities.set(data.get("municipalities") or [])
    _record(tie=tie, action=TieChangeAction.CREATED, user=user, before=None)
    return tie


def _locked(tie: Tie) -> Tie:
    return Tie.objects.select_for_update().select_related("ward").get(pk=tie.pk)


@transaction.atomic
def tie_update(*, user, tie: Tie, data: Mapping) -> TieChange | None:
    """A ward's member edits a tie in force; the change recorded (None if nothing changed)."""
    tie = _locked(tie)
    _require_ward_member(user, tie.ward)
    if not tie.is_active:
        raise ValidationError(_("終了した交流関係は編集できません。"))
    current = {
        "kind": tie.kind,
        "municipalities": list(tie.municipalities.all()),
        "area_name": tie.area_name,
        "since": tie.since,
    }
    # A tie born on the board keeps its kind through an edit; no other tie takes it.
    _check_tie_data(ward=tie.ward, data={**current, **data}, kept_kind=tie.kind)
    before = tie_snapshot(tie)
    model_update(instance=tie, fields=TIE_FIELDS, data=data)
    tie.full_clean(exclude=["municipalities"])
    tie.save()
    if "municipalities" in data:
        tie.municipalities.set(data["municipalities"])
    if tie_snapshot(tie) == before:
        return None
    return _record(tie=tie, action=TieChangeAction.EDITED, user=user, before=before)


@transaction.atomic
def tie_retire(*, user, tie: Tie, on: datetime.date | None = None) -> TieChange:
    """A ward's member ends a tie: it leaves the public pages, its history stays."""
    tie = _locked(tie)
    _require_ward_member(user, tie.ward)
    if not tie.is_active:
        raise ValidationError(_("この交流関係はすでに終了しています。"))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"retired_on": _("終了日に未来の日付は入力できません。")})
    if tie.since and on < tie.since:
        raise ValidationError({"retired_on": _("終了日は開始日より後の日付にしてください。")})
    before = tie_snapshot(tie)
    tie.retired_on = on
    tie.save(update_fields=["retired_on"])
    return _record(tie=tie, action=TieChangeAction.RETIRED, user=user, before=before)


@transaction.atomic
def tie_change_revert(*, user, change: TieChange) -> TieChange:
    """The secretariat reverts a change: the tie goes back to how it was before it (an added
    tie is ended). Only the latest change of a tie, so no later change is silently undone; the
    revert is itself a change, recorded."""
    if not is_secretariat(user):
        raise PermissionDenied(_("変更を取り消せるのは事務局だけです。"))
    tie = _locked(change.tie)
    change = TieChange.objects.select_for_update().get(pk=change.pk)
    if change.action == TieChangeAction.REVERTED:
        raise ValidationError(_("取り消しの記録は取り消せません。"))
    if TieChange.objects.filter(reverts=change).exists():
        raise ValidationError(_("この変更はすでに取り消されています。"))
    if tie.changes.filter(Q(at__gt=change.at) | Q(at=change.at, pk__gt=change.pk)).exists():
        raise ValidationError(
            _("この交流関係には後の変更があります。新しい変更から順に取り消してください。")
        )
    before = tie_snapshot(tie)
    if change.before is None:
        tie.retired_on = timezone.localdate()
        tie.save(update_fields=["retired_on"])
    else:
        _restore(tie, change.before)
    return _record(
        tie=tie, action=TieChangeAction.REVERTED, user=user, before=before, reverts=change
    )


@transaction.atomic
def tie_propose(
    *, user, ward: Municipality, kind: str, since: datetime.date | None, note: str
) -> TieProposal:
    """A (non-ward) municipality's member proposes a tie with a ward; the ward confirms it."""
    membership = approved_membership(user)
    if membership is None or membership.municipality.is_special_ward:
        raise PermissionDenied(
            _("交流関係を申し出られるのは、区以外の自治体の承認された会員です。")
        )
    errors = {}
    if not ward.is_special_ward:
        errors["ward"] = _("特別区を選んでください。")
    if kind not in WARD_KINDS:
        errors["kind"] = _("この種類は選べません。")
    if since is not None and since > timezone.localdate():
        errors["since"] = _("開始日に未来の日付は入力できません。")
    elif since is not None and since < EARLIEST_SINCE:
        errors["since"] = _("開始日は明治元年（1868年）以降の日付を入力してください。")
    if errors:
        raise ValidationError(errors)
    pending = TieProposal.objects.pending().filter(
        ward=ward, municipality=membership.municipality, kind=kind
    )
    if pending.exists():
        raise ValidationError(_("同じ区・同じ種類の申し出が確認待ちです。"))
    return TieProposal.objects.create(
        ward=ward,
        municipality=membership.municipality,
        proposed_by=user,
        kind=kind,
        since=since,
        note=note,
    )


def _pending_locked(proposal: TieProposal) -> TieProposal:
    proposal = (
        TieProposal.objects.select_for_update()
        .select_related("ward", "municipality")
        .get(pk=proposal.pk)
    )
    if not proposal.is_pending:
        raise ValidationError(_("この申し出はすでに確認されています。"))
    return proposal


@transaction.atomic
def tie_proposal_confirm(*, user, proposal: TieProposal) -> Tie:
    """The ward's member confirms a proposal: the tie joins the register (recorded)."""
    _require_ward_member(user, proposal.ward)
    proposal = _pending_locked(proposal)
    tie = Tie.objects.create(
        ward=proposal.ward,
        slug=_unique_slug(proposal.ward, proposal.kind),
        kind=proposal.kind,
        since=proposal.since,
        source=PROPOSAL_SOURCE,
        note=proposal.note,
    )
    tie.municipalities.set([proposal.municipality])
    _record(tie=tie, action=TieChangeAction.CONFIRMED, user=user, before=None)
    proposal.status = TieProposalStatus.CONFIRMED
    proposal.decided_by, proposal.decided_at, proposal.tie = user, timezone.now(), tie
    proposal.save(update_fields=["status", "decided_by", "decided_at", "tie"])
    return tie


@transaction.atomic
def tie_proposal_decline(*, user, proposal: TieProposal) -> TieProposal:
    """The ward's member declines a proposal: nothing joins the register."""
    _require_ward_member(user, proposal.ward)
    proposal = _pending_locked(proposal)
    proposal.status = TieProposalStatus.DECLINED
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal
