"""A disaster the secretariat declares: what happened, where, and whether its 対策本部 is open."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality, Prefecture


class DisasterKind(models.TextChoices):
    EARTHQUAKE = "earthquake", _("地震")
    HEAVY_RAIN = "heavy_rain", _("豪雨")
    TYPHOON = "typhoon", _("台風")
    HEAVY_SNOW = "heavy_snow", _("大雪")
    ERUPTION = "eruption", _("噴火")
    OTHER = "other", _("その他")


class DisasterState(models.TextChoices):
    OPEN = "open", _("対応中")
    CLOSED = "closed", _("終了")


class DisasterQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=DisasterState.OPEN)

    def closed(self):
        return self.filter(state=DisasterState.CLOSED)

    def latest_first(self):
        return self.order_by("-occurred_on", "-pk")

    def affecting(self, municipality):
        """The disasters that name the municipality, or its whole prefecture, as affected."""
        return self.filter(
            Q(municipalities=municipality) | Q(prefectures=municipality.prefecture_id)
        ).distinct()


class DisasterManager(models.Manager.from_queryset(DisasterQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Disaster(models.Model):
    name = models.CharField(_("災害名"), max_length=100, help_text=_("例：令和6年能登半島地震"))
    slug = models.SlugField(_("URL名"), max_length=80, unique=True, allow_unicode=False)
    kind = models.CharField(_("種別"), max_length=20, choices=DisasterKind.choices)
    occurred_on = models.DateField(_("発生日"))
    prefectures = models.ManyToManyField(
        Prefecture,
        blank=True,
        related_name="disasters",
        verbose_name=_("被災都道府県"),
        help_text=_("都道府県全体が被災した場合に選びます"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="disasters",
        verbose_name=_("被災自治体"),
    )
    state = models.CharField(
        _("状態"),
        max_length=10,
        choices=DisasterState.choices,
        default=DisasterState.OPEN,
        db_index=True,
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("設置した事務局職員"),
    )
    declared_at = models.DateTimeField(_("対策本部の設置日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    objects = DisasterManager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("災害")
        verbose_name_plural = _("災害")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", closed_at__isnull=True)
                | Q(state="closed", closed_at__isnull=False),
                name="disaster_closed_at_iff_closed",
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("disaster:disaster-detail", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.state == DisasterState.OPEN
