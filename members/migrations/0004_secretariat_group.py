"""The 事務局 (secretariat) group with the admin permissions it needs."""

from django.db import migrations

from members.roles import SECRETARIAT_GROUP, sync_from_migration


def create_group(apps, schema_editor):
    # Other apps' models may not exist yet: portal's migration completes the group.
    sync_from_migration(apps, schema_editor, strict=False)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARIAT_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_pr_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
