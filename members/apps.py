from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("自治体・会員")

    def ready(self):
        from . import checks, second_factor  # noqa: F401 (checks registers itself)

        second_factor.connect_signals()
