"""A post's announcement to its audience as one row (a fan-out), written in the posting
transaction; the worker expands it into notifications and mail, batch by batch
(bulletin/services/fanouts.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .notifications import NotificationKind
from .proposals import Proposal


class FanOutQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(finished_at__isnull=True)


class FanOut(models.Model):
    """What to tell the post's audience, and how far the worker has got: `cursor` is the last
    recipient (user id, in ascending order) whose notification and mail are written. Each batch
    writes its notifications, its mail and the new cursor in one transaction, so a worker that
    dies half-way leaves the cursor where its last finished batch left it: the next run resumes
    there, with no recipient told twice and none left out."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="fanouts", verbose_name=_("提案")
    )
    kind = models.CharField(_("種類"), max_length=10, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("通知のきっかけとなった人"),
    )
    message = models.CharField(_("内容"), max_length=300)
    subject = models.CharField(_("メールの件名"), max_length=200)
    body = models.TextField(_("メールの本文"))
    cursor = models.BigIntegerField(_("処理済みの利用者ID"), default=0)
    notified = models.PositiveIntegerField(_("通知した人数"), default=0)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    objects = FanOutQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("通知の一斉配信")
        verbose_name_plural = _("通知の一斉配信")
        indexes = [
            models.Index(
                fields=["id"], condition=Q(finished_at__isnull=True), name="fanout_pending"
            )
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.message}"
