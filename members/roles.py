"""The secretariat's group (事務局) and the admin permissions it holds.

Each app declares what the group gets for its own models as `secretariat_permissions` on its
AppConfig ("app_label.codename"); this module only assembles them, so it names no other app.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

SECRETARIAT_GROUP = "事務局"


def secretariat_addresses() -> list[str]:
    """The secretariat's mail addresses: active staff of the 事務局 group, and superusers."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP))
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def declared_permissions() -> set[str]:
    return {
        permission
        for config in global_apps.get_app_configs()
        for permission in getattr(config, "secretariat_permissions", ())
    }


def sync_secretariat_group(*, using: str = DEFAULT_DB_ALIAS, strict: bool = True):
    """Create the 事務局 group (if missing) and give it exactly the declared permissions."""
    from django.contrib.auth.models import Group, Permission

    wanted = declared_permissions()
    group, _ = Group.objects.using(using).get_or_create(name=SECRETARIAT_GROUP)
    permissions = [
        permission
        for permission in Permission.objects.using(using)
        .filter(codename__in={name.split(".", 1)[1] for name in wanted})
        .select_related("content_type")
        if f"{permission.content_type.app_label}.{permission.codename}" in wanted
    ]
    missing = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
    if missing and strict:
        raise LookupError(f"permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)
    return group


def sync_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs) -> None:
    """post_migrate receiver: Django creates each app's permissions in that app's own post_migrate
    signal, some of which come after members', so create them all first (idempotent)."""
    from django.contrib.auth.management import create_permissions

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using, apps=global_apps)
    sync_secretariat_group(using=using, strict=False)


def secretariat_group():
    """The 事務局 group with its permissions, creating it if a test database was flushed."""
    return sync_secretariat_group()
