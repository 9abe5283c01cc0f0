from django.core.management.base import BaseCommand, CommandError

from record.library_texts import synced_fixture, write_fixture


class Command(BaseCommand):
    help = (
        "Copy fixtures/library/<slug>.md into the publications' text in fixtures/publishing.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report a difference")

    def handle(self, *args, check=False, **options):
        objects, changed = synced_fixture()
        if check:
            if changed:
                raise CommandError(f"fixtures/publishing.json is out of date: {', '.join(changed)}")
            return
        if changed:
            write_fixture(objects)
        self.stdout.write(f"updated: {', '.join(changed) or 'nothing'}")
