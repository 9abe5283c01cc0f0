"""schema.org Event markup for an event page."""

from .models import Event, EventStatus, OrganiserRole

_STATUS = {
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def event_json_ld(event: Event, *, request) -> dict:
    url = request.build_absolute_uri(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "eventStatus": _STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.online
        else "https://schema.org/OfflineEventAttendanceMode",
        "url": url,
        "inLanguage": "ja",
    }
    if event.is_dated:
        data["startDate"] = event.start_date.isoformat()
        data["endDate"] = event.last_date.isoformat()
    description = event.theme or event.summary
    if description:
        data["description"] = description
    if event.online:
        data["location"] = {"@type": "VirtualLocation", "url": url}
    elif event.venue:
        data["location"] = {"@type": "Place", "name": event.venue}
    organisers = [o for o in event.organisers.all() if o.role == OrganiserRole.HOST]
    if organisers:
        data["organizer"] = [{"@type": "Organization", "name": o.name} for o in organisers]
    return data
