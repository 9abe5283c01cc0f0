"""Drain the notification outbox; with --digest, first queue each member's daily digest.

Run every few minutes (retries failed mail) and once a day with --digest; see README.
"""

from django.core.management.base import BaseCommand

from bulletin import outbox, services
from bulletin.models import OutgoingEmail


class Command(BaseCommand):
    help = "Send the board's notification mail that is due, retrying earlier failures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="First write the daily digest for every member with notifications not yet mailed.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Send at most this many mails in this run."
        )

    def handle(self, *args, **options):
        alerted = services.saved_search_alerts()
        if alerted:
            self.stdout.write(f"saved-search alerts: {alerted}")
        if options["digest"]:
            queued = outbox.queue_digests()
            self.stdout.write(f"digests queued: {queued}")
        result = outbox.send_due(limit=options["limit"])
        waiting = OutgoingEmail.objects.unsent().count()
        self.stdout.write(f"sent: {result.sent}, failed: {result.failed}, still waiting: {waiting}")
        if result.failed:
            self.stderr.write(
                f"{result.failed} mail(s) failed and will be retried; see the outbox in the admin."
            )
