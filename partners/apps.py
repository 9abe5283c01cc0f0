from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("連携団体")
    secretariat_permissions = [
        *model_permissions("partners", "partnerorganisation"),
        *model_permissions("partners", "partnermembership", actions=("view", "change")),
        "partners.approve_partnermembership",
    ]
