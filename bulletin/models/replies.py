"""What answers a post: replies, raised hands (手を挙げる), and the log of its status changes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Municipality

from .proposals import Proposal, ProposalStatus


class Reply(models.Model):
    """A reply under a proposal, from any approved member."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="replies",
        db_index=False,  # reply_in_thread_order starts with it
        verbose_name=_("提案"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("返信した自治体"),
    )
    organisation = models.ForeignKey(
        "partners.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("返信した連携団体"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("投稿者"),
    )
    body = models.TextField(_("返信内容"))
    created_at = models.DateTimeField(_("投稿日時"), auto_now_add=True)
    is_hidden = models.BooleanField(_("非表示"), default=False)
    hidden_reason = models.TextField(_("非表示の理由"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("返信")
        verbose_name_plural = _("返信")
        indexes = [models.Index("proposal", "created_at", "id", name="reply_in_thread_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_hidden=False) | ~Q(hidden_reason=""),
                name="reply_hidden_needs_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, organisation__isnull=True)
                | Q(municipality__isnull=True, organisation__isnull=False),
                name="reply_from_one_side",
            ),
        ]

    def __str__(self):
        return f"{self.side}: {self.body[:30]}"

    @property
    def side(self):
        """Who replied: the municipality, or the partner organisation."""
        return self.municipality or self.organisation

    def get_absolute_url(self):
        return self.proposal.get_absolute_url() + f"#reply-{self.pk}"


class HandRaiseQuerySet(models.QuerySet):
    def raised_by_municipality(self, municipality):
        """The hands a municipality raised on posts not hidden, newest first."""
        return (
            self.filter(ward=municipality, proposal__is_hidden=False)
            .select_related("proposal__municipality__prefecture")
            .order_by("-raised_at", "-pk")
        )


class HandRaise(models.Model):
    """手を挙げる: a ward says it would like to take the proposal up. One hand per ward.

    On a ward's call (募集) the roles swap: `ward` holds the municipality that raised its hand.
    """

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="hands",
        db_index=False,  # one_hand_per_ward starts with it
        verbose_name=_("提案"),
    )
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("区（募集では自治体）"),
        db_index=False,  # hand_of_ward_newest starts with it
    )
    organisation = models.ForeignKey(
        "partners.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hands",
        verbose_name=_("連携団体"),
        help_text=_("「民間・団体の参加を歓迎」の投稿に連携団体が手を挙げた場合。"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("手を挙げた人"),
    )
    raised_at = models.DateTimeField(_("日時"), auto_now_add=True)

    objects = HandRaiseQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "pk"]
        verbose_name = _("手を挙げた区")
        verbose_name_plural = _("手を挙げた区")
        # A municipality's hands, newest first (マイページ and its list read them in this order).
        indexes = [
            models.Index("ward", F("raised_at").desc(), F("id").desc(), name="hand_of_ward_newest")
        ]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "ward"], name="one_hand_per_ward"),
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="one_hand_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(ward__isnull=False, organisation__isnull=True)
                | Q(ward__isnull=True, organisation__isnull=False),
                name="hand_from_one_side",
            ),
        ]

    def __str__(self):
        return f"{self.side} → {self.proposal}"

    @property
    def side(self):
        """Who raised it: the ward (on a call, the municipality), or the partner organisation."""
        return self.ward or self.organisation


class ProposalStatusChange(models.Model):
    """Who changed a proposal's status, when, from what to what."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("提案")
    )
    from_status = models.CharField(_("変更前"), max_length=20, choices=ProposalStatus.choices)
    to_status = models.CharField(_("変更後"), max_length=20, choices=ProposalStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("変更した人"),
    )
    changed_at = models.DateTimeField(_("変更日時"), auto_now_add=True)
    note = models.TextField(_("メモ"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("状態の変更履歴")
        verbose_name_plural = _("状態の変更履歴")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="status_change_changes_something"
            )
        ]

    def __str__(self):
        return f"{self.proposal}: {self.get_from_status_display()} → {self.get_to_status_display()}"
