from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("自治体・会員")
    # What the secretariat needs in the admin, and no more. Deleting accounts or municipalities is
    # left to superusers; members are deactivated, never deleted.
    secretariat_permissions = [
        "members.view_prefecture",
        "members.view_municipality",
        "members.view_membership",
        "members.change_membership",
        "members.approve_membership",
        "members.view_membermunicipality",
        "members.change_membermunicipality",
        "members.view_user",
        "members.view_prpage",
        "members.change_prpage",
        "members.delete_prpage",
        "members.view_prphoto",
        "members.change_prphoto",
        "members.delete_prphoto",
        "members.view_outgoingemail",
        "account.view_emailaddress",
        "mfa.view_authenticator",
    ]

    def ready(self):
        from . import checks, second_factor  # noqa: F401 (checks registers itself)
        from .roles import sync_after_migrate

        second_factor.connect_signals()
        name_second_factor_devices()

        # Once per `migrate` (and after a test database flush): every app's tables exist by then.
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="secretariat-group")


def name_second_factor_devices():
    """allauth's Authenticator has no verbose_name, so the admin lists it as "Authenticators" in
    every language. Its display names are set here, translatable; the migration state reads
    `_meta.original_attrs`, so this does not ask for a migration of allauth's app."""
    from allauth.mfa.models import Authenticator

    Authenticator._meta.verbose_name = _("認証器（二要素認証）")
    Authenticator._meta.verbose_name_plural = _("認証器（二要素認証）")
