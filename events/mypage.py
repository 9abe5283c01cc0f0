"""The member's event registrations on マイページ (registered from EventsConfig.ready())."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.mypage import first_items

from .models import Event
from .registrations import Registration, RegistrationStatus


def registrations_section(user):
    """The member's live registrations for events still to come, with the waiting-list position
    (computed in the same query) and the cancel link."""
    if not user.is_authenticated:
        return None
    upcoming = Event.objects.upcoming(timezone.localdate()).values("pk")
    registrations = Registration.objects.active().filter(user=user, event__in=upcoming)
    ahead = (
        Registration.objects.waiting()
        .filter(event=OuterRef("event"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shown, counted = first_items(
        registrations.select_related("event")
        .annotate(ahead=Subquery(ahead, output_field=IntegerField()))
        .order_by(F("event__start_date").asc(nulls_last=True), "pk")
    )
    items = []
    for registration in shown:
        if registration.status == RegistrationStatus.WAITING:
            note = _("キャンセル待ち %(position)d 番目") % {
                "position": (registration.ahead or 0) + 1
            }
        else:
            note = registration.get_status_display()
        items.append(
            {
                "url": registration.event.get_absolute_url(),
                "label": registration.event.display_title,
                "note": note,
                "action_url": registration.get_cancel_url(),
                "action_label": _("申込をキャンセルする"),
            }
        )
    return {
        "slug": "registrations",
        "heading": _("イベントの参加申込"),
        "items": items,
        **counted,
        "more_url": reverse("events:event-list"),
        "more_label": _("イベントの一覧"),
        "empty": _("これからのイベントへの申込はありません。"),
    }


def submissions_section(user):
    """The events the member's municipality submitted for the calendar, with their state."""
    from members.permissions import approved_membership

    from .submissions import EventSubmission

    membership = approved_membership(user)
    if membership is None:
        return None
    shown, counted = first_items(
        EventSubmission.objects.for_listing().of_municipality(membership.municipality)
    )
    return {
        "slug": "event-submissions",
        "heading": _("自治体の催しの掲載申請"),
        "items": [
            {
                "url": submission.event.get_absolute_url()
                if submission.event
                else submission.get_absolute_url(),
                "label": submission.title,
                "note": submission.get_status_display(),
            }
            for submission in shown
        ],
        **counted,
        "more_url": reverse("events:submission-list"),
        "more_label": _("掲載申請の一覧・新しく申請する"),
        "empty": _("申請した催しはありません。物産展や移住相談会などを一覧に載せられます。"),
    }
