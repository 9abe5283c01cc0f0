"""The register of ties (交流関係): existing relationships between a ward and municipalities."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision
from members.models import Municipality, MunicipalityKind


class TieKind(models.TextChoices):
    FRIENDSHIP = "friendship", _("友好都市・姉妹都市")
    DISASTER = "disaster", _("災害時相互応援協定")
    EXCHANGE = "exchange", _("交流事業")
    BOARD = "board", _("連携事業（掲示板から）")
    WIDE_AREA = "wide_area", _("広域連携協定")


class TieQuerySet(models.QuerySet):
    def for_listing(self):
        return (
            self.select_related("ward", "body")
            .prefetch_related("municipalities__prefecture")
            .order_by("ward__code", "kind", "since", "pk")
        )

    def of_ward(self, ward):
        return self.filter(ward=ward)

    def involving(self, municipality):
        """Ties of a municipality: as the ward, or as one of the partners."""
        partner = Tie.municipalities.through.objects.filter(
            tie=OuterRef("pk"), municipality=municipality
        )
        return self.filter(Q(ward=municipality) | Exists(partner))

    def partner_ids_of(self, ward) -> set[int]:
        return set(
            Tie.municipalities.through.objects.filter(tie__ward=ward).values_list(
                "municipality_id", flat=True
            )
        )

    def counts_per_ward(self) -> dict[int, int]:
        """{ward pk: number of ties}, computed from the register."""
        rows = self.order_by().values("ward").annotate(n=Count("pk")).values_list("ward", "n")
        return dict(rows)


class TieManager(models.Manager.from_queryset(TieQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Tie(models.Model):
    """交流関係: a ward and a municipality, or a group of municipalities (an area), tied by a
    friendship, a disaster-support agreement, an exchange, a board collaboration or a body's
    wide-area agreement."""

    slug = models.SlugField(_("識別子"), max_length=80, unique=True)
    ward = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="ties_as_ward",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("特別区"),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="ties", verbose_name=_("相手の自治体")
    )
    area_name = models.CharField(
        _("相手の地域名"), max_length=100, blank=True, help_text=_("例：北海道十勝地域")
    )
    body = models.ForeignKey(
        "agreements.AgreementBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ties",
        verbose_name=_("協定団体"),
        help_text=_("広域連携協定による場合。"),
    )
    kind = models.CharField(_("種類"), max_length=12, choices=TieKind.choices)
    since = models.DateField(_("開始日"), null=True, blank=True)
    since_precision = models.CharField(
        _("開始日の精度"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.CharField(_("出典"), max_length=200, blank=True)
    note = models.TextField(_("備考"), blank=True)

    objects = TieManager()

    class Meta:
        ordering = ["ward__code", "kind", "since", "pk"]
        verbose_name = _("交流関係")
        verbose_name_plural = _("交流関係")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=TieKind.values), name="tie_kind_valid")
        ]

    def __str__(self):
        return f"{self.ward.name}・{self.partner_label}（{self.kind_label}）"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["members.municipality", "agreements.agreementbody"]

    @property
    def kind_label(self):
        return TieKind(self.kind).label

    @property
    def partner_label(self) -> str:
        names = "、".join(m.name for m in self.municipalities.all())
        if self.area_name and names:
            return f"{self.area_name}（{names}）"
        return self.area_name or names or (self.body.name if self.body_id else "")
