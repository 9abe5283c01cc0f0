"""自治体情報のPR: a municipality's own page, kept by its approved staff members.

The page belongs to the municipality, not to the member who wrote it: when staff move on, the
page stays and their successor carries on.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .register import Municipality

MAX_PHOTOS = 6
# What the municipality's members write on the page (its form and pr_page_update).
PR_PAGE_FIELDS = (
    "catchphrase",
    "introduction",
    "tourism",
    "specialties",
    "events",
    "website",
    "contact",
)


class PRPage(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="pr_page",
        verbose_name=_("自治体"),
    )
    catchphrase = models.CharField(
        _("キャッチフレーズ"), max_length=60, help_text=_("60文字まで。一覧にも表示されます。")
    )
    introduction = models.TextField(_("紹介文"), max_length=2000, help_text=_("2,000文字まで。"))
    tourism = models.TextField(_("観光"), max_length=1000, blank=True)
    specialties = models.TextField(_("特産品"), max_length=1000, blank=True)
    events = models.TextField(_("イベント"), max_length=1000, blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True, help_text=_("https:// から始まるURL"))
    contact = models.TextField(
        _("問い合わせ窓口"),
        max_length=500,
        blank=True,
        help_text=_("担当部署・電話番号・メールアドレスなど。公開ページに表示されます。"),
    )
    updated_at = models.DateTimeField(_("最終更新日時"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("最終更新者"),
    )

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = _("自治体情報のPR")
        verbose_name_plural = _("自治体情報のPR")
        constraints = [
            models.CheckConstraint(
                condition=~Q(catchphrase="") & ~Q(introduction=""),
                name="pr_page_has_catchphrase_and_introduction",
            )
        ]

    def __str__(self):
        return f"{self.municipality}：{self.catchphrase}"

    def get_absolute_url(self):
        return self.municipality.get_absolute_url() + "#pr"

    @property
    def highlights(self) -> list[tuple[str, str]]:
        """(label, text) for the highlights that are filled in, in display order."""
        return [
            (PRPage._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("tourism", "specialties", "events")
            if getattr(self, name)
        ]


def _photo_path(photo: "PRPhoto", suffix: str, extension: str) -> str:
    # Random names: the original file name (often a person's or a device's) is never kept.
    return f"pr/{photo.page.municipality.code}/{uuid.uuid4().hex}{suffix}.{extension}"


def photo_upload_to(photo: "PRPhoto", filename: str) -> str:
    return _photo_path(photo, "", filename.rsplit(".", 1)[-1])


def thumbnail_upload_to(photo: "PRPhoto", filename: str) -> str:
    return _photo_path(photo, "_thumb", filename.rsplit(".", 1)[-1])


class PRPhoto(models.Model):
    """A photo on a PR page, stored re-encoded (no EXIF or GPS data) at two sizes."""

    page = models.ForeignKey(
        PRPage, on_delete=models.CASCADE, related_name="photos", verbose_name=_("PRページ")
    )
    position = models.PositiveSmallIntegerField(
        _("表示順"), help_text=_("1〜6。1枚のページに6枚まで。")
    )
    image = models.ImageField(
        _("写真（表示用）"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        max_length=200,
    )
    width = models.PositiveIntegerField(_("幅（px）"), editable=False)
    height = models.PositiveIntegerField(_("高さ（px）"), editable=False)
    thumbnail = models.ImageField(_("サムネイル"), upload_to=thumbnail_upload_to, max_length=200)
    caption = models.CharField(_("キャプション"), max_length=100, blank=True)
    alt_text = models.CharField(
        _("代替テキスト"),
        max_length=200,
        help_text=_(
            "画像が見えない方にも伝わるよう、写真に写っているものを説明します（例：夕日に染まる東尋坊の断崖）。"
        ),
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登録者"),
    )

    class Meta:
        ordering = ["page", "position"]
        verbose_name = _("PR写真")
        verbose_name_plural = _("PR写真")
        constraints = [
            models.UniqueConstraint(fields=["page", "position"], name="pr_photo_unique_position"),
            # Positions 1-6 and unique per page: the database itself holds a page to 6 photos.
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_PHOTOS),
                name="pr_photo_position_1_to_6",
            ),
            models.CheckConstraint(condition=~Q(alt_text=""), name="pr_photo_has_alt_text"),
        ]

    def __str__(self):
        return self.caption or self.alt_text

    def get_absolute_url(self):
        return self.page.get_absolute_url()
