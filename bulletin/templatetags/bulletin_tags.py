"""{% notification_link %} for the header; {% proposal_cards %} for the board's list;
{% reply_items %} and {% room_message_items %} for a post's replies and a room's thread."""

from django import template

from members.permissions import approved_membership
from partners.permissions import partner_membership

from ..cards import render_cards
from ..models import Notification
from ..permissions import is_partner
from ..threads import render_messages, render_replies

register = template.Library()


@register.inclusion_tag("bulletin/includes/_notification_link.html", takes_context=True)
def notification_link(context):
    """The header's link to the notification list, with the unread count (members and partner
    organisations' members)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"show": False}
    if approved_membership(user) is None and (user.is_staff or partner_membership(user) is None):
        return {"show": False}  # staff are never partners: no query for them
    unread = Notification.objects.for_user(user).unread().count()
    return {"show": True, "unread": unread, "request": request}


@register.simple_tag(takes_context=True)
def acts_as_partner(context) -> bool:
    """Whether the user is a partner organisation's member: the board's menu then leaves out
    the municipalities' pages (interests, saved searches, ties, consultations)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # Staff are never partners: no query for them (their pages have query caps).
    return user is not None and not user.is_staff and is_partner(user)


@register.simple_tag
def proposal_cards(proposals):
    """The board list's cards, each from the cache unless it changed (bulletin/cards.py)."""
    return render_cards(list(proposals))


@register.simple_tag
def reply_items(replies, *, can_moderate, can_report):
    """A page of a post's replies, each from the cache unless it changed (bulletin/threads.py)."""
    return render_replies(list(replies), can_moderate=can_moderate, can_report=can_report)


@register.simple_tag
def room_message_items(messages):
    """A page of a room's thread, each message from the cache unless it changed."""
    return render_messages(messages)
