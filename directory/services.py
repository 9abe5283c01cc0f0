"""Writes in the directory: offers and their calendars, requests (each with its 調整ルーム, the
board's private room of the two sides) and decisions, and the collaboration a request can end in.
Mail goes through the outbox."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bulletin.models import Collaboration, RoomMessage
from bulletin.services.notifications import approved_users
from bulletin.services.rooms import room_open_between
from core.services import model_update
from core.sites import site_url
from members import outbox
from members.permissions import approved_membership

from . import permissions
from .models import Availability, Offer, OfferRequest, RequestStatus

OFFER_FIELDS = [
    "kind",
    "title",
    "description",
    "conditions",
    "cost",
    "contact_department",
    "is_active",
]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _mail_members(*, municipality, actor, subject: str, template: str, context: dict) -> None:
    """Mail the approved members of one side (never the one who acted)."""
    addresses = [
        user.email
        for user in approved_users(municipality=municipality.pk)
        if user.pk != getattr(actor, "pk", None) and user.email
    ]
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"directory/email/{template}.txt", context)
        outbox.enqueue_many(addresses=addresses, subject=str(subject), body=body)


@transaction.atomic
def offer_create(*, user, data: dict) -> Offer:
    _require(permissions.can_offer(user), _("施設・人材を登録できるのは特別区の会員だけです。"))
    offer = Offer(ward=approved_membership(user).municipality, created_by=user)
    model_update(instance=offer, fields=OFFER_FIELDS, data=data)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, user, data: dict) -> Offer:
    _require(permissions.can_edit_offer(user, offer), _("この区の会員だけが変更できます。"))
    model_update(instance=offer, fields=OFFER_FIELDS, data=data)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def availability_add(
    *, offer: Offer, user, start_date: datetime.date, end_date: datetime.date, note: str = ""
) -> Availability:
    _require(permissions.can_edit_offer(user, offer), _("この区の会員だけが変更できます。"))
    if end_date < start_date:
        raise ValidationError({"end_date": _("終了日は開始日より後にしてください。")})
    availability = Availability(offer=offer, start_date=start_date, end_date=end_date, note=note)
    availability.full_clean()
    availability.save()
    return availability


@transaction.atomic
def availability_remove(*, availability: Availability, user) -> None:
    _require(
        permissions.can_edit_offer(user, availability.offer),
        _("この区の会員だけが変更できます。"),
    )
    availability.delete()


def _context(request: OfferRequest, **extra) -> dict:
    return {"request": request, "url": site_url(request.get_absolute_url()), **extra}


@transaction.atomic
def request_create(
    *, offer: Offer, user, start_date: datetime.date, end_date: datetime.date, body: str
) -> OfferRequest:
    """A member asks the ward for the offer on these days: a private 調整ルーム of the two opens
    with the request as its first message, and the ward's members are told by mail."""
    _require(
        permissions.can_request(user, offer),
        _("申し込めるのは、提供する区以外の承認された会員だけです。"),
    )
    if end_date < start_date:
        raise ValidationError({"end_date": _("終了日は開始日より後にしてください。")})
    if not (body or "").strip():
        raise ValidationError({"body": _("申込の内容を入力してください。")})
    municipality = approved_membership(user).municipality
    room = room_open_between(
        host=offer.ward,
        guest=municipality,
        subject=f"{offer.title}（{municipality.name}）",
    )
    request = OfferRequest.objects.create(
        offer=offer,
        municipality=municipality,
        requested_by=user,
        start_date=start_date,
        end_date=end_date,
        room=room,
    )
    with translation.override(settings.LANGUAGE_CODE):  # stored: the site's address
        room.subject_url = request.get_absolute_url()
    room.save(update_fields=["subject_url"])
    RoomMessage.objects.create(
        room=room, author=user, municipality=municipality, body=_request_text(request, body)
    )
    _mail_members(
        municipality=offer.ward,
        actor=user,
        subject=_("施設・人材への申込：%(title)s（%(name)s）")
        % {"title": offer.title, "name": municipality.name},
        template="request_created",
        context=_context(request, body=body.strip()),
    )
    return request


def _request_text(request: OfferRequest, body: str) -> str:
    """The room's first message: the dates asked for, then the requester's words (stored in
    the site's language, whoever reads it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("希望日：%(start)s～%(end)s\n\n%(body)s") % {
            "start": f"{request.start_date:%Y-%m-%d}",
            "end": f"{request.end_date:%Y-%m-%d}",
            "body": body.strip(),
        }


def request_room_message(*, room, message) -> None:
    """The ward wrote in a request's room: the request waiting for it is now 「やりとり中」 (and
    moves to the top of the lists). Runs in the board's room_post (a hook)."""
    if message.municipality_id is None:
        return
    OfferRequest.objects.filter(
        room=room, status=RequestStatus.OPEN, offer__ward=message.municipality_id
    ).update(status=RequestStatus.ANSWERED, updated_at=timezone.now())


@transaction.atomic
def request_decide(*, request: OfferRequest, user, accept: bool, note: str = "") -> OfferRequest:
    """The ward accepts or declines; the requester is told (and the note is in the room)."""
    request = (
        OfferRequest.objects.select_for_update()
        .select_related("offer__ward", "room")
        .get(pk=request.pk)
    )
    _require(permissions.can_decide(user, request), _("この申込に回答できるのは提供する区です。"))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.save()
    if (note or "").strip():
        RoomMessage.objects.create(
            room=request.room, author=user, municipality=request.offer.ward, body=note.strip()
        )
        request.room.save(update_fields=["updated_at"])
    _mail_members(
        municipality=request.municipality,
        actor=user,
        subject=_("施設・人材の申込への回答：%(title)s（%(status)s）")
        % {"title": request.offer.title, "status": request.get_status_display()},
        template="request_decided",
        context=_context(request, note=(note or "").strip()),
    )
    return request


@transaction.atomic
def collaboration_record(
    *, request: OfferRequest, user, summary: str, field: str, fiscal_year: int, title: str = ""
) -> Collaboration:
    """An accepted request becomes a recorded collaboration (連携事業) of the ward and the
    requesting municipality, on the public list."""
    request = (
        OfferRequest.objects.select_for_update()
        .select_related("offer__ward", "municipality")
        .get(pk=request.pk)
    )
    _require(
        permissions.can_record_collaboration(user, request),
        _("受け入れが決まった申込だけを連携事業として記録できます。"),
    )
    if not (summary or "").strip():
        raise ValidationError({"summary": _("事業の概要を入力してください。")})
    collaboration = Collaboration(
        slug=f"directory-{request.pk}",
        title=(title or f"{request.offer.title}（{request.municipality.name}）")[:200],
        summary=summary.strip(),
        field=field,
        prefecture_id=request.municipality.prefecture_id,
        fiscal_year=fiscal_year,
        started_on=request.start_date,
    )
    collaboration.full_clean(exclude=["wards", "municipalities"])
    collaboration.save()
    collaboration.wards.set([request.offer.ward])
    collaboration.municipalities.set([request.municipality])
    request.collaboration = collaboration
    request.save()
    return collaboration
