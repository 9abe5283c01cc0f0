"""Writes on the board. Views, the admin and commands all go through these functions.

Each is atomic; notifications and their mail (in the outbox, `members.outbox`) are written in
the same transaction, and the outbox worker sends the mail.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.public_cache import bump_stamp
from members.models import Membership, MembershipStatus, Municipality, OutgoingEmail
from members.permissions import approved_membership

from . import outbox, permissions
from .attachments import MAX_FILES, CheckedFile
from .models import (
    Collaboration,
    Delivery,
    HandRaise,
    ModerationAction,
    ModerationKind,
    Notification,
    NotificationKind,
    NotificationPreference,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    ProposalStatus,
    ProposalStatusChange,
    Reply,
    Report,
)
from .models.proposals import PROPOSAL_FIELDS

# The proposer's own fields; the wards (many-to-many) are set after the save.
_PROPOSAL_COLUMNS = tuple(name for name in PROPOSAL_FIELDS if name != "wards")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


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
    _require(membership is not None, _("承認された会員だけが提案を投稿できます。"))
    attachments = list(attachments)
    if len(attachments) > MAX_FILES:
        raise ValidationError(_("添付ファイルは%(max)s件までです。"), params={"max": MAX_FILES})
    proposal = Proposal(municipality=membership.municipality, author=author)
    for name in _PROPOSAL_COLUMNS:
        setattr(proposal, name, data.get(name, getattr(proposal, name)))
    proposal.full_clean()
    proposal.save()
    proposal.wards.set([] if proposal.any_ward else list(wards))
    _attach(proposal, attachments, author)
    return proposal


def _display(proposal: Proposal, ward_names: list[str], attachment_names: list[str]) -> dict:
    """What the proposal looks like to a reader, field by field (for the edit history)."""
    period = ""
    if proposal.period_start:
        end = f"{proposal.period_end:%Y-%m-%d}" if proposal.period_end else ""
        period = f"{proposal.period_start:%Y-%m-%d}〜{end}"
    return {
        _("件名"): proposal.title,
        _("分野"): str(proposal.get_field_display()),
        _("連携の種類"): str(proposal.get_kind_display()),
        _("提案内容"): proposal.body,
        _("提供できること"): proposal.offer,
        _("求めること"): proposal.seeking,
        _("希望する区"): _("どの区でも可") if proposal.any_ward else "、".join(ward_names),
        _("実施年度"): proposal.fiscal_year_label if proposal.fiscal_year else "",
        _("実施期間"): period,
        _("添付ファイル"): "、".join(attachment_names),
    }


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
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(
        permissions.can_edit_proposal(editor, proposal),
        _("この提案を編集できるのは提案自治体の会員だけです（成立・終了後は編集できません）。"),
    )
    new_attachments = list(new_attachments)
    remove_ids = {a.pk for a in remove_attachments}
    kept = [a for a in proposal.attachments.all() if a.pk not in remove_ids]
    if len(kept) + len(new_attachments) > MAX_FILES:
        raise ValidationError(_("添付ファイルは%(max)s件までです。"), params={"max": MAX_FILES})

    with translation.override(settings.LANGUAGE_CODE):
        before = _display(
            proposal,
            [w.name for w in proposal.wards.all()],
            [a.name for a in proposal.attachments.all()],
        )
    for name in _PROPOSAL_COLUMNS:
        if name in data:
            setattr(proposal, name, data[name])
    proposal.full_clean()
    new_wards = [] if proposal.any_ward else list(wards)
    with translation.override(settings.LANGUAGE_CODE):
        after = _display(
            proposal,
            [w.name for w in sorted(new_wards, key=lambda w: w.code)],
            [a.name for a in kept] + [f.name for f in new_attachments],
        )
    changes = [
        {"field": label, "before": before[label], "after": after[label]}
        for label in before
        if before[label] != after[label]
    ]
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


def _approved_users(**membership_filter):
    from members.models import User

    memberships = Membership.objects.filter(
        status=MembershipStatus.APPROVED, user__is_active=True, **membership_filter
    )
    return User.objects.filter(membership__in=memberships)


def _proposer_members(proposal: Proposal) -> list:
    return list(_approved_users(municipality=proposal.municipality_id))


def _participants(proposal: Proposal) -> list:
    """Members who replied to or raised a hand on the proposal (they follow the thread)."""
    repliers = Reply.objects.filter(proposal=proposal).values("author_id")
    raisers = HandRaise.objects.filter(proposal=proposal).values("raised_by_id")
    return list(_approved_users(user_id__in=repliers) | _approved_users(user_id__in=raisers))


def _actor_name(user) -> str:
    membership = approved_membership(user)
    return membership.municipality.name if membership else gettext_lazy("事務局")


def _notify(
    *,
    proposal: Proposal,
    kind: str,
    actor,
    recipients: Iterable,
    message: str,
    params: dict,
    detail: str = "",
) -> list[Notification]:
    """One notification per recipient (never the actor); mail now or in the daily digest.

    `message` is a lazy text filled with `params` in the site's language, whoever acts.
    """
    unique = {user.pk: user for user in recipients if user.pk != actor.pk}
    if not unique:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        message = (str(message) % params)[:300]
    digest_users = set(
        NotificationPreference.objects.filter(
            user_id__in=unique, delivery=Delivery.DAILY_DIGEST
        ).values_list("user_id", flat=True)
    )
    kind_label = str(NotificationKind(kind).label)
    emails, notifications = [], []
    for user in unique.values():
        email = None
        if user.pk not in digest_users:
            subject, body = outbox.compose(
                notification_kind_label=kind_label,
                message=message,
                proposal=proposal,
                detail=detail,
            )
            email = OutgoingEmail(to=user.email, subject=subject, body=body)
            emails.append(email)
        notifications.append(
            Notification(recipient=user, proposal=proposal, kind=kind, message=message, email=email)
        )
    OutgoingEmail.objects.bulk_create(emails)
    return Notification.objects.bulk_create(notifications)


@transaction.atomic
def reply_post(*, proposal: Proposal, author, body: str) -> Reply:
    """An approved member replies; the proposer and earlier participants are told."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=proposal.pk)
    )
    _require(
        permissions.can_reply(author, proposal),
        _("この提案には返信できません（成立・終了した提案は閲覧のみです）。"),
    )
    body = body.strip()
    if not body:
        raise ValidationError(_("返信内容を入力してください。"))
    recipients = _proposer_members(proposal) + _participants(proposal)
    membership = approved_membership(author)
    reply = Reply.objects.create(
        proposal=proposal, municipality=membership.municipality, author=author, body=body
    )
    _notify(
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
    """A ward raises its hand (手を挙げる); the proposer's municipality is told."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=proposal.pk)
    )
    _require(
        permissions.can_raise_hand(user, proposal),
        _("手を挙げられるのは特別区の会員だけです（成立・終了した提案には挙げられません）。"),
    )
    ward = approved_membership(user).municipality
    hand, created = HandRaise.objects.get_or_create(
        proposal=proposal, ward=ward, defaults={"raised_by": user}
    )
    if created:
        _notify(
            proposal=proposal,
            kind=NotificationKind.HAND_RAISED,
            actor=user,
            recipients=_proposer_members(proposal),
            message=gettext_lazy("%(ward)sが手を挙げました：「%(title)s」"),
            params={"ward": ward.name, "title": proposal.title},
        )
    return hand


@transaction.atomic
def hand_withdraw(*, proposal: Proposal, user) -> None:
    """A ward takes its hand back (no notification)."""
    _require(permissions.can_raise_hand(user, proposal), _("この操作はできません。"))
    HandRaise.objects.filter(
        proposal=proposal, ward=approved_membership(user).municipality
    ).delete()


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
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=proposal.pk)
    )
    _require(
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
    recipients = _proposer_members(proposal) + _participants(proposal)
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
    _notify(
        proposal=proposal,
        kind=NotificationKind.STATUS_CHANGED,
        actor=user,
        recipients=recipients,
        message=gettext_lazy("「%(title)s」の状態が「%(status)s」になりました（%(who)s）"),
        params={
            "title": proposal.title,
            "status": ProposalStatus(proposal.status).label,
            "who": _actor_name(user),
        },
        detail=note,
    )
    return change


def _create_collaboration(proposal: Proposal, data: dict) -> Collaboration:
    wards = list(data.get("wards") or [])
    if not wards or not (data.get("summary") or "").strip() or not data.get("fiscal_year"):
        raise ValidationError(_("成立にするには、連携する区・事業の概要・年度を入力してください。"))
    # The public record names only wards that agreed: those that raised a hand on the proposal.
    agreed = set(proposal.hands.values_list("ward_id", flat=True))
    unagreed = [ward.name for ward in wards if ward.pk not in agreed]
    if unagreed:
        raise ValidationError(
            {
                "wards": _(
                    "手を挙げていない区は連携する区にできません（%(wards)s）。"
                    "区が掲示板で手を挙げてから成立にしてください。"
                )
                % {"wards": "、".join(unagreed)}
            }
        )
    collaboration = Collaboration(
        slug=f"board-{proposal.pk}",
        title=(data.get("title") or proposal.title)[:200],
        summary=data["summary"].strip(),
        field=proposal.field,
        prefecture_id=proposal.municipality.prefecture_id,
        fiscal_year=data["fiscal_year"],
        started_on=data.get("started_on"),
        proposal=proposal,
    )
    collaboration.full_clean(exclude=["wards", "municipalities"])
    collaboration.save()
    collaboration.wards.set(wards)
    collaboration.municipalities.set([proposal.municipality])
    bump_stamp()  # the public list, the top page's figures, the sitemap
    return collaboration


@transaction.atomic
def post_report(
    *, reporter, reason: str, proposal: Proposal | None = None, reply: Reply | None = None
) -> Report:
    """A member asks the secretariat to look at a post."""
    _require(permissions.can_report(reporter), _("通報できるのは承認された会員だけです。"))
    _require(
        reply is None or permissions.can_view_reply(reporter, reply),
        _("この返信は事務局により非表示にされました。"),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("通報の理由を入力してください。"))
    return Report.objects.create(proposal=proposal, reply=reply, reporter=reporter, reason=reason)


@transaction.atomic
def post_moderate(
    *,
    actor,
    action: str,
    reason: str,
    proposal: Proposal | None = None,
    reply: Reply | None = None,
) -> ModerationAction:
    """The secretariat hides, restores, or closes the reports on a post. Nothing is deleted."""
    _require(permissions.can_moderate(actor), _("投稿の非表示・再表示は事務局だけができます。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("理由を入力してください。"))
    target = proposal or reply
    model = type(target)
    target = model.objects.select_for_update().get(pk=target.pk)
    if action == ModerationKind.HIDE:
        if target.is_hidden:
            raise ValidationError(_("この投稿はすでに非表示です。"))
        target.is_hidden, target.hidden_reason = True, reason
    elif action == ModerationKind.RESTORE:
        if not target.is_hidden:
            raise ValidationError(_("この投稿は非表示になっていません。"))
        target.is_hidden, target.hidden_reason = False, ""
    elif action != ModerationKind.DISMISS:
        raise ValidationError(_("対応を選んでください。"))
    if action != ModerationKind.DISMISS:
        target.save(update_fields=["is_hidden", "hidden_reason"])
        if isinstance(target, Proposal) and Collaboration.objects.filter(proposal=target).exists():
            bump_stamp()  # its collaboration leaves (or returns to) the public lists
    reports = Report.objects.unhandled().filter(proposal=proposal, reply=reply)
    reports.update(handled_at=timezone.now())
    return ModerationAction.objects.create(
        proposal=proposal, reply=reply, action=action, reason=reason, actor=actor
    )


@transaction.atomic
def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, delivery: str) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery}
    )
    return preference
