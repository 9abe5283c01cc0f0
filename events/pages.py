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

    found: dict[int, list] = {agreement.pk: [] for agreement in agreements}
    for event in Event.objects.filter(corporate_agreement__in=agreements).order_by("start_date"):
        found[event.corporate_agreement_id].append(event)
    # Every agreement: one with none says so.
    return {pk: {"events": events} for pk, events in found.items()}


# A municipality's page lists its newest events; /events/ filtered by it lists them all.
EVENTS_SHOWN = 20

# How a municipality took part in an event, for its page (municipality_events_section). The
# kinds where the documents name a municipality for its speaker.
_SPEAKING_KINDS = {"lecture", "symposium"}


def _roles(event, body) -> list[str]:
    from django.utils.translation import gettext as _

    roles = []
    if getattr(event, "organised", False):
        roles.append(_("主催"))
    if event.hosted:
        roles.append(_("巡回展示の会場"))
    if event.named:
        roles.append(_("講師・登壇") if event.kind in _SPEAKING_KINDS else _("参加"))
    if event.via_body:
        if event.kind == "exhibition":
            roles.append(_("%(body)sの構成自治体として紹介") % {"body": body.name})
        else:
            roles.append(_("%(body)sとして参加") % {"body": body.name})
    return roles


def municipality_events_section(municipality) -> dict:
    """The events a municipality or ward took part in, computed from the records: exhibitions
    its agreement body was featured in, the touring stops it hosted, the promotion events and
    festivals it (or its body) joined, the lectures where it spoke. Shown on every page, with an
    empty state: the newest EVENTS_SHOWN with the counts of all, in three queries whatever the
    number of events (the rest are on /events/, filtered by the municipality)."""
    from agreements.models import AgreementBody

    from .models import Event

    body = AgreementBody.objects.representing(municipality)
    involving = Event.objects.involving(municipality, body)
    events = list(involving.order_by("-start_date", "-ordinal")[:EVENTS_SHOWN])
    # The counts cover every event: three small columns of each, not the events themselves.
    roles = list(involving.order_by().values_list("hosted", "named", "kind"))
    counts = {
        "total": len(roles),
        "hosted": sum(1 for hosted, _, _ in roles if hosted),
        "spoke": sum(1 for _, named, kind in roles if named and kind in _SPEAKING_KINDS),
    }
    return {
        "rows": [{"event": event, "roles": _roles(event, body)} for event in events],
        "total": counts["total"],
        "hosted_count": counts["hosted"],
        "spoke_count": counts["spoke"],
        "body": body,
        "filter_param": "ward" if municipality.is_special_ward else "municipality",
        "code": municipality.code,
    }


def body_events_section(body) -> dict | None:
    """An agreement body's events (its exhibitions, the promotion events it joined), on its page;
    nothing on the bodies' list (body None). One query."""
    from .models import Event, EventKind

    if body is None:
        return None
    events = list(Event.objects.with_body(body).order_by("start_date", "ordinal"))
    return {
        "events": events,
        "exhibition_count": sum(1 for event in events if event.kind == EventKind.EXHIBITION),
        "body": body,
    }


def events_of_partners(organisations) -> dict:
    """The partner directory's section (partners/pages.py): for each organisation, the public
    events born of its corporate agreement and those its members took part in (a confirmed
    registration), newest first; two queries for a page of organisations."""
    from collections import defaultdict

    from django.db.models import Q

    from partners.models import PartnerMembership

    from .models import Event, EventStatus
    from .registrations import Registration

    by_agreement = {
        o.corporate_agreement_id: o.pk for o in organisations if o.corporate_agreement_id
    }
    members = dict(
        PartnerMembership.objects.approved()
        .filter(organisation__in=[o.pk for o in organisations])
        .values_list("user_id", "organisation_id")
    )
    registered = Registration.objects.confirmed().filter(user_id__in=list(members))
    found = defaultdict(dict)
    events = Event.objects.exclude(status=EventStatus.CANCELLED).filter(
        Q(corporate_agreement_id__in=list(by_agreement)) | Q(registrations__in=registered)
    )
    pairs = events.values_list("pk", "corporate_agreement_id", "registrations__user_id")
    wanted = set()
    for pk, agreement_id, user_id in pairs.distinct():
        for organisation_id in (by_agreement.get(agreement_id), members.get(user_id)):
            if organisation_id:
                wanted.add((organisation_id, pk))
    shown = {e.pk: e for e in Event.objects.filter(pk__in={pk for _o, pk in wanted})}
    for organisation_id, pk in wanted:
        found[organisation_id][pk] = shown[pk]
    return {
        organisation_id: sorted(
            events.values(), key=lambda e: (e.start_date is not None, e.start_date), reverse=True
        )
        for organisation_id, events in found.items()
    }
