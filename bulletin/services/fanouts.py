"""A post's announcement to its whole audience, out of the request.

Posting writes one `FanOut` row (`fanout_start`, in the posting transaction: no post, no
announcement); the worker (`manage.py send_notifications`) expands it with `fanouts_expand`, a
batch of the audience at a time. Each batch runs in one transaction that writes its
notifications, its mail in the outbox and the job's new cursor together: a worker killed
half-way loses the batch it was writing, whole, and the next run writes it again from the cursor.
Nobody is told twice (the cursor, and the database's `notification_new_post_once` behind it),
nobody is left out.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .. import outbox
from ..matching import post_recipients_batch
from ..models import FanOut, NotificationKind, Proposal
from .notifications import tell

BATCH_SIZE = 1000


def fanout_start(
    *, proposal: Proposal, kind: str, actor, message: str, params: dict, detail: str = ""
) -> FanOut:
    """Record that the post is to be announced to its audience (one row, composed now in the
    site's language, as the mail will read); the worker writes the notifications."""
    with translation.override(settings.LANGUAGE_CODE):
        message = (str(message) % params)[:300]
    subject, body = outbox.compose(
        notification_kind_label=str(NotificationKind(kind).label),
        message=message,
        proposal=proposal,
        detail=detail,
    )
    return FanOut.objects.create(
        proposal=proposal,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        message=message,
        subject=subject,
        body=body,
    )


def fanouts_expand(
    *, batch_size: int = BATCH_SIZE, should_stop: Callable[[], bool] = lambda: False
) -> int:
    """Expand the pending fan-outs, oldest first, until none is left (or `should_stop`).
    Returns how many members were told."""
    told = 0
    while not should_stop():
        batch = fanout_expand_batch(batch_size=batch_size)
        if batch is None:
            break
        told += batch
    return told


@transaction.atomic
def fanout_expand_batch(*, batch_size: int = BATCH_SIZE) -> int | None:
    """One batch of the oldest pending fan-out that no other worker holds: its notifications,
    mail and cursor in this one transaction. None when no fan-out is pending."""
    # Several workers: each takes a job that no other holds (the row stays locked until this
    # batch commits). SQLite ignores the lock: it has one writer at a time.
    job = FanOut.objects.pending().select_for_update(skip_locked=True).order_by("pk").first()
    if job is None:
        return None
    proposal = Proposal.objects.select_related("municipality").get(pk=job.proposal_id)
    last, recipients = post_recipients_batch(proposal, after=job.cursor, size=batch_size)
    if last is None:
        job.finished_at = timezone.now()
        job.save(update_fields=["finished_at"])
        return 0
    told = tell(
        addresses={r.pk: r.email for r in recipients if r.pk != job.actor_id},
        proposal=proposal,
        kind=job.kind,
        message=job.message,
        subject=job.subject,
        body=job.body,
    )
    _advance(job, cursor=last, told=told)
    return told


def _advance(job: FanOut, *, cursor: int, told: int) -> None:
    """Move the job past the batch just written (in the batch's transaction)."""
    job.cursor = cursor
    job.notified += told
    job.save(update_fields=["cursor", "notified"])
