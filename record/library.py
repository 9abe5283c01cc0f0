"""刊行物・資料: the project's publications, each with its PDF where one is uploaded."""

import re
import uuid

from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision, fiscal_year_label, fiscal_year_of

MAX_PUBLICATION_BYTES = 50 * 1024 * 1024  # pamphlets and reports run larger than board files

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_PAGES_COUNT = re.compile(
    rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b"
)


def pdf_page_count(data: bytes) -> int | None:
    """The number of pages, read from the page tree (None if the file hides it in streams)."""
    counts = [int(a or b) for a, b in _PAGES_COUNT.findall(data)]
    if counts:
        return max(counts)  # the root of the page tree counts every page
    pages = len(_PAGE.findall(data))
    return pages or None


class PublicationKind(models.TextChoices):
    STATEMENT = "statement", _("趣意書")
    POLICY = "policy", _("推進方針")
    REPORT = "report", _("報告書・まとめ")
    PAMPHLET = "pamphlet", _("パンフレット")
    NEWSLETTER = "newsletter", _("全国連携NEWS")
    AGREEMENT = "agreement", _("協定書")
    MATERIAL = "material", _("講演資料・実施報告")


def publication_path(instance, filename: str) -> str:
    return f"library/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.pdf"


class PublicationQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def for_listing(self):
        # The text can run to tens of thousands of characters: lists only need to know it exists.
        return (
            self.select_related("newsletter", "event")
            .defer("text")
            .annotate(text_length=Length("text"))
            .order_by("-published_on", "title")
        )

    def with_text(self):
        return self.exclude(text="")


class PublicationManager(models.Manager.from_queryset(PublicationQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Publication(models.Model):
    slug = models.SlugField(
        _("URL用の名前"), max_length=80, unique=True, help_text=_("半角英数字とハイフン")
    )
    title = models.CharField(_("題名"), max_length=200)
    kind = models.CharField(_("種類"), max_length=20, choices=PublicationKind.choices)
    published_on = models.DateField(_("発行日"))
    precision = models.CharField(
        _("発行日の精度"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(_("概要"), blank=True)
    file = models.FileField(
        _("ファイル（PDF）"),
        upload_to=publication_path,
        blank=True,
        max_length=200,
        help_text=_(
            "PDFのみ（50MBまで）。中身がPDFであること、スクリプト等がないことを確認します。"
        ),
    )
    file_size = models.PositiveIntegerField(_("ファイルのサイズ（バイト）"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("ページ数"), null=True, blank=True)
    newsletter = models.OneToOneField(
        "record.NewsletterIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name=_("全国連携NEWSの号"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("関連するイベント"),
        help_text=_("講演資料・実施報告はイベントのページにも表示されます。"),
    )
    agreement_body = models.ForeignKey(
        "agreements.AgreementBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("関連する協定締結団体"),
    )
    corporate_agreement = models.ForeignKey(
        "agreements.CorporateAgreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("関連する包括連携協定"),
    )
    text = models.TextField(
        _("本文"),
        blank=True,
        help_text=_(
            "資料の本文（読み取った文字を整えたもの）。「# 」で始まる行は見出し、「- 」は箇条書き、"
            "「| 」で始まる行は表。入力すると本文のページが公開されます。"
        ),
    )
    online_page = models.CharField(
        _("本文を収録したページ"),
        max_length=40,
        blank=True,
        choices=[("record:timeline", _("これまでの経過（年表）"))],
        help_text=_("本文の各項目を記録としてサイト内に収録している場合、そのページ。"),
    )
    text_source = models.CharField(
        _("本文の出典"),
        max_length=200,
        blank=True,
        help_text=_("本文を起こした元の資料（例：資料のテキスト化 003）"),
    )

    objects = PublicationManager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("刊行物・資料")
        verbose_name_plural = _("刊行物・資料")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("record:publication-list") + f"#publication-{self.slug}"

    def get_text_url(self):
        return reverse("record:publication-text", kwargs={"slug": self.slug})

    def get_online_page_url(self):
        return reverse(self.online_page) if self.online_page else ""

    @property
    def has_text(self) -> bool:
        # Lists annotate the text's length and leave the text itself unread (for_listing).
        length = getattr(self, "text_length", None)
        return bool(length) if length is not None else bool(self.text)

    def get_file_url(self):
        return reverse("record:publication-file", kwargs={"slug": self.slug})

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(fiscal_year_of(self.published_on))
