"""Notifications: the fan-out to their recipients (and their mail, through the outbox), who is
told of what, preferences and alerts, the secretariat's reminder and its mail."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import era_date_text
from core.safe_input import single_line
from core.sites import site_url
from members import outbox as mail_outbox
from members.models import Membership, MembershipStatus, OutgoingEmail, User
from members.permissions import approved_membership
from members.roles import secretariat_addresses
from partners.permissions import partner_membership

from .. import outbox, permissions
from ..models import (
    Collaboration,
    Delivery,
    FanOut,
    Follow,
    HandRaise,
    Notification,
    NotificationKind,
    NotificationPreference,
    Proposal,
    Reply,
)
from ..models.notifications import URGENT_KINDS
from ..permissions import require


def approved_users(**membership_filter):
    memberships = Membership.objects.filter(
        status=MembershipStatus.APPROVED, user__is_active=True, **membership_filter
    )
    return User.objects.filter(membership__in=memberships)


def proposer_members(proposal: Proposal) -> list:
    return list(approved_users(municipality=proposal.municipality_id))


def approved_partner_users(**user_filter):
    """Active users approved for a partner organisation (the partner role)."""
    return User.objects.filter(
        is_active=True, partner_membership__status=MembershipStatus.APPROVED, **user_filter
    )


def participants(proposal: Proposal) -> list:
    """Members who replied to, raised a hand on or follow (ワッチ) the proposal; and partner
    organisations' members who replied or raised a hand, while the post is still theirs to see
    (opened to partners, not hidden)."""
    repliers = Reply.objects.filter(proposal=proposal).values("author_id")
    raisers = HandRaise.objects.filter(proposal=proposal).values("raised_by_id")
    followers = Follow.objects.filter(proposal=proposal).values("user_id")
    users = (
        approved_users(user_id__in=repliers)
        | approved_users(user_id__in=raisers)
        | approved_users(user_id__in=followers)
    )
    if proposal.welcomes_partners and not proposal.is_hidden:
        users = (
            users | approved_partner_users(pk__in=repliers) | approved_partner_users(pk__in=raisers)
        )
    return list(users.distinct())


def followers(proposal: Proposal) -> list:
    return list(
        approved_users(user_id__in=Follow.objects.filter(proposal=proposal).values("user_id"))
    )


def actor_name(user) -> str:
    membership = approved_membership(user)
    if membership is not None:
        return membership.municipality.name
    partner = partner_membership(user)
    return partner.organisation.name if partner is not None else gettext_lazy("事務局")


def notify(
    *,
    proposal: Proposal,
    kind: str,
    actor,
    recipients: Iterable,
    message: str,
    params: dict,
    detail: str = "",
    room=None,
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
    kind_label = str(NotificationKind(kind).label)
    # The mail is the same for every recipient: composed once.
    subject, body = outbox.compose(
        notification_kind_label=kind_label,
        message=message,
        proposal=proposal,
        detail=detail,
        url=room.get_absolute_url() if room is not None else None,
    )
    return tell(
        addresses=unique,
        proposal=proposal,
        kind=kind,
        message=message,
        subject=subject,
        body=body,
        room=room,
        # A room without a post (a directory request's) is what the notification is about.
        link=room.get_absolute_url() if room is not None and proposal is None else "",
    )


def tell(
    *,
    addresses: dict,
    proposal: Proposal | None,
    kind: str,
    message: str,
    subject: str,
    body: str,
    room=None,
    collaboration=None,
    link: str = "",
) -> int:
    """Write a notification (and its mail, now or in the digest) for each {user id: address},
    but for those who muted the kind, with a composed message and mail. Returns how many were
    told. The same few queries for one recipient or a thousand. An urgent kind (a disaster) is
    told to everyone, with mail at once, whatever their digest or mute settings."""
    if not addresses:
        return 0
    digest_users, muted_users = set(), set()
    preferences = NotificationPreference.objects.filter(user_id__in=_id_set(list(addresses)))
    if kind in URGENT_KINDS:
        preferences = preferences.none()
    for user_id, delivery, muted in preferences.values_list("user_id", "delivery", "muted_kinds"):
        if delivery == Delivery.DAILY_DIGEST:
            digest_users.add(user_id)
        if kind in (muted or ()):
            muted_users.add(user_id)
    told = [pk for pk in addresses if pk not in muted_users]
    mailed = [pk for pk in told if pk not in digest_users]
    email_ids = mail_outbox.enqueue_many(
        addresses=[addresses[pk] for pk in mailed], subject=subject, body=body
    )
    email_of = dict(zip(mailed, email_ids, strict=True))
    _insert_notifications(
        [(pk, email_of.get(pk)) for pk in told],
        proposal=proposal,
        kind=kind,
        message=message,
        room=room,
        collaboration=collaboration,
        link=link,
    )
    return len(told)


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _id_set(ids: list[int]):
    """The right-hand side of `__in` for many ids: on PostgreSQL one array parameter
    (`IN (SELECT unnest(…))`), not a thousand parameters that Django prepares and the server
    parses one by one; elsewhere the list."""
    if not _postgresql():
        return ids
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))


def _insert_notifications(
    rows: list[tuple],
    *,
    proposal: Proposal | None,
    kind: str,
    message: str,
    room=None,
    collaboration=None,
    link: str = "",
):
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
                    room=room,
                    collaboration=collaboration,
                    link=link,
                )
                for user_id, email_id in rows
            ]
        )
        return
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (recipient_id, proposal_id, room_id, collaboration_id, link, kind, message, created_at, email_id) "  # noqa: S608
            "SELECT r, %s, %s, %s, %s, %s, %s, %s, e FROM unnest(%s::bigint[], %s::bigint[]) AS u(r, e)",
            [
                proposal.pk if proposal is not None else None,
                room.pk if room is not None else None,
                collaboration.pk if collaboration is not None else None,
                link,
                kind,
                message,
                timezone.now(),
                [user_id for user_id, _email in rows],
                [email_id for _user, email_id in rows],
            ],
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
def alerts_set(*, user, muted_kinds: Iterable[str]) -> NotificationPreference:
    """Turn kinds of alert off (or back on)."""
    muted = sorted(
        kind
        for kind in set(muted_kinds)
        if kind in NotificationKind.values and kind not in URGENT_KINDS
    )
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"muted_kinds": muted}
    )
    return preference


REMIND_EVERY = datetime.timedelta(days=7)


def last_reminded_at(proposal: Proposal) -> datetime.datetime | None:
    """When the secretariat last reminded the post's audience (the reminder's fan-out row,
    written by the click, whether or not the worker has told everyone yet)."""
    return FanOut.objects.filter(kind=NotificationKind.REMINDER, proposal=proposal).aggregate(
        last=Max("created_at")
    )["last"]


@transaction.atomic
def remind_matching_wards(*, actor, proposal: Proposal) -> None:
    """The secretariat reminds the members a waiting post fits (one click on the desk), at most
    once per post every seven days: a second click (or a colleague's) tells nobody twice. Like a
    new post's announcement, the click writes one fan-out row and the worker tells the members
    (a call's audience may be every municipality)."""
    from .fanouts import fanout_start  # fanouts builds on this module's `tell`

    require(permissions.can_moderate(actor), _("この操作は事務局だけができます。"))
    # The row lock makes two simultaneous clicks wait for each other, so the second sees the first.
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("municipality__prefecture")
        .get(pk=proposal.pk)
    )
    last = last_reminded_at(proposal)
    if last is not None and timezone.now() - last < REMIND_EVERY:
        raise ValidationError(
            _("「%(title)s」は%(date)sにお知らせ済みです。次は%(next)s以降にお知らせできます。"),
            code="reminded_recently",
            params={
                "title": proposal.title,
                "date": era_date_text(timezone.localdate(last)),
                "next": era_date_text(timezone.localdate(last + REMIND_EVERY)),
            },
        )
    fanout_start(
        proposal=proposal,
        kind=NotificationKind.REMINDER,
        actor=actor,
        message=gettext_lazy("事務局より：まだ返信のない%(what)s「%(title)s」をご覧ください"),
        params={"what": proposal.direction_label, "title": proposal.title},
        detail=proposal.body,
    )


def collaboration_parties(collaboration) -> list:
    """The approved members of a collaboration's wards and municipalities."""
    wards = Collaboration.wards.through.objects.filter(collaboration=collaboration)
    partners = Collaboration.municipalities.through.objects.filter(collaboration=collaboration)
    return list(
        approved_users(municipality__in=wards.values("municipality_id"))
        | approved_users(municipality__in=partners.values("municipality_id"))
    )


@transaction.atomic
def remind_collaboration_parties(*, actor, collaboration) -> int:
    """The secretariat asks a collaboration's parties (every approved member of its wards and
    municipalities) to record its progress or its indicators' actuals: one click on the desk, at
    most once per collaboration every seven days (a second click, or a colleague's, tells nobody
    twice). The parties are a few municipalities' members: told in the request, mail through the
    outbox. Returns how many were told."""
    require(permissions.can_moderate(actor), _("この操作は事務局だけができます。"))
    # The row lock makes two simultaneous clicks wait for each other, so the second sees the first.
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    last = collaboration.results_reminded_at
    if last is not None and timezone.now() - last < REMIND_EVERY:
        raise ValidationError(
            _("「%(title)s」は%(date)sにお知らせ済みです。次は%(next)s以降にお知らせできます。"),
            code="reminded_recently",
            params={
                "title": collaboration.title,
                "date": era_date_text(timezone.localdate(last)),
                "next": era_date_text(timezone.localdate(last + REMIND_EVERY)),
            },
        )
    collaboration.results_reminded_at = timezone.now()
    collaboration.save(update_fields=["results_reminded_at"])
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            _("事務局より：連携事業「%(title)s」の経過と成果指標の実績をご記入ください")
            % {"title": collaboration.title}
        )[:300]
        body = render_to_string(
            "bulletin/email/collaboration_reminder.txt",
            {
                "message": message,
                "collaboration": collaboration,
                "url": site_url(collaboration.get_absolute_url()),
                "settings_url": site_url(reverse("bulletin:notification-settings")),
            },
        )
    actor_pk = getattr(actor, "pk", None)
    return tell(
        addresses={u.pk: u.email for u in collaboration_parties(collaboration) if u.pk != actor_pk},
        proposal=None,
        collaboration=collaboration,
        kind=NotificationKind.REMINDER,
        message=message,
        subject=single_line(message)[:200],
        body=body,
    )


def mail_secretariat(*, subject: str, body: str) -> list[OutgoingEmail]:
    """Mail to the secretariat, through the outbox (written now, sent after the commit)."""
    return [
        mail_outbox.enqueue(to=address, subject=subject, body=body)
        for address in secretariat_addresses()
    ]
