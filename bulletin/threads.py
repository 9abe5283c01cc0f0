"""A post's replies and a room's messages, each kept in the cache under everything it shows
(core/fragments.py): a page of fifty renders only those that changed since anyone's last view.

A change to anything templates/bulletin/includes/_reply.html or _room_message.html prints must
be in reply_version or message_version too.
"""

from core.fragments import place_values, render_each

REPLY_TEMPLATE = "bulletin/includes/_reply.html"
MESSAGE_TEMPLATE = "bulletin/includes/_room_message.html"


def _author_name(user) -> str | None:
    membership = getattr(user, "membership", None) if user is not None else None
    return membership.full_name if membership is not None else None


def reply_version(reply) -> tuple:
    """Everything a reply prints, as plain values (read with its side and author's membership)."""
    return (
        reply.pk,
        reply.body,
        reply.is_hidden,
        reply.hidden_reason,
        reply.created_at,
        place_values(reply.side),
        _author_name(reply.author),
    )


def message_version(message) -> tuple:
    """Everything a room's message prints (read with its sides, author and attachments)."""
    return (
        message.pk,
        message.body,
        message.created_at,
        place_values(message.municipality),
        place_values(message.organisation),
        _author_name(message.author),
        tuple(
            (attachment.pk, attachment.name, attachment.content_type, attachment.size)
            for attachment in message.attachments.all()
        ),
    )


def render_replies(replies, *, can_moderate: bool, can_report: bool) -> str:
    return render_each(
        REPLY_TEMPLATE,
        replies,
        name="reply",
        version=reply_version,
        prefix="bulletin:reply",
        context={"can_moderate": bool(can_moderate), "can_report": bool(can_report)},
    )


def render_messages(messages) -> str:
    return render_each(
        MESSAGE_TEMPLATE,
        messages,
        name="message",
        version=message_version,
        prefix="bulletin:room-message",
    )
