"""The public record of a disaster: what the 23 wards gave, jointly and ward by ward.

The wards' reports (staff by profession and period, supplies, each ward's own 義援金) and the
secretariat's joint 復興支援金 are rows here; the public pages add them up. What the documents
published as a historical snapshot (a cumulative staff figure at a date, the wards' donations as
one sum) is kept as published, with its source, never recomputed.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision
from members.models import Municipality

from .disasters import Disaster


class Profession(models.TextChoices):
    PUBLIC_HEALTH_NURSE = "public_health_nurse", _("保健師")
    TECHNICAL = "technical", _("技術職員")
    CLERICAL = "clerical", _("事務職員")
    OTHER = "other", _("その他")


class FundKind(models.TextChoices):
    RECOVERY = "recovery", _("復興支援金")
    DONATION = "donation", _("義援金")
    SYMPATHY = "sympathy", _("災害見舞金")


WARDS = Q(kind="special_ward")


def _date_key(day) -> str:
    return day.isoformat() if day else ""


class DocumentedSupportManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(disaster__slug=slug)


class DocumentedSupport(models.Model):
    """A disaster's support as the documents describe it, in their own words (the recipients,
    the kinds of support, the narrative). Disasters coordinated on the portal need none."""

    disaster = models.OneToOneField(
        Disaster,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="documented_support",
        verbose_name=_("災害"),
    )
    occurred_precision = models.CharField(
        _("発生日の精度"),
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("資料が月までしか書いていない災害は「月」"),
    )
    recipients = models.CharField(_("支援先（資料の記載）"), max_length=300, blank=True)
    support_kinds = models.CharField(_("支援の内容（資料の記載）"), max_length=300, blank=True)
    details = models.TextField(_("詳細（資料の記載）"), blank=True)

    objects = DocumentedSupportManager()

    class Meta:
        verbose_name = _("資料に記録された支援")
        verbose_name_plural = _("資料に記録された支援")

    def __str__(self):
        return str(self.disaster)

    def natural_key(self):
        return (self.disaster.slug,)

    natural_key.dependencies = ["disaster.disaster"]


class JointFundQuerySet(models.QuerySet):
    def for_listing(self):
        return self.order_by("decided_on", "pk")


class JointFundManager(models.Manager.from_queryset(JointFundQuerySet)):
    def get_by_natural_key(self, slug, kind, decided_on):
        return self.get(disaster__slug=slug, kind=kind, decided_on=decided_on or None)


class JointFund(models.Model):
    """What the 23 wards gave jointly (復興支援金, 義援金, 災害見舞金), as the secretariat records it."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="joint_funds", verbose_name=_("災害")
    )
    kind = models.CharField(
        _("種類"), max_length=12, choices=FundKind.choices, default=FundKind.RECOVERY
    )
    amount_yen = models.PositiveBigIntegerField(
        _("金額（円）"), null=True, blank=True, help_text=_("資料に金額の記載がなければ空欄")
    )
    recipients = models.CharField(_("拠出先"), max_length=300, blank=True)
    decided_on = models.DateField(
        _("決定日"), null=True, blank=True, help_text=_("区長会総会などで拠出を決めた日")
    )
    source = models.CharField(_("出典"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した事務局職員"),
        help_text=_("公開ページには表示されません。"),
    )
    recorded_at = models.DateTimeField(_("記録日時"), null=True, blank=True)

    objects = JointFundManager()

    class Meta:
        ordering = ["disaster", "decided_on", "pk"]
        verbose_name = _("23区共同の拠出（復興支援金等）")
        verbose_name_plural = _("23区共同の拠出（復興支援金等）")
        constraints = [
            models.UniqueConstraint(
                fields=["disaster", "kind", "decided_on"], name="one_joint_fund_per_kind_and_day"
            )
        ]

    def __str__(self):
        return f"{self.disaster} {self.get_kind_display()}"

    def natural_key(self):
        return (self.disaster.slug, self.kind, _date_key(self.decided_on))

    natural_key.dependencies = ["disaster.disaster"]


class PublishedStaffFigureManager(models.Manager):
    def get_by_natural_key(self, slug, as_of):
        return self.get(disaster__slug=slug, as_of=as_of)


class PublishedStaffFigure(models.Model):
    """The cumulative staff figure a document published for a disaster, at its date (several
    documents, several dates: 7,030 人 as of 2018-04-01 and 7,174 人 as of 2021-01-01)."""

    disaster = models.ForeignKey(
        Disaster,
        on_delete=models.CASCADE,
        related_name="published_staff_figures",
        verbose_name=_("災害"),
    )
    persons = models.PositiveIntegerField(_("職員派遣数（延べ人数）"))
    as_of = models.DateField(_("基準日"))
    professions = models.CharField(
        _("派遣した職種（資料の記載）"),
        max_length=100,
        blank=True,
        help_text=_("例：保健師、事務職員"),
    )
    source = models.CharField(_("出典"), max_length=200, blank=True)

    objects = PublishedStaffFigureManager()

    class Meta:
        ordering = ["as_of"]
        verbose_name = _("職員派遣数（資料の累計）")
        verbose_name_plural = _("職員派遣数（資料の累計）")
        constraints = [
            models.UniqueConstraint(
                fields=["disaster", "as_of"], name="one_published_staff_figure_per_date"
            )
        ]

    def __str__(self):
        return f"{self.disaster} {self.persons}"

    def natural_key(self):
        return (self.disaster.slug, self.as_of.isoformat())

    natural_key.dependencies = ["disaster.disaster"]


class WardReportQuerySet(models.QuerySet):
    def by_ward(self):
        return self.select_related("ward").order_by("ward__code", "pk")


class StaffDispatch(models.Model):
    """Staff one ward sent: a profession, a number of people, a period (a ward's report)."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="staff_dispatches", verbose_name=_("災害")
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=WARDS,
        verbose_name=_("派遣した区"),
    )
    profession = models.CharField(_("職種"), max_length=24, choices=Profession.choices)
    persons = models.PositiveIntegerField(_("人数"))
    starts_on = models.DateField(_("派遣開始日"))
    ends_on = models.DateField(_("派遣終了日"), null=True, blank=True)
    destination = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("派遣先"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告者"),
        help_text=_("公開ページには表示されません。"),
    )
    reported_at = models.DateTimeField(_("報告日時"), default=timezone.now)

    objects = WardReportQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("職員派遣（区の報告）")
        verbose_name_plural = _("職員派遣（区の報告）")
        constraints = [
            models.CheckConstraint(condition=Q(persons__gt=0), name="dispatch_sends_someone"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="dispatch_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.disaster} {self.ward} {self.get_profession_display()} {self.persons}"


class SupplyShipment(models.Model):
    """Supplies one ward sent (a ward's report): item, quantity and unit, the day they left."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="supply_shipments", verbose_name=_("災害")
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=WARDS,
        verbose_name=_("送った区"),
    )
    item = models.CharField(_("品目"), max_length=100)
    quantity = models.PositiveIntegerField(_("数量"))
    unit = models.CharField(_("単位"), max_length=20, help_text=_("例：箱、本、食"))
    sent_on = models.DateField(_("発送日"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告者"),
        help_text=_("公開ページには表示されません。"),
    )
    reported_at = models.DateTimeField(_("報告日時"), default=timezone.now)

    objects = WardReportQuerySet.as_manager()

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("支援物資（区の報告）")
        verbose_name_plural = _("支援物資（区の報告）")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="shipment_sends_something")
        ]

    def __str__(self):
        return f"{self.disaster} {self.ward} {self.item} {self.quantity}{self.unit}"


class WardDonationManager(models.Manager.from_queryset(WardReportQuerySet)):
    def get_by_natural_key(self, slug, ward_code):
        if ward_code:
            return self.get(disaster__slug=slug, ward__code=ward_code)
        return self.get(disaster__slug=slug, ward__isnull=True)


class WardDonation(models.Model):
    """A ward's own 義援金 for a disaster (one figure per ward, updated as it grows); a row
    without a ward is the wards' sum as a document published it."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="ward_donations", verbose_name=_("災害")
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=WARDS,
        verbose_name=_("区"),
        help_text=_("空欄：資料が各区の合計だけを載せている場合"),
    )
    amount_yen = models.PositiveBigIntegerField(_("義援金（円）"))
    source = models.CharField(_("出典"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("報告者"),
        help_text=_("公開ページには表示されません。"),
    )
    reported_at = models.DateTimeField(_("報告日時"), default=timezone.now)

    objects = WardDonationManager()

    class Meta:
        ordering = ["disaster", "ward__code"]
        verbose_name = _("各区の義援金")
        verbose_name_plural = _("各区の義援金")
        constraints = [
            models.UniqueConstraint(fields=["disaster", "ward"], name="one_donation_per_ward"),
            models.UniqueConstraint(
                fields=["disaster"],
                condition=Q(ward__isnull=True),
                name="one_published_donation_sum",
            ),
        ]

    def __str__(self):
        return f"{self.disaster} {self.ward or _('各区の合計')}"

    def natural_key(self):
        return (self.disaster.slug, self.ward.code if self.ward_id else "")

    natural_key.dependencies = ["disaster.disaster", "members.municipality"]
