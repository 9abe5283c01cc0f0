"""Reports from members and the secretariat's moderation actions, kept with who and when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal
from .replies import Reply

_ONE_TARGET = (Q(proposal__isnull=False) & Q(reply__isnull=True)) | (
    Q(proposal__isnull=True) & Q(reply__isnull=False)
)


class PostTarget(models.Model):
    """About exactly one post: a proposal or a reply (a check constraint in each subclass)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("提案")
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("返信")
    )

    class Meta:
        abstract = True

    @property
    def target(self):
        return self.proposal or self.reply


class ReportQuerySet(models.QuerySet):
    def unhandled(self):
        return self.filter(handled_at__isnull=True)

    def for_listing(self):
        return self.select_related(
            "proposal__municipality",
            "reply__proposal",
            "reply__municipality",
            "reporter__membership__municipality",
        ).order_by("handled_at", "-created_at")


class Report(PostTarget):
    """通報: a member tells the secretariat that a post needs attention."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("通報した人"),
    )
    reason = models.TextField(_("通報の理由"))
    created_at = models.DateTimeField(_("通報日時"), auto_now_add=True)
    handled_at = models.DateTimeField(_("対応日時"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        default_related_name = "reports"
        verbose_name = _("通報")
        verbose_name_plural = _("通報")
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="report_has_one_target"),
            models.CheckConstraint(condition=~Q(reason=""), name="report_needs_a_reason"),
        ]

    def __str__(self):
        return f"{self.target} ({self.created_at:%Y-%m-%d})"


class ModerationKind(models.TextChoices):
    HIDE = "hide", _("非表示にする")
    RESTORE = "restore", _("再表示する")
    DISMISS = "dismiss", _("対応不要（通報を閉じる）")


class ModerationAction(PostTarget):
    """What the secretariat did to a post, why, who and when. Posts are never deleted."""

    action = models.CharField(_("対応"), max_length=10, choices=ModerationKind.choices)
    reason = models.TextField(_("理由"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("対応した事務局職員"),
    )
    created_at = models.DateTimeField(_("対応日時"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        default_related_name = "moderation_actions"
        verbose_name = _("モデレーション記録")
        verbose_name_plural = _("モデレーション記録")
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="moderation_has_one_target"),
            models.CheckConstraint(condition=~Q(reason=""), name="moderation_needs_a_reason"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target}"
