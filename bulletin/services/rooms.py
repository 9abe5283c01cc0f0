"""調整ルーム: opening a pair's room, its messages (and who is told), contact cards, and the
secretariat asked in and joining."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.sites import site_url
from members.permissions import approved_membership, has_secretariat_role
from partners.models import PartnerMembership
from partners.permissions import partner_membership

from .. import permissions
from ..attachments import MAX_FILES, CheckedFile
from ..models import (
    ContactCard,
    HandRaise,
    NotificationKind,
    Proposal,
    Room,
    RoomAttachment,
    RoomMessage,
    RoomRead,
)
from ..permissions import require
from .notifications import approved_users, mail_secretariat, notify

# What the apps above the board do when a message is written in a room they opened (the
# directory marks its request answered): registered from their AppConfig.ready(), so the board
# never imports them.
_MESSAGE_HOOKS: list[Callable] = []


def register_room_message_hook(hook: Callable) -> None:
    """`hook(room=..., message=...)` runs in room_post's transaction, after the message."""
    if hook not in _MESSAGE_HOOKS:
        _MESSAGE_HOOKS.append(hook)


def room_for_hand(hand: HandRaise) -> Room:
    """The pair's room, created the first time (idempotent: one room per post and hand)."""
    room, _created = Room.objects.get_or_create(
        proposal=hand.proposal,
        municipality=hand.ward,
        defaults={"host_id": hand.proposal.municipality_id},
    )
    return room


@transaction.atomic
def room_open_between(*, host, guest, subject: str, subject_url: str = "") -> Room:
    """A private room of two municipalities about something other than a post (a facility
    request of the directory, say): the app that opens it keeps the link to it."""
    return Room.objects.create(
        host=host, municipality=guest, subject=subject[:200], subject_url=subject_url[:200]
    )


@transaction.atomic
def room_open(*, proposal: Proposal, municipality_id: int, user) -> Room:
    """The room of a post and a municipality that raised its hand, for one of the two sides
    (created now for a hand raised before rooms existed). Raises Room.DoesNotExist otherwise."""
    room = (
        Room.objects.select_related("proposal__municipality", "host", "municipality")
        .filter(proposal=proposal, municipality_id=municipality_id)
        .first()
    )
    if room is None:
        hand = (
            HandRaise.objects.select_related("proposal", "ward")
            .filter(proposal=proposal, ward_id=municipality_id)
            .first()
        )
        if hand is None:
            raise Room.DoesNotExist
        room = Room(proposal=proposal, host=proposal.municipality, municipality=hand.ward)
        if not permissions.is_room_party(user, room):
            raise Room.DoesNotExist
        room = room_for_hand(hand)
    if not permissions.can_view_room(user, room):
        raise Room.DoesNotExist
    return room


def room_lock(room: Room) -> Room:
    return (
        Room.objects.select_for_update(of=("self",))
        .select_related("proposal__municipality", "host", "municipality")
        .get(pk=room.pk)
    )


def room_recipients(room: Room, *, author) -> list:
    """Every approved member of both sides, and the secretariat's member who joined; the
    notification fan-out leaves the author out."""
    users = list(approved_users(municipality__in=[room.host_id, room.municipality_id]))
    collaboration = getattr(room.proposal, "collaboration", None) if room.proposal_id else None
    if collaboration is not None:  # the partner organisations the collaboration names
        users += [
            partner.user
            for partner in PartnerMembership.objects.approved()
            .filter(organisation__collaborations=collaboration)
            .select_related("user")
        ]
    joined = room.secretariat_joined_by
    if joined is not None and has_secretariat_role(joined):
        users.append(joined)
    return [user for user in users if user.pk != author.pk]


@transaction.atomic
def room_post(*, room: Room, author, body: str, attachments: list[CheckedFile] = ()) -> RoomMessage:
    """A message in the room (with checked files); every other member of the room is told, in
    the site and by mail as their preferences say (now or in the daily digest)."""
    room = room_lock(room)
    require(
        permissions.can_write_in_room(author, room),
        _("この調整ルームには書き込めません（終了した連携は閲覧のみです）。"),
    )
    body = body.strip()
    attachments = list(attachments)
    if not body:
        raise ValidationError({"body": _("内容を入力してください。")})
    if len(attachments) > MAX_FILES:
        raise ValidationError(
            {"attachments": _("添付ファイルは%(max)s件までです。") % {"max": MAX_FILES}}
        )
    membership = approved_membership(author)
    party = permissions.is_room_party(author, room)
    side = membership.municipality if membership and party else None
    partner = partner_membership(author) if party and membership is None else None
    organisation = partner.organisation if partner else None
    message = RoomMessage.objects.create(
        room=room, author=author, municipality=side, organisation=organisation, body=body
    )
    for checked in attachments:
        attachment = RoomAttachment(
            message=message,
            name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
        )
        attachment.file.save(f"upload.{checked.extension}", ContentFile(checked.data), save=False)
        attachment.save()
    room.save(update_fields=["updated_at"])
    for hook in _MESSAGE_HOOKS:
        hook(room=room, message=message)
    notify(
        proposal=room.proposal,
        kind=NotificationKind.ROOM_MESSAGE,
        actor=author,
        recipients=room_recipients(room, author=author),
        message=gettext_lazy("調整ルームに%(who)sから新しいメッセージ：「%(title)s」"),
        params={
            "who": (side or organisation).name if (side or organisation) else _("事務局"),
            "title": room.title,
        },
        detail=body,
        room=room,
    )
    return message


@transaction.atomic
def contact_card_set(*, room: Room, user, data: dict) -> ContactCard:
    """A side's own contact card: what it writes, and whether the other side sees it."""
    room = room_lock(room)
    require(
        permissions.can_write_in_room(user, room)
        and permissions.is_room_party(user, room)
        and approved_membership(user) is not None,
        _("この連絡先は変更できません。"),
    )
    municipality = approved_membership(user).municipality
    card, _created = ContactCard.objects.update_or_create(
        room=room,
        municipality=municipality,
        defaults={
            "department": data.get("department", "").strip(),
            "phone": data.get("phone", "").strip(),
            "email": data.get("email", "").strip(),
            "shared": bool(data.get("shared")),
            "updated_by": user,
        },
    )
    return card


@transaction.atomic
def room_ask_secretariat(*, room: Room, user) -> Room:
    """「事務局に参加を依頼」: a side lets the secretariat read the room and join it."""
    room = room_lock(room)
    require(
        permissions.is_room_party(user, room) and not room.is_read_only,
        _("事務局への参加の依頼は、この調整ルームの自治体だけができます。"),
    )
    if room.secretariat_requested_at is None:
        room.secretariat_requested_at = timezone.now()
        room.secretariat_requested_by = user
        room.save(update_fields=["secretariat_requested_at", "secretariat_requested_by"])
        mail_secretariat(
            subject=_("調整ルームへの参加の依頼：「%(title)s」") % {"title": room.title},
            body=_("%(a)sと%(b)sの調整ルームから、事務局の参加が依頼されました。\n%(url)s")
            % {
                "a": room.host.name,
                "b": room.municipality.name,
                "url": site_url(room.get_absolute_url()),
            },
        )
    return room


@transaction.atomic
def room_join(*, room: Room, user) -> Room:
    """The secretariat joins a room it was asked into: from now on it writes and is told."""
    room = room_lock(room)
    require(permissions.can_join_room(user, room), _("この調整ルームには参加できません。"))
    room.secretariat_joined_at = timezone.now()
    room.secretariat_joined_by = user
    room.save(update_fields=["secretariat_joined_at", "secretariat_joined_by"])
    return room


def room_mark_read(*, room: Room, user) -> None:
    """The member opened the room: its messages so far are read (マイページ stops counting them)."""
    if not user.is_authenticated:
        return
    # One upsert, whether or not the member opened the room before.
    RoomRead.objects.bulk_create(
        [RoomRead(room=room, user=user, last_read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["room", "user"],
        update_fields=["last_read_at"],
    )
