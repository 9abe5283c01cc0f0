from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class RecordConfig(AppConfig):
    """The public record from the secretariat's documents: timeline, partner counts, support."""

    name = "record"
    verbose_name = _("公開記録")
    # The secretariat edits every record of it in the admin.
    secretariat_permissions = model_permissions(
        "record",
        "timelineentry",
        "partnercountsnapshot",
        "membercountfigure",
        "newsletterissue",
        "strategyposition",
        "projectcount",
        "relationshipproject",
        "newsitem",
        "publication",
    )

    # The published figures the network's pages measure their coverage against (network/coverage.py).
    network_published_figures = {
        "ward_partners": "record.coverage.published_ward_partners",
        "projects": "record.coverage.published_projects",
    }
    # The same, as published on a given date (a yearly confirmation's 1 August).
    network_published_figures_on = {"ward_partners": "record.coverage.published_ward_partners_on"}

    def ready(self):
        from events.pages import register_event_section
        from members.pages import register_municipality_section

        from .pages import disaster_support_section, event_materials_section

        register_event_section(
            template="record/includes/_event_materials.html", context=event_materials_section
        )
        register_municipality_section(
            template="record/includes/_municipality_disaster_support.html",
            context=disaster_support_section,
            order=35,
        )
