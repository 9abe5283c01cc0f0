"""The board's mail: what a notification's mail and the daily digest say.

Both are written to the outbox (`members.outbox`) in the transaction of the event; the outbox
worker sends them.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.safe_input import single_line
from core.sites import site_url
from members import outbox

from .models import Notification, NotificationKind


def compose(
    *, notification_kind_label: str, message: str, proposal, detail: str = "", url=None
) -> tuple:
    """Subject and body of the mail for one notification (Japanese, the site's language); the
    outbox puts the portal's prefix before the subject. `url` leads elsewhere than the post (a
    room's message leads to the room)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = single_line(message)
        body = render_to_string(
            "bulletin/email/notification.txt",
            {
                "message": message,
                "proposal": proposal,
                "detail": detail,
                "kind_label": notification_kind_label,
                "proposal_url": site_url(url or proposal.get_absolute_url()),
                "opens_room": url is not None,
                "settings_url": site_url(reverse("bulletin:notification-settings")),
            },
        )
    return subject[:200], body


def _once_per_match(notifications: list, matched: set) -> list:
    """The digest's lines: a post that matched the member twice (announced, and found by a saved
    search, or by two) is listed once; replies, hands and status changes each keep their line."""
    seen, lines = set(), []
    for notification in notifications:
        if notification.kind in matched:
            if notification.proposal_id in seen:
                continue
            seen.add(notification.proposal_id)
        lines.append(notification)
    return lines


@transaction.atomic
def queue_digests(*, now=None) -> int:
    """One mail per member for every notification not yet mailed (the daily digest)."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.not_emailed()
        .visible_to_recipient()
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient", "proposal", "collaboration")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_recipient = defaultdict(list)
    for notification in pending:
        by_recipient[notification.recipient].append(notification)
    matched = {NotificationKind.NEW_POST, NotificationKind.SAVED_SEARCH}
    with translation.override(settings.LANGUAGE_CODE):
        for recipient, notifications in by_recipient.items():
            lines = _once_per_match(notifications, matched)
            subject = _("掲示板のお知らせ（%(count)s件）") % {"count": len(lines)}
            body = render_to_string(
                "bulletin/email/digest.txt",
                {
                    "items": [(n, site_url(n.target_url())) for n in lines],
                    "notifications_url": site_url(reverse("bulletin:notification-list")),
                    "settings_url": site_url(reverse("bulletin:notification-settings")),
                },
            )
            email = outbox.enqueue(to=recipient.email, subject=subject, body=body)
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(email=email)
    return len(by_recipient)
