"""Print the demo secretariat's current two-factor code (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo import DEMO_TOTP_SECRET
from members.totp import totp_code


class Command(BaseCommand):
    help = (
        "Print the current authenticator code of the demo secretariat account (development only)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only in development (DJANGO_DEBUG=1).")
        self.stdout.write(totp_code(DEMO_TOTP_SECRET))
