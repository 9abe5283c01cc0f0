"""What an affected municipality asks for (要請) and what the wards commit (応援の申し出)."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality

from .disasters import Disaster


class RequestKind(models.TextChoices):
    STAFF = "staff", _("職員派遣")
    SUPPLIES = "supplies", _("物資")
    OTHER = "other", _("その他の支援")


class Profession(models.TextChoices):
    PUBLIC_HEALTH_NURSE = "nurse", _("保健師")
    ENGINEER = "engineer", _("技術職員")
    ADMINISTRATIVE = "clerk", _("事務職員")
    OTHER = "other", _("その他")


class RequestState(models.TextChoices):
    REQUESTED = "requested", _("要請")
    COORDINATING = "coordinating", _("調整中")
    IN_PROGRESS = "in_progress", _("対応中")
    FULFILLED = "fulfilled", _("充足")
    WITHDRAWN = "withdrawn", _("取下げ")


OPEN_STATES = (RequestState.REQUESTED, RequestState.COORDINATING, RequestState.IN_PROGRESS)


class CommitmentStatus(models.TextChoices):
    OFFERED = "offered", _("確認待ち")
    CONFIRMED = "confirmed", _("受入れ決定")
    DECLINED = "declined", _("辞退")


# What counts against a request's number: offers waiting for the requester, and confirmed ones.
COUNTING_STATUSES = (CommitmentStatus.OFFERED, CommitmentStatus.CONFIRMED)


class SupportRequestQuerySet(models.QuerySet):
    def of_disaster(self, disaster):
        return self.filter(disaster=disaster)

    def open(self):
        return self.filter(state__in=OPEN_STATES, archived_at__isnull=True)

    def with_committed(self):
        """Annotate `committed_total`: what the wards' offers and confirmed commitments cover."""
        return self.annotate(
            committed_total=Coalesce(
                Sum("commitments__quantity", filter=Q(commitments__status__in=COUNTING_STATUSES)),
                0,
            )
        )

    def for_listing(self):
        return (
            self.select_related("municipality__prefecture", "disaster")
            .with_committed()
            .order_by("state", "-created_at", "-pk")
        )


class SupportRequest(models.Model):
    """One request of an affected municipality: staff, supplies or other help."""

    disaster = models.ForeignKey(
        Disaster, on_delete=models.CASCADE, related_name="requests", verbose_name=_("災害")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="disaster_requests",
        verbose_name=_("要請した自治体"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("要請した職員"),
    )
    kind = models.CharField(_("要請の種類"), max_length=10, choices=RequestKind.choices)
    profession = models.CharField(_("職種"), max_length=10, choices=Profession.choices, blank=True)
    item = models.CharField(
        _("内容・品目"), max_length=100, help_text=_("例：保健師による避難所の健康相談、飲料水")
    )
    quantity = models.PositiveIntegerField(_("必要数"))
    unit = models.CharField(_("単位"), max_length=20, help_text=_("例：名、箱、本"))
    start_on = models.DateField(_("期間（開始）"), null=True, blank=True)
    end_on = models.DateField(_("期間（終了）"), null=True, blank=True)
    deadline = models.DateField(_("納期"), null=True, blank=True)
    place = models.CharField(_("場所・納品場所"), max_length=200)
    conditions = models.TextField(_("条件・備考"), blank=True)
    state = models.CharField(
        _("状態"),
        max_length=15,
        choices=RequestState.choices,
        default=RequestState.REQUESTED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("要請日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    archived_at = models.DateTimeField(
        _("アーカイブ日時"),
        null=True,
        blank=True,
        help_text=_("災害対応の終了とともにアーカイブされ、閲覧のみになります。"),
    )

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("支援の要請")
        verbose_name_plural = _("支援の要請")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="request_quantity_positive"),
            models.CheckConstraint(
                condition=~Q(kind="staff") | ~Q(profession=""),
                name="staff_request_names_a_profession",
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(end_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="request_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name}：{self.label}"

    def get_absolute_url(self):
        return reverse(
            "disaster:request-detail", kwargs={"slug": self.disaster.slug, "pk": self.pk}
        )

    @property
    def label(self) -> str:
        """保健師 5名 / 飲料水 200箱."""
        what = self.get_profession_display() if self.kind == RequestKind.STAFF else self.item
        return f"{what} {self.quantity}{self.unit}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES and self.archived_at is None


class CommitmentQuerySet(models.QuerySet):
    def counting(self):
        return self.filter(status__in=COUNTING_STATUSES)

    def confirmed(self):
        return self.filter(status=CommitmentStatus.CONFIRMED)

    def for_listing(self):
        return self.select_related("ward").order_by("created_at", "pk")


class Commitment(models.Model):
    """A ward's answer to a request: part or all of its number, with dates and a contact."""

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("要請"),
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="disaster_commitments",
        verbose_name=_("特別区"),
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申し出た職員"),
    )
    quantity = models.PositiveIntegerField(_("応援する数"))
    start_on = models.DateField(_("期間（開始）"), null=True, blank=True)
    end_on = models.DateField(_("期間（終了）"), null=True, blank=True)
    contact = models.CharField(
        _("担当・連絡先"),
        max_length=200,
        help_text=_("対策本部の会員だけに表示されます。公開ページには表示されません。"),
    )
    status = models.CharField(
        _("状態"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OFFERED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("申し出日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("受入れ・辞退の日時"), null=True, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("応援の申し出")
        verbose_name_plural = _("応援の申し出")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="commitment_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(end_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="commitment_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.ward.name}：{self.quantity}{self.request.unit}"
