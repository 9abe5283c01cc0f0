"""お知らせ: the secretariat's news items (imported by record.models)."""

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision


class NewsCategory(models.TextChoices):
    NOTICE = "notice", _("お知らせ")
    EVENT = "event", _("イベント")
    CALL = "call", _("募集")
    DISASTER = "disaster", _("災害支援")
    PRESS = "press", _("報道発表")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PUBLISHED = "published", _("公開")


def news_file_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"news/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class NewsItemQuerySet(models.QuerySet):
    def public(self, today: datetime.date | None = None):
        """Published, from its publish date, until its end date (if it has one)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            state=PublicationState.PUBLISHED,
            published_on__lte=today,
        )

    def latest_first(self):
        return self.order_by("-published_on", "-pk")

    def in_category(self, category: str):
        return self.filter(category=category)


class NewsItemManager(models.Manager.from_queryset(NewsItemQuerySet)):
    def get_by_natural_key(self, published_on, title):
        return self.get(published_on=published_on, title=title)


class NewsItem(models.Model):
    title = models.CharField(_("見出し"), max_length=200)
    category = models.CharField(
        _("分類"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.NOTICE
    )
    body = models.TextField(
        _("本文"),
        blank=True,
        help_text=_(
            "空行で段落を分けます。「## 」で始まる行は見出し、「- 」か「・」で始まる行は箇条書き、"
            "**太字**、URLは自動でリンクになります。HTMLは使えません（そのまま文字として表示されます）。"
        ),
    )
    published_on = models.DateField(
        _("掲載日"), help_text=_("この日から公開ページに表示されます（「公開」のときだけ）。")
    )
    date_precision = models.CharField(
        _("掲載日の精度"),
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("資料に月までしかない場合は「月」とし、掲載日はその月の1日にします。"),
    )
    ends_on = models.DateField(
        _("掲載終了日"), null=True, blank=True, help_text=_("この日を過ぎると一覧から外れます。")
    )
    state = models.CharField(
        _("公開状態"),
        max_length=12,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        help_text=_("下書きは公開ページに表示されません。"),
    )
    image = models.ImageField(
        _("画像"),
        upload_to=news_file_path,
        blank=True,
        max_length=200,
        help_text=_("JPEG・PNG・WebP（10MBまで）。位置情報などは取り除いて保存します。"),
    )
    image_alt = models.CharField(_("画像の説明（代替テキスト）"), max_length=200, blank=True)
    attachment = models.FileField(
        _("添付ファイル（PDF）"), upload_to=news_file_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("添付ファイル名"), max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(_("添付ファイルのサイズ"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), default=timezone.now, editable=False)

    objects = NewsItemManager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        constraints = [
            models.UniqueConstraint(fields=["published_on", "title"], name="news_unique_day_title"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("published_on")),
                name="news_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="news_image_has_alt_text"
            ),
        ]
        indexes = [models.Index(fields=["state", "published_on"])]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.published_on.isoformat(), self.title)

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("record:news-detail", kwargs={"pk": self.pk})

    def get_attachment_url(self):
        return reverse("record:news-attachment", kwargs={"pk": self.pk})
