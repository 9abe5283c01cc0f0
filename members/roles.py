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
    ("members", "view_outgoingemail"),
    ("account", "view_emailaddress"),
    ("mfa", "view_authenticator"),
]

# The public record: the secretariat edits every record of it in the admin.
PUBLIC_RECORD_MODELS = {
    "agreements": ["agreementbody", "corporateagreement"],
    "events": ["event", "eventorganiser", "programmeitem", "touringvenue"],
    "portal": [
        "timelineentry",
        "partnercountsnapshot",
        "newsletterissue",
        "disastersupport",
        "staffdispatch",
        "strategyposition",
        "projectcount",
        "relationshipproject",
    ],
}
# The board: the secretariat reads everything, corrects collaborations, and moderates through the
# portal's own moderation views (hiding, not deleting, keeps the record).
BOARD_PERMISSIONS = [
    ("bulletin", f"view_{model}")
    for model in [
        "proposal",
        "reply",
        "handraise",
        "proposalstatuschange",
        "proposalrevision",
        "proposalattachment",
        "report",
        "moderationaction",
        "notification",
    ]
] + [("bulletin", f"{action}_collaboration") for action in ("view", "add", "change", "delete")]

SECRETARIAT_PERMISSIONS += BOARD_PERMISSIONS
SECRETARIAT_PERMISSIONS += [
    (app, f"{action}_{model}")
    for app, models in PUBLIC_RECORD_MODELS.items()
    for model in models
    for action in ("view", "add", "change", "delete")
]


def sync_secretariat_group(group_model, permission_model, *, strict: bool = True):
    """Create the 事務局 group (if missing) and give it exactly SECRETARIAT_PERMISSIONS.

    `strict=False` skips permissions whose models do not exist yet (an early migration).
    """
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
    if missing and strict:
        raise LookupError(f"permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)
    return group


def secretariat_group():
    """The 事務局 group with its permissions, creating it if a test database was flushed."""
    from django.contrib.auth.models import Group, Permission

    return sync_secretariat_group(Group, Permission)


def sync_from_migration(apps, schema_editor, *, strict: bool) -> None:
    """Run from a data migration: create the permissions now (Django otherwise creates them only
    after all migrations), then sync the group."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
        app_config.models_module = None
    sync_secretariat_group(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), strict=strict
    )
