"""Interests: interest profiles, follows (ワッチ) and saved searches with alerts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality

from .proposals import Proposal


class InterestProfileQuerySet(models.QuerySet):
    def with_choices(self):
        return self.prefetch_related("prefectures", "bodies")


class InterestProfile(models.Model):
    """What a member (or, as the default for its members, a municipality) wants to hear about.

    Every list left empty means "any". A member without a profile of their own uses their
    municipality's; without either, a ward member hears about every proposal addressed to their
    ward (or to any ward) and a municipality's member about every call that targets them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interest_profile",
        verbose_name=_("会員"),
    )
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interest_profile",
        verbose_name=_("自治体（会員の既定）"),
    )
    fields = models.JSONField(_("分野"), default=list, blank=True)
    kinds = models.JSONField(_("連携の種類"), default=list, blank=True)
    regions = models.JSONField(_("地方"), default=list, blank=True)
    prefectures = models.ManyToManyField(
        "members.Prefecture", blank=True, related_name="+", verbose_name=_("都道府県")
    )
    bodies = models.ManyToManyField(
        "agreements.AgreementBody", blank=True, related_name="+", verbose_name=_("協定団体")
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = InterestProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("関心の設定")
        verbose_name_plural = _("関心の設定")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, municipality__isnull=True)
                | Q(user__isnull=True, municipality__isnull=False),
                name="interest_profile_of_member_or_municipality",
            )
        ]

    def __str__(self):
        return str(self.user or self.municipality)


class FollowQuerySet(models.QuerySet):
    def of_member(self, user):
        """The member's follows of posts they may still see, newest follow first."""
        return (
            self.filter(user=user, proposal__in=Proposal.objects.visible_to(user).values("pk"))
            .select_related("proposal__municipality__prefecture")
            .order_by("-created_at", "-pk")
        )


class Follow(models.Model):
    """ワッチ: a member follows a proposal or call without replying."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bulletin_follows",
        verbose_name=_("会員"),
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="follows", verbose_name=_("提案・募集")
    )
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("ワッチ")
        verbose_name_plural = _("ワッチ")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_follow_per_member")
        ]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class SavedSearchQuerySet(models.QuerySet):
    def alerting(self):
        return self.filter(alerts=True, user__is_active=True)


class SavedSearch(models.Model):
    """A board search or filter kept under a name; with alerts, new matches are notified."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bulletin_saved_searches",
        verbose_name=_("会員"),
    )
    name = models.CharField(_("名前"), max_length=80)
    query = models.CharField(
        _("検索条件"), max_length=1000, blank=True, help_text=_("掲示板のURLの ? 以降")
    )
    alerts = models.BooleanField(_("新しい一致を通知する"), default=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    checked_at = models.DateTimeField(
        _("最後に確認した日時"), auto_now_add=True, help_text=_("これより後の投稿を通知します。")
    )

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("保存した検索")
        verbose_name_plural = _("保存した検索")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("bulletin:proposal-list")
        return f"{url}?{self.query}" if self.query else url

    @property
    def params(self) -> QueryDict:
        return QueryDict(self.query)
