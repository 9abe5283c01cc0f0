"""Writes of the roundtable: threads and replies, moderation, meetings and their registration
(the events app's), summaries, and the mail that tells the participants."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.sites import site_url
from events import services as event_services
from events.registrations import Registration
from members import outbox

from . import permissions
from .models import Meeting, Post, Summary, Thread, Topic


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _author_label(user) -> str:
    return permissions.author_label(user) or _("事務局")


def _mail(*, users, template: str, subject: str, context: dict, actor=None) -> int:
    """One mail to each user (never the actor), through the outbox in this transaction."""
    addresses = sorted({user.email for user in users if user.pk != getattr(actor, "pk", None)})
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"roundtable/email/{template}.txt", context)
        subject = subject % {"title": context["topic"].title}
    outbox.enqueue_many(addresses=addresses, subject=subject, body=body)
    return len(addresses)


def topic_participants(topic: Topic):
    """Who took part in a topic: wrote a thread or a reply, or registered for a meeting; and
    may still take part."""
    writers = Thread.objects.filter(topic=topic).values("author_id")
    repliers = Post.objects.filter(thread__topic=topic).values("author_id")
    registrants = Registration.objects.active().filter(event__roundtable_meeting__topic=topic)
    return permissions.participants().filter(
        Q(pk__in=writers) | Q(pk__in=repliers) | Q(pk__in=registrants.values("user_id"))
    )


@transaction.atomic
def thread_start(*, topic: Topic, author, title: str, body: str) -> Thread:
    """A participant (or the secretariat) opens a thread; the topic's participants are told."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    require(
        permissions.can_write(author, topic),
        _("この議題に投稿できるのは円卓会議の参加者だけです（終了した議題には投稿できません）。"),
    )
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("題名と本文を入力してください。"))
    recipients = list(topic_participants(topic))
    membership_municipality = getattr(getattr(author, "membership", None), "municipality", None)
    thread = Thread.objects.create(
        topic=topic,
        title=title,
        body=body,
        author=author,
        author_label=_author_label(author),
        municipality=membership_municipality if permissions.can_take_part(author) else None,
    )
    _mail(
        users=recipients,
        actor=author,
        template="new_thread",
        subject=_("円卓会議に新しいスレッド：%(title)s"),
        context={
            "topic": topic,
            "thread": thread,
            "url": site_url(thread.get_absolute_url()),
        },
    )
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, author, body: str) -> Post:
    thread = Thread.objects.select_for_update().select_related("topic").get(pk=thread.pk)
    require(
        permissions.can_view_thread(author, thread) and permissions.can_write(author, thread.topic),
        _("このスレッドには返信できません（終了した議題には投稿できません）。"),
    )
    body = body.strip()
    if not body:
        raise ValidationError(_("返信内容を入力してください。"))
    membership_municipality = getattr(getattr(author, "membership", None), "municipality", None)
    return Post.objects.create(
        thread=thread,
        body=body,
        author=author,
        author_label=_author_label(author),
        municipality=membership_municipality if permissions.can_take_part(author) else None,
    )


@transaction.atomic
def content_moderate(*, actor, target: Thread | Post, hide: bool, reason: str) -> Thread | Post:
    """The secretariat hides a thread or reply (with a reason) or shows it again; nothing is
    deleted."""
    require(permissions.can_moderate(actor), _("非表示・再表示は事務局だけができます。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("理由を入力してください。"))
    target = type(target).objects.select_for_update().get(pk=target.pk)
    if hide == target.is_hidden:
        raise ValidationError(
            _("この投稿はすでに非表示です。") if hide else _("この投稿は非表示になっていません。")
        )
    target.is_hidden, target.hidden_reason = hide, reason if hide else ""
    target.save(update_fields=["is_hidden", "hidden_reason"])
    return target


@transaction.atomic
def meeting_add(*, topic: Topic, event, actor=None) -> Meeting:
    """A meeting of the topic (an event); everyone who can take part is told."""
    meeting = Meeting.objects.create(topic=topic, event=event)
    _mail(
        users=permissions.participants(),
        actor=actor,
        template="new_meeting",
        subject=_("円卓会議の開催のお知らせ：%(title)s"),
        context={
            "topic": topic,
            "meeting": meeting,
            "event": event,
            "url": site_url(meeting.get_absolute_url()),
        },
    )
    return meeting


@transaction.atomic
def meeting_register(
    *, meeting: Meeting, user, name: str, email: str, organisation: str = ""
) -> Registration:
    """A participant registers for a meeting: the events app's registration (capacity, waiting
    list, confirmation mail, the row lock) does the rest."""
    require(
        permissions.can_register(user, meeting),
        _("円卓会議の会合に申し込めるのは円卓会議の参加者だけです。"),
    )
    return event_services.registration_create(
        event=meeting.event,
        name=name,
        email=email,
        organisation=organisation,
        user=user,
        admitted=True,  # the roundtable's own rule, checked above, admits partners too
    )


@transaction.atomic
def summary_publish(*, summary: Summary, actor) -> Summary:
    require(permissions.can_moderate(actor), _("まとめ・議事録を公開できるのは事務局だけです。"))
    summary = Summary.objects.select_for_update().get(pk=summary.pk)
    if summary.published_at is None:
        summary.published_at, summary.published_by = timezone.now(), actor
        summary.save(update_fields=["published_at", "published_by"])
    return summary


@transaction.atomic
def summary_withdraw(*, summary: Summary, actor) -> Summary:
    require(permissions.can_moderate(actor), _("まとめ・議事録を公開できるのは事務局だけです。"))
    summary = Summary.objects.select_for_update().get(pk=summary.pk)
    summary.published_at, summary.published_by = None, None
    summary.save(update_fields=["published_at", "published_by"])
    return summary
