from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import model_permissions


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("イベント・展示")
    # Part of the public record: the secretariat edits it in the admin.
    secretariat_permissions = model_permissions(
        "events",
        "event",
        "eventorganiser",
        "programmeitem",
        "touringvenue",
        "registration",
        "eventsubmission",
    )

    def ready(self):
        from agreements.pages import register_body_section, register_corporate_agreement_section
        from core.public_cache import register_schedule
        from members.pages import register_municipality_section

        from .pages import (
            body_events_section,
            corporate_agreement_events,
            municipality_events_section,
        )

        register_corporate_agreement_section(
            template="events/includes/_corporate_events.html", context=corporate_agreement_events
        )
        register_municipality_section(
            template="events/includes/_municipality_events.html",
            context=municipality_events_section,
            order=30,
        )
        register_body_section(
            template="events/includes/_body_events.html", context=body_events_section, order=20
        )
        from members.mypage import register_mypage_section

        from .mypage import registrations_section, submissions_section

        register_mypage_section(
            name="events.registrations", context=registrations_section, order=60
        )
        register_mypage_section(name="events.submissions", context=submissions_section, order=61)
        from partners.pages import register_organisation_section

        from .pages import events_of_partners

        register_organisation_section(
            name="events.events",
            heading=_("参加したイベント"),
            items=events_of_partners,
            order=10,
        )
        # An event page changes when its registration closes, with no write.
        register_schedule(next_registration_deadline, models=("events.event",))


def next_registration_deadline(now):
    from .models import Event

    return Event.objects.next_registration_deadline(now)
