"""Partner organisations (民間事業者・NPO・大学・金融機関・団体) and the people who act for them.

As with municipalities (members.Membership), a person applies for an organisation and the
secretariat approves; the organisation is listed in the public directory from its first approval.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import MembershipStatus

# The person's details, asked at the organisation's sign-up.
PARTNER_PROFILE_FIELDS = ("department", "full_name", "full_name_kana", "phone")
# The organisation's details, asked at sign-up (the 法人番号 is cleaned on its own).
ORGANISATION_FIELDS = ("name", "kind", "corporate_number", "address", "offer", "website")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("企業")
    NPO = "npo", _("NPO")
    UNIVERSITY = "university", _("大学")
    FINANCIAL = "financial", _("金融機関")
    ASSOCIATION = "association", _("団体")


class PartnerOrganisationQuerySet(models.QuerySet):
    def listed(self):
        """In the public directory: approved at least once (or recorded from the documents)."""
        return self.filter(approved_on__isnull=False)

    def for_directory(self):
        return self.select_related("corporate_agreement").order_by("kind", "name", "pk")


class PartnerOrganisationManager(models.Manager.from_queryset(PartnerOrganisationQuerySet)):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class PartnerOrganisation(models.Model):
    """連携団体: a company, NPO, university, financial institution or association."""

    name = models.CharField(_("団体名"), max_length=100, unique=True)
    kind = models.CharField(_("種別"), max_length=20, choices=OrganisationKind.choices)
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        help_text=_(
            "13桁。任意団体（法人格のない団体）は空欄。資料から登録した団体で番号が資料にない"
            "ものも空欄です。"
        ),
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    offer = models.TextField(
        _("提供できること"),
        max_length=2000,
        blank=True,
        help_text=_("公開の連携団体一覧に載ります。"),
    )
    website = models.URLField(_("ウェブサイト"), blank=True)
    corporate_agreement = models.OneToOneField(
        "agreements.CorporateAgreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_organisation",
        verbose_name=_("包括連携協定"),
    )
    approved_on = models.DateField(
        _("参加日"),
        null=True,
        blank=True,
        help_text=_(
            "最初の申請が承認された日（協定締結企業は締結日）。空欄の団体は公開されません。"
        ),
    )
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)

    objects = PartnerOrganisationManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("連携団体")
        verbose_name_plural = _("連携団体")
        constraints = [
            models.CheckConstraint(
                condition=Q(corporate_number="") | Q(corporate_number__regex=r"^[0-9]{13}$"),
                name="partner_corporate_number_13_digits",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="partner_kind_known"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    natural_key.dependencies = ["agreements.corporateagreement"]

    def get_absolute_url(self):
        return reverse("partners:organisation-list") + f"#organisation-{self.pk}"

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def kind_label(self):
        return OrganisationKind(self.kind).label

    @property
    def offer_list(self) -> list[str]:
        """What it offers, a line each; for an agreement's company, the agreement's initiatives."""
        text = self.offer or (
            self.corporate_agreement.initiatives if self.corporate_agreement else ""
        )
        return [line.strip() for line in text.splitlines() if line.strip()]


class PartnerMembershipQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=MembershipStatus.PENDING)

    def approved(self):
        return self.filter(status=MembershipStatus.APPROVED, user__is_active=True)


class PartnerMembership(models.Model):
    """A person's application to act for a partner organisation, and its outcome."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_membership",
        verbose_name=_("利用者"),
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("連携団体"),
    )
    department = models.CharField(_("部署"), max_length=100)
    full_name = models.CharField(_("担当者氏名"), max_length=60)
    full_name_kana = models.CharField(_("担当者氏名（よみがな）"), max_length=60)
    phone = models.CharField(_("電話番号"), max_length=20)
    agreed_to_terms_at = models.DateTimeField(_("利用規約への同意日時"))
    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
        db_index=True,
    )
    applied_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("承認・不承認日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("処理した事務局職員"),
    )
    rejection_reason = models.TextField(_("不承認の理由"), blank=True)

    objects = PartnerMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("連携団体の参加申請")
        verbose_name_plural = _("連携団体の参加申請")
        permissions = [("approve_partnermembership", _("連携団体の参加申請を承認・不承認できる"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="partner_rejection_needs_a_reason",
            )
        ]

    def __str__(self):
        return f"{self.full_name}（{self.organisation}）"

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED and self.user.is_active
