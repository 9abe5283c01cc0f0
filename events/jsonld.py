"""schema.org Event markup for an event page."""

from core.sites import site_url

from .models import Event, EventStatus, OrganiserRole

# Every event of the project is organised by the association of the 23 ward mayors, through its
# secretariat; hosts named in the documents are added beside it.
PROJECT_ORGANIZER = {
    "@type": "Organization",
    "name": "特別区長会",
    "alternateName": "特別区全国連携プロジェクト事務局",
}

_STATUS = {
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def event_json_ld(event: Event) -> dict | None:
    """None for an event whose day the documents do not give: an Event needs a startDate."""
    if not event.is_dated:
        return None
    url = site_url(event.get_absolute_url())
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
    data["startDate"] = (event.starts_at or event.start_date).isoformat()
    data["endDate"] = (event.ends_at or event.last_date).isoformat()
    description = event.theme or event.summary
    if description:
        data["description"] = description
    if event.online:
        data["location"] = {"@type": "VirtualLocation", "url": url}
    elif event.venue:
        data["location"] = {"@type": "Place", "name": event.venue}
    if event.image:
        data["image"] = site_url(event.image.url)
    if event.host_municipality_id:
        # A member municipality's own event: the municipality organises it, not the project.
        host = event.host_municipality
        data["organizer"] = [
            {
                "@type": "GovernmentOrganization",
                "name": host.full_name,
                "url": site_url(host.get_absolute_url()),
            }
        ]
        return data
    hosts = [o.name for o in event.organisers.all() if o.role == OrganiserRole.HOST]
    data["organizer"] = [
        {**PROJECT_ORGANIZER, "url": site_url("/")},
        *({"@type": "Organization", "name": name} for name in hosts if name != "特別区長会"),
    ]
    return data
