"""{{ text|plain_text }} for members' posts, {% notification_link %} for the header."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from members.permissions import approved_membership

from ..models import Notification

register = template.Library()

# http(s) URLs up to the first character that cannot be part of one. Japanese text often runs
# straight on after a URL, so only ASCII URL characters are taken.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_TRAILING = ".,;:!?'\")]"


def _link(match: re.Match) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        # Keep a closing parenthesis that belongs to the URL (…/Foo_(bar)).
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    return format_html('<a href="{0}" rel="nofollow noopener">{0}</a>', url) + escape(tail)


@register.filter
def plain_text(text: str) -> str:
    """Plain text as HTML: everything escaped, URLs made links (nofollow), line breaks kept."""
    if not text:
        return ""
    lines = []
    for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts, last = [], 0
        for match in _URL.finditer(line):
            parts.append(escape(line[last : match.start()]))
            parts.append(_link(match))
            last = match.end()
        parts.append(escape(line[last:]))
        lines.append("".join(parts))
    return mark_safe("<br>\n".join(lines))  # noqa: S308 - every piece above is escaped


@register.inclusion_tag("bulletin/includes/_notification_link.html", takes_context=True)
def notification_link(context):
    """The header's link to the notification list, with the unread count (members only)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or approved_membership(user) is None:
        return {"show": False}
    unread = Notification.objects.for_user(user).unread().count()
    return {"show": True, "unread": unread, "request": request}
