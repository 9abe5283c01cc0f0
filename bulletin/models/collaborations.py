"""Collaboration projects (連携事業): what wards and municipalities did together. Public."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import fiscal_year_text, is_japanese
from members.models import Municipality, MunicipalityKind, Prefecture

from .proposals import Proposal, ProposalField, code_of


def _joined(names) -> str:
    """釧路市、釧路町 on Japanese pages, Kushiro, Kushiro on English pages."""
    return ("、" if is_japanese() else ", ").join(names)


class CollaborationQuerySet(models.QuerySet):
    def public(self):
        """What the public lists show: the documents' projects and those of board proposals the
        secretariat has not hidden."""
        return self.filter(Q(proposal__isnull=True) | Q(proposal__is_hidden=False))

    def coverage(self):
        """The public projects recorded here against the published 連携事業数."""
        from network.coverage import PROJECTS, coverage_of

        return coverage_of(PROJECTS, self.public().count())

    def for_listing(self):
        return (
            self.select_related("prefecture")
            .prefetch_related("wards", "municipalities")
            .order_by("-fiscal_year", "-started_on", "title")
        )

    def involving(self, municipality):
        """Collaborations a municipality took part in, as a ward or as a partner."""
        through = {"collaboration": OuterRef("pk"), "municipality": municipality}
        return self.filter(
            Exists(Collaboration.wards.through.objects.filter(**through))
            | Exists(Collaboration.municipalities.through.objects.filter(**through))
        )

    def with_ward(self, ward):
        """Collaborations of a ward (a Municipality or its code)."""
        return self.filter(
            Exists(
                Collaboration.wards.through.objects.filter(
                    collaboration=OuterRef("pk"), municipality__code=code_of(ward)
                )
            )
        )

    def in_prefecture(self, prefecture):
        return self.filter(prefecture__code=code_of(prefecture))

    def in_fiscal_year(self, fiscal_year: int):
        return self.filter(fiscal_year=fiscal_year)

    def fiscal_years(self) -> list[int]:
        return list(self.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


class CollaborationManager(models.Manager.from_queryset(CollaborationQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Collaboration(models.Model):
    """連携事業: a ward (or wards) and a municipality (or an area's municipalities) working together.

    Those realised through the board link back to their proposal; those the documents name come
    from the `collaborations` fixture.
    """

    slug = models.SlugField(
        _("識別子"),
        max_length=80,
        unique=True,
        help_text=_("URLに使う半角英数字。掲示板から成立したものは board-提案番号。"),
    )
    title = models.CharField(_("事業名"), max_length=200)
    summary = models.TextField(_("概要"))
    field = models.CharField(_("分野"), max_length=20, choices=ProposalField.choices)
    wards = models.ManyToManyField(
        Municipality,
        related_name="collaborations_as_ward",
        limit_choices_to={"kind": MunicipalityKind.SPECIAL_WARD},
        verbose_name=_("特別区"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="collaborations",
        verbose_name=_("連携先の自治体"),
        help_text=_("資料が市町村名を挙げている場合だけ登録します。"),
    )
    area_name = models.CharField(
        _("連携先の地域名"),
        max_length=100,
        blank=True,
        help_text=_("地域として連携した場合の名称（例：くしろ地域）"),
    )
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="collaborations",
        verbose_name=_("連携先の都道府県"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    started_on = models.DateField(_("開始日"), null=True, blank=True)
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collaboration",
        verbose_name=_("もとになった連携提案"),
    )
    created_at = models.DateTimeField(_("登録日時"), default=timezone.now, editable=False)

    objects = CollaborationManager()

    class Meta:
        ordering = ["-fiscal_year", "-started_on", "title"]
        verbose_name = _("連携事業")
        verbose_name_plural = _("連携事業")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="collaboration_fiscal_year_plausible",
            )
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["members.municipality", "members.prefecture"]

    def get_absolute_url(self):
        return reverse("bulletin:collaboration-detail", kwargs={"slug": self.slug})

    @property
    def fiscal_year_label(self) -> str:
        """令和5年度, or FY2023 on English pages."""
        return fiscal_year_text(self.fiscal_year)

    @property
    def partner_label(self) -> str:
        """くしろ地域（釧路市、釧路町、…）, or the municipalities' names, or the area's name;
        on English pages くしろ地域 (Kushiro, …)."""
        names = _joined(m.display_name for m in self.municipalities.all())
        if self.area_name and names:
            return (
                f"{self.area_name}（{names}）" if is_japanese() else f"{self.area_name} ({names})"
            )
        return self.area_name or names

    @property
    def ward_names(self) -> str:
        return _joined(w.display_name for w in self.wards.all())
