"""The notification outbox: mail is written with the event and sent after the commit.

`send_due()` runs right after the transaction that wrote the mail commits, and again from
`manage.py send_notifications` (cron or a systemd timer). A send that fails is kept with its error
and tried again later, with a growing delay capped at six hours; it is never dropped.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.safe_input import single_line

from .models import Notification, OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_FIRST_DELAY = datetime.timedelta(minutes=5)
RETRY_MAX_DELAY = datetime.timedelta(hours=6)
SUBJECT_PREFIX = "[全国連携ポータル] "


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> datetime.timedelta:
    """5 minutes after the first failure, then doubling, at most 6 hours."""
    return min(RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0), RETRY_MAX_DELAY)


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send_one(pk: int, now: datetime.datetime) -> bool | None:
    """Send one due mail under a row lock (two runners never send the same mail twice)."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).due(now).filter(pk=pk).first()
        )
        if email is None:
            return None
        email.attempts += 1
        try:
            EmailMessage(
                # Rows written before subjects were kept to one line must not fail forever.
                subject=single_line(email.subject),
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
            ).send()
        except Exception as exc:  # any backend error: keep the mail, try again later
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            email.next_attempt_at = now + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning("Notification mail %s to %s failed: %s", pk, email.to, exc)
            return False
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "sent_at"])
        return True


def send_due(*, ids: list[int] | None = None, limit: int | None = None, now=None) -> SendResult:
    """Send the mail that is due (or only the given mail, if due), oldest first."""
    now = now or timezone.now()
    queryset = OutgoingEmail.objects.due(now).order_by("next_attempt_at", "pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    pks = list(
        queryset.values_list("pk", flat=True)[:limit]
        if limit
        else queryset.values_list("pk", flat=True)
    )
    result = SendResult()
    for pk in pks:
        outcome = _send_one(pk, now)
        if outcome is True:
            result.sent += 1
        elif outcome is False:
            result.failed += 1
    return result


def send_after_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: send_due(ids=ids))


def compose(*, notification_kind_label: str, message: str, proposal, detail: str = "") -> tuple:
    """Subject and body of the mail for one notification (Japanese, the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = single_line(SUBJECT_PREFIX + message)
        body = render_to_string(
            "bulletin/email/notification.txt",
            {
                "message": message,
                "proposal": proposal,
                "detail": detail,
                "kind_label": notification_kind_label,
                "proposal_url": site_url(proposal.get_absolute_url()),
                "settings_url": site_url(reverse("bulletin:notification-settings")),
            },
        )
    return subject[:200], body


@transaction.atomic
def queue_digests(*, now=None) -> int:
    """One mail per member for every notification not yet mailed (the daily digest)."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.not_emailed()
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient", "proposal")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_recipient = defaultdict(list)
    for notification in pending:
        by_recipient[notification.recipient].append(notification)
    with translation.override(settings.LANGUAGE_CODE):
        for recipient, notifications in by_recipient.items():
            subject = SUBJECT_PREFIX + _("掲示板のお知らせ（%(count)s件）") % {
                "count": len(notifications)
            }
            body = render_to_string(
                "bulletin/email/digest.txt",
                {
                    "items": [(n, site_url(n.proposal.get_absolute_url())) for n in notifications],
                    "notifications_url": site_url(reverse("bulletin:notification-list")),
                    "settings_url": site_url(reverse("bulletin:notification-settings")),
                },
            )
            email = OutgoingEmail.objects.create(to=recipient.email, subject=subject, body=body)
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(email=email)
    return len(by_recipient)
