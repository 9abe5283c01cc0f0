"""The outbox: every mail the portal sends is a row here first, sent later by the worker."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due(self, now=None):
        return self.unsent().filter(next_attempt_at__lte=now or timezone.now())

    def claimable(self, now):
        """Due, and not being sent by a worker (or that worker's claim ran out: it died)."""
        return self.due(now).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))

    def failing(self):
        return self.unsent().filter(attempts__gt=0)


class OutgoingEmail(models.Model):
    """送信メール (outbox): written in the transaction that causes the mail, sent by the worker.

    No request talks to the mail server. A send that fails stays here with its error and is
    tried again later; nothing is deleted, so no mail is lost.
    """

    to = models.EmailField(_("宛先"))
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("次の送信予定"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("送信を試みた回数"), default=0)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    last_error = models.TextField(_("直近のエラー"), blank=True)
    # A worker's claim: while it lasts, no other worker sends this mail.
    claimed_by = models.CharField(_("送信中のワーカー"), max_length=32, blank=True)
    claimed_until = models.DateTimeField(_("送信中の期限"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_due",
            )
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"
