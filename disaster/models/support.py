"""What happened: each ward's report of its support, the joint 復興支援金, and the pairings
(対口支援) the secretariat proposes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Municipality

from .disasters import Disaster
from .requests import Commitment, Profession


class ReportKind(models.TextChoices):
    STAFF = "staff", _("職員派遣")
    SUPPLIES = "supplies", _("物資支援")
    DONATION = "donation", _("区独自の義援金")


class SupportReportQuerySet(models.QuerySet):
    def of_disaster(self, disaster):
        return self.filter(disaster=disaster)

    def for_listing(self):
        return self.select_related("ward").order_by("ward__code", "created_at", "pk")


class SupportReport(models.Model):
    """各区と連絡調整: one line of what a ward did (staff dispatched, supplies sent, its own
    義援金)."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="reports", verbose_name=_("災害")
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="disaster_reports",
        verbose_name=_("特別区"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("応えた要請への申し出"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告した職員"),
    )
    kind = models.CharField(_("支援の種類"), max_length=10, choices=ReportKind.choices)
    profession = models.CharField(_("職種"), max_length=10, choices=Profession.choices, blank=True)
    people = models.PositiveIntegerField(_("派遣人数"), null=True, blank=True)
    start_on = models.DateField(_("期間（開始）"), null=True, blank=True)
    end_on = models.DateField(_("期間（終了）"), null=True, blank=True)
    item = models.CharField(_("品目"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), null=True, blank=True)
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    amount_yen = models.PositiveBigIntegerField(_("金額（円）"), null=True, blank=True)
    note = models.CharField(_("備考"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("報告日時"), auto_now_add=True)

    objects = SupportReportQuerySet.as_manager()

    class Meta:
        ordering = ["ward__code", "created_at", "pk"]
        verbose_name = _("区の支援報告")
        verbose_name_plural = _("区の支援報告")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="staff") | (~Q(profession="") & Q(people__gte=1)),
                name="staff_report_has_profession_and_people",
            ),
            models.CheckConstraint(
                condition=~Q(kind="supplies") | (~Q(item="") & Q(quantity__gte=1)),
                name="supplies_report_has_item_and_quantity",
            ),
            models.CheckConstraint(
                condition=~Q(kind="donation") | Q(amount_yen__gte=1),
                name="donation_report_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(end_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="report_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.ward.name}：{self.label}"

    @property
    def label(self) -> str:
        if self.kind == ReportKind.STAFF:
            return f"{self.get_profession_display()} {self.people}名"
        if self.kind == ReportKind.SUPPLIES:
            return f"{self.item} {self.quantity}{self.unit}"
        return f"{self.get_kind_display()} {self.amount_yen:,}円"


class ReliefFund(models.Model):
    """The joint 復興支援金 the 23 wards decide together (recorded by the secretariat)."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="funds", verbose_name=_("災害")
    )
    amount_yen = models.PositiveBigIntegerField(_("金額（円）"))
    recipients = models.ManyToManyField(
        Municipality, blank=True, related_name="relief_funds", verbose_name=_("拠出先の自治体")
    )
    recipients_note = models.CharField(
        _("拠出先（自由記述）"),
        max_length=200,
        blank=True,
        help_text=_("県や義援金の受付団体など、自治体でない拠出先"),
    )
    decided_on = models.DateField(_("決定日"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した事務局職員"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("復興支援金")
        verbose_name_plural = _("復興支援金")
        constraints = [
            models.CheckConstraint(condition=Q(amount_yen__gte=1), name="relief_fund_positive")
        ]

    def __str__(self):
        return f"{self.disaster}：{self.amount_yen:,}円"


class Pairing(models.Model):
    """対口支援: the secretariat proposes that one ward stands by one affected municipality."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="pairings", verbose_name=_("災害")
    )
    ward = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("特別区")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("被災自治体")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提案した事務局職員"),
    )
    created_at = models.DateTimeField(_("提案日時"), auto_now_add=True)

    class Meta:
        ordering = ["ward__code", "pk"]
        verbose_name = _("対口支援の組合せ")
        verbose_name_plural = _("対口支援の組合せ")
        constraints = [
            models.UniqueConstraint(
                fields=["disaster", "ward", "municipality"], name="pairing_once"
            )
        ]

    def __str__(self):
        return f"{self.ward.name}↔{self.municipality.name}"
