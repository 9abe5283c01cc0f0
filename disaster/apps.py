from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class DisasterConfig(AppConfig):
    """Disaster mode: the secretariat declares a disaster, the 対策本部 page opens, the affected
    municipalities ask and the wards answer. Above the board (its notifications) and the network
    (its ties); below the public record, which reads what happened here."""

    name = "disaster"
    verbose_name = _("災害対応")
    # The secretariat corrects a disaster in the admin; declaring and closing go through the
    # 対策本部 forms (disaster/services.py).
    secretariat_permissions = model_permissions(
        "disaster",
        "disaster",
        "supportrequest",
        "commitment",
        "supportreport",
        "relieffund",
        "pairing",
        # The public record from the documents (disaster/models/record.py).
        "documentedsupport",
        "publishedfund",
        "publishedstafffigure",
    )

    def ready(self):
        from core.banners import register_banner

        from .banner import banner_context

        register_banner(template="disaster/includes/_banner.html", context=banner_context)
