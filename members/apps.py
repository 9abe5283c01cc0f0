from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("自治体・会員")

    def ready(self):
        from . import second_factor

        second_factor.connect_signals()
