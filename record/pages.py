"""The library's materials on an event's page (registered with events.pages)."""


def event_materials_section(event) -> dict | None:
    from .models import Publication

    materials = list(Publication.objects.filter(event=event).order_by("published_on", "title"))
    return {"materials": materials} if materials else None


def disaster_support_section(municipality) -> dict:
    """Disaster support on a municipality's page: received (by it, or by its prefecture as the
    documents name the recipients); on a ward's page, given (the 23 wards' joint support, which
    the ward took part in). Shown on every page, with an empty state. One query (and one for
    the documents' staff figures)."""
    from disaster.public_record import public_disasters, received_by

    if municipality.is_special_ward:
        given = public_disasters().order_by("occurred_on", "pk")
        return {"given": list(given), "received": []}
    return {"given": None, "received": list(received_by(municipality))}
