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

    def ready(self):
        from members.mypage import register_mypage_section

        from .mypage import TEMPLATE, partner_section

        register_mypage_section(
            name="partners.partner", template=TEMPLATE, context=partner_section, order=5
        )
