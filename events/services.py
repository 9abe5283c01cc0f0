"""Writes with side effects in events: registration, cancellation and mail to registrants."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.dates import DatePrecision
from core.public_cache import bump_stamp
from core.services import model_update
from core.sites import site_url
from core.slugs import readable_slug, unique_slug
from members import outbox
from members.permissions import acts_for, approved_membership, is_secretariat

from .models import Audience, Event, EventKind, EventStatus
from .registrations import Registration, RegistrationStatus
from .submissions import EventSubmission, SubmissionStatus


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
    admitted: bool = False,
) -> Registration:
    """Register for an event: a place if one is left, else the waiting list (if it has one).

    `admitted`: the caller has decided that this user may take part although not a member (the
    roundtable admits partner organisations' members to its members-only meetings)."""
    now = now or timezone.now()
    event = _locked(event)
    if not event.takes_registrations(now):
        raise ValidationError(
            _("この催しの参加申込は受け付けていません（締切を過ぎたか、終了しました）。"),
            code="closed",
        )
    membership = approved_membership(user) if user is not None else None
    if event.audience == Audience.MEMBERS and membership is None and not admitted:
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


# Members' own events ---------------------------------------------------------------------------

SUBMISSION_FIELDS = [
    "category",
    "title",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "online",
    "ward",
    "venue",
    "description",
    "link",
    "image_alt",
]


def _submission_membership(user):
    membership = approved_membership(user)
    if membership is None:
        raise PermissionDenied(_("催しの掲載を申請できるのは承認された会員だけです。"))
    return membership


def _check_submission(submission: EventSubmission) -> None:
    if submission.image and not submission.image_alt.strip():
        raise ValidationError(
            {"image_alt": _("画像を載せるときは、画像の説明を入力してください。")}
        )
    if not submission.online and not submission.venue.strip():
        raise ValidationError(
            {"venue": _("会場を入力してください（オンラインの場合はその旨を選んでください）。")}
        )


@transaction.atomic
def submission_create(*, user, data: dict, image=None) -> EventSubmission:
    """A member submits an event its municipality holds; it waits for the secretariat."""
    membership = _submission_membership(user)
    submission = EventSubmission(municipality=membership.municipality, submitted_by=user)
    model_update(instance=submission, fields=SUBMISSION_FIELDS, data=data)
    if image is not None:
        submission.image = image
    _check_submission(submission)
    submission.save()
    return submission


@transaction.atomic
def submission_update(
    *, submission: EventSubmission, user, data: dict, image=None
) -> EventSubmission:
    """The member changes a submission that is not published yet: it goes back to the queue."""
    submission = EventSubmission.objects.select_for_update().get(pk=submission.pk)
    if not acts_for(user, submission.municipality):
        raise PermissionDenied(_("この申請を変更できるのは申請した自治体の会員だけです。"))
    if not submission.is_editable:
        raise ValidationError(
            _("掲載中の催しは変更できません。変更が必要な場合は事務局にご連絡ください。"),
            code="published",
        )
    model_update(instance=submission, fields=SUBMISSION_FIELDS, data=data)
    if image is not None:
        submission.image = image
    submission.status = SubmissionStatus.SUBMITTED
    _check_submission(submission)
    submission.save()
    return submission


def _require_secretariat(user) -> None:
    if not is_secretariat(user):
        raise PermissionDenied(_("掲載申請を確認できるのは事務局だけです。"))


def _mail_submitter(submission: EventSubmission, template: str, subject: str) -> None:
    user = submission.submitted_by
    if user is None or not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"events/email/{template}.txt",
            {
                "submission": submission,
                "event_url": site_url(submission.event.get_absolute_url())
                if submission.event
                else "",
                "edit_url": site_url(submission.get_absolute_url()),
            },
        )
        enqueue_mail(to=user.email, subject=subject % {"title": submission.title}, body=body)


def _event_values(submission: EventSubmission) -> dict:
    return {
        "kind": EventKind.MUNICIPALITY,
        "title": submission.title,
        "theme": str(submission.get_category_display()),
        "start_date": submission.start_date,
        "end_date": submission.end_date,
        "date_precision": DatePrecision.DAY,
        "start_time": submission.start_time,
        "end_time": submission.end_time,
        "venue": submission.place,
        "online": submission.online,
        "status": EventStatus.SCHEDULED,
        "summary": submission.description,
        "host_municipality": submission.municipality,
        "link": submission.link,
        "image": submission.image.name if submission.image else "",
        "image_alt": submission.image_alt if submission.image else "",
    }


@transaction.atomic
def submission_approve(*, submission: EventSubmission, user, now=None) -> Event:
    """Publish the submission as an event of the municipality (on /events/, its feeds and
    calendars, the municipality's page and the search); the submitter is told by mail."""
    _require_secretariat(user)
    submission = EventSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.APPROVED:
        raise ValidationError(_("この申請は既に承認されています。"), code="approved")
    values = _event_values(submission)
    event = submission.event
    if event is None:
        base = readable_slug(submission.title, day=submission.start_date, fallback="event")
        event = Event(slug=unique_slug(Event.objects.all(), base))
    for field, value in values.items():
        setattr(event, field, value)
    event.full_clean(exclude=["slug"] if event.pk else None)
    event.save()
    submission.event = event
    submission.status = SubmissionStatus.APPROVED
    submission.return_reason = ""
    submission.reviewed_by = user
    submission.reviewed_at = now or timezone.now()
    submission.save()
    _mail_submitter(submission, "submission_approved", _("催しを掲載しました：%(title)s"))
    bump_stamp()  # the list, calendars and feeds, the municipality's page, the search
    return event


@transaction.atomic
def submission_return(*, submission: EventSubmission, user, reason: str, now=None):
    """Return the submission with the secretariat's reason (mailed to the submitter)."""
    _require_secretariat(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("差し戻しの理由を入力してください。")})
    submission = EventSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("確認待ちの申請だけを差し戻せます。"), code="not_waiting")
    submission.status = SubmissionStatus.RETURNED
    submission.return_reason = reason
    submission.reviewed_by = user
    submission.reviewed_at = now or timezone.now()
    submission.save()
    _mail_submitter(
        submission, "submission_returned", _("催しの掲載申請を差し戻しました：%(title)s")
    )
    return submission
