"""Give the 事務局 group the permissions to edit the public record in the admin."""

from django.db import migrations

from members.roles import sync_from_migration


def sync(apps, schema_editor):
    # The board's permissions come in 0004, once its models exist.
    sync_from_migration(apps, schema_editor, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("members", "0004_secretariat_group"),
        ("agreements", "0001_initial"),
        ("events", "0002_date_precision"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
