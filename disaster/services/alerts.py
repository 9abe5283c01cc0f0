"""Urgent alerts: in the site and by mail at once, whatever each member's digest or mute
settings (the board's notification service, kind DISASTER)."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from bulletin.models import NotificationKind
from bulletin.services.notifications import approved_users, tell
from core.safe_input import single_line
from core.sites import site_url
from members.models import Municipality, MunicipalityKind

from ..models import Disaster


def affected_municipalities(disaster: Disaster):
    """The municipalities named as affected, and those of the prefectures named."""
    return Municipality.objects.filter(
        Q(disasters=disaster) | Q(prefecture__disasters=disaster)
    ).distinct()


def ward_members():
    return approved_users(municipality__kind=MunicipalityKind.SPECIAL_WARD)


def members_of(*municipalities) -> Iterable:
    return approved_users(municipality__in=[m.pk for m in municipalities])


def headquarters_audience(disaster: Disaster):
    """Every ward member and every member of an affected municipality."""
    affected = affected_municipalities(disaster).values("pk")
    return ward_members() | approved_users(municipality__in=affected)


def alert(
    *, disaster: Disaster, recipients, actor, message: str, params: dict, detail: str = "", path=""
) -> int:
    """Tell each recipient (never the actor) now, in the site and by mail. The audience is at
    most the wards' and the affected municipalities' members: told in the request, with the
    same few queries for one or a thousand (bulletin's `tell`), so nobody waits for a worker."""
    path = path or disaster.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        message = (str(message) % params)[:300]
        body = render_to_string(
            "disaster/email/alert.txt",
            {"message": message, "detail": detail, "url": site_url(path)},
        )
    actor_pk = getattr(actor, "pk", None)
    return tell(
        addresses={user.pk: user.email for user in recipients if user.pk != actor_pk},
        proposal=None,
        kind=NotificationKind.DISASTER,
        message=message,
        subject=single_line(message)[:200],
        body=body,
        link=path,
    )
