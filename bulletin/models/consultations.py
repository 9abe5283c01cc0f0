"""The consultation desk (相談): a member asks the secretariat; never public."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality


class ConsultationStatus(models.TextChoices):
    WAITING = "waiting", _("事務局の回答待ち")
    ANSWERED = "answered", _("回答済み")
    CLOSED = "closed", _("完了")


class ConsultationQuerySet(models.QuerySet):
    def of_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def waiting(self):
        return self.filter(status=ConsultationStatus.WAITING)

    def for_listing(self):
        return self.select_related("municipality__prefecture").order_by("-updated_at", "-pk")


class Consultation(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("相談した自治体"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("相談した人"),
    )
    subject = models.CharField(_("件名"), max_length=120)
    proposal = models.ForeignKey(
        "bulletin.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("関係する提案・募集"),
    )
    status = models.CharField(
        _("状態"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.WAITING,
    )
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最終更新"), auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("相談")
        verbose_name_plural = _("相談")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("bulletin:consultation-detail", kwargs={"pk": self.pk})

    @property
    def status_label(self):
        return ConsultationStatus(self.status).label


class ConsultationMessage(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("相談")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("書いた人"),
    )
    from_secretariat = models.BooleanField(_("事務局から"), default=False)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("相談のやりとり")
        verbose_name_plural = _("相談のやりとり")

    def __str__(self):
        return self.body[:30]
