"""Collaboration projects (連携事業): what wards and municipalities did together. Public."""

import calendar
import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Prefetch, Q, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import (
    DatePrecision,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_year_text,
    is_japanese,
)
from core.links import reverse_row
from members.models import Municipality, MunicipalityKind, Prefecture

from .proposals import Proposal, ProposalField, code_of


def _joined(names) -> str:
    """釧路市、釧路町 on Japanese pages, Kushiro, Kushiro on English pages."""
    return ("、" if is_japanese() else ", ").join(names)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (31 August less six months is 28 or 29
    February: the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class CollaborationState(models.TextChoices):
    PREPARING = "preparing", _("準備中")
    ONGOING = "ongoing", _("実施中")
    COMPLETED = "completed", _("完了")
    CONTINUING = "continuing", _("継続中")


class CollaborationQuerySet(models.QuerySet):
    def public(self):
        """What the public lists show: the documents' projects and those of board proposals the
        secretariat has not hidden."""
        return self.filter(Q(proposal__isnull=True) | Q(proposal__is_hidden=False))

    def coverage(self):
        """The public projects recorded here against the published 連携事業数."""
        from network.coverage import PROJECTS, coverage_of

        return coverage_of(PROJECTS, self.public().count())

    def for_listing(self):
        return (
            self.select_related("prefecture")
            .prefetch_related("wards", "municipalities")
            .order_by("-fiscal_year", "-started_on", "title")
        )

    def for_table(self):
        """As for_listing(), with only the names of the wards and partners (the public list's
        table shows nothing else of them): up to 50 rows of a page, each with its partners."""
        names = Municipality.objects.for_links()
        return (
            self.select_related("prefecture")
            .prefetch_related(Prefetch("wards", names), Prefetch("municipalities", names))
            .order_by("-fiscal_year", "-started_on", "title")
        )

    def involving(self, municipality):
        """Collaborations a municipality took part in, as a ward or as a partner."""
        through = {"collaboration": OuterRef("pk"), "municipality": municipality}
        return self.filter(
            Exists(Collaboration.wards.through.objects.filter(**through))
            | Exists(Collaboration.municipalities.through.objects.filter(**through))
        )

    def with_ward(self, ward):
        """Collaborations of a ward (a Municipality or its code)."""
        return self.filter(
            Exists(
                Collaboration.wards.through.objects.filter(
                    collaboration=OuterRef("pk"), municipality__code=code_of(ward)
                )
            )
        )

    def in_prefecture(self, prefecture):
        return self.filter(prefecture__code=code_of(prefecture))

    def in_fiscal_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)

    def in_state(self, state: str):
        return self.filter(state=state)

    def with_results(self):
        """The detail page's progress entries (newest first) and indicators, in two queries."""
        return self.prefetch_related(
            Prefetch(
                "progress_entries",
                queryset=ProgressEntry.objects.select_related("event", "author_municipality"),
            ),
            "indicators",
        )

    def fiscal_year_totals(self) -> list["FiscalYearTotals"]:
        """Per fiscal year (newest first), computed from the records: the collaborations of that
        year (their 年度), those completed in it (by their end date) and the indicators met by a
        measurement taken in it. Years with nothing are left out."""
        started = dict(
            self.order_by()
            .values("fiscal_year")
            .annotate(n=Count("pk"))
            .values_list("fiscal_year", "n")
        )
        completed: dict[int, int] = {}
        for ended_on in self.filter(
            state=CollaborationState.COMPLETED, ended_on__isnull=False
        ).values_list("ended_on", flat=True):
            year = fiscal_year_of(ended_on)
            completed[year] = completed.get(year, 0) + 1
        measured: dict[int, int] = {}
        met: dict[int, int] = {}
        for actual_on, is_met in (
            Indicator.objects.filter(collaboration__in=self, actual__isnull=False)
            .with_met()
            .values_list("actual_on", "is_met")
        ):
            year = fiscal_year_of(actual_on)
            measured[year] = measured.get(year, 0) + 1
            met[year] = met.get(year, 0) + int(is_met)
        years = sorted(set(started) | set(completed) | set(measured), reverse=True)
        return [
            FiscalYearTotals(
                fiscal_year=year,
                started=started.get(year, 0),
                completed=completed.get(year, 0),
                indicators_measured=measured.get(year, 0),
                indicators_met=met.get(year, 0),
            )
            for year in years
        ]

    def without_progress_since(self, months: int = 6):
        """Not completed, and nothing heard for `months`: their latest progress entry (or, with
        none, their start, or the day they were recorded) is older than that many months before
        today. `last_progress_on` is the latest entry's date (None without entries); `quiet_since`
        the date compared. One query (the parties are the caller's prefetch)."""
        cutoff = months_before(timezone.localdate(), months)
        return (
            self.exclude(state=CollaborationState.COMPLETED)
            .annotate(last_progress_on=Max("progress_entries__date"))
            .annotate(
                quiet_since=Coalesce(
                    "last_progress_on",
                    "started_on",
                    TruncDate("created_at"),
                    output_field=models.DateField(),
                )
            )
            .filter(quiet_since__lt=cutoff)
            .order_by("quiet_since", "pk")
        )

    def fiscal_years(self) -> list[int]:
        return list(self.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


class CollaborationManager(models.Manager.from_queryset(CollaborationQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Collaboration(models.Model):
    """連携事業: a ward (or wards) and a municipality (or an area's municipalities) working together.

    Those realised through the board link back to their proposal; those the documents name come
    from the `collaborations` fixture.
    """

    slug = models.SlugField(
        _("識別子"),
        max_length=80,
        unique=True,
        help_text=_("URLに使う半角英数字。掲示板から成立したものは board-提案番号。"),
    )
    title = models.CharField(_("事業名"), max_length=200)
    summary = models.TextField(_("概要"))
    field = models.CharField(_("分野"), max_length=20, choices=ProposalField.choices)
    wards = models.ManyToManyField(
        Municipality,
        related_name="collaborations_as_ward",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("特別区"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="collaborations",
        verbose_name=_("連携先の自治体"),
        help_text=_("資料が市町村名を挙げている場合だけ登録します。"),
    )
    partners = models.ManyToManyField(
        "partners.PartnerOrganisation",
        blank=True,
        related_name="collaborations",
        verbose_name=_("連携団体"),
        help_text=_("事業に参加する企業・NPO・大学・金融機関・団体。"),
    )
    area_name = models.CharField(
        _("連携先の地域名"),
        max_length=100,
        blank=True,
        help_text=_("地域として連携した場合の名称（例：くしろ地域）"),
    )
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="collaborations",
        verbose_name=_("連携先の都道府県"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(
        _("状況"),
        max_length=20,
        choices=CollaborationState.choices,
        blank=True,
        help_text=_("資料に記載がない事業は空欄（未記録）です。"),
    )
    started_on = models.DateField(_("開始日"), null=True, blank=True)
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collaboration",
        verbose_name=_("もとになった連携提案"),
    )
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)
    results_reminded_at = models.DateTimeField(
        _("経過・実績の記入を最後に促した日時"), null=True, blank=True, editable=False
    )

    objects = CollaborationManager()

    class Meta:
        ordering = ["-fiscal_year", "-started_on", "title"]
        verbose_name = _("連携事業")
        verbose_name_plural = _("連携事業")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="collaboration_fiscal_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["", *CollaborationState.values]),
                name="collaboration_state_known",
            ),
            models.CheckConstraint(
                condition=~Q(state=CollaborationState.COMPLETED) | Q(ended_on__isnull=False),
                name="collaboration_completed_has_end",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="collaboration_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["members.municipality", "members.prefecture"]

    def get_absolute_url(self):
        return reverse_row("bulletin:collaboration-detail", slug=self.slug)  # a list links 50

    @property
    def fiscal_year_label(self) -> str:
        """令和5年度, or FY2023 on English pages."""
        return fiscal_year_text(self.fiscal_year)

    @property
    def partner_label(self) -> str:
        """くしろ地域（釧路市、釧路町、…）, or the municipalities' names, or the area's name;
        on English pages くしろ地域 (Kushiro, …)."""
        names = _joined(m.display_name for m in self.municipalities.all())
        if self.area_name and names:
            return (
                f"{self.area_name}（{names}）" if is_japanese() else f"{self.area_name} ({names})"
            )
        return self.area_name or names

    @property
    def ward_names(self) -> str:
        return _joined(w.display_name for w in self.wards.all())

    @property
    def is_recorded(self) -> bool:
        """From the documents (the secretariat keeps it), not from a board proposal."""
        return self.proposal_id is None


@dataclass(frozen=True)
class FiscalYearTotals:
    """One fiscal year's totals, computed (CollaborationQuerySet.fiscal_year_totals)."""

    fiscal_year: int
    started: int
    completed: int
    indicators_measured: int
    indicators_met: int

    @property
    def label(self) -> str:
        return fiscal_year_text(self.fiscal_year)

    @property
    def bounds(self):
        return fiscal_year_bounds(self.fiscal_year)


def progress_photo_upload_to(entry: "ProgressEntry", filename: str) -> str:
    # Random names: the original file name is never kept (as PR photos).
    extension = filename.rsplit(".", 1)[-1]
    return f"collaborations/{entry.collaboration_id}/{uuid.uuid4().hex}.{extension}"


class ProgressEntry(models.Model):
    """A dated entry in a collaboration's timeline, written by one of its parties (or by the
    secretariat on a recorded collaboration). Public."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="progress_entries",
        verbose_name=_("連携事業"),
    )
    date = models.DateField(_("日付"))
    text = models.TextField(_("内容"), max_length=4000)
    photo = models.ImageField(
        _("写真"),
        upload_to=progress_photo_upload_to,
        blank=True,
        max_length=200,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("写真の説明（代替テキスト）"), max_length=200, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaboration_progress",
        verbose_name=_("関連するイベント"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記入者"),
    )
    author_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記入した自治体"),
        help_text=_("空欄は事務局の記入です。"),
    )
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("経過")
        verbose_name_plural = _("経過")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="progress_photo_has_alt"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.text[:30]}"


class IndicatorDirection(models.TextChoices):
    INCREASE = "increase", _("増やす（実績が目標以上で達成）")
    DECREASE = "decrease", _("減らす（実績が目標以下で達成）")


class IndicatorQuerySet(models.QuerySet):
    def with_met(self):
        """`is_met`: measured, and the actual reached the target in the indicator's direction."""
        return self.annotate(
            is_met=Case(
                When(actual__isnull=True, then=False),
                When(
                    Q(direction=IndicatorDirection.INCREASE, actual__gte=F("target"))
                    | Q(direction=IndicatorDirection.DECREASE, actual__lte=F("target")),
                    then=True,
                ),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def overdue(self):
        """Past their target date with no actual yet, of collaborations not completed."""
        return self.filter(target_on__lt=timezone.localdate(), actual__isnull=True).exclude(
            collaboration__state=CollaborationState.COMPLETED
        )


class IndicatorManager(models.Manager.from_queryset(IndicatorQuerySet)):
    def get_by_natural_key(self, collaboration_slug, name):
        return self.get(collaboration__slug=collaboration_slug, name=name)


MAX_DIGITS, DECIMAL_PLACES = 14, 2


class Indicator(models.Model):
    """An outcome indicator (KPI) of a collaboration: baseline, target and the latest actual,
    each with the date it refers to. Public."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("連携事業"),
    )
    name = models.CharField(_("指標"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20, help_text=_("例：万人、事業者、千円"))
    direction = models.CharField(
        _("目標の向き"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.INCREASE,
    )
    baseline = models.DecimalField(
        _("基準値"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    baseline_on = models.DateField(_("基準値の時点"), null=True, blank=True)
    target = models.DecimalField(_("目標値"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    target_on = models.DateField(_("目標の時点"), null=True, blank=True)
    actual = models.DecimalField(
        _("実績値"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    actual_on = models.DateField(_("実績の測定日"), null=True, blank=True)
    date_precision = models.CharField(
        _("時点の精度"),
        max_length=20,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("資料が年月までしか書いていない時点は「月まで」。"),
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)
    ordering = models.PositiveSmallIntegerField(_("表示順"), default=0)
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)

    objects = IndicatorManager()

    class Meta:
        ordering = ["ordering", "pk"]
        verbose_name = _("成果指標")
        verbose_name_plural = _("成果指標")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "name"],
                name="indicator_name_unique_per_collaboration",
                violation_error_message=_("この連携事業には同じ名前の指標があります。"),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0)
                & (Q(baseline__isnull=True) | Q(baseline__gte=0))
                & (Q(actual__isnull=True) | Q(actual__gte=0)),
                name="indicator_values_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual_on__isnull=False),
                name="indicator_actual_has_date",
            ),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline_on__isnull=False),
                name="indicator_baseline_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.collaboration.slug, self.name)

    natural_key.dependencies = ["bulletin.collaboration"]

    @property
    def is_measured(self) -> bool:
        return self.actual is not None

    @property
    def is_met(self) -> bool:
        if self.actual is None:
            return False
        if self.direction == IndicatorDirection.DECREASE:
            return self.actual <= self.target
        return self.actual >= self.target

    @property
    def bars(self) -> list[tuple[str, object, object, int]]:
        """(kind, value, date, percent of the largest) for baseline, target and actual: the
        page's CSS bars (the numbers beside them are the text)."""
        values = [
            ("baseline", self.baseline, self.baseline_on),
            ("target", self.target, self.target_on),
            ("actual", self.actual, self.actual_on),
        ]
        largest = max((v for _k, v, _d in values if v is not None), default=0)
        return [
            (kind, value, on, round(value * 100 / largest) if largest else 0)
            for kind, value, on in values
            if value is not None
        ]
