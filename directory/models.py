"""施設・人材: what the wards lend for a long time (facilities and people), when each is
available, and the members' requests. A request opens a private 調整ルーム (the board's rooms:
messages, files, contact cards, what is unread) between the requesting municipality and the
ward, and can end in a recorded collaboration.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bulletin.models import Collaboration, Room
from members.models import Municipality, MunicipalityKind


class OfferKind(models.TextChoices):
    RESORT = "resort", _("保養所")
    HALL = "hall", _("会議室・ホール")
    EVENT_SPACE = "event_space", _("イベントスペース")
    FESTIVAL_BOOTH = "festival_booth", _("区民まつりの出展枠")
    ANTENNA_SHOP = "antenna_shop", _("アンテナショップ")
    LECTURER = "lecturer", _("講師")
    EXPERT = "expert", _("専門職の派遣・研修受入")


PEOPLE_KINDS = {OfferKind.LECTURER, OfferKind.EXPERT}


class OfferQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_ward(self, ward):
        return self.filter(ward=ward)

    def available_between(self, start: datetime.date | None, end: datetime.date | None):
        """Offers with one availability range covering the whole of start–end (either may be
        missing: then the one day given)."""
        start, end = start or end, end or start
        if start is None:
            return self
        covering = Availability.objects.filter(
            offer=OuterRef("pk"), start_date__lte=start, end_date__gte=end
        )
        return self.filter(Exists(covering))

    def matching(self, keyword: str):
        keyword = keyword.strip()
        if not keyword:
            return self
        return self.filter(
            Q(title__icontains=keyword)
            | Q(description__icontains=keyword)
            | Q(conditions__icontains=keyword)
        )

    def for_listing(self):
        return (
            self.select_related("ward")
            .prefetch_related("availabilities")
            .order_by("ward__code", "kind", "title", "pk")
        )


class Offer(models.Model):
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="directory_offers",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("提供する区"),
    )
    kind = models.CharField(_("種類"), max_length=20, choices=OfferKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容"), max_length=4000)
    conditions = models.TextField(
        _("利用の条件"), max_length=2000, blank=True, help_text=_("対象・人数・期間など")
    )
    cost = models.CharField(
        _("費用"), max_length=200, blank=True, help_text=_("例：1泊 3,000円（区民料金）、無料")
    )
    contact_department = models.CharField(_("担当部署"), max_length=200)
    is_active = models.BooleanField(
        _("掲載する"), default=True, help_text=_("外すと一覧に載らず、申込も受け付けません。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登録した人"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["ward__code", "kind", "title", "pk"]
        verbose_name = _("施設・人材")
        verbose_name_plural = _("施設・人材")
        indexes = [models.Index(fields=["kind", "ward"])]

    def __str__(self):
        return f"{self.ward}: {self.title}"

    def get_absolute_url(self):
        return reverse("directory:offer-detail", kwargs={"pk": self.pk})

    @property
    def is_people(self) -> bool:
        return self.kind in PEOPLE_KINDS

    @property
    def group_label(self):
        return _("人材") if self.is_people else _("施設")


class Availability(models.Model):
    """A range of days when the offer can be lent (its calendar)."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="availabilities", verbose_name=_("施設・人材")
    )
    start_date = models.DateField(_("開始日"))
    end_date = models.DateField(_("終了日"))
    note = models.CharField(_("備考"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("利用できる期間")
        verbose_name_plural = _("利用できる期間")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="availability_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.offer.title}: {self.start_date}〜{self.end_date}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("区の回答待ち")
    ANSWERED = "answered", _("やりとり中")
    ACCEPTED = "accepted", _("受け入れ決定")
    DECLINED = "declined", _("お断り")


class OfferRequestQuerySet(models.QuerySet):
    def involving(self, municipality):
        """Requests where this municipality is a side: the requester or the offer's ward."""
        return self.filter(Q(municipality=municipality) | Q(offer__ward=municipality))

    def for_listing(self):
        return self.select_related("offer__ward", "municipality__prefecture").order_by(
            "-updated_at", "-pk"
        )


class OfferRequest(models.Model):
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="requests", verbose_name=_("施設・人材")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="directory_requests",
        verbose_name=_("申し込んだ自治体"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("申し込んだ人"),
    )
    start_date = models.DateField(_("希望の開始日"))
    end_date = models.DateField(_("希望の終了日"))
    status = models.CharField(
        _("状態"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_request",
        verbose_name=_("記録した連携事業"),
    )
    # The two sides talk in the board's private 調整ルーム, opened with the request.
    room = models.OneToOneField(
        Room,
        on_delete=models.PROTECT,
        related_name="directory_request",
        verbose_name=_("調整ルーム"),
    )
    created_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    objects = OfferRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("施設・人材の利用申込")
        verbose_name_plural = _("施設・人材の利用申込")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="offer_request_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.municipality} → {self.offer}"

    def get_absolute_url(self):
        return reverse("directory:request-detail", kwargs={"pk": self.pk})

    @property
    def nights(self) -> int:
        return (self.end_date - self.start_date).days

    @property
    def is_decided(self) -> bool:
        return self.status in {RequestStatus.ACCEPTED, RequestStatus.DECLINED}
