"""参加申込: a person's registration for an event, confirmed or on the waiting list."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("参加確定")
    WAITING = "waiting", _("キャンセル待ち")
    CANCELLED = "cancelled", _("キャンセル済み")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")

    def for_export(self):
        return self.select_related("event", "municipality__prefecture").order_by(
            "event__start_date", "created_at", "pk"
        )


class Registration(models.Model):
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("イベント"),
    )
    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    name = models.CharField(_("氏名"), max_length=100)
    organisation = models.CharField(
        _("所属（自治体・企業・団体名など）"), max_length=200, blank=True
    )
    email = models.EmailField(_("メールアドレス"))
    municipality = models.ForeignKey(
        "members.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("自治体（会員の場合）"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("会員"),
    )
    token = models.UUIDField(_("キャンセル用の鍵"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("申込日時"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("参加確定日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("キャンセル日時"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("参加申込")
        verbose_name_plural = _("参加申込")
        constraints = [
            # One live registration per address and event (a cancelled one may be made again).
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_email",
            )
        ]

    @property
    def waiting_position(self) -> int | None:
        """Where a registration on the waiting list stands (1 = next to move up); None if it is
        not waiting."""
        if self.status != RegistrationStatus.WAITING:
            return None
        ahead = (
            Registration.objects.filter(event_id=self.event_id)
            .waiting()
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
        )
        return ahead.count() + 1

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def get_cancel_url(self):
        return reverse("events:registration-cancel", kwargs={"token": self.token})
