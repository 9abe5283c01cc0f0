"""Load every fixture the portal ships, in dependency order. Safe to run again (natural keys)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.public_cache import bump_stamp

# Referenced records come before the records that refer to them.
FIXTURES = [
    "municipalities",
    "agreements",
    "partners",
    "events",
    "collaborations",
    "ties",
    "timeline",
    "record",
    "disasters",
    "publishing",
    "surveys",
]


class Command(BaseCommand):
    help = "Load the portal's fixtures (municipality register and the documents' public record)."

    def handle(self, *args, **options):
        call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
        bump_stamp()  # every cached public page shows the data before the load
