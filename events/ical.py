"""iCalendar (RFC 5545) output for events: all-day VEVENTs, folded and escaped by hand."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _

from core.memo import BoundedMemo
from core.sites import site_url

from .models import Event, EventStatus

_STATUS = {
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(encoded) - start > limit:
        end = start + limit
        while encoded[end] & 0xC0 == 0x80:  # a continuation byte: back up to the character
            end -= 1
        parts.append(encoded[start:end])
        start, limit = end, 74  # continuation lines start with a space
    parts.append(encoded[start:])
    return b"\r\n ".join(parts).decode()


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_domain() -> str:
    """The UID's domain: the configured site's, so a calendar that subscribed through one host
    name (or a proxy) sees the same events through another."""
    return urlsplit(site_url()).hostname or "zenkoku-renkei.portal"


def _when(event: Event) -> list[str]:
    if event.starts_at:
        end = event.ends_at or event.starts_at
        return [f"DTSTART:{_utc(event.starts_at)}", f"DTEND:{_utc(end)}"]
    return [
        f"DTSTART;VALUE=DATE:{_date(event.start_date)}",
        # DTEND of an all-day event is exclusive: the day after the last day.
        f"DTEND;VALUE=DATE:{_date(event.last_date + datetime.timedelta(days=1))}",
    ]


def _host_line(event: Event) -> str:
    if not event.host_municipality_id:
        return ""
    return f"{_('主催')}：{event.host_municipality.full_name}"


def _vevent(event: Event, *, domain: str, url: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.slug}@{domain}",
        # The event's last change: the same VEVENT for the same event, whenever it is asked for.
        f"DTSTAMP:{_utc(event.updated_at)}",
        *_when(event),
        f"SUMMARY:{_escape(event.title)}",
        f"STATUS:{_STATUS.get(event.status, 'CONFIRMED')}",
        f"URL:{url}",
    ]
    if event.venue:
        lines.append(f"LOCATION:{_escape(event.venue)}")
    host = _host_line(event)
    description = "\n".join(part for part in [host, event.theme, event.summary] if part)
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines.append("END:VEVENT")
    return lines


# Each event's folded VEVENT, kept in this process by everything it is made of: after a write
# that changes no event (most writes), the feed is joined from these, not built line by line.
_FOLDED = BoundedMemo(20_000)


def _folded_vevent(event: Event, *, domain: str, before: str, after: str) -> str:
    key = (
        domain, before, after, event.slug, event.title, event.status, event.starts_at,
        event.ends_at, event.start_date, event.end_date, event.venue, event.theme,
        event.summary, event.updated_at, _host_line(event),
    )  # fmt: skip
    return _FOLDED.get_or_compute(
        key,
        lambda: "\r\n".join(
            _fold(line)
            for line in _vevent(event, domain=domain, url=f"{before}{event.slug}{after}")
        ),
    )


def render_calendar(events: Iterable[Event], *, name: str) -> str:
    domain = uid_domain()
    # One reverse() for the whole calendar: slugs need no quoting.
    before, after = (site_url(reverse("events:event-detail", kwargs={"slug": "SLUG"}))).rsplit(
        "SLUG", 1
    )
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tokyo 23 City//Zenkoku Renkei Portal//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Tokyo",
    ]
    parts = [_fold(line) for line in header]
    parts += [_folded_vevent(event, domain=domain, before=before, after=after) for event in events]
    parts.append("END:VCALENDAR")
    return "\r\n".join(parts) + "\r\n"
