"""Posts: proposals and calls (募集), their edits (recorded after the first reply), attachments,
and the lock on a proposal's row that every write on a proposal takes first."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.services import model_update
from members.models import Municipality
from members.permissions import approved_membership

from .. import permissions
from ..attachments import MAX_FILES, CheckedFile
from ..models import NotificationKind, PostDirection, Proposal, ProposalAttachment, ProposalRevision
from ..models.proposals import CALL_FIELDS, PROPOSAL_FIELDS
from ..permissions import require
from .fanouts import fanout_start

# The proposer's own fields; the wards (many-to-many) are set after the save.
_PROPOSAL_COLUMNS = tuple(name for name in PROPOSAL_FIELDS if name != "wards")
CALL_COLUMNS = tuple(name for name in CALL_FIELDS if name != "target_prefectures")


def proposal_lock(proposal: Proposal) -> Proposal:
    """The proposal's row, read afresh and locked until the transaction ends (SELECT … FOR
    UPDATE): writes on one proposal (replies, hands, status, edits) take turns."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=proposal.pk)
    )


def _attach(proposal: Proposal, files: Iterable[CheckedFile], user) -> None:
    """Store checked files (called last in a service, after everything else has validated)."""
    for checked in files:
        attachment = ProposalAttachment(
            proposal=proposal,
            name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            uploaded_by=user,
        )
        attachment.file.save(f"upload.{checked.extension}", ContentFile(checked.data), save=False)
        attachment.save()


def _check_attachment_count(count: int) -> None:
    if count > MAX_FILES:
        raise ValidationError(_("添付ファイルは%(max)s件までです。"), params={"max": MAX_FILES})


@transaction.atomic
def proposal_submit(
    *,
    author,
    data: dict,
    wards: Iterable[Municipality] = (),
    attachments: Iterable[CheckedFile] = (),
) -> Proposal:
    """An approved member posts a proposal for their municipality."""
    membership = approved_membership(author)
    require(membership is not None, _("承認された会員だけが提案を投稿できます。"))
    attachments = list(attachments)
    _check_attachment_count(len(attachments))
    proposal = Proposal(municipality=membership.municipality, author=author)
    model_update(instance=proposal, fields=_PROPOSAL_COLUMNS, data=data)
    proposal.full_clean()
    proposal.save()
    proposal.wards.set([] if proposal.any_ward else list(wards))
    _attach(proposal, attachments, author)
    _announce(proposal, author)
    return proposal


@transaction.atomic
def call_submit(
    *,
    author,
    data: dict,
    target_prefectures: Iterable = (),
    attachments: Iterable[CheckedFile] = (),
) -> Proposal:
    """A ward's member posts a call (募集) to municipalities: everyone, or a target (an agreement
    body's members, prefectures, a region, a kind). The municipalities in the target are told."""
    require(permissions.can_post_call(author), _("募集を投稿できるのは特別区の会員だけです。"))
    membership = approved_membership(author)
    attachments = list(attachments)
    _check_attachment_count(len(attachments))
    call = Proposal(
        municipality=membership.municipality,
        author=author,
        direction=PostDirection.CALL,
        any_ward=False,
    )
    model_update(instance=call, fields=CALL_COLUMNS, data=data)
    call.full_clean()
    call.save()
    call.target_prefectures.set(list(target_prefectures))
    _attach(call, attachments, author)
    _announce(call, author)
    return call


def _announce(post: Proposal, author) -> None:
    """The fan-out of a new post to every member whose profile fits: one row now, expanded by
    the worker (services/fanouts.py), so the request's cost does not grow with the audience."""
    if post.is_call:
        message = gettext_lazy("%(who)sから新しい募集：「%(title)s」")
    else:
        message = gettext_lazy("%(who)sから新しい提案：「%(title)s」")
    fanout_start(
        proposal=post,
        kind=NotificationKind.NEW_POST,
        actor=author,
        message=message,
        params={"who": post.municipality.name, "title": post.title},
        detail=post.body,
    )


def _period(post: Proposal) -> str:
    if not post.period_start:
        return ""
    end = f"{post.period_end:%Y-%m-%d}" if post.period_end else ""
    return f"{post.period_start:%Y-%m-%d}〜{end}"


def _display(proposal: Proposal, ward_names: list[str], attachment_names: list[str]) -> dict:
    """What the proposal looks like to a reader, field by field (for the edit history)."""
    period = _period(proposal)
    return {
        _("件名"): proposal.title,
        _("分野"): str(proposal.get_field_display()),
        _("連携の種類"): str(proposal.get_kind_display()),
        _("提案内容"): proposal.body,
        _("提供できること"): proposal.offer,
        _("求めること"): proposal.seeking,
        _("希望する区"): _("どの区でも可") if proposal.any_ward else "、".join(ward_names),
        _("民間・団体の参加を歓迎"): _("はい") if proposal.welcomes_partners else _("いいえ"),
        _("実施年度"): proposal.fiscal_year_label if proposal.fiscal_year else "",
        _("実施期間"): period,
        _("添付ファイル"): "、".join(attachment_names),
    }


def _call_display(call: Proposal, prefecture_names: list[str]) -> dict:
    """What the call looks like to a reader, field by field (for the edit history)."""
    target = [
        _("%(body)sの構成自治体") % {"body": call.target_body.name} if call.target_body else "",
        "、".join(prefecture_names),
        str(call.get_target_region_display()) if call.target_region else "",
        str(call.get_target_kind_display()) if call.target_kind else "",
    ]
    return {
        _("件名"): call.title,
        _("分野"): str(call.get_field_display()),
        _("連携の種類"): str(call.get_kind_display()),
        _("募集内容"): call.body,
        _("提供できること"): call.offer,
        _("求めること"): call.seeking,
        _("募集の対象"): " ".join(part for part in target if part) or _("全国の自治体"),
        _("民間・団体の参加を歓迎"): _("はい") if call.welcomes_partners else _("いいえ"),
        _("実施年度"): call.fiscal_year_label if call.fiscal_year else "",
        _("実施期間"): _period(call),
    }


def _changes(before: dict, after: dict) -> list[dict]:
    return [
        {"field": label, "before": before[label], "after": after[label]}
        for label in before
        if before[label] != after[label]
    ]


@transaction.atomic
def call_update(
    *, call: Proposal, editor, data: dict, target_prefectures: Iterable = ()
) -> Proposal:
    """The calling ward edits its call, its target included. After the first reply, edits are
    recorded. The target is the form's (CallForm refuses one that reaches no municipality)."""
    call = proposal_lock(call)
    require(
        call.is_call and permissions.can_edit_proposal(editor, call),
        _("この募集を編集できるのは募集した区の会員だけです（成立・終了後は編集できません）。"),
    )
    prefectures = sorted(target_prefectures, key=lambda p: p.code)
    with translation.override(settings.LANGUAGE_CODE):
        before = _call_display(call, [p.name for p in call.target_prefectures.order_by("code")])
    model_update(instance=call, fields=CALL_COLUMNS, data=data)
    call.any_ward = False
    call.full_clean()
    with translation.override(settings.LANGUAGE_CODE):
        after = _call_display(call, [p.name for p in prefectures])
    changes = _changes(before, after)
    if not changes:
        return call
    call.edited_at = timezone.now()
    call.save()
    call.target_prefectures.set(prefectures)
    if call.replies.exists():
        ProposalRevision.objects.create(proposal=call, edited_by=editor, changes=changes)
    return call


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    editor,
    data: dict,
    wards: Iterable[Municipality] = (),
    new_attachments: Iterable[CheckedFile] = (),
    remove_attachments: Iterable[ProposalAttachment] = (),
) -> Proposal:
    """The proposer's municipality edits a proposal. After the first reply, edits are recorded."""
    proposal = proposal_lock(proposal)
    require(
        not proposal.is_call and permissions.can_edit_proposal(editor, proposal),
        _("この提案を編集できるのは提案自治体の会員だけです（成立・終了後は編集できません）。"),
    )
    new_attachments = list(new_attachments)
    remove_ids = {a.pk for a in remove_attachments}
    kept = [a for a in proposal.attachments.all() if a.pk not in remove_ids]
    _check_attachment_count(len(kept) + len(new_attachments))

    with translation.override(settings.LANGUAGE_CODE):
        before = _display(
            proposal,
            [w.name for w in proposal.wards.all()],
            [a.name for a in proposal.attachments.all()],
        )
    model_update(instance=proposal, fields=_PROPOSAL_COLUMNS, data=data)
    proposal.full_clean()
    new_wards = [] if proposal.any_ward else list(wards)
    with translation.override(settings.LANGUAGE_CODE):
        after = _display(
            proposal,
            [w.name for w in sorted(new_wards, key=lambda w: w.code)],
            [a.name for a in kept] + [f.name for f in new_attachments],
        )
    changes = _changes(before, after)
    if not changes:
        return proposal
    proposal.edited_at = timezone.now()
    proposal.save()
    proposal.wards.set(new_wards)
    for attachment in proposal.attachments.filter(pk__in=remove_ids):
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    _attach(proposal, new_attachments, editor)
    if proposal.replies.exists():
        ProposalRevision.objects.create(proposal=proposal, edited_by=editor, changes=changes)
    return proposal
