"""Writes on the board. Views, the admin and commands all go through these functions.

Each is atomic; notifications and their mail (in the outbox, `members.outbox`) are written in
the same transaction, and the outbox worker sends the mail.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.public_cache import bump_stamp
from core.safe_input import single_line
from members import outbox as mail_outbox
from members.models import Membership, MembershipStatus, Municipality, OutgoingEmail
from members.permissions import approved_membership
from network.services import board_ties_create

from . import outbox, permissions
from .attachments import MAX_FILES, CheckedFile
from .models import (
    Collaboration,
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    Delivery,
    Follow,
    HandRaise,
    InterestProfile,
    ModerationAction,
    ModerationKind,
    Notification,
    NotificationKind,
    NotificationPreference,
    PostDirection,
    Proposal,
    ProposalAttachment,
    ProposalRevision,
    ProposalStatus,
    ProposalStatusChange,
    Reply,
    Report,
    SavedSearch,
)
from .models.proposals import CALL_FIELDS, PROPOSAL_FIELDS

# The proposer's own fields; the wards (many-to-many) are set after the save.
_PROPOSAL_COLUMNS = tuple(name for name in PROPOSAL_FIELDS if name != "wards")
CALL_COLUMNS = tuple(name for name in CALL_FIELDS if name != "target_prefectures")


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
    _require(permissions.can_post_call(author), _("募集を投稿できるのは特別区の会員だけです。"))
    membership = approved_membership(author)
    attachments = list(attachments)
    if len(attachments) > MAX_FILES:
        raise ValidationError(_("添付ファイルは%(max)s件までです。"), params={"max": MAX_FILES})
    call = Proposal(
        municipality=membership.municipality,
        author=author,
        direction=PostDirection.CALL,
        any_ward=False,
    )
    for name in CALL_COLUMNS:
        setattr(call, name, data.get(name, getattr(call, name)))
    call.full_clean()
    call.save()
    call.target_prefectures.set(list(target_prefectures))
    _attach(call, attachments, author)
    _announce(call, author)
    return call


def _announce(post: Proposal, author) -> int:
    """The fan-out of a new post to every member whose profile fits (one bulk insert)."""
    from .matching import post_recipients

    if post.is_call:
        message = gettext_lazy("%(who)sから新しい募集：「%(title)s」")
    else:
        message = gettext_lazy("%(who)sから新しい提案：「%(title)s」")
    return _notify(
        proposal=post,
        kind=NotificationKind.NEW_POST,
        actor=author,
        recipients=post_recipients(post),
        message=message,
        params={"who": post.municipality.name, "title": post.title},
        detail=post.body,
    )


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
    """Members who replied to, raised a hand on or follow (ワッチ) the proposal."""
    repliers = Reply.objects.filter(proposal=proposal).values("author_id")
    raisers = HandRaise.objects.filter(proposal=proposal).values("raised_by_id")
    followers = Follow.objects.filter(proposal=proposal).values("user_id")
    return list(
        _approved_users(user_id__in=repliers)
        | _approved_users(user_id__in=raisers)
        | _approved_users(user_id__in=followers)
    )


def _followers(proposal: Proposal) -> list:
    return list(
        _approved_users(user_id__in=Follow.objects.filter(proposal=proposal).values("user_id"))
    )


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
) -> int:
    """One notification per recipient (never the actor, never one who muted the kind); mail now
    or in the daily digest. Returns how many notifications were written.

    Recipients are anything with `pk` and `email` (users, or matching.Recipient rows). The writes
    are bulk: the same few queries for one recipient or a thousand. `message` is a lazy text
    filled with `params` in the site's language, whoever acts. The outbox worker sends the mail,
    never this request.
    """
    actor_pk = getattr(actor, "pk", None)
    unique = {user.pk: user.email for user in recipients if user.pk != actor_pk}
    if not unique:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = (str(message) % params)[:300]
    digest_users, muted_users = set(), set()
    for user_id, delivery, muted in NotificationPreference.objects.filter(
        user_id__in=_id_set(list(unique))
    ).values_list("user_id", "delivery", "muted_kinds"):
        if delivery == Delivery.DAILY_DIGEST:
            digest_users.add(user_id)
        if kind in (muted or ()):
            muted_users.add(user_id)
    kind_label = str(NotificationKind(kind).label)
    # The mail is the same for every recipient: composed once.
    subject, body = outbox.compose(
        notification_kind_label=kind_label, message=message, proposal=proposal, detail=detail
    )
    told = [pk for pk in unique if pk not in muted_users]
    mailed = [pk for pk in told if pk not in digest_users]
    email_ids = _insert_emails([unique[pk] for pk in mailed], subject, body)
    email_of = dict(zip(mailed, email_ids, strict=True))
    _insert_notifications(
        [(pk, email_of.get(pk)) for pk in told], proposal=proposal, kind=kind, message=message
    )
    return len(told)


def _postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _id_set(ids: list[int]):
    """The right-hand side of `__in` for many ids: on PostgreSQL one array parameter
    (`IN (SELECT unnest(…))`), not a thousand parameters that Django prepares and the server
    parses one by one; elsewhere the list."""
    if not _postgresql():
        return ids
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))


def _insert_emails(addresses: list[str], subject: str, body: str) -> list[int]:
    """Write one outbox mail per address (same subject and body); their ids, in order.

    On PostgreSQL one INSERT … SELECT unnest(…): the rows are built by the database, so the
    request's time hardly grows with the recipients. Elsewhere, bulk_create.
    """
    if not addresses:
        return []
    subject = single_line(subject)[:200]
    now = timezone.now()
    if not _postgresql():
        emails = OutgoingEmail.objects.bulk_create(
            [
                OutgoingEmail(to=to, subject=subject, body=body, next_attempt_at=now)
                for to in addresses
            ]
        )
        return [email.pk for email in emails]
    from django.db import connection

    table = connection.ops.quote_name(OutgoingEmail._meta.db_table)
    with connection.cursor() as cursor:
        # The table name is the model's own, quoted; every value is a parameter.
        cursor.execute(
            f'INSERT INTO {table} ("to", subject, body, created_at, next_attempt_at, attempts, '  # noqa: S608
            "last_error, claimed_by) SELECT address, %s, %s, %s, %s, 0, '', '' "
            "FROM unnest(%s::varchar[]) WITH ORDINALITY AS u(address, n) ORDER BY n "
            'RETURNING id, "to"',
            [subject, body, now, now, addresses],
        )
        ids = {to: pk for pk, to in cursor.fetchall()}
    return [ids[to] for to in addresses]


def _insert_notifications(rows: list[tuple], *, proposal: Proposal, kind: str, message: str):
    """Write one notification per (recipient id, outbox mail id or None)."""
    if not rows:
        return
    if not _postgresql():
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id,
                    proposal=proposal,
                    kind=kind,
                    message=message,
                    email_id=email_id,
                )
                for user_id, email_id in rows
            ]
        )
        return
    from django.db import connection

    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (recipient_id, proposal_id, kind, message, created_at, email_id) "  # noqa: S608
            "SELECT r, %s, %s, %s, %s, e FROM unnest(%s::bigint[], %s::bigint[]) AS u(r, e)",
            [
                proposal.pk,
                kind,
                message,
                timezone.now(),
                [user_id for user_id, _email in rows],
                [email_id for _user, email_id in rows],
            ],
        )


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
        _(
            "提案に手を挙げられるのは特別区の会員、区の募集に手を挙げられるのは自治体の会員だけです"
            "（成立・終了したものには挙げられません）。"
        ),
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
            recipients=_proposer_members(proposal) + _followers(proposal),
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
    # On a call the roles swap: the caller is the ward, the hands are the municipalities.
    ward_side, partners = (
        ([proposal.municipality], wards) if proposal.is_call else (wards, [proposal.municipality])
    )
    collaboration = Collaboration(
        slug=f"board-{proposal.pk}",
        title=(data.get("title") or proposal.title)[:200],
        summary=data["summary"].strip(),
        field=proposal.field,
        prefecture_id=partners[0].prefecture_id,
        fiscal_year=data["fiscal_year"],
        started_on=data.get("started_on"),
        proposal=proposal,
    )
    collaboration.full_clean(exclude=["wards", "municipalities"])
    collaboration.save()
    collaboration.wards.set(ward_side)
    collaboration.municipalities.set(partners)
    board_ties_create(
        slug_prefix=f"board-{proposal.pk}",
        wards=ward_side,
        partners=partners,
        since=data.get("started_on") or timezone.localdate(),
        note=collaboration.title,
    )
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
    report = Report.objects.create(proposal=proposal, reply=reply, reporter=reporter, reason=reason)
    _mail_report(report)
    return report


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


@transaction.atomic
def follow_set(*, user, proposal: Proposal, following: bool) -> bool:
    """ワッチ (follow) a proposal or call, or stop; followers hear of replies, hands and status."""
    _require(permissions.can_follow(user, proposal), _("この投稿はワッチできません。"))
    if following:
        Follow.objects.get_or_create(user=user, proposal=proposal)
    else:
        Follow.objects.filter(user=user, proposal=proposal).delete()
    return following


@transaction.atomic
def interest_profile_set(
    *,
    user,
    fields: Iterable[str] = (),
    kinds: Iterable[str] = (),
    regions: Iterable[str] = (),
    prefectures: Iterable = (),
    bodies: Iterable = (),
    for_municipality: bool = False,
) -> InterestProfile:
    """A member sets their interest profile, or (for_municipality) their municipality's default."""
    membership = approved_membership(user)
    _require(membership is not None, _("関心の設定は承認された会員だけができます。"))
    owner = {"municipality": membership.municipality} if for_municipality else {"user": user}
    profile, _created = InterestProfile.objects.update_or_create(
        **owner,
        defaults={"fields": sorted(fields), "kinds": sorted(kinds), "regions": sorted(regions)},
    )
    profile.prefectures.set(list(prefectures))
    profile.bodies.set(list(bodies))
    return profile


@transaction.atomic
def interest_profile_clear(*, user) -> None:
    InterestProfile.objects.filter(user=user).delete()


@transaction.atomic
def alerts_set(*, user, muted_kinds: Iterable[str]) -> NotificationPreference:
    """Turn kinds of alert off (or back on)."""
    muted = sorted(kind for kind in set(muted_kinds) if kind in NotificationKind.values)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"muted_kinds": muted}
    )
    return preference


@transaction.atomic
def saved_search_create(*, user, name: str, query: str, alerts: bool = True) -> SavedSearch:
    _require(permissions.can_post(user), _("検索を保存できるのは承認された会員だけです。"))
    name = name.strip()
    if not name:
        raise ValidationError(_("名前を入力してください。"))
    # Only the filter's own parameters are kept (no page number).
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    return SavedSearch.objects.create(
        user=user, name=name[:80], query=params.urlencode()[:1000], alerts=alerts
    )


@transaction.atomic
def saved_search_delete(*, user, saved_search: SavedSearch) -> None:
    _require(saved_search.user_id == user.pk, _("この検索は削除できません。"))
    saved_search.delete()


def saved_search_alerts(*, now=None) -> int:
    """For each saved search with alerts: notify its owner of posts that match and appeared
    since it was last checked (run by the outbox worker, `send_notifications`)."""
    from .filters import ProposalFilter

    now = now or timezone.now()
    count = 0
    for saved in SavedSearch.objects.alerting().select_related("user__membership"):
        with transaction.atomic():
            user = saved.user
            if approved_membership(user) is None:
                continue
            recent = (
                Proposal.objects.visible_to(user)
                .filter(created_at__gt=saved.checked_at, created_at__lte=now)
                .exclude(author=user)
            )
            matches = list(
                ProposalFilter(saved.params, queryset=recent).qs.select_related(
                    "municipality__prefecture"
                )[:20]
            )
            for post in matches:
                count += _notify(
                    proposal=post,
                    kind=NotificationKind.SAVED_SEARCH,
                    actor=None,
                    recipients=[user],
                    message=gettext_lazy("保存した検索「%(name)s」に新しい一致：「%(title)s」"),
                    params={"name": saved.name, "title": post.title},
                    detail=post.body,
                )
            SavedSearch.objects.filter(pk=saved.pk).update(checked_at=now)
    return count


@transaction.atomic
def remind_matching_wards(*, actor, proposal: Proposal) -> int:
    """The secretariat reminds the members a waiting post fits (one click on the desk)."""
    from .matching import post_recipients

    _require(permissions.can_moderate(actor), _("この操作は事務局だけができます。"))
    proposal = Proposal.objects.select_related("municipality__prefecture").get(pk=proposal.pk)
    return _notify(
        proposal=proposal,
        kind=NotificationKind.REMINDER,
        actor=actor,
        recipients=post_recipients(proposal),
        message=gettext_lazy("事務局より：まだ返信のない%(what)s「%(title)s」をご覧ください"),
        params={"what": proposal.direction_label, "title": proposal.title},
        detail=proposal.body,
    )


def secretariat_addresses() -> list[str]:
    """The secretariat's mail addresses: active staff of the 事務局 group, and superusers."""
    from django.db.models import Q

    from members.models import User
    from members.roles import SECRETARIAT_GROUP

    users = User.objects.filter(is_active=True, is_staff=True).filter(
        Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP)
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _mail_secretariat(*, subject: str, body: str) -> list[OutgoingEmail]:
    """Mail to the secretariat, through the outbox (written now, sent after the commit)."""
    return [
        mail_outbox.enqueue(to=address, subject=outbox.SUBJECT_PREFIX + subject, body=body)
        for address in secretariat_addresses()
    ]


def _mail_report(report: Report) -> None:
    from django.template.loader import render_to_string
    from django.urls import reverse

    target = report.proposal or report.reply.proposal
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "bulletin/email/report.txt",
            {
                "report": report,
                "target": target,
                "reporter": _actor_name(report.reporter),
                "queue_url": outbox.site_url(reverse("bulletin:report-list")),
                "post_url": outbox.site_url(target.get_absolute_url()),
            },
        )
        _mail_secretariat(
            subject=_("新しい通報：「%(title)s」") % {"title": target.title}, body=body
        )


@transaction.atomic
def consultation_open(
    *, author, subject: str, body: str, proposal: Proposal | None = None
) -> Consultation:
    """A member asks the secretariat a question or for help with a collaboration (never public)."""
    membership = approved_membership(author)
    _require(membership is not None, _("相談できるのは承認された会員だけです。"))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("件名と内容を入力してください。"))
    consultation = Consultation.objects.create(
        municipality=membership.municipality,
        author=author,
        subject=subject[:120],
        proposal=proposal,
    )
    ConsultationMessage.objects.create(consultation=consultation, author=author, body=body)
    _mail_consultation(consultation, body, to_secretariat=True)
    return consultation


@transaction.atomic
def consultation_post(*, consultation: Consultation, author, body: str) -> ConsultationMessage:
    """A message in the thread: the secretariat's answer, or the member's follow-up."""
    _require(permissions.can_view_consultation(author, consultation), _("この相談は見られません。"))
    body = body.strip()
    if not body:
        raise ValidationError(_("内容を入力してください。"))
    from_secretariat = permissions.can_moderate(author)
    message = ConsultationMessage.objects.create(
        consultation=consultation, author=author, body=body, from_secretariat=from_secretariat
    )
    consultation.status = (
        ConsultationStatus.ANSWERED if from_secretariat else ConsultationStatus.WAITING
    )
    consultation.save(update_fields=["status", "updated_at"])
    _mail_consultation(consultation, body, to_secretariat=not from_secretariat)
    return message


def _mail_consultation(consultation: Consultation, body: str, *, to_secretariat: bool) -> None:
    from django.template.loader import render_to_string

    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "bulletin/email/consultation.txt",
            {
                "consultation": consultation,
                "body": body,
                "url": outbox.site_url(consultation.get_absolute_url()),
            },
        )
        if to_secretariat:
            _mail_secretariat(
                subject=_("相談：%(subject)s（%(who)s）")
                % {"subject": consultation.subject, "who": consultation.municipality.name},
                body=text,
            )
            return
        subject = outbox.SUBJECT_PREFIX + _("事務局から相談への回答：%(subject)s") % {
            "subject": consultation.subject
        }
        for user in _approved_users(municipality=consultation.municipality_id):
            mail_outbox.enqueue(to=user.email, subject=subject, body=text)
