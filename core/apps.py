from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """App-free helpers every app may use (dates, template tags, pagination); imports no app."""

    name = "core"
    verbose_name = _("共通")
