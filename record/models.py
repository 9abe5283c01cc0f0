"""The public record: timeline, yearly partner counts, newsletters, policy (disaster support is
recorded in the disaster app, where the flow writes it)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementBody, CorporateAgreement
from bulletin.models import Collaboration
from core.dates import DatePrecision, fiscal_year_of, fiscal_year_text, is_japanese
from events.models import Event


class TimelineKind(models.TextChoices):
    MEETING = "meeting", _("会議・報告")
    AGREEMENT = "agreement", _("協定")
    EVENT = "event", _("講演会・イベント")
    EXHIBITION = "exhibition", _("展示")
    COLLABORATION = "collaboration", _("連携事業")
    EXCHANGE = "exchange", _("訪問・意見交換")
    SUPPORT = "support", _("支援")
    PUBLICITY = "publicity", _("広報・発信")
    OTHER = "other", _("その他")


class TimelineEntryQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)

    def for_listing(self):
        # The linked collaborations as a plain list (`linked_collaborations`): a related
        # manager per entry costs more than the rest of the entry's rendering.
        return (
            self.select_related("event", "agreement_body", "corporate_agreement")
            .prefetch_related(
                # A hidden proposal's collaboration is not public: the timeline does not name it.
                models.Prefetch(
                    "collaborations",
                    queryset=Collaboration.objects.public().only("slug", "title"),
                    to_attr="linked_collaborations",
                )
            )
            .order_by("date", "sequence")
        )

    def latest_first(self):
        """Newest first, the entries alone (the top page shows their dates and titles)."""
        return self.order_by("-date", "-sequence")

    def years(self) -> list[int]:
        return [d.year for d in self.order_by().dates("date", "year")]

    def organs(self) -> list[str]:
        return list(
            self.exclude(organ="").order_by("organ").values_list("organ", flat=True).distinct()
        )


# The meeting bodies the documents name (TimelineEntry.organ), listed so that their English names
# live in the catalogue (locale/en). A body not listed here is shown as written.
ORGANS = (
    gettext_noop("区長会総会"),
    gettext_noop("特別区制度懇談会"),
    gettext_noop("「特別区全国連携プロジェクト」推進協議会"),
    gettext_noop("東京２３区・京都府市長会・京都府町村会連携協力推進委員会"),
    gettext_noop("東京２３区・京都府市町村絆づくりプロジェクト推進協議会"),
    gettext_noop("人材・組織の育成及び関係人口に関する検討会"),
)


def organ_display(organ: str) -> str:
    """区長会総会 in Japanese; its English name on English pages."""
    return gettext(organ) if organ else ""


class TimelineEntryManager(models.Manager.from_queryset(TimelineEntryQuerySet)):
    def get_by_natural_key(self, date, sequence):
        return self.get(date=date, sequence=sequence)


class TimelineEntry(models.Model):
    """One dated item of これまでの経過."""

    date = models.DateField(
        _("日付"), help_text=_("月までしか分からない場合はその月の1日とし、精度を「月」にします。")
    )
    sequence = models.PositiveSmallIntegerField(_("同日内の順番"), default=1)
    end_date = models.DateField(_("終了日"), null=True, blank=True)
    precision = models.CharField(
        _("日付の精度"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    organ = models.CharField(
        _("会議体"), max_length=60, blank=True, help_text=_("区長会総会、特別区制度懇談会など")
    )
    kind = models.CharField(_("分類"), max_length=20, choices=TimelineKind.choices)
    title = models.CharField(_("見出し"), max_length=300)
    details = models.TextField(_("詳細"), blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_entries",
        verbose_name=_("関連するイベント"),
    )
    agreement_body = models.ForeignKey(
        AgreementBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_entries",
        verbose_name=_("関連する協定締結団体"),
    )
    corporate_agreement = models.ForeignKey(
        CorporateAgreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_entries",
        verbose_name=_("関連する包括連携協定"),
    )
    collaborations = models.ManyToManyField(
        "bulletin.Collaboration",
        blank=True,
        related_name="timeline_entries",
        verbose_name=_("関連する連携事業"),
    )

    objects = TimelineEntryManager()

    class Meta:
        ordering = ["date", "sequence"]
        verbose_name = _("経過（年表）")
        verbose_name_plural = _("経過（年表）")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "sequence"], name="timeline_unique_date_sequence"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="timeline_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def organ_display(self) -> str:
        return organ_display(self.organ)

    def natural_key(self):
        return (self.date.isoformat(), self.sequence)

    def get_absolute_url(self):
        return reverse("record:timeline") + f"?year={self.date.year}#entry-{self.pk}"

    @property
    def related_object(self):
        return self.event or self.agreement_body or self.corporate_agreement


class PartnerCountSnapshotManager(models.Manager):
    def get_by_natural_key(self, as_of):
        return self.get(as_of=as_of)

    def latest_snapshot(self):
        return self.order_by("-as_of").first()


class PartnerCountSnapshot(models.Model):
    """連携自治体数: a fiscal year's published counts, kept exactly as published."""

    as_of = models.DateField(_("基準日"), unique=True, help_text=_("資料では各年8月1日現在"))
    ward_partners = models.PositiveIntegerField(_("各区交流自治体"))
    hp_members = models.PositiveIntegerField(_("全国連携HP会員登録自治体"))
    agreement_members = models.PositiveIntegerField(
        _("広域連携協定締結自治体"), null=True, blank=True, help_text=_("協定締結前の年度は空欄")
    )
    total = models.PositiveIntegerField(
        _("合計"), help_text=_("各区分の合算値から重複している自治体を除いた実数（資料のとおり）")
    )
    note = models.TextField(_("注記"), blank=True)

    objects = PartnerCountSnapshotManager()

    class Meta:
        ordering = ["as_of"]
        verbose_name = _("連携自治体数（年度）")
        verbose_name_plural = _("連携自治体数（年度）")

    def __str__(self):
        return f"{self.fiscal_year_label} {self.total}"

    def natural_key(self):
        return (self.as_of.isoformat(),)

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.as_of)

    @property
    def fiscal_year_label(self) -> str:
        """令和5年度, or FY2023 on English pages."""
        return fiscal_year_text(self.fiscal_year)


class MemberCountFigureManager(models.Manager):
    def get_by_natural_key(self, as_of):
        return self.get(as_of=as_of)


class MemberCountFigure(models.Model):
    """全国連携HP会員登録自治体数 at a date other than the yearly 8月1日, as a document reports it
    (中間のまとめ: 平成28年度末 217 → 平成29年11月末 248). Kept as published, with its source."""

    as_of = models.DateField(_("時点"), unique=True)
    label = models.CharField(
        _("資料での時点の表記"), max_length=60, help_text=_("例：平成28年度末")
    )
    hp_members = models.PositiveIntegerField(_("全国連携HP会員登録自治体"))
    source = models.CharField(_("出典"), max_length=200)
    note = models.TextField(_("注記"), blank=True)

    objects = MemberCountFigureManager()

    class Meta:
        ordering = ["as_of"]
        verbose_name = _("会員登録自治体数（資料の記載）")
        verbose_name_plural = _("会員登録自治体数（資料の記載）")

    def __str__(self):
        return f"{self.label} {self.hp_members}"

    def natural_key(self):
        return (self.as_of.isoformat(),)


class NewsletterIssueManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class NewsletterIssue(models.Model):
    """東京23区 全国連携NEWS."""

    number = models.PositiveSmallIntegerField(_("号"), unique=True)
    title = models.CharField(_("題名"), max_length=200)
    published_on = models.DateField(_("発行日"), null=True, blank=True)
    precision = models.CharField(
        _("発行日の精度"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(_("主な内容"), blank=True)

    objects = NewsletterIssueManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("全国連携NEWS")
        verbose_name_plural = _("全国連携NEWS")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.number,)

    def get_absolute_url(self):
        return reverse("record:newsletters") + f"#newsletter-{self.number}"


class StrategyPositionManager(models.Manager):
    def get_by_natural_key(self, title):
        return self.get(title=title)


class StrategyPosition(models.Model):
    """How a national strategy (閣議決定) positions the project."""

    title = models.CharField(_("名称"), max_length=200, unique=True)
    decided_on = models.DateField(_("閣議決定日"))
    excerpt = models.TextField(_("記載内容"), help_text=_("資料に記載されたとおりの文言"))

    objects = StrategyPositionManager()

    class Meta:
        ordering = ["decided_on"]
        verbose_name = _("国の戦略等での位置づけ")
        verbose_name_plural = _("国の戦略等での位置づけ")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.title,)

    def get_absolute_url(self):
        return reverse("record:strategy-positions") + f"#position-{self.pk}"


class ProjectCountManager(models.Manager):
    def get_by_natural_key(self, as_of):
        return self.get(as_of=as_of)


class ProjectCount(models.Model):
    """連携事業数: projects by the wards (各区事業) and by all 23 together (23区一体事業)."""

    as_of = models.DateField(_("基準日"), unique=True)
    label = models.CharField(_("区分名"), max_length=60, help_text=_("資料での年度の表記"))
    ward_projects = models.PositiveIntegerField(_("各区事業"))
    joint_projects = models.PositiveIntegerField(_("23区一体事業（主要事業）"))
    total = models.PositiveIntegerField(_("合計"))
    note = models.TextField(_("注記"), blank=True)

    objects = ProjectCountManager()

    class Meta:
        ordering = ["as_of"]
        verbose_name = _("連携事業数")
        verbose_name_plural = _("連携事業数")

    def __str__(self):
        return f"{self.label} {self.total}"

    def natural_key(self):
        return (self.as_of.isoformat(),)

    @property
    def display_label(self) -> str:
        """The documents' label (2015年度（平成27年度）) on Japanese pages; on English pages the
        fiscal year of the date counted (FY2015)."""
        return self.label if is_japanese() else fiscal_year_text(fiscal_year_of(self.as_of))


class RelationshipProjectManager(models.Manager):
    def get_by_natural_key(self, title):
        return self.get(title=title)


class RelationshipProject(models.Model):
    """関係人口創出プロジェクト (広域連携事業)."""

    title = models.CharField(_("名称"), max_length=200, unique=True)
    wards = models.ManyToManyField(
        "members.Municipality",
        related_name="relationship_projects_as_ward",
        verbose_name=_("特別区"),
    )
    partner_area = models.CharField(_("連携地域"), max_length=100)
    started_on = models.DateField(_("開始日"), null=True, blank=True)
    precision = models.CharField(
        _("開始日の精度"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(_("概要"), blank=True)

    objects = RelationshipProjectManager()

    class Meta:
        ordering = ["started_on", "title"]
        verbose_name = _("関係人口創出プロジェクト")
        verbose_name_plural = _("関係人口創出プロジェクト")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.title,)


# News and the library have their own modules; importing them here lets Django find the models.
from .library import Publication, PublicationKind  # noqa: E402, F401
from .news import NewsCategory, NewsItem, PublicationState  # noqa: E402, F401
