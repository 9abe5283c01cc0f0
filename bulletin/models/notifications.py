"""In-site notifications and each member's mail preference (the mail goes through members' outbox)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("その都度メールで受け取る")
    DAILY_DIGEST = "digest", _("1日1回まとめてメールで受け取る")


class NotificationPreference(models.Model):
    """How a member wants the board's mail; without a row, mail is sent immediately."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bulletin_preference",
        verbose_name=_("利用者"),
    )
    delivery = models.CharField(
        _("メールの受け取り方"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.IMMEDIATE,
        help_text=_("サイト内の通知一覧には、どちらを選んでもすべて表示されます。"),
    )
    muted_kinds = models.JSONField(
        _("受け取らない通知"),
        default=list,
        blank=True,
        help_text=_("ここに含まれる種類の通知は、サイト内にもメールにも届きません。"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("通知の設定")
        verbose_name_plural = _("通知の設定")
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="notification_delivery_valid"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_delivery_display()}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("返信")
    HAND_RAISED = "hand", _("手を挙げた区")
    STATUS_CHANGED = "status", _("状態の変更")
    NEW_POST = "new", _("関心に合う新しい提案・募集")
    SAVED_SEARCH = "search", _("保存した検索の新しい一致")
    REMINDER = "reminder", _("事務局からのお知らせ")
    TIE_PROPOSAL = "tie", _("交流関係の申し出")
    ROOM_MESSAGE = "room", _("調整ルームのメッセージ")
    DISASTER = "disaster", _("災害対応（緊急）")


# Told at once, in the site and by mail, whatever the member's digest or mute settings: a disaster
# is never held for the morning's digest (the disaster app's alerts, requests and commitments).
URGENT_KINDS = frozenset({NotificationKind.DISASTER})
# What a member may turn off (受け取る通知).
MUTABLE_KINDS = [
    (value, label) for value, label in NotificationKind.choices if value not in URGENT_KINDS
]


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user).visible_to_recipient()

    def visible_to_recipient(self):
        """A hidden post's title leaves the lists and digests of all but its author."""
        return self.exclude(Q(proposal__is_hidden=True) & ~Q(proposal__author=F("recipient")))

    def unread(self):
        return self.filter(read_at__isnull=True)

    def not_emailed(self):
        return self.filter(email__isnull=True)

    def for_listing(self):
        return self.select_related("proposal", "collaboration").order_by("-created_at", "-pk")

    def reminders_of(self, proposal):
        """The secretariat's reminders about this post (one row per member told)."""
        return self.filter(kind=NotificationKind.REMINDER, proposal=proposal)


class Notification(models.Model):
    """One event told to one member: shown in the site's notification list and sent by mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bulletin_notifications",
        db_index=False,  # notification_newest starts with it
        verbose_name=_("受け取る人"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("提案"),
    )
    # A notification is about a post, or (TIE_PROPOSAL) about a proposed tie with a ward.
    tie_proposal = models.ForeignKey(
        "network.TieProposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("交流関係の申し出"),
    )
    # The secretariat's reminder to a collaboration's parties (REMINDER) is about the collaboration.
    collaboration = models.ForeignKey(
        "bulletin.Collaboration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("連携事業"),
    )
    # A room's message (ROOM_MESSAGE) is about its post, and opens the room.
    room = models.ForeignKey(
        "bulletin.Room",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("調整ルーム"),
    )
    # An app above the board (disaster) tells about its own pages: the page, by its path.
    link = models.CharField(
        _("リンク先"),
        max_length=200,
        blank=True,
        help_text=_("提案・連携事業・交流関係以外の通知が開くページ（例：災害の対策本部）"),
    )
    kind = models.CharField(_("種類"), max_length=10, choices=NotificationKind.choices)
    message = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)
    email = models.ForeignKey(
        "members.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("送信メール"),
        help_text=_("空欄なら、まだメールに含まれていません（まとめて送る設定の方）。"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    proposal__isnull=False, tie_proposal__isnull=True, collaboration__isnull=True
                )
                | Q(proposal__isnull=True, tie_proposal__isnull=False, collaboration__isnull=True)
                | Q(proposal__isnull=True, tie_proposal__isnull=True, collaboration__isnull=False)
                | (
                    Q(proposal__isnull=True, tie_proposal__isnull=True, collaboration__isnull=True)
                    & ~Q(link="")
                ),
                name="notification_about_one_thing",
            ),
            # A post is announced once to each member (the fan-out's guard against a retry).
            models.UniqueConstraint(
                fields=["recipient", "proposal"],
                condition=Q(kind="new"),
                name="notification_new_post_once",
            ),
        ]

    def __str__(self):
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def target_url(self) -> str:
        """Where opening the notification leads: its room, its post, or the ward register's page."""
        if self.link:
            return self.link
        if self.room_id:
            return reverse("bulletin:room-detail", kwargs={"pk": self.room_id})
        if self.proposal_id:
            return self.proposal.get_absolute_url()
        if self.collaboration_id:
            return reverse(
                "bulletin:collaboration-detail", kwargs={"slug": self.collaboration.slug}
            )
        return reverse("bulletin:tie-list")
