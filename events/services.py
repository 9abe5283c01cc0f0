"""Writes with side effects in events: registration, cancellation and mail to registrants."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.sites import site_url
from members import outbox
from members.permissions import approved_membership

from .models import Audience, Event
from .registrations import Registration, RegistrationStatus


def enqueue_mail(*, to: str, subject: str, body: str) -> None:
    """Every mail of this app goes through here: into the outbox in the caller's transaction,
    sent by the outbox worker."""
    outbox.enqueue(to=to, subject=subject, body=body)


def _mail_registrant(registration: Registration, template: str, subject: str, **extra) -> None:
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"events/email/{template}.txt",
            {
                "registration": registration,
                "event": event,
                "event_url": site_url(event.get_absolute_url()),
                "cancel_url": site_url(registration.get_cancel_url()),
                # The viewing link goes to confirmed registrants only, never to the page.
                "viewing_url": event.viewing_url
                if registration.status == RegistrationStatus.CONFIRMED
                else "",
                **extra,
            },
        )
        enqueue_mail(
            to=registration.email,
            subject=subject % {"title": event.title},
            body=body,
        )


def _locked(event: Event) -> Event:
    # The event row is the lock: registrations and cancellations of one event take turns.
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str = "",
    user=None,
    now=None,
) -> Registration:
    """Register for an event: a place if one is left, else the waiting list (if it has one)."""
    now = now or timezone.now()
    event = _locked(event)
    if not event.takes_registrations(now):
        raise ValidationError(
            _("この催しの参加申込は受け付けていません（締切を過ぎたか、終了しました）。"),
            code="closed",
        )
    membership = approved_membership(user) if user is not None else None
    if event.audience == Audience.MEMBERS and membership is None:
        raise ValidationError(
            _("この催しは会員（全国連携ホームページ登録自治体の職員）の方のみ申し込めます。"),
            code="members_only",
        )
    email = email.strip().lower()
    if event.registrations.active().filter(email=email).exists():
        raise ValidationError(
            _(
                "このメールアドレスでは既に申し込まれています。"
                "内容の確認やキャンセルは、申込時にお送りしたメールのリンクからどうぞ。"
            ),
            code="duplicate",
        )
    confirmed = event.registrations.confirmed().count()
    if event.capacity is None or confirmed < event.capacity:
        status = RegistrationStatus.CONFIRMED
    elif event.waiting_list:
        status = RegistrationStatus.WAITING
    else:
        raise ValidationError(_("定員に達したため、受付を終了しました。"), code="full")
    registration = Registration.objects.create(
        event=event,
        status=status,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email,
        user=user if membership else None,
        municipality=membership.municipality if membership else None,
        created_at=now,
        confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
    )
    if status == RegistrationStatus.CONFIRMED:
        _mail_registrant(
            registration, "registration_confirmed", _("参加申込を受け付けました：%(title)s")
        )
    else:
        _mail_registrant(
            registration, "registration_waiting", _("キャンセル待ちとして受け付けました：%(title)s")
        )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, now=None) -> Registration | None:
    """Cancel a registration; a freed place goes to the first on the waiting list (returned)."""
    now = now or timezone.now()
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    freed_a_place = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    registration.event = event
    _mail_registrant(
        registration, "registration_cancelled", _("キャンセルを受け付けました：%(title)s")
    )
    if not freed_a_place or event.start_date < timezone.localdate(now):
        return None
    promoted = event.registrations.waiting().select_for_update().first()
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.CONFIRMED
    promoted.confirmed_at = now
    promoted.save(update_fields=["status", "confirmed_at"])
    promoted.event = event
    _mail_registrant(
        promoted, "registration_promoted", _("キャンセル待ちから参加が確定しました：%(title)s")
    )
    return promoted


@transaction.atomic
def registrants_mail(
    *, event: Event, subject: str, body: str, include_waiting: bool = False
) -> int:
    """The secretariat's mail to an event's registrants (confirmed, and optionally waiting)."""
    registrations = event.registrations.confirmed()
    if include_waiting:
        registrations = event.registrations.active()
    count = 0
    for registration in registrations.order_by("created_at", "pk"):
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string(
                "events/email/registrants_message.txt",
                {
                    "registration": registration,
                    "event": event,
                    "body": body,
                    "event_url": site_url(event.get_absolute_url()),
                    "cancel_url": site_url(registration.get_cancel_url()),
                },
            )
        enqueue_mail(to=registration.email, subject=subject, body=text)
        count += 1
    return count


@transaction.atomic
def viewing_link_send(*, event: Event) -> int:
    """Mail the online viewing link to every confirmed registrant (and to no one else)."""
    if not event.viewing_url:
        raise ValidationError(_("視聴URLが登録されていません。"), code="no_viewing_url")
    count = 0
    for registration in event.registrations.confirmed().order_by("created_at", "pk"):
        registration.event = event
        _mail_registrant(registration, "viewing_link", _("視聴URLのご案内：%(title)s"))
        count += 1
    return count
