"""Members' own events (会員自治体の催し): a member submits an event its municipality holds; the
secretariat approves it (it becomes an Event on the public calendar, marked as the municipality's)
or returns it with a reason."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality, MunicipalityKind


class SubmissionCategory(models.TextChoices):
    PRODUCE_FAIR = "produce_fair", _("物産展")
    ANTENNA_SHOP = "antenna_shop", _("アンテナショップのフェア")
    TOURISM = "tourism", _("観光PR")
    RELOCATION = "relocation", _("移住相談会")
    OTHER = "other", _("その他")


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("事務局の確認待ち")
    RETURNED = "returned", _("差し戻し")
    APPROVED = "approved", _("掲載中")


def submission_image_upload_to(submission: "EventSubmission", filename: str) -> str:
    # Random names: the original file name is never kept (as PR photos).
    extension = filename.rsplit(".", 1)[-1]
    return f"event-submissions/{uuid.uuid4().hex}.{extension}"


class EventSubmissionQuerySet(models.QuerySet):
    def of_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def waiting(self):
        return self.filter(status=SubmissionStatus.SUBMITTED)

    def for_listing(self):
        return self.select_related("municipality__prefecture", "ward", "event").order_by(
            "-updated_at", "-pk"
        )

    def for_review(self):
        """The secretariat's queue: waiting first, then the newest."""
        return self.for_listing().order_by(
            models.Case(
                models.When(status=SubmissionStatus.SUBMITTED, then=0),
                default=1,
            ),
            "-updated_at",
            "-pk",
        )


class EventSubmission(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="event_submissions",
        verbose_name=_("主催自治体"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("申請した人"),
    )
    category = models.CharField(_("催しの種類"), max_length=20, choices=SubmissionCategory.choices)
    title = models.CharField(_("名称"), max_length=200)
    start_date = models.DateField(_("開始日"))
    end_date = models.DateField(_("終了日"), null=True, blank=True, help_text=_("1日限りなら空欄"))
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    online = models.BooleanField(_("オンライン開催"), default=False)
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("会場のある区"),
    )
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    description = models.TextField(_("内容"), max_length=4000)
    link = models.URLField(_("詳しい情報のページ"), blank=True)
    image = models.ImageField(
        _("画像"), upload_to=submission_image_upload_to, blank=True, max_length=200
    )
    image_alt = models.CharField(_("画像の説明（代替テキスト）"), max_length=200, blank=True)
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    return_reason = models.TextField(
        _("差し戻しの理由"), blank=True, help_text=_("申請した会員にメールで伝えます。")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した事務局の担当者"),
    )
    reviewed_at = models.DateTimeField(_("確認した日時"), null=True, blank=True)
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("掲載したイベント"),
    )
    created_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    objects = EventSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("会員自治体のイベント掲載申請")
        verbose_name_plural = _("会員自治体のイベント掲載申請")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="submission_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="submission_image_has_alt"
            ),
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(venue=""), name="submission_has_a_place"
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.title}"

    def get_absolute_url(self):
        return reverse("events:submission-edit", kwargs={"pk": self.pk})

    def get_review_url(self):
        return reverse("events:submission-review", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        """The member changes it until it is published; after that, the secretariat does."""
        return self.status != SubmissionStatus.APPROVED

    @property
    def place(self) -> str:
        """The venue as the calendar shows it: 東京区政会館（千代田区）, or オンライン."""
        if self.online and not self.venue:
            return str(_("オンライン"))
        if self.ward_id and self.ward.name not in self.venue:
            return f"{self.venue}（{self.ward.name}）"
        return self.venue
