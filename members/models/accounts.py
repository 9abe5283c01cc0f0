"""People: accounts (log in by e-mail), membership applications and member municipalities."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .register import Municipality

# The staff member's details: asked at registration, edited on マイページ, shown in the admin.
MEMBERSHIP_PROFILE_FIELDS = ("department", "position", "full_name", "full_name_kana", "phone")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: log in by e-mail address, no username."""

    username = None
    email = models.EmailField(_("メールアドレス"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self):
        return self.email


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("承認待ち")
    APPROVED = "approved", _("承認済み")
    REJECTED = "rejected", _("不承認")
    DEACTIVATED = "deactivated", _("利用停止")


class MembershipQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=MembershipStatus.PENDING)

    def approved(self):
        return self.filter(status=MembershipStatus.APPROVED, user__is_active=True)

    def for_listing(self):
        return self.select_related("user", "municipality__prefecture")

    def with_other_pending_count(self):
        """Annotate `other_pending`: the other pending applications for the same municipality
        (two staff applying at once, or one person applying twice), for the secretariat to see
        before approving either."""
        others = (
            Membership.objects.pending()
            .filter(municipality=OuterRef("municipality"))
            .exclude(pk=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(other_pending=Coalesce(Subquery(others), 0))

    def median_days_to_decision(self, *, recent: int = 200) -> float | None:
        """Median days from application to the secretariat's decision, over the latest decisions
        (what an applicant can expect today); None before the first decision."""
        spans = sorted(
            (decided - applied).total_seconds() / 86400
            for applied, decided in self.filter(decided_at__isnull=False)
            .order_by("-decided_at")
            .values_list("applied_at", "decided_at")[:recent]
        )
        if not spans:
            return None
        middle = len(spans) // 2
        return spans[middle] if len(spans) % 2 else (spans[middle - 1] + spans[middle]) / 2


class Membership(models.Model):
    """A staff member's application to act for a municipality, and its outcome.

    Content (PR pages, proposals) belongs to the municipality, not to the person: when staff move on
    in April their membership is deactivated and a successor carries on.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="membership", verbose_name=_("利用者")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("自治体"),
    )
    department = models.CharField(_("所属"), max_length=100)
    position = models.CharField(_("役職"), max_length=100, blank=True)
    full_name = models.CharField(_("氏名"), max_length=60)
    full_name_kana = models.CharField(_("氏名（よみがな）"), max_length=60)
    phone = models.CharField(_("勤務先電話番号"), max_length=20)
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
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("処理した事務局職員"),
    )
    rejection_reason = models.TextField(_("不承認の理由"), blank=True)
    deactivated_at = models.DateTimeField(_("利用停止日時"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("会員登録申請")
        verbose_name_plural = _("会員登録申請")
        permissions = [("approve_membership", _("会員登録申請を承認・不承認・利用停止できる"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejection_needs_a_reason",
            )
        ]

    def __str__(self):
        return f"{self.full_name}（{self.municipality}）"

    def other_pending_for_municipality(self):
        """The other applications still waiting for the same municipality."""
        return (
            Membership.objects.pending()
            .filter(municipality_id=self.municipality_id)
            .exclude(pk=self.pk)
            .select_related("user")
            .order_by("pk")
        )

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED and self.user.is_active

    @property
    def is_ward_member(self) -> bool:
        return self.is_approved and self.municipality.is_special_ward

    @property
    def role_label(self) -> str:
        """The role shown on マイページ: ward staff (特別区) or municipal staff."""
        if self.municipality.is_special_ward:
            return _("特別区職員")
        return _("自治体職員")


class MemberMunicipalityQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("municipality__prefecture")


class MemberMunicipalityManager(models.Manager.from_queryset(MemberMunicipalityQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(municipality__code=code)


class MemberMunicipality(models.Model):
    """会員登録自治体: a municipality becomes one when its first staff member is approved."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="member_record",
        verbose_name=_("自治体"),
    )
    joined_on = models.DateField(_("会員登録日"))

    objects = MemberMunicipalityManager()

    class Meta:
        ordering = ["joined_on"]
        verbose_name = _("会員登録自治体")
        verbose_name_plural = _("会員登録自治体")

    def __str__(self):
        return str(self.municipality)

    def natural_key(self):
        return (self.municipality.code,)
