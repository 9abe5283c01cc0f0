"""The record of support given before the portal, as the documents published it.

A disaster coordinated on the portal records itself: requests and commitments
(models/requests.py), the wards' reports and the joint 復興支援金 (models/support.py), which
the public pages add up (disaster/public_record.py). The 17 disasters of the documents
(2008–2021) have what those documents published instead: their wording, the joint funds they
name (some without an amount), cumulative staff figures at a date, the wards' donations as one
sum. These are historical snapshots, kept exactly as published with their source, never
recomputed; the public pages add them to whatever the portal's own rows hold.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision

from .disasters import Disaster


class FundKind(models.TextChoices):
    RECOVERY = "recovery", _("復興支援金")
    DONATION = "donation", _("義援金")
    SYMPATHY = "sympathy", _("災害見舞金")


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
    ward_donations_yen = models.PositiveBigIntegerField(
        _("各区義援金の合計（円）"),
        null=True,
        blank=True,
        help_text=_("23区共同の拠出とは別に、各区が送った義援金の合計（資料のとおり）"),
    )
    ward_donations_source = models.CharField(_("各区義援金の出典"), max_length=200, blank=True)

    objects = DocumentedSupportManager()

    class Meta:
        verbose_name = _("資料に記録された支援")
        verbose_name_plural = _("資料に記録された支援")

    def __str__(self):
        return str(self.disaster)

    def natural_key(self):
        return (self.disaster.slug,)

    natural_key.dependencies = ["disaster.disaster"]


class PublishedFundManager(models.Manager):
    def get_by_natural_key(self, slug, kind, decided_on):
        return self.get(disaster__slug=slug, kind=kind, decided_on=decided_on or None)


class PublishedFund(models.Model):
    """What the 23 wards gave jointly (復興支援金, 義援金, 災害見舞金) as a document names it: one
    row per kind, the amount left empty where the document gives none."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="published_funds", verbose_name=_("災害")
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

    objects = PublishedFundManager()

    class Meta:
        ordering = ["disaster", "decided_on", "pk"]
        verbose_name = _("23区共同の拠出（資料の記載）")
        verbose_name_plural = _("23区共同の拠出（資料の記載）")
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
