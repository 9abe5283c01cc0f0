"""The library's materials on an event's page (registered with events.pages)."""


def event_materials_section(event) -> dict | None:
    from .models import Publication

    materials = list(Publication.objects.filter(event=event).order_by("published_on", "title"))
    return {"materials": materials} if materials else None
