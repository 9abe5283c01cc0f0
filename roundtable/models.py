"""円卓会議 (全国連携円卓会議): topics (議題) with their documents, meetings, discussion threads,
and the secretariat's summaries (まとめ) and minutes (議事録)."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bulletin.models.attachments import AttachmentType, attachment_storage
from events.registrations import RegistrationStatus


class TopicStatus(models.TextChoices):
    OPEN = "open", _("議論中")
    CLOSED = "closed", _("終了")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("一般公開")
    MEMBERS = "members", _("参加者のみ")


class SummaryKind(models.TextChoices):
    SUMMARY = "summary", _("まとめ")
    MINUTES = "minutes", _("議事録")


class TopicQuerySet(models.QuerySet):
    def for_listing(self):
        """Newest first, with the number of visible threads and of meetings: one query."""
        return self.annotate(
            thread_count=Count("threads", filter=Q(threads__is_hidden=False), distinct=True),
            meeting_count=Count("meetings", distinct=True),
        ).order_by("-opened_at", "-pk")


class Topic(models.Model):
    """議題: a question the roundtable discusses, opened by the secretariat."""

    title = models.CharField(_("議題"), max_length=200)
    description = models.TextField(_("説明"), help_text=_("公開ページに表示されます。"))
    status = models.CharField(
        _("状況"),
        max_length=20,
        choices=TopicStatus.choices,
        default=TopicStatus.OPEN,
        help_text=_("「終了」にすると、新しいスレッドや返信は投稿できなくなります。"),
    )
    opened_at = models.DateTimeField(_("開始日時"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("開始した人"),
    )
    proposals = models.ManyToManyField(
        "bulletin.Proposal",
        blank=True,
        related_name="roundtable_topics",
        verbose_name=_("この議題から生まれた提案・募集"),
        help_text=_("掲示板の提案・募集のページに「円卓会議の議題から」として表示されます。"),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("円卓会議の議題")
        verbose_name_plural = _("円卓会議の議題")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roundtable:topic-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == TopicStatus.OPEN


def document_storage():
    # The board's private storage (never under MEDIA_ROOT); a function of this app so that the
    # migration names no other app's code.
    return attachment_storage()


def document_path(instance, filename: str) -> str:
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"roundtable/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class TopicDocument(models.Model):
    """A topic's document (PDF or image), checked as the board's attachments are and served to
    the roundtable's participants only."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="documents", verbose_name=_("議題")
    )
    file = models.FileField(
        _("ファイル"), storage=document_storage, upload_to=document_path, max_length=200
    )
    name = models.CharField(_("ファイル名"), max_length=200, blank=True)
    content_type = models.CharField(
        _("種類"), max_length=40, choices=AttachmentType.choices, blank=True
    )
    size = models.PositiveIntegerField(_("サイズ（バイト）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添付した人"),
    )
    uploaded_at = models.DateTimeField(_("添付日時"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("議題の資料")
        verbose_name_plural = _("議題の資料")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roundtable:document-download", kwargs={"pk": self.pk})


class MeetingQuerySet(models.QuerySet):
    def for_topic_page(self):
        """With the event and its registration counts (one query for all of a topic's)."""
        return (
            self.select_related("event")
            .annotate(
                registered_count=Count(
                    "event__registrations",
                    filter=Q(event__registrations__status=RegistrationStatus.CONFIRMED),
                ),
                waiting_count=Count(
                    "event__registrations",
                    filter=Q(event__registrations__status=RegistrationStatus.WAITING),
                ),
            )
            .order_by("event__start_date", "event__start_time", "pk")
        )


class Meeting(models.Model):
    """A meeting of the roundtable on a topic: an event (date, time, place or online link,
    capacity, waiting list), whose registration is the events app's."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("議題")
    )
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.PROTECT,
        related_name="roundtable_meeting",
        verbose_name=_("イベント（日時・会場・定員）"),
        help_text=_(
            "日時・会場・オンラインの視聴URL・定員・キャンセル待ちは「イベント・展示」で設定します。"
            "参加申込を受け付けるには、そのイベントで「参加申込を受け付ける」を選びます。"
        ),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("円卓会議の会合")
        verbose_name_plural = _("円卓会議の会合")

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return self.topic.get_absolute_url() + f"#meeting-{self.pk}"


class SummaryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def public(self):
        return self.published().filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Published, and public unless the user may see the participants' side."""
        from .permissions import can_view_discussion

        if can_view_discussion(user):
            return self.published()
        return self.public()


class Summary(models.Model):
    """The secretariat's まとめ or 議事録 of a topic, public or for the participants only."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="summaries", verbose_name=_("議題")
    )
    kind = models.CharField(
        _("種類"), max_length=20, choices=SummaryKind.choices, default=SummaryKind.SUMMARY
    )
    title = models.CharField(_("見出し"), max_length=200)
    body = models.TextField(_("本文"))
    visibility = models.CharField(
        _("公開範囲"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("「参加者のみ」は公開ページには表示されません。"),
    )
    published_at = models.DateTimeField(
        _("公開日時"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("一覧の操作「公開する」で公開します。空なら下書きです。"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("公開した人"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    objects = SummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("まとめ・議事録")
        verbose_name_plural = _("まとめ・議事録")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.topic.get_absolute_url() + f"#summary-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Contribution(models.Model):
    """What a thread and a post share: who wrote it (and for whom), and moderation."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("投稿者"),
    )
    # The author's organisation as shown (a municipality, or 事務局), kept as it was when posted.
    author_label = models.CharField(_("所属"), max_length=200)
    municipality = models.ForeignKey(
        "members.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("自治体"),
    )
    body = models.TextField(_("本文"))
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True)
    is_hidden = models.BooleanField(_("非表示"), default=False)
    hidden_reason = models.TextField(_("非表示の理由"), blank=True)

    class Meta:
        abstract = True


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import can_moderate

        return self if can_moderate(user) else self.filter(is_hidden=False)

    def for_listing(self):
        return self.annotate(post_count=Count("posts", filter=Q(posts__is_hidden=False))).order_by(
            "-created_at", "-pk"
        )


class Thread(Contribution):
    """A discussion thread under a topic."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="threads", verbose_name=_("議題")
    )
    title = models.CharField(_("スレッドの題名"), max_length=200)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("円卓会議のスレッド")
        verbose_name_plural = _("円卓会議のスレッド")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="roundtable_thread_hidden_needs_a_reason",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roundtable:thread-detail", kwargs={"pk": self.pk})


class Post(Contribution):
    """A reply in a thread."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("スレッド")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("円卓会議の返信")
        verbose_name_plural = _("円卓会議の返信")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="roundtable_post_hidden_needs_a_reason",
            )
        ]

    def __str__(self):
        return f"{self.author_label}: {self.body[:30]}"

    def get_absolute_url(self):
        return self.thread.get_absolute_url() + f"#post-{self.pk}"
