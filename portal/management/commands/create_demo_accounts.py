"""Demo accounts for local development only (listed in the README). Refuses to run in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.demo import DEMO_PASSWORD, create_demo_accounts


class Command(BaseCommand):
    help = "Create the demo accounts (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only in development (DJANGO_DEBUG=1).")
        for account in create_demo_accounts():
            self.stdout.write(f"{account.email} / {DEMO_PASSWORD}")
