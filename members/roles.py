"""The secretariat's group and the admin permissions it holds.

Kept free of model imports so that the data migration can use it with the historical models.
"""

SECRETARIAT_GROUP = "事務局"

# (app_label, codename): what the secretariat needs in the admin, and no more. Deleting accounts
# or municipalities is left to superusers; members are deactivated, never deleted.
SECRETARIAT_PERMISSIONS = [
    ("members", "view_prefecture"),
    ("members", "view_municipality"),
    ("members", "view_membership"),
    ("members", "change_membership"),
    ("members", "approve_membership"),
    ("members", "view_membermunicipality"),
    ("members", "change_membermunicipality"),
    ("members", "view_user"),
    ("members", "view_prpage"),
    ("members", "change_prpage"),
    ("members", "delete_prpage"),
    ("members", "view_prphoto"),
    ("members", "change_prphoto"),
    ("members", "delete_prphoto"),
    ("account", "view_emailaddress"),
    ("mfa", "view_authenticator"),
]


def sync_secretariat_group(group_model, permission_model):
    """Create the 事務局 group (if missing) and give it exactly SECRETARIAT_PERMISSIONS."""
    group, _ = group_model.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = {f"{app}.{codename}" for app, codename in SECRETARIAT_PERMISSIONS}
    permissions = [
        permission
        for permission in permission_model.objects.filter(
            codename__in=[codename for _, codename in SECRETARIAT_PERMISSIONS]
        ).select_related("content_type")
        if f"{permission.content_type.app_label}.{permission.codename}" in wanted
    ]
    missing = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
    if missing:
        raise LookupError(f"permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)
    return group


def secretariat_group():
    """The 事務局 group with its permissions, creating it if a test database was flushed."""
    from django.contrib.auth.models import Group, Permission

    return sync_secretariat_group(Group, Permission)
