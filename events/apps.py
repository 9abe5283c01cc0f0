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

    def ready(self):
        from agreements.pages import register_corporate_agreement_section
        from core.public_cache import register_schedule

        from .pages import corporate_agreement_events

        register_corporate_agreement_section(
            template="events/includes/_corporate_events.html", context=corporate_agreement_events
        )
        # An event page changes when its registration closes, with no write.
        register_schedule(next_registration_deadline, models=("events.event",))


def next_registration_deadline(now):
    from .models import Event

    return Event.objects.next_registration_deadline(now)
