"""The 事務局 (secretariat) group with the admin permissions it needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from members.roles import SECRETARIAT_GROUP, sync_secretariat_group


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(
            app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps
        )
        app_config.models_module = None
    sync_secretariat_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


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
