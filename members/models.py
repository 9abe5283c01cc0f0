from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .kana import to_katakana
from .validators import validate_local_government_code


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", _("北海道地方")
    TOHOKU = "tohoku", _("東北地方")
    KANTO = "kanto", _("関東地方")
    CHUBU = "chubu", _("中部地方")
    KINKI = "kinki", _("近畿地方")
    CHUGOKU = "chugoku", _("中国地方")
    SHIKOKU = "shikoku", _("四国地方")
    KYUSHU = "kyushu", _("九州・沖縄地方")


class PrefectureManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Prefecture(models.Model):
    code = models.CharField(
        _("都道府県コード"), max_length=2, unique=True, help_text=_("JIS X 0401 の2桁のコード")
    )
    name = models.CharField(_("名称"), max_length=10, unique=True)
    kana = models.CharField(_("よみがな（カタカナ）"), max_length=20)
    region = models.CharField(_("地方"), max_length=10, choices=Region.choices)

    objects = PrefectureManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^(0[1-9]|[1-3][0-9]|4[0-7])$"),
                name="prefecture_code_01_to_47",
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("市")
    TOWN = "town", _("町")
    VILLAGE = "village", _("村")
    SPECIAL_WARD = "ward", _("特別区")


class MunicipalityQuerySet(models.QuerySet):
    def cities(self):
        return self.filter(kind=MunicipalityKind.CITY)

    def towns(self):
        return self.filter(kind=MunicipalityKind.TOWN)

    def villages(self):
        return self.filter(kind=MunicipalityKind.VILLAGE)

    def towns_and_villages(self):
        return self.filter(kind__in=[MunicipalityKind.TOWN, MunicipalityKind.VILLAGE])

    def special_wards(self):
        return self.filter(kind=MunicipalityKind.SPECIAL_WARD)

    def in_prefecture(self, prefecture):
        return self.filter(prefecture=prefecture)

    def matching(self, keyword: str):
        """Name, kana (typed in hiragana, katakana or half-width) or code containing the keyword."""
        keyword = keyword.strip()
        if not keyword:
            return self
        return self.filter(
            Q(name__contains=keyword)
            | Q(kana__contains=to_katakana(keyword))
            | Q(code__startswith=keyword)
        )

    def for_listing(self):
        return self.select_related("prefecture").order_by("code")


class MunicipalityManager(models.Manager.from_queryset(MunicipalityQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Municipality(models.Model):
    code = models.CharField(
        _("全国地方公共団体コード"),
        max_length=6,
        unique=True,
        validators=[validate_local_government_code],
        help_text=_("検査数字を含む6桁（JIS X 0402）"),
    )
    name = models.CharField(_("名称"), max_length=20)
    kana = models.CharField(_("よみがな（カタカナ）"), max_length=40)
    kind = models.CharField(_("種別"), max_length=10, choices=MunicipalityKind.choices)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("都道府県"),
    )
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = MunicipalityManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("市区町村")
        verbose_name_plural = _("市区町村")
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "name"], name="municipality_unique_name"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="municipality_code_six_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["members.prefecture"]

    def get_absolute_url(self):
        return reverse("members:municipality-detail", kwargs={"code": self.code})

    @property
    def full_name(self) -> str:
        return f"{self.prefecture.name}{self.name}"

    @property
    def is_special_ward(self) -> bool:
        return self.kind == MunicipalityKind.SPECIAL_WARD


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

    def of_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def for_listing(self):
        return self.select_related("user", "municipality__prefecture")


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
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejection_needs_a_reason",
            )
        ]

    def __str__(self):
        return f"{self.full_name}（{self.municipality}）"

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED and self.user.is_active

    @property
    def is_ward_member(self) -> bool:
        return self.is_approved and self.municipality.is_special_ward


class MemberMunicipalityManager(models.Manager):
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
