from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Municipality, MunicipalityKind, Prefecture


class BodyKind(models.TextChoices):
    MAYORS = "mayors", _("市長会")
    TOWNS_AND_VILLAGES = "towns", _("町村会")


KINDS_REPRESENTED = {
    BodyKind.MAYORS: [MunicipalityKind.CITY],
    BodyKind.TOWNS_AND_VILLAGES: [MunicipalityKind.TOWN, MunicipalityKind.VILLAGE],
}


def _member_count_subquery(kind: str):
    return Subquery(
        Municipality.objects.filter(
            prefecture=OuterRef("prefecture"), kind__in=KINDS_REPRESENTED[kind]
        )
        .order_by()
        .values("prefecture")
        .annotate(n=Count("pk"))
        .values("n")
    )


class AgreementBodyQuerySet(models.QuerySet):
    def with_member_count(self):
        """Annotate `member_count`, derived from the municipality register."""
        return self.select_related("prefecture").annotate(
            member_count=models.Case(
                *[
                    models.When(kind=kind, then=Coalesce(_member_count_subquery(kind), 0))
                    for kind in BodyKind.values
                ],
                output_field=models.IntegerField(),
            )
        )

    def member_municipalities(self):
        """Every municipality these bodies represent (derived from the register)."""
        return Municipality.objects.filter(
            Q(
                kind=MunicipalityKind.CITY,
                prefecture__agreement_bodies__in=self.filter(kind=BodyKind.MAYORS),
            )
            | Q(
                kind__in=KINDS_REPRESENTED[BodyKind.TOWNS_AND_VILLAGES],
                prefecture__agreement_bodies__in=self.filter(kind=BodyKind.TOWNS_AND_VILLAGES),
            )
        ).distinct()

    def totals(self) -> dict:
        """{'prefectures': 9, 'bodies': 13, 'municipalities': 372}, computed from the register."""
        counts = self.aggregate(prefectures=Count("prefecture", distinct=True), bodies=Count("pk"))
        return {**counts, "municipalities": self.member_municipalities().count()}


def totals_of(bodies) -> dict:
    """totals() of bodies read with with_member_count(), without a query: there is one body per
    prefecture and kind (a constraint), so no municipality is the member of two and their
    member counts add up to the municipalities they represent."""
    bodies = list(bodies)
    return {
        "prefectures": len({body.prefecture_id for body in bodies}),
        "bodies": len(bodies),
        "municipalities": sum(body.member_count for body in bodies),
    }


class AgreementBodyManager(models.Manager.from_queryset(AgreementBodyQuerySet)):
    def representing(self, municipality):
        """The body whose members include this municipality (its prefecture's body of its kind),
        or None."""
        kind = next(
            (k for k, kinds in KINDS_REPRESENTED.items() if municipality.kind in kinds), None
        )
        if kind is None:
            return None
        return self.filter(prefecture_id=municipality.prefecture_id, kind=kind).first()

    def get_by_natural_key(self, name):
        return self.get(name=name)


class AgreementBody(models.Model):
    """広域連携協定締結団体: a prefecture's association of mayors or of towns and villages."""

    name = models.CharField(_("団体名"), max_length=40, unique=True)
    slug = models.SlugField(_("URL用の名前"), max_length=40, unique=True)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="agreement_bodies",
        verbose_name=_("都道府県"),
    )
    kind = models.CharField(_("種別"), max_length=10, choices=BodyKind.choices)
    signed_on = models.DateField(_("協定締結日"))
    documented_member_count = models.PositiveSmallIntegerField(
        _("資料上の構成自治体数"),
        help_text=_(
            "協定締結一覧に記載された数。公開ページには市区町村台帳から数えた数を表示します。"
        ),
    )
    note = models.TextField(_("備考"), blank=True)

    objects = AgreementBodyManager()

    class Meta:
        ordering = ["signed_on", "prefecture__code", "kind"]
        verbose_name = _("広域連携協定締結団体")
        verbose_name_plural = _("広域連携協定締結団体")
        constraints = [
            models.UniqueConstraint(
                fields=["prefecture", "kind"], name="one_body_per_prefecture_kind"
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    natural_key.dependencies = ["members.prefecture"]

    def get_absolute_url(self):
        return reverse("agreements:body-detail", kwargs={"slug": self.slug})

    def members(self):
        """The municipalities this body represents: its prefecture's cities, or towns and villages."""
        return (
            Municipality.objects.in_prefecture(self.prefecture_id)
            .filter(kind__in=KINDS_REPRESENTED[self.kind])
            .select_related("prefecture")
        )


class CorporateAgreementManager(models.Manager):
    def get_by_natural_key(self, company):
        return self.get(company=company)


class CorporateAgreement(models.Model):
    """包括連携協定 with a company."""

    company = models.CharField(_("締結企業名"), max_length=80, unique=True)
    former_name = models.CharField(_("旧社名"), max_length=80, blank=True)
    signed_on = models.DateField(_("締結年月日"))
    initiatives = models.TextField(_("主な取組み"), help_text=_("1行に1つずつ記入します。"))
    areas = models.TextField(
        _("連携事項"), blank=True, help_text=_("協定で定めた連携の事項。1行に1つずつ記入します。")
    )

    objects = CorporateAgreementManager()

    class Meta:
        ordering = ["signed_on"]
        verbose_name = _("民間企業との包括連携協定")
        verbose_name_plural = _("民間企業との包括連携協定")

    def __str__(self):
        return self.company

    def natural_key(self):
        return (self.company,)

    def get_absolute_url(self):
        return reverse("agreements:body-list") + f"#corporate-{self.pk}"

    @property
    def area_list(self) -> list[str]:
        return [line.strip() for line in self.areas.splitlines() if line.strip()]

    @property
    def initiative_list(self) -> list[str]:
        return [line.strip() for line in self.initiatives.splitlines() if line.strip()]
