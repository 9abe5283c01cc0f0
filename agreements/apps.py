from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.network import Relationship
from core.permissions import model_permissions


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("協定")
    # Part of the public record: the secretariat edits it in the admin.
    secretariat_permissions = model_permissions("agreements", "agreementbody", "corporateagreement")
    network_relationships = [
        Relationship(
            "agreement",
            _("広域連携協定の構成自治体"),
            "agreements.network.agreement_member_ids",
            10,
        )
    ]

    def ready(self):
        from members.pages import register_municipality_section

        from .pages import body_section

        register_municipality_section(
            template="agreements/includes/_municipality_body.html", context=body_section, order=10
        )
