"""Every mail the portal sends goes through here: written to the outbox, sent by the worker.

`enqueue()` writes a row in the caller's transaction (rolled back with it, so no mail for
something that did not happen), `enqueue_many()` one mail to many addresses in one statement;
both put `settings.PORTAL_EMAIL_SUBJECT_PREFIX` before the subject. No request talks to the
mail server. The worker
(`manage.py send_notifications`, or `--loop` as a service) claims due rows, sends them and
marks them sent. A send that fails is kept with its error and tried again later, with a growing
delay capped at six hours; it is never dropped.

Several workers, on several machines, never send the same mail twice: a worker claims a batch
before sending it. On PostgreSQL the claim locks the rows (`SELECT ... FOR UPDATE SKIP LOCKED`,
so workers pass each other's rows by); on SQLite, which has no row locks but one writer at a
time, the claim is a single UPDATE that re-checks that each row is still free. A claim lasts
`CLAIM_LEASE`: if a worker dies while holding one, another takes the mail over after that.
"""

import datetime
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from core.safe_input import single_line

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRY_FIRST_DELAY = datetime.timedelta(minutes=5)
RETRY_MAX_DELAY = datetime.timedelta(hours=6)
CLAIM_BATCH = 20
# Longer than a batch can take with a server that hangs (each mail gives up after EMAIL_TIMEOUT).
CLAIM_LEASE = datetime.timedelta(minutes=30)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.failed


def retry_delay(attempts: int) -> datetime.timedelta:
    """5 minutes after the first failure, then doubling, at most 6 hours."""
    return min(RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0), RETRY_MAX_DELAY)


def subject_line(subject: str) -> str:
    """The subject as it is sent: the portal's prefix, then the subject on one line (a header
    with a line break would fail on every attempt), at most 200 characters."""
    return single_line(settings.PORTAL_EMAIL_SUBJECT_PREFIX + subject)[:200]


def enqueue(*, to: str, subject: str, body: str) -> OutgoingEmail:
    """Write one mail to the outbox (in the caller's transaction); the worker sends it."""
    return OutgoingEmail.objects.create(to=to, subject=subject_line(subject), body=body)


def enqueue_rendered(*, template: str, to: str | list[str], context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_message.txt` (with `site_url` in the
    context) and enqueue the mail to each address: how the accounts' mails are written."""
    from django.template.loader import render_to_string

    from core.sites import site_url

    context = {"site_url": site_url(), **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_message.txt", context)
    for address in [to] if isinstance(to, str) else to:
        enqueue(to=address, subject=subject, body=body)


def enqueue_many(*, addresses: list[str], subject: str, body: str) -> list[int]:
    """Write one mail per address, all with the same subject and body; their ids, in order.

    On PostgreSQL one INSERT … SELECT unnest(…): the rows are built by the database, so the
    caller's time hardly grows with the recipients (a new post's fan-out). Elsewhere,
    bulk_create.
    """
    if not addresses:
        return []
    subject = subject_line(subject)
    now = timezone.now()
    if connection.vendor != "postgresql":
        emails = OutgoingEmail.objects.bulk_create(
            [
                OutgoingEmail(to=to, subject=subject, body=body, next_attempt_at=now)
                for to in addresses
            ]
        )
        return [email.pk for email in emails]
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


def enqueue_message(message: EmailMessage) -> list[OutgoingEmail]:
    """A rendered message (allauth's) to the outbox: one row per recipient, its text body (its
    subject comes without the prefix: `AccountAdapter.format_email_subject`)."""
    return [
        enqueue(to=address, subject=message.subject, body=message.body)
        for address in [*message.to, *message.cc, *message.bcc]
    ]


def message_id(email: OutgoingEmail) -> str:
    """The same Message-ID on every attempt: one mail, however often it was tried."""
    return f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S%f}@{DNS_NAME}>"


def claim(*, now: datetime.datetime, limit: int = CLAIM_BATCH) -> tuple[str, list[OutgoingEmail]]:
    """Take up to `limit` due mails for this worker; no other worker gets them meanwhile."""
    token = uuid.uuid4().hex
    candidates = OutgoingEmail.objects.claimable(now).order_by("next_attempt_at", "pk")
    claim_fields = {"claimed_by": token, "claimed_until": now + CLAIM_LEASE}
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # The rows stay locked until the claim commits: other workers skip them, then see
            # them claimed.
            pks = list(
                candidates.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit]
            )
            OutgoingEmail.objects.filter(pk__in=pks).update(**claim_fields)
        else:
            # One statement, run under the database's single write lock, that re-checks each
            # row: a row another worker claimed first is not taken again.
            OutgoingEmail.objects.claimable(now).filter(
                pk__in=candidates.values("pk")[:limit]
            ).update(**claim_fields)
    claimed = OutgoingEmail.objects.filter(claimed_by=token).order_by("next_attempt_at", "pk")
    return token, list(claimed)


def _deliver(email: OutgoingEmail, token: str, now: datetime.datetime, mail_connection) -> bool:
    mine = OutgoingEmail.objects.filter(pk=email.pk, claimed_by=token)
    message = EmailMessage(
        # Rows written before subjects were kept to one line must not fail forever.
        subject=single_line(email.subject),
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": message_id(email)},
        connection=mail_connection,
    )
    try:
        message.send()
    except Exception as exc:  # any backend error: keep the mail, try again later
        mine.update(
            attempts=F("attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=max(now, timezone.now()) + retry_delay(email.attempts + 1),
            claimed_by="",
            claimed_until=None,
        )
        logger.warning("Mail %s to %s failed: %s", email.pk, email.to, exc)
        return False
    mine.update(
        attempts=F("attempts") + 1, sent_at=timezone.now(), claimed_by="", claimed_until=None
    )
    return True


def send_due(
    *,
    limit: int | None = None,
    now: datetime.datetime | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> SendResult:
    """Send the mail that is due, oldest first, until none is left (or `limit` were tried).

    `now` stands for the time of the run (tests move it forward to reach retries).
    """
    result = SendResult()
    mail_connection = get_connection()
    try:
        while not should_stop() and (limit is None or result.attempted < limit):
            size = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - result.attempted)
            batch_now = now or timezone.now()
            token, batch = claim(now=batch_now, limit=size)
            if not batch:
                break
            for index, email in enumerate(batch):
                if should_stop():
                    # Hand back what this worker will not send now.
                    OutgoingEmail.objects.filter(
                        pk__in=[e.pk for e in batch[index:]], claimed_by=token
                    ).update(claimed_by="", claimed_until=None)
                    break
                if _deliver(email, token, batch_now, mail_connection):
                    result.sent += 1
                else:
                    result.failed += 1
                    # The connection may be broken: start the next mail on a fresh one.
                    mail_connection.close()
                    mail_connection = get_connection()
    finally:
        mail_connection.close()
    return result


def run_worker(
    *,
    interval: float,
    stop: threading.Event,
    report: Callable[[SendResult], None] = lambda result: None,
    each_cycle: Callable[[], None] = lambda: None,
) -> None:
    """Send what is due every `interval` seconds until `stop` is set (the worker service).
    `each_cycle` runs first in every cycle (the apps above hand in their periodic work, such as
    the board's saved-search alerts, which queue mail for this same cycle)."""
    # As around a request: honour CONN_MAX_AGE, drop broken connections (not inside a
    # transaction, which only a test runs the worker in).
    refresh = not connection.in_atomic_block
    while not stop.is_set():
        if refresh:
            close_old_connections()
        try:
            each_cycle()
            result = send_due(should_stop=stop.is_set)
        except DatabaseError:
            # The database went away or SQLite was busy: nothing was sent unrecorded; retry.
            logger.exception("The outbox worker could not reach the database")
            if refresh:
                connection.close()
        else:
            if result.attempted:
                report(result)
        stop.wait(interval)
