from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("イベント・展示")
    # Part of the public record: the secretariat edits it in the admin.
    secretariat_permissions = model_permissions(
        "events", "event", "eventorganiser", "programmeitem", "touringvenue", "registration"
    )
