"""Send the mail in the outbox that is due; with --digest, first write the daily digests.

It lives in bulletin because bulletin builds on members: this one command sees both the outbox
(members) and the board's digests. Without --loop it sends and exits (cron, a systemd timer);
with --loop it keeps sending what becomes due (the worker service, and `make run`) and runs the
saved-search alerts every --alerts-every seconds. Every run, and every cycle of the loop, first
expands the new posts' announcements (bulletin/services/fanouts.py) into notifications and mail.
See docs/board.md.
"""

import signal
import threading
import time

from django.core.management.base import BaseCommand

from bulletin import outbox as board_mail
from bulletin.services.fanouts import fanouts_expand
from bulletin.services.interests import saved_search_alerts
from members import outbox
from members.models import OutgoingEmail


class Command(BaseCommand):
    help = "Send the portal's mail that is due (retrying earlier failures); --loop keeps running."

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="First write the daily digest for every member with notifications not yet mailed.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Send at most this many mails in this run."
        )
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running: send what is due every --interval seconds until stopped.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="With --loop: seconds between looks at the outbox (default 2).",
        )
        parser.add_argument(
            "--alerts-every",
            type=float,
            default=300.0,
            help="With --loop: seconds between runs of the saved-search alerts (default 300).",
        )

    def handle(self, *args, **options):
        self._fanouts()
        self._alerts()
        if options["digest"]:
            self.stdout.write(f"digests queued: {board_mail.queue_digests()}")
        if options["loop"]:
            self._loop(options["interval"], options["alerts_every"])
            return
        result = outbox.send_due(limit=options["limit"])
        self._report(result, waiting=OutgoingEmail.objects.unsent().count())

    def _report(self, result, waiting=None):
        line = f"sent: {result.sent}, failed: {result.failed}"
        self.stdout.write(line if waiting is None else f"{line}, still waiting: {waiting}")
        if result.failed:
            self.stderr.write(
                f"{result.failed} mail(s) failed and will be retried; see the outbox in the admin."
            )

    def _alerts(self):
        alerted = saved_search_alerts()
        if alerted:
            self.stdout.write(f"saved-search alerts: {alerted}")
            self.stdout.flush()

    def _fanouts(self, should_stop=lambda: False):
        told = fanouts_expand(should_stop=should_stop)
        if told:
            self.stdout.write(f"new posts announced to: {told}")
            self.stdout.flush()

    def _alerts_when_due(self, every: float, stop=None):
        """A cycle's work for the worker: the new posts' announcements, then the saved-search
        alerts when `every` seconds have passed since they last ran (they ran once at start)."""
        last = time.monotonic()

        def cycle():
            nonlocal last
            self._fanouts(should_stop=stop.is_set if stop else lambda: False)
            if time.monotonic() - last >= every:
                last = time.monotonic()
                self._alerts()

        return cycle

    def _loop(self, interval, alerts_every):
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()  # finish the mail being sent, then exit

        previous = {
            sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        self.stdout.write(f"outbox worker: sending due mail every {interval:g} s (stop: Ctrl-C)")
        self.stdout.flush()
        try:
            outbox.run_worker(
                interval=interval,
                stop=stop,
                report=self._report,
                each_cycle=self._alerts_when_due(alerts_every, stop),
            )
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("outbox worker: stopped")
