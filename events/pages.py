"""Sections that apps above `events` add to an event's page (materials in the library, say).

Registered from the upper app's AppConfig.ready(), as members/pages.py does for municipalities.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventSection:
    template: str
    # event → the section's context, or None when it has nothing to show.
    context: Callable
    order: int = 100


_SECTIONS: dict[str, EventSection] = {}


def register_event_section(*, template: str, context: Callable, order: int = 100) -> None:
    _SECTIONS[template] = EventSection(template=template, context=context, order=order)


def event_sections(event) -> list[tuple[str, dict]]:
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.template)):
        context = section.context(event)
        if context is not None:
            shown.append((section.template, context))
    return shown


def corporate_agreement_events(agreements) -> dict:
    """The events each corporate agreement led to (on the agreement's card), in one query."""
    from .models import Event

    found: dict[int, list] = {}
    for event in Event.objects.filter(corporate_agreement__in=agreements).order_by("start_date"):
        found.setdefault(event.corporate_agreement_id, []).append(event)
    return {pk: {"events": events} for pk, events in found.items()}
