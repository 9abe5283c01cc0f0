from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("協定")
    # Part of the public record: the secretariat edits it in the admin.
    secretariat_permissions = model_permissions("agreements", "agreementbody", "corporateagreement")

    def ready(self):
        from members.pages import register_municipality_section

        from .pages import body_section

        register_municipality_section(
            template="agreements/includes/_municipality_body.html", context=body_section, order=10
        )
