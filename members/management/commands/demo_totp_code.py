"""Print the demo secretariat's current two-factor code (development only)."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current authenticator code of the demo secretariat account (development only)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only in development (DJANGO_DEBUG=1).")
        import time

        from allauth.mfa import app_settings

        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
