"""{% notification_link %} for the header."""

from django import template

from members.permissions import approved_membership
from partners.permissions import partner_membership

from ..models import Notification

register = template.Library()


@register.inclusion_tag("bulletin/includes/_notification_link.html", takes_context=True)
def notification_link(context):
    """The header's link to the notification list, with the unread count (members and partner
    organisations' members)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or (approved_membership(user) is None and partner_membership(user) is None):
        return {"show": False}
    unread = Notification.objects.for_user(user).unread().count()
    return {"show": True, "unread": unread, "request": request}
