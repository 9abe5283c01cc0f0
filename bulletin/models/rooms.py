"""調整ルーム: the private room of two municipalities: a post's municipality and a municipality that
raised its hand, or (opened by an app above the board, such as the facility directory) a host and
a guest with a subject of their own.

One room per pair (post, the hand's municipality); a room without a post names its subject. Only the members of the two sides see it; the
secretariat sees it once a side asks (「事務局に参加を依頼」) and may then join and write. The room
stays open after 成立 for the implementation and is read-only once the post is 終了.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality

from .attachments import AttachmentType, attachment_path, attachment_storage
from .collaborations import CollaborationState
from .proposals import Proposal, ProposalStatus

# A room never opened: every message in it is unread.
NEVER_READ = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class RoomQuerySet(models.QuerySet):
    def of_municipality(self, municipality):
        """Rooms where this municipality is a side: the post's or the hand's."""
        return self.filter(Q(host=municipality) | Q(municipality=municipality))

    def of_partner(self, organisation_id):
        """Rooms of the posts whose collaboration names this partner organisation."""
        return self.filter(proposal__collaboration__partners=organisation_id)

    def asked_secretariat(self):
        return self.filter(secretariat_requested_at__isnull=False)

    def for_listing(self):
        return self.select_related("proposal__municipality", "host", "municipality").order_by(
            "-updated_at", "-pk"
        )

    def _with_last_read(self, user):
        """Annotate `last_read`: when this user last opened the room (the epoch if never), from
        their read marker joined once (a LEFT JOIN, not a subquery per message)."""
        if "last_read" in self.query.annotations:
            return self
        return self.annotate(
            my_read=FilteredRelation("reads", condition=Q(reads__user=user)),
            last_read=Coalesce(F("my_read__last_read_at"), Value(NEVER_READ, DateTimeField())),
        )

    @staticmethod
    def _unread_messages(user):
        """The messages of the outer room (annotated with last_read) this user has not seen:
        those they did not write, written after they last opened the room."""
        return (
            RoomMessage.objects.filter(room=OuterRef("pk"), created_at__gt=OuterRef("last_read"))
            .exclude(author=user)
            .order_by()
        )

    def with_unread_for(self, user):
        """Annotate `unread_count`, the messages this user has not seen, in the same query."""
        unread = self._unread_messages(user).values("room").annotate(n=Count("pk")).values("n")
        return self._with_last_read(user).annotate(
            unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
        )

    def unread_by(self, user):
        """The rooms with a message this user has not seen yet."""
        return self._with_last_read(user).filter(Exists(self._unread_messages(user)))


class Room(models.Model):
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rooms",
        db_index=False,  # one_room_per_pair starts with it
        verbose_name=_("提案・募集"),
        help_text=_("空欄のルームは、施設・人材の申込など掲示板の外で開かれたものです。"),
    )
    # The two sides are kept on the room itself, whatever opened it: for a post, its
    # municipality (host) and the municipality that raised its hand.
    host = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("投稿・提供した自治体"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("手を挙げた・申し込んだ自治体"),
    )
    subject = models.CharField(
        _("件名"),
        max_length=200,
        blank=True,
        help_text=_("提案・募集のないルームの件名（提案・募集のルームは、その題名）。"),
    )
    subject_url = models.CharField(
        _("件名のページ"),
        max_length=200,
        blank=True,
        help_text=_("提案・募集のないルームが開かれた元のページ（施設・人材の申込など）。"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)
    secretariat_requested_at = models.DateTimeField(
        _("事務局に参加を依頼した日時"), null=True, blank=True
    )
    secretariat_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事務局に参加を依頼した人"),
    )
    secretariat_joined_at = models.DateTimeField(_("事務局が参加した日時"), null=True, blank=True)
    secretariat_joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("参加した事務局の担当者"),
    )

    objects = RoomQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("調整ルーム")
        verbose_name_plural = _("調整ルーム")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "municipality"], name="one_room_per_pair"),
            models.CheckConstraint(
                condition=Q(proposal__isnull=False) | ~Q(subject=""),
                name="room_has_post_or_subject",
            ),
        ]

    def __str__(self):
        return f"{self.host} × {self.municipality}: {self.title}"

    def save(self, *args, **kwargs):
        # A post's room: its host is the post's municipality, always.
        if self.proposal_id and not self.host_id:
            self.host_id = self.proposal.municipality_id
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return self.proposal.title if self.proposal_id else self.subject

    @property
    def origin_url(self) -> str:
        """The page the room was opened from: the post, or the subject's page."""
        return self.proposal.get_absolute_url() if self.proposal_id else self.subject_url

    def get_absolute_url(self):
        return reverse("bulletin:room-detail", kwargs={"pk": self.pk})

    @property
    def is_read_only(self) -> bool:
        """終了, or the collaboration born of the post 完了: nothing more is written (after 成立
        the room stays open for the implementation). A room without a post stays open."""
        if self.proposal_id is None:
            return False
        if self.proposal.status == ProposalStatus.CLOSED:
            return True
        # The reverse one-to-one raises (an AttributeError) for a post with no collaboration.
        collaboration = getattr(self.proposal, "collaboration", None)
        return collaboration is not None and collaboration.state == CollaborationState.COMPLETED

    @property
    def secretariat_requested(self) -> bool:
        return self.secretariat_requested_at is not None

    @property
    def secretariat_joined(self) -> bool:
        return self.secretariat_joined_at is not None

    def sides(self) -> tuple:
        return (self.host, self.municipality)


class RoomMessage(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="messages", verbose_name=_("調整ルーム")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("書いた人"),
    )
    # The side that wrote it; empty for the secretariat.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("自治体"),
    )
    organisation = models.ForeignKey(
        "partners.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("連携団体"),
    )
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("調整ルームのメッセージ")
        verbose_name_plural = _("調整ルームのメッセージ")

    def __str__(self):
        return self.body[:30]

    @property
    def from_secretariat(self) -> bool:
        return self.municipality_id is None and self.organisation_id is None


class RoomRead(models.Model):
    """When a member last opened a room: the messages after it are unread for them."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="reads", verbose_name=_("調整ルーム")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("会員"),
    )
    last_read_at = models.DateTimeField(_("最後に開いた日時"))

    class Meta:
        verbose_name = _("調整ルームの既読")
        verbose_name_plural = _("調整ルームの既読")
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="one_room_read_per_member")
        ]

    def __str__(self):
        return f"{self.user} → {self.room_id}"


class RoomAttachment(models.Model):
    """A PDF or image attached to a room's message, checked as the board's attachments are."""

    message = models.ForeignKey(
        RoomMessage,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("メッセージ"),
    )
    file = models.FileField(
        _("ファイル"), storage=attachment_storage, upload_to=attachment_path, max_length=200
    )
    name = models.CharField(_("ファイル名"), max_length=200)
    content_type = models.CharField(_("種類"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("サイズ（バイト）"))
    uploaded_at = models.DateTimeField(_("添付日時"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("調整ルームの添付ファイル")
        verbose_name_plural = _("調整ルームの添付ファイル")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bulletin:room-attachment", kwargs={"pk": self.pk})

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ContactCard(models.Model):
    """The contact a side chooses to give the other side of the room (its own, one per side)."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="contact_cards", verbose_name=_("調整ルーム")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("自治体")
    )
    department = models.CharField(_("担当部署"), max_length=100, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    shared = models.BooleanField(
        _("相手に見せる"),
        default=False,
        help_text=_("チェックしたときだけ、相手の自治体（と参加した事務局）に表示されます。"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新した人"),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("連絡先カード")
        verbose_name_plural = _("連絡先カード")
        constraints = [
            models.UniqueConstraint(fields=["room", "municipality"], name="one_card_per_side")
        ]

    def __str__(self):
        return f"{self.municipality}: {self.department}"
