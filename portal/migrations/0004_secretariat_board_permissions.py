"""The 事務局 group also reads the board and edits collaboration projects in the admin."""

from django.db import migrations

from members.roles import sync_from_migration


def sync(apps, schema_editor):
    sync_from_migration(apps, schema_editor, strict=True)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_timeline_collaborations"),
        ("bulletin", "0002_postgresql_search_and_listing"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
